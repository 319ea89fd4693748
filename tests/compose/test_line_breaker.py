"""Unit tests of the line breaker (typesetting reference §5).

Every test composes real text in the test font (the `test_fonts` fixture:
Han and full-width marks one em, Latin in eighths of an em) and checks glyph
positions, not just line texts: a line is right when its glyphs sit where
GB/T 15834 and clreq put them.
"""
from __future__ import annotations

from layout.spec.typesetting import Typesetting

import pytest

from layout.compose.charclass import NO_LINE_END, NO_LINE_START, Kind, kind_of
from layout.compose.line_model import END_OVERHANG_EM, MAX_TIGHTEN_EM
from layout.compose.line_breaker import (ComposedLine, MissingGlyph, Run, compose_line, compose_paragraph,
                              natural_width, prepare)

SIZE = 9.0
TOL = 0.01

# Two paragraphs of the reference edition (articles/01-manggong.md), with
# numbers, quotes, brackets, a percentage and a Latin name added.
REAL_TEXT = (
    "近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，"
    "坚定不移地拼经济、招项目、扩投资，厚植招商“沃土”，激活发展“春水”。目前，全区累计开展"
    "“四个遍访”223次，谋划储备项目158个，计划总投资427.3亿元，同比增长12.5%，"
    "提高了招商引资工作的针对性和实效性。围绕“三产十链”，先后引进了小威环境科技（太仓）"
    "有限公司年产10万组绿色循环动力锂电池、广州汇融通资本管理有限公司新飞智造孵化器、"
    "图与信息科技（深圳）有限公司人工智能等项目，与Banmian Studio合作开发的《新乡数据》"
    "平台——一个面向企业的服务窗口……已于2024年上线。"
)
REAL_TEXT_2 = (
    "载体扩容，集聚引擎。高新区创新空间载体供给模式，把园区作为项目建设的主战场，"
    "突出园区承载能力建设，强化项目和企业在招商引资中的集聚效应。目前，高新区建成孵化器、"
    "加速器、众创空间等载体16个，储备有单体1万平方米以上总面积近20万平方米的标准化厂房。"
    "同时，还常态化储备了2000余亩工业熟地，可实现项目拿地即开工。"
)


# -- helpers -------------------------------------------------------------------

def compose(fonts, text, measure_em=13, indent_em=2.0, size=SIZE, role="body"):
    par = prepare([Run(text, role, size)], fonts, indent_em=indent_em)
    return par, compose_paragraph(par, measure_em * size)


def advance(fonts, role, ch):
    face = fonts.resolve(role, ch)
    if face is None:
        return 0.5 if ch.isascii() else 1.0
    return face.advance(ch)


def ink_end(fonts, glyph, role="body"):
    """Right edge of the cell a glyph occupies when it ends a line (GB: R-type
    marks are half width at the line end)."""
    kind = kind_of(glyph.ch)
    size = glyph.size
    if kind in (Kind.CLOSE, Kind.STOP):
        return glyph.x + size / 2
    if kind is Kind.DASH:
        return glyph.x + size
    if kind is Kind.ELLIPSIS:
        adv = advance(fonts, role, glyph.ch) * size
        return glyph.x - (size - adv) / 2 + size
    if kind is Kind.MIDDOT:
        adv = advance(fonts, role, glyph.ch) * size
        return glyph.x - (size / 2 - adv) / 2 + size / 2
    if kind is Kind.CONNECTOR:
        return glyph.x + max(1.0, advance(fonts, role, glyph.ch)) * size
    return glyph.x + advance(fonts, role, glyph.ch) * size


def ends_at(fonts, glyph, measure: float) -> bool:
    """A line's last glyph ends it at the column edge: its ink reaches the edge,
    or, for a closing mark or stop, its cell does (a short line gives back the
    blank half it trimmed, GB 5.1.10 allowing both widths)."""
    ink = ink_end(fonts, glyph)
    if kind_of(glyph.ch) in (Kind.CLOSE, Kind.STOP):
        # 。，、 may let an eighth of an em of their half cell pass the edge
        overhang = END_OVERHANG_EM * glyph.size if glyph.ch in "。，、" else 0.0
        return ink - overhang - TOL <= measure <= ink + glyph.size / 2 + TOL
    return abs(ink - measure) <= TOL


def xs(line: ComposedLine) -> list[tuple[str, float]]:
    return [(g.ch, g.x) for g in line.glyphs]


