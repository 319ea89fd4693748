"""The headline block: fitting the main line to the ladder and the module's
width, and stacking kicker, main, deck and author on the body grid."""
from __future__ import annotations

import pytest

from layout.headline import SIZE_LADDER, build_headline, fit_main, size_cap
from layout.linebreak import Run, natural_width, prepare
from layout.model import Article
from layout.style import BASELINE_RATIO

DESCENT = 1.0 - BASELINE_RATIO          # the em box reaches 0.12 em below the baseline
TOL = 0.01

TWO_PHRASES = "高新区满弓紧弦铆足劲 聚力攻坚后半程"
SHORT = "满弓紧弦"
LONG_ONE_WORD = "新乡市召开全市经济工作会议部署明年重点任务并强调要坚定信心"
THREE_PHRASES = "护航秋粮颗粒归仓 助力农民增收致富 服务乡村全面振兴"


def width_of(text: str, size: float, fonts, role: str = "headline") -> float:
    return natural_width(prepare([Run(text, role, size)], fonts, indent_em=0))


def article(headline, **fields) -> Article:
    if isinstance(headline, str):
        headline = (headline,)
    return Article("t", "t.md", headline, **fields)


# -- size_cap ------------------------------------------------------------------------

def test_size_cap_grows_with_the_module():
    caps = [size_cap(c) for c in range(1, 9)]
    assert caps[:4] == [18, 22, 26, 30]
    assert caps == sorted(caps)
    assert all(c in SIZE_LADDER for c in caps)
    assert size_cap(8) == 36


# -- fit_main ----------------------------------------------------------------------

@pytest.mark.parametrize("columns", range(2, 9))
@pytest.mark.parametrize("text", [TWO_PHRASES, SHORT, LONG_ONE_WORD, THREE_PHRASES])
def test_fit_main_size_from_ladder_under_cap_and_lines_fit(fonts, style, text, columns):
    width = style.span_width(columns) - 2 * style.em
    lines, size, fits = fit_main((text,), width, columns, fonts)
    assert fits
    assert size in SIZE_LADDER
    assert size <= size_cap(columns)
    assert 1 <= len(lines) <= 3
    for line in lines:
        assert width_of(line, size, fonts) <= width + TOL, (line, size)
    # nothing lost: the words come back in order (spaces become em spaces)
    assert "".join(lines).replace("\u3000", "") == text.replace(" ", "")


@pytest.mark.parametrize("text", [SHORT, "聚力攻坚 后半程"])
def test_fit_main_one_column(fonts, style, text):
    width = style.span_width(1) - 2 * style.em
    lines, size, fits = fit_main((text,), width, 1, fonts)
    assert fits
    assert size <= 18
    assert all(width_of(l, size, fonts) <= width + TOL for l in lines)


def test_short_headline_gets_the_cap_on_one_line(fonts, style):
    for columns in range(1, 9):
        lines, size, fits = fit_main((SHORT,), style.span_width(columns) - 2 * style.em, columns, fonts)
        assert fits
        assert lines == (SHORT,)
        assert size == size_cap(columns)


def test_size_is_the_largest_that_fits_on_one_line(fonts, style):
    columns = 5
    width = style.span_width(columns) - 2 * style.em
    lines, size, fits = fit_main((TWO_PHRASES,), width, columns, fonts)
    assert fits
    assert len(lines) == 1
    bigger = [s for s in SIZE_LADDER if size < s <= size_cap(columns)]
    for s in bigger:      # every larger size allowed by the cap overflows one line
        assert width_of(lines[0], s, fonts) > width


def test_long_headline_splits_at_a_space(fonts, style):
    columns = 3
    width = style.span_width(columns) - 2 * style.em
    one_line = TWO_PHRASES.replace(" ", "\u3000")
    # it cannot stand on one line at any ladder size down to 72 % of the cap
    for s in SIZE_LADDER:
        if 0.72 * size_cap(columns) <= s <= size_cap(columns):
            assert width_of(one_line, s, fonts) > width
    lines, size, fits = fit_main((TWO_PHRASES,), width, columns, fonts)
    assert fits
    assert lines == ("高新区满弓紧弦铆足劲", "聚力攻坚后半程")
    assert all(width_of(l, size, fonts) <= width + TOL for l in lines)
    assert size >= 0.72 * size_cap(columns)


def test_split_is_balanced_among_spaces(fonts, style):
    columns = 3
    width = style.span_width(columns) - 2 * style.em
    lines, size, fits = fit_main((THREE_PHRASES,), width, columns, fonts)
    assert fits
    assert len(lines) == 2
    # every line boundary falls at one of the spaces
    words = THREE_PHRASES.split()
    assert [l.split("\u3000") for l in lines] in ([words[:1], words[1:]], [words[:2], words[2:]])
    widths = [width_of(l, size, fonts) for l in lines]
    assert all(w <= width + TOL for w in widths)


def test_explicit_lines_are_kept(fonts, style):
    lines, size, _fits = fit_main(("高新区满弓紧弦", "聚力攻坚后半程"), style.span_width(4) - 2 * style.em,
                           4, fonts)
    assert lines == ("高新区满弓紧弦", "聚力攻坚后半程")
    assert size == size_cap(4)


def test_fixed_size_is_used(fonts, style):
    lines, size, _fits = fit_main((TWO_PHRASES,), style.span_width(6) - 2 * style.em, 6, fonts,
                           fixed_size=24)
    assert size == 24
    assert "".join(lines).replace("\u3000", "") == TWO_PHRASES.replace(" ", "")


