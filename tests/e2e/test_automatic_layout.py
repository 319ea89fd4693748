"""The proof of issue 9: the reference edition and every page of the demo
edition, with every `at`, `span`, `columns` and `headline_size` taken out
(continuations included, the items' order kept so rank follows it), are laid
out by Banmian into pages that keep the rules of a Chinese daily.

Everything is read from what the pipeline plans (the modules' frames, the
headline lines and their sizes, the diagnostics), not from the solver's own
score, so the rules are checked as the page will print:

- the page is full: every grid cell of the type area in exactly one module;
- nothing is overset, and no article ends more than two lines above its
  module's foot (the rule line under a module counted);
- the lead's main headline is the largest on its page;
- no 撞题: two headline groups side by side at the same height, unless one
  headline is half as large again as the other (字号区别);
- photos (photo items and photo news) do not touch;
- reading order follows rank: the lead is read first, and every item within
  two places of where its rank puts it.
"""
from __future__ import annotations

import pytest

from edition_builders import strip_places
from layout.page.placement.build import ranks
from layout.page.placement.score import DISTINCT
from layout.pipeline import plan_edition
from layout.plan import ArticleBox, PhotoBox
from layout.spec.model import ArticleItem, ContinuationItem

from conftest import ROOT

pytestmark = pytest.mark.render

REFERENCE = "xinxiang-daily-2024-11-06"
DEMO = "shili-ribao-2024-11-08"
MAX_UNDERFULL = 2          # lines an article may end above its module's foot
MAX_DISPLACEMENT = 2       # places from its rank's an item may be read at
PAGES = [(REFERENCE, 3), (DEMO, 1), (DEMO, 2), (DEMO, 3), (DEMO, 4)]


@pytest.fixture(scope="module")
def editions(tmp_path_factory, font_cache):
    out = {}
    for name in (REFERENCE, DEMO):
        folder = strip_places(ROOT / "editions" / name, tmp_path_factory.mktemp(name) / name)
        placements: list = []
        edition, _, plans, diagnostics = plan_edition(str(folder), cache=font_cache, placements=placements)
        out[name] = (edition, {p.number: p for p in plans}, diagnostics, placements)
    return out


def page_of(editions, name: str, number: int):
    edition, plans, diagnostics, placements = editions[name]
    page = next(p for p in edition.pages if p.number == number)
    found = [d for d in diagnostics if d.where.page == number]
    return edition, page, plans[number], found


def modules(page, plan):
    """(item, module) pairs: the plan keeps the order of the page's items."""
    items = [i for i in page.items if not (isinstance(i, ContinuationItem) and not _carried(i, plan))]
    assert len(items) == len(plan.modules)
    return list(zip(items, plan.modules))


def _carried(item, plan) -> bool:
    return any(isinstance(m, ArticleBox) and m.part == "continuation" and m.source_file in ("", item.source)
               for m in plan.modules)


def first_line(edition, page) -> int:
    return edition.masthead.lines + 1 if page.number == 1 and edition.masthead else 1


def side_by_side(a, b) -> bool:
    touch = a.col + a.cols == b.col or b.col + b.cols == a.col
    return touch and a.line < b.line + b.lines and b.line < a.line + a.lines


def touching(a, b) -> bool:
    stacked = a.line + a.lines == b.line or b.line + b.lines == a.line
    return side_by_side(a, b) or (stacked and a.col < b.col + b.cols and b.col < a.col + a.cols)


def headline_group(item, box: ArticleBox):
    """(top, bottom, main size) of a headline group across the module's top,
    in points; None for photo news (the picture leads) and 竖排 headlines."""
    if getattr(item, "kind", "news") == "photo-news" or getattr(item, "vertical_headline", None):
        return None
    lines = box.headline_lines
    if not lines:
        return None
    sizes = [g.size for ln in lines for g in ln.glyphs if ln.kind in ("headline", "jump-headline")]
    top = min(ln.baseline - max(g.size for g in ln.glyphs) for ln in lines if ln.glyphs)
    return top, max(ln.baseline for ln in lines), max(sizes)


