"""The PagePlan: every mark on a page, placed, as one tree that feeds every
exporter (print PDF, previews, and later web and archive files), so they can
never disagree about layout.

    PagePlan ─ modules (in the order of the page's items)
             │   ├─ ArticleBox: module rectangle, text columns, the text lines
             │   │   (headline group, body, captions, jump lines) with their
             │   │   source offsets, pictures with their captions, what was overset
             │   │   and where the text resumes
             │   └─ PhotoBox: a photo item with its caption
             ├─ furniture: header (报眉) or masthead (报头), footer
             └─ rules between modules
    TextLine ─ glyphs (x from the line's start; y from its baseline on vertical lines)

Coordinates are points from the page's top-left corner, y growing downwards;
only the PDF stage flips them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .compose.line_breaker import Glyph
from .diagnostics import Diagnostic
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
    start: int | None = None      # source offsets [start, end) in its paragraph's
    end: int | None = None        # composed text (ArticleBox.sources)
    vertical: bool = False        # a column of a vertical headline (竖排): glyphs go down
    tighten: float = 0.0          # taken out of each character gap (紧排), pt

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
class ParagraphSource:
    """The text a paragraph was composed from, so a line's [start, end) offsets
    name its characters exactly (spaces included, which draw no glyph).
    `text` = dateline and its space (`lead` characters) + the block's text from
    `block_start` on + the byline, as composed."""
    block: int
    text: str
    lead: int = 0
    block_start: int = 0


@dataclass(frozen=True)
class ResumeAt:
    """Where an article's text goes on when its module is full (as WeasyPrint's
    resume_at): the block, and the character of that block's text."""
    block: int
    offset: int


@dataclass(frozen=True)
class TextColumn:
    index: int
    x: float
    width: float
    first_line: int           # grid lines, inclusive
    last_line: int


@dataclass(frozen=True)
class PictureBox:
    """A picture (or the placeholder for a missing one) and its caption lines."""
    picture: Picture | None
    placeholder: Placeholder | None
    caption: tuple[TextLine, ...]
    article: str | None       # the owning article; None for a photo item


@dataclass(frozen=True)
class Frame:
    """A module's rectangle on the grid."""
    col: int
    line: int
    cols: int
    lines: int
    content_last: int         # last grid line for content (one less when a rule runs below)


@dataclass(frozen=True)
class ArticleBox:
    id: str
    part: str                 # whole, first (jumps on) or continuation
    x: float
    y: float
    width: float
    height: float
    text: str                 # every character this part should print
    overset_text: str         # what did not fit (reported, not printed)
    overset_lines: int
    lines: tuple[TextLine, ...] = ()          # in drawing order
    columns: tuple[TextColumn, ...] = ()
    pictures: tuple[PictureBox, ...] = ()
    sources: tuple[ParagraphSource, ...] = ()
    grid_lines: int = 0       # grid lines the content takes from the module's top
    resume: ResumeAt | None = None             # set when the text goes on elsewhere
    reversed_lines: tuple[TextLine, ...] = ()  # overset mark
    boxes: tuple[Box, ...] = ()
    frame: Frame | None = None
    source_file: str = ""     # the article file as the spec names it

    @property
    def headline_lines(self) -> tuple[TextLine, ...]:
        return tuple(line for line in self.lines if line.column is None and line.kind in HEADLINE_KINDS)

    def column_lines(self, index: int) -> tuple[TextLine, ...]:
        return tuple(line for line in self.lines if line.column == index)

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p.placeholder for p in self.pictures if p.placeholder)


HEADLINE_KINDS = frozenset({"kicker", "headline", "deck", "author", "jump-headline"})

# Backward-compatible name: a plan's articles are its article boxes.
ArticleRecord = ArticleBox


@dataclass(frozen=True)
class PhotoBox:
    """A photo item's module: the picture and its caption."""
    name: str
    frame: Frame | None
    pictures: tuple[PictureBox, ...]
    lines: tuple[TextLine, ...] = ()
    reversed_lines: tuple[TextLine, ...] = ()
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class Furniture:
    """What a page carries besides its modules: header or masthead, footer."""
    lines: tuple[TextLine, ...] = ()
    reversed_lines: tuple[TextLine, ...] = ()
    rules: tuple[Rule, ...] = ()
    pictures: tuple[Picture, ...] = ()
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class Carry:
    """Text that jumps from this page to a continuation on a later one (转版)."""
    source: str               # the article file, as the spec names it
    page: int                 # the page the jump starts on
    resume: ResumeAt          # where the continuation begins
    article: object           # the Article

    @property
    def block(self) -> int:
        return self.resume.block

    @property
    def text(self) -> str:
        """The rest of the block where the continuation begins."""
        return self.article.blocks[self.resume.block].text[self.resume.offset:]


