"""Placements written back into edition.yaml as explicit `at` and `span`.

The editor's file is edited line by line, not re-dumped: every comment, blank
line, quote and key order stays as it was. The YAML loader says where each
item and key begins (yaml_source.PosDict); for each placed item the lines of
`at`, `span`, `columns`, `headline_size` and `photo_lines` are replaced or inserted under
its first key, and the keys that only an item Banmian places may have
(`cols`, `lines`, `side`, `under`) are taken out, since with `at` and `span`
the item is placed by hand from now on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .placing import PLACING_KEYS
from .yaml_source import PosDict, PosList, load_yaml_text

WRITTEN = ("at", "span", "columns", "headline_size", "photo_lines")
DROPPED = tuple(sorted(PLACING_KEYS - {"rank"}))


@dataclass(frozen=True)
class Place:
    at: tuple[int, int]
    span: tuple[int, int]
    columns: int | None = None          # text columns, when not one per basic column
    headline_size: float | None = None
    photo_lines: int | None = None      # the article's photo height, when the layout chose it

    def values(self) -> dict[str, str]:
        out = {"at": f"[{self.at[0]}, {self.at[1]}]", "span": f"[{self.span[0]}, {self.span[1]}]"}
        if self.columns is not None:
            out["columns"] = str(self.columns)
        if self.headline_size is not None:
            out["headline_size"] = f"{self.headline_size:g}"
        if self.photo_lines is not None:
            out["photo_lines"] = str(self.photo_lines)
        return out


def write_places(text: str, places: dict[tuple[int, int], Place], file: str = "edition.yaml") -> str:
    """`text` with each (page number, item index) of `places` given its place."""
    data = load_yaml_text(text, file)
    lines = text.split("\n")
    edits = []
    for (number, index), place in places.items():
        item = _item(data, number, index)
        if item is None:
            raise KeyError(f"{file} has no item {index + 1} on page {number}")
        edits.append((item, place))
    # from the bottom up, so the line numbers of the items above stay right
    for item, place in sorted(edits, key=lambda e: -e[0].where.line):
        lines = _edit(lines, item, place)
    return "\n".join(lines)


def _item(data, number: int, index: int) -> PosDict | None:
    pages = data.get("pages") if isinstance(data, PosDict) else None
    for page in pages if isinstance(pages, PosList) else ():
        if isinstance(page, PosDict) and page.get("number") == number:
            items = page.get("items")
            if isinstance(items, PosList) and 0 <= index < len(items) and isinstance(items[index], PosDict):
                return items[index]
    return None


def _extent(lines: list[str], first: int, column: int) -> int:
    """The index after the last line of the key starting at line index `first`
    whose key stands at `column` (0-based): its value may go on below it."""
    end = first + 1
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and len(line) - len(line.lstrip()) <= column:
            break
        end += 1
    # blank lines and comments after the value belong to what follows
    while end - 1 > first and (not lines[end - 1].strip() or lines[end - 1].strip().startswith("#")):
        end -= 1
    return end


def _comment(line: str) -> str:
    """The line's trailing comment with the space before it, or ''."""
    depth, quote = 0, None
    for k, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "#" and depth == 0 and k and line[k - 1] in " \t":
            start = k
            while start > 0 and line[start - 1] in " \t":
                start -= 1
            return line[start:]
    return ""


def _edit(lines: list[str], item: PosDict, place: Place) -> list[str]:
    keys = sorted(item.key_where.items(), key=lambda kv: kv[1].line)
    column = keys[0][1].column - 1
    indent = " " * column
    values = place.values()
    # replace or drop the keys already there (bottom up within the item)
    for key, where in sorted(keys, key=lambda kv: -kv[1].line):
        if key not in WRITTEN and key not in DROPPED:
            continue
        first = where.line - 1
        end = _extent(lines, first, column)
        if key in values:
            prefix = re.match(r"^\s*(-\s+)?", lines[first]).group(0)
            lines[first:end] = [f"{prefix}{key}: {values.pop(key)}{_comment(lines[first])}"]
        elif key != keys[0][0]:   # never the item's first key: it holds the `- `
            del lines[first:end]
    # the others go under the item's first key and its value
    after = _extent(lines, keys[0][1].line - 1, column)
    new = [f"{indent}{key}: {values[key]}" for key in WRITTEN if key in values]
    lines[after:after] = new
    return lines
