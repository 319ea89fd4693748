"""The paragraph breaker: where a paragraph's lines break, chosen for the
whole paragraph at once (after Knuth and Plass), not line by line.

A greedy breaker sees one line: when a long number or a word cannot follow a
few characters onto a line, that line is spread until its gaps gape, and when
the last line gets one character, nothing earlier can help. Here every line
may end at any allowed break it can take — its natural end, pushed in,
hung, or pulled a few pieces short — and each choice costs what the line
model says its fit costs (line_model.fit_line: squeezing marks, closing the
character gaps, widening spaces, a letter-spaced line a great deal), plus
what the break itself costs (a number parted from its unit, a dateline split,
a break inside a Latin unit), plus a lone last character (孤字) more than any
of them. The cheapest sequence of breaks wins, so a later line takes a
character in by squeezing its marks, or an earlier one gives one up, where
one line alone would be letter-spaced (docs/composition.md).

`bias` trades cost against line count, so the column filler can ask for the
same paragraph a line shorter or longer (to keep a last line off a column top).
"""
from __future__ import annotations

import heapq
from typing import NamedTuple

from .charclass import Kind
from .line_breaker import JUSTIFY, ComposedLine, Paragraph, compose_paragraph, set_line
from .line_model import (HANG_COST, LOOK_BACK, NATURAL, OVERFULL, OVERFULL_COST, POOR_BREAK_COST,
                         PUSH_IN, LineCandidate, break_cost, candidate_line, ends_text, fit_line,
                         hangable, joint_break, scan_lines, unit_break)

ORPHAN_COST = 10000.0   # 孤字: a paragraph's last line with too few characters
LINE_COST = 1.0        # every line costs a little: fewer lines when all else is equal
PRUNE_COST = 3 * ORPHAN_COST   # a line dearer than a start's cheapest by more is never taken


class Break(NamedTuple):
    """One line a start may take. (A named tuple: a paragraph's breaker makes
    thousands, and a frozen dataclass costs a microsecond each to make.)"""
    end: int          # the line's last piece
    next: int         # the first piece of the next line
    cost: float
    adjust: str       # natural, push-in, push-out, pull-down, hang
    last: bool        # the paragraph's last (text) line
    content: int      # characters that are not marks (for 孤字)


_new = tuple.__new__   # builds a Break without a Python-level __new__ call


def line_breaks(par: Paragraph, start: int, measure: float, first_line: bool,
                stops: dict[int, tuple[float, float, int, bool]] | None = None) -> list[Break]:
    """Every break a line beginning at `start` may reasonably take, with its
    cost: the cost of its fit (line_model.fit_line: squeezing, widening,
    letter-spacing) and of the break itself (a number and its unit, a
    dateline, a break between two letters of a long word). `stops`: the
    `_stop_terms` of the paragraph's stops at this measure, filled as they
    are needed (every stop is a break for several starts)."""
    pieces = par.pieces
    n = len(pieces)
    justify = par.align == JUSTIFY
    stops = {} if stops is None else stops
    # The allowed breaks: those that fit as they are, of which only the last
    # LOOK_BACK are kept, and those past them, as (stop, line set, hung).
    naturals: list[LineCandidate] = []
    past: list[tuple[int, LineCandidate, bool]] = []
    natural = None          # the last stop that fits as it is, allowed or not …
    natural_line = None     # … and its line
    for line in scan_lines(par, start, measure, first_line):
        j = line.stop
        p = pieces[j]
        # Inside a Latin unit longer than the line any joint may break; the
        # poor ones (between letters) cost more than the good ones (after . - :).
        # A piece neither soft nor a joint breaks only where the rules allow.
        allowed = p.breaks_after or ((p.soft or p.joint)
                                     and (unit_break(p, measure) > 0 or joint_break(p, measure)))
        if line.adjust is NATURAL:
            natural, natural_line = j, line
            if allowed:
                naturals.append(line)
            continue
        # a stop just past the natural end may hang (or be taken in): the line
        # set is then the natural one, the stop outside the measure
        if par.hanging and natural == j - 1 and allowed and hangable(pieces, j):
            past.append((j, natural_line, True))
        if line.adjust is OVERFULL:
            break
        if allowed:
            past.append((j, line, False))
    # The natural end, every push-in past it, a hung stop, and a few earlier breaks.
    natural_ok = naturals[-1].stop if naturals else None
    keep = [(line.stop, line, False) for line in naturals[-LOOK_BACK:]] + past
    breaks: list[Break] = []
    for j, line, hung in keep:
        terms = stops.get(j)
        if terms is None:
            terms = stops[j] = _stop_terms(par, j, measure)
        poor, own, nxt, last = terms
        cost = LINE_COST
        if hung:
            adjust = "hang"
            cost += HANG_COST
        elif line.adjust is PUSH_IN:
            adjust = "push-in"
        elif j == natural_ok:
            adjust = "natural" if natural == natural_ok else "push-out"
        else:
            adjust = "pull-down" if natural_ok is not None and natural == natural_ok else "push-out"
        cost += fit_line(par, line, measure, justify and not last, hung).cost
        cost += poor   # (nothing, mostly: the sum stays as it was)
        cost += own
        breaks.append(_new(Break, (j, nxt, cost, adjust, last or nxt >= n, line.content)))
    if not breaks:
        # Nothing fits under the rules: the first allowed break, overfull.
        j = start
        while j < n - 1 and not pieces[j].breaks_after:
            j += 1
        nxt = _next_start(pieces, j)
        content = candidate_line(par, start, j, measure, first_line).content
        breaks.append(Break(j, nxt, OVERFULL_COST, "overfull", nxt >= n, content))
        return breaks
    # A line dearer than the cheapest by more than anything later could save
    # (a lone last character and a letter-spaced line together) is never
    # part of the cheapest paragraph: drop it, and the starts only it reaches.
    bound = min(br.cost for br in breaks) + PRUNE_COST
    return [br for br in breaks if br.cost <= bound]


