"""The typography checker (layout/typography_check.py) and `banmian check`.

Unit tests draw small pages by hand — glyphs placed exactly where a rule is
kept or broken — write them with the real PDF writer and fonts, and assert that
the checker, reading only the PDF, reports exactly the broken rule. The
end-to-end tests render the reference and torture editions and expect no
violation at all.
"""
from __future__ import annotations

from layout.spec.typesetting import Typesetting

import json
import math
from dataclasses import replace
from collections import Counter
from pathlib import Path

import pytest

from layout.compose.charclass import Kind, kind_of
from layout.cli.main import main
from layout.compose.line_breaker import Glyph
from layout.output.pdf import FontRegistrar, write_pdf
from layout.plan import PagePlan, TextLine
from layout.pipeline import RenderOptions, render
from layout.spec.page_style import PageStyle
from layout.check.typography import ERROR, WARNING, check_pdf, read_pdf
from layout.output.report import compiler_line

from conftest import REFERENCE, ROOT

# The checker reads PDFs: every test here writes one (or renders an edition),
# but for the one of the report format.
pytestmark = pytest.mark.render

TORTURE = ROOT / "tests" / "editions" / "torture"
EM = 9.0
MEASURE = 13 * EM
HAN = "这是一段用于检查排版规则的中文正文内容大家好我们在城市里读书"


# -- building pages by hand ----------------------------------------------------

def lay(fonts, text: str, x0: float = 0.0, gaps: dict | None = None, size: float = EM,
        role: str = "body", trim_end: bool = True) -> tuple[Glyph, ...]:
    """Glyphs of `text` set solid from x0 as the composer sets them: Han and
    marks one em each (an opening mark drawn in the right half of its cell, a
    closing mark or stop in the left half), Latin at its advance. `gaps[i]`
    adds that much space before character i (negative: compression)."""
    gaps = gaps or {}
    out = []
    x = x0
    for i, ch in enumerate(text):
        x += gaps.get(i, 0.0)
        face = fonts.resolve(role, ch)
        adv = face.advance(ch) * size
        kind = kind_of(ch)
        if kind is Kind.OPEN:
            out.append(Glyph(ch, face.id, size, x + (size - adv if adv < size else 0.0)))
            x += size
        elif kind is Kind.DASH:
            out.append(Glyph(ch, face.id, size, x, size / adv))   # drawn across one em
            x += size
        elif kind in (Kind.CLOSE, Kind.STOP, Kind.HAN, Kind.IDSPACE):
            out.append(Glyph(ch, face.id, size, x))
            x += size
        else:
            out.append(Glyph(ch, face.id, size, x))
            x += adv
    return tuple(out)


def line(glyphs, grid: int, *, para: int | None = 0, col: int = 0, kind: str = "body",
         article: str | None = "t1", last: bool = False, style: PageStyle | None = None,
         baseline_shift: float = 0.0, x: float | None = None, align: str = "justify") -> TextLine:
    style = style or PageStyle()
    x = style.column_x(1 + col) if x is None else x
    return TextLine(x, style.baseline(grid) + baseline_shift, tuple(glyphs), kind, article, col,
                    MEASURE, MEASURE, last, align=align,
                    grid_line=grid if kind != "headline" else None, paragraph=para)


def write(tmp_path: Path, fonts, lines, style: PageStyle | None = None, name="t.pdf") -> str:
    style = style or PageStyle()
    plan = PagePlan.of_marks(1, style.width, style.height, tuple(lines), style=style)
    path = tmp_path / name
    write_pdf([plan], str(path), FontRegistrar(fonts), "test")
    return str(path)


def rules(found) -> Counter:
    return Counter(d.code for d in found)


def clean_paragraph(fonts, grid: int = 1, para: int = 0, col: int = 0, style=None):
    """Three justified lines: 2-em indent + 11 characters, 13, then a last line."""
    return [
        line(lay(fonts, HAN[:11], x0=2 * EM), grid, para=para, col=col, style=style),
        line(lay(fonts, HAN[11:24]), grid + 1, para=para, col=col, style=style),
        line(lay(fonts, "读书好。"), grid + 2, para=para, col=col, last=True, style=style),
    ]


