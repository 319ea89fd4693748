"""The rules a page layout is judged by, each named, sourced and priced.

A layout's score is the sum of its rules' costs; `evaluate` gives each rule's
share and the modules it concerns, so a report, a test or the docs can say
why a layout was chosen. The solver adds up the same terms as it goes: the
costs of one module alone (`module_costs`), of two modules together
(`pair_costs`) and of the reading order (`order_cost`).

Sources: "ref §n" is /work/shared/reference/typesetting.md (docs/layout-rules.md
quotes what is needed); [T] trade practice, [C] convention of mainland dailies,
[E] an engineering choice of this project.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from .problem import (BRIEFS, COMMENTARY, CONTINUATION, LEAD, NEWS, PHOTO, PHOTO_NEWS, Candidate,
                      FixedItem, OpenItem, Problem, headed, picture)


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    source: str
    cost: float          # per unit
    unit: str


OVERSET = Rule("overset", "every article fits its module (no overset)",
               "ref §6.1 G9; issue 9 §2", 400.0, "cell short (basic column × grid line)")
EMPTY = Rule("empty", "no empty area (开天窗) beyond a module's acceptable slack",
             "ref §6.1 G8", 40.0, "empty cell")
SLACK = Rule("slack", "text ends at its module's foot (underfull within the accepted 0–2 lines)",
             "ref §5.10 [R][E]", 1.0, "line × text column")
ORDER = Rule("order", "reading order follows rank: top to bottom, left to right",
             "ref §1.6 [T]", 25.0, "pair read out of rank order")
LEAD_TOP = Rule("lead-top", "the lead stands at the top of the free area",
                "ref §1.6 [T]", 10.0, "line below the top")
LEAD_WIDTH = Rule("lead-width", "the lead is the widest article on the page",
                  "ref §1.6, §3.3 [T]", 30.0, "column another article is wider")
LEAD_HEAD = Rule("lead-headline", "the lead's headline is the page's largest",
                 "ref §6.4 P5 (error), §3.2 [T]", 1000.0, "headline as large as the lead's")
HEAD_RANK = Rule("headline-rank", "headline sizes follow rank, not only width",
                 "ref §3.2 [T]", 15.0, "pair whose sizes go against their ranks")
BUMP = Rule("bump", "no two headlines side by side at the same height (撞题)",
            "[C] mainland make-up practice", 100.0,
            "pair whose headline groups stand side by side at the same height (a sixth when one "
            "headline is half as large again as the other)")
HEAD_STEP = Rule("headline-step", "a headline at the largest size its width and rank allow",
                 "ref §3.2 [T]; [E]", 8.0, "size step smaller, taken to fit the copy")
PHOTO_TOUCH = Rule("photo-touch", "photos do not touch each other",
                   "[C] mainland make-up practice", 80.0, "pair sharing an edge")
SHAPE = Rule("shape", "modules keep sensible proportions for their kind",
             "ref §3.3 [T]; [E] ranges", 40.0, "doubling beyond the kind's range")
CROP = Rule("crop", "a photo keeps close to its own proportions",
            "ref §4.4 [R][E]", 2.0, "line from the photo's natural height")
BREAK = Rule("columns", "text in the module's basic columns unless 变栏 fits better",
             "ref §1.3 [T]", 1.0, "module set in other text columns")

RULES = (OVERSET, EMPTY, SLACK, ORDER, LEAD_TOP, LEAD_WIDTH, LEAD_HEAD, HEAD_RANK, BUMP,
         PHOTO_TOUCH, SHAPE, CROP, BREAK, HEAD_STEP)

DISTINCT = 1.5      # a headline this many times another's size is not read as one line with it [C]
DISTINCT_SHARE = 1 / 6
FIXED_HEAD = 4      # headline lines assumed for a module placed by hand (its headline is not known)

# module height ÷ width (both in basic-column ems, see _ratio) a kind sits well in [E]
SHAPES = MappingProxyType({
    NEWS: (0.35, 3.0),
    COMMENTARY: (0.6, 4.5),       # 评论: narrow and tall, one or two columns [C]
    PHOTO_NEWS: (0.4, 2.5),
    BRIEFS: (0.12, 4.5),          # 简讯: a band across the page or a column [C]
    PHOTO: (0.4, 1.6),            # the picture box with its caption
    CONTINUATION: (0.2, 4.0),
})
LINE_EM = 4.0 / 3.0               # a grid line (12 pt pitch) in body ems (9 pt) [D]


@dataclass(frozen=True)
class Placement:
    """A module on the page: an open item with its chosen candidate, or a fixed one."""
    key: str
    col: int
    line: int
    cols: int
    lines: int
    kind: str
    candidate: Candidate | None = None    # None: placed by hand
    rank: int | None = None
    rule_below: bool = False

    @property
    def last_line(self) -> int:
        return self.line + self.lines - 1

    @property
    def fixed(self) -> bool:
        return self.candidate is None

    @property
    def need(self) -> int:
        """Lines its content needs, a rule under it included."""
        if self.candidate is None:
            return self.lines
        return self.candidate.lines + (1 if self.rule_below else 0)

    @property
    def over(self) -> int:
        return max(0, self.need - self.lines)

    @property
    def empty(self) -> int:
        if self.candidate is None:
            return 0
        return max(0, self.lines - self.need - self.candidate.grow)

    @property
    def photo_lines(self) -> int:
        c = self.candidate
        if c is None:
            return 0
        return c.photo_lines + min(max(0, self.lines - self.need), c.photo_grow)


@dataclass(frozen=True)
class EmptyArea:
    """Grid cells no module fills, or that a module cannot use."""
    col: int
    line: int
    cols: int
    lines: int
    foot_of: str | None = None   # the module whose foot it is, None: no module

    @property
    def cells(self) -> int:
        return self.cols * self.lines


@dataclass(frozen=True)
class RuleCost:
    rule: Rule
    cost: float
    items: tuple[str, ...] = ()   # the modules it concerns, e.g. "a.md+b.md" for a pair


@dataclass(frozen=True)
class Score:
    costs: tuple[RuleCost, ...]

    @property
    def total(self) -> float:
        return round(sum(c.cost for c in self.costs), 6)

    def by_rule(self) -> dict[str, float]:
        """Each rule's cost, every rule named (0 where it is kept)."""
        out = {rule.name: 0.0 for rule in RULES}
        for c in self.costs:
            out[c.rule.name] = round(out[c.rule.name] + c.cost, 6)
        return out

    def table(self) -> str:
        lines = [f"{'rule':14} {'cost':>9}  what"]
        for rule in RULES:
            cost = self.by_rule()[rule.name]
            lines.append(f"{rule.name:14} {cost:9.1f}  {rule.title}")
        lines.append(f"{'total':14} {self.total:9.1f}")
        return "\n".join(lines)


