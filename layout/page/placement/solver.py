"""The placement search: every open item gets a candidate and a rectangle.

How a page is built. Modules are laid one at a time at the page's topmost,
then leftmost free cell (a "skyline" of the next free line in each column).
Every tiling of the page by rectangles can be laid in this order, so nothing
is lost by it (guillotine layouts and the pinwheels of hand-made pages
alike), and the order in which modules are laid is the reading order: top to
bottom, left to right. At each step the search chooses which item comes
next (the next by rank, or the one after it at the cost of reading them out
of order), how wide its module is, and how tall.

An item's candidates are grouped by width: at a width, the heights its
module may take are the union of what its candidates (text columns, headline
sizes, photo heights) fill to within the accepted slack, and at a chosen
height the candidate that fills it best is taken. The heights tried are
those that close the column (to the page's foot or a module placed by hand),
that leave below exactly what a waiting item can close, that line the
module's foot up with a neighbour's, and the tightest fit.

The search is a beam search: after every step it keeps the `beam` cheapest
partial pages, ranked by their cost so far plus a lower bound on what the
rest must cost (free cells against the least and most area the waiting items
can take). Two partial pages with the same items laid and the same skyline
are one: the dearer is dropped. The heights of the best complete pages are
then set again exactly where the page is cut by full lines (refine.py), and
the page is searched again in parts. The work is bounded by the beam width,
not by a clock, so the same problem gives the same layout on any machine.
docs/layout-rules.md gives the reasons and the numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .problem import (CONTINUATION, LEAD, PHOTO, PHOTO_NEWS, Candidate, FixedItem, OpenItem, Problem,
                      headed)
from .refine import REACH, refine
from .score import (DISTINCT, EMPTY, LEAD_HEAD, ORDER, OVERSET, SHAPE, EmptyArea, Placement, Score,
                    best_shape, bumps, empty_areas, evaluate, fixed_placement, geometry_terms, head_lines,
                    lead_top_cost, module_terms, open_placement, rank_terms, reading_order, with_rules)

BEAM = 250           # partial pages kept after each step …
BEAM_ITEMS = 12      # … on a page of up to this many items; fewer on a page of more
MIN_BEAM = 8
HOPELESS = 0.75      # a search across whole runs that ran out of room before laying this share of
                     # the items is not tried again in another order
PER_PARENT = 16      # children of one partial page kept, cheapest first
HEIGHTS = 7          # heights tried for one width
SHAPE_LIMIT = 1.0    # candidates twice out of their kind's proportions at their best height are dropped
MIN_GAP = 3          # no module is set in fewer lines than this
STUCK = 60.0         # per column of a run no stack of waiting items can close (a guess of its cost)
REFINED = 12         # complete pages of the last beam whose heights are refined
PICTURES = (PHOTO, PHOTO_NEWS)
ROUNDS = 0           # passes searching parts of the page again (place(rounds=…) may ask for them)
# the searches tried in turn until one keeps every hard rule (`clean`): how many
# places from its rank's an item may be read at, and whether a run of free
# columns is filled by one module across it (no 撞题 can arise in a run)
PASSES = ((0, True), (1, True), (2, True), (2, False))


@dataclass(frozen=True)
class Layout:
    """The placed page: every module (fixed ones too) in reading order, the
    empty areas, and the score rule by rule."""
    placements: tuple[Placement, ...]
    empty: tuple[EmptyArea, ...]
    score: Score
    states: int = 0               # partial pages the search looked at
    columns: int = 8              # the page's basic columns

    @property
    def over(self) -> tuple[tuple[str, int], ...]:
        """(item, grid lines short) for every module its content does not fit."""
        return tuple((p.key, p.over) for p in self.placements if p.over)

    @property
    def empty_lines(self) -> int:
        """Empty area in grid lines of the full page width, rounded up."""
        cells = sum(a.cells for a in self.empty)
        return -(-cells // self.columns)

    def placement(self, key: str) -> Placement:
        for p in self.placements:
            if p.key == key:
                return p
        raise KeyError(key)


@dataclass(frozen=True)
class _Width:
    """An item's candidates at one width, and the content heights they fill."""
    cols: int
    cands: tuple[Candidate, ...]
    fits: frozenset[int]           # content lines some candidate fills (need … need + grow)
    ordered: tuple[int, ...]       # the same, ascending
    low: int                       # fewest content lines at this width
    high: int                      # most content lines a candidate can usefully take


