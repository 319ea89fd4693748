"""Jumps (转版): an article's overflow continues on a later page, with
下转/上接 lines and a continuation headline, and nothing is lost."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from layout.pipeline import RenderOptions, plan_edition, render

from edition_builders import ARTICLE, jump_edition
from pdf_reading import pdf_glyphs

@pytest.mark.render
def test_overflow_continues_on_the_later_page(tmp_path, font_cache):
    edition = jump_edition(tmp_path / "ed")
    out = tmp_path / "out"
    result = render(str(edition), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    assert not [d for d in result.diagnostics if d.code == "overset"]
    p1, p2 = result.plans
    first = [l for l in p1.lines if l.article == "a"]
    second = [l for l in p2.lines if l.article == "a"]
    assert any(l.text == "（下转第二版）" for l in first)
    assert second[0].kind == "jump-headline" and second[0].text == "高新区满弓紧弦铆足劲"
    assert any(l.text == "（上接第一版）" for l in second)
    # the 下转 line closes the last column of the first part, flush right
    tail = next(l for l in first if l.text == "（下转第二版）")
    assert tail.grid_line == max(l.grid_line for l in first if l.grid_line)
    # nothing lost, nothing doubled: the article's text is split across the two PDFs
    printed = Counter(g[0] for g in pdf_glyphs(out / "p01.pdf") + pdf_glyphs(out / "p02.pdf"))
    body = "".join(l.text for l in first + second if l.kind in ("body", "subhead"))
    wanted = Counter(ch for ch in ARTICLE.split("---\n", 2)[2] if not ch.isspace() and ch != "#")
    wanted.update("本报讯\u3000（高创）")
    got = Counter(body)
    assert got == wanted, (wanted - got, got - wanted)
    wanted.subtract(printed)
    wanted.pop("\u3000", None)   # the ideographic space draws nothing
    assert not +wanted, f"not in the PDFs: {+wanted}"
    # the records: each page accounts for its own part of the article
    rec1 = next(a for a in p1.articles if a.id == "a")
    rec2 = next(a for a in p2.articles if a.id == "a")
    assert rec1.overset_lines == 0 and rec2.overset_lines == 0
    assert len(rec1.text) + len(rec2.text) >= len(body) - 10


@pytest.mark.render
def test_page_numbers_follow_the_continuation(tmp_path):
    edition = jump_edition(tmp_path / "ed", target=3)
    _, _, plans, _ = plan_edition(str(edition))
    texts = {l.text for p in plans for l in p.lines}
    assert "（下转第三版）" in texts and "（上接第一版）" in texts


@pytest.mark.render
def test_a_continuation_without_room_is_overset(tmp_path):
    edition = jump_edition(tmp_path / "ed", room=(1, 6))
    _, _, plans, diagnostics = plan_edition(str(edition))
    overset = [d for d in diagnostics if d.code == "overset"]
    assert len(overset) == 1 and dict(overset[0].data)["article"] == "a"
    assert any(b.fill == 0.0 for b in plans[1].boxes)    # the 溢排 mark on page 2


@pytest.mark.render
def test_a_first_part_that_fits_leaves_its_continuation_empty(tmp_path):
    edition = jump_edition(tmp_path / "ed", first_span=(8, 100))
    _, _, plans, diagnostics = plan_edition(str(edition))
    codes = Counter(d.code for d in diagnostics)
    assert codes["jump-unused"] == 1 and codes["jump-empty"] == 1
    assert not any("下转" in l.text for l in plans[0].lines)


@pytest.mark.render
def test_continuation_rendered_alone_still_gets_its_text(tmp_path, font_cache):
    edition = jump_edition(tmp_path / "ed")
    result = render(str(edition), RenderOptions(out_dir=str(tmp_path / "out"), previews=False, pages=(2,)),
                    cache=font_cache)
    assert [p.number for p in result.plans] == [2]
    assert any(l.text == "（上接第一版）" for l in result.plans[0].lines)


@pytest.mark.render
def test_the_continued_paragraph_goes_on_unindented_and_is_marked(tmp_path):
    edition = jump_edition(tmp_path / "ed")
    _, _, plans, _ = plan_edition(str(edition))
    body = [l for l in plans[1].lines if l.article == "a" and l.kind == "body"]
    first = body[0]
    assert first.resumed and first.glyphs[0].x == 0.0        # no 2-em indent
    assert all(not l.resumed for l in body if l.paragraph != first.paragraph)


def test_a_jump_between_two_paragraphs_keeps_the_next_ones_indent(tmp_path):
    from layout.page.body import body_blocks
    from layout.page.compose_cache import ComposeCache
    from layout.plan import ResumeAt
    from layout.spec.edition import load_edition
    from layout.pipeline import build_fontbook
    from layout.fonts.book import DEFAULT_MANIFEST
    from layout.fonts.cache import FontCache
    edition = jump_edition(tmp_path / "ed")
    loaded, _ = load_edition(str(edition))
    fonts = build_fontbook(loaded, str(DEFAULT_MANIFEST), FontCache())
    art = loaded.pages[0].items[0].article
    cache = ComposeCache(fonts)
    whole, _ = body_blocks(art, loaded.style, cache, start=ResumeAt(1, 0))
    part, sources = body_blocks(art, loaded.style, cache, start=ResumeAt(1, 10))
    assert sources[0].block_start == 10 and sources[0].text.startswith(art.blocks[1].text[10:])
    assert whole[0].paragraph.indent == 2 * loaded.style.em
    assert part[0].paragraph.indent == 0
