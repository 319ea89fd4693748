"""The edition as its readers and archives see it: pages, and articles in
reading order with their parts across pages (a jump, 转版, makes two parts of
one article), their text, photos and areas on the page.

Built once from the spec (headline, kicker, deck, author, photo captions) and
the plans (the composed text of every paragraph, exactly as set, and where
every part stands), then read by the web edition, IIIF, ALTO, METS and the
archival PDF, so that they all name the same articles the same way.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..fonts.book import FontBook
from ..plan import ArticleBox, PagePlan, PhotoBox, PictureBox
from ..spec.model import Article, ArticleItem, Edition, Photo, PhotoItem
from ..units import chinese_number
from .geometry import Rect, area_rects, bounding, union_outline

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class Paragraph:
    kind: str                 # para or subhead
    text: str                 # as composed: dateline, text, byline
    lead: int = 0             # characters of the dateline (本报讯) at its start


@dataclass(frozen=True)
class Figure:
    path: str | None          # the photo file; None when it is missing
    crop: tuple[int, int, int, int] | None
    caption: str
    credit: str
    pixels: tuple[int, int] | None


@dataclass(frozen=True)
class Part:
    """One piece of an article (or photo item) on one page."""
    page: int
    module: ArticleBox | PhotoBox
    kind: str                 # whole, first, continuation (photo items: whole)
    area: tuple[Rect, ...]    # headline, columns and photos, grown to touch
    bounds: Rect              # the area's bounding box

    @property
    def outline(self) -> list[list[tuple[float, float]]]:
        return union_outline(list(self.area))


@dataclass(frozen=True)
class Story:
    """An article or a photo item (图片新闻), in reading order."""
    id: str                   # unique in the edition; safe in file names and URLs
    kind: str                 # article or photo
    kicker: str
    headline: str
    deck: str
    author: str
    paragraphs: tuple[Paragraph, ...]
    figures: tuple[Figure, ...]
    parts: tuple[Part, ...]

    @property
    def page(self) -> int:
        return self.parts[0].page

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(p.page for p in self.parts))

    @property
    def title(self) -> str:
        """What a list or a link calls it."""
        if self.kind == "photo":
            caption = self.figures[0].caption if self.figures else ""
            return "图片新闻：" + _short(caption, 24) if caption else "图片新闻"
        return self.headline

    @property
    def text(self) -> str:
        """Everything a reader can read of it, for search."""
        parts = [self.kicker, self.headline, self.deck, self.author]
        parts += [p.text for p in self.paragraphs]
        parts += [f"{f.caption}{f.credit}" for f in self.figures]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class PageView:
    number: int
    section: str
    plan: PagePlan
    stories: tuple[str, ...]  # story ids with a part on this page, in the page's order

    @property
    def label(self) -> str:
        return f"第{self.number}版" + (f"：{self.section}" if self.section else "")

    @property
    def chinese_label(self) -> str:
        return f"第{chinese_number(self.number)}版"


@dataclass(frozen=True)
class EditionView:
    name: str
    paper: str
    date: _dt.date
    pages: tuple[PageView, ...]
    stories: tuple[Story, ...]

    @property
    def date_text(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日 {WEEKDAYS[self.date.weekday()]}"

    @property
    def title(self) -> str:
        return f"{self.paper} {self.date.isoformat()}"

    def story(self, story_id: str) -> Story:
        return next(s for s in self.stories if s.id == story_id)

    def page(self, number: int) -> PageView:
        return next(p for p in self.pages if p.number == number)


def _short(text: str, count: int) -> str:
    return text if len(text) <= count else text[:count] + "…"


def view_edition(edition: Edition, plans: list[PagePlan], fonts: FontBook) -> EditionView:
    """Stories in the order they first appear (page by page, in each page's
    item order); a continuation joins the story of its first part."""
    specs = _spec_articles(edition)
    sections = {p.number: p.section for p in edition.pages}
    photo_items = {p.number: [i for i in p.items if isinstance(i, PhotoItem)] for p in edition.pages}
    order: list[str] = []
    parts: dict[str, list[Part]] = {}
    modules: dict[str, list[ArticleBox]] = {}
    photos: dict[str, Photo] = {}
    pages = []
    for plan in sorted(plans, key=lambda p: p.number):
        on_page = []
        photo_count = 0
        for module in plan.modules:
            if isinstance(module, ArticleBox):
                key = module.id
                modules.setdefault(key, []).append(module)
            else:
                photo_count += 1
                key = f"photo-p{plan.number:02d}-{photo_count}"
                items = photo_items.get(plan.number, [])
                photos[key] = next((i.photo for i in items if i.photo.name == module.name), None)
            if key not in parts:
                order.append(key)
                parts[key] = []
            parts[key].append(_part(plan, module, fonts))
            on_page.append(key)
        pages.append(PageView(plan.number, sections.get(plan.number, ""), plan, tuple(dict.fromkeys(on_page))))
    stories = []
    for key in order:
        if key in modules:
            stories.append(_article_story(key, specs.get(key), modules[key], parts[key]))
        else:
            stories.append(_photo_story(key, photos.get(key), parts[key]))
    return EditionView(edition.name, edition.paper, edition.date, tuple(pages), tuple(stories))


def _spec_articles(edition: Edition) -> dict[str, Article]:
    return {item.article.id: item.article for page in edition.pages for item in page.items
            if isinstance(item, ArticleItem)}


def _frame_rect(plan: PagePlan, module) -> Rect | None:
    """The module's rectangle on the grid with its share of the gutters and
    of the white between lines: an area never reaches into the next module."""
    style, frame = plan.style, module.frame
    if style is None or frame is None:
        return None
    half_gutter = style.gutter / 2
    lead = (style.pitch - style.body_size) / 2
    top = style.line_top(frame.line) - lead
    bottom = style.line_top(frame.line + frame.lines - 1) + style.body_size + lead
    return Rect(style.column_x(frame.col) - half_gutter, top,
                style.span_width(frame.cols) + style.gutter, bottom - top)


def _part(plan: PagePlan, module, fonts: FontBook) -> Part:
    style = plan.style
    pad_x = style.gutter / 2 if style else 4.5
    pad_y = style.pitch / 2 if style else 6.0
    area = tuple(area_rects(fonts, module, pad_x, pad_y, _frame_rect(plan, module)))
    if not area:   # nothing drawn: the module's frame, or its rectangle
        fallback = _frame_rect(plan, module)
        if fallback is None and isinstance(module, ArticleBox):
            fallback = Rect(module.x, module.y, module.width, module.height)
        area = (fallback,) if fallback else (Rect(0, 0, 1, 1),)
    kind = module.part if isinstance(module, ArticleBox) else "whole"
    return Part(plan.number, module, kind, area, bounding(area))


def _article_story(key: str, spec: Article | None, modules: list[ArticleBox], parts: list[Part]) -> Story:
    kicker = spec.kicker if spec else ""
    headline = " ".join(spec.headline) if spec else _headline_from_lines(modules[0])
    deck = spec.deck if spec else ""
    author = spec.author if spec else ""
    figures = tuple(_figure(p, spec.photo if spec else None) for m in modules for p in m.pictures)
    return Story(key, "article", kicker or "", headline, deck or "", author or "",
                 _paragraphs(spec, modules), figures, tuple(parts))


def _headline_from_lines(module: ArticleBox) -> str:
    return "".join(line.text for line in module.lines if line.kind == "headline")


def _paragraphs(spec: Article | None, modules: list[ArticleBox]) -> tuple[Paragraph, ...]:
    """Each block's composed text, from the part that holds its beginning;
    a block no part holds (overset text) from the spec."""
    first = {}
    for module in modules:
        for source in module.sources:
            if source.block >= 0 and (source.block not in first or source.block_start < first[source.block].block_start):
                first[source.block] = source
    blocks = spec.blocks if spec else ()
    count = max(len(blocks), max(first, default=-1) + 1)
    out = []
    for index in range(count):
        kind = blocks[index].kind if index < len(blocks) else "para"
        source = first.get(index)
        if source is not None and source.block_start == 0:
            out.append(Paragraph(kind, source.text, source.lead))
        elif index < len(blocks):
            out.append(Paragraph(kind, blocks[index].text))
        elif source is not None:
            out.append(Paragraph(kind, source.text, source.lead))
    return tuple(out)


def _figure(picture: PictureBox, photo: Photo | None) -> Figure:
    caption = (photo.caption if photo else None) or _caption_from_lines(picture)
    credit = (photo.credit if photo else None) or ""
    if picture.picture is not None:
        return Figure(picture.picture.path, picture.picture.crop, caption, credit,
                      photo.pixels if photo else None)
    return Figure(None, None, caption, credit, None)


def _caption_from_lines(picture: PictureBox) -> str:
    return "".join(line.text for line in picture.caption).strip("\u3000 ")


def _photo_story(key: str, photo: Photo | None, parts: list[Part]) -> Story:
    module = parts[0].module
    figures = tuple(_figure(p, photo) for p in module.pictures)
    return Story(key, "photo", "", "", "", "", (), figures, tuple(parts))
