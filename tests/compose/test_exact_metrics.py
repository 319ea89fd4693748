"""Exact widths, squeeze amounts and line ends, set in the test font.

In the test font (tests/synthetic_fonts.py) a Han character and a full-width
mark are one em, Latin letters have advances in eighths of an em (B ⅝, a ½,
m ¾, i ¼ …) and the dash is ⅘ em. Every width below is therefore known to the
unit, and the tests say where each glyph goes, not only that a line fits.
"""
from __future__ import annotations

from layout.spec.typesetting import Typesetting

import pytest

from layout.compose.headline import Typesetter
from layout.compose.line_breaker import Run, compose_line, compose_paragraph, natural_width, prepare, set_line
from layout.compose.line_model import LOOSE_COST, LOOSE_WEIGHT, SPREAD_UNIT, TIGHT_COST
from layout.compose.paragraph_breaker import LINE_COST, line_breaks

SIZE = 9.0
EXACT = 1e-9


def ems(line) -> list[tuple[str, float]]:
    """Each glyph and its x in ems."""
    return [(g.ch, round(g.x / SIZE, 9)) for g in line.glyphs]


def first_line(fonts, text, measure_em=13, role="body", **settings):
    par = prepare([Run(text, role, SIZE)], fonts, indent_em=0, settings=Typesetting(**settings))
    return compose_line(par, 0, measure_em * SIZE)[0]


# -- widths ----------------------------------------------------------------------------

def test_a_latin_word_keeps_its_advances_and_an_eighth_em_from_han(test_fonts):
    line = first_line(test_fonts, "中Banmian中", measure_em=40, han_latin_gap_em=0.125)
    # B ⅝, a ½, n ½, m ¾, i ¼, a ½, n ½: 3⅝ em, with ⅛ em either side
    assert ems(line) == [("中", 0), ("B", 1.125), ("a", 1.75), ("n", 2.25), ("m", 2.75),
                         ("i", 3.5), ("a", 3.75), ("n", 4.25), ("中", 4.875)]
    assert line.width == pytest.approx(5.875 * SIZE, abs=EXACT)


def test_a_number_with_its_unit_is_measured_whole(test_fonts):
    par = prepare([Run("气温35℃左右，同比增长12.5%。", "body", SIZE)], test_fonts, indent_em=0,
                  settings=Typesetting(han_latin_gap_em=0.125))
    # 气温 2 + ⅛ + 35℃ (½ ½ 1) + ⅛ + 左右 2 + ， 1 + 同比增长 4 + ⅛ + 12.5% (½ ½ ¼ ½ ⅞)
    # + 。 at the end ½ (no Han–Latin space next to a full-width mark)
    assert natural_width(par) == pytest.approx((2 + 0.125 + 2 + 0.125 + 2 + 1 + 4 + 0.125 + 2.625
                                                + 0.5) * SIZE, abs=EXACT)


def test_middle_dot_and_dashes_fill_their_cells(test_fonts):
    line = first_line(test_fonts, "中·中——中\u2e3a中", measure_em=40)
    # · (¼ em) centred in its half-em cell; each — (⅘ em) stretched across one em;
    # ⸺ (1⅗ em) across two
    assert ems(line) == [("中", 0), ("·", 1.125), ("中", 1.5), ("—", 2.5), ("—", 3.5), ("中", 4.5),
                         ("\u2e3a", 5.5), ("中", 7.5)]
    dash, two_em = line.glyphs[3], line.glyphs[6]
    assert dash.hscale == pytest.approx(1.25, abs=EXACT)
    assert two_em.hscale == pytest.approx(1.25, abs=EXACT)


def test_a_narrow_quote_is_drawn_against_the_text_it_belongs_to(test_fonts):
    # kai's curly quotes are ⅜ em wide: the opening one is drawn at the right of
    # its cell, the closing one at the left, each cell still one em
    line = first_line(test_fonts, "中“高”中", role="byline", measure_em=40)
    assert {g.face for g in line.glyphs} == {"kai"}
    assert ems(line) == [("中", 0), ("“", 1.625), ("高", 2), ("”", 3), ("中", 4)]


