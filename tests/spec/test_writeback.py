"""Writing chosen places back into edition.yaml: explicit `at`/`span` (and
text columns, headline size), the editor's comments and layout kept."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from layout.spec.edition import load_edition
from layout.spec.writeback import Place, write_places
from test_spec_errors import ARTICLE, write_edition

TEXT = """\
paper: 新乡日报   # the paper
date: 2024-11-06
pages:
  - number: 3
    section: 区县新闻
    items:
      # the lead story
      - article: articles/a.md     # lead
        rank: lead
        kind: news

      - article: articles/b.md
        span: [2, ~]        # two columns, please
        side: right
        lines:
          - 20
          - 60
      - photo:
          file: photos/x.png
          caption: 一张照片。
        under: articles/a.md
      - article: articles/c.md
        at: [1, 90]   # placed by hand
        span: [8, 27]
"""


def places() -> dict:
    return {(3, 0): Place((1, 1), (6, 40), None, 42.0),
            (3, 1): Place((7, 1), (2, 60), 2, 22.0),
            (3, 2): Place((1, 41), (3, 20))}


def test_places_are_written_and_read_back(tmp_path):
    out = write_places(TEXT, places())
    root = write_edition(tmp_path / "ed", out, {f"{n}.md": ARTICLE for n in "abc"})
    ed, _ = load_edition(str(root))
    a, b, photo, c = ed.pages[0].items
    assert (a.at, a.span, a.columns, a.headline_size) == ((1, 1), (6, 40), None, 42.0)
    assert (b.at, b.span, b.columns, b.headline_size) == ((7, 1), (2, 60), 2, 22.0)
    assert (photo.at, photo.span) == ((1, 41), (3, 20))
    assert (c.at, c.span) == ((1, 90), (8, 27))
    assert a.rank == 0 and a.kind == "news"          # rank and kind stay


def test_comments_blank_lines_and_other_keys_stay(tmp_path):
    out = write_places(TEXT, places())
    assert "paper: 新乡日报   # the paper" in out
    assert "      # the lead story\n      - article: articles/a.md     # lead\n" in out
    assert "      - article: articles/c.md\n        at: [1, 90]   # placed by hand\n" in out
    assert "\n\n      - article: articles/b.md" in out       # the blank line before b
    assert "          caption: 一张照片。\n" in out


def test_the_keys_of_an_open_item_give_way(tmp_path):
    out = write_places(TEXT, places())
    b = out[out.index("articles/b.md"):out.index("- photo:")]
    assert "side:" not in b and "lines:" not in b and "- 20" not in b
    assert "span: [2, 60]        # two columns, please" in b   # replaced in place, comment kept
    photo = out[out.index("- photo:"):out.index("articles/c.md")]
    assert "under:" not in photo
    # inserted under the item's first key and its value, in the item's indentation
    assert re.search(r"caption: 一张照片。\n        at: \[1, 41\]\n        span: \[3, 20\]\n", photo)


def test_only_the_named_items_change():
    out = write_places(TEXT, {(3, 2): Place((1, 41), (3, 20))})
    before, after = TEXT.split("\n"), out.split("\n")
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert removed == ["        under: articles/a.md"]
    assert added == ["        at: [1, 41]", "        span: [3, 20]"]


def test_a_missing_item_is_an_error():
    with pytest.raises(KeyError):
        write_places(TEXT, {(3, 9): Place((1, 1), (1, 10))})
    with pytest.raises(KeyError):
        write_places(TEXT, {(4, 0): Place((1, 1), (1, 10))})


def test_the_demo_edition_round_trips(tmp_path):
    """Every item of the demo edition stripped of its places and given them
    back gives the same edition."""
    root = Path(__file__).resolve().parents[2] / "editions" / "shili-ribao-2024-11-08"
    text = (root / "edition.yaml").read_text("utf-8")
    hand, _ = load_edition(str(root))
    stripped = "\n".join(line for line in text.split("\n")
                         if not re.match(r"^\s+(at|span|columns|headline_size):", line))
    back = {}
    for page in hand.pages:
        for index, it in enumerate(page.items):
            back[(page.number, index)] = Place(it.at, it.span, getattr(it, "columns", None),
                                               getattr(it, "headline_size", None))
    out = write_places(stripped, back)
    copy = tmp_path / "ed"
    copy.mkdir()
    for entry in root.iterdir():
        _copy(entry, copy / entry.name)
    (copy / "edition.yaml").unlink()
    (copy / "edition.yaml").write_text(out, "utf-8")
    again, _ = load_edition(str(copy))
    for p, q in zip(hand.pages, again.pages):
        for a, b in zip(p.items, q.items):
            assert (a.at, a.span, getattr(a, "columns", None), getattr(a, "headline_size", None)) == \
                (b.at, b.span, getattr(b, "columns", None), getattr(b, "headline_size", None))
    # headline sizes come back as numbers: the only lines that differ
    changed = [line for line in out.split("\n") if line not in text.split("\n")]
    assert all("headline_size" in line for line in changed)


def _copy(source, dest) -> None:
    """A real copy: an edition's files may not be links out of its folder."""
    import shutil
    if source.is_dir():
        shutil.copytree(source, dest)
    else:
        shutil.copy(source, dest)


PHOTO_ARTICLE = ARTICLE.replace("byline: 高创\n", "byline: 高创\nphoto:\n  file: photos/x.png\n  caption: 照片。\n")


def test_a_photo_height_the_layout_chose_is_written_and_read_back(tmp_path):
    out = write_places(TEXT, {(3, 0): Place((1, 1), (6, 40), None, 42.0, 14)})
    assert "        photo_lines: 14\n" in out
    root = write_edition(tmp_path / "ed", out, {"a.md": PHOTO_ARTICLE, "b.md": ARTICLE, "c.md": ARTICLE})
    (root / "photos").mkdir()
    ed, _ = load_edition(str(root))
    assert ed.pages[0].items[0].article.photo.lines == 14


def test_photo_lines_need_a_photo_and_a_height(tmp_path):
    from layout.diagnostics import InputError
    bad = TEXT.replace("        kind: news\n", "        kind: news\n        photo_lines: 2\n")
    root = write_edition(tmp_path / "ed", bad, {"a.md": PHOTO_ARTICLE, "b.md": ARTICLE, "c.md": ARTICLE})
    (root / "photos").mkdir()
    with pytest.raises(InputError, match="photo_lines"):
        load_edition(str(root))
    root = write_edition(tmp_path / "ed2", bad.replace("photo_lines: 2", "photo_lines: 12"),
                         {n: ARTICLE for n in ("a.md", "b.md", "c.md")})
    with pytest.raises(InputError, match="has no photo"):
        load_edition(str(root))
