"""Heights set again for a whole layout at once, its arrangement kept.

The search sets each module's height as it lays it, top to bottom, so a
column can end a line or two short or over at the foot of the page. Most
pages are guillotine layouts (cut by full-width or full-height lines, again
and again), and for those the best heights are found exactly: a stack of
modules (horizontal cuts) may share its height among them in any way, and
modules side by side (vertical cuts) must be as tall as each other. Each
part's cost as a function of its height is worked out from the leaves up;
at the top the part's height is asked for and the choices are followed back
down. Each leaf's costs come from the caller (the search's: the cheapest
candidate of the module's width at each height, other 变栏, headline sizes
and photo heights among them). What is not guillotine (a pinwheel), and any
part holding a module placed by hand, keeps its heights; the parts of it
that are free are refined within their own height.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .score import Placement

REACH = 12            # a leaf's height is tried this many lines either side of its range (solver.py)


@dataclass(frozen=True)
class Node:
    kind: str                      # leaf, stack (cut horizontally), row (cut vertically), rigid
    children: tuple = ()
    placement: Placement | None = None

    def modules(self) -> list[Placement]:
        if self.kind == "leaf":
            return [self.placement]
        return [p for child in self.children for p in child.modules()]

    @property
    def top(self) -> int:
        return min(p.line for p in self.modules())

    @property
    def height(self) -> int:
        return max(p.last_line for p in self.modules()) - self.top + 1

    @property
    def fixed(self) -> bool:
        return any(p.fixed for p in self.modules())


def _groups(mods: list[Placement], stack: bool) -> list[list[Placement]] | None:
    """The modules in groups parted by full cuts (across when `stack`), or None."""
    span = (lambda p: (p.line, p.last_line)) if stack else (lambda p: (p.col, p.col + p.cols - 1))
    ordered = sorted(mods, key=span)
    groups = [[ordered[0]]]
    reach = span(ordered[0])[1]
    for p in ordered[1:]:
        start, end = span(p)
        if start > reach:
            groups.append([p])
        else:
            groups[-1].append(p)
        reach = max(reach, end)
    return groups if len(groups) > 1 else None


def tree(mods: list[Placement]) -> Node:
    """The guillotine tree of a tiling (rigid where it has none)."""
    if len(mods) == 1:
        return Node("leaf", placement=mods[0])
    for stack in (True, False):
        groups = _groups(mods, stack)
        if groups:
            return Node("stack" if stack else "row", tuple(tree(g) for g in groups))
    return Node("rigid", tuple(Node("leaf", placement=p) for p in mods))


class _Heights:
    """Cost tables: {height: (cost, plan)}; a plan says how to lay a node at that height."""

    def __init__(self, leaf, limit: int):
        self.leaf_costs = leaf      # (placement, below) → {height: (cost, candidate)}
        self.limit = limit

    def leaf(self, p: Placement, below: bool) -> dict:
        return {h: (cost, ("leaf", replace(p, lines=h, candidate=cand, rule_below=below)))
                for h, (cost, cand) in self.leaf_costs(p, below).items() if h <= self.limit}

    def solve(self, node: Node, below: bool) -> dict:
        if node.kind == "leaf" and not node.placement.fixed:
            return self.leaf(node.placement, below)
        if node.kind in ("leaf", "rigid") or node.fixed:
            return {node.height: (0.0, ("keep", node))}
        if node.kind == "stack":
            acc = {0: (0.0, ())}
            last = len(node.children) - 1
            for k, child in enumerate(node.children):
                part = self.solve(child, below if k == last else True)
                nxt = {}
                for ha, (ca, pa) in acc.items():
                    for hb, (cb, pb) in part.items():
                        h = ha + hb
                        if h <= self.limit and (h not in nxt or ca + cb < nxt[h][0]):
                            nxt[h] = (ca + cb, pa + ((hb, pb),))
                acc = nxt
            return {h: (c, ("stack", plan)) for h, (c, plan) in acc.items()}
        acc = None
        for child in node.children:
            part = self.solve(child, below)
            if acc is None:
                acc = {h: (c, (p,)) for h, (c, p) in part.items()}
            else:
                acc = {h: (acc[h][0] + part[h][0], acc[h][1] + (part[h][1],)) for h in acc if h in part}
        return {h: (c, ("row", plan)) for h, (c, plan) in acc.items()}


def _lay(node: Node, plan, line: int) -> list[Placement]:
    kind = plan[0]
    if kind == "leaf":
        return [replace(plan[1], line=line)]
    if kind == "keep":
        shift = line - plan[1].top
        return [replace(p, line=p.line + shift) for p in plan[1].modules()]
    out = []
    for child, sub in zip(node.children, plan[1]):
        if kind == "stack":
            height, sub = sub
            out += _lay(child, sub, line)
            line += height
        else:
            out += _lay(child, sub, line)
    return out


def _refine(node: Node, heights: _Heights, last_line: int) -> list[Placement]:
    """Refine every part free of hand-placed modules within its own height."""
    if not node.fixed:
        below = node.top + node.height - 1 < last_line
        table = heights.solve(node, below)
        if node.height in table:
            return _lay(node, table[node.height][1], node.top)
        return node.modules()
    if node.kind in ("leaf", "rigid"):
        return node.modules()
    return [p for child in node.children for p in _refine(child, heights, last_line)]


def refine(placements, leaf, first_line: int, last_line: int) -> tuple[Placement, ...]:
    """The layout with its heights set anew; `placements` must tile the page.
    `leaf(placement, below)` gives an open module's cost at each height it may
    take, {height: (cost, candidate)} (`below`: another module stands under it)."""
    mods = list(placements)
    if not mods:
        return ()
    root = tree(mods)
    return tuple(_refine(root, _Heights(leaf, last_line - first_line + 1), last_line))