# a page set with the ⅛-em Han–Latin gap (the default is none)
EIGHTH = PageStyle(typesetting=Typesetting(han_latin_gap_em=0.125))


def check_lines(tmp_path, fonts, lines, style=None):
    return check_pdf(write(tmp_path, fonts, lines, style), "t.pdf")


# -- the PDF carries the marks ---------------------------------------------------

def test_marks_round_trip_through_the_pdf(tmp_path, fonts):
    style = PageStyle(typesetting=Typesetting(punctuation="kaiming", hanging=True, min_last_line=3))
    tricky = "a(b)\\c 文章"
    lines = [line(lay(fonts, HAN[:11], x0=2 * EM), 7, para=4, col=2, article=tricky, style=style)]
    pages, count = read_pdf(write(tmp_path, fonts, lines, style))
    assert count == 1
    [got] = pages[0]
    assert (got.kind, got.article, got.para, got.col, got.grid, got.seq) == ("body", tricky, 4, 2, 7, 0)
    assert got.left == pytest.approx(style.column_x(3), abs=1e-3)
    assert got.right == pytest.approx(style.column_x(3) + MEASURE, abs=1e-3)
    assert got.style["Punct"] == "kaiming" and got.style["Hang"] == 1 and got.style["MinLast"] == 3
    assert got.style["Top"] == style.top and got.style["Pitch"] == style.pitch
    assert got.text == HAN[:11]


