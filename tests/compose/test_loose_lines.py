"""No letter-spaced lines: each cause of a loose line, fixed where it arises
(docs/composition.md). Set in the test font (`test_fonts`: a Han character
and a mark one em, Latin in eighths) unless a test is about the real faces.

A line is loose when the space added to its character gaps reaches
LOOSE_EM (0.05 em); none is closed by more than MAX_TIGHTEN_EM (0.04 em).
"""
from __future__ import annotations

import pytest

from layout.compose.line_breaker import Run, compose_line, prepare, set_line
from layout.compose.line_model import (LOOSE_EM, MAX_SPREAD_EM, MAX_TIGHTEN_EM, candidate_line,
                                       fit_line)
from layout.compose.paragraph_breaker import set_paragraph
from layout.spec.typesetting import Typesetting

SIZE = 9.0
EXACT = 1e-9
MEASURE = 13 * SIZE


def par_of(fonts, text, indent_em=2.0, runs=None, **settings):
    return prepare(runs or [Run(text, "body", SIZE)], fonts, indent_em=indent_em,
                   settings=Typesetting(**settings))


def assert_within_limits(lines):
    for line in lines:
        assert not line.loose, line.text
        assert line.max_gap < LOOSE_EM * SIZE, line.text
        assert line.tighten <= MAX_TIGHTEN_EM * SIZE + EXACT, line.text


# -- 1. push in where pushing out would letter-space -------------------------------------

def test_a_stop_after_a_full_line_is_taken_in_by_closing_the_gaps(test_fonts):
    # 在国务院新闻办新闻发布会｜上，: 13 characters fill the line and the comma may
    # not start the next. Pushed out, 上 goes down and one em spreads over 11
    # gaps (0.09 em: loose); pushed in, the line takes 上， at half width and
    # closes its 13 gaps by 1/26 em each
    text = "在国务院新闻办新闻发布会上，民营经济促进法草案向社会公开征求意见。"
    par = par_of(test_fonts, text, indent_em=0)
    line, _ = compose_line(par, 0, MEASURE)
    assert line.text == "在国务院新闻办新闻发布会上，"
    assert line.adjust == "push-in" and line.stretch == 0
    assert line.tighten == pytest.approx(0.5 / 13 * SIZE, abs=EXACT)
    lines = set_paragraph(par, MEASURE)
    assert lines[0].text == "在国务院新闻办新闻发布会上，"
    assert_within_limits(lines)


def test_with_hanging_on_the_comma_hangs_instead(test_fonts):
    par = par_of(test_fonts, "在国务院新闻办新闻发布会上，民营经济", indent_em=0, hanging=True)
    line, _ = compose_line(par, 0, MEASURE)
    assert line.text == "在国务院新闻办新闻发布会上，" and line.adjust == "hang"
    assert line.tighten == 0 and line.stretch == 0


# -- 2. a compressed pair takes its blank back before the Han gaps open ------------------

def test_a_compressed_pair_takes_back_its_blank_before_characters_are_spread(test_fonts):
    # 中×5 。“ 中×6 is 12½ em (the pair compressed to 1½); the word after it does
    # not fit. Of the half em left, the pair takes back a quarter (to 1¾ em)
    # before the 9 character gaps share the rest
    par = par_of(test_fonts, "中" * 5 + "。“" + "中" * 6 + "Banmian" + "中" * 10, indent_em=0)
    line, _ = compose_line(par, 0, MEASURE)
    assert line.text == "中" * 5 + "。“" + "中" * 6
    xs = {g.ch: g.x for g in line.glyphs if g.ch in "。“"}
    per = 0.25 / 9
    # 。 at 5 + 4 gaps; “ drawn in the right half of its cell, its cell ¾ em after 。's
    assert line.max_gap == pytest.approx(per * SIZE, abs=EXACT)
    quote_cell = xs["“"] - (SIZE - test_fonts.resolve("body", "“").advance("“") * SIZE)
    assert quote_cell - xs["。"] == pytest.approx(0.75 * SIZE, abs=EXACT)


