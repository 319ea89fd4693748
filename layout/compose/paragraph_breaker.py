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

from .charclass import Kind
from .line_breaker import Paragraph
from .line_model import (NATURAL, OVERFULL, PUSH_IN, LineCandidate, candidate_line, ends_text,
                         give_back, hangable, scan_lines, stretch_gaps, unit_break)
from ..units import EPS

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


def line_breaks(par: Paragraph, start: int, measure: float, first_line: bool) -> list[Break]:
    """Every break a line beginning at `start` may reasonably take, with its cost."""
    pieces = par.pieces
    n = len(pieces)
    em = pieces[start].em if start < n else 1.0
    fits: list[tuple[LineCandidate, bool]] = []   # allowed breaks that fit: (line, hung)
    natural = None
    for line in scan_lines(par, start, measure, first_line):
        j = line.stop
        # Inside a Latin unit longer than the line any joint may break; the
        # poor ones (between letters) cost more than the good ones (after . - :).
        p = pieces[j]
        allowed = p.breaks_after or (p.soft and unit_break(p, measure) > 0)
        fit = line.adjust
        if fit is NATURAL:
            natural = j
        elif fit is OVERFULL:
            if par.hanging and natural == j - 1 and allowed and hangable(pieces, j):
                fits.append((line, True))
            break
        if allowed:
            fits.append((line, False))
    # The natural end, every push-in past it, a hung stop, and a few earlier breaks.
    earlier = [f for f in fits if f[0].adjust is NATURAL]
    natural_ok = earlier[-1][0].stop if earlier else None
    keep = earlier[-LOOK_BACK:] + [f for f in fits if f[0].adjust is not NATURAL]
    breaks: list[Break] = []
    for line, hung in keep:
        j = line.stop
        last = ends_text(pieces, j)
        cost = LINE_COST
        if hung:
            adjust = "hang"
            cost += 1.0
        elif line.adjust is PUSH_IN:
            adjust = "push-in"
            cost += TIGHT_COST * -line.slack / em
        else:
            if j == natural_ok:
                adjust = "natural" if natural == natural_ok else "push-out"
            else:
                adjust = "pull-down" if natural_ok is not None and natural == natural_ok else "push-out"
            if not last:
                room = line.slack - give_back(par, line)   # spread as the justifier will
                if room > EPS:
                    gaps = line.gaps
                    if par.widest_unit > measure + EPS:
                        gaps = len(stretch_gaps(par, line, measure, room))
                    # a line with no gap that takes space is spread between its marks: bad
                    spread = room / gaps / em if gaps else 10.0
                    cost += (spread / SPREAD_UNIT) ** 2
                    if spread > WARN_SPREAD + 1e-9:
                        cost += LOOSE_COST
                    if spread > MAX_SPREAD + 1e-9:
                        cost += BAD_COST
        if unit_break(pieces[j], measure) == 1:
            cost += POOR_BREAK_COST
        nxt = _next_start(pieces, j)
        breaks.append(Break(j, nxt, cost, adjust, last or nxt >= n, line.content))
    if not breaks:
        # Nothing fits under the rules: the first allowed break, overfull.
        j = start
        while j < n - 1 and not pieces[j].breaks_after:
            j += 1
        nxt = _next_start(pieces, j)
        content = candidate_line(par, start, j, measure, first_line).content
        breaks.append(Break(j, nxt, BAD_COST, "overfull", nxt >= n, content))
    return breaks


def _next_start(pieces, j: int) -> int:
    """The next line starts after the spaces that follow piece j."""
    nxt = j + 1
    while nxt < len(pieces) and pieces[nxt].kind is Kind.SPACE:
        nxt += 1
    return nxt


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

    def options(start: int, k: int) -> list[Break]:
        measure = measures[min(k, len(measures) - 1)]
        key = (id(par), start, measure, start == 0)
        if key not in cache:
            cache[key] = line_breaks(par, start, measure, start == 0)
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