def _stop_terms(par: Paragraph, j: int, measure: float) -> tuple[float, float, int, bool]:
    """What a line ending after piece j brings, whatever its start: the cost
    of a poor break inside a Latin unit longer than the line, the cost of the
    break itself, where the next line starts, and whether it ends the text."""
    pieces = par.pieces
    poor = POOR_BREAK_COST if unit_break(pieces[j], measure) == 1 else 0.0
    return poor, break_cost(pieces, j, measure), _next_start(pieces, j), ends_text(par, j)


def _next_start(pieces, j: int) -> int:
    """The next line starts after the spaces that follow piece j."""
    nxt = j + 1
    while nxt < len(pieces) and pieces[nxt].kind is Kind.SPACE:
        nxt += 1
    return nxt


def break_paragraph(par: Paragraph, measures: tuple[float, ...], min_last: int = 2,
                    bias: float = 0.0, cache: dict | None = None, begin: int = 0) -> list[Break] | None:
    """The cheapest breaks for the whole paragraph; line k is set at measures[k]
    (the last measure for lines past the end). `bias` is added per line: negative
    asks for more lines, positive for fewer. `begin`: the piece the first line
    starts at (the rest of a paragraph that moved on to another column).
    None when some line has no break."""
    pieces = par.pieces
    n = len(pieces)
    if n == 0 or begin >= n:
        return []
    cache = cache if cache is not None else {}

    def options(start: int, k: int) -> list[Break]:
        measure = measures[min(k, len(measures) - 1)]
        key = (id(par), start, measure, start == 0)
        breaks = cache.get(key)
        if breaks is None:
            # (beside each start's breaks, the terms of the stops at this measure)
            stops = cache.setdefault((id(par), measure), {})
            breaks = cache[key] = line_breaks(par, start, measure, start == 0, stops)
        return breaks

    # best[start] = (cost, lines, previous start, break): every break moves
    # forward, so taking starts smallest first settles each before it is extended.
    best: dict[int, tuple[float, int, int | None, Break | None]] = {begin: (0.0, 0, None, None)}
    final: tuple[float, int, int, Break] | None = None
    heap = [begin]
    done: set[int] = set()
    while heap:
        start = heapq.heappop(heap)
        if start in done:
            continue
        done.add(start)
        cost, lines, _, _ = best[start]
        for br in options(start, lines):
            _, nxt, line_cost, _, last, content = br   # (unpacked: read a few thousand times)
            c = cost + line_cost + bias
            if last and content < min_last and lines > 0:
                c += ORPHAN_COST        # 孤字 (also the text line before a moved byline)
            if nxt >= n:
                if final is None or c < final[0] - 1e-9:
                    final = (c, lines + 1, start, br)
                continue
            old = best.get(nxt)
            if old is None or c < old[0] - 1e-9:
                best[nxt] = (c, lines + 1, start, br)
                heapq.heappush(heap, nxt)
    if final is None:
        return None
    out = [final[3]]
    start = final[2]
    while start != begin:
        _, _, prev, br = best[start]
        out.append(br)
        start = prev
    out.reverse()
    return out


def set_paragraph(par: Paragraph, measure: float, min_last: int = 2) -> list[ComposedLine]:
    """All lines of a paragraph at one measure, broken as a whole when it is
    justified (captions, the masthead's texts), line by line otherwise."""
    breaks = break_paragraph(par, (measure,), min_last) if par.align == JUSTIFY else None
    lines = []
    start = 0
    if breaks:
        for br in breaks:
            line, start = set_line(par, start, br.end, measure, start == 0, None, br.adjust)
            lines.append(line)
        return lines
    return compose_paragraph(par, measure)