@dataclass(frozen=True)
class PagePlan:
    number: int
    width: float
    height: float
    modules: tuple[ArticleBox | PhotoBox, ...]
    furniture: Furniture
    rules_between: tuple[Rule, ...]
    diagnostics: tuple[Diagnostic, ...]
    style: PageStyle | None = None              # the grid and typography it was set to
    colour: str = "grey"                        # photos printed in grey or cmyk
    carries: tuple[Carry, ...] = ()             # text jumping to later pages

    @classmethod
    def of_marks(cls, number: int, width: float, height: float, lines=(), rules=(), pictures=(),
                 placeholders=(), boxes=(), reversed_lines=(), style: PageStyle | None = None,
                 colour: str = "grey") -> "PagePlan":
        """A plan of loose marks with no articles: for exporters' tests and small drawings."""
        modules = tuple(PhotoBox(ph.label, None, (PictureBox(None, ph, (), None),)) for ph in placeholders)
        furniture = Furniture(tuple(lines), tuple(reversed_lines), (), tuple(pictures), tuple(boxes))
        return cls(number, width, height, modules, furniture, tuple(rules), (), style, colour)

    # -- flat views, in drawing order, for exporters that draw everything --------
    @property
    def articles(self) -> tuple[ArticleBox, ...]:
        return tuple(m for m in self.modules if isinstance(m, ArticleBox))

    @property
    def lines(self) -> tuple[TextLine, ...]:
        return tuple(line for m in self.modules for line in m.lines) + self.furniture.lines

    @property
    def reversed_lines(self) -> tuple[TextLine, ...]:
        return tuple(line for m in self.modules for line in m.reversed_lines) + self.furniture.reversed_lines

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.rules_between + self.furniture.rules

    @property
    def pictures(self) -> tuple[Picture, ...]:
        return tuple(p.picture for m in self.modules for p in m.pictures if p.picture) + self.furniture.pictures

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p.placeholder for m in self.modules for p in m.pictures if p.placeholder)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(b for m in self.modules for b in m.boxes) + self.furniture.boxes

    def dump(self) -> str:
        """A stable text picture of the whole tree, for golden tests and diffs."""
        out = [f"page {self.number} {self.width:.2f}x{self.height:.2f}"]
        for module in self.modules:
            out.extend(_dump_module(module))
        out.append("furniture")
        out.extend("  " + _dump_line(line) for line in self.furniture.lines + self.furniture.reversed_lines)
        for pic in self.furniture.pictures:
            out.append(f"  picture {_file_name(pic.path)} {pic.x:.2f},{pic.y:.2f} {pic.width:.2f}x{pic.height:.2f} "
                       f"{pic.crop}")
        for box in self.boxes:
            out.append(f"box {box.x:.2f},{box.y:.2f} {box.width:.2f}x{box.height:.2f} "
                       f"fill {box.fill} stroke {box.stroke}")
        for rule in self.rules:
            out.append(f"rule {rule.x1:.2f},{rule.y1:.2f} {rule.x2:.2f},{rule.y2:.2f} {rule.width}")
        for d in self.diagnostics:
            out.append(f"diagnostic {d.severity} {d.code} {d.message}")
        return "\n".join(out)


def _dump_line(line: TextLine) -> str:
    tight = f" tight {line.tighten:.2f}" if line.tighten else ""
    fit = (f" [{line.adjust} -{line.shrink:.2f} +{line.stretch:.2f} max {line.max_gap:.2f}{tight}]"
           if line.adjust else "")
    where = ""
    if line.paragraph is not None:
        where = f" @{line.paragraph}:{line.start}-{line.end}" + (" resumed" if line.resumed else "")
    col = f" c{line.column}" if line.column is not None else ""
    grid = f" g{line.grid_line}" if line.grid_line is not None else ""
    turn = " vertical" if line.vertical else ""
    return (f"{line.kind:8} {line.x:8.2f} {line.baseline:8.2f} {line.width:7.2f}{col}{grid}{where}{turn} "
            f"{line.text}{fit}\n" + _dump_glyphs(line.glyphs, line.vertical))


def _dump_glyphs(glyphs, vertical: bool = False) -> str:
    """Each glyph's x (and y on vertical lines); its face, size, scale and turn
    where they change from the glyph before."""
    out = []
    face = size = hscale = rotate = half = None
    for g in glyphs:
        token = f"{g.x:.2f},{g.y:.2f}" if vertical else f"{g.x:.2f}"
        if (g.face, g.size, g.hscale, g.rotate, g.half) != (face, size, hscale, rotate, half):
            face, size, hscale, rotate, half = g.face, g.size, g.hscale, g.rotate, g.half
            token = f"[{face} {size:g}" + (f" x{hscale:.3f}" if hscale != 1 else "") + \
                (f" r{rotate}" if rotate else "") + (" half" if half else "") + "] " + token
        out.append(token)
    return "      " + " ".join(out)


def _dump_frame(frame: Frame | None) -> str:
    if frame is None:
        return ""
    return f" at {frame.col},{frame.line} span {frame.cols}x{frame.lines} content to {frame.content_last}"


def _dump_pictures(pictures) -> list[str]:
    out = []
    for p in pictures:
        if p.picture:
            pic = p.picture
            out.append(f"  picture {_file_name(pic.path)} {pic.x:.2f},{pic.y:.2f} {pic.width:.2f}x{pic.height:.2f} "
                       f"{pic.crop}")
        if p.placeholder:
            ph = p.placeholder
            out.append(f"  placeholder {ph.x:.2f},{ph.y:.2f} {ph.width:.2f}x{ph.height:.2f} {ph.label}")
    return out


def _file_name(path: str) -> str:
    """The file's own name: a dump does not depend on where the edition lies."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _dump_module(module) -> list[str]:
    if isinstance(module, PhotoBox):
        out = [f"photo {module.name}{_dump_frame(module.frame)}"]
        out.extend(_dump_pictures(module.pictures))
        out.extend("  " + _dump_line(line) for line in module.lines)
        return out
    resume = f" resume {module.resume.block}:{module.resume.offset}" if module.resume else ""
    out = [f"article {module.id} {module.part}{_dump_frame(module.frame)} uses {module.grid_lines} lines"
           f"{resume} overset {module.overset_lines}"]
    for col in module.columns:
        out.append(f"  column {col.index} x {col.x:.2f} w {col.width:.2f} lines {col.first_line}-{col.last_line}")
    for src in module.sources:
        out.append(f"  source {src.block} lead {src.lead} from {src.block_start}: {src.text}")
    out.extend(_dump_pictures(module.pictures))
    out.extend("  " + _dump_line(line) for line in module.lines + module.reversed_lines)
    return out
