"""The column filler: an article's paragraphs and subheads poured into its
text columns, line by line on the page grid, and what is left over (overset).

Regions are the article's text columns in reading order; each knows its x,
its measure and the grid lines it may use. The filler asks the line breaker
for one line at a time, so each column can have its own measure.

It also keeps the paragraph rules that need more than one line to see
(typesetting reference §5.9):
- 孤字: a paragraph never ends on a lone character. The line before takes it
  in by squeezing punctuation (push in), or gives the last line a character
  (pull down);
- 寡行: a paragraph's last line never stands alone at the top of a column. The
  paragraph is set one line shorter (push in over its last lines) or one line
  longer (pull characters down), or, failing both, a line moves to the next
  column when the module has room. What cannot be avoided is reported.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..compose.line_breaker import CENTER, ComposedLine, Paragraph, compose_line, content_chars, set_line
from ..compose.paragraph_breaker import break_paragraph

NO_ROOM_MEASURE = 117.0  # a basic column (13 em of 小五): counts overset lines when no column is left


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
class Widow:
    """A paragraph's last line left alone at the top of a column."""
    block: int
    region: int
    grid_line: int
    text: str


@dataclass(frozen=True)
class FillResult:
    placed: tuple[PlacedLine, ...]
    overset_lines: int
    overset_text: str
    free_lines: int        # empty grid lines left at the end of the last used column
    bottom_line: int = 0   # lowest grid line holding text
    widows: tuple[Widow, ...] = ()
    orphans: tuple[PlacedLine, ...] = ()   # last lines that keep a lone character


MIN_LINES_AFTER_SUBHEAD = 2   # no 背题: a subhead keeps two body lines under it


def _memo_compose(cache: dict):
    """compose_line remembered by its arguments: balancing refills the same text
    at the same measures several times, and a line depends on nothing else."""
    def compose(par, start, measure, first_line, align=None, mode="normal", max_end=None):
        key = (id(par), start, measure, first_line, align, mode, max_end)
        if key not in cache:
            cache[key] = compose_line(par, start, measure, first_line=first_line, align=align,
                                      mode=mode, max_end=max_end)
        return cache[key]
    return compose


@dataclass
class _Cursor:
    """Where the next line goes: region number r (in `regions`) and grid line."""
    r: int
    line_no: int

    def copy(self) -> "_Cursor":
        return _Cursor(self.r, self.line_no)