# -- squeezing: exact amounts, in priority order --------------------------------------

def test_two_commas_share_a_half_em_squeeze_evenly(test_fonts):
    # 13½ em with the 。 at half width: half an em too long; the 。 may not start
    # the next line, so each comma gives up a quarter em (push in)
    line = first_line(test_fonts, "中中，中中，中中中中中中中。中中")
    assert line.text == "中中，中中，中中中中中中中。"
    assert line.adjust == "push-in"
    assert line.shrink == pytest.approx(0.5 * SIZE, abs=EXACT)
    assert line.stretch == 0
    assert ems(line) == [("中", 0), ("中", 1), ("，", 2), ("中", 2.75), ("中", 3.75), ("，", 4.75),
                         ("中", 5.5), ("中", 6.5), ("中", 7.5), ("中", 8.5), ("中", 9.5), ("中", 10.5),
                         ("中", 11.5), ("。", 12.5)]


def test_quotes_are_squeezed_before_commas(test_fonts):
    # the same half em, taken from the quotes' blank halves (priority 2) while
    # the comma (priority 3) keeps its full em
    line = first_line(test_fonts, "中“中”中，中中中中中中中。中中")
    assert line.shrink == pytest.approx(0.5 * SIZE, abs=EXACT)
    assert ems(line) == [("中", 0), ("“", 0.75), ("中", 1.75), ("”", 2.75), ("中", 3.5), ("，", 4.5),
                         ("中", 5.5), ("中", 6.5), ("中", 7.5), ("中", 8.5), ("中", 9.5), ("中", 10.5),
                         ("中", 11.5), ("。", 12.5)]


def test_a_short_line_gives_back_only_what_it_lacks_of_a_stops_blank(test_fonts):
    # 11 Han + ⅛ + AB (1¼) + 。 at half width = 12⅞ em: the 。 takes back ⅛ em of
    # its blank half and the line is full without spreading a single gap
    line = first_line(test_fonts, "中" * 11 + "AB。" + "中" * 10, han_latin_gap_em=0.125)
    assert line.text == "中" * 11 + "AB。"
    assert line.stretch == 0 and line.shrink == 0
    assert ems(line)[-3:] == [("A", 11.125), ("B", 11.75), ("。", 12.375)]


# -- spreading: exact amounts --------------------------------------------------------

def test_the_room_a_word_leaves_is_spread_evenly_and_never_inside_the_word(test_fonts):
    # 9 Han + ⅛ + Banmian (3⅝) = 12¾ em: the quarter em left goes to the 9 gaps
    # between the pieces (8 between Han, 1 before the word), none inside it
    line = first_line(test_fonts, "中" * 9 + "Banmian" + "中" * 10, han_latin_gap_em=0.125)
    assert line.text == "中" * 9 + "Banmian"
    assert line.adjust == "natural"
    assert line.stretch == pytest.approx(0.25 * SIZE, abs=EXACT)
    per = (0.25 - (1 / 3 - 0.125)) / 9
    assert line.max_gap == pytest.approx(per * SIZE, abs=EXACT)
    xs = [x for _ch, x in ems(line)]
    assert xs[:9] == pytest.approx([k * (1 + per) for k in range(9)], abs=EXACT)
    assert xs[9] == pytest.approx(9 + 8 * per + 1 / 3 + per, abs=EXACT)
    word = [b - a for a, b in zip(xs[9:], xs[10:])]
    assert word == pytest.approx([0.625, 0.5, 0.5, 0.75, 0.25, 0.5], abs=EXACT)
    assert line.glyphs[-1].x + 0.5 * SIZE == pytest.approx(13 * SIZE, abs=EXACT)