def test_pdf_output_stays_byte_identical(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    a = Path(write(tmp_path, fonts, lines, name="a.pdf")).read_bytes()
    b = Path(write(tmp_path, fonts, lines, name="b.pdf")).read_bytes()
    assert a == b


def test_rotated_glyph_is_drawn_with_a_quarter_turn(tmp_path, fonts):
    import ctypes
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    glyphs = lay(fonts, "第2024届")
    turned = tuple(Glyph(g.ch, g.face, g.size, g.x, g.hscale, 90 if g.ch.isdigit() else 0) for g in glyphs)
    style = PageStyle()
    path = write(tmp_path, fonts, [line(turned, 3, kind="headline", para=None)])
    doc = pdfium.PdfDocument(path)
    trim_left, trim_bottom, _r, _t = doc[0].get_trimbox()
    text = doc[0].get_textpage()
    angles = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if ch.strip():
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            angles.setdefault(ch, (pdfium_c.FPDFText_GetCharAngle(text.raw, i), x.value - trim_left,
                                  y.value - trim_bottom))
    assert angles["第"][0] == pytest.approx(0, abs=1e-3)
    assert angles["2"][0] == pytest.approx(math.pi / 2, abs=1e-3)   # pdfium: a quarter turn clockwise
    two = next(g for g in turned if g.ch == "2")
    assert angles["2"][1] == pytest.approx(style.column_x(1) + two.x, abs=0.01)
    assert angles["2"][2] == pytest.approx(style.height - style.baseline(3), abs=0.01)
    text.close()
    doc.close()
    assert rules(check_pdf(path)) == Counter()   # no geometry claimed for turned glyphs


# -- a clean page reports nothing ---------------------------------------------

def test_clean_plan_reports_nothing(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    # a paragraph opening with a quote (full cell at the paragraph start), a
    # line starting with a trimmed opening mark, punctuation pairs, a dateline
    lines += [
        line(lay(fonts, "“你好！”他说，“我们一", x0=2 * EM, gaps={4: -EM / 2, 8: -EM / 2}), 4, para=1),
        line(lay(fonts, "《论语》吧。”她笑着点头答应", x0=-EM / 2, gaps={6: -EM / 2}), 5, para=1),
        line(lay(fonts, "好的。"), 6, para=1, last=True),
        line(lay(fonts, "本报讯\u3000近年来城市书房", x0=2 * EM), 7, para=2),
        line(lay(fonts, "越来越多，读者也越来越多。"), 8, para=2, last=True),
        # a byline alone on the last line, flush right (its ） half width at the end)
        line(lay(fonts, "（高创）", x0=MEASURE - 3.5 * EM), 9, para=2, last=True),
        # Latin and a number set solid with the Han (the default), a two-em dash
        line(lay(fonts, "年GDP增15%——好", x0=2 * EM), 10, para=3, last=True),
        line(lay(fonts, "小标题", role="subhead", x0=5 * EM), 11, para=4, kind="subhead", align="center"),
        *clean_paragraph(fonts, grid=12, para=5),
        line(lay(fonts, "高新区召开经济运行推进会", role="headline", size=18), 1, kind="headline", para=None,
             col=2),
        line(lay(fonts, "图为会议现场。", role="caption"), 20, kind="caption", para=None, col=2),
    ]
    found = check_lines(tmp_path, fonts, lines)
    assert found == [], "\n".join(map(compiler_line, found))


# -- each rule fires -------------------------------------------------------------

def test_L4_line_begins_with_a_comma(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[1] = line(lay(fonts, "，" + HAN[11:23]), 2)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L4": 1})
    d = found[0]
    assert d.severity == ERROR and d.where.article == "t1" and "“，”" in d.message
    assert d.where.file == "t.pdf" and d.where.page == 1 and d.where.point.page == 1
    assert compiler_line(d).startswith("t.pdf:page 1: ")
    assert ": error: article t1: line begins with “，”: ，" in compiler_line(d)
    assert d.get("text").startswith("，")
    assert d.where.point.x_mm == pytest.approx(PageStyle().column_x(1) * 25.4 / 72, abs=0.05)
    assert d.where.point.y_mm == pytest.approx(PageStyle().baseline(2) * 25.4 / 72, abs=0.05)


def test_L5_line_ends_with_an_opening_quote(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[1] = line(lay(fonts, HAN[11:23] + "“"), 2)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"L5": 1})


def test_L1_short_non_final_line(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[1] = line(lay(fonts, HAN[11:23]), 2)           # one em short, not justified
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L1": 1})
    assert "9.00 pt short" in found[0].message


def test_L1_line_end_comma_may_keep_its_blank_but_must_reach_the_edge(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    # 12 characters and a comma kept a full em: its cell ends at the edge (allowed)
    lines[1] = line(lay(fonts, HAN[11:23] + "，"), 2)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter()
    # 11 characters and a comma: even its full cell ends an em short
    lines[1] = line(lay(fonts, HAN[11:22] + "，"), 2)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L1": 1})
    assert "13.50 pt short" in found[0].message


def test_hanging_comma_allowed_only_when_hanging_is_on(tmp_path, fonts):
    for hanging, want in ((True, Counter()), (False, Counter({"L1": 1}))):
        style = PageStyle(typesetting=Typesetting(hanging=hanging))
        lines = clean_paragraph(fonts, style=style)
        lines[1] = line(lay(fonts, HAN[11:24] + "，"), 2, style=style)   # 。，、 past the edge
        assert rules(check_lines(tmp_path, fonts, lines, style)) == want, hanging


def test_L2_last_line_past_the_edge(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, HAN[:13] + "了。"), 3, last=True)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"L2": 1})


def test_L3_first_line_not_indented(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[0] = line(lay(fonts, HAN[:13]), 1)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L3": 1})
    assert "0.00 em in" in found[0].message


def test_L6_number_broken_across_lines(tmp_path, fonts):
    digits = sum(fonts.resolve("body", d).advance(d) * EM for d in "13789")
    natural = 10 * EM + EM / 8 + digits
    room = MEASURE - natural                 # justified: the Han–Latin space takes what is left
    assert room <= (1 / 3 - 1 / 8) * EM
    lines = [
        line(lay(fonts, HAN[:11], x0=2 * EM), 1),
        line(lay(fonts, "咨询电话是号码" + HAN[:3] + "13789", gaps={10: EM / 8 + room}), 2),
        line(lay(fonts, "15838。"), 3, last=True),
    ]
    found = check_lines(tmp_path, fonts, lines, EIGHTH)
    assert rules(found) == Counter({"L6": 1}), "\n".join(map(compiler_line, found))
    assert "13789|15838" in found[0].message


def test_L6_two_em_dash_split(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    face = fonts.resolve("body", "—")
    scale = EM / (face.advance("—") * EM)
    dash = Glyph("—", face.id, EM, 12 * EM, scale)
    lines[1] = line(lay(fonts, HAN[11:23]) + (dash,), 2)
    lines[2] = line((Glyph("—", face.id, EM, 0.0, scale),) + lay(fonts, "读书好。", x0=EM), 3, last=True)
    assert rules(check_lines(tmp_path, fonts, lines))["L6"] == 1


@pytest.mark.parametrize("extra, found", [
    (0.05, "letter-spaced"), (0.3, "letter-spaced"), (0.045, None),     # added to a Han gap
    (-0.045, "squeezed"), (-0.04, None),                                # taken out of one
])
def test_L7_han_gaps_carry_less_than_a_twentieth_em_and_lose_at_most_a_25th(tmp_path, fonts, extra, found):
    lines = clean_paragraph(fonts)
    # 13 characters with `extra` added to each of their 12 gaps, on a measure
    # that they fill
    glyphs = lay(fonts, HAN[11:24], gaps={k: extra * EM for k in range(1, 13)})
    lines[1] = replace(line(glyphs, 2), measure=glyphs[-1].x + EM, width=glyphs[-1].x + EM)
    found_rules = check_lines(tmp_path, fonts, lines)
    if found is None:
        assert rules(found_rules) == Counter(), "\n".join(map(compiler_line, found_rules))
    else:
        assert rules(found_rules) == Counter({"L7": 1}), "\n".join(map(compiler_line, found_rules))
        assert found_rules[0].severity == ERROR and found in found_rules[0].message
        assert "11 more such gap(s)" in found_rules[0].message


def test_L7_other_gaps_open_at_most_a_quarter_em(tmp_path, fonts):
    # before a closing mark no justification space goes: 0.2 em is a warning, 0.3 an error
    for extra, severity in ((0.3, ERROR), (0.2, WARNING)):
        lines = clean_paragraph(fonts)
        lines[2] = line(lay(fonts, "读书“好”吧。", gaps={4: extra * EM}), 3, last=True)
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == Counter({"L7": 1}), extra
        assert found[0].severity == severity and f"{extra:.2f} em extra" in found[0].message


def test_L8_marks_squeezed_onto_each_other(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    # 。 and ” overlapping: the quote drawn 2 pt into the stop's ink
    lines[2] = line(lay(fonts, "读书好。”", gaps={4: -EM / 2 - 2.0}), 3, last=True)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L8": 1}), "\n".join(map(compiler_line, found))


def test_L9_pair_of_marks_wider_than_two_em(tmp_path, fonts):
    # ，“ compressed to 1.5 em may take its blank back in a justified line (2 em);
    # a tenth of an em more is over the pair limit
    for extra, want in ((0.5, Counter()), (0.6, Counter({"L9": 1}))):
        lines = clean_paragraph(fonts)
        lines[2] = line(lay(fonts, "他说，“好", gaps={3: -EM / 2 + extra * EM}), 3, last=True)
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == want, "\n".join(map(compiler_line, found))
        assert all(d.severity == WARNING for d in found)


def test_L10_latin_characters_overlap(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "读书GDP好。", gaps={3: -1.0}), 3, last=True)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"L10": 1})
    # two Han characters closed by more than the 0.04 em a line may take are L7's
    lines[2] = line(lay(fonts, "读书真好。", gaps={2: -1.0}), 3, last=True)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"L7": 1})