def test_a_pair_gives_back_all_its_blank_only_before_the_line_would_be_loose(test_fonts):
    # 11½ em in a measure of 12.3: of the 0.8 em left the pair takes back a
    # quarter, the 8 character gaps take 0.049 em each, the pair the rest
    measure = 12.3 * SIZE
    par = par_of(test_fonts, "中" * 5 + "。“" + "中" * 5 + "Banmian" + "中" * 10, indent_em=0)
    line, _ = compose_line(par, 0, measure)
    assert line.text == "中" * 5 + "。“" + "中" * 5
    cand = candidate_line(par, 0, 11, measure, True)
    fit = fit_line(par, cand, measure, True)
    assert fit.restore == pytest.approx((0.8 - 8 * MAX_SPREAD_EM) * SIZE, abs=EXACT)
    assert line.max_gap == pytest.approx(MAX_SPREAD_EM * SIZE, abs=EXACT)
    assert not line.loose


# -- 3. digits on the half-em grid (二分数字) ---------------------------------------------

def test_half_em_digits_keep_a_line_of_han_and_numbers_on_the_grid(fonts):
    # With no Han–Latin space, 9 characters, 2024, 年 and one more character
    # fill 13 em exactly: the line is set solid. The face's own digits (0.56 em
    # each in Noto Serif CJK) leave a remainder the line has to absorb
    text = "深化改革的关键一年2024年全市经济运行总体平稳向好"
    solid = set_paragraph(par_of(fonts, text, indent_em=0, han_latin_gap_em=0.0), MEASURE)
    assert solid[0].text == "深化改革的关键一年2024年全"
    assert solid[0].max_gap == 0 and solid[0].shrink == 0 and solid[0].stretch == 0
    proportional = set_paragraph(par_of(fonts, text, indent_em=0, han_latin_gap_em=0.0,
                                        digits="proportional"), MEASURE)
    assert proportional[0].max_gap > 0 or proportional[0].shrink > 0


# -- 4. the paragraph breaker: a 孤字 is avoided at the cheapest place --------------------

def test_a_lone_last_character_is_taken_in_by_squeezing_marks_not_by_letter_spacing(test_fonts):
    # the second line ends where 力。 would be left alone on a last line. Pulling
    # a character down from the first line letter-spaces it; the second line
    # takes 力。 in instead, its two commas giving up their blank halves and its
    # gaps closing by less than 0.04 em
    text = "中" * 11 + "中中中，中中中，中中中中中" + "力。"
    par = par_of(test_fonts, text)
    lines = set_paragraph(par, MEASURE)
    assert [l.text for l in lines] == ["中" * 11, "中中中，中中中，中中中中中力。"]
    assert lines[1].last and lines[1].shrink > 0
    assert_within_limits(lines)


def test_when_nothing_can_help_a_few_lines_are_a_little_loose_not_one_gaping(test_fonts):
    # a number too long to follow the characters before it: the lines before
    # give up a character each rather than one line spreading 4 em
    text = "中" * (11 + 13 * 3 + 9) + "1,234,567.89" + "中" * 20
    lines = set_paragraph(par_of(test_fonts, text), MEASURE)
    assert "".join(l.text for l in lines) == text
    assert max(l.max_gap for l in lines) <= 0.1 * SIZE


# -- 5. unbreakable runs: word spaces and hyphens take the slack -------------------------

def test_word_spaces_widen_before_the_han_gaps_open(test_fonts):
    # a line ending in a Latin title, 0.8 em short: its three word spaces widen
    # to ½ em (¾ em in all), its Han–Latin space takes the rest; no character
    # gap opens
    measure = 13.8 * SIZE
    par = par_of(test_fonts, "据报道称The New York Times中中中中中中中中中中中中", indent_em=0,
                 han_latin_gap_em=0.125)
    line, _ = compose_line(par, 0, measure)
    assert line.text == "据报道称TheNewYorkTimes"
    fit = fit_line(par, candidate_line(par, 0, 21, measure, True), measure, True)
    assert fit.spaces == pytest.approx(0.75 * SIZE, abs=EXACT)
    assert fit.hl == pytest.approx(0.05 * SIZE, abs=EXACT)
    assert fit.spread == 0 and line.max_gap == 0


def test_a_hyphenated_unit_breaks_after_its_hyphen_rather_than_letter_space(test_fonts):
    # 10 characters and the number do not fit a line: sent down whole it would
    # leave 3 em over 9 gaps; it breaks after its hyphen instead (with the
    # eighth-em Han–Latin space, which may widen to a third, to take the rest)
    text = "中" * 10 + "0373-1234567" + "中" * 20
    lines = set_paragraph(par_of(test_fonts, text, indent_em=0, han_latin_gap_em=0.125), MEASURE)
    assert lines[0].text.endswith("0373-") and lines[1].text.startswith("1234567")
    assert_within_limits(lines)


