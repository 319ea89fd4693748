"""The paragraph breaker: where a paragraph's lines break, chosen for the
whole paragraph at once (after Knuth and Plass), not line by line.

A greedy breaker sees one line: when a long number or a word cannot follow a
few characters onto a line, that line is spread until its gaps gape, and when
the last line gets one character, nothing earlier can help. Here every line
may end at any allowed break it can take — its natural end, pushed in by
squeezing punctuation, hung, or pulled a few pieces short — and each choice
costs its badness: squeezing a little, spreading more (the square of the
space added per gap), a lone last character (孤字) a great deal. The cheapest
sequence of breaks wins, so earlier lines give up a character each, evenly,
where one line alone would gape.

`bias` trades cost against line count, so the column filler can ask for the
same paragraph a line shorter or longer (to keep a last line off a column top).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from .charclass import Kind, kind_of
from .line_breaker import EPS, Paragraph, _can_break_after, _hangable, _shrink_classes, takes_space

LOOK_BACK = 6          # breaks before the natural one a line may take
TIGHT_COST = 2.0       # per em squeezed out of punctuation (push in is preferred)
SPREAD_UNIT = 0.05     # em per gap that costs 1 (cost grows with its square)
WARN_SPREAD = 0.15     # em per gap over which a line is loose (and costs more)
MAX_SPREAD = 0.25      # em per gap over which a line is bad
LOOSE_COST = 40.0
BAD_COST = 300.0
ORPHAN_COST = 10000.0
POOR_BREAK_COST = 30.0  # a break between two letters of a long word
LINE_COST = 1.0        # every line costs a little: fewer lines when all else is equal


@dataclass(frozen=True)
class Break:
    end: int          # the line's last piece
    next: int         # the first piece of the next line
    cost: float
    adjust: str       # natural, push-in, push-out, pull-down, hang
    last: bool        # the paragraph's last (text) line
    content: int      # characters that are not marks (for 孤字)


class _Sums:
    """Running counts over a paragraph's pieces, so a line's gaps and characters
    cost O(1) however long it is."""

    def __init__(self, pieces):
        self.gaps = [0]      # gaps[k]: gaps that take justification space before piece k
        self.content = [0]   # content[k]: characters that are not marks in pieces before k
        # what each piece can be squeezed by: inside a line, first, last, alone
        self.shrink = [tuple(_shrink_classes(p, first, last)[1]
                             for first, last in ((False, False), (True, False), (False, True), (True, True)))
                       for p in pieces]
        self.widest_unit = max((p.unit_width for p in pieces), default=0.0)
        for idx, b in enumerate(pieces):
            a = pieces[idx - 1] if idx else None
            self.gaps.append(self.gaps[-1] + (1 if a is not None and takes_space(a, b) else 0))
            self.content.append(self.content[-1] + sum(
                1 for ch, *_ in b.glyphs
                if kind_of(ch) is Kind.HAN or (kind_of(ch) is Kind.LATIN and ch.isalnum())))

    def gap_count(self, start: int, end: int) -> int:
        return self.gaps[end + 1] - self.gaps[start + 1]

    def chars(self, start: int, end: int) -> int:
        return self.content[end + 1] - self.content[start]


def _inner_gaps(pieces, start: int, end: int, measure: float, sums: _Sums) -> int:
    """Gaps inside Latin units longer than the line (spaced only as a last resort)."""
    if sums.widest_unit <= measure + EPS:
        return 0
    return sum(1 for idx in range(start + 1, end + 1)
               if pieces[idx - 1].glue_next and pieces[idx - 1].kind is Kind.LATIN
               and pieces[idx].kind is Kind.LATIN and pieces[idx - 1].unit_width > measure + EPS)


def line_breaks(par: Paragraph, start: int, measure: float, first_line: bool,
                sums: _Sums | None = None) -> list[Break]:
    """Every break a line beginning at `start` may reasonably take, with its cost."""
    pieces = par.pieces
    sums = sums or _Sums(pieces)
    n = len(pieces)
    indent = par.indent if first_line else 0.0
    avail = measure - indent
    em = pieces[start].em if start < n else 1.0
    scanned = []          # (j, width, shrink, allowed, soft)
    natural = None
    run_width = 0.0
    run_shrink = 0.0
    j = start
    while j < n:
        p = pieces[j]
        if j == start:
            run_width = p.width - (0.0 if first_line else p.lblank)
        else:
            run_width += p.gap_before + p.width
        shr = sums.shrink
        run_shrink += shr[j][1 if j == start else 0]
        end = j
        while end > start and pieces[end].kind is Kind.SPACE:
            end -= 1
        last_piece = pieces[end]
        # width and shrink as if the line ended at `end` (trailing spaces dropped)
        width = run_width - last_piece.rblank
        shrink = run_shrink
        if end != j:
            width -= sum(pieces[k].gap_before + pieces[k].width for k in range(end + 1, j + 1))
            shrink -= sum(shr[k][0] for k in range(end + 1, j + 1))
        at_start = end == start
        shrink += shr[end][3 if at_start else 2] - shr[end][1 if at_start else 0]
        # Inside a Latin unit longer than the line any joint may break; the
        # poor ones (between letters) cost more than the good ones (after . - :).
        soft = bool(p.soft) and p.unit_width > measure + EPS
        allowed = _can_break_after(pieces, j) or soft
        if width <= avail + EPS:
            natural = j
        elif width - shrink > avail + EPS:
            hang = (par.hanging and natural == j - 1 and allowed and _hangable(pieces, j))
            if hang:
                scanned.append((j, width, shrink, True, soft, end, True))
            break
        scanned.append((j, width, shrink, allowed, soft, end, False))
        j += 1
    breaks: list[Break] = []
    allowed_fits = [s for s in scanned if s[3] and (s[1] - s[2] <= avail + EPS or s[6])]
    natural_ok = max((s[0] for s in allowed_fits if s[1] <= avail + EPS), default=None)
    # The natural end, every push-in past it, a hung stop, and a few earlier breaks.
    earlier = [s for s in allowed_fits if s[1] <= avail + EPS]
    keep = earlier[-LOOK_BACK:] + [s for s in allowed_fits if s[1] > avail + EPS]
    for j, width, shrink, _allowed, soft, end, hung in keep:
        last = j >= n - 1 or (all(p.glued for p in pieces[j + 1:]) and not pieces[j].glued)
        content = sums.chars(start, end)
        cost = LINE_COST
        if hung:
            adjust = "hang"
            cost += 1.0
        elif width > avail + EPS:
            adjust = "push-in"
            cost += TIGHT_COST * (width - avail) / em
        else:
            if j == natural_ok:
                adjust = "natural" if natural == natural_ok else "push-out"
            else:
                adjust = "pull-down" if natural_ok is not None and natural == natural_ok else "push-out"
            if not last:
                slack = avail - width
                if pieces[end].kind in (Kind.CLOSE, Kind.STOP):
                    # given back to the mark first
                    slack -= min(slack, pieces[end].rblank + pieces[end].pair_trim)
                gaps = sums.gap_count(start, end)
                if slack > EPS:
                    if gaps == 0 or slack / gaps > WARN_SPREAD * em:
                        gaps += _inner_gaps(pieces, start, end, measure, sums)
                    spread = slack / gaps / em if gaps else 10.0
                    cost += (spread / SPREAD_UNIT) ** 2
                    if spread > WARN_SPREAD + 1e-9:
                        cost += LOOSE_COST
                    if spread > MAX_SPREAD + 1e-9:
                        cost += BAD_COST
        if soft and pieces[j].soft == 1:
            cost += POOR_BREAK_COST
        nxt = j + 1
        while nxt < n and pieces[nxt].kind is Kind.SPACE:
            nxt += 1
        breaks.append(Break(j, nxt, cost, adjust, last or nxt >= n, content))
    if not breaks:
        # Nothing fits under the rules: the first allowed break, overfull.
        j = start
        while j < n - 1 and not _can_break_after(pieces, j):
            j += 1
        nxt = j + 1
        while nxt < n and pieces[nxt].kind is Kind.SPACE:
            nxt += 1
        breaks.append(Break(j, nxt, BAD_COST, "overfull", nxt >= n, sums.chars(start, j)))
    return breaks


def break_paragraph(par: Paragraph, measures: tuple[float, ...], min_last: int = 2,
                    bias: float = 0.0, cache: dict | None = None) -> list[Break] | None:
    """The cheapest breaks for the whole paragraph; line k is set at measures[k]
    (the last measure for lines past the end). `bias` is added per line: negative
    asks for more lines, positive for fewer. None when some line has no break."""
    pieces = par.pieces
    n = len(pieces)
    if n == 0:
        return []
    cache = cache if cache is not None else {}
    sums = cache.get((id(par), "sums"))
    if sums is None:
        sums = cache[(id(par), "sums")] = _Sums(pieces)

    def options(start: int, k: int) -> list[Break]:
        measure = measures[min(k, len(measures) - 1)]
        key = (id(par), start, measure, start == 0)
        if key not in cache:
            cache[key] = line_breaks(par, start, measure, start == 0, sums)
        return cache[key]

    # best[start] = (cost, lines, previous start, break): every break moves
    # forward, so taking starts smallest first settles each before it is extended.
    best: dict[int, tuple[float, int, int | None, Break | None]] = {0: (0.0, 0, None, None)}
    final: tuple[float, int, int, Break] | None = None
    heap = [0]
    done: set[int] = set()
    while heap:
        start = heapq.heappop(heap)
        if start in done:
            continue
        done.add(start)
        cost, lines, _, _ = best[start]
        for br in options(start, lines):
            c = cost + br.cost + bias
            if br.last and br.content < min_last and lines > 0:
                c += ORPHAN_COST        # 孤字 (also the text line before a moved byline)
            if br.next >= n:
                if final is None or c < final[0] - 1e-9:
                    final = (c, lines + 1, start, br)
                continue
            old = best.get(br.next)
            if old is None or c < old[0] - 1e-9:
                best[br.next] = (c, lines + 1, start, br)
                heapq.heappush(heap, br.next)
    if final is None:
        return None
    out = [final[3]]
    start = final[2]
    while start:
        _, _, prev, br = best[start]
        out.append(br)
        start = prev
    out.reverse()
    return out