def test_L11_han_latin_space_from_nothing_to_a_third_em(tmp_path, fonts):
    # with the eighth-em space set, a justified line may close it to nothing
    # or widen it to a third of an em
    lines = clean_paragraph(fonts)
    for gap, want in ((0.0, Counter()), (1 / 3, Counter()), (0.5, Counter({"L11": 2}))):
        lines[2] = line(lay(fonts, "今年GDP增长。", gaps={2: gap * EM, 5: gap * EM}), 3, last=True)
        found = check_lines(tmp_path, fonts, lines, EIGHTH)
        assert rules(found) == want, gap
        assert all(v.severity == WARNING for v in found)


def test_L11_no_han_latin_space_opens_less_than_readers_take_for_a_word_space(tmp_path, fonts):
    # with none set (the default), a justified line may open one by 0.04 em;
    # an eighth of an em is what PDF readers copy as a space (223 次)
    lines = clean_paragraph(fonts)
    for gap, want in ((0.0, Counter()), (0.04, Counter()), (0.125, Counter({"L11": 2}))):
        lines[2] = line(lay(fonts, "今年GDP增长。", gaps={2: gap * EM, 5: gap * EM}), 3, last=True)
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == want, gap
        assert all(v.severity == WARNING for v in found)


def test_L12_ascii_comma_after_han(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "读书,好。"), 3, last=True)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"L12": 1})
    assert found[0].severity == WARNING