def test_numbers_sit_on_the_half_em_grid(test_fonts, fonts):
    # 二分数字: in the real body face a digit is proportional (1 narrower than
    # 0); in justified text a number's figures and marks take the face's
    # half-width forms (OpenType hwid), exactly half an em, letters beside
    # them keep theirs
    par = prepare([Run("增长10.5%，共2100人，5G基站", "body", SIZE)], fonts, indent_em=0)
    number = [p for p in par.pieces if p.first in "0123456789.%"]
    assert [p.first for p in number] == list("10.5%21005")
    assert [p.width for p in number] == pytest.approx([0.5 * SIZE] * 10, abs=EXACT)
    assert all(p.glyphs[0][5] and p.glyphs[0][4] == 1.0 for p in number)
    letter = next(p for p in par.pieces if p.first == "G")
    assert not letter.glyphs[0][5] and letter.width == pytest.approx(fonts.resolve("body", "G").advance("G") * SIZE)
    # a face without half-width forms (the Kai of a commentary): its digits are scaled to half an em
    kai = prepare([Run("共2100人", "commentary", SIZE)], fonts, indent_em=0)
    digits = [p for p in kai.pieces if p.first.isdigit()]
    assert not fonts.resolve("commentary", "1").has_half("1")
    assert [p.width for p in digits] == pytest.approx([0.5 * SIZE] * 4, abs=EXACT)
    for p in digits:
        assert p.glyphs[0][4] * fonts.resolve("commentary", p.first).advance(p.first) == pytest.approx(0.5, abs=EXACT)
    proportional = prepare([Run("共2100人", "body", SIZE)], fonts, indent_em=0,
                           settings=Typesetting(digits="proportional"))
    assert {(p.glyphs[0][4], p.glyphs[0][5]) for p in proportional.pieces} == {(1.0, False)}
    # a headline line (not justified) keeps the face's digits
    single = prepare([Run("共2100人", "body", SIZE)], fonts, indent_em=0, align="left")
    assert {(p.glyphs[0][4], p.glyphs[0][5]) for p in single.pieces} == {(1.0, False)}


# -- kinsoku at exact line ends --------------------------------------------------------

@pytest.mark.parametrize("mark", ["（", "“", "《", "「"])
def test_an_opening_mark_filling_the_last_cell_takes_its_character_along_pushed_in(test_fonts, mark):
    # 12 Han + the mark would fill 13 em exactly, but the mark may not end a
    # line. Pushing it out leaves one em over 11 gaps (0.09 em each: loose);
    # pushed in, the line takes the character after the mark: the mark gives
    # its blank half and the 13 gaps close by 1/26 em each (under 0.04)
    line = first_line(test_fonts, "中" * 12 + mark + "中中" + "中" * 20)
    assert line.text == "中" * 12 + mark + "中"
    assert line.adjust == "push-in"
    assert line.shrink == pytest.approx(SIZE, abs=EXACT)
    assert line.stretch == 0
    assert line.tighten == pytest.approx(0.5 / 13 * SIZE, abs=EXACT)
    assert line.glyphs[-1].x + SIZE == pytest.approx(13 * SIZE, abs=EXACT)


@pytest.mark.parametrize("mark", ["，", "。", "、", "”", "）", "》"])
def test_a_mark_just_past_the_measure_is_taken_in_not_pushed_out(test_fonts, mark):
    # 13 Han fill the line exactly; the mark after them may not start the next
    # line. The line takes it at half width: 13 gaps close by 1/26 em each
    # (在…发布会上，): no character goes down, no gap opens
    par = prepare([Run("中" * 13 + mark + "中" * 5, "body", SIZE)], test_fonts, indent_em=0)
    lines = compose_paragraph(par, 13 * SIZE)
    assert lines[0].text == "中" * 13 + mark
    assert lines[0].adjust == "push-in" and lines[0].stretch == 0
    assert lines[0].tighten == pytest.approx(0.5 / 13 * SIZE, abs=EXACT)
    assert ems(lines[0])[-1] == (mark, pytest.approx(12.5, abs=EXACT))


