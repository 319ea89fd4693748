"""ALTO 4.4 from the plan: valid against the official schema, the text of
every line exactly as set, every character where the plan put it."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from layout.output.alto import NS, segments
from layout.output.geometry import glyph_box
from layout.plan import ArticleBox

pytestmark = pytest.mark.render

Q = f"{{{NS}}}"


def _alto(result, number):
    return ET.parse(result.web_dir / "alto" / f"p{number:02d}.xml").getroot()


def test_every_page_validates_against_alto_4_4(published, alto_schema):
    for page in published.view.pages:
        alto_schema.validate(str(published.web_dir / "alto" / f"p{page.number:02d}.xml"))


def test_the_schema_is_really_checked(demo_published, alto_schema, tmp_path):
    text = (demo_published.web_dir / "alto" / "p01.xml").read_text("utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace('WC="1.0"', 'WC="1.5"', 1), "utf-8")
    assert not alto_schema.is_valid(str(broken))


def _line_text(element) -> str:
    out = []
    for child in element:
        if child.tag == Q + "String":
            out.append(child.get("CONTENT"))
        elif child.tag == Q + "SP":
            out.append("\u3000")
    return "".join(out)


def test_lines_carry_the_text_as_set(demo_published):
    view = demo_published.view
    for page in view.pages:
        alto = _alto(demo_published, page.number)
        lines = {e.get("ID"): _line_text(e) for e in alto.iter(Q + "TextLine")}
        blocks = {e.get("ID"): e for e in alto.iter(Q + "TextBlock")}
        plan_text = "".join(line.text.replace(" ", "\u3000") for m in page.plan.modules for line in m.lines
                            if line.glyphs)
        alto_text = "".join(lines.values())
        # the same characters, every one of them (in the ALTO's reading order)
        assert sorted(alto_text) == sorted(plan_text + "".join(
            line.text.replace(" ", "\u3000") for line in page.plan.furniture.lines if line.glyphs))
        assert blocks


def test_each_character_is_where_the_plan_put_it(demo_published):
    view = demo_published.view
    page = view.page(1)
    info_scale = demo_published_scale(demo_published, 1)
    alto = _alto(demo_published, 1)
    module = next(m for m in page.plan.modules if isinstance(m, ArticleBox) and m.id == "01-shenkong")
    first_body = next(line for line in module.lines if line.kind == "body")
    block = next(e for e in alto.iter(Q + "TextBlock") if e.get("ID") == "p01_01-shenkong_b1")
    line = block.find(Q + "TextLine")
    strings = [s for s in line if s.tag == Q + "String"]
    assert strings[0].get("CONTENT") == first_body.glyphs[0].ch == "本"
    fonts = demo_published_fonts(demo_published)
    for string, glyph in zip(strings[:3], first_body.glyphs[:3]):
        box = glyph_box(fonts, first_body, glyph)
        assert float(string.get("HPOS")) == pytest.approx(box.x * info_scale, abs=0.01)
        assert float(string.get("VPOS")) == pytest.approx(box.y * info_scale, abs=0.01)
        assert float(string.get("WIDTH")) == pytest.approx(box.width * info_scale, abs=0.01)
    # the dateline is set bold: its own text style
    assert strings[0].get("STYLEREFS") != line.get("STYLEREFS")


def demo_published_scale(result, number):
    import json
    info = json.loads((result.web_dir / "iiif" / f"p{number:02d}" / "info.json").read_text("utf-8"))
    plan = result.view.page(number).plan
    return info["width"] / plan.width


def demo_published_fonts(result):
    from layout.fonts.book import FontBook, load_manifest
    from layout.fonts.cache import FontCache
    return FontBook(load_manifest(), FontCache())


def test_confidence_is_certain_everywhere(demo_published):
    alto = _alto(demo_published, 2)
    strings = list(alto.iter(Q + "String"))
    assert strings
    assert all(s.get("WC") == "1.0" and s.get("CC") == "0" * len(s.get("CONTENT")) for s in strings)
    glyphs = list(alto.iter(Q + "Glyph"))
    assert glyphs and all(g.get("GC") == "1.0" for g in glyphs)


def test_an_article_part_is_a_composed_block_in_reading_order(demo_published):
    alto = _alto(demo_published, 1)
    composed = {e.get("ID"): e for e in alto.iter(Q + "ComposedBlock")}
    assert set(composed) == {f"p01_{sid}" for sid in demo_published.view.page(1).stories}
    laojiu = composed["p01_03-laojiu"]
    blocks = [e for e in laojiu if e.tag == Q + "TextBlock"]
    assert blocks[0].get("ID") == "p01_03-laojiu_head"
    # IDNEXT chains the text blocks in order, the last one ends it
    for a, b in zip(blocks, blocks[1:]):
        assert a.get("IDNEXT") == b.get("ID")
    assert blocks[-1].get("IDNEXT") is None
    # the jump line (下转第三版) is its own block
    assert any(b.get("TAGREFS") == "tag_jump" and "下转" in "".join(
        s.get("CONTENT") for s in b.iter(Q + "String")) for b in blocks)


def test_fonts_are_text_styles(demo_published):
    alto = _alto(demo_published, 1)
    styles = {e.get("ID"): e for e in alto.iter(Q + "TextStyle")}
    families = {e.get("FONTFAMILY") for e in styles.values()}
    assert "Noto Serif CJK SC" in families
    used = {s for e in alto.iter() for s in (e.get("STYLEREFS") or "").split()}
    assert used <= set(styles)


def test_strings_follow_the_default_word_boundaries():
    text = "本报讯\u300011月7日，增长2.3%，CN00-0000号"
    words = [text[a:b] for a, b, kind in segments(text) if kind == "word"]
    assert words == ["本", "报", "讯", "11", "月", "7", "日", "，", "增", "长", "2.3", "%", "，",
                     "CN00", "-", "0000", "号"]
    assert [text[a:b] for a, b, kind in segments(text) if kind == "space"] == ["\u3000"]
