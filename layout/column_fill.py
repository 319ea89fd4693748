"""The column filler: an article's paragraphs and subheads poured into its
text columns, line by line on the page grid, and what is left over (overset).

Regions are the article's text columns in reading order; each knows its x,
its measure and the grid lines it may use. The filler asks the line breaker
for one line at a time, so each column can have its own measure.
"""
from __future__ import annotations

from dataclasses import dataclass

from .linebreak import CENTER, ComposedLine, Paragraph, compose_line


@dataclass(frozen=True)
class Region:
    index: int
    x: float
    width: float
    first_line: int       # grid lines, inclusive
    last_line: int


@dataclass(frozen=True)
class FlowBlock:
    kind: str             # para, subhead, tail (a flush-right closing line)
    paragraph: Paragraph
    index: int            # which paragraph of the article (for reports)


@dataclass(frozen=True)
class PlacedLine:
    region: int           # Region.index of the column it sits in
    grid_line: int
    line: ComposedLine
    kind: str
    block: int


@dataclass(frozen=True)
class FillResult:
    placed: tuple[PlacedLine, ...]
    overset_lines: int
    overset_text: str
    free_lines: int        # empty grid lines left at the end of the last used column
    bottom_line: int = 0   # lowest grid line holding text


MIN_LINES_AFTER_SUBHEAD = 2   # no 背题: a subhead keeps two body lines under it


def _memo_compose(cache: dict):
    """compose_line remembered by its arguments: balancing refills the same text
    at the same measures several times, and a line depends on nothing else."""
    def compose(par, start, measure, first_line, align=None):
        key = (id(par), start, measure, first_line, align)
        if key not in cache:
            cache[key] = compose_line(par, start, measure, first_line=first_line, align=align)
        return cache[key]
    return compose


def fill(blocks: list[FlowBlock], regions: list[Region], compose=None) -> FillResult:
    compose = compose or _memo_compose({})
    placed: list[PlacedLine] = []
    r = 0
    line_no = regions[0].first_line if regions else 0
    overset_lines = 0
    overset_parts: list[str] = []

    def room_left() -> int:
        return regions[r].last_line - line_no + 1 if r < len(regions) else 0

    def advance():
        nonlocal r, line_no
        line_no += 1
        if r < len(regions) and line_no > regions[r].last_line:
            r += 1
            if r < len(regions):
                line_no = regions[r].first_line

    for bi, block in enumerate(blocks):
        par = block.paragraph
        if block.kind == "subhead" and r < len(regions):
            at_top = line_no == regions[r].first_line
            need = (0 if at_top else 1) + 1 + MIN_LINES_AFTER_SUBHEAD
            if room_left() < need:
                r += 1
                if r < len(regions):
                    line_no = regions[r].first_line
                at_top = True
            if not at_top and r < len(regions):
                advance()  # one blank line above the subhead
        start = 0
        first = True
        while start < len(par.pieces):
            if r >= len(regions):
                measure = regions[-1].width if regions else 100.0
                line, nxt = compose(par, start, measure, first)
                overset_lines += 1
                overset_parts.append(par.text[line.start:])
                # count every remaining line at the last column's measure
                start = nxt
                while start < len(par.pieces):
                    _, start = compose(par, start, measure, False)
                    overset_lines += 1
                break
            region = regions[r]
            align = CENTER if block.kind == "subhead" else None
            line, start = compose(par, start, region.width, first, align)
            placed.append(PlacedLine(region.index, line_no, line, block.kind, block.index))
            first = False
            advance()
    free = room_left() if r < len(regions) else 0
    for later in regions[r + 1:]:
        free += later.last_line - later.first_line + 1
    bottom = max((p.grid_line for p in placed), default=0)
    return FillResult(tuple(placed), overset_lines, "".join(overset_parts), free, bottom)


def balanced_fill(blocks: list[FlowBlock], regions: list[Region]) -> FillResult:
    """Fill, then pull the columns' common bottom up as far as the text allows, so an
    article's columns end level (the last one at most a line short) and any spare
    room collects under the whole article instead of in its last column."""
    compose = _memo_compose({})  # blocks outlive the cache, so their ids stay unique
    full = fill(blocks, regions, compose)
    if full.overset_lines or not regions or full.free_lines == 0:
        return full
    low = min(r.first_line for r in regions)
    high = max(r.last_line for r in regions)
    best = full
    while low < high:
        mid = (low + high) // 2
        capped = [Region(r.index, r.x, r.width, r.first_line, min(r.last_line, mid))
                  for r in regions if r.first_line <= mid]
        trial = fill(blocks, capped, compose) if capped else None
        if trial is not None and not trial.overset_lines:
            best = trial
            high = mid
        else:
            low = mid + 1
    return best
