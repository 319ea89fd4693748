"""OCR boxes → places on the page grid. The type area of the scanned page is
taken as the union of its articles' and pictures' boxes (so a scan's margins,
header and footer do not matter) and divided as the edition's grid divides
its own type area: `columns` basic columns with their gutters across, `lines`
grid lines down. Each box's edges are rounded to the nearest column and line
edges; modules that touched in print touch on the grid.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..spec.page_style import PageStyle
from .source import Box


@dataclass(frozen=True)
class Place:
    at: tuple[int, int]        # (column, line), 1-based
    span: tuple[int, int]      # (columns, lines)

    @property
    def cells(self) -> tuple[int, int, int, int]:
        """[c0, c1) × [l0, l1), 0-based."""
        return self.at[0] - 1, self.at[0] - 1 + self.span[0], self.at[1] - 1, self.at[1] - 1 + self.span[1]


@dataclass(frozen=True)
class Grid:
    """The page grid laid over a scan's type area."""
    area: Box
    style: PageStyle

    @property
    def gutter_share(self) -> float:
        """A gutter as a share of a column's pitch (column + gutter): 1/14 by default."""
        s = self.style
        return s.gutter / (s.column_width + s.gutter)

    @property
    def line_share(self) -> float:
        """A line's body height as a share of the line pitch: 0.75 by default."""
        return self.style.body_size / self.style.pitch

    @property
    def column_pitch(self) -> float:
        width = self.area[2] - self.area[0]
        return width / (self.style.columns - self.gutter_share)

    @property
    def line_pitch(self) -> float:
        height = self.area[3] - self.area[1]
        return height / (self.style.lines - 1 + self.line_share)

    def snap(self, box: Box) -> Place | None:
        """Left edges fall on a column's start, right edges on its end (a gutter
        before the next column's start); tops on a line's top, bottoms on its body's foot."""
        s = self.style
        c0 = round((box[0] - self.area[0]) / self.column_pitch)
        c1 = round((box[2] - self.area[0]) / self.column_pitch + self.gutter_share)
        l0 = round((box[1] - self.area[1]) / self.line_pitch)
        l1 = round((box[3] - self.area[1]) / self.line_pitch + 1 - self.line_share)
        c0, c1 = max(0, min(c0, s.columns)), max(0, min(c1, s.columns))
        l0, l1 = max(0, min(l0, s.lines)), max(0, min(l1, s.lines))
        if c1 <= c0 or l1 <= l0:
            return None
        return Place((c0 + 1, l0 + 1), (c1 - c0, l1 - l0))

    def lines(self, height: float) -> int:
        return max(1, round(height / self.line_pitch))


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _trimmed(cells: tuple, other: tuple) -> tuple | None:
    """`cells` with the side that overlaps `other` cut back, keeping the most cells."""
    c0, c1, l0, l1 = cells
    o0, o1, p0, p1 = other
    options = [(c0, c1, l0, p0), (c0, c1, p1, l1), (c0, o0, l0, l1), (o1, c1, l0, l1)]
    options = [o for o in options if o[1] > o[0] and o[3] > o[2]]
    if not options:
        return None
    return max(options, key=lambda o: ((o[1] - o[0]) * (o[3] - o[2]), -options.index(o)))


def resolve(places: list[Place | None]) -> tuple[list[Place | None], list[tuple[int, str]]]:
    """Places that do not overlap: a later one that overlaps an earlier one
    gives up the overlapping side; one with nothing left is left to the
    automatic layout. Returns the places and (index, what happened)."""
    out: list[Place | None] = []
    notes = []
    for i, place in enumerate(places):
        if place is None:
            out.append(None)
            continue
        cells = place.cells
        for other in out:
            if other is not None and cells is not None and _overlap(cells, other.cells):
                cells = _trimmed(cells, other.cells)
        if cells is None:
            out.append(None)
            notes.append((i, "its box lies under others once snapped to the grid: left to the automatic layout"))
            continue
        new = Place((cells[0] + 1, cells[2] + 1), (cells[1] - cells[0], cells[3] - cells[2]))
        if new != place:
            notes.append((i, f"cut back from at {list(place.at)} span {list(place.span)} to at {list(new.at)} "
                             f"span {list(new.span)}: it overlapped another module once snapped to the grid"))
        out.append(new)
    return out, notes