# -- numbers, datelines and names stay together ------------------------------------------

@pytest.mark.parametrize("unit", ["8.02亿元", "11月6日"])
def test_a_number_keeps_its_unit(test_fonts, unit):
    # the line would break naturally inside the number and its unit (8.02亿｜元,
    # 11月6｜日); it takes them in whole, its comma giving way
    text = "中" * 9 + "，" + unit + "中" * 20
    lines = set_paragraph(par_of(test_fonts, text, indent_em=0), MEASURE)
    assert any(unit in l.text for l in lines), [l.text for l in lines]
    assert_within_limits(lines)


def test_a_dateline_and_the_names_in_it_stay_on_one_line(test_fonts):
    # 本报平壤10月12日电（记者 黄发红）: breaking inside it costs KEEP_COST, so
    # the paragraph breaks elsewhere when it can
    lead = "本报平壤10月12日电（记者 黄发红）"
    runs = [Run(lead, "lead", SIZE, keep=True), Run("\u3000", "body", SIZE),
            Run("中" * 40 + "。", "body", SIZE)]
    par = par_of(test_fonts, "", runs=runs)
    lines = set_paragraph(par, 20 * SIZE)
    assert lead.replace(" ", "") in lines[0].text
    assert_within_limits(lines)


def test_a_dateline_longer_than_the_first_line_breaks_between_its_phrases(test_fonts):
    # 19 characters do not fit the 11 em after the indent: the dateline breaks
    # between 记者 and the name (or before its parenthesis), never 记｜者 or 黄发｜红
    lead = "本报平壤10月12日电（记者 黄发红）"
    runs = [Run(lead, "lead", SIZE, keep=True), Run("\u3000", "body", SIZE),
            Run("中" * 40 + "。", "body", SIZE)]
    lines = set_paragraph(par_of(test_fonts, "", runs=runs), MEASURE)
    first = lines[0].text
    assert first.endswith("记者") or first.endswith("电"), [l.text for l in lines]
    assert_within_limits(lines)


def test_a_space_typed_between_names_is_a_fixed_half_em(test_fonts):
    # （记者 王晓 通讯员 李明）: each space is set half an em (二分空), never
    # stretched or squeezed, so the line's spacing goes to its other gaps
    par = par_of(test_fonts, "", indent_em=0, runs=[
        Run("中" * 4, "body", SIZE), Run("（记者 王晓 通讯员 李明）", "byline", SIZE, glued=True)])
    spaces = [p for p in par.pieces if p.kind.value == "space"]
    assert [p.width for p in spaces] == [SIZE / 2] * 3
    assert all(p.tight and p.space_stretch == 0 and p.squeeze_inside == 0 for p in spaces)
    line, _ = set_line(par, 0, len(par.pieces) - 1, 18 * SIZE, True)
    xs = [g.x for g in line.glyphs]
    text = line.text
    gap = xs[text.index("王")] - xs[text.index("者")]
    assert gap == pytest.approx(1.5 * SIZE, abs=EXACT)


def test_latin_words_keep_their_word_spaces(test_fonts):
    par = par_of(test_fonts, "The New York", indent_em=0)
    spaces = [p for p in par.pieces if p.kind.value == "space"]
    assert spaces and all(not p.tight and p.space_stretch > 0 for p in spaces)


# -- the first line of a paragraph ---------------------------------------------------------

def test_a_first_line_nothing_earlier_can_help_takes_its_opening_quote_along(test_fonts):
    # 老旧小区改造是在居民“家: the quote may not end the line; pushing 民 out
    # spreads an em over 9 gaps. Taken in, the quote gives its blank half, the
    # 11 gaps close by 0.04 em, and the line starts a sixteenth of an em inside
    # its indent (INDENT_GIVE_EM)
    par = par_of(test_fonts, "老旧小区改造是在居民“家门口”施工，难免给生活带来不便。")
    lines = set_paragraph(par, MEASURE)
    assert lines[0].text == "老旧小区改造是在居民“家"
    assert_within_limits(lines)
    assert lines[0].glyphs[0].x == pytest.approx(2 * SIZE - 0.06 * SIZE, abs=0.005 * SIZE)
