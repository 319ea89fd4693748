"""A text picture of a page's grid: each module a box-drawn rectangle with its
letter and size, empty areas shaded, and a legend naming each letter.

    ┌─────────────────────────────┬─────────────────┐
    │A 5×24                       │B 3×54           │
    │                             │                 │

Each basic column is `col_width` characters wide and each text row stands
for `lines_per_row` grid lines; a border sits on the row nearest its line.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from types import MappingProxyType

LETTERS = string.ascii_uppercase + string.ascii_lowercase + string.digits
EMPTY_FILL = "░"

# box-drawing character for the directions a point has lines in: (up, down, left, right)
JOINTS = MappingProxyType({
    (0, 0, 1, 1): "─", (1, 1, 0, 0): "│", (0, 1, 0, 1): "┌", (0, 1, 1, 0): "┐",
    (1, 0, 0, 1): "└", (1, 0, 1, 0): "┘", (1, 1, 0, 1): "├", (1, 1, 1, 0): "┤",
    (0, 1, 1, 1): "┬", (1, 0, 1, 1): "┴", (1, 1, 1, 1): "┼",
    (0, 0, 1, 0): "─", (0, 0, 0, 1): "─", (1, 0, 0, 0): "│", (0, 1, 0, 0): "│",
})


@dataclass(frozen=True)
class Box:
    label: str            # what the picture writes inside (ASCII, it is measured in characters)
    col: int
    line: int
    cols: int
    lines: int
    empty: bool = False   # shaded: an area no module fills


def draw(columns: int, first_line: int, last_line: int, boxes, lines_per_row: int = 3,
         col_width: int = 6) -> str:
    rows = _row(last_line + 1, first_line, lines_per_row)
    width = columns * col_width
    grid = [[" "] * (width + 1) for _ in range(rows + 1)]
    arms = {}

    def arm(y: int, x: int, direction: int) -> None:
        key = (y, x)
        sides = list(arms.get(key, (0, 0, 0, 0)))
        sides[direction] = 1
        arms[key] = tuple(sides)

    for box in boxes:
        x0, x1 = (box.col - 1) * col_width, (box.col - 1 + box.cols) * col_width
        y0 = _row(box.line, first_line, lines_per_row)
        y1 = _row(box.line + box.lines, first_line, lines_per_row)
        if box.empty:
            for y in range(y0 + 1, y1):
                for x in range(x0 + 1, x1):
                    grid[y][x] = EMPTY_FILL
        for x in range(x0, x1):
            for y in (y0, y1):
                arm(y, x, 3)
                arm(y, x + 1, 2)
        for y in range(y0, y1):
            for x in (x0, x1):
                arm(y, x, 1)
                arm(y + 1, x, 0)
    for (y, x), sides in arms.items():
        grid[y][x] = JOINTS.get(sides, "+")
    for box in boxes:
        x0 = (box.col - 1) * col_width
        y0 = _row(box.line, first_line, lines_per_row)
        y1 = _row(box.line + box.lines, first_line, lines_per_row)
        room = box.cols * col_width - 1
        text = box.label[:room]
        y = y0 + 1 if y1 - y0 >= 2 else y0
        for k, ch in enumerate(text):
            grid[y][x0 + 1 + k] = ch
    return "\n".join("".join(row).rstrip() for row in grid)


def _row(line: int, first_line: int, lines_per_row: int) -> int:
    return round((line - first_line) / lines_per_row)


def layout_picture(layout, problem, lines_per_row: int = 3, col_width: int = 6) -> str:
    """The picture of a solved page with its legend: letter, item, place, size,
    and what does not fit or stays empty."""
    boxes = []
    legend = []
    for n, p in enumerate(layout.placements):
        letter = LETTERS[n % len(LETTERS)]
        boxes.append(Box(f"{letter} {p.cols}x{p.lines}", p.col, p.line, p.cols, p.lines))
        legend.append(_legend_line(letter, p))
    for area in layout.empty:
        if area.foot_of is None:
            boxes.append(Box("", area.col, area.line, area.cols, area.lines, empty=True))
    picture = draw(problem.columns, problem.first_line, problem.last_line, boxes, lines_per_row,
                   col_width)
    notes = []
    for area in layout.empty:
        where = f"at the foot of {area.foot_of}" if area.foot_of else "no module fills it"
        notes.append(f"  empty: {area.lines} lines × {area.cols} columns from line {area.line}, "
                     f"column {area.col} ({where})")
    return "\n".join([picture, ""] + legend + notes)


def _legend_line(letter: str, p) -> str:
    text = f"  {letter}  {p.key}  at [{p.col}, {p.line}] span [{p.cols}, {p.lines}]"
    c = p.candidate
    if c is None:
        return text + "  (placed by hand)"
    if c.text_columns != c.cols:
        text += f" columns {c.text_columns}"
    if c.headline_size:
        text += f" headline {c.headline_size:g} pt"
    if p.photo_lines:
        text += f" photo {p.photo_lines} lines"
    if p.over:
        text += f"  OVER by {p.over} lines"
    return text
