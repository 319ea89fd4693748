"""Article layout apart from page placement: layout_article sets an article
into any frame, measure_article says how many grid lines it needs at a width,
and a jump records where the text resumes."""
from __future__ import annotations

import pytest

from layout.page.article_layout import ArticleOptions, layout_article, layout_continuation, measure_article
from layout.page.compose_cache import ComposeCache
from layout.plan import Frame, ResumeAt
from layout.spec.edition import load_edition

from conftest import REFERENCE, ROOT

pytestmark = pytest.mark.render

DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"


@pytest.fixture(scope="module")
def reference():
    edition, _ = load_edition(str(REFERENCE))
    return edition


@pytest.fixture(scope="module")
def demo():
    edition, _ = load_edition(str(DEMO))
    return edition


def _articles(edition):
    return [item for page in edition.pages for item in page.items if hasattr(item, "article")]


def _photo_height(box) -> float:
    return sum((p.picture or p.placeholder).height for p in box.pictures)


def _frame(lines: int, cols: int, col: int = 1, line: int = 1) -> Frame:
    return Frame(col, line, cols, lines, line + lines - 1)


@pytest.mark.parametrize("cols", [2, 3, 4])
def test_the_measure_is_the_smallest_frame_that_fits(reference, fonts, cols):
    cache = ComposeCache(fonts)
    style = reference.style
    for item in _articles(reference):
        art = item.article
        need = measure_article(art, cols, None, style, cache)
        fits = layout_article(art, _frame(need, cols), style, cache).box
        assert fits.overset_lines == 0, art.id
        assert fits.grid_lines <= need
        if need > 1:
            short = layout_article(art, _frame(need - 1, cols), style, cache).box
            # one line less: the text runs over, or the photo is set smaller than it asks
            assert short.overset_lines > 0 or _photo_height(short) < _photo_height(fits), \
                f"{art.id} fits in {need - 1} lines at {cols} columns"


def test_wider_never_needs_more_lines(reference, fonts):
    cache = ComposeCache(fonts)
    for item in _articles(reference):
        needs = [measure_article(item.article, cols, None, reference.style, cache) for cols in (2, 3, 4, 6)]
        assert needs == sorted(needs, reverse=True), (item.article.id, needs)


def test_text_columns_change_the_measure(reference, fonts):
    cache = ComposeCache(fonts)
    art = max(_articles(reference), key=lambda i: sum(len(b.text) for b in i.article.blocks)).article
    three = measure_article(art, 4, 3, reference.style, cache)
    four = measure_article(art, 4, 4, reference.style, cache)
    assert three != four or three > 0


def test_measuring_again_prepares_nothing_new(reference, fonts):
    cache = ComposeCache(fonts)
    items = _articles(reference)
    for item in items:
        measure_article(item.article, 3, None, reference.style, cache)
    prepared = len(cache.paragraphs)
    for item in items:
        for cols in (2, 3, 4):
            measure_article(item.article, cols, None, reference.style, cache)
    # other widths reuse the prepared paragraphs: they depend on content, not on the width
    assert len(cache.paragraphs) == prepared


def test_a_vertical_headline_is_measured_too(demo, fonts):
    cache = ComposeCache(fonts)
    item = next(i for i in _articles(demo) if i.vertical_headline)
    need = measure_article(item.article, item.span[0], item.columns, demo.style, cache,
                           vertical_headline=item.vertical_headline)
    opts = ArticleOptions(item.columns, None, item.vertical_headline)
    assert layout_article(item.article, _frame(need, item.span[0]), demo.style, cache, opts).box.overset_lines == 0
    assert layout_article(item.article, _frame(need - 1, item.span[0]), demo.style, cache, opts).box.overset_lines


