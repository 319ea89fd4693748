"""From a spec page with open items to a placed page, and through the
pipeline: the demo and reference editions with every `at`, `span`,
`columns` and `headline_size` removed are laid out by Banmian."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from layout.page.placement.build import apply, page_has_open, place_page, places, problem_for, ranks
from layout.page.placement.picture import layout_picture
from layout.pipeline import plan_edition
from layout.spec.edition import load_edition
from layout.spec.model import ArticleItem, PhotoItem

EDITIONS = Path(__file__).resolve().parents[3] / "editions"
DEMO = "shili-ribao-2024-11-08"
REFERENCE = "xinxiang-daily-2024-11-06"


def stripped(tmp_path: Path, name: str) -> Path:
    """A copy of an edition whose items say nothing about their place."""
    source = EDITIONS / name
    folder = tmp_path / name
    folder.mkdir()
    for entry in source.iterdir():
        if entry.name != "edition.yaml":
            _copy(entry, folder / entry.name)
    text = (source / "edition.yaml").read_text("utf-8")
    keep = [line for line in text.split("\n") if not re.match(r"^\s+(at|span|columns|headline_size):", line)]
    (folder / "edition.yaml").write_text("\n".join(keep), "utf-8")
    return folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return load_edition(str(stripped(tmp_path_factory.mktemp("demo"), DEMO)))[0]


def test_the_problem_of_a_page(demo):
    front = demo.pages[0]
    assert page_has_open(front)
    problem = problem_for(demo, front, {})
    assert problem.first_line == demo.masthead.lines + 1 == 17
    assert problem.fixed == ()
    assert [o.key for o in problem.open] == [i.key for i in front.items]
    assert [o.rank for o in problem.open] == list(range(len(front.items)))    # the order of the list
    assert all(o.candidates for o in problem.open)


def test_an_item_named_lead_moves_the_others_down(demo):
    page = demo.pages[1]
    items = list(page.items)
    from dataclasses import replace
    items[3] = replace(items[3], rank=0)
    rank = ranks(replace(page, items=tuple(items)))
    assert rank[items[3].key] == 0 and rank[items[0].key] == 1 and rank[items[1].key] == 2


def test_a_placed_page_has_every_item_on_the_grid(demo):
    page = demo.pages[2]
    placed, layout = place_page(demo, page, {})
    assert all(item.at is not None and item.span is not None for item in placed.items)
    for item in placed.items:
        p = layout.placement(item.key)
        assert (item.at, item.span) == ((p.col, p.line), (p.cols, p.lines))
        if isinstance(item, ArticleItem):
            assert item.headline_size == p.candidate.headline_size
            if item.article.photo is not None and p.photo_lines:
                assert item.article.photo.lines == p.photo_lines
    assert isinstance(placed.items[5], PhotoItem)
    picture = layout_picture(layout, problem_for(demo, page, {}))
    assert picture.count("┌") == 1 and "photos/lumian.png" in picture


def test_a_hand_placed_page_is_left_alone():
    edition, _ = load_edition(str(EDITIONS / REFERENCE))
    page = edition.pages[0]
    assert not page_has_open(page)
    assert place_page(edition, page, {}) == (page, None)


def test_places_to_write_back(demo):
    page = demo.pages[3]
    placed, layout = place_page(demo, page, {})
    back = places(page, layout)
    assert sorted(back) == [(4, k) for k in range(len(page.items))]
    for (_, index), place in back.items():
        item = placed.items[index]
        assert (place.at, place.span) == (item.at, item.span)


@pytest.mark.parametrize("name", [REFERENCE, DEMO])
def test_open_editions_are_planned_whole(tmp_path, name):
    """Every page of the edition laid out: every item placed once, nothing
    overlapping, page 1 under its masthead, the lead's headline the largest,
    text that jumps carried to its continuation."""
    edition, fonts, plans, diagnostics = plan_edition(str(stripped(tmp_path, name)))
    hand, _ = load_edition(str(EDITIONS / name))
    assert len(plans) == len(hand.pages)
    carried = {}
    for page, plan in zip(edition.pages, plans):
        placed, layout = place_page(edition, page, carried)
        carried.update({c.source: c for c in plan.carries})
        first = 17 if page.number == 1 and edition.masthead else 1
        grid = {}
        for item in placed.items:
            (col, line), (cols, lines) = item.at, item.span
            assert line >= first
            for y in range(line, line + lines):
                for x in range(col, col + cols):
                    assert (x, y) not in grid, f"{item.key} overlaps {grid[(x, y)]}"
                    grid[(x, y)] = item.key
        sizes = [i.headline_size for i in placed.items if isinstance(i, ArticleItem)]
        lead = placed.items[0]
        if isinstance(lead, ArticleItem):
            assert lead.headline_size == max(sizes) and sizes.count(max(sizes)) == 1
        assert {a.id for a in plan.articles} == {i.article.id for i in placed.items
                                                 if isinstance(i, ArticleItem)} | {
            c.article.id for c in plan.carries} | {a.id for a in plan.articles}
    # the report names what is over; it is small with the text-only estimate
    over = [d for d in diagnostics if d.code == "overset"]
    assert sum(d.get("lines") for d in over) <= 6


def _copy(source, dest) -> None:
    """A real copy: an edition's files may not be links out of its folder."""
    import shutil
    if source.is_dir():
        shutil.copytree(source, dest)
    else:
        shutil.copy(source, dest)
