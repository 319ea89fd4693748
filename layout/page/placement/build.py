"""Between the spec and the solver: a Page whose items leave their place open
becomes a Problem, and the solved Layout goes back onto the items as `at`,
`span`, text columns, headline size and photo height, so the page assembler
sets them as if the editor had written them.

`measure` makes an item's candidates; the default estimates them from the
text (estimate.py), and the page stage's measure of the composed text can
take its place.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...spec.model import Article, ArticleItem, ContinuationItem, Edition, Page, PhotoItem
from ...spec.placing import LEAD_RANK
from ...spec.writeback import Place
from . import estimate, is_open, page_has_open
from .problem import FixedItem, OpenItem, Problem
from .solver import Layout, place


@dataclass(frozen=True)
class Measure:
    """Candidates of each kind of item; swap a function for a better measure."""
    article: object = estimate.article_candidates
    photo: object = estimate.photo_candidates
    continuation: object = estimate.continuation_candidates


def ranks(page: Page) -> dict[str, int]:
    """Each item's rank: as the editor gives it, else its place in the list
    (the first item is the lead, unless another one is named lead)."""
    offset = 1 if any(item.rank == LEAD_RANK for item in page.items) else 0
    return {item.key: item.rank if item.rank is not None else index + offset
            for index, item in enumerate(page.items)}


def first_line(edition: Edition, page: Page) -> int:
    if page.number == 1 and edition.masthead is not None:
        return edition.masthead.lines + 1
    return 1


def jumping(edition: Edition) -> set[str]:
    """Articles whose text goes on on a later page."""
    return {item.source for page in edition.pages for item in page.items
            if isinstance(item, ContinuationItem)}


def problem_for(edition: Edition, page: Page, carried: dict, measure: Measure = Measure()) -> Problem:
    style = edition.style
    rank = ranks(page)
    jumps = jumping(edition)
    fixed, open_items = [], []
    for item in page.items:
        if not is_open(item):
            fixed.append(FixedItem(item.key, item.at[0], item.at[1], item.span[0], item.span[1],
                                   item.kind))
            continue
        open_items.append(OpenItem(item.key, rank[item.key], item.kind,
                                   _candidates(item, rank[item.key], style, carried, jumps, measure),
                                   item.placing.cols, item.placing.lines, item.placing.side,
                                   item.placing.under))
    return Problem(style.columns, first_line(edition, page), style.lines, tuple(fixed), tuple(open_items))


def article_candidates(edition: Edition, page: Page, carried: dict, measure: Measure = Measure()) -> dict:
    """{item key: candidates} for every article of the page, placed by hand or
    not, at every width it could take (what `banmian check` reports)."""
    rank = ranks(page)
    jumps = jumping(edition)
    return {item.key: _candidates(item, rank[item.key], edition.style, carried, jumps, measure)
            for item in page.items if isinstance(item, ArticleItem)}


def _candidates(item, rank: int, style, carried: dict, jumps: set, measure: Measure):
    widths = [item.placing.cols] if item.placing.cols else None
    if isinstance(item, PhotoItem):
        return measure.photo(item.photo, style, widths)
    if isinstance(item, ContinuationItem):
        carry = carried.get(item.source)
        if carry is None:
            # nothing jumped here (yet): a repeat headline and a line or two
            empty = Article(item.source, item.source, (item.source,))
            return measure.continuation(empty, 0, "", style, widths)
        return measure.continuation(carry.article, carry.block, carry.text, style, widths)
    jump = item.source in jumps
    found = measure.article(item.article, rank, item.kind, style, widths, item.columns,
                            item.headline_size, jump, vertical=item.vertical_headline)
    if found:
        return found
    return measure.article(item.article, rank, item.kind, style, widths, None, item.headline_size,
                           jump, vertical=item.vertical_headline)


def apply(page: Page, layout: Layout) -> Page:
    """The page with every placed item's `at`, `span`, text columns, headline
    size and (in an article) photo height filled in."""
    by_key = {p.key: p for p in layout.placements if not p.fixed}
    items = []
    for item in page.items:
        p = by_key.get(item.key) if is_open(item) else None
        if p is None:
            items.append(item)
            continue
        c = p.candidate
        changes = {"at": (p.col, p.line), "span": (p.cols, p.lines)}
        if isinstance(item, (ArticleItem, ContinuationItem)):
            changes["columns"] = c.text_columns if c.text_columns != p.cols else item.columns
        if isinstance(item, ArticleItem):
            changes["headline_size"] = item.headline_size or c.headline_size
            photo = item.article.photo
            if photo is not None and p.photo_lines and photo.lines is None:
                changes["article"] = replace(item.article, photo=replace(photo, lines=p.photo_lines))
        items.append(replace(item, **changes))
    return replace(page, items=tuple(items))


def places(page: Page, layout: Layout) -> dict[tuple[int, int], Place]:
    """What to write back into edition.yaml for the page's placed items:
    {(page number, item index): Place} (spec/writeback.py)."""
    placed = apply(page, layout)
    out = {}
    for index, (before, after) in enumerate(zip(page.items, placed.items)):
        if not is_open(before) or after.at is None:
            continue
        columns = getattr(after, "columns", None)
        if columns is not None and columns == after.span[0] and getattr(before, "columns", None) is None:
            columns = None
        photo_lines = None
        if isinstance(before, ArticleItem) and before.article.photo and before.article.photo.lines is None:
            photo_lines = after.article.photo.lines
        out[(page.number, index)] = Place(after.at, after.span, columns, getattr(after, "headline_size", None),
                                          photo_lines)
    return out


def place_page(edition: Edition, page: Page, carried: dict,
               measure: Measure = Measure()) -> tuple[Page, Layout | None]:
    """The page with its open items placed (and the layout), or as it is."""
    if not page_has_open(page):
        return page, None
    layout = place(problem_for(edition, page, carried, measure))
    return apply(page, layout), layout