def test_the_box_holds_its_lines_with_source_offsets(reference, fonts):
    cache = ComposeCache(fonts)
    item = _articles(reference)[0]
    box = layout_article(item.article, Frame(*item.at, *item.span, item.at[1] + item.span[1] - 1),
                         reference.style, cache).box
    sources = {s.block: s for s in box.sources}
    body = [line for line in box.lines if line.kind == "body"]
    assert body
    for line in body:
        src = sources[line.paragraph]
        # the glyphs are the source's characters minus the blanks that draw nothing
        assert line.text == "".join(ch for ch in src.text[line.start:line.end] if ch not in " ")
    # every body character comes back, in order, from the offsets
    for block, src in sources.items():
        lines = [l for l in body if l.paragraph == block]
        if lines:
            assert "".join(src.text[l.start:l.end] for l in lines).replace(" ", "") == src.text.replace(" ", "")
    assert {c.index for c in box.columns} == {l.column for l in body}
    assert box.headline_lines and all(l.kind in ("kicker", "headline", "deck", "author") for l in box.headline_lines)


def test_a_jump_resumes_where_the_first_part_stops(reference, fonts):
    cache = ComposeCache(fonts)
    style = reference.style
    item = max(_articles(reference), key=lambda i: sum(len(b.text) for b in i.article.blocks))
    art = item.article
    need = measure_article(art, 2, None, style, cache)
    first = layout_article(art, _frame(need // 2, 2), style, cache, ArticleOptions(jump_to=4))
    resume = first.box.resume
    assert isinstance(resume, ResumeAt) and first.box.part == "first" and first.box.overset_lines == 0
    rest = layout_continuation(art, resume, 3, _frame(need, 2, col=3), style, cache).box
    assert rest.part == "continuation" and rest.overset_lines == 0
    body_first = "".join(l.text for l in first.box.lines if l.kind == "body")
    body_rest = "".join(l.text for l in rest.lines if l.kind == "body")
    whole = "".join(b.text for b in art.blocks if b.kind == "para")
    strip = lambda s: "".join(ch for ch in s if not ch.isspace())
    text = strip(body_first + body_rest)
    for piece in (art.lead or "", f"（{art.byline}）" if art.byline else ""):
        text = text.replace(strip(piece), "", 1)
    assert text == strip(whole)


def test_a_vertical_headline_is_set_as_vertical_lines(demo, fonts, tmp_path):
    from layout.check.typography import read_pdf
    from layout.output.pdf import FontRegistrar, write_pdf
    from layout.plan import PagePlan
    cache = ComposeCache(fonts)
    item = next(i for i in _articles(demo) if i.vertical_headline)
    frame = Frame(*item.at, *item.span, item.at[1] + item.span[1] - 1)
    opts = ArticleOptions(item.columns, None, item.vertical_headline)
    box = layout_article(item.article, frame, demo.style, cache, opts).box
    vertical = [line for line in box.lines if line.vertical]
    assert [line.text for line in vertical if line.kind == "headline"] == ["".join(item.article.headline)]
    for line in vertical:
        ys = [g.y for g in line.glyphs]
        assert ys == sorted(ys) and ys[0] == 0 and len(set(ys)) == len(ys)
    # the PDF marks each column as one vertical line, and the checker reads it so
    path = tmp_path / "v.pdf"
    write_pdf([PagePlan.of_marks(1, demo.style.width, demo.style.height, vertical, style=demo.style)],
              str(path), FontRegistrar(fonts), "v")
    read = [line for line in read_pdf(str(path))[0][0] if line.align == "vertical"]
    assert [line.text for line in read] == [line.text for line in vertical]
    # each glyph where it is drawn, though the column's text is also given whole (ActualText)
    for got, line in zip(read, vertical):
        assert [(c.x, c.y) for c in got.cells] == [
            (pytest.approx(line.x + g.x, abs=0.01), pytest.approx(line.baseline + g.y, abs=0.01))
            for g in line.glyphs]


def test_a_byline_wider_than_its_column_wraps_inside_it(reference, fonts):
    from dataclasses import replace
    cache = ComposeCache(fonts)
    art = _articles(reference)[0].article
    art = replace(art, byline="记者 王晓明 欧阳春华 通讯员 李明 张红梅 实习生 赵一鸣")
    box = layout_article(art, _frame(200, 1), reference.style, cache).box
    body = [line for line in box.lines if line.kind == "body"]
    for line in body:
        column = next(c for c in box.columns if c.index == line.column)
        assert all(line.x + g.x <= column.x + column.width - 0.5 * g.size + 0.01 for g in line.glyphs), line.text
    assert "".join(line.text for line in body).endswith("赵一鸣）")
