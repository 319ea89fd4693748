"""YAML loading that remembers where every key and item came from.

Spec errors must say `file:line:col`, so mappings load as PosDict and lists as
PosList, each knowing the position of its own keys and items.
"""
from __future__ import annotations

import yaml

from ..diagnostics import InputError, Where, error


class PosDict(dict):
    where: Where
    key_where: dict

    def at(self, key) -> Where:
        return self.key_where.get(key, self.where)


class PosList(list):
    where: Where
    item_where: list

    def at(self, index: int) -> Where:
        if 0 <= index < len(self.item_where):
            return self.item_where[index]
        return self.where


def _where(file: str, node: yaml.Node) -> Where:
    return Where(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(file: str, node: yaml.Node, constructor: yaml.constructor.SafeConstructor):
    if isinstance(node, yaml.MappingNode):
        out = PosDict()
        out.where = _where(file, node)
        out.key_where = {}
        for key_node, value_node in node.value:
            key = _convert(file, key_node, constructor)
            if isinstance(key, (dict, list)):
                raise InputError(error("a mapping key must be a plain value", _where(file, key_node)))
            if key in out:
                raise InputError(error(f"key '{key}' is given twice", _where(file, key_node),
                                       "keep one of them"))
            out[key] = _convert(file, value_node, constructor)
            out.key_where[key] = _where(file, key_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        out = PosList()
        out.where = _where(file, node)
        out.item_where = [_where(file, item) for item in node.value]
        out.extend(_convert(file, item, constructor) for item in node.value)
        return out
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:
        what = "date" if node.tag.endswith(":timestamp") else "value"
        raise InputError(error(f"not a valid {what}: {node.value!r} ({exc})", _where(file, node),
                               "write dates as YYYY-MM-DD with a real month and day"
                               if what == "date" else "check this value")) from None


def read_utf8(path, display: str) -> str:
    """A spec file's text; bytes that are not UTF-8 are reported at their line."""
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(error("the file is not UTF-8 text", Where(display, line, column),
                               "save it as UTF-8 (GBK and GB18030 files need converting, "
                               "e.g. iconv -f GB18030 -t UTF-8)")) from None


def load_yaml_text(text: str, file: str):
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
        raise InputError(error(f"not valid YAML: {exc.problem or exc.context}", where,
                               "check indentation, colons and quotes on this line")) from None
    except yaml.YAMLError as exc:
        raise InputError(error(f"not valid YAML: {exc}", Where(file))) from None
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return _convert(file, node, loader)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
        raise InputError(error(f"bad value: {exc.problem}", where)) from None
    finally:
        loader.dispose()
