"""The PagePlan: every mark on a page, placed. One plan feeds every exporter.

Coordinates are points from the page's top-left corner, y growing downwards;
only the PDF stage flips them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic
from .compose.line_breaker import Glyph
from .spec.page_style import PageStyle


@dataclass(frozen=True)
class TextLine:
    x: float                  # where the line's measure begins
    baseline: float
    glyphs: tuple[Glyph, ...]  # x of each glyph is relative to `x`
    kind: str                 # body, subhead, headline, kicker, deck, author, caption, folio …
    article: str | None
    column: int | None        # text column inside the article (0-based)
    measure: float
    width: float
    last: bool                # last line of its paragraph
    shrink: float = 0.0
    stretch: float = 0.0
    max_gap: float = 0.0
    align: str = "justify"
    grid_line: int | None = None  # body lines: the page grid line they sit on
    paragraph: int | None = None  # body lines: which block of the article (0-based)
    adjust: str = ""              # how the breaker fitted it: natural, push-in, push-out,
                                  # hang, pull-down (孤字), or "" for lines not justified
    resumed: bool = False         # its paragraph began on an earlier page (a jump's continuation)

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class Picture:
    path: str
    x: float
    y: float
    width: float
    height: float
    crop: tuple[int, int, int, int]   # left, top, right, bottom in image pixels


@dataclass(frozen=True)
class Placeholder:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Box:
    """A filled or stroked rectangle: reversed page numbers, overset marks."""
    x: float
    y: float
    width: float
    height: float
    fill: float | None        # grey level 0 = black … 1 = white; None: not filled
    stroke: float | None      # line width; None: not stroked


@dataclass(frozen=True)
class ArticleRecord:
    id: str
    x: float
    y: float
    width: float
    height: float
    text: str                 # every character the article should print
    overset_text: str         # what did not fit (reported, not printed)
    overset_lines: int


@dataclass(frozen=True)
class Carry:
    """Text that jumps from this page to a continuation on a later one (转版)."""
    source: str               # the article file, as the spec names it
    page: int                 # the page the jump starts on
    block: int                # the article's block where the continuation begins
    text: str                 # the rest of that block's text
    article: object           # the Article


@dataclass(frozen=True)
class PagePlan:
    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    rules: tuple[Rule, ...]
    pictures: tuple[Picture, ...]
    placeholders: tuple[Placeholder, ...]
    boxes: tuple[Box, ...]
    articles: tuple[ArticleRecord, ...]
    diagnostics: tuple[Diagnostic, ...]
    reversed_lines: tuple[TextLine, ...] = ()   # text drawn white on a black box
    style: PageStyle | None = None              # the grid and typography it was set to
    colour: str = "grey"                        # photos printed in grey or cmyk
    carries: tuple[Carry, ...] = ()             # text jumping to later pages

    def dump(self) -> str:
        """A stable text picture of the plan, for golden tests and diffs."""
        out = [f"page {self.number} {self.width:.2f}x{self.height:.2f}"]
        for line in self.lines:
            fit = (f" [{line.adjust} -{line.shrink:.2f} +{line.stretch:.2f} max {line.max_gap:.2f}]"
                   if line.adjust else "")
            out.append(f"{line.kind:8} {line.x:8.2f} {line.baseline:8.2f} {line.width:7.2f} "
                       f"{line.article or '-'} {line.text}{fit}")
        for rule in self.rules:
            out.append(f"rule {rule.x1:.2f},{rule.y1:.2f} {rule.x2:.2f},{rule.y2:.2f} {rule.width}")
        for pic in self.pictures:
            out.append(f"picture {pic.x:.2f},{pic.y:.2f} {pic.width:.2f}x{pic.height:.2f} {pic.crop}")
        for ph in self.placeholders:
            out.append(f"placeholder {ph.x:.2f},{ph.y:.2f} {ph.width:.2f}x{ph.height:.2f} {ph.label}")
        return "\n".join(out)
