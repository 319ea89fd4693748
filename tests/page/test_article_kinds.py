"""Kinds of article set as Chinese dailies set them: a commentary (评论) boxed
with its body in Kai, briefs (简讯) with run-in bold titles, photo news
(图片新闻) with the picture leading."""
from __future__ import annotations

import pytest

from layout.page.article_layout import ArticleOptions, layout_article, measure_article
from layout.page.compose_cache import ComposeCache
from layout.plan import Frame
from layout.spec.edition import load_edition

from conftest import ROOT

pytestmark = pytest.mark.render

DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"


@pytest.fixture(scope="module")
def demo():
    edition, _ = load_edition(str(DEMO))
    return edition


def _article(edition, article_id):
    return next(i.article for p in edition.pages for i in p.items
                if getattr(i, "article", None) is not None and i.article.id == article_id)


def _set(edition, fonts, article, kind, cols=2, lines=60):
    cache = ComposeCache(fonts)
    frame = Frame(3, 10, cols, lines, 10 + lines - 1)
    return layout_article(article, frame, edition.style, cache, ArticleOptions(kind=kind)).box


def test_a_commentary_is_boxed_with_its_text_an_em_inside(demo, fonts):
    box = _set(demo, fonts, _article(demo, "22-pinglun"), "commentary")
    style = demo.style
    frame_box = [b for b in box.boxes if b.stroke]
    assert len(frame_box) == 1 and frame_box[0].fill is None
    left = style.column_x(3)
    assert box.columns[0].x == pytest.approx(left + style.em)
    last = box.columns[-1]
    assert last.x + last.width == pytest.approx(left + style.span_width(2) - style.em)
    # the box stands between the text and the gutter where the rules run
    assert left - style.gutter / 2 < frame_box[0].x < box.columns[0].x


def test_a_commentary_body_is_set_in_kai(demo, fonts):
    box = _set(demo, fonts, _article(demo, "22-pinglun"), "commentary")
    faces = {g.face for line in box.lines if line.kind == "body" for g in line.glyphs}
    assert faces <= {"kai", "serif"} and "kai" in faces
    news = _set(demo, fonts, _article(demo, "22-pinglun"), "news")
    assert "serif" in {g.face for line in news.lines if line.kind == "body" for g in line.glyphs}
    assert not [b for b in news.boxes if b.stroke]


def test_briefs_run_their_titles_in_bold(demo, fonts):
    art = _article(demo, "25-jianxun")
    box = _set(demo, fonts, art, "briefs")
    assert not [line for line in box.lines if line.kind == "subhead"]
    text = "".join(line.text for line in box.lines if line.kind == "body")
    for block in art.blocks:
        if block.kind == "subhead":
            assert "■" + block.text.replace(" ", "") in text.replace(" ", "")
    bold = [g for line in box.lines if line.kind == "body" for g in line.glyphs if g.ch == "■"]
    assert len(bold) == sum(1 for b in art.blocks if b.kind == "subhead")
    # the sources say where each paragraph's own text begins, after its run-in title
    for src in box.sources:
        block = art.blocks[src.block]
        assert src.text[src.lead:].startswith(block.text[:4])


def test_briefs_take_fewer_lines_than_with_subheads(demo, fonts):
    art = _article(demo, "25-jianxun")
    cache = ComposeCache(fonts)
    assert measure_article(art, 2, None, demo.style, cache, kind="briefs") < \
        measure_article(art, 2, None, demo.style, cache, kind="news")


def test_photo_news_puts_the_picture_first(demo, fonts):
    item = next(i for p in demo.pages for i in p.items
                if getattr(i, "article", None) is not None and i.article.photo is not None)
    box = _set(demo, fonts, item.article, "photo-news", cols=3, lines=80)
    style = demo.style
    picture = box.pictures[0].picture or box.pictures[0].placeholder
    assert picture.y == pytest.approx(style.line_top(10))
    assert picture.width == pytest.approx(box.columns[-1].x + box.columns[-1].width - box.columns[0].x)
    headline = [line for line in box.lines if line.kind == "headline"]
    assert headline and min(line.baseline for line in headline) > picture.y + picture.height