# -- one module ----------------------------------------------------------------------

def _ratio(cols: int, lines: int) -> float:
    width_em = 14 * cols - 1                # a long column of n basic columns (ref §1.3)
    return lines * LINE_EM / width_em


def shape_cost(kind: str, cols: int, lines: int) -> float:
    low, high = SHAPES.get(kind, SHAPES[NEWS])
    r = _ratio(cols, lines)
    if r > high:
        return SHAPE.cost * math.log2(r / high)
    if r < low:
        return SHAPE.cost * math.log2(low / r)
    return 0.0


def best_shape(kind: str, cols: int, low: int, high: int) -> float:
    """The least shape cost of a module `cols` wide and low…high lines tall."""
    lo, hi = SHAPES.get(kind, SHAPES[NEWS])
    if _ratio(cols, low) <= hi and _ratio(cols, high) >= lo:
        return 0.0
    return min(shape_cost(kind, cols, low), shape_cost(kind, cols, high))


def module_terms(p: Placement) -> list[tuple[Rule, float]]:
    """The costs of a placed open item on its own, as (rule, cost)."""
    c = p.candidate
    if c is None:
        return []
    out = []
    need = p.need
    if need > p.lines:
        out.append((OVERSET, OVERSET.cost * (need - p.lines) * p.cols))
    extra = p.lines - need
    if extra > c.grow:
        out.append((EMPTY, EMPTY.cost * (extra - c.grow) * p.cols))
    if extra > 0:
        text_slack = min(extra, c.grow) - min(extra, c.photo_grow)
        if text_slack and p.kind != PHOTO:
            out.append((SLACK, SLACK.cost * text_slack * c.text_columns))
    shape = shape_cost(p.kind, p.cols, p.lines)
    if shape:
        out.append((SHAPE, round(shape, 3)))
    if c.photo_grow:
        # the natural height is the middle of the photo's range (estimate.py)
        off = abs(p.photo_lines - (c.photo_lines + c.photo_grow / 2))
        if off > 0.5:
            out.append((CROP, CROP.cost * off))
    if c.text_columns != c.cols and p.kind != PHOTO:
        out.append((BREAK, BREAK.cost))
    if c.head_step:
        out.append((HEAD_STEP, HEAD_STEP.cost * c.head_step))
    return out