def glyph_index(line: ComposedLine, ch: str, nth: int = 0) -> int:
    found = [i for i, g in enumerate(line.glyphs) if g.ch == ch]
    return found[nth]


def one_line(fonts, text, measure_em=40, indent_em=0.0):
    """Set `text` as the (unjustified) last line of a paragraph: natural widths."""
    par, lines = compose(fonts, text, measure_em=measure_em, indent_em=indent_em)
    assert len(lines) == 1, [l.text for l in lines]
    assert lines[0].last
    return lines[0]


# -- justification -------------------------------------------------------------

@pytest.mark.parametrize("measure_em", [8, 11, 13, 17, 27])
@pytest.mark.parametrize("text", [REAL_TEXT, REAL_TEXT_2], ids=["mixed", "han"])
def test_non_final_lines_are_justified_to_the_measure(test_fonts, text, measure_em):
    measure = measure_em * SIZE
    indent = 2 * SIZE
    par, lines = compose(test_fonts, text, measure_em=measure_em)
    assert len(lines) > 2
    for i, line in enumerate(lines[:-1]):
        assert not line.last
        assert line.measure == pytest.approx(measure)
        # `width` is the set width of the line's content; the first line's
        # content starts after the 2-em indent.
        lead = indent if i == 0 else 0.0
        assert line.width + lead == pytest.approx(measure, abs=TOL), (i, line.text)
        # the ink of the last glyph ends exactly at the column edge
        assert ends_at(test_fonts, line.glyphs[-1], measure), (i, line.text)
        # no glyph pokes out on the right (but the blank of a 。，、 ending it)
        assert max(ink_end(test_fonts, g) for g in line.glyphs) <= measure + END_OVERHANG_EM * SIZE + TOL
        assert max(ink_end(test_fonts, g) for g in line.glyphs[:-1]) <= measure + TOL
    assert lines[-1].last
    assert all(not l.last for l in lines[:-1])


def test_han_line_end_glyph_cell_ends_at_measure(test_fonts):
    text = "中" * 60
    par, lines = compose(test_fonts, text, measure_em=13)
    for line in lines[:-1]:
        g = line.glyphs[-1]
        assert g.ch == "中"
        assert g.x + SIZE == pytest.approx(13 * SIZE, abs=TOL)
        # solid setting: Han characters touch their em frames, no stretch needed
        assert line.stretch == pytest.approx(0.0, abs=TOL)
        assert line.shrink == pytest.approx(0.0, abs=TOL)


def test_closing_mark_at_line_end_is_half_width(test_fonts):
    # 12 Han + 。 + ” : 。” compress to 1.5 em, ” at the line end loses its
    # right half: 12 + 0.5 + 0.5 = 13 em, exactly the measure.
    text = "中" * 12 + "。”" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = lines[0]
    assert first.text == "中" * 12 + "。”"
    last = first.glyphs[-1]
    assert last.ch == "”"
    assert last.x + SIZE / 2 == pytest.approx(13 * SIZE, abs=TOL)
    assert first.stretch == pytest.approx(0.0, abs=TOL)


def test_stop_at_line_end_keeps_its_full_em_when_the_line_has_room(test_fonts):
    # 12 Han + ， fill 12.5 em with the comma half width: the short line first
    # gives the comma its blank half back, so the line stays solid.
    text = "中" * 12 + "，" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = lines[0]
    assert first.text == "中" * 12 + "，"
    comma = first.glyphs[-1]
    assert comma.x + SIZE == pytest.approx(13 * SIZE, abs=TOL)
    assert first.stretch == 0 and first.max_gap == 0
    assert [g.x for g in first.glyphs[:12]] == pytest.approx([k * SIZE for k in range(12)])


def test_stop_at_line_end_is_half_width_when_that_makes_it_fit(test_fonts):
    text = "中" * 11 + "，中。" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert lines[0].text == "中" * 11 + "，中。"
    assert lines[0].glyphs[-1].x + SIZE / 2 == pytest.approx(13 * SIZE, abs=TOL)


def test_last_line_is_flush_left_and_not_stretched(test_fonts):
    text = "中" * 11 + "中" * 5 + "。"
    par, lines = compose(test_fonts, text, measure_em=13)
    assert len(lines) == 2
    last = lines[-1]
    assert last.last
    assert last.stretch == 0.0
    assert [round(g.x / SIZE, 3) for g in last.glyphs] == [0, 1, 2, 3, 4, 5]
    assert last.width == pytest.approx(5.5 * SIZE, abs=TOL)