def test_P1_lone_last_character(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "好。"), 3, last=True)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P1": 1})
    assert "孤字" in found[0].message


def test_P1_follows_the_page_minimum_and_skips_a_byline_line(tmp_path, fonts):
    style = PageStyle(typesetting=Typesetting(min_last_line=4))
    lines = clean_paragraph(fonts, style=style)                 # last line 读书好。: 3
    assert rules(check_lines(tmp_path, fonts, lines, style)) == Counter({"P1": 1})
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "好。"), 3, last=True)
    lines.append(line(lay(fonts, "（高创）", x0=MEASURE - 3.5 * EM), 4, last=True))
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P1": 1}) and "好。" in found[0].get("text")


def test_short_paragraphs_are_not_lone_characters(tmp_path, fonts):
    lines = [line(lay(fonts, "好。", x0=2 * EM), 1, last=True),
             line(lay(fonts, "是的。", x0=2 * EM), 2, para=1, last=True)]
    assert check_lines(tmp_path, fonts, lines) == []


def test_V1_baseline_off_the_grid(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[1] = line(lay(fonts, HAN[11:24]), 2, baseline_shift=1.0)
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"V1": 1})
    assert "+1.00 pt" in found[0].message


def test_P2_column_begins_with_a_paragraph_end(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "读书好。"), 1, col=1, last=True)   # moved to the next column's top
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P2": 1})
    assert "寡行" in found[0].message


def test_P3_subhead_with_one_line_under_it(tmp_path, fonts):
    lines = clean_paragraph(fonts)
    lines.append(line(lay(fonts, "小标题", role="subhead", x0=5 * EM), 4, para=1, kind="subhead",
                      align="center"))
    lines.append(line(lay(fonts, HAN[:6] + "。", x0=2 * EM), 5, para=2, last=True))
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P3": 1})
    assert "背题" in found[0].message


def test_P4_headline_lines(tmp_path, fonts):
    lines = [
        line(lay(fonts, "好", role="headline", size=18), 1, kind="headline", para=None),
        line(lay(fonts, "会议召开。", role="headline", size=18), 3, kind="headline", para=None),
    ]
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P4": 2})
    lines = [line(lay(fonts, "！好消息传来", role="headline", size=18), 1, kind="headline", para=None)]
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"P4": 1, "L4": 1})


