"""The content model: what the spec stage hands to layout. Frozen values only."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .diagnostics import Where
from .style import PageStyle


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
class ArticleItem:
    article: Article
    at: tuple[int, int]       # (column, line), 1-based
    span: tuple[int, int]     # (columns, lines)
    columns: int | None       # text columns (变栏); None = one per basic column
    headline_size: float | None
    where: Where
    vertical_headline: str | None = None   # "right" or "left": a 竖排 headline on that side


@dataclass(frozen=True)
class PhotoItem:
    photo: Photo
    at: tuple[int, int]
    span: tuple[int, int]
    where: Where


@dataclass(frozen=True)
class Page:
    number: int
    section: str
    credits: tuple[tuple[str, str], ...]
    footer: str | None
    items: tuple
    where: Where


@dataclass(frozen=True)
class Edition:
    name: str
    directory: str
    paper: str
    date: _dt.date
    pages: tuple[Page, ...]
    style: PageStyle
    fonts: dict = field(default_factory=dict, hash=False, compare=False)
