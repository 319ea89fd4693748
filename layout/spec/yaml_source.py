"""YAML loading that remembers where every key and item came from.

Spec errors must say `file:line:col`, so mappings load as PosDict and lists as
PosList, each knowing the position of its own keys and items.

Only plain YAML is accepted: mappings, lists, strings, numbers, booleans,
null and dates. A tag (`!!python/object/apply`, `!!binary`, `!custom`) is an
error, not ignored; `.inf` and `.nan` are errors (no setting takes them);
nesting deeper than `limits.YAML_DEPTH`, an alias that contains itself, and
aliases that expand to more than `limits.YAML_NODES` values (a "billion laughs"
bomb) are errors found before anything is built.
"""
from __future__ import annotations

import math

import yaml

from ..diagnostics import InputError, Where, error
from . import limits
from .paths import read_limited
from .text import bad_character, printable

# libyaml is twenty times faster than the pure-Python parser; both give positions.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"


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


def _where(file: str, node) -> Where:
    return Where(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Nodes → PosDict, PosList and plain values. What they expand to was
    measured first (`_expanded_size`: its size, its depth, no alias inside
    itself), so building it is safe; here only the tags are checked."""

    def __init__(self, file: str):
        self.file = file
        self.constructor = yaml.SafeLoader("")

    def close(self) -> None:
        self.constructor.dispose()

    def convert(self, node):
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            expected = _MAP_TAG if isinstance(node, yaml.MappingNode) else _SEQ_TAG
            if node.tag != expected:
                raise _tag_error(self.file, node)
            return (self._mapping if expected == _MAP_TAG else self._sequence)(node)
        return self._scalar(node)

    def _mapping(self, node) -> PosDict:
        out = PosDict()
        out.where = _where(self.file, node)
        out.key_where = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if isinstance(key, (dict, list)):
                raise InputError(error("a mapping key must be a plain value", _where(self.file, key_node)))
            if key in out:
                raise InputError(error(f"key '{key}' is given twice", _where(self.file, key_node),
                                       "keep one of them"))
            out[key] = self.convert(value_node)
            out.key_where[key] = _where(self.file, key_node)
        return out

    def _sequence(self, node) -> PosList:
        out = PosList()
        out.where = _where(self.file, node)
        out.item_where = [_where(self.file, item) for item in node.value]
        out.extend(self.convert(item) for item in node.value)
        return out

    def _scalar(self, node):
        if node.tag not in _SCALAR_TAGS:
            raise _tag_error(self.file, node)
        where = _where(self.file, node)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - the constructor raises KeyError for `!!bool maybe`
            what = {"timestamp": "date", "bool": "true or false", "int": "whole number",
                    "float": "number", "null": "null"}.get(node.tag.rsplit(":", 1)[-1], "value")
            raise InputError(error(f"not a valid {what}: {node.value!r}", where,
                                   "write dates as YYYY-MM-DD with a real month and day"
                                   if what == "date" else "check this value")) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(error(f"{node.value} is not a usable number here", where,
                                   "write an ordinary number"))
        if isinstance(value, str):
            bad = bad_character(value)
            if bad is not None:
                raise InputError(error(f"the text holds {bad[1]}, which cannot be printed", where,
                                       "remove it (a YAML escape such as \\x01 or \\ud800 writes one)"))
            value = printable(value)
        return value


def _expanded_size(node, file: str) -> int:
    """How many values the document builds, aliases expanded, counted without
    building them (each distinct node once, with how deep it nests); an
    InputError at the first node that alone goes past limits.YAML_NODES or
    nests deeper than limits.YAML_DEPTH once its aliases are expanded, or at an
    alias inside itself."""
    known: dict[int, tuple[int, int]] = {}      # id → (values, depth)
    open_nodes: set[int] = set()

    def measure(n) -> tuple[int, int]:
        key = id(n)
        if key in known:
            return known[key]
        if key in open_nodes:
            raise InputError(error("an alias refers to the mapping or list that holds it",
                                   _where(file, n), "remove the alias `*…` from inside its own anchor `&…`"))
        total, depth = 1, 0
        if isinstance(n, (yaml.MappingNode, yaml.SequenceNode)):
            open_nodes.add(key)
            children = [c for pair in n.value for c in pair] if isinstance(n, yaml.MappingNode) else n.value
            for child in children:
                values, below = measure(child)
                total += values
                depth = max(depth, below)
                if total > limits.YAML_NODES:
                    raise InputError(error(
                        f"the YAML expands to more than {limits.YAML_NODES:,} values (aliases `*name` "
                        "repeat what an anchor `&name` holds)", _where(file, n),
                        "write the values out instead of nesting aliases; see “Limits” in the README"))
            depth += 1
            if depth > limits.YAML_DEPTH:
                raise InputError(error(f"aliases nest mappings and lists more than {limits.YAML_DEPTH} deep",
                                       _where(file, n), "write the values out instead of nesting aliases"))
            open_nodes.discard(key)
        known[key] = (total, depth)
        return known[key]

    return measure(node)[0]


def _tag_error(file: str, node) -> InputError:
    tag = node.tag.replace(_TAG, "!!")
    return InputError(error(f"the YAML tag {tag} is not used in Banmian files", _where(file, node),
                            "remove the tag: values are plain text, numbers, true/false, dates, "
                            "lists and mappings"))


def read_utf8(path, display: str, limit: int = limits.SPEC_BYTES, what: str = "the file",
              missing_hint: str = "check the path") -> str:
    """A spec file's text, at most `limit` bytes of a regular file; bytes that
    are not UTF-8 are reported at their line."""
    data = read_limited(path, Where(display), what, limit, missing_hint)
    try:
        return data.decode("utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(error("the file is not UTF-8 text", Where(display, line, column),
                               "save it as UTF-8 (GBK and GB18030 files need converting, "
                               "e.g. iconv -f GB18030 -t UTF-8)")) from None


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than limits.YAML_DEPTH before the (recursive) composer sees it."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.YAML_DEPTH:
                mark = event.start_mark
                raise InputError(error(f"mappings and lists are nested more than {limits.YAML_DEPTH} "
                                       "deep", Where(file, mark.line + 1, mark.column + 1),
                                       "no Banmian file nests more than a few levels; check the brackets"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _syntax_error(exc: yaml.YAMLError, file: str, text: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        # a character YAML does not allow (a control character, a surrogate): at its place
        # libyaml counts bytes of UTF-8, the Python reader characters
        before = text.encode("utf-8")[:exc.position].decode("utf-8", "ignore") \
            if _LOADER is not yaml.SafeLoader else text[:exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return InputError(error(f"not valid YAML: the character U+{exc.character:04X} is not allowed "
                                "in a YAML file", Where(file, line, column),
                                "delete it (it may have come from a copy and paste)"))
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
        return InputError(error(f"not valid YAML: {exc.problem or exc.context}", where,
                                "check indentation, colons and quotes on this line"))
    return InputError(error(f"not valid YAML: {exc}", Where(file)))


def load_yaml_text(text: str, file: str):
    try:
        _check_depth(text, file)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, file, text) from None
    if node is None:
        return None
    _expanded_size(node, file)
    converter = _Converter(file)
    try:
        return converter.convert(node)
    finally:
        converter.close()
