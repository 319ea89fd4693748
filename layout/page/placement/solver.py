"""The placement search: every open item gets a candidate and a rectangle.

How a page is built. Modules are laid one at a time at the page's topmost,
then leftmost free cell (a "skyline" of the next free line in each column).
Every tiling of the page by rectangles can be laid in this order, so nothing
is lost by it (guillotine layouts and the pinwheels of hand-made pages
alike), and the order in which modules are laid is the reading order: top to
bottom, left to right. At each step the search chooses which item comes
next (the most important ones waiting, so rank follows reading order unless
the page gains by a swap), which of its candidates (width, 变栏, headline
size) and how tall its module is (its content's need, the height that lines
its foot up with a neighbour's, the most it can take, or the rest of the
column).

The search is a beam search: after every step it keeps the `beam` cheapest
partial pages, ranked by their cost so far plus a lower bound on what the
rest must cost (free cells against the least and most area the waiting items
can take). Two partial pages with the same items laid and the same skyline
are one: the dearer is dropped. Its work is bounded by the beam width, not
by a clock, so the same problem gives the same layout on any machine.
docs/layout-rules.md gives the reasons and the numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .problem import LEAD, PHOTO, PHOTO_NEWS, Candidate, FixedItem, OpenItem, Problem
from .refine import refine
from .score import (EMPTY, ORDER, OVERSET, SHAPE, EmptyArea, Placement, Score, empty_areas, evaluate,
                    fixed_placement, geometry_terms, lead_top_cost, module_terms, open_placement,
                    rank_terms,
                    reading_order, shape_cost, with_rules)

BEAM = 64            # partial pages kept after each step
WINDOW = 3           # the most important waiting items tried at each step
PER_PARENT = 24      # children of one partial page kept, cheapest first
HEIGHTS = 6          # heights tried for one candidate
SHAPE_LIMIT = 1.0    # candidates already twice out of their kind's proportions at their best height are dropped
MIN_GAP = 3          # no module is set in fewer lines than this
REFINED = 8          # complete pages of the last beam whose heights are refined
PICTURES = (PHOTO, PHOTO_NEWS)
ROUNDS = 1           # passes searching parts of the page again
STRIPS = True


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
class _State:
    profile: tuple[int, ...]       # next free line of each column (0-based index)
    placed: tuple[Placement, ...]  # open items laid so far, in reading order
    mask: int                      # which open items are laid
    cost: float
    used: int                      # cells covered by modules or given up as empty
    empties: tuple[EmptyArea, ...] = ()


class _Search:
    def __init__(self, problem: Problem, beam: int):
        self.p = problem
        self.beam = beam
        self.fixed = tuple(fixed_placement(f) for f in problem.fixed)
        self.items = tuple(sorted(problem.open, key=lambda o: o.rank))  # stable: list order breaks ties
        self.index = {item.key: i for i, item in enumerate(self.items)}
        self.cands = tuple(self._sensible(item) for item in self.items)
        self.min_area = tuple(min(c.cols * c.lines for c in cs) for cs in self.cands)
        self.max_area = tuple(max(c.cols * (c.lines + c.grow + 1) for c in cs) for cs in self.cands)
        self.min_lines = tuple(min(c.lines for c in cs) for cs in self.cands)
        self.min_cols = tuple(min(c.cols for c in cs) for cs in self.cands)
        self.by_width = tuple(_by_width(cs) for cs in self.cands)
        self.free = problem.area - sum(f.cols * f.lines for f in problem.fixed)
        self.obstacles = tuple(sorted((f.line, f.last_line) for f in problem.fixed
                                      if f.col <= col + 1 < f.col + f.cols)
                               for col in range(problem.columns))
        self.states = 0
        self._waits: dict[int, list[int]] = {}
        self._bounds: dict[int, tuple[int, int]] = {}
        self._ranks: dict[tuple, float] = {}

    # -- preparation ---------------------------------------------------------------
    def _sensible(self, item: OpenItem) -> tuple[Candidate, ...]:
        """The item's candidates that obey the editor's constraints and are not
        far out of shape; all obeying ones if every one is."""
        cs = [c for c in item.candidates if c.cols <= self.p.columns
              and (item.cols is None or c.cols == item.cols)]
        if not cs:
            cs = list(item.candidates)  # cannot obey: the over report says so
            cs = [c for c in cs if c.cols <= self.p.columns] or [Candidate(self.p.columns, 1, 1)]

        def best_shape(c: Candidate) -> float:
            return min(shape_cost(item.kind, c.cols, h) for h in range(c.lines, c.lines + c.grow + 2))
        good = [c for c in cs if best_shape(c) <= SHAPE_LIMIT * SHAPE.cost]
        if not good:
            least = min(best_shape(c) for c in cs)
            good = [c for c in cs if best_shape(c) == least]
        return tuple(good)

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
        """The least cost the waiting items must still add, by area alone."""
        free = self.free - s.used
        sums = self._bounds.get(s.mask)
        if sums is None:
            waiting = self._waiting(s)
            sums = self._bounds[s.mask] = (sum(self.min_area[i] for i in waiting),
                                           sum(self.max_area[i] for i in waiting))
        low, high = sums
        if free > high:
            return (free - high) * EMPTY.cost
        if low > free:
            return (low - free) * OVERSET.cost
        return 0.0

    # -- moves ---------------------------------------------------------------------
    def _waiting(self, s: _State) -> list[int]:
        found = self._waits.get(s.mask)
        if found is None:
            found = self._waits[s.mask] = [i for i in range(len(self.items)) if not s.mask >> i & 1]
        return found

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

    def children(self, s: _State) -> list[_State]:
        col, line, run = self._point(s)
        waiting = self._waiting(s)
        if not s.placed and any(self.items[i].rank == LEAD for i in waiting):
            # the lead opens the page (ref §1.6): it is laid first, at the top
            waiting = [i for i in waiting if self.items[i].rank == LEAD][:1]
        tried = 0
        moves = []
        for i in waiting:
            item = self.items[i]
            if item.under is None and tried >= WINDOW:
                continue
            found = self._moves(s, i, col, line, run)
            if found:
                tried += 1 if item.under is None else 0
                moves.extend(found)
        children = [self._settle(self._state(s, *move)) for move in moves]
        children.sort(key=lambda st: st.cost + self.bound(st))
        return children[:PER_PARENT]

    def _moves(self, s: _State, i: int, col: int, line: int, run: int) -> list[tuple]:
        """(cost, item, placement) for each way to lay item i at the free cell."""
        item = self.items[i]
        others = [j for j in self._waiting(s) if j != i]
        rest_cols = min((self.min_cols[j] for j in others), default=None)
        rest_lines = max(MIN_GAP, min((self.min_lines[j] for j in others), default=MIN_GAP))
        base = s.cost + ORDER.cost * sum(1 for j in others if self.items[j].rank < item.rank)
        neighbours = s.placed + self.fixed
        out = []
        headed, picture = item.headed, item.kind in PICTURES
        for cand in self.cands[i]:
            w = cand.cols
            if w > run:
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
            ranked = base + sum(self._rank_cost(i, cand, other) for other in s.placed)
            near = [o for o in neighbours if o.col <= col + 1 + w and col + 1 <= o.col + o.cols
                    and o.last_line + 1 >= line] if headed or picture else ()
            for h in self._heights(s, item, cand, line, room, rest_lines, bool(others)):
                new = open_placement(item, cand, col + 1, line, h, line + h - 1 < self.p.last_line)
                cost = ranked + sum(c for _, c in module_terms(new))
                if item.rank == LEAD:
                    cost += sum(c.cost for c in lead_top_cost(new, self.p.first_line))
                for other in near:
                    if other.line <= new.last_line + 1:
                        cost += sum(c for _, c in geometry_terms(new, other))
                out.append((cost, i, new))
        return out

    def _rank_cost(self, i: int, cand: Candidate, other: Placement) -> float:
        """What a candidate of item i costs beside a laid item by their ranks (kept)."""
        key = (i, id(cand), other.key, id(other.candidate))
        cost = self._ranks.get(key)
        if cost is None:
            probe = open_placement(self.items[i], cand, 1, 1, cand.lines, False)
            cost = self._ranks[key] = sum(c for _, c in rank_terms(probe, other))
        return cost

    def _heights(self, s: _State, item: OpenItem, cand: Candidate, line: int, room: int,
                 rest_lines: int, more: bool) -> list[int]:
        """Module heights worth trying, the most promising first."""
        need = cand.lines + 1
        top = need + cand.grow
        wanted = [need]
        # heights that leave below it exactly the room a waiting item of the
        # same width needs: the column can then be closed
        foot_rule = 1 if line + room - 1 < self.p.last_line else 0
        for j in self._waiting(s):
            if self.items[j] is item:
                continue
            for lines, grow in self.by_width[j].get(cand.cols, ()):
                rest = room - lines - foot_rule
                wanted += [h for h in range(max(need, rest - grow), min(top, rest) + 1)]
        levels = sorted(set(p - line for p in s.profile if p > line))
        wanted += [h for h in levels if need < h < top]
        wanted.append(top)
        # as low as it may go and still leave room for a module under it
        options = []
        for h in wanted:
            if h <= room - rest_lines and h not in options:
                options.append(h)
        # or to the foot of the column (a fixed module, or the page's foot)
        if not more or room <= top - 1 + 6 or room - (need - 1) < rest_lines + 1:
            options.append(room)
        low, high = item.lines or (1, room)
        options = [h for h in options if low <= h <= high and MIN_GAP <= h <= room]
        if not options and low <= room:
            # nothing it wants fits: as near its need as the editor's range allows
            h = min(max(low, min(need, high)), room)
            options = [h] if h >= MIN_GAP else []
        return options[:HEIGHTS]

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
            neighbours = [s.profile[c] for c in (col - 1, col + run) if 0 <= c < len(s.profile)]
            room = self._room(col, run, line)
            down = min([p - line for p in neighbours if p > line] + [room]) if waiting else room
            area = EmptyArea(col + 1, line, run, down)
            self.states += 1
            s = _State(self._lay(s, col, run, line, down), s.placed, s.mask,
                       s.cost + EMPTY.cost * area.cells, s.used + area.cells, s.empties + (area,))

    # -- the beam ------------------------------------------------------------------
    def run(self) -> list[_State]:
        """The complete pages of the last beam, cheapest first."""
        beam = [self.start()]
        for _ in range(len(self.items)):
            merged: dict[tuple, _State] = {}
            for s in beam:
                for child in self.children(s):
                    self.states += 1
                    key = (child.mask, child.profile)
                    old = merged.get(key)
                    if old is None or child.cost < old.cost:
                        merged[key] = child
            if not merged:
                break
            # ties keep the order the states were made in: the same on every run
            ranked = sorted(merged.values(), key=lambda st: st.cost + self.bound(st))
            beam = _diverse(ranked, self.beam)
        done = [s for s in beam if s.mask == (1 << len(self.items)) - 1] or beam
        return sorted(done, key=lambda st: st.cost)

    def finish(self, s: _State) -> tuple[Placement, ...]:
        """The state's modules with their heights refined when they tile the page."""
        mods = self.fixed + s.placed
        if s.empties:
            return mods
        items = {item.key: item for item in self.items}
        return refine(mods, items, self.p.first_line, self.p.last_line)

    def complete(self, s: _State) -> _State:
        """A page the beam filled before every item had its place: each item
        still waiting takes the lower part of the tallest module (both are
        then set over, and the report says so): nothing is ever dropped."""
        placed = list(s.placed)
        for i in self._waiting(s):
            item = self.items[i]
            hosts = [k for k in range(len(placed)) if not placed[k].fixed]
            if not hosts:
                # nothing could be laid beside the hand-placed modules: the item
                # takes the largest blank rectangle left (set over if it is small)
                col, line, cols, lines = _largest_blank(self.p, list(self.fixed) + placed)
                cand = min(self.cands[i], key=lambda c: (abs(c.cols - cols), c.cols))
                cand = replace(cand, cols=cols, text_columns=min(cand.text_columns, 2 * cols))
                placed.append(open_placement(item, cand, col, line, lines, False))
                continue
            tall = max(hosts, key=lambda k: (placed[k].lines, placed[k].cols, -k))
            host = placed[tall]
            if host.lines < 2 * MIN_GAP:
                raise ValueError(f"the page has no room left for {item.key}")
            lower = max(MIN_GAP, host.lines // 2)
            cand = min(self.cands[i], key=lambda c: (abs(c.cols - host.cols), c.cols))
            if cand.cols != host.cols:
                cand = replace(cand, cols=host.cols, text_columns=min(cand.text_columns, 2 * host.cols))
            placed[tall] = replace(host, lines=host.lines - lower)
            placed.append(open_placement(item, cand, host.col, host.line + host.lines - lower, lower,
                                         host.rule_below))
        return _State(s.profile, tuple(placed), (1 << len(self.items)) - 1, s.cost, s.used, s.empties)


def _largest_blank(problem, placed) -> tuple[int, int, int, int]:
    """(col, line, cols, lines) of the largest rectangle of the free area no
    placement covers (the histogram method, row by row)."""
    first, last = problem.first_line, problem.last_line
    covered = [[False] * problem.columns for _ in range(last - first + 1)]
    for p in placed:
        for ln in range(max(first, p.line), min(last, p.line + p.lines - 1) + 1):
            for c in range(p.col, p.col + p.cols):
                covered[ln - first][c - 1] = True
    heights = [0] * problem.columns
    best = (0, 1, first, 1, 1)
    for row, cells in enumerate(covered):
        heights = [0 if cells[c] else heights[c] + 1 for c in range(problem.columns)]
        for c in range(problem.columns):
            h = heights[c]
            for w in range(1, problem.columns - c + 1):
                h = min(h, heights[c + w - 1])
                if h == 0:
                    break
                if h * w > best[0]:
                    best = (h * w, c + 1, first + row - h + 1, w, h)
    return best[1:]


def _by_width(cands) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for c in cands:
        out.setdefault(c.cols, []).append((c.lines, c.grow))
    return out


def _diverse(ranked: list[_State], size: int) -> list[_State]:
    """The `size` best states, taken in turn from each way of laying the first
    module (the lead's width and height decide most of a page): so the beam
    does not fill with pages that share one opening and fail together."""
    groups: dict[tuple, list[_State]] = {}
    for st in ranked:
        first = st.placed[0] if st.placed else None
        key = (first.cols, first.lines) if first else ()
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

    After the first search, the page is searched again below each module's
    top line, everything above it kept (`rounds` times over all such lines):
    a smaller search, so a wider one, where a page most often goes wrong, at
    its foot."""
    layout = _search(problem, beam)
    states = layout.states
    for _ in range(rounds):
        better = False
        for again in _neighbourhoods(layout):
            trial = _research(problem, layout, again, beam)
            if trial is None:
                continue
            states += trial.states
            if _key(trial) < _key(layout):
                layout, better = trial, True
        if not better:
            break
    return replace(layout, states=states)


def _neighbourhoods(layout: Layout) -> list[set[str]]:
    """Sets of modules to place again: all from a module's top line down, and
    all within a module's columns below its top (a strip of the page)."""
    mods = [p for p in layout.placements if not p.fixed]
    out = []
    for top in sorted({p.line for p in mods}):
        out.append({p.key for p in mods if p.line >= top})
    if STRIPS:
        for q in mods:
            out.append({p.key for p in mods if p.line >= q.line and q.col <= p.col
                        and p.col + p.cols <= q.col + q.cols})
    unique = []
    for keys in out:
        if len(keys) >= 2 and keys not in unique:
            unique.append(keys)
    return unique


def _search(problem: Problem, beam: int) -> Layout:
    search = _Search(problem, beam)
    if not search.items:
        return _layout(problem, search.fixed, 0)
    best = None
    for state in search.run()[:REFINED]:
        if state.mask != (1 << len(search.items)) - 1:
            state = search.complete(state)
        for mods in (search.fixed + state.placed, search.finish(state)):
            layout = _layout(problem, mods, search.states)
            if best is None or _key(layout) < _key(best):
                best = layout
    return best


def _research(problem: Problem, layout: Layout, again: set, beam: int) -> Layout | None:
    """The layout with the modules `again` placed anew, the others kept."""
    keep = [p for p in layout.placements if p.key not in again]
    sub = Problem(problem.columns, problem.first_line, problem.last_line,
                  tuple(FixedItem(p.key, p.col, p.line, p.cols, p.lines, p.kind) for p in keep),
                  tuple(o for o in problem.open if o.key in again))
    found = _search(sub, beam)
    placed = [p for p in found.placements if p.key in again]
    return _layout(problem, keep + placed, found.states)


def _key(layout: Layout) -> tuple:
    return (layout.score.total, [(p.key, p.col, p.line, p.cols, p.lines) for p in layout.placements])
def _layout(problem: Problem, mods, states: int) -> Layout:
    placements = with_rules(problem, mods)
    return Layout(tuple(reading_order(placements)), empty_areas(problem, placements),
                  evaluate(problem, placements), states, problem.columns)
