"""The content model: what the spec stage hands to layout. Frozen values only."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..diagnostics import Where
from .page_style import PageStyle


@dataclass(frozen=True)
class Photo:
    file: str                 # absolute path
    name: str                 # as written in the spec, for messages
    caption: str | None
    credit: str | None
    pixels: tuple[int, int] | None   # None: the file is missing or unreadable
    columns: int | None = None       # inside an article: text columns it spans
    lines: int | None = None         # inside an article: grid lines, caption included
    align: str = "right"
    where: Where | None = None


@dataclass(frozen=True)
class Block:
    kind: str                 # "para" or "subhead"
    text: str
    where: Where


@dataclass(frozen=True)
class Article:
    id: str                   # file stem; names the article in reports
    path: str
    headline: tuple[str, ...]  # one string per set line; one string = let the fitter break
    kicker: str | None = None
    deck: str | None = None
    author: str | None = None
    lead: str | None = None
    byline: str | None = None
    continued: str | None = None
    photo: Photo | None = None
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Placing:
    """What the editor says about where Banmian places an item that has no
    `at` and `span` (all optional): its width in basic columns, a (min, max)
    height in grid lines, a side of the page, the item it sits directly under."""
    cols: int | None = None
    lines: tuple[int, int] | None = None
    side: str | None = None          # "left" or "right"
    under: str | None = None         # an article file or photo name of the same page


@dataclass(frozen=True)
class ArticleItem:
    article: Article
    at: tuple[int, int] | None     # (column, line), 1-based; None: Banmian places it
    span: tuple[int, int] | None   # (columns, lines); None with `at`
    columns: int | None       # text columns (变栏); None = one per basic column
    headline_size: float | None
    where: Where
    vertical_headline: str | None = None   # "right" or "left": a 竖排 headline on that side
    source: str = ""          # the article file as the spec names it (continuations refer to it)
    rank: int | None = None   # importance: 0 the lead, then 1, 2 …; None: its place in the list
    kind: str = "news"        # news, commentary, photo-news or briefs
    placing: Placing = Placing()

    @property
    def key(self) -> str:
        return self.source


@dataclass(frozen=True)
class PhotoItem:
    photo: Photo
    at: tuple[int, int] | None
    span: tuple[int, int] | None
    where: Where
    rank: int | None = None
    placing: Placing = Placing()
    kind: str = "photo"

    @property
    def key(self) -> str:
        return self.photo.name


@dataclass(frozen=True)
class ContinuationItem:
    """Where an article jumped from an earlier page goes on (转版)."""
    source: str               # the article file, as the first part's item names it
    at: tuple[int, int] | None
    span: tuple[int, int] | None
    columns: int | None
    where: Where
    rank: int | None = None
    placing: Placing = Placing()
    kind: str = "continuation"

    @property
    def key(self) -> str:
        return self.source


@dataclass(frozen=True)
class Masthead:
    """The front page's masthead (报头): set on page 1 above the type area's content."""
    logo: str | None = None        # image of the paper's name (absolute path); None: set as text
    issue: int | None = None       # 总第X期
    serial: str | None = None      # 国内统一连续出版物号, e.g. CN41-0012
    postal: str | None = None      # 邮发代号, e.g. 35-6
    publisher: str | None = None   # e.g. 新乡日报社出版
    ear: str | None = None         # text of the ear box (报眼) beside the name
    lines: int = 16                # grid lines it takes at the top of page 1
    where: Where | None = None
    logo_pixels: tuple[int, int] | None = None   # the logo's size, read with it; None: not an image


@dataclass(frozen=True)
class PrintSettings:
    """How the PDFs are made for the press."""
    bleed_mm: float = 3.0          # BleedBox beyond the trim on every side
    crop_marks: bool = False       # trim marks drawn in the bleed area (the page grows by it)
    colour: str = "grey"           # photos converted to grey or cmyk (a page may override)
    image_ppi: float = 300.0       # photos far above this at their printed size are downsampled
    pdfx: str = "x1a"              # PDF/X conformance: x1a, x4, or none
    profile: str | None = None     # the plant's own CMYK output profile (ICC file); None: FOGRA39
    condition: str | None = None   # its characterisation in the ICC registry, e.g. IFRA26


@dataclass(frozen=True)
class Page:
    number: int
    section: str
    credits: tuple[tuple[str, str], ...]
    footer: str | None
    items: tuple
    where: Where
    colour: str | None = None      # photos on this page: grey or cmyk (default: the edition's)


@dataclass(frozen=True)
class Edition:
    name: str
    directory: str
    paper: str
    date: _dt.date
    pages: tuple[Page, ...]
    style: PageStyle
    fonts: dict = field(default_factory=dict, hash=False, compare=False)
    masthead: Masthead | None = None
    print: PrintSettings = PrintSettings()