def _width(cols: int, cands) -> _Width:
    fits = set()
    for c in cands:
        fits.update(range(c.lines, c.lines + c.grow + 1))
    ordered = tuple(sorted(fits))
    return _Width(cols, tuple(cands), frozenset(fits), ordered, ordered[0], ordered[-1])


def _bits(fits) -> int:
    """Module heights with a rule under them (content + 1) as bits of an int."""
    out = 0
    for f in fits:
        out |= 1 << (f + 1)
    return out


@dataclass(frozen=True)
class _State:
    profile: tuple[int, ...]       # next free line of each column
    placed: tuple[Placement, ...]  # open items laid so far, in reading order
    mask: int                      # which open items are laid
    cost: float
    used: int                      # cells covered by modules or given up as empty
    empties: tuple[EmptyArea, ...] = ()


class _Search:
    def __init__(self, problem: Problem, beam: int, shift: int = 0, runs: bool = True):
        self.p = problem
        self.beam = beam
        self.fixed = tuple(fixed_placement(f) for f in problem.fixed)
        self.items = tuple(sorted(problem.open, key=lambda o: o.rank))  # stable: list order breaks ties
        # the place of each item in reading order by its rank (one place for equal ranks)
        self.index = {item.key: k for k, item in enumerate(self.items)}
        self.position = tuple(sum(1 for o in self.items if o.rank < item.rank) for item in self.items)
        self.shift = shift
        self.runs = runs             # a run of free columns is filled by one module across it
        self.widths = tuple(self._widths(item) for item in self.items)
        self.min_area = tuple(min(w.cols * w.low for w in ws.values()) for ws in self.widths)
        self.max_area = tuple(max(w.cols * (w.high + 1) for w in ws.values()) for ws in self.widths)
        self.min_lines = tuple(min(w.low for w in ws.values()) for ws in self.widths)
        self.min_cols = tuple(min(ws) for ws in self.widths)
        # each article's smallest headline size (None: no headline to compare)
        self.smallest = tuple(min((c.headline_size for w in ws.values() for c in w.cands
                                   if c.headline_size), default=None)
                              if item.kind not in (PHOTO, CONTINUATION) else None
                              for item, ws in zip(self.items, self.widths))
        self.free = problem.area - sum(f.cols * f.lines for f in problem.fixed)
        self.obstacles = tuple(sorted((f.line, f.last_line) for f in problem.fixed
                                      if f.col <= col + 1 < f.col + f.cols)
                               for col in range(problem.columns))
        self.states = 0
        self.short: int | None = None    # items laid when every page kept ran out of room
        self._waits: dict[int, list[int]] = {}
        self._bounds: dict[int, tuple[int, int]] = {}
        self._ranks: dict[tuple, float] = {}
        self._modules: dict[tuple, list] = {}
        self._sums: dict[tuple[int, int], int] = {}
        # each item's module heights at each width (content and the rule under it), as bits
        self.bits = tuple({cols: _bits(w.fits) for cols, w in ws.items()} for ws in self.widths)

    # -- preparation ---------------------------------------------------------------
    def _widths(self, item: OpenItem) -> dict[int, _Width]:
        """The item's candidates that obey the editor's constraints and are not
        far out of shape (all obeying ones if every one is), by width."""
        cs = [c for c in item.candidates if c.cols <= self.p.columns
              and (item.cols is None or c.cols == item.cols)]
        if not cs:
            cs = list(item.candidates)  # cannot obey: the over report says so
            cs = [c for c in cs if c.cols <= self.p.columns] or [Candidate(self.p.columns, 1, 1)]

        def shape(c: Candidate) -> float:
            return best_shape(item.kind, c.cols, c.lines, c.lines + c.grow + 1)
        good = [c for c in cs if shape(c) <= SHAPE_LIMIT * SHAPE.cost]
        if not good:
            least = min(shape(c) for c in cs)
            good = [c for c in cs if shape(c) == least]
        by_cols: dict[int, list[Candidate]] = {}
        for c in good:
            by_cols.setdefault(c.cols, []).append(c)
        return {cols: _width(cols, cands) for cols, cands in sorted(by_cols.items())}

    def _skip_fixed(self, col: int, line: int) -> int:
        for top, bottom in self.obstacles[col]:
            if top <= line <= bottom:
                line = bottom + 1
        return line

    def start(self) -> _State:
        profile = tuple(self._skip_fixed(c, self.p.first_line) for c in range(self.p.columns))
        return self._settle(_State(profile, (), 0, 0.0, 0))

    # -- geometry ------------------------------------------------------------------
    def _point(self, s: _State) -> tuple[int, int, int]:
        """The topmost-leftmost free cell: (column index, line, width of the free run)."""
        line = min(s.profile)
        col = s.profile.index(line)
        run = 1
        while col + run < len(s.profile) and s.profile[col + run] == line:
            run += 1
        return col, line, run

    def _room(self, col: int, cols: int, line: int) -> int:
        """Lines free from `line` down in columns col … col+cols−1 (to a fixed
        module or the foot of the page)."""
        bottom = self.p.last_line + 1
        for c in range(col, col + cols):
            for top, _ in self.obstacles[c]:
                if top >= line:
                    bottom = min(bottom, top)
                    break
        return bottom - line

    def _lay(self, s: _State, col: int, cols: int, line: int, lines: int) -> tuple[int, ...]:
        profile = list(s.profile)
        for c in range(col, col + cols):
            profile[c] = self._skip_fixed(c, line + lines)
        return tuple(profile)

    # -- the bound -----------------------------------------------------------------
    def bound(self, s: _State) -> float:
        """What the waiting items must still cost, as far as it shows: the free
        cells against the least and most area they can take, and each run of
        free columns that none of them, stacked at its width, can fill to the
        foot of the page or to a neighbour's level (a line or two of it will
        be over or empty)."""
        free = self.free - s.used
        sums = self._bounds.get(s.mask)
        waiting = self._waiting(s)
        if sums is None:
            sums = self._bounds[s.mask] = (sum(self.min_area[i] for i in waiting),
                                           sum(self.max_area[i] for i in waiting))
        low, high = sums
        cost = 0.0
        if free > high:
            cost = (free - high) * EMPTY.cost
        elif low > free:
            cost = (low - free) * OVERSET.cost
        if waiting:
            cost += self._stuck(s, waiting)
        return cost

    def _stuck(self, s: _State, waiting: list[int]) -> float:
        """A cost for each run of free columns no stack of waiting items closes."""
        profile = s.profile
        last = self.p.last_line
        cost = 0.0
        col = 0
        n = len(profile)
        while col < n:
            level = profile[col]
            end = col
            while end + 1 < n and profile[end + 1] == level:
                end += 1
            if level <= last:
                cols = end - col + 1
                room = self._room(col, cols, level)
                foot = 0 if level + room - 1 >= last else 1
                sums = self._sumset(waiting, cols)
                ok = sums >> (room + 1 - foot) & 1
                if not ok:
                    for nb in (col - 1, end + 1):
                        if 0 <= nb < n and level < profile[nb] <= last and sums >> (profile[nb] - level) & 1:
                            ok = 1
                            break
                if not ok:
                    cost += STUCK * cols
            col = end + 1
        return cost

    # -- moves ---------------------------------------------------------------------
    def _waiting(self, s: _State) -> list[int]:
        found = self._waits.get(s.mask)
        if found is None:
            found = self._waits[s.mask] = [i for i in range(len(self.items)) if not s.mask >> i & 1]
        return found

    def _next(self, s: _State, waiting: list[int]) -> list[int]:
        """The items that may be laid next: in rank order, each at most
        `self.shift` places from where its rank puts it (items of one rank in
        any order); an item placed `under` another goes where it can."""
        placed = len(self.items) - len(waiting)
        late = [i for i in waiting if self.position[i] < placed - self.shift + 1]
        allowed = late or [i for i in waiting if self.position[i] <= placed + self.shift]
        ranks = {self.items[i].rank for i in allowed}
        return [i for i in waiting if self.items[i].rank in ranks or self.items[i].under is not None]

    def _fits_here(self, s: _State, i: int, col: int, line: int, run: int) -> bool:
        item = self.items[i]
        if self.min_cols[i] > run:
            return False
        if item.under is not None and not self._under_ok(s, item, col, line, self.min_cols[i]):
            return False
        if item.side == "left" and col != 0:
            return False
        return True

    def _under_ok(self, s: _State, item: OpenItem, col: int, line: int, cols: int) -> bool:
        above = next((p for p in s.placed + self.fixed if p.key == item.under), None)
        if above is None or above.last_line + 1 != line:
            return False
        return above.col - 1 < col + cols and col < above.col - 1 + above.cols

    def children(self, s: _State) -> list[tuple[float, _State]]:
        """The states one move from `s` worth keeping, each with its rank (its
        cost and the bound of what it still must cost), best first."""
        col, line, run = self._point(s)
        if line > self.p.last_line:
            return []      # the page is full: what still waits is completed over (`complete`)
        waiting = self._waiting(s)
        if not s.placed and any(self.items[i].rank == LEAD for i in waiting):
            # the lead opens the page (ref §1.6): it is laid first, at the top
            waiting = [i for i in waiting if self.items[i].rank == LEAD][:1]
        moves = []
        for i in self._next(s, waiting):
            moves.extend(self._moves(s, i, col, line, run))
        if not moves:
            # no item that may come next can stand here: the cells stay empty
            return [self._ranked(self._settle(self._empty(s, col, line, run)))]
        moves.sort(key=lambda m: m[0])
        children = [self._ranked(self._settle(self._state(s, *move))) for move in moves[:2 * PER_PARENT]]
        children.sort(key=lambda ranked: ranked[0])
        return children[:PER_PARENT]

    def _ranked(self, s: _State) -> tuple[float, _State]:
        # the bound is worked out once a state: the beam ranks by it again
        return s.cost + self.bound(s), s

    def _moves(self, s: _State, i: int, col: int, line: int, run: int) -> list[tuple]:
        """(cost, item, placement) for each way to lay item i at the free cell."""
        item = self.items[i]
        others = [j for j in self._waiting(s) if j != i]
        rest_cols = min((self.min_cols[j] for j in others), default=None)
        rest_lines = max(MIN_GAP, min((self.min_lines[j] for j in others), default=MIN_GAP))
        base = s.cost + ORDER.cost * sum(1 for j in others if self.items[j].rank < item.rank)
        neighbours = s.placed + self.fixed
        out = []
        # a run of free columns is filled by one module across it: two modules
        # side by side at one line would put their headlines side by side (撞题).
        # The lead chooses its width; a picture may stand beside a module, and a
        # module beside a picture or beside a headline half as large again as
        # its own; an item that cannot be as wide as the run takes the widest it can
        fitting = [w for w in self.widths[i] if w <= run]
        if not fitting:
            return out
        free = (item.rank == LEAD and not s.placed) or item.kind in PICTURES or not self.runs
        nxt = [j for j in others if self.items[j].rank == min(self.items[k].rank for k in others)] \
            if others else []
        for width in self.widths[i].values():
            w = width.cols
            if w > run:
                continue
            if w < max(fitting) and not free and not any(self._beside(i, w, j, run - w) for j in nxt):
                continue
            if w < run and (rest_cols is None or run - w < rest_cols):
                continue   # the rest of the run could take no module
            if item.side == "left" and col != 0:
                continue
            if item.side == "right" and col + w != self.p.columns:
                continue
            if item.under is not None and not self._under_ok(s, item, col, line, w):
                continue
            room = self._room(col, w, line)
            near = [o for o in neighbours if o.col <= col + 1 + w and col + 1 <= o.col + o.cols
                    and o.last_line + 1 >= line]
            # the laid modules all start at or above this line: how the module
            # stands beside them does not depend on its height (modules placed
            # by hand lower down do)
            above = [o for o in near if o.line <= line]
            lower = [o for o in near if o.line > line]
            context: dict[int, float] = {}
            for h in self._heights(s, i, width, col, line, room, rest_lines, others):
                below = h < room or line + h - 1 < self.p.last_line
                best = None
                for module, cand in self._module(i, width, h, below):
                    new = open_placement(item, cand, col + 1, line, h, below)
                    extra = context.get(id(cand))
                    if extra is None:
                        extra = context[id(cand)] = self._context(s, i, new, above)
                    cost = base + module + extra
                    for other in lower:
                        if other.line <= new.last_line + 1:
                            cost += sum(c for _, c in geometry_terms(new, other))
                    if best is None or cost < best[0]:
                        best = (cost, i, new)
                cost, _, new = best
                if item.rank == LEAD:
                    cost += sum(c.cost for c in lead_top_cost(new, self.p.first_line))
                out.append((cost, i, new))
        return out

    def _context(self, s: _State, i: int, new: Placement, above) -> float:
        """What a module costs beside the modules laid before it: by their
        ranks (headline sizes, the lead's width) and where they stand (撞题,
        photos touching)."""
        cand = new.candidate
        cost = sum(self._rank_cost(i, cand, other) for other in s.placed)
        if not s.placed and self.items[i].rank == LEAD and cand.headline_size:
            # the lead's headline must be the largest: each item that has no
            # smaller size will cost it
            cost += LEAD_HEAD.cost * sum(1 for j, small in enumerate(self.smallest)
                                         if j != i and small is not None and small >= cand.headline_size)
        for other in above:
            for _, c in geometry_terms(new, other):
                cost += c
        return cost

    def _beside(self, i: int, cols: int, j: int, rest: int) -> bool:
        """Item j can stand beside item i (`cols` wide) in the `rest` columns
        of the run without a 撞题: it is a picture, or its headline can be half
        as large again as i's, or i's as j's."""
        other = self.items[j]
        if other.kind in PICTURES or not self.items[i].headed:
            return True
        mine = {c.headline_size for c in self.widths[i][cols].cands if c.headline_size}
        theirs = {c.headline_size for w, ws in self.widths[j].items() if w <= rest
                  for c in ws.cands if c.headline_size}
        return any(max(a, b) >= DISTINCT * min(a, b) for a in mine for b in theirs)

    def _module(self, i: int, width: _Width, h: int, below: bool) -> list[tuple[float, Candidate]]:
        """Item i's module `h` lines tall at this width: for each headline size,
        the candidate that fills it best and what it costs on its own (how it
        stands beside its neighbours decides between the sizes)."""
        key = (i, width.cols, h, below)
        found = self._modules.get(key)
        if found is None:
            item = self.items[i]
            content = h - (1 if below else 0)
            cands = [c for c in width.cands if c.lines <= content <= c.lines + c.grow] or width.cands
            best: dict = {}
            for c in cands:
                probe = Placement(item.key, 1, 1, c.cols, h, item.kind, c, item.rank, below)
                cost = sum(v for _, v in module_terms(probe))
                if c.headline_size not in best or cost < best[c.headline_size][0]:
                    best[c.headline_size] = (cost, c)
            found = self._modules[key] = sorted(best.values(), key=lambda e: e[0])
        return found

    def _rank_cost(self, i: int, cand: Candidate, other: Placement) -> float:
        """What a candidate of item i costs beside a laid item by their ranks (kept)."""
        key = (i, id(cand), other.key, id(other.candidate))
        cost = self._ranks.get(key)
        if cost is None:
            probe = open_placement(self.items[i], cand, 1, 1, cand.lines, False)
            cost = self._ranks[key] = sum(c for _, c in rank_terms(probe, other))
        return cost

    def _sumset(self, items: list[int], cols: int) -> int:
        """The heights (as bits) that some of `items`, stacked at this width,
        fill exactly, each with the rule line under it."""
        key = (sum(1 << j for j in items), cols)
        found = self._sums.get(key)
        if found is None:
            limit = (1 << (self.p.height + 3)) - 1
            found = 0
            for j in items:
                bits = self.bits[j].get(cols, 0)
                grown = bits
                rest = found
                while rest:
                    low = rest & -rest
                    grown |= bits << (low.bit_length() - 1)
                    rest ^= low
                found = (found | grown) & limit
            self._sums[key] = found
        return found

    def _heights(self, s: _State, i: int, width: _Width, col: int, line: int, room: int,
                 rest_lines: int, others: list[int]) -> list[int]:
        """Module heights worth trying: those that leave below a room the
        waiting items of this width can fill exactly, and (where there is a
        choice) do not start the next module beside a neighbour's headline."""
        item = self.items[i]
        foot = 0 if line + room - 1 >= self.p.last_line else 1   # a module placed by hand below
        fits = width.fits
        low, high = item.lines or (MIN_GAP, room)
        sums = self._sumset(others, width.cols)
        closing: list[int] = []
        aligned: list[int] = []
        levels = {p - line for p in s.profile if p > line}
        if room - foot in fits:
            closing.append(room)
        for f in width.ordered:
            h = f + 1
            rest = room - h
            if h > high or rest < rest_lines:
                break
            if h >= low and sums >> (rest + 1 - foot) & 1:
                (aligned if h in levels else closing).append(h)
        if not self.runs:
            # modules may stand side by side: also its tightest and loosest
            # fits, and the feet of its neighbours
            loose = [width.ordered[0] + 1, width.ordered[-1] + 1] + sorted(h for h in levels if h - 1 in fits)
            aligned += [h for h in loose if room - h >= rest_lines and h not in closing and h not in aligned]
        options = [h for h in closing + aligned if MIN_GAP <= h <= room and low <= h <= high]
        apart = [h for h in options if h == room or not self._beside_headline(s, col, width.cols, line + h)]
        options = apart or options
        if len(options) > HEIGHTS:
            # the tightest and the loosest, and those in between evenly
            step = (len(options) - 1) / (HEIGHTS - 1)
            options = sorted({options[round(k * step)] for k in range(HEIGHTS)})
        if not options:
            # nothing closes: its tightest fits, and the rest of the column
            for h in [f + 1 for f in width.ordered[:2]] + [room]:
                if MIN_GAP <= h <= room and low <= h <= high and h not in options \
                        and (h == room or room - h >= rest_lines):
                    options.append(h)
            if not options:
                options = [min(room, max(width.low + 1, rest_lines, MIN_GAP))]
        return options

    def _beside_headline(self, s: _State, col: int, cols: int, start: int) -> bool:
        """A module starting at line `start` in these columns would have its
        headline beside the headline of a module standing next to it."""
        for p in s.placed + self.fixed:
            if (p.col - 1 + p.cols == col or p.col - 1 == col + cols) and p.line <= start <= p.last_line:
                if headed(p.kind) and start <= p.line + head_lines(p) - 1:
                    return True
        return False

    def _state(self, s: _State, cost: float, i: int, new: Placement) -> _State:
        profile = self._lay(s, new.col - 1, new.cols, new.line, new.lines)
        return _State(profile, s.placed + (new,), s.mask | 1 << i, cost, s.used + new.cols * new.lines,
                      s.empties)

    # -- empty areas ---------------------------------------------------------------
    def _settle(self, s: _State) -> _State:
        """Give up as empty the cells no waiting item can take, until the next
        free cell can take one (or the page is full)."""
        while True:
            col, line, run = self._point(s)
            if line > self.p.last_line:
                return s
            waiting = self._waiting(s)
            if any(self._fits_here(s, i, col, line, run) for i in waiting):
                return s
            s = self._empty(s, col, line, run)

    def _empty(self, s: _State, col: int, line: int, run: int) -> _State:
        """The run at (col, line) given up as empty, down to its neighbours' level."""
        neighbours = [s.profile[c] for c in (col - 1, col + run) if 0 <= c < len(s.profile)]
        room = self._room(col, run, line)
        down = min([p - line for p in neighbours if p > line] + [room]) if self._waiting(s) else room
        area = EmptyArea(col + 1, line, run, down)
        self.states += 1
        return _State(self._lay(s, col, run, line, down), s.placed, s.mask,
                      s.cost + EMPTY.cost * area.cells, s.used + area.cells, s.empties + (area,))

    # -- the beam ------------------------------------------------------------------
    def run(self) -> list[_State]:
        """The complete pages of the last beam, cheapest first."""
        beam = [self.start()]
        full = (1 << len(self.items)) - 1
        for _ in range(len(self.items)):
            merged: dict[tuple, tuple[float, _State]] = {}
            for s in beam:
                for rank, child in self.children(s):
                    self.states += 1
                    # complete pages stay apart: refining may rank them differently
                    key = (child.mask, child.profile) if child.mask != full else (child.mask, child.placed)
                    old = merged.get(key)
                    if old is None or child.cost < old[1].cost:
                        merged[key] = (rank, child)
            if not merged:
                break
            # ties keep the order the states were made in: the same on every run
            ranked = [st for _, st in sorted(merged.values(), key=lambda ranked: ranked[0])]
            beam = _diverse(ranked, self.beam)
            if self.runs and all(self._overfull(st) for st in beam):
                # every page kept has less room left than its waiting items need:
                # modules across whole runs take too much of the page for them
                self.short = len(self.items) - len(self._waiting(beam[0]))
                break
        done = [s for s in beam if s.mask == full] or beam
        return sorted(done, key=lambda st: st.cost)

    def _overfull(self, s: _State) -> bool:
        """The waiting items' least area is more than the free cells: this page
        will be over, whatever comes next."""
        waiting = self._waiting(s)
        return bool(waiting) and sum(self.min_area[i] for i in waiting) > self.free - s.used

    def finish(self, s: _State) -> tuple[Placement, ...]:
        """The state's modules with their heights refined where they tile the page."""
        mods = self.fixed + s.placed
        if s.empties:
            return mods
        return refine(mods, self._leaf, self.p.first_line, self.p.last_line)

    def _leaf(self, p: Placement, below: bool) -> dict:
        """An open module's cost at each height `refine` may give it: the
        cheapest candidate of its width at each, REACH lines either side of
        what they fill (within the editor's range)."""
        i = self.index[p.key]
        width = self.widths[i].get(p.cols) or _width(p.cols, [p.candidate])
        low, high = self.items[i].lines or (1, self.p.height)
        out = {}
        for h in range(max(low, MIN_GAP, width.low - REACH), min(high, width.high + 1 + REACH) + 1):
            cost, cand = self._module(i, width, h, below)[0]
            out[h] = (cost, cand)
        return out

    def complete(self, s: _State) -> _State:
        """A page the beam filled before every item had its place: each item
        still waiting takes the lower part of the tallest module (both are
        then set over, and the report says so): nothing is ever dropped."""
        placed = list(s.placed)
        for i in self._waiting(s):
            item = self.items[i]
            if not placed:
                raise ValueError(f"the page has no room left for {item.key}")
            tall = max(range(len(placed)), key=lambda k: (placed[k].lines, placed[k].cols, -k))
            host = placed[tall]
            if host.lines < 2 * MIN_GAP:
                raise ValueError(f"the page has no room left for {item.key}")
            lower = max(MIN_GAP, host.lines // 2)
            cands = [c for w in self.widths[i].values() for c in w.cands]
            cand = min(cands, key=lambda c: (abs(c.cols - host.cols), c.cols))
            if cand.cols != host.cols:
                cand = replace(cand, cols=host.cols, text_columns=min(cand.text_columns, 2 * host.cols))
            placed[tall] = replace(host, lines=host.lines - lower)
            placed.append(open_placement(item, cand, host.col, host.line + host.lines - lower, lower,
                                         host.rule_below))
        return _State(s.profile, tuple(placed), (1 << len(self.items)) - 1, s.cost, s.used, s.empties)


def _diverse(ranked: list[_State], size: int) -> list[_State]:
    """The `size` best states, taken in turn from each way of laying the first
    module (the lead's width and height decide most of a page): so the beam
    does not fill with pages that share one opening and fail together."""
    groups: dict[tuple, list[_State]] = {}
    for st in ranked:
        first = st.placed[0] if st.placed else None
        key = (first.cols,) if first else ()
        groups.setdefault(key, []).append(st)
    out = []
    depth = 0
    while len(out) < size and any(depth < len(g) for g in groups.values()):
        for g in groups.values():
            if depth < len(g) and len(out) < size:
                out.append(g[depth])
        depth += 1
    return out


def place(problem: Problem, beam: int = BEAM, rounds: int = ROUNDS) -> Layout:
    """Place every open item of `problem`; fixed items stay. Never drops an
    item: content that cannot fit is set over (Layout.over says by how many
    lines), and room no content fills is reported as empty (Layout.empty).

    The items are first laid strictly in rank order, each run of free
    columns filled by one module across it; when that leaves the page over,
    empty, with a 撞题 or with photos touching, they may be laid up to one
    place, then two, from their rank's (each pair read out of order costs),
    and at last modules may stand side by side in a run (each 撞题 costs).
    The first clean page found is kept, else the cheapest. Then the page is searched again below each module's top line,
    everything above it kept (`rounds` times over all such lines): a smaller
    search, so a wider one, where a page most often goes wrong, at its foot."""
    layout = None
    states = 0
    hopeless = False
    for shift, runs in PASSES:
        if runs and hopeless:
            continue
        found, short = _searched(problem, beam, shift, runs)
        if short is not None:
            # items forced across whole runs ran out of room (many short items):
            # reading them in another order will not help, unless it came late
            hopeless = short < HOPELESS * len(problem.open)
            continue
        states += found.states
        # a page that keeps every hard rule wins over one that does not, then the cheapest
        if layout is None or (not clean(found), _key(found)) < (not clean(layout), _key(layout)):
            layout = found
        if clean(layout):
            break
    for _ in range(rounds):
        better = False
        for again in _neighbourhoods(layout):
            trial = _research(problem, layout, again, beam, shift)
            if trial is None:
                continue
            states += trial.states
            if _key(trial) < _key(layout):
                layout, better = trial, True
        if not better:
            break
    return replace(layout, states=states)


def clean(layout: Layout) -> bool:
    """Nothing over or empty, the lead's headline the largest, no 撞题 and no
    photos touching: a page that keeps every hard rule."""
    rules = layout.score.by_rule()
    if any(rules[name] for name in ("overset", "empty", "lead-headline", "photo-touch")):
        return False
    mods = layout.placements
    return not any(bumps(a, b) >= 1 for k, a in enumerate(mods) for b in mods[k + 1:])


def _neighbourhoods(layout: Layout) -> list[set[str]]:
    """Sets of modules to place again: all from a module's top line down, and
    all within a module's columns below its top (a strip of the page)."""
    mods = [p for p in layout.placements if not p.fixed]
    out = []
    for top in sorted({p.line for p in mods}):
        out.append({p.key for p in mods if p.line >= top})
    for q in mods:
        out.append({p.key for p in mods if p.line >= q.line and q.col <= p.col
                    and p.col + p.cols <= q.col + q.cols})
    unique = []
    for keys in out:
        if len(keys) >= 2 and keys not in unique:
            unique.append(keys)
    return unique


def _search(problem: Problem, beam: int, shift: int = 0, runs: bool = True) -> Layout:
    found, short = _searched(problem, beam, shift, runs)
    return found if short is None else _searched(problem, beam, shift, False)[0]


def _searched(problem: Problem, beam: int, shift: int, runs: bool) -> tuple[Layout | None, int | None]:
    """The best layout of one search; or, when every page it kept ran out of
    room with modules across whole runs, None and how many items it had laid."""
    # the work of a pass grows with the items and the beam: the beam narrows
    # for a page of many items, so that any page of 8–15 stays within its time
    beam = max(MIN_BEAM, min(beam, beam * BEAM_ITEMS // max(1, len(problem.open))))
    search = _Search(problem, beam, shift, runs)
    if not search.items:
        return _layout(problem, search.fixed, 0), None
    states = search.run()
    if search.short is not None:
        return None, search.short
    best = None
    for state in states[:REFINED]:
        if state.mask != (1 << len(search.items)) - 1:
            state = search.complete(state)
        for mods in (search.fixed + state.placed, search.finish(state)):
            layout = _layout(problem, mods, search.states)
            if best is None or _key(layout) < _key(best):
                best = layout
    return best, search.short


def _research(problem: Problem, layout: Layout, again: set, beam: int, shift: int) -> Layout | None:
    """The layout with the modules `again` placed anew, the others kept."""
    keep = [p for p in layout.placements if p.key not in again]
    sub = Problem(problem.columns, problem.first_line, problem.last_line,
                  tuple(FixedItem(p.key, p.col, p.line, p.cols, p.lines, p.kind) for p in keep),
                  tuple(o for o in problem.open if o.key in again))
    try:
        found = _search(sub, beam, shift)
    except ValueError:
        return None          # what is kept leaves them no room
    placed = [p for p in found.placements if p.key in again]
    return _layout(problem, keep + placed, found.states)


def _key(layout: Layout) -> tuple:
    return (layout.score.total, [(p.key, p.col, p.line, p.cols, p.lines) for p in layout.placements])


def _layout(problem: Problem, mods, states: int) -> Layout:
    placements = with_rules(problem, mods)
    return Layout(tuple(reading_order(placements)), empty_areas(problem, placements),
                  evaluate(problem, placements), states, problem.columns)