@pytest.mark.parametrize("mark", ["％", "℃"])
def test_a_full_width_sign_past_the_measure_pushes_a_character_out(test_fonts, mark):
    # a full-width sign has no blank to give: taking it in needs a whole em, more
    # than 13 gaps can close, so the last Han goes down with it (the first line
    # of a paragraph has nothing before it to help: it is left loose)
    par = prepare([Run("中" * 13 + mark + "中" * 5, "body", SIZE)], test_fonts, indent_em=0)
    lines = compose_paragraph(par, 13 * SIZE)
    assert lines[0].text == "中" * 12
    assert lines[1].text.startswith("中" + mark)
    assert lines[0].stretch == pytest.approx(SIZE, abs=EXACT)


def test_a_closing_mark_ending_exactly_at_the_measure_stays(test_fonts):
    # 12 Han + ” at half width (it ends the line) = 12½ em; ” then gives back its
    # blank half, so the line is exactly full with no space added
    line = first_line(test_fonts, "中" * 12 + "”" + "中" * 20)
    assert line.text == "中" * 12 + "”"
    assert line.adjust == "natural"
    assert line.stretch == 0 and line.shrink == 0
    assert line.glyphs[-1].x == pytest.approx(12 * SIZE, abs=EXACT)


def test_a_hung_comma_stands_exactly_outside_the_measure(test_fonts):
    line = first_line(test_fonts, "中" * 13 + "，中中", hanging=True)
    assert line.adjust == "hang"
    assert ems(line)[-2:] == [("中", 12), ("，", 13)]
    assert line.stretch == 0 and line.shrink == 0


# -- the paragraph breaker's costs agree with the lines it sets ------------------------

def test_paragraph_breaker_costs_are_exact_and_the_set_lines_match(test_fonts):
    # 中中中，+ 9 中 + 。: the 。 may not start a line. Two ways out:
    #   push in: end with the 。, squeezing the comma by half an em;
    #   push out: end after the 8th 中, spreading one em over 10 gaps.
    par = prepare([Run("中中中，中中中中中中中中中。中中中", "body", SIZE)], test_fonts, indent_em=0)
    measure = 13 * SIZE
    by_end = {b.end: b for b in line_breaks(par, 0, measure, True)}
    push_in, push_out = by_end[13], by_end[11]
    assert push_in.adjust == "push-in"
    assert push_in.cost == pytest.approx(LINE_COST + TIGHT_COST * 0.5, abs=EXACT)
    assert push_out.adjust == "push-out"       # 0.1 em a gap: letter-spaced
    assert push_out.cost == pytest.approx(LINE_COST + LOOSE_COST + LOOSE_WEIGHT * (0.1 / SPREAD_UNIT) ** 2,
                                          abs=EXACT)
    squeezed, _ = set_line(par, 0, push_in.end, measure, True, None, push_in.adjust)
    assert squeezed.shrink == pytest.approx(0.5 * SIZE, abs=EXACT) and squeezed.stretch == 0
    spread, _ = set_line(par, 0, push_out.end, measure, True, None, push_out.adjust)
    assert spread.stretch == pytest.approx(SIZE, abs=EXACT)
    assert spread.max_gap == pytest.approx(0.1 * SIZE, abs=EXACT)


# -- headlines ---------------------------------------------------------------------------

def test_headline_widths_are_exact(test_fonts):
    setter = Typesetter(test_fonts, Typesetting(han_latin_gap_em=0.125))
    # 5 ½ + G ⅝ + ⅛ + 应用成亮点 5
    assert setter.width("5G应用成亮点", "headline", 20) == pytest.approx(6.25 * 20, abs=EXACT)
    assert setter.width("5G应用成亮点", "headline", 20, 0.8) == pytest.approx(6.25 * 16, abs=EXACT)
    # solid headline punctuation: ”“ close up to one em, the opening mark at the
    # start and the closing one at the end lose their blank halves
    assert setter.width("“两重”“两新”", "headline", 10) == pytest.approx(6 * 10, abs=EXACT)