def test_one_line_paragraph_is_flush_left(test_fonts):
    line = one_line(test_fonts, "中中中。", measure_em=13, indent_em=2.0)
    assert line.last
    assert [g.x for g in line.glyphs] == pytest.approx([2 * SIZE, 3 * SIZE, 4 * SIZE, 5 * SIZE])
    assert line.stretch == 0.0


# -- indent ---------------------------------------------------------------------

@pytest.mark.parametrize("measure_em", [8, 13, 20])
def test_first_line_indented_two_em(test_fonts, measure_em):
    par, lines = compose(test_fonts, REAL_TEXT_2, measure_em=measure_em)
    assert par.indent == pytest.approx(2 * SIZE)
    assert lines[0].glyphs[0].ch == "载"
    assert lines[0].glyphs[0].x == pytest.approx(2 * SIZE, abs=TOL)
    for line in lines[1:]:
        assert line.glyphs[0].x == pytest.approx(0.0, abs=TOL)


def test_indent_follows_the_first_run_size(test_fonts):
    par = prepare([Run("中" * 30, "body", 10.5)], test_fonts)
    lines = compose_paragraph(par, 13 * 10.5)
    assert lines[0].glyphs[0].x == pytest.approx(21.0)


def test_no_indent_when_asked(test_fonts):
    par, lines = compose(test_fonts, "中" * 30, indent_em=0)
    assert lines[0].glyphs[0].x == pytest.approx(0.0)
    assert len(lines[0].glyphs) == 13


def test_compose_line_continues_from_the_returned_start(test_fonts):
    par = prepare([Run(REAL_TEXT_2, "body", SIZE)], test_fonts)
    line1, nxt = compose_line(par, 0, 13 * SIZE)
    assert line1.glyphs[0].x == pytest.approx(2 * SIZE)
    # the column filler may change the measure from one line to the next
    line2, nxt2 = compose_line(par, nxt, 20 * SIZE)
    assert nxt2 > nxt
    assert line2.glyphs[0].x == pytest.approx(0.0)
    assert ends_at(test_fonts, line2.glyphs[-1], 20 * SIZE)
    assert line2.start == line1.end


# -- line-start and line-end prohibitions (§5.3) ------------------------------

def assert_kinsoku(lines):
    for i, line in enumerate(lines):
        if i > 0:
            assert line.text[0] not in NO_LINE_START, (i, line.text)
        if not line.last:
            assert line.text[-1] not in NO_LINE_END, (i, line.text)


def test_comma_after_a_full_line_is_taken_in(test_fonts):
    # 13 Han then ， at 13 em: the natural break puts ， at a line start. The
    # line takes it at half width, its 13 gaps closing by 1/26 em each (push
    # in), rather than sending a character down and spreading an em (push out).
    text = "中" * 13 + "，" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert_kinsoku(lines)
    assert lines[0].text == "中" * 13 + "，"
    assert lines[0].adjust == "push-in" and lines[0].stretch == 0


@pytest.mark.parametrize("indent_em", [0, 2])
def test_comma_at_natural_break_with_indent(test_fonts, indent_em):
    # with the indent, 11 characters have 11 gaps: closed by 0.04 em each, and
    # the comma's blank passing the edge by the rest (less than ⅛ em)
    n = 13 - indent_em
    text = "中" * n + "，" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=indent_em)
    assert_kinsoku(lines)
    assert lines[0].text == "中" * n + "，"
    assert lines[1].text[0] == "中"
    assert lines[0].max_gap == 0 and lines[0].tighten <= MAX_TIGHTEN_EM * SIZE + TOL


@pytest.mark.parametrize("ch", sorted(NO_LINE_START))
def test_no_line_start_chars(test_fonts, ch):
    # The char falls exactly where a line would begin.
    text = "中" * 13 + ch + "中" * 15
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert len(lines) >= 2
    assert_kinsoku(lines)
    assert "".join(l.text for l in lines) == text
    for line in lines[:-1]:
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE), line.text