def test_vertical_headline_columns_are_read_as_lines(tmp_path, fonts):
    """竖题: one character per line, stacked; the headline rules see each column."""
    style = PageStyle()

    def column(text, x):
        out = []
        for i, ch in enumerate(text):
            face = fonts.resolve("headline", ch) or fonts.resolve("body", ch)
            out.append(TextLine(x, style.baseline(1) + i * 18, (Glyph(ch, face.id, 18, 0.0),), "headline",
                                "v", None, 18, 0.0, True, align="left"))
        return out

    clean = column("运动会开幕︐欢迎您︕", 300) + column("全民健身", 270)
    assert check_lines(tmp_path, fonts, clean) == []
    bad = column("︐运动会开幕︒", 300)
    assert rules(check_lines(tmp_path, fonts, bad)) == Counter({"L4": 1, "P4": 2})


def test_kaiming_marks_have_no_blank_half(tmp_path, fonts):
    # ，followed by half an em of white: the blank GB gives it; in 开明 the
    # blank half it was set without, taken back (rather than letter-spacing
    # the line); three quarters of an em is a gap
    lines = clean_paragraph(fonts)
    lines[2] = line(lay(fonts, "读书，好。"), 3, last=True)
    assert check_lines(tmp_path, fonts, lines) == []
    style = PageStyle(typesetting=Typesetting(punctuation="kaiming"))
    lines = clean_paragraph(fonts, style=style)
    lines[2] = line(lay(fonts, "读书，好。"), 3, last=True, style=style)
    assert rules(check_lines(tmp_path, fonts, lines, style)) == Counter()   # its blank taken back
    lines[2] = line(lay(fonts, "读书，好。", gaps={3: EM / 4}), 3, last=True, style=style)
    assert rules(check_lines(tmp_path, fonts, lines, style)) == Counter({"L7": 1})
    # 开明: ”（ both half width, the bracket's origin left of the quote's
    lines = clean_paragraph(fonts, style=style)
    lines[2] = line(lay(fonts, "书房”（东街店）门口。", gaps={3: -EM, 8: -EM / 2}), 3, last=True, style=style)
    found = check_lines(tmp_path, fonts, lines, style)
    assert found == [], "\n".join(map(compiler_line, found))
    pages, _ = read_pdf(write(tmp_path, fonts, lines, style))
    assert pages[0][-1].text == "书房”（东街店）门口。"


def test_pdf_without_marks_gives_one_error(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 700, "Hello, world")
    c.save()
    found = check_pdf(str(path))
    assert len(found) == 1 and found[0].code == "marks" and found[0].severity == ERROR
    assert "no Banmian layout marks" in compiler_line(found[0])


# -- the command ------------------------------------------------------------------