# -- build_headline -------------------------------------------------------------------

FULL = dict(kicker="招商引资 项目为先", deck="累计开展“四个遍访”223次", author="本报记者 高创")


@pytest.mark.parametrize("columns", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("fields", [{}, FULL, {"kicker": "引题"}, {"deck": "副题 说明"}],
                         ids=["main", "full", "kicker", "deck"])
def test_block_covers_its_lines_on_the_grid(fonts, style, columns, fields):
    text = SHORT if columns == 1 else TWO_PHRASES
    width = style.span_width(columns)
    block = build_headline(article(text, **fields), width, columns, style, fonts)
    assert block.grid_lines >= 1
    height = block.grid_lines * style.pitch
    baselines = [l.baseline for l in block.lines]
    assert baselines == sorted(baselines)
    first, last = block.lines[0], block.lines[-1]
    first_size = first.line.glyphs[0].size
    last_size = last.line.glyphs[0].size
    assert first.baseline - BASELINE_RATIO * first_size >= -TOL          # top inside the block
    assert last.baseline + DESCENT * last_size <= height + TOL           # bottom inside the block
    # consecutive lines do not overlap
    for a, b in zip(block.lines, block.lines[1:]):
        sa, sb = a.line.glyphs[0].size, b.line.glyphs[0].size
        assert a.baseline + DESCENT * sa <= b.baseline - BASELINE_RATIO * sb + TOL
    # the block is not taller than it needs to be (one line of slack at most)
    assert (block.grid_lines - 2) * style.pitch < last.baseline + DESCENT * last_size


@pytest.mark.parametrize("columns", [2, 3, 5, 8])
def test_kicker_and_deck_are_smaller_than_the_main_line(fonts, style, columns):
    block = build_headline(article(TWO_PHRASES, **FULL), style.span_width(columns), columns,
                           style, fonts)
    kinds = [l.kind for l in block.lines]
    assert kinds[0] == "kicker" and kinds[-2:] == ["deck", "author"]
    assert "headline" in kinds
    sizes = {l.kind: l.line.glyphs[0].size for l in block.lines}
    main = block.main_size
    assert sizes["headline"] == main
    assert sizes["kicker"] < main
    assert sizes["deck"] < main
    assert sizes["author"] < main
    assert main <= size_cap(columns)


@pytest.mark.parametrize("columns", [2, 3, 5])
def test_block_lines_are_centred_within_the_width(fonts, style, columns):
    width = style.span_width(columns)
    block = build_headline(article(TWO_PHRASES, **FULL), width, columns, style, fonts)
    for hl in block.lines:
        g0 = hl.line.glyphs[0]
        left = g0.x
        right_edge = hl.line.width          # the set width of the centred line
        assert right_edge >= width_of(hl.line.text, g0.size, fonts, _role(hl.kind)) - TOL
        # glyphs stay inside the module
        assert left >= -TOL
        assert left + right_edge <= width + TOL
        # centred: the same room on both sides
        assert left == pytest.approx((width - right_edge) / 2, abs=0.6), hl.line.text


def _role(kind: str) -> str:
    return {"kicker": "kicker", "headline": "headline", "deck": "deck", "author": "author"}[kind]


def test_main_size_matches_fit_main(fonts, style):
    columns = 3
    width = style.span_width(columns)
    block = build_headline(article(TWO_PHRASES), width, columns, style, fonts)
    lines, size, fits = fit_main((TWO_PHRASES,), width - 2 * style.em, columns, fonts)
    assert fits
    assert block.main_size == size
    assert tuple(l.line.text for l in block.lines) == lines


def test_fixed_headline_size_from_the_edition(fonts, style):
    block = build_headline(article(TWO_PHRASES), style.span_width(5), 5, style, fonts,
                           fixed_size=42)
    assert block.main_size == 42
    assert all(l.line.glyphs[0].size == 42 for l in block.lines)


def test_long_kicker_steps_down_until_it_fits(fonts, style):
    columns = 2
    width = style.span_width(columns)
    kicker = "围绕三产十链组建专班挂图作战先后引进一批重点项目"
    block = build_headline(article(SHORT, kicker=kicker), width, columns, style, fonts)
    k = next(l for l in block.lines if l.kind == "kicker")
    size = k.line.glyphs[0].size
    assert width_of(kicker, size, fonts, role="kicker") <= width - 2 * style.em + TOL
    assert size >= style.body_size


def test_headline_that_needs_three_lines_gets_three(fonts, style):
    # A one-column module takes 2–3 headline lines (reference §3.3). Three
    # 8-character phrases fit one column (99 pt) at 12 pt, one per line; two
    # lines cannot fit at any ladder size (17 characters at 10.5 pt = 178 pt).
    width = style.span_width(1) - 2 * style.em
    lines, size, fits = fit_main((THREE_PHRASES,), width, 1, fonts)
    assert fits
    assert size in SIZE_LADDER and size <= size_cap(1)
    for line in lines:
        assert width_of(line, size, fonts) <= width + TOL, (lines, size)
    assert "".join(lines).replace("\u3000", "") == THREE_PHRASES.replace(" ", "")


def test_headline_block_never_overhangs_its_module_when_a_fit_exists(fonts, style):
    width = style.span_width(1)
    block = build_headline(article(THREE_PHRASES), width, 1, style, fonts)
    for hl in block.lines:
        g0 = hl.line.glyphs[0]
        assert g0.x >= -TOL, hl.line.text
        assert g0.x + hl.line.width <= width + TOL, hl.line.text