@pytest.mark.parametrize("ch", sorted(NO_LINE_END))
def test_no_line_end_chars(test_fonts, ch):
    # The char falls at the last cell of the first line.
    text = "中" * 12 + ch + "中" * 15
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert len(lines) >= 2
    assert_kinsoku(lines)
    assert "".join(l.text for l in lines) == text
    for line in lines[:-1]:
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE), line.text


def test_opening_quote_at_line_end_takes_its_character_along(test_fonts):
    # “ in the last cell may not end the line: it takes 中 with it (push in)
    text = "中" * 12 + "“中中”" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert_kinsoku(lines)
    assert lines[0].text == "中" * 12 + "“中"
    assert lines[1].text.startswith("中”")


def test_opening_quote_at_a_line_start_loses_its_blank_half(test_fonts):
    text = "中" * 13 + "“中中”" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert lines[1].text.startswith("“中中”")
    # at the start of a line (not the paragraph) the opening mark loses its
    # blank left half: its ink cell starts at the column edge.
    quote = lines[1].glyphs[0]
    dx = SIZE - advance(test_fonts, "body", "“") * SIZE
    assert quote.x - dx + SIZE / 2 == pytest.approx(0.0, abs=TOL)


def test_opening_quote_before_a_space_does_not_end_a_line(test_fonts):
    # A space after an opening mark is a break opportunity only in Latin text;
    # the line must still not end with “ (the space vanishes at the break).
    text = "中" * 12 + "“ abc" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert_kinsoku(lines)


def test_opening_bracket_pair_not_split_from_text(test_fonts):
    text = "中" * 11 + "（“中中”）" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert_kinsoku(lines)


def test_closing_quote_never_starts_a_line(test_fonts):
    text = "中" * 13 + "”中" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert_kinsoku(lines)


# -- adjacent punctuation compression (§5.4) -----------------------------------

@pytest.mark.parametrize("pair", ["。”", "”，", "）、", "”。", "，」", "。）", "？”", "》，"])
def test_r_type_then_r_type_takes_one_and_a_half_em(test_fonts, pair):
    line = one_line(test_fonts, "中" + pair + "中")
    a, b, after = line.glyphs[1], line.glyphs[2], line.glyphs[3]
    assert (a.ch, b.ch) == (pair[0], pair[1])
    assert a.x == pytest.approx(1 * SIZE)
    assert b.x - a.x == pytest.approx(0.5 * SIZE, abs=TOL)
    assert after.x - a.x == pytest.approx(1.5 * SIZE, abs=TOL)


@pytest.mark.parametrize("pair", ["，“", "）（", "：“", "。「"])
def test_r_type_then_l_type_takes_one_and_a_half_em(test_fonts, pair):
    line = one_line(test_fonts, "中" + pair + "中")
    a, after = line.glyphs[1], line.glyphs[3]
    assert a.x == pytest.approx(1 * SIZE)
    assert after.x - a.x == pytest.approx(1.5 * SIZE, abs=TOL)


@pytest.mark.parametrize("pair", ["（“", "《「", "“《"])
def test_l_type_then_l_type_second_drawn_half_em_left(test_fonts, pair):
    line = one_line(test_fonts, "中" + pair + "中")
    a, b, after = line.glyphs[1], line.glyphs[2], line.glyphs[3]
    dxa = SIZE - advance(test_fonts, "body", a.ch) * SIZE
    dxb = SIZE - advance(test_fonts, "body", b.ch) * SIZE
    # the first opening mark keeps its full cell, right after the Han char
    assert a.x - dxa == pytest.approx(1 * SIZE, abs=TOL)
    # nominally the second cell starts one em later; it is drawn ½ em left of that
    assert (b.x - dxb) - (a.x - dxa) == pytest.approx(0.5 * SIZE, abs=TOL)
    assert after.x == pytest.approx(2.5 * SIZE, abs=TOL)


def test_l_type_then_r_type_unchanged(test_fonts):
    line = one_line(test_fonts, "中（）中")
    assert [round(g.x / SIZE, 3) for g in line.glyphs] == [0, 1, 2, 3]


def test_three_marks_in_a_row_take_two_em(test_fonts):
    line = one_line(test_fonts, "中。”）中")
    assert [round(g.x / SIZE, 3) for g in line.glyphs] == [0, 1, 1.5, 2, 3]


def test_single_marks_keep_a_full_em(test_fonts):
    line = one_line(test_fonts, "中，中。中“中”中")
    assert [round(g.x / SIZE, 3) for g in line.glyphs] == list(range(9))