def module_costs(p: Placement) -> list[RuleCost]:
    return [RuleCost(rule, cost, (p.key,)) for rule, cost in module_terms(p)]


def lead_top_cost(p: Placement, top: int) -> list[RuleCost]:
    if p.rank == LEAD and p.line > top:
        return [RuleCost(LEAD_TOP, LEAD_TOP.cost * (p.line - top), (p.key,))]
    return []


# -- two modules ---------------------------------------------------------------------

def side_by_side(a: Placement, b: Placement) -> bool:
    """They share part of a vertical border."""
    touch = a.col + a.cols == b.col or b.col + b.cols == a.col
    return touch and a.line <= b.last_line and b.line <= a.last_line


def touching(a: Placement, b: Placement) -> bool:
    """They share part of a border, vertical or horizontal."""
    if side_by_side(a, b):
        return True
    stacked = a.last_line + 1 == b.line or b.last_line + 1 == a.line
    return stacked and a.col < b.col + b.cols and b.col < a.col + a.cols


def _is_article(p: Placement) -> bool:
    return p.kind not in (PHOTO, CONTINUATION)


def head_lines(p: Placement) -> int:
    """Grid lines of a module's headline group, from its top."""
    if p.candidate is None:
        return FIXED_HEAD
    return max(1, p.candidate.head_lines or FIXED_HEAD)


def head_size(p: Placement) -> float | None:
    return p.candidate.headline_size if p.candidate is not None else None


def bumps(a: Placement, b: Placement) -> float:
    """The share of a 撞题 two modules make: 1 when their headline groups stand
    side by side at the same height (their lines overlap), a sixth when one
    headline is half as large again as the other (the eye does not read them
    as one line: the remedy of 字号区别), 0 when they are apart."""
    if not (headed(a.kind) and headed(b.kind) and side_by_side(a, b)):
        return 0.0
    if a.line > b.line + head_lines(b) - 1 or b.line > a.line + head_lines(a) - 1:
        return 0.0
    sa, sb = head_size(a), head_size(b)
    if sa and sb and max(sa, sb) >= DISTINCT * min(sa, sb):
        return DISTINCT_SHARE
    return 1.0


def geometry_terms(a: Placement, b: Placement) -> list[tuple[Rule, float]]:
    """What two modules cost by where they stand: 撞题, photos touching."""
    out = []
    share = bumps(a, b)
    if share:
        out.append((BUMP, round(BUMP.cost * share, 6)))
    if picture(a.kind) and picture(b.kind) and touching(a, b):
        out.append((PHOTO_TOUCH, PHOTO_TOUCH.cost))
    return out


def rank_terms(a: Placement, b: Placement) -> list[tuple[Rule, float]]:
    """What two articles cost by their ranks, whatever their places: the lead
    widest with the largest headline, headline sizes in rank order."""
    if a.rank is None or b.rank is None or a.rank == b.rank or not (_is_article(a) and _is_article(b)):
        return []
    out = []
    first, second = (a, b) if a.rank < b.rank else (b, a)
    fs, ss = first.candidate.headline_size, second.candidate.headline_size
    sizes = fs is not None and ss is not None
    if first.rank == LEAD:
        if second.cols > first.cols and second.kind != BRIEFS:
            out.append((LEAD_WIDTH, LEAD_WIDTH.cost * (second.cols - first.cols)))
        if sizes and ss >= fs:
            out.append((LEAD_HEAD, LEAD_HEAD.cost))
    elif sizes and ss > fs:
        out.append((HEAD_RANK, HEAD_RANK.cost))
    return out


def pair_terms(a: Placement, b: Placement) -> list[tuple[Rule, float]]:
    """The costs two modules make together (each pair once, in either order)."""
    return geometry_terms(a, b) + rank_terms(a, b)


