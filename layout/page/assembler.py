"""The page assembler: a Page of the spec → a PagePlan.

It puts each item's module on the grid (grid.py), sets each article into its
module (article_layout.py) or a photo item into its box, carries text that
jumps to a later page (jumps.py), draws the rules between modules, and adds
the header (报眉) or masthead (报头) and the footer (furniture.py, masthead.py).
Pure: no I/O.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Sequence

from ..fonts.book import FontBook
from ..plan import Carry, Furniture, PagePlan, PhotoBox
from ..spec.model import ArticleItem, ContinuationItem, Edition, Page, PhotoItem
from . import problems
from .article_layout import ArticleOptions, Marks, add_photo, layout_article, layout_continuation
from .compose_cache import ComposeCache
from .furniture import footer, header
from .empty_areas import empty_areas
from .grid import Module, modules_of, rules_between
from .photo_block import build_photo


# How the modules of a page are set: the calls and their weights → their results, in order.
Run = Callable[[Sequence[Callable[[], tuple]], Sequence[float]], list]

MAX_BLANK_LINES = 2   # white at a module's foot reads as space; more reads as a hole


def in_order(calls, weights=()) -> list:
    """Every call, in order (the pipeline may pass a `run` that shares them with a second core)."""
    return [call() for call in calls]


def _jump_targets(edition: Edition) -> dict:
    """source → the page its continuation stands on."""
    return {item.source: p.number for p in edition.pages for item in p.items
            if isinstance(item, ContinuationItem)}


def _photo_item(mod: Module, edition: Edition, page: Page, cache: ComposeCache, diagnostics: list) -> PhotoBox:
    item: PhotoItem = mod.item
    style = edition.style
    f = mod.frame
    block = build_photo(item.photo, style.column_x(f.col), style.span_width(f.cols), f.line,
                        f.content_last - f.line + 1, style, cache.fonts, item.photo.name)
    out = Marks()
    add_photo(block, None, style, cache, out, page.where)
    diagnostics.extend(out.problems)
    return PhotoBox(item.photo.name, f, tuple(out.pictures), tuple(out.lines))


def _module(mod: Module, edition: Edition, page: Page, cache: ComposeCache, targets: dict,
            carried: dict) -> tuple:
    """One module set: (its box or None, the Carry of text it jumps, its diagnostics)."""
    item = mod.item
    diagnostics: list = []
    if isinstance(item, PhotoItem):
        return _photo_item(mod, edition, page, cache, diagnostics), None, tuple(diagnostics)
    opts = ArticleOptions(item.columns, getattr(item, "headline_size", None),
                          getattr(item, "vertical_headline", None), item.where,
                          targets.get(item.source) if isinstance(item, ArticleItem) else None, page.where,
                          getattr(item, "kind", None) or "news")
    if isinstance(item, ArticleItem):
        done = layout_article(item.article, mod.frame, edition.style, cache, opts)
        carry = None
        if done.box.resume is not None:
            carry = Carry(item.source, page.number, done.box.resume, item.article)
        return done.box, carry, done.diagnostics
    jumped = carried.get(item.source)
    if jumped is None:
        return None, None, (problems.jump_empty(item.source, item.where),)
    done = layout_continuation(jumped.article, jumped.resume, jumped.page, mod.frame, edition.style, cache,
                               opts)
    return done.box, None, done.diagnostics


def _weight(item, carried: dict) -> float:
    """About how much setting the item costs: the characters of its text."""
    if isinstance(item, ArticleItem):
        return float(sum(len(block.text) for block in item.article.blocks))
    if isinstance(item, ContinuationItem) and item.source in carried:
        return float(sum(len(block.text) for block in carried[item.source].article.blocks[
            carried[item.source].resume.block:]))
    return 1.0


def assemble_page(edition: Edition, page: Page, fonts: FontBook, carried: dict | None = None,
                  cache: ComposeCache | None = None, run: Run = in_order) -> PagePlan:
    """Plan one page. `carried` maps an article's source to the Carry of text
    that jumped to this page from an earlier one (the `carries` of earlier
    plans). `cache` may be shared by the pages of one edition. `run` sets the
    modules: given the calls and their weights (characters of text), their
    results in order; the pipeline passes one that uses a second core."""
    carried = carried or {}
    cache = cache or ComposeCache(fonts)
    style = edition.style
    targets = _jump_targets(edition)
    mods = modules_of(page.items)
    calls = [partial(_module, mod, edition, page, cache, targets, carried) for mod in mods]
    modules, carries, diagnostics = [], [], []
    for box, carry, found in run(calls, [_weight(mod.item, carried) for mod in mods]):
        if box is not None:
            modules.append(box)
        if carry is not None:
            carries.append(carry)
        diagnostics.extend(found)
    first_line = edition.masthead.lines + 1 if page.number == 1 and edition.masthead is not None else 1
    for area in empty_areas(page.items, style.columns, style.lines, first_line):
        if area.lines > MAX_BLANK_LINES:
            diagnostics.append(problems.empty_area(page.number, area, page.where))
    furniture = _furniture(edition, page, cache, diagnostics)
    return PagePlan(page.number, style.width, style.height, tuple(modules), furniture,
                    tuple(rules_between(mods, style)), tuple(diagnostics), style,
                    page.colour or edition.print.colour, tuple(carries))


def _furniture(edition: Edition, page: Page, cache: ComposeCache, diagnostics: list) -> Furniture:
    style = edition.style
    if page.number == 1 and edition.masthead is not None:
        from .masthead import build_masthead   # with the lunar calendar: only the front page has it
        block = build_masthead(edition, page, style, cache.fonts)
        lines, reversed_lines = list(block.lines), list(block.reversed_lines)
        boxes, rules, pictures = list(block.boxes), list(block.rules), list(block.pictures)
        diagnostics.extend(block.diagnostics)
    else:
        lines, reversed_lines, boxes, rules = header(edition, page, style, cache, diagnostics)
        pictures = []
    foot_lines, foot_rules = footer(edition, page, style, cache, diagnostics)
    return Furniture(tuple(lines + foot_lines), tuple(reversed_lines), tuple(rules + foot_rules),
                     tuple(pictures), tuple(boxes))