def test_middle_dot_is_half_em_centred(test_fonts):
    line = one_line(test_fonts, "中·中")
    dot, after = line.glyphs[1], line.glyphs[2]
    assert after.x == pytest.approx(1.5 * SIZE, abs=TOL)
    adv = advance(test_fonts, "body", "·") * SIZE
    # centred in its half-em cell
    assert dot.x + adv / 2 == pytest.approx(1.25 * SIZE, abs=TOL)


# -- push in before push out (§5.6) --------------------------------------------

def test_push_in_squeezes_a_mid_line_comma(test_fonts):
    # 中中，+ 10 Han + ， = 13.5 em with the final comma at half width: half an em
    # too long. The comma must not start the next line; squeezing the first
    # comma to half width lets it stay (push in) instead of pushing 中， down.
    text = "中中，" + "中" * 10 + "，" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = lines[0]
    assert first.text == "中中，" + "中" * 10 + "，"
    assert first.shrink > 0
    assert first.shrink == pytest.approx(0.5 * SIZE, abs=TOL)
    assert first.stretch == pytest.approx(0.0, abs=TOL)
    assert ends_at(test_fonts, first.glyphs[-1], 13 * SIZE)
    # the squeezed comma gave up its blank right half
    comma = first.glyphs[2]
    assert first.glyphs[3].x - comma.x == pytest.approx(0.5 * SIZE, abs=TOL)
    assert_kinsoku(lines)


def test_push_in_squeezes_a_quote(test_fonts):
    # the closing quote mid-line gives up its half em so the final ， fits
    text = "中“中”" + "中" * 9 + "，" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = lines[0]
    assert first.text.endswith("，")
    assert first.shrink > 0
    assert first.stretch == pytest.approx(0.0, abs=TOL)
    assert ends_at(test_fonts, first.glyphs[-1], 13 * SIZE)


def test_push_out_when_nothing_can_be_squeezed(test_fonts):
    # ％ has no blank half to give: taking it in needs a whole em
    text = "中" * 13 + "％" + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = lines[0]
    assert first.text == "中" * 12           # one char short
    assert first.shrink == pytest.approx(0.0, abs=TOL)
    assert first.stretch == pytest.approx(SIZE, abs=TOL)  # the missing em is spread
    assert 0 < first.max_gap <= 0.25 * SIZE
    assert ends_at(test_fonts, first.glyphs[-1], 13 * SIZE)
    gaps = [b.x - a.x for a, b in zip(first.glyphs, first.glyphs[1:])]
    assert max(gaps) - min(gaps) == pytest.approx(0.0, abs=TOL)  # evenly


def test_line_with_only_middot_gaps_is_still_justified(test_fonts):
    # 中·中·… : the justifier puts no space next to a middot, but a full line
    # must still reach the measure (§5.1: every line but the last is the full
    # measure; §5.6 lists the interpunct's spacing as adjustable).
    text = "中·" * 14
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert len(lines) == 2
    first = lines[0]
    assert ends_at(test_fonts, first.glyphs[-1], 13 * SIZE), xs(first)


@pytest.mark.parametrize("mark", ["，", "。", "”", "）", "！", "、"])
def test_push_out_gaps_are_small(test_fonts, mark):
    text = "中" * 13 + mark + "中" * 20
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    for line in lines[:-1]:
        assert line.max_gap <= 0.25 * SIZE
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE)


# -- unbreakable units ---------------------------------------------------------

def line_of(lines, offset):
    for i, line in enumerate(lines):
        if line.start <= offset < line.end:
            return i
    raise AssertionError(f"offset {offset} on no line")


@pytest.mark.parametrize("unit", ["——", "……"])
@pytest.mark.parametrize("k", range(8, 16))
def test_two_em_marks_never_split(test_fonts, unit, k):
    text = "中" * k + unit + "中" * 14
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    assert line_of(lines, k) == line_of(lines, k + 1)
    for line in lines:
        assert line.text.count(unit[0]) % 2 == 0
    assert_kinsoku(lines)
    for line in lines[:-1]:
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE)


