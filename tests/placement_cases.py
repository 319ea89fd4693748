"""Synthetic placement problems for the tests and bench/bench_layout.py.

A "planted" problem is made from a known tiling of the page: every module
becomes an item whose text needs exactly that module at that width (less a
line or two of slack), and whose candidates at the other widths follow the
same text (characters per line × lines). So a full layout with no overset is
known to exist, and its cost bounds what the solver must reach.
"""
from __future__ import annotations

import math
import random

from layout.page.placement.problem import (BRIEFS, COMMENTARY, NEWS, PHOTO, Candidate, FixedItem,
                                           OpenItem, Problem)
from layout.page.placement.estimate import rank_cap, width_cap
from layout.page.placement.score import evaluate, open_placement

COLUMNS = 8
LINES = 116


def head_lines(cols: int) -> int:
    """Headline lines of a module this wide (ref §3.3: 2–3 lines for one column, 6–8 for a lead)."""
    return {1: 3, 2: 4, 3: 5}.get(cols, 6)


def headline_size(rank: int, cols: int) -> float:
    """The width's cap held to the rank's, as the measured candidates have it."""
    return float(min(width_cap(cols, rank), rank_cap(rank, NEWS)))


def article(key: str, rank: int, chars: int, kind: str = NEWS, photo: int = 0,
            widths=range(1, COLUMNS + 1), grow: int = 2) -> OpenItem:
    """An article of `chars` characters (and a photo `photo` lines tall at
    three columns) at every width."""
    cands = []
    for w in widths:
        per_line = 14 * w - 1
        ph = round(photo * w / 3) if photo else 0
        lines = head_lines(w) + math.ceil(chars / per_line) + ph
        pgrow = ph // 4
        cands.append(Candidate(w, w, lines, headline_size(rank, w), ph, grow + pgrow, pgrow, head_lines(w)))
    return OpenItem(key, rank, kind, tuple(cands))


def photo(key: str, rank: int, ratio: float = 0.66, widths=range(2, 6)) -> OpenItem:
    cands = []
    for w in widths:
        natural = round((14 * w - 1) * ratio * 0.75)   # ems wide × ratio, in 12 pt lines of 9 pt ems
        low = max(3, round(natural * 0.8))
        high = round(natural * 1.25)
        cands.append(Candidate(w, w, low + 2, None, low, high - low, high - low))
    return OpenItem(key, rank, PHOTO, tuple(cands))


def planted_item(key: str, rank: int, col: int, line: int, cols: int, lines: int, below: bool,
                 slack: int, kind: str = NEWS) -> OpenItem:
    need = lines - (1 if below else 0) - slack
    chars = max(1, need - head_lines(cols)) * (14 * cols - 1)
    item = article(key, rank, chars, kind)
    # the text fills exactly `need` lines at the planted width
    fixed = tuple(Candidate(c.cols, c.text_columns, need, c.headline_size, 0, 2, 0, c.head_lines)
                  if c.cols == cols else c for c in item.candidates)
    return OpenItem(key, rank, kind, fixed)


def tiling(rng: random.Random, count: int, first_line: int = 1, columns: int = COLUMNS,
           last_line: int = LINES) -> list[tuple[int, int, int, int]]:
    """A random guillotine tiling of the page into `count` modules of sensible
    size (at least 2 columns and 12 lines where it can)."""
    rects = [(1, first_line, columns, last_line - first_line + 1)]
    while len(rects) < count:
        rects.sort(key=lambda r: -(r[2] * r[3]))
        for k, (c, l, w, h) in enumerate(rects):
            tall = h * 4 / 3 > (14 * w - 1) * 0.9
            if tall and h >= 26:
                cut = rng.randint(13, h - 13)
                pieces = [(c, l, w, cut), (c, l + cut, w, h - cut)]
            elif w >= 4 or (w >= 2 and not tall):
                cut = rng.randint(1 if w < 4 else 2, w - (1 if w < 4 else 2))
                pieces = [(c, l, cut, h), (c + cut, l, w - cut, h)]
            elif h >= 26:
                cut = rng.randint(13, h - 13)
                pieces = [(c, l, w, cut), (c, l + cut, w, h - cut)]
            else:
                continue
            rects[k:k + 1] = pieces
            break
        else:
            break
    return sorted(rects, key=lambda r: (r[1], r[0]))


def planted(seed: int, count: int, first_line: int = 1, fixed: int = 0) -> tuple[Problem, list]:
    """A problem with a known full layout: (problem, the planted placements).
    `fixed` modules of the tiling are given as placed by hand."""
    rng = random.Random(seed)
    rects = tiling(rng, count, first_line)
    items, keep = [], []
    for rank, (c, l, w, h) in enumerate(rects):
        below = l + h - 1 < LINES
        kind = COMMENTARY if rng.random() < 0.1 else NEWS
        items.append((planted_item(f"m{rank:02d}", rank, c, l, w, h, below, rng.randint(0, 2), kind),
                      (c, l, w, h)))
    hand = rng.sample(range(1, len(items)), min(fixed, len(items) - 1)) if fixed else []
    fixed_items = tuple(FixedItem(items[k][0].key, *items[k][1], items[k][0].kind) for k in sorted(hand))
    open_items = tuple(item for k, (item, _) in enumerate(items) if k not in hand)
    problem = Problem(COLUMNS, first_line, LINES, fixed_items, open_items)
    placements = [open_placement(item, next(x for x in item.candidates if x.cols == r[2]),
                                 r[0], r[1], r[3], False)
                  for k, (item, r) in enumerate(items) if k not in hand]
    return problem, placements


def planted_cost(problem: Problem, placements) -> float:
    from layout.page.placement.score import fixed_placement
    return evaluate(problem, list(placements) + [fixed_placement(f) for f in problem.fixed]).total


def mixed_page(n: int = 12) -> Problem:
    """A page like a real inside page: a lead with a photo, news, a commentary,
    a photo and briefs, with about as much text as the page holds."""
    items = [article("lead", 0, 1500, photo=18)]
    sizes = [1100, 900, 800, 700, 650, 600, 500, 450, 400, 380, 350, 320, 300]
    for k in range(1, n - 2):
        kind = COMMENTARY if k == 3 else NEWS
        items.append(article(f"n{k:02d}", k, sizes[(k - 1) % len(sizes)], kind))
    items.append(photo("photo", n - 2))
    items.append(article("briefs", 90, 600, BRIEFS))
    return Problem(COLUMNS, 1, LINES, (), tuple(items))
