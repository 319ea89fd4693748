"""Page geometry derived from a few style values (typesetting reference §1).

Everything on the page hangs off this grid: basic columns of a whole number
of body ems with one-em gutters, and body lines on one baseline pitch. Nothing
is tuned by hand for one page; change the style values and the page follows.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..units import mm

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
    # No Han–Latin gap by default: PDF readers (poppler, pdf.js, pdfium) take
    # any gap a tenth of an em wider than its neighbours for a word space,
    # however it is drawn, so a gap breaks copying and searching "223次".
    # Newspaper body text sets numbers solid; `han_latin_gap: eighth` still
    # gives the CSS text-autospace look.
    han_latin_gap_em: float = 0.0
    rule_width: float = 0.5         # rules between articles (正线)
    # -- typography (edition.yaml `typography:`; reference §5) ------------------
    punctuation: str = "gb"         # gb: full-width marks, pairs compressed to 1.5 em;
                                    # kaiming: 。？！ keep a full em, other marks half
    hanging: bool = False           # 行尾悬挂: 。，、 may hang half an em past the measure
    min_last_line_chars: int = 2    # 孤字: characters (not marks) a paragraph's last line needs
    headline_condense: float = 0.8  # 长体: narrowest horizontal scale of a headline
    headline_expand: float = 1.15   # 扁体: widest horizontal scale of a one-line headline

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

    def text_columns(self, span_columns: int, count: int) -> list[tuple[float, float]]:
        """(x offset, width) of `count` text columns across `span_columns` basic columns
        (变栏). Widths are whole ems, the remainder going to the leftmost columns
        (方正飞腾's 相对 mode), so every line still ends on a character cell."""
        total_em = round(self.span_width(span_columns) / self.em)
        text_em = total_em - (count - 1) * self.gutter_chars
        base, extra = divmod(text_em, count)
        out = []
        x = 0.0
        for i in range(count):
            w_em = base + (1 if i < extra else 0)
            out.append((x, w_em * self.em))
            x += (w_em + self.gutter_chars) * self.em
        return out