@pytest.mark.parametrize("unit", ["——", "……"])
def test_two_em_marks_are_two_em_wide(test_fonts, unit):
    line = one_line(test_fonts, "中" + unit + "中")
    first = line.glyphs[1]
    after = line.glyphs[3]
    if unit == "——":
        assert first.x == pytest.approx(SIZE)
        assert line.glyphs[2].x == pytest.approx(2 * SIZE)
        # the one-em glyphs are stretched to fill their cells: one unbroken line
        adv = advance(test_fonts, "body", "—")
        assert first.hscale * adv == pytest.approx(1.0, abs=1e-3)
    assert after.x == pytest.approx(3 * SIZE, abs=TOL)


def test_two_em_dash_character_is_two_em_wide(test_fonts):
    # U+2E3A is the single-character form of the two-em dash (reference §5.2).
    line = one_line(test_fonts, "中\u2e3a中")
    assert line.glyphs[2].x - line.glyphs[1].x == pytest.approx(2 * SIZE, abs=TOL)


@pytest.mark.parametrize("token", ["427.3", "2024", "10%", "13781915838", "35℃", "3·15", "Banmian"])
@pytest.mark.parametrize("k", range(8, 14))
def test_numbers_and_words_never_split(test_fonts, token, k):
    text = "中" * k + token + "亿元" + "中" * 15
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    first = line_of(lines, k)
    assert line_of(lines, k + len(token) - 1) == first
    assert token in lines[first].text
    for line in lines[:-1]:
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE), line.text


def test_latin_words_stay_whole_and_break_at_spaces(test_fonts):
    words = "the quick brown fox jumps over the lazy dog again and again".split()
    text = "中" * 5 + " ".join(words) + "中" * 10
    par, lines = compose(test_fonts, text, measure_em=13, indent_em=0)
    joined = [l.text for l in lines]
    for w in words:
        assert any(w in t for t in joined), w
    # spaces draw nothing, and a line never starts with a word fragment
    for line in lines:
        assert " " not in line.text
    for line in lines[:-1]:
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE), line.text


def test_han_latin_spacing_eighth_em(test_fonts):
    par = prepare([Run("中A中", "body", SIZE)], test_fonts, indent_em=0,
                  settings=Typesetting(han_latin_gap_em=0.125))
    [line] = compose_paragraph(par, 40 * SIZE)
    a = line.glyphs[1]
    assert a.x == pytest.approx(1.125 * SIZE, abs=TOL)
    adv = advance(test_fonts, "body", "A") * SIZE
    assert line.glyphs[2].x == pytest.approx(a.x + adv + 0.125 * SIZE, abs=TOL)


# -- completeness ----------------------------------------------------------------

@pytest.mark.parametrize("measure_em", [8, 9, 13, 14, 21, 30])
@pytest.mark.parametrize("text", [REAL_TEXT, REAL_TEXT_2,
                                  "Chinese papers do not hyphenate words such as typesetting，"
                                  "而是整词移到下一行。hello world 中文 mixed 内容 2024 年。"],
                         ids=["mixed", "han", "latin"])
def test_lines_give_back_the_text(test_fonts, text, measure_em):
    par, lines = compose(test_fonts, text, measure_em=measure_em)
    assert par.text == text
    assert "".join(l.text for l in lines).replace(" ", "") == text.replace(" ", "")
    # source offsets tile the text; only spaces fall between lines
    assert lines[0].start == 0
    assert lines[-1].end == len(text)
    for a, b in zip(lines, lines[1:]):
        assert a.end <= b.start
        assert text[a.end:b.start].strip(" ") == ""
    for line in lines:
        assert line.text == text[line.start:line.end].replace(" ", "")
    assert_kinsoku(lines)


def test_natural_width(test_fonts):
    par = prepare([Run("中中，中中。", "body", SIZE)], test_fonts, indent_em=2)
    # indent 2 + 中中 2 + ， 1 + 中中 2 + 。 at the end ½
    assert natural_width(par) == pytest.approx(7.5 * SIZE)
    par = prepare([Run("", "body", SIZE)], test_fonts)
    assert natural_width(par) == 0.0


def test_empty_paragraph_has_no_lines(test_fonts):
    par = prepare([Run("", "body", SIZE)], test_fonts)
    assert compose_paragraph(par, 13 * SIZE) == []


# -- glued runs (bylines) ------------------------------------------------------

BYLINE = "（记者 高创）"


def byline_par(fonts, body):
    return prepare([Run(body, "body", SIZE), Run(BYLINE, "byline", SIZE, glued=True)], fonts)