def pair_costs(a: Placement, b: Placement) -> list[RuleCost]:
    terms = pair_terms(a, b)
    if not terms:
        return []
    keys = tuple(sorted((a.key, b.key)))
    return [RuleCost(rule, cost, keys) for rule, cost in terms]


def order_cost(earlier: Placement, later: Placement) -> list[RuleCost]:
    """`later` is read after `earlier`: a cost when it is the more important."""
    if earlier.rank is None or later.rank is None or later.rank >= earlier.rank:
        return []
    return [RuleCost(ORDER, ORDER.cost, (earlier.key, later.key))]


def reading_order(placements) -> list[Placement]:
    """Top to bottom, then left to right, by each module's top-left cell."""
    return sorted(placements, key=lambda p: (p.line, p.col))


# -- a whole layout ------------------------------------------------------------------

def with_rules(problem: Problem, placements) -> tuple[Placement, ...]:
    """The placements with `rule_below` set as the page assembler sets it: a
    module with another module directly under it gives its last line to the rule."""
    out = []
    for p in placements:
        below = any(o is not p and o.line == p.last_line + 1 and o.col < p.col + p.cols
                    and p.col < o.col + o.cols for o in placements)
        out.append(Placement(p.key, p.col, p.line, p.cols, p.lines, p.kind, p.candidate, p.rank, below))
    return tuple(out)


def empty_areas(problem: Problem, placements) -> tuple[EmptyArea, ...]:
    """Cells no module covers (as column runs of whole rows), and the empty
    feet of modules taller than their content allows."""
    out = []
    for p in placements:
        if p.empty:
            out.append(EmptyArea(p.col, p.last_line - p.empty + 1 - (1 if p.rule_below else 0),
                                 p.cols, p.empty, p.key))
    covered = [[False] * problem.columns for _ in range(problem.height)]
    for p in placements:
        for line in range(max(p.line, problem.first_line), min(p.last_line, problem.last_line) + 1):
            for col in range(p.col, min(p.col + p.cols, problem.columns + 1)):
                covered[line - problem.first_line][col - 1] = True
    out.extend(_rectangles(covered, problem.first_line))
    return tuple(out)


def _rectangles(covered: list[list[bool]], first_line: int) -> list[EmptyArea]:
    """Uncovered cells grouped into rectangles: runs of columns carried down
    while the same run stays empty."""
    open_runs: dict[tuple[int, int], int] = {}   # (col, cols) → first line
    out = []
    height = len(covered)
    for row in range(height + 1):
        runs = set(_runs(covered[row])) if row < height else set()
        for run in sorted(open_runs):
            if run not in runs:
                start = open_runs.pop(run)
                out.append(EmptyArea(run[0], first_line + start, run[1], row - start, None))
        for run in sorted(runs):
            open_runs.setdefault(run, row)
    return sorted(out, key=lambda e: (e.line, e.col))


def _runs(row: list[bool]) -> list[tuple[int, int]]:
    runs = []
    col = 0
    while col < len(row):
        if row[col]:
            col += 1
            continue
        start = col
        while col < len(row) and not row[col]:
            col += 1
        runs.append((start + 1, col - start))
    return runs


def evaluate(problem: Problem, placements) -> Score:
    """Every rule's cost for a complete layout (open and fixed modules)."""
    placements = with_rules(problem, placements)
    costs: list[RuleCost] = []
    for p in placements:
        costs.extend(module_costs(p))
        costs.extend(lead_top_cost(p, problem.first_line))
    for i, a in enumerate(placements):
        for b in placements[i + 1:]:
            costs.extend(pair_costs(a, b))
    ordered = reading_order(placements)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            costs.extend(order_cost(a, b))
    for area in empty_areas(problem, placements):
        if area.foot_of is None:
            costs.append(RuleCost(EMPTY, EMPTY.cost * area.cells))
    return Score(tuple(costs))


def fixed_placement(item: FixedItem) -> Placement:
    return Placement(item.key, item.col, item.line, item.cols, item.lines, item.kind)


def open_placement(item: OpenItem, candidate: Candidate, col: int, line: int, lines: int,
                   rule_below: bool) -> Placement:
    return Placement(item.key, col, line, candidate.cols, lines, item.kind, candidate, item.rank,
                     rule_below)
