"""Page geometry derived from a few style values (typesetting reference §1).

Everything on the page hangs off this grid: basic columns of a whole number
of body ems with one-em gutters, and body lines on one baseline pitch. Nothing
is tuned by hand for one page; change the style values and the page follows.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..units import mm
from .typesetting import PLAIN, Typesetting

# Noto CJK and most CJK fonts put the ideographic em box from -0.12 em to
# 0.88 em around the baseline, so a line's baseline sits 0.88 em below its top.
BASELINE_RATIO = 0.88


@dataclass(frozen=True)
class PageStyle:
    width: float = mm(390)
    height: float = mm(546)
    columns: int = 8
    column_chars: int = 13
    gutter_chars: int = 1
    body_size: float = 9.0
    line_gap: float = 3.0
    lines: int = 116
    margin_top: float = 86.0        # room for the header (报眉) above the top rule
    indent_em: float = 2.0
    rule_width: float = 0.5         # rules between articles (正线)
    typesetting: Typesetting = PLAIN  # edition.yaml `typography:` (reference §5)

    # -- derived --------------------------------------------------------------
    @property
    def em(self) -> float:
        return self.body_size

    @property
    def pitch(self) -> float:
        return self.body_size + self.line_gap

    @property
    def column_width(self) -> float:
        return self.column_chars * self.em

    @property
    def gutter(self) -> float:
        return self.gutter_chars * self.em

    @property
    def area_width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def area_height(self) -> float:
        return (self.lines - 1) * self.pitch + self.body_size

    @property
    def left(self) -> float:
        return (self.width - self.area_width) / 2

    @property
    def top(self) -> float:
        return self.margin_top

    @property
    def bottom(self) -> float:
        return self.top + self.area_height

    def column_x(self, column: int) -> float:
        """Left edge of basic column `column` (1-based)."""
        return self.left + (column - 1) * (self.column_width + self.gutter)

    def span_width(self, columns: int) -> float:
        """Width of `columns` basic columns merged (长栏): 14n − 1 ems by default."""
        return columns * self.column_width + (columns - 1) * self.gutter

    def line_top(self, line: int) -> float:
        """Top of the em box of grid line `line` (1-based)."""
        return self.top + (line - 1) * self.pitch

    def baseline(self, line: int, size: float | None = None) -> float:
        size = size or self.body_size
        return self.line_top(line) + BASELINE_RATIO * size

    def text_columns(self, span_columns: int, count: int, inset_em: int = 0) -> list[tuple[float, float]]:
        """(x offset, width) of `count` text columns across `span_columns` basic columns
        (变栏). Widths are whole ems, the remainder going to the leftmost columns
        (方正飞腾's 相对 mode), so every line still ends on a character cell.
        `inset_em` keeps that many ems clear at both sides (a framed module)."""
        total_em = round(self.span_width(span_columns) / self.em) - 2 * inset_em
        text_em = total_em - (count - 1) * self.gutter_chars
        base, extra = divmod(text_em, count)
        out = []
        x = inset_em * self.em
        for i in range(count):
            w_em = base + (1 if i < extra else 0)
            out.append((x, w_em * self.em))
            x += (w_em + self.gutter_chars) * self.em
        return out
