"""Parts of the type area no module covers: a page that passes every other
check can still have a blank quarter (issue found by editors placing modules
by hand). Reported as rectangles of whole grid cells."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmptyArea:
    col: int          # 1-based, like `at`
    line: int
    cols: int
    lines: int


def empty_areas(items, columns: int, lines: int, first_line: int = 1) -> list[EmptyArea]:
    """Maximal blank rectangles, found column band by column band: each run of
    uncovered lines in a column is widened to its neighbours with the same run."""
    covered = [[False] * (lines + 1) for _ in range(columns + 1)]
    for item in items:
        if item.at is None or item.span is None:
            continue
        col, line = item.at
        cols, span_lines = item.span
        for c in range(col, min(columns, col + cols - 1) + 1):
            for ln in range(line, min(lines, line + span_lines - 1) + 1):
                covered[c][ln] = True
    runs: list[tuple[int, int, int]] = []   # (col, first line, last line)
    for c in range(1, columns + 1):
        ln = first_line
        while ln <= lines:
            if covered[c][ln]:
                ln += 1
                continue
            start = ln
            while ln <= lines and not covered[c][ln]:
                ln += 1
            runs.append((c, start, ln - 1))
    areas = []
    used = set()
    for c, top, bottom in runs:
        if (c, top, bottom) in used:
            continue
        width = 1
        while (c + width, top, bottom) in runs:
            used.add((c + width, top, bottom))
            width += 1
        areas.append(EmptyArea(c, top, width, bottom - top + 1))
    return areas
