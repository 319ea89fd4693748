"""Modules on the page grid and the rules between them (typesetting reference §3).

Each item of a page takes a rectangle of basic columns × grid lines. A module
with another module directly under it gives its last line to the horizontal
rule between them, so its content ends a line higher.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..plan import Frame, Rule
from ..spec.page_style import PageStyle


@dataclass(frozen=True)
class Module:
    """An item and its frame on the grid."""
    item: object
    frame: Frame
    rule_below: bool

    @property
    def last_line(self) -> int:
        return self.frame.line + self.frame.lines - 1


def has_module_below(item, items) -> bool:
    col, line = item.at
    cols, lines = item.span
    last = line + lines - 1
    return any(o is not item and o.at[1] == last + 1 and o.at[0] < col + cols and col < o.at[0] + o.span[0]
               for o in items)


def modules_of(items) -> list[Module]:
    mods = []
    for item in items:
        col, line = item.at
        cols, lines = item.span
        last = line + lines - 1
        below = has_module_below(item, items)
        mods.append(Module(item, Frame(col, line, cols, lines, last - 1 if below else last), below))
    return mods


def rule_y(line: int, style: PageStyle) -> float:
    """Middle of the white between the text above blank line `line` and the next line."""
    above = style.line_top(line) - style.line_gap
    below = style.line_top(line + 1)
    return (above + below) / 2


def _outline(m: Module, style: PageStyle) -> tuple[float, float, float, float]:
    f = m.frame
    half_gutter = style.gutter / 2
    left = style.column_x(f.col) - (half_gutter if f.col > 1 else 0)
    right = style.column_x(f.col) + style.span_width(f.cols) + \
        (half_gutter if f.col + f.cols - 1 < style.columns else 0)
    top = style.line_top(f.line) - (style.pitch - style.line_gap) / 2 - style.line_gap \
        if f.line > 1 else style.top
    if m.rule_below:
        bottom = rule_y(m.last_line, style)
    else:
        bottom = style.line_top(m.last_line) + style.body_size
    return left, right, top, bottom


def rules_between(mods: list[Module], style: PageStyle) -> list[Rule]:
    """Hairlines between modules: horizontal ones through the blank line a module
    leaves under itself, vertical ones centred in the gutter."""
    rules = []
    for m in mods:
        left, right, top, bottom = _outline(m, style)
        if m.rule_below:
            rules.append(Rule(left, bottom, right, bottom, style.rule_width))
    for a in mods:
        _, _, a_top, a_bottom = _outline(a, style)
        for b in mods:
            if b.frame.col != a.frame.col + a.frame.cols:
                continue
            _, _, b_top, b_bottom = _outline(b, style)
            top = max(a_top, b_top)
            bottom = min(a_bottom, b_bottom)
            if bottom - top > 1:
                x = style.column_x(b.frame.col) - style.gutter / 2
                rules.append(Rule(x, top, x, bottom, style.rule_width))
    return rules