class _Filler:
    def __init__(self, regions: list[Region], compose, min_last: int, memo: dict):
        self.regions = regions
        self.compose = compose
        self.min_last = min_last
        self.plans = memo.setdefault("plans", {})          # whole-paragraph breaks
        self.break_cache = memo.setdefault("breaks", {})   # candidate breaks per line start
        self.lines = memo.setdefault("lines", {})          # lines set at chosen breaks
        # same_from[r]: every region from r on has the same measure (the usual case),
        # so the measures ahead of a cursor there are just that one
        self.same_from = [False] * len(regions)
        for r in range(len(regions) - 1, -1, -1):
            self.same_from[r] = r == len(regions) - 1 or (
                self.same_from[r + 1] and regions[r + 1].width == regions[r].width)

    def room_left(self, at: _Cursor) -> int:
        if at.r >= len(self.regions):
            return 0
        return self.regions[at.r].last_line - at.line_no + 1

    def advance(self, at: _Cursor) -> None:
        at.line_no += 1
        if at.r < len(self.regions) and at.line_no > self.regions[at.r].last_line:
            at.r += 1
            if at.r < len(self.regions):
                at.line_no = self.regions[at.r].first_line

    def measure_at(self, at: _Cursor) -> float:
        if not self.regions:
            return NO_ROOM_MEASURE
        return self.regions[min(at.r, len(self.regions) - 1)].width

    def _orphan(self, line: ComposedLine) -> bool:
        return line.last and content_chars(line) < self.min_last

    def measures_from(self, at: _Cursor, count: int) -> tuple[float, ...]:
        """The measures of the next `count` lines from `at`, shortened to where
        they stop changing (the breaker uses the last for all lines after)."""
        if not self.regions or at.r >= len(self.regions) or self.same_from[at.r]:
            return (self.measure_at(at),)
        cursor = at.copy()
        out = []
        for _ in range(count):
            out.append(self.measure_at(cursor))
            if cursor.r >= len(self.regions):
                break
            self.advance(cursor)
        while len(out) > 1 and out[-1] == out[-2]:
            out.pop()
        return tuple(out)

    def set_paragraph(self, block: FlowBlock, at: _Cursor, bias: float = 0.0, begin: int = 0):
        """Lines of one paragraph (or subhead) from `at` on, broken as a whole
        (paragraph_breaker), from piece `begin`; `bias` per line asks for fewer
        (positive) or more (negative) lines. Returns the placed lines, the text
        that did not fit and its line count."""
        par = block.paragraph
        n = len(par.pieces)
        if n == 0 or begin >= n:
            return [], "", 0
        align = CENTER if block.kind == "subhead" else None
        if block.kind in ("para", "subhead"):
            measures = self.measures_from(at, len(par.pieces) + 1)
            key = (id(par), measures, bias, begin)
            if key not in self.plans:
                self.plans[key] = break_paragraph(par, measures, self.min_last, bias, self.break_cache,
                                                  begin)
            breaks = self.plans[key]
        else:
            breaks = None
        placed: list[PlacedLine] = []
        start = begin
        k = 0
        while start < n:
            if at.r >= len(self.regions):
                overset_text = par.text[par.pieces[start].src_start:]
                return placed, overset_text, (len(breaks) - k) if breaks else \
                    self._count_lines(par, start, self.regions[-1].width if self.regions else NO_ROOM_MEASURE)
            region = self.regions[at.r]
            if breaks:
                br = breaks[k]
                key = (id(par), start, br.end, region.width, align, br.adjust)
                if key not in self.lines:
                    self.lines[key] = set_line(par, start, br.end, region.width, start == 0, align,
                                               br.adjust)
                line, nxt = self.lines[key]
            else:
                line, nxt = self.compose(par, start, region.width, start == 0, align)
            placed.append(PlacedLine(region.index, at.line_no, line, block.kind, block.index))
            k += 1
            start = nxt
            self.advance(at)
        return placed, "", 0

    def _count_lines(self, par, start: int, measure: float) -> int:
        lines = 0
        while start < len(par.pieces):
            _, start = self.compose(par, start, measure, start == 0)
            lines += 1
        return lines

    def is_widow(self, placed: list[PlacedLine]) -> bool:
        if len(placed) < 2:
            return False
        last, before = placed[-1], placed[-2]
        top = next(r.first_line for r in self.regions if r.index == last.region)
        return last.region != before.region and last.grid_line == top

    def place_without_widow(self, block: FlowBlock, at: _Cursor):
        """Set a paragraph; if its last line would stand alone at a column top,
        try one line fewer (push in), one line more (pull down), then moving
        its second-last line over. Returns placed, overset text, overset lines, widow."""
        start_at = at.copy()
        placed, over_text, over_lines = self.set_paragraph(block, at)
        if over_lines or not self.is_widow(placed):
            return placed, over_text, over_lines, None
        count = len(placed)
        in_prev = sum(1 for p in placed if p.region == placed[-2].region)
        # One line fewer (push in) or one more (pull down), whichever the
        # paragraph can take with the least harm.
        for bias in (8.0, 25.0, 80.0, -8.0, -25.0, -80.0):
            trial_at = start_at.copy()
            trial, t_text, t_lines = self.set_paragraph(block, trial_at, bias)
            if t_lines or abs(len(trial) - count) != 1 or self.is_widow(trial):
                continue
            # never letter-space a line to move one off a column top
            if any(p.line.loose for p in trial):
                continue
            at.r, at.line_no = trial_at.r, trial_at.line_no
            return trial, t_text, t_lines, None
        # Move the line before the widow to the next column, when there is room.
        if in_prev >= 2:
            trial_at = start_at.copy()
            trial, t_text, t_lines = self._set_with_break(block, trial_at, count - 2)
            if not t_lines and not self.is_widow(trial):
                at.r, at.line_no = trial_at.r, trial_at.line_no
                return trial, t_text, t_lines, None
        last = placed[-1]
        return placed, over_text, over_lines, Widow(block.index, last.region, last.grid_line, last.line.text)

    def _set_with_break(self, block: FlowBlock, at: _Cursor, before: int):
        """Set the paragraph, jumping to the next column after its first `before` lines."""
        par = block.paragraph
        placed, _, _ = self.set_paragraph(block, at)
        head = placed[:before]
        if not head:
            return placed, "", 0
        # restart from where line `before` begins, at the top of the next region
        resume = placed[before].line.start
        start = next(i for i, p in enumerate(par.pieces) if p.src_start >= resume)
        at.r = next(i for i, r in enumerate(self.regions) if r.index == head[-1].region) + 1
        if at.r >= len(self.regions):
            return placed, par.text[resume:], 1
        at.line_no = self.regions[at.r].first_line
        rest_block = FlowBlock(block.kind, par, block.index)
        tail, text, lines = self._continue(rest_block, at, start)
        return head + tail, text, lines

    def _continue(self, block: FlowBlock, at: _Cursor, start: int):
        """The rest of a paragraph from piece `start`, broken as a whole."""
        placed, text, lines = self.set_paragraph(block, at, begin=start)
        return placed, text, (1 if lines else 0)


