"""Items Banmian places: `at` and `span` left out or given in part, with the
editor's rank, kind, width, height range, side and `under`; every mistake
reported at its line with a hint; an article is placed once."""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.spec.edition import load_edition
from layout.spec.model import ArticleItem, PhotoItem, Placing
from test_spec_errors import ARTICLE, find, load_error, write_edition

HEAD = """\
paper: 新乡日报
date: 2024-11-06
pages:
  - number: 3
    section: 区县新闻
    items:
"""


def edition(*items: str) -> str:
    return HEAD + "".join(items)


def write(tmp_path: Path, *items: str) -> Path:
    articles = {f"{name}.md": ARTICLE for name in "abcd"}
    return write_edition(tmp_path / "ed", edition(*items), articles)


def item(name: str, *lines: str) -> str:
    return f"      - article: articles/{name}.md\n" + "".join(f"        {line}\n" for line in lines)


def test_items_without_at_and_span_load_open(tmp_path):
    root = write(tmp_path, item("a", "rank: lead"), item("b", "kind: commentary", "cols: 2", "side: right"),
                 item("c", "span: [3, ~]", "under: articles/a.md"), item("d", "lines: [20, 40]", "rank: brief"))
    ed, warnings = load_edition(str(root))
    a, b, c, d = ed.pages[0].items
    assert all(isinstance(x, ArticleItem) and x.at is None and x.span is None for x in (a, b, c, d))
    assert a.rank == 0 and a.placing == Placing()
    assert b.kind == "commentary" and b.placing == Placing(cols=2, side="right")
    assert c.placing == Placing(cols=3, under="articles/a.md")
    assert d.rank == 90 and d.placing.lines == (20, 40)


def test_a_partial_span_gives_the_height(tmp_path):
    root = write(tmp_path, item("a", "span: [~, 40]"), item("b", "lines: 25"), item("c", "rank: 3"))
    ed, _ = load_edition(str(root))
    a, b, c = ed.pages[0].items
    assert a.placing.lines == (40, 40) and a.placing.cols is None
    assert b.placing.lines == (25, 25)
    assert c.rank == 2


def test_a_full_span_without_at_leaves_only_the_place_open(tmp_path):
    root = write(tmp_path, item("a", "span: [3, 30]"))
    ed, _ = load_edition(str(root))
    a = ed.pages[0].items[0]
    assert a.at is None and a.placing == Placing(cols=3, lines=(30, 30))


def test_photo_items_may_be_open(tmp_path):
    root = write(tmp_path, item("a"), "      - photo: photos/x.png\n        cols: 2\n        rank: 2\n")
    ed, warnings = load_edition(str(root))
    photo = ed.pages[0].items[1]
    assert isinstance(photo, PhotoItem) and photo.at is None
    assert photo.placing.cols == 2 and photo.rank == 1 and photo.key == "photos/x.png"
    assert any(w.code == "photo-missing" for w in warnings)


@pytest.mark.parametrize("lines,line,words", [
    (("at: [1, 1]",), 8, ("`at` places the item by hand",)),
    (("span: [~, ~]",), 8, ("`span`",)),
    (("cols: 9",), 8, ("`cols`", "1 to 8")),
    (("cols: 0",), 8, ("`cols`",)),
    (("cols: 3", "span: [2, ~]"), 8, ("disagree",)),
    (("lines: [40, 20]",), 8, ("`lines`",)),
    (("lines: [2, 20]",), 8, ("`lines`",)),
    (("lines: [20, 200]",), 8, ("`lines`",)),
    (("span: [~, 30]", "lines: [20, 40]"), 9, ("both give the height",)),
    (("side: top",), 8, ("`side`", "left or right")),
    (("rank: first",), 8, ("`rank`", "lead")),
    (("rank: 1",), 8, ("`rank`",)),
    (("kind: editorial",), 8, ("`kind`", "commentary")),
    (("under: articles/zz.md",), 7, ("names no item",)),
    (("under: articles/a.md",), 7, ("under itself",)),
    (("at: [1, 1]", "span: [3, 30]", "cols: 3"), 10, ("`cols` is for an item Banmian places",)),
    (("at: [1, 1]", "span: [3, 30]", "side: left"), 10, ("`side`",)),
    (("columns: 7", "cols: 3"), 8, ("7 text columns do not fit in 3",)),
])
def test_placing_mistakes_are_reported_at_their_line(tmp_path, lines, line, words):
    root = write(tmp_path, item("a", *lines))
    exc = load_error(root)
    d = find(exc, "edition.yaml", line, *words)
    assert d.where.line == line


def test_under_in_a_loop_is_reported(tmp_path):
    root = write(tmp_path, item("a", "under: articles/b.md"), item("b", "under: articles/a.md"))
    exc = load_error(root)
    find(exc, "edition.yaml", 7, "loop")
    find(exc, "edition.yaml", 9, "loop")


def test_an_article_placed_twice_on_a_page_is_an_error(tmp_path):
    root = write(tmp_path, item("a", "at: [1, 1]", "span: [3, 30]"), item("a"))
    exc = load_error(root)
    d = find(exc, "edition.yaml", 10, "placed twice", "page 3")
    assert "line 7" in d.message and "continues" in d.hint


def test_an_article_placed_on_two_pages_is_an_error(tmp_path):
    text = edition(item("a")) + "  - number: 4\n    items:\n" + item("a")
    root = write_edition(tmp_path / "ed", text, {"a.md": ARTICLE})
    exc = load_error(root)
    find(exc, "edition.yaml", 10, "placed twice", "page 3")


def test_open_items_are_not_checked_against_the_masthead(tmp_path):
    text = HEAD.replace("pages:", "masthead: {lines: 16}\npages:").replace("number: 3", "number: 1")
    root = write_edition(tmp_path / "ed", text + item("a"), {"a.md": ARTICLE})
    ed, _ = load_edition(str(root))
    assert ed.pages[0].items[0].at is None


@pytest.mark.parametrize("name", ["xinxiang-daily-2024-11-06", "shili-ribao-2024-11-08"])
def test_hand_placed_editions_load_as_before(name):
    root = Path(__file__).resolve().parents[2] / "editions" / name
    ed, _ = load_edition(str(root))
    for page in ed.pages:
        for it in page.items:
            assert it.at is not None and it.span is not None
            assert it.placing == Placing() and it.rank is None
            assert getattr(it, "kind", "news") in ("news", "photo", "continuation")
