"""The paragraph breaker chooses all of a paragraph's breaks at once (set in
the test font, the `test_fonts` fixture)."""
from __future__ import annotations

import pytest

from layout.compose.line_breaker import Run, compose_paragraph, prepare, set_line
from layout.compose.paragraph_breaker import break_paragraph, line_breaks

SIZE = 9.0


def par_of(fonts, text, indent=2):
    return prepare([Run(text, "body", SIZE)], fonts, indent_em=indent)


def lines_of(par, breaks, measure):
    out = []
    start = 0
    for br in breaks:
        line, start = set_line(par, start, br.end, measure, start == 0, None, br.adjust)
        out.append(line)
    return out


def test_same_lines_as_greedy_when_nothing_is_hard(test_fonts):
    text = "近年来面对招商引资工作新形势新挑战新任务高新区积极挖掘自身优势与潜力坚定不移地拼经济招项目扩投资" * 2
    par = par_of(test_fonts, text)
    greedy = [l.text for l in compose_paragraph(par, 13 * SIZE)]
    whole = [l.text for l in lines_of(par, break_paragraph(par, (13 * SIZE,)), 13 * SIZE)]
    assert whole == greedy


def test_push_in_is_cheaper_than_push_out(test_fonts):
    par = par_of(test_fonts, "中中中，中中中中中中中中中。中中中", indent=0)
    options = {b.adjust: b for b in line_breaks(par, 0, 13 * SIZE, True)}
    assert options["push-in"].cost < options["push-out"].cost
    first = break_paragraph(par, (13 * SIZE,))[0]
    assert first.adjust == "push-in"


def test_earlier_lines_give_way_to_a_long_number(test_fonts):
    # greedy: the number cannot follow "全市实现地区生产总值" and that line gapes;
    # the whole paragraph: the lines before end a character early, evenly
    text = "中" * (11 + 13 * 3 + 9) + "1,234,567.89" + "中" * 20
    par = par_of(test_fonts, text)
    greedy = compose_paragraph(par, 13 * SIZE)
    whole = lines_of(par, break_paragraph(par, (13 * SIZE,)), 13 * SIZE)
    worst_greedy = max(l.max_gap for l in greedy)
    worst_whole = max(l.max_gap for l in whole)
    assert worst_greedy > 0.25 * SIZE
    assert worst_whole <= 0.1 * SIZE + 1e-6   # a few lines a little loose, none gaping
    assert "".join(l.text for l in whole) == text


def test_a_lone_last_character_costs_more_than_spacing(test_fonts):
    text = "中" * 24 + "力。"
    par = par_of(test_fonts, text)
    assert compose_paragraph(par, 13 * SIZE)[-1].text == "力。"    # greedy
    lines = lines_of(par, break_paragraph(par, (13 * SIZE,)), 13 * SIZE)
    assert len(lines[-1].text.rstrip("。")) >= 2
    assert all(l.max_gap <= 0.15 * SIZE + 1e-6 for l in lines)


def test_bias_asks_for_a_line_more_or_less(test_fonts):
    # fewer: a short last line squeezed into the lines above (their commas give way)
    par = par_of(test_fonts, "中中，" * 14)
    assert len(break_paragraph(par, (13 * SIZE,))) == 4
    assert len(break_paragraph(par, (13 * SIZE,), bias=25.0)) == 3
    # more: four lines would each give a character to the last, which then
    # overflows; but a line of 12 Han in 13 em is letter-spaced: a small bias
    # never buys a line at that price, only a huge one does
    par = par_of(test_fonts, "中" * 60)
    natural = break_paragraph(par, (13 * SIZE,))
    assert len(break_paragraph(par, (13 * SIZE,), bias=-25.0)) == len(natural)
    more = break_paragraph(par, (13 * SIZE,), bias=-25000.0)
    assert len(more) == len(natural) + 1
    assert all(b.adjust in ("pull-down", "natural") for b in more)


def test_each_line_has_its_own_measure(test_fonts):
    par = par_of(test_fonts, "中" * 60)
    breaks = break_paragraph(par, (13 * SIZE, 13 * SIZE, 8 * SIZE))
    lines = lines_of(par, [breaks[0]], 13 * SIZE)
    assert len(lines[0].text) == 11            # 13 em less the indent
    assert breaks[1].end - breaks[0].end == 13
    assert breaks[2].end - breaks[1].end == 8  # from the third line on, 8 em


@pytest.mark.parametrize("measure_em", [8, 13, 20])
def test_no_text_lost(test_fonts, measure_em):
    text = "“这是‘引号’里的引号，”他说：“好！”（括号）、《书名》——破折号……省略号。" * 3
    par = par_of(test_fonts, text)
    lines = lines_of(par, break_paragraph(par, (measure_em * SIZE,)), measure_em * SIZE)
    assert "".join(l.text for l in lines) == text
    assert lines[-1].last and not any(l.last for l in lines[:-1])