@pytest.mark.parametrize("n", range(8, 40))
def test_glued_run_never_splits(test_fonts, n):
    body = "中" * n + "。"
    par = byline_par(test_fonts, body)
    lines = compose_paragraph(par, 13 * SIZE)
    start = len(body)
    end = start + len(BYLINE) - 1
    assert line_of(lines, start) == line_of(lines, end)
    assert "".join(l.text for l in lines) == (body + BYLINE).replace(" ", "")
    last = lines[-1]
    alone = last.start >= start
    text_lines = lines[:-2] if alone else lines[:-1]
    for line in text_lines:
        assert not line.last
        assert ends_at(test_fonts, line.glyphs[-1], 13 * SIZE), line.text
    if alone:
        # the byline stands alone on the last line: set flush right, its
        # closing bracket (half width at the line end) on the column edge
        assert last.text == BYLINE.replace(" ", "")
        assert last.glyphs[-1].x + SIZE / 2 == pytest.approx(13 * SIZE, abs=TOL)
        # the text line before it ends the text: flush left, not spread
        if len(lines) > 1:
            before = lines[-2]
            assert before.last
            assert before.stretch == 0.0
            assert before.glyphs[0].x == pytest.approx(2 * SIZE if len(lines) == 2 else 0.0)
    else:
        # it fits after the last sentence: flush left, same line
        assert last.text.endswith(BYLINE.replace(" ", ""))
        assert last.glyphs[0].x == pytest.approx(0.0, abs=TOL) or len(lines) == 1


def test_glued_run_alone_on_last_line_is_flush_right(test_fonts):
    body = "中" * 22 + "。"           # 11 + 11½ em: the byline (5¾ em) cannot follow
    par = byline_par(test_fonts, body)
    lines = compose_paragraph(par, 13 * SIZE)
    assert len(lines) == 3
    assert lines[1].text == "中" * 11 + "。"
    assert lines[1].stretch == 0.0          # the text ends here: not spread
    last = lines[-1]
    assert last.last
    assert last.text == "（记者高创）"
    assert last.glyphs[-1].ch == "）"
    assert last.glyphs[-1].x + SIZE / 2 == pytest.approx(13 * SIZE, abs=TOL)
    assert all(g.face == "kai" for g in last.glyphs)


def test_glued_run_fitting_on_the_last_line_follows_the_text(test_fonts):
    par = byline_par(test_fonts, "中" * 3 + "。")
    lines = compose_paragraph(par, 13 * SIZE)
    assert len(lines) == 1
    assert lines[0].text == "中" * 3 + "。（记者高创）"
    assert lines[0].glyphs[0].x == pytest.approx(2 * SIZE)


# -- missing characters --------------------------------------------------------

def test_missing_characters_are_reported(test_fonts):
    text = "中\U0002A6D6中\ue000中"
    par = prepare([Run(text, "body", SIZE)], test_fonts)
    assert par.missing == (MissingGlyph("\U0002A6D6", 1, "body"), MissingGlyph("\ue000", 3, "body"))
    lines = compose_paragraph(par, 13 * SIZE)
    glyphs = {g.ch: g for g in lines[0].glyphs}
    assert glyphs["\ue000"].face is None
    assert glyphs["中"].face == "song"
    # the paragraph still sets: the missing chars keep a one-em cell
    assert lines[0].text == text


def test_missing_character_offsets_count_across_runs(test_fonts):
    par = prepare([Run("本报讯", "lead", SIZE), Run("中中\ue000", "body", SIZE),
                   Run("（\ue000）", "byline", SIZE, glued=True)], test_fonts)
    assert par.missing == (MissingGlyph("\ue000", 5, "body"), MissingGlyph("\ue000", 7, "byline"))


def test_missing_latin_letter_reported_once(test_fonts):
    # U+0561 (Armenian) is set as a Latin-class letter and no default face has it.
    assert test_fonts.resolve("body", "\u0561") is None
    par = prepare([Run("中\u0561中", "body", SIZE)], test_fonts)
    assert par.missing == (MissingGlyph("\u0561", 1, "body"),)


def test_fallback_face_used_per_glyph(test_fonts):
    # U+9FEB is in the test face hei but not in song: body falls back to it.
    par = prepare([Run("中\u9feb中", "body", SIZE)], test_fonts)
    assert par.missing == ()
    line = compose_paragraph(par, 13 * SIZE)[0]
    assert [g.face for g in line.glyphs] == ["song", "hei", "song"]