def test_cli_exit_status_and_json(tmp_path, fonts, capsys):
    clean = write(tmp_path, fonts, clean_paragraph(fonts), name="clean.pdf")
    bad_lines = clean_paragraph(fonts)
    bad_lines[1] = line(lay(fonts, "，" + HAN[11:23]), 2)
    bad = write(tmp_path, fonts, bad_lines, name="bad.pdf")
    warn_lines = clean_paragraph(fonts)
    warn_lines[2] = line(lay(fonts, "读书“好”吧。", gaps={4: 0.2 * EM}), 3, last=True)
    warn = write(tmp_path, fonts, warn_lines, name="warn.pdf")

    assert main(["check", "--typography", clean]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out
    assert main(["check", warn]) == 0                      # warnings alone pass
    out = capsys.readouterr().out
    assert "L7" in out and "warning" in out and f"{warn}: PDF page 1" in out
    assert main(["check", "--strict", warn]) == 1          # … unless --strict
    capsys.readouterr()
    assert main(["check", "--typography", bad, clean, "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    findings = data["findings"]
    assert [d["code"] for d in findings] == ["L4"]
    assert findings[0]["source"] == bad and findings[0]["page"] == 1 and findings[0]["severity"] == "error"
    assert findings[0]["family"] == "typography" and findings[0]["data"]["file"] == bad
    assert data["summary"]["errors"] == 1 and data["summary"]["pdfs"] == 2 and data["summary"]["status"] == 1
    assert "1 error(s)" in captured.err and "2 PDF file(s)" in captured.err

    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("not a pdf")
    assert main(["check", "--typography", str(not_pdf)]) == 2
    err = capsys.readouterr().err
    assert "missing.pdf: error:" in err and "x.pdf: error: not a readable PDF" in err
    assert "Traceback" not in err
    bad_edition = tmp_path / "ed"
    bad_edition.mkdir()
    (bad_edition / "edition.yaml").write_text("paper: 示例\npages: 3\n", "utf-8")
    assert main(["check", "--typography", str(bad_edition)]) == 2
    assert "edition.yaml" in capsys.readouterr().err
    # the preflight looks at editions, not PDFs
    assert main(["check", "--preflight", clean]) == 2
    assert "needs an edition folder" in capsys.readouterr().err


def test_cli_renders_an_edition_folder(tmp_path, capsys):
    (tmp_path / "ed" / "articles").mkdir(parents=True)
    (tmp_path / "ed" / "articles" / "a.md").write_text(
        "---\nheadline: 测试标题\n---\n" + HAN + "。\n", "utf-8")
    (tmp_path / "ed" / "edition.yaml").write_text(
        "paper: 示例日报\ndate: 2024-11-06\npages:\n  - number: 2\n    items:\n"
        "      - article: articles/a.md\n        at: [1, 1]\n        span: [2, 10]\n", "utf-8")
    status = main(["check", "--typography", str(tmp_path / "ed"), "--json"])
    captured = capsys.readouterr()
    assert status in (0, 1)
    assert "1 PDF file(s) checked" in captured.err
    data = json.loads(captured.out)
    assert data["summary"]["families"] == ["typography"]
    assert all(d["data"]["file"] == "ed/p02.pdf" and d["page"] == 2 for d in data["findings"])
    assert not (tmp_path / "ed" / "build").exists()


# -- end to end: the editions keep every rule -----------------------------------------

@pytest.fixture(scope="module")
def reference_pdf(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("reference-check")
    render(str(REFERENCE), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    return out / "p03.pdf"


@pytest.fixture(scope="module")
def torture(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("torture")
    result = render(str(TORTURE), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    return result, out / "p01.pdf"


def _report(found) -> str:
    return f"{len(found)} violation(s):\n" + "\n".join(map(compiler_line, found))


def test_reference_edition_keeps_every_typography_rule(reference_pdf):
    found = check_pdf(str(reference_pdf), "p03.pdf")
    assert not [v for v in found if v.severity == ERROR], _report(found)
    assert found == [], _report(found)


def test_torture_edition_renders_without_overset(torture):
    result, _ = torture
    codes = Counter(d.code for d in result.diagnostics)
    assert codes["overset"] == 0 and codes["missing-glyph"] == 0
    assert len(result.plans) == 1 and len(result.plans[0].articles) == 7


def test_torture_edition_keeps_every_typography_rule(torture):
    _, pdf = torture
    found = check_pdf(str(pdf), "p01.pdf")
    assert not [v for v in found if v.severity == ERROR], _report(found)
    assert found == [], _report(found)


def test_P5_kicker_smaller_than_its_headline_and_one_lead(tmp_path, fonts):
    lines = [
        line(lay(fonts, "引题比主题还大", role="kicker", size=24), 1, kind="kicker", para=None),
        line(lay(fonts, "主题在此", role="headline", size=22), 3, kind="headline", para=None),
    ]
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P5": 1}) and found[0].severity == "error"
    # two articles whose main headlines share the page's largest size: a warning
    lines = [
        line(lay(fonts, "第一篇主题", role="headline", size=30), 1, kind="headline", para=None, article="a"),
        line(lay(fonts, "第二篇主题", role="headline", size=30), 20, kind="headline", para=None, article="b",
             col=4),
        line(lay(fonts, "第三篇主题", role="headline", size=22), 40, kind="headline", para=None, article="c"),
    ]
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P5": 1}) and found[0].severity == "warning"


# -- what a justified line may do instead of letter-spacing ------------------------

def test_a_stop_ending_a_line_may_pass_the_edge_by_an_eighth_em(tmp_path, fonts):
    # 13 characters and a comma taken in (13½ em): the 13 gaps closed, the rest
    # of the comma's half cell past the edge (its ink stays inside)
    for past, want in ((0.125, Counter()), (0.25, Counter({"L1": 1}))):
        lines = clean_paragraph(fonts)
        close = (0.5 - past) / 13 * EM
        lines[1] = line(lay(fonts, HAN[11:24] + "，", gaps={k: -close for k in range(1, 14)}), 2)
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == want, "\n".join(map(compiler_line, found))


def test_a_first_line_may_start_a_sixteenth_em_inside_its_indent(tmp_path, fonts):
    for inside, want in ((1 / 16, Counter()), (1 / 8, Counter({"L3": 1}))):
        lines = clean_paragraph(fonts)
        lines[0] = line(lay(fonts, HAN[:11], x0=(2 - inside) * EM,
                            gaps={k: inside * EM / 10 for k in range(1, 11)}), 1)
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == want, "\n".join(map(compiler_line, found))


def test_names_in_a_byline_are_set_half_an_em_apart(tmp_path, fonts):
    # （记者 王晓 通讯员 李明）: each typed space a fixed half em (二分空)
    text = "（记者王晓通讯员李明）"
    gaps = {3: EM / 2, 5: EM / 2, 8: EM / 2}
    width = 11 * EM - EM / 2 + 1.5 * EM
    lines = clean_paragraph(fonts)
    lines.append(line(lay(fonts, text, x0=MEASURE - width, gaps=gaps, role="byline"), 4, last=True))
    found = check_lines(tmp_path, fonts, lines)
    assert found == [], "\n".join(map(compiler_line, found))


def test_the_space_after_a_dateline_narrows_to_half_an_em_or_widens_to_one_and_a_half(tmp_path, fonts):
    for change, want in ((-0.5, Counter()), (0.5, Counter()), (0.75, Counter({"L7": 1}))):
        lines = [line(lay(fonts, "本报讯\u3000近年来城市", x0=2 * EM, gaps={4: change * EM}), 1,
                      last=True)]
        found = check_lines(tmp_path, fonts, lines)
        assert rules(found) == want, (change, "\n".join(map(compiler_line, found)))


# -- headlines and subheads ------------------------------------------------------------

def test_P4_a_deck_may_open_with_a_two_em_dash(tmp_path, fonts):
    lines = [line(lay(fonts, "高新区召开经济运行推进会", role="headline", size=18), 1, kind="headline",
                  para=None),
             line(lay(fonts, "——记高新区三季度经济运行", role="deck", size=11), 3, kind="deck", para=None)]
    assert check_lines(tmp_path, fonts, lines) == []
    lines[0] = line(lay(fonts, "——高新区召开经济运行推进会", role="headline", size=18), 1, kind="headline",
                    para=None)
    assert rules(check_lines(tmp_path, fonts, lines)) == Counter({"P4": 1, "L4": 1})


def test_P4_subhead_of_one_character_or_a_split_number(tmp_path, fonts):
    lines = [line(lay(fonts, "全市新增普惠托育托位800", role="subhead"), 1, kind="subhead", para=0,
                  align="center"),
             line(lay(fonts, "个", role="subhead", x0=6 * EM), 2, kind="subhead", para=0, align="center"),
             *clean_paragraph(fonts, grid=3, para=1)]
    found = check_lines(tmp_path, fonts, lines)
    assert rules(found) == Counter({"P4": 2}), "\n".join(map(compiler_line, found))
    assert any("800｜个" in d.message for d in found)
    assert any("single character" in d.message for d in found)