@pytest.mark.parametrize("name,number", PAGES)
def test_the_page_is_full(editions, name, number):
    edition, page, plan, _ = page_of(editions, name, number)
    style = edition.style
    cells = {}
    for item, box in modules(page, plan):
        f = box.frame
        for line in range(f.line, f.line + f.lines):
            for col in range(f.col, f.col + f.cols):
                assert (col, line) not in cells, f"{item.key} overlaps {cells[(col, line)]}"
                cells[(col, line)] = item.key
    top = first_line(edition, page)
    missing = [(c, ln) for ln in range(top, style.lines + 1) for c in range(1, style.columns + 1)
               if (c, ln) not in cells]
    assert not missing, f"cells no module covers: {missing[:5]} …"


@pytest.mark.parametrize("name,number", PAGES)
def test_nothing_over_and_no_module_foot_left_empty(editions, name, number):
    _, _, _, found = page_of(editions, name, number)
    assert not [d for d in found if d.code in ("overset", "empty-area")]
    underfull = {d.get("article"): d.get("lines") for d in found if d.code == "underfull"}
    assert all(lines <= MAX_UNDERFULL for lines in underfull.values()), underfull


@pytest.mark.parametrize("name,number", PAGES)
def test_the_leads_headline_is_the_largest(editions, name, number):
    _, page, plan, _ = page_of(editions, name, number)
    rank = ranks(page)
    sizes = {}
    for item, box in modules(page, plan):
        if isinstance(item, ArticleItem):
            sizes[item.key] = max(g.size for ln in box.headline_lines if ln.kind == "headline"
                                  for g in ln.glyphs)
    lead = min(sizes, key=lambda key: rank[key])
    assert rank[lead] == 0
    assert all(size < sizes[lead] for key, size in sizes.items() if key != lead), sizes


@pytest.mark.parametrize("name,number", PAGES)
def test_no_two_headlines_side_by_side_at_one_height(editions, name, number):
    _, page, plan, _ = page_of(editions, name, number)
    heads = [(item, box.frame, headline_group(item, box)) for item, box in modules(page, plan)
             if isinstance(box, ArticleBox)]
    heads = [h for h in heads if h[2] is not None]
    for k, (a, fa, ga) in enumerate(heads):
        for b, fb, gb in heads[k + 1:]:
            if not side_by_side(fa, fb) or ga[1] < gb[0] or gb[1] < ga[0]:
                continue
            big, small = max(ga[2], gb[2]), min(ga[2], gb[2])
            assert big >= DISTINCT * small, f"撞题: {a.key} ({ga[2]} pt) beside {b.key} ({gb[2]} pt)"


@pytest.mark.parametrize("name,number", PAGES)
def test_photos_do_not_touch(editions, name, number):
    _, page, plan, _ = page_of(editions, name, number)
    photos = [(item, box.frame) for item, box in modules(page, plan)
              if isinstance(box, PhotoBox) or getattr(item, "kind", None) == "photo-news"]
    for k, (a, fa) in enumerate(photos):
        for b, fb in photos[k + 1:]:
            assert not touching(fa, fb), f"{a.key} touches {b.key}"


@pytest.mark.parametrize("name,number", PAGES)
def test_reading_order_follows_rank(editions, name, number):
    _, page, plan, _ = page_of(editions, name, number)
    rank = ranks(page)
    read = [item.key for item, box in sorted(modules(page, plan),
                                              key=lambda m: (m[1].frame.line, m[1].frame.col))]
    by_rank = sorted(read, key=lambda key: rank[key])
    assert read[0] == by_rank[0], "the lead is read first"
    for place, key in enumerate(read):
        assert abs(place - by_rank.index(key)) <= MAX_DISPLACEMENT, (key, read)


@pytest.mark.parametrize("name", [REFERENCE, DEMO])
def test_every_item_placed_once_and_the_layout_recorded(editions, name):
    edition, _, _, placements = editions[name]
    assert placements and all(p.layout.over == () for p in placements)
    for placement in placements:
        assert [i.key for i in placement.placed.items] == [i.key for i in placement.page.items]
        assert all(i.at is not None and i.span is not None for i in placement.placed.items)


@pytest.mark.parametrize("name", [REFERENCE, DEMO])
def test_the_pages_are_laid_out_with_their_photos(editions, name):
    """The layouts above are those of the editions' own photos (their sizes
    decide the photos' heights): the set-up fetches them."""
    _, _, diagnostics, _ = editions[name]
    assert not [d for d in diagnostics if d.code == "photo-missing"], \
        "the photos are fetched by the set-up (scripts/fetch_photos.py)"