def fill(blocks: list[FlowBlock], regions: list[Region], compose=None, min_last: int = 2,
         memo: dict | None = None) -> FillResult:
    compose = compose or _memo_compose({})
    filler = _Filler(regions, compose, min_last, memo if memo is not None else {})
    placed: list[PlacedLine] = []
    at = _Cursor(0, regions[0].first_line if regions else 0)
    overset_lines = 0
    overset_parts: list[str] = []
    widows: list[Widow] = []

    # a subhead keeps body lines under it only when body text follows it: one
    # that ends the article needs its own line and the blank above it
    last_para = max((i for i, b in enumerate(blocks) if b.kind == "para"), default=-1)
    for n, block in enumerate(blocks):
        if block.kind == "subhead" and at.r < len(regions):
            at_top = at.line_no == regions[at.r].first_line
            after = MIN_LINES_AFTER_SUBHEAD if n < last_para else 0
            need = (0 if at_top else 1) + 1 + after
            if filler.room_left(at) < need:
                at.r += 1
                if at.r < len(regions):
                    at.line_no = regions[at.r].first_line
                at_top = True
            if not at_top and at.r < len(regions):
                filler.advance(at)  # one blank line above the subhead
        if block.kind == "para":
            lines, text, over, widow = filler.place_without_widow(block, at)
            if widow:
                widows.append(widow)
        else:
            lines, text, over = filler.set_paragraph(block, at)
        placed.extend(lines)
        if over:
            overset_lines += over
            overset_parts.append(text)
    free = filler.room_left(at)
    for later in regions[at.r + 1:]:
        free += later.last_line - later.first_line + 1
    bottom = max((p.grid_line for p in placed), default=0)
    orphans = tuple(p for i, p in enumerate(placed) if p.kind == "para" and p.line.last
                    and i > 0 and placed[i - 1].block == p.block and content_chars(p.line) < min_last)
    return FillResult(tuple(placed), overset_lines, "".join(overset_parts), free, bottom,
                      tuple(widows), orphans)


def _capped(regions: list[Region], bottom: int) -> list[Region]:
    """The regions stopped at grid line `bottom` (those starting below it left out)."""
    return [Region(r.index, r.x, r.width, r.first_line, min(r.last_line, bottom))
            for r in regions if r.first_line <= bottom]


def balanced_fill(blocks: list[FlowBlock], regions: list[Region], min_last: int = 2,
                  memo: dict | None = None) -> FillResult:
    """Fill, then pull the columns' common bottom up as far as the text allows, so an
    article's columns end level (the last one at most a line short) and any spare
    room collects under the whole article instead of in its last column.
    `memo` (owned by the caller) remembers lines and breaks across calls; its keys
    hold paragraph ids, so the caller keeps those paragraphs alive while it lives."""
    memo = memo if memo is not None else {}
    compose = _memo_compose(memo.setdefault("compose", {}))
    full = fill(blocks, regions, compose, min_last, memo)
    if full.overset_lines or not regions or full.free_lines == 0:
        return full
    low = min(r.first_line for r in regions)
    high = max(r.last_line for r in regions)
    best = full
    while low < high:
        mid = (low + high) // 2
        capped = _capped(regions, mid)
        trial = fill(blocks, capped, compose, min_last, memo) if capped else None
        if trial is not None and not trial.overset_lines:
            best = trial
            high = mid
        else:
            low = mid + 1
    return best


def lowest_bottom(blocks: list[FlowBlock], regions: list[Region], min_last: int = 2,
                  memo: dict | None = None) -> int | None:
    """The highest common bottom grid line at which the blocks fit the regions
    (None: they do not fit even at the regions' own bottoms). Scans up from the
    first line at which the columns could hold every line, so measuring an
    article takes a fill or two, not a search over the whole page."""
    memo = memo if memo is not None else {}
    compose = _memo_compose(memo.setdefault("compose", {}))
    if not regions:
        return None
    full = fill(blocks, regions, compose, min_last, memo)
    if full.overset_lines:
        return None
    # a paragraph may set a line shorter where a column break falls (to keep a
    # last line off a column top): each column may save one
    needed = len(full.placed) - len(regions)
    bottom = min(r.first_line for r in regions)
    while sum(max(0, min(r.last_line, bottom) - r.first_line + 1) for r in regions) < needed:
        bottom += 1
    top = max(r.last_line for r in regions)
    while bottom < min(top, full.bottom_line):
        capped = _capped(regions, bottom)
        if not fill(blocks, capped, compose, min_last, memo).overset_lines:
            return bottom
        bottom += 1
    return min(top, full.bottom_line)


def used_bottom(blocks: list[FlowBlock], regions: list[Region], bottom: int, min_last: int = 2,
                memo: dict | None = None) -> int:
    """The lowest grid line the blocks take when the regions stop at `bottom`
    (what `lowest_bottom` found): the filler may keep a last line off a column
    top by ending every column a line higher."""
    memo = memo if memo is not None else {}
    compose = _memo_compose(memo.setdefault("compose", {}))
    return fill(blocks, _capped(regions, bottom), compose, min_last, memo).bottom_line or bottom
