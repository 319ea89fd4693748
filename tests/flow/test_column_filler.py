"""The column filler's paragraph rules: no lone last character (孤字), no last
line alone at a column top (寡行), no subhead at a column foot (背题). Set in
the test font (the `test_fonts` fixture)."""
from __future__ import annotations

import pytest

from layout.flow.column_filler import FlowBlock, Region, balanced_fill, content_chars, fill
from layout.compose.line_breaker import CENTER, JUSTIFY, Run, prepare

SIZE = 9.0


def para(fonts, text, index=0, indent=2):
    return FlowBlock("para", prepare([Run(text, "body", SIZE)], fonts, indent_em=indent, align=JUSTIFY), index)


def regions(*heights, chars=13):
    out = []
    for i, h in enumerate(heights):
        out.append(Region(i, i * (chars + 1) * SIZE, chars * SIZE, 1, h))
    return out


def lines_of(result, block):
    return [p for p in result.placed if p.block == block]


def test_a_lone_last_character_is_pulled_down(test_fonts):
    # 2 + 11 + 13 characters, then one more: its natural last line is "力。"
    text = "中" * 24 + "努力。"
    result = fill([para(test_fonts, text)], regions(10))
    lines = lines_of(result, 0)
    assert content_chars(lines[-1].line) >= 2, [p.line.text for p in lines]
    assert "".join(p.line.text for p in lines) == text
    for p in lines[:-1]:
        assert p.line.width == pytest.approx(p.line.measure - (2 * SIZE if p is lines[0] else 0), abs=0.01)
        assert p.line.max_gap <= 0.25 * SIZE + 1e-6
    assert not result.orphans


def test_a_lone_last_character_is_taken_in_by_squeezing_punctuation(test_fonts):
    # the second line has three commas to squeeze: "力。" (1.5 em) goes back up
    text = "中" * 13 + "中，中，中，中中中中中中中" + "力。"
    result = fill([para(test_fonts, text, indent=0)], regions(10))
    lines = lines_of(result, 0)
    assert [p.line.text for p in lines] == ["中" * 13, "中，中，中，中中中中中中中力。"]
    assert lines[1].line.adjust == "last" and lines[1].line.width <= 13 * SIZE + 0.01
    # ... and every comma gave up its blank half
    assert lines[1].line.glyphs[-1].x == pytest.approx(12.5 * SIZE, abs=0.01)  # 。 ends at 13 em


def test_min_last_line_setting_is_honoured(test_fonts):
    text = "中" * 24 + "中中努力。"
    result = fill([para(test_fonts, text)], regions(10), min_last=4)
    assert content_chars(lines_of(result, 0)[-1].line) >= 4


def test_a_widow_at_a_column_top_is_avoided(test_fonts):
    # paragraph 0 has 4 lines; column 1 holds 3: its last line would open column 2
    first = "中" * 11 + "中" * 13 * 2 + "中" * 6 + "。"
    second = "中" * 40
    result = fill([para(test_fonts, first, 0), para(test_fonts, second, 1)], regions(3, 10))
    assert not result.widows
    col2 = [p for p in result.placed if p.region == 1]
    top = min(col2, key=lambda p: p.grid_line)
    p0 = lines_of(result, 0)
    assert not (top.block == 0 and top.line.last and len(p0) > 1 and p0[0].region == 0)


def test_an_unavoidable_widow_is_reported(test_fonts):
    # four-character columns: pulling a character down would open half-em gaps,
    # there is nothing to squeeze, and one line cannot be moved over
    blocks = [para(test_fonts, "中" * 6, 0, indent=0)]
    result = fill(blocks, regions(1, 5, chars=4))
    assert [w.block for w in result.widows] == [0]


def test_no_subhead_at_a_column_foot(test_fonts):
    head = FlowBlock("subhead", prepare([Run("小标题", "subhead", SIZE)], test_fonts, indent_em=0,
                                        align=CENTER), 1)
    blocks = [para(test_fonts, "中" * 11 + "中" * 13 * 3, 0), head, para(test_fonts, "中" * 60, 2)]
    result = fill(blocks, regions(6, 10))
    sub = next(p for p in result.placed if p.kind == "subhead")
    after = [p for p in result.placed if p.region == sub.region and p.grid_line > sub.grid_line]
    assert len(after) >= 2


def test_a_subhead_that_ends_the_article_is_set_where_it_fits(test_fonts):
    """Nothing follows it, so it needs no body lines under it: with the blank
    line above it, it takes the last two lines of the column."""
    head = FlowBlock("subhead", prepare([Run("末尾小标题", "subhead", SIZE)], test_fonts, indent_em=0,
                                        align=CENTER), 1)
    blocks = [para(test_fonts, "中" * 11 + "中" * 13 * 3, 0), head]
    result = fill(blocks, regions(6))
    assert result.overset_lines == 0
    sub = next(p for p in result.placed if p.kind == "subhead")
    assert (sub.region, sub.grid_line) == (0, 6)
    assert balanced_fill(blocks, regions(6, 6)).overset_lines == 0


def test_balanced_columns_keep_the_paragraph_rules(test_fonts):
    text = "中" * 100 + "努力。"
    result = balanced_fill([para(test_fonts, text)], regions(20, 20, 20))
    assert not result.orphans and not result.widows
    counts = [sum(1 for p in result.placed if p.region == r) for r in range(3)]
    assert max(counts) - min(c for c in counts if c) <= 1


@pytest.mark.parametrize("chars", [8, 9, 11, 13])
def test_a_subhead_keeps_its_number_with_its_unit_and_never_leaves_one_character(test_fonts, chars):
    # 全市新增普惠托育托位800个 broken first fit at 13 em left 个 alone on a line
    # (托位800｜个); the subhead is broken as a whole: no line of one character,
    # no number parted from its unit
    text = "全市新增普惠托育托位800个"
    sub = FlowBlock("subhead", prepare([Run(text, "subhead", SIZE)], test_fonts, indent_em=0,
                                       align=CENTER), 0)
    result = fill([sub, para(test_fonts, "中" * 60, index=1)], regions(20, chars=chars))
    lines = [p.line.text for p in lines_of(result, 0)]
    assert "".join(lines) == text
    assert all(content_chars(p.line) >= 2 for p in lines_of(result, 0)), lines
    assert any("800个" in line for line in lines), lines
