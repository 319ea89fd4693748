"""The headline block: fitting the main line to the ladder and the module's
width (size, condensing and expanding, phrase breaks), headline punctuation,
and stacking kicker, main, deck and author on the body grid. Set in the test
font (the `test_fonts` fixture)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hst

from layout.compose.charclass import NO_LINE_END, NO_LINE_START, OPENING, Kind, kind_of
from layout.compose.headline import (SIZE_LADDER, Typesetter, break_options, build_headline, choose_main,
                             fit_main, size_cap, sub_size)
from layout.compose.line_breaker import Run, natural_width, prepare
from layout.spec.model import Article
from layout.spec.page_style import BASELINE_RATIO, PageStyle

DESCENT = 1.0 - BASELINE_RATIO          # the em box reaches 0.12 em below the baseline
TOL = 0.01

TWO_PHRASES = "高新区满弓紧弦铆足劲 聚力攻坚后半程"
SHORT = "满弓紧弦"
LONG_ONE_WORD = "新乡市召开全市经济工作会议部署明年重点任务并强调要坚定信心"
THREE_PHRASES = "护航秋粮颗粒归仓 助力农民增收致富 服务乡村全面振兴"
ONE_PHRASE = "高新区满弓紧弦铆足劲聚力攻坚"      # 14 characters, nowhere to break at a phrase
QUOTES = "高新区推动“两重”“两新”工作见实效"
COMMA = "坚持稳字当头稳中求进，推动高质量发展取得新成效"
TEXTS = [TWO_PHRASES, SHORT, LONG_ONE_WORD, THREE_PHRASES, ONE_PHRASE, QUOTES, COMMA,
         "“无事不扰”应为涉企检查常态", "2024年中国国际进口博览会开幕 5G应用成亮点"]


def width_of(text: str, size: float, fonts, role: str = "headline") -> float:
    return natural_width(prepare([Run(text, role, size)], fonts, indent_em=0))


def set_width(text: str, size: float, fonts, hscale: float = 1.0, role: str = "headline") -> float:
    """Width of a headline line as the headline setter sets it."""
    return Typesetter(fonts).width(text, role, size, hscale)


def article(headline, **fields) -> Article:
    if isinstance(headline, str):
        headline = (headline,)
    return Article("t", "t.md", headline, **fields)


def inner(style: PageStyle, columns: int) -> float:
    """The width a headline may fill: the module less a one-em margin each side."""
    return style.span_width(columns) - 2 * style.em


def plain(lines) -> str:
    return "".join(lines).replace("\u3000", "").replace(" ", "")


# -- size_cap ------------------------------------------------------------------------

def test_size_cap_grows_with_the_module():
    caps = [size_cap(c) for c in range(1, 9)]
    assert caps[:4] == [18, 22, 26, 30]
    assert caps == sorted(caps)
    assert all(c in SIZE_LADDER for c in caps)
    assert size_cap(8) == 36


# -- fitting: size, lines, scale -----------------------------------------------------

@pytest.mark.parametrize("columns", range(1, 9))
@pytest.mark.parametrize("text", TEXTS)
def test_fit_size_from_ladder_scale_within_limits_and_lines_fit(test_fonts, style, text, columns):
    width = inner(style, columns)
    fit = choose_main((text,), width, columns, test_fonts, condense=style.typesetting.headline_condense,
                      expand=style.typesetting.headline_expand)
    assert fit.fits
    assert fit.size in SIZE_LADDER and fit.size <= size_cap(columns)
    assert 1 <= len(fit.lines) <= 3
    assert style.typesetting.headline_condense - 1e-9 <= fit.hscale <= style.typesetting.headline_expand + 1e-9
    if len(fit.lines) > 1:
        assert fit.hscale <= 1.0              # only a one-line headline is expanded
    for line in fit.lines:
        assert set_width(line, fit.size, test_fonts, fit.hscale) <= width + TOL, (line, fit)
    # nothing lost: the words come back in order (spaces become em spaces)
    assert plain(fit.lines) == text.replace(" ", "")
    # fit_main gives the same choice in its old shape
    assert fit_main((text,), width, columns, test_fonts) == (fit.lines, fit.size, fit.fits)


@pytest.mark.parametrize("columns", range(1, 9))
@pytest.mark.parametrize("text", TEXTS)
def test_a_one_line_headline_fills_its_width_or_is_expanded_to_the_limit(test_fonts, style, text, columns):
    width = inner(style, columns)
    fit = choose_main((text,), width, columns, test_fonts)
    if len(fit.lines) != 1:
        return
    set_w = set_width(fit.lines[0], fit.size, test_fonts, fit.hscale)
    if fit.hscale < style.typesetting.headline_expand - 1e-9:
        assert set_w == pytest.approx(width, abs=0.05)
    else:
        assert set_w <= width + TOL


def test_short_headline_gets_the_cap_on_one_line_expanded(test_fonts, style):
    for columns in range(1, 9):
        fit = choose_main((SHORT,), inner(style, columns), columns, test_fonts)
        assert fit.fits
        assert fit.lines == (SHORT,)
        assert fit.size == size_cap(columns)
        assert fit.hscale == pytest.approx(style.typesetting.headline_expand)   # 扁体, then centred


def test_a_headline_just_too_wide_is_condensed_not_shrunk_or_broken(test_fonts, style):
    columns = 3
    width = inner(style, columns)                       # 351 pt
    natural = set_width(ONE_PHRASE, size_cap(columns), test_fonts)
    assert natural == 14 * 26 > width                   # 364 pt
    fit = choose_main((ONE_PHRASE,), width, columns, test_fonts)
    assert fit.lines == (ONE_PHRASE,)
    assert fit.size == size_cap(columns)
    assert fit.hscale == pytest.approx(width / natural)
    assert fit.hscale < 1.0


def test_a_slightly_long_two_phrase_headline_stays_on_one_line(test_fonts, style):
    # 5 columns: 18 em at 36 pt is 648 pt for 603: 93 %, condensed on one line
    # rather than broken or shrunk by a step.
    fit = choose_main((TWO_PHRASES,), inner(style, 5), 5, test_fonts)
    assert len(fit.lines) == 1
    assert fit.size == 36
    assert 0.9 <= fit.hscale < 1.0


def test_heavy_condensing_gives_way_to_a_phrase_break(test_fonts, style):
    text = "高新区满弓紧弦 铆足劲聚力攻坚"
    width = 0.85 * set_width(ONE_PHRASE, 36, test_fonts)    # one line would need 85 %
    fit = choose_main((text,), width, 5, test_fonts, fixed_size=36)
    assert fit.lines == ("高新区满弓紧弦", "铆足劲聚力攻坚")
    assert fit.hscale == 1.0


def test_heavy_condensing_comes_before_a_break_inside_a_phrase(test_fonts, style):
    width = 0.85 * set_width(ONE_PHRASE, 36, test_fonts)
    fit = choose_main((ONE_PHRASE,), width, 5, test_fonts, fixed_size=36)
    assert fit.lines == (ONE_PHRASE,)
    assert fit.hscale == pytest.approx(0.85)


def test_a_long_two_phrase_headline_breaks_between_its_phrases(test_fonts, style):
    # 2 columns: one line would be far under the cap, so it breaks at the space.
    columns = 2
    width = inner(style, columns)
    fit = choose_main((TWO_PHRASES,), width, columns, test_fonts)
    assert fit.lines == ("高新区满弓紧弦铆足劲", "聚力攻坚后半程")
    assert fit.size == size_cap(columns)


def test_split_is_balanced_among_spaces(test_fonts, style):
    columns = 4
    width = inner(style, columns)
    fit = choose_main((THREE_PHRASES,), width, columns, test_fonts)
    assert len(fit.lines) == 2
    words = THREE_PHRASES.split()
    assert [l.split("\u3000") for l in fit.lines] in ([words[:1], words[1:]], [words[:2], words[2:]])


def test_breaks_after_a_comma_or_between_quotes(test_fonts, style):
    fit = choose_main((COMMA,), inner(style, 3), 3, test_fonts)
    assert fit.lines == ("坚持稳字当头稳中求进，", "推动高质量发展取得新成效")
    fit = choose_main((QUOTES,), inner(style, 2), 2, test_fonts)
    assert fit.lines == ("高新区推动“两重”", "“两新”工作见实效")


def test_a_phrase_is_broken_between_characters_only_when_nothing_else_fits(test_fonts, style):
    fit = choose_main((LONG_ONE_WORD,), inner(style, 3), 3, test_fonts)
    assert len(fit.lines) == 2
    assert plain(fit.lines) == LONG_ONE_WORD
    lengths = [len(l) for l in fit.lines]
    assert abs(lengths[0] - lengths[1]) <= 3          # near-balanced cut


def test_a_latin_word_or_number_is_never_cut(test_fonts, style):
    text = "2024年中国国际进口博览会开幕 5G应用成亮点"
    for columns in (1, 2, 3):
        fit = choose_main((text,), inner(style, columns), columns, test_fonts)
        for a, b in zip(fit.lines, fit.lines[1:]):
            assert not (kind_of(a[-1]) is Kind.LATIN and kind_of(b[0]) is Kind.LATIN), fit.lines


def test_no_line_of_a_single_character(test_fonts, style):
    fit = choose_main(("好 高新区满弓紧弦铆足劲聚力攻坚后半程",), inner(style, 2), 2, test_fonts)
    for line in fit.lines:
        assert sum(1 for ch in line if ch.isalnum()) >= 2, fit.lines


def test_a_final_full_stop_is_dropped(test_fonts, style):
    fit = choose_main(("高新区召开经济运行推进会。",), inner(style, 3), 3, test_fonts)
    assert plain(fit.lines) == "高新区召开经济运行推进会"
    block = build_headline(article("高新区召开经济运行推进会。", kicker="引题。", deck="副题说明。"),
                           style.span_width(3), 3, style, test_fonts)
    assert all("。" not in hl.line.text for hl in block.lines)


HAN = "高新区满弓紧弦铆足劲聚力攻坚后半程推动工作见实效经济运行"
MARKS = "，、：；！？“”（）《》"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(text="高高高高高高0 0高", columns=1)
@example(text="高高 ，高高高高高高0 0高", columns=1)
@given(text=hst.lists(hst.one_of(hst.sampled_from(HAN), hst.sampled_from(HAN), hst.sampled_from(HAN),
                                 hst.sampled_from(MARKS), hst.just(" "), hst.sampled_from("0123456789AB")),
                      min_size=2, max_size=30).map("".join),
       columns=hst.integers(1, 8))
def test_lines_obey_the_break_rules(test_fonts, style, text, columns):
    if sum(1 for ch in text if ch.isalnum()) < 2 or not text.strip():
        return
    fit = choose_main((text,), inner(style, columns), columns, test_fonts)
    assert plain(fit.lines) == text.replace(" ", "").rstrip("。")
    assert style.typesetting.headline_condense - 1e-9 <= fit.hscale <= style.typesetting.headline_expand + 1e-9
    if len(fit.lines) > 1:
        for line in fit.lines:
            assert sum(1 for ch in line if ch.isalnum()) >= 2, fit.lines
        # where the text had a space (a phrase break), two Latin words may part
        spaced, count = set(), 0
        for ch in text:
            if ch == " ":
                spaced.add(count)
            else:
                count += 1
        cut = 0
        for a, b in zip(fit.lines, fit.lines[1:]):
            cut += len(a.replace("\u3000", ""))   # a space inside a line is set as U+3000
            assert b[0] not in NO_LINE_START, fit.lines
            assert a[-1] not in NO_LINE_END, fit.lines
            assert cut in spaced or not (a[-1].isascii() and a[-1].isalnum()
                                         and b[0].isascii() and b[0].isalnum()), fit.lines


def test_explicit_lines_are_kept(test_fonts, style):
    lines, size, _fits = fit_main(("高新区满弓紧弦", "聚力攻坚后半程"), inner(style, 4), 4, test_fonts)
    assert lines == ("高新区满弓紧弦", "聚力攻坚后半程")
    assert size == size_cap(4)


def test_fixed_size_is_used(test_fonts, style):
    lines, size, _fits = fit_main((TWO_PHRASES,), inner(style, 6), 6, test_fonts, fixed_size=24)
    assert size == 24
    assert plain(lines) == TWO_PHRASES.replace(" ", "")


def test_headline_that_needs_three_lines_gets_three(test_fonts, style):
    # A one-column module takes 2–3 headline lines (reference §3.3). Three
    # 8-character phrases fit one column (99 pt) at 12 pt, one per line.
    width = inner(style, 1)
    fit = choose_main((THREE_PHRASES,), width, 1, test_fonts)
    assert fit.fits
    assert fit.lines == tuple(THREE_PHRASES.split())
    assert fit.size in SIZE_LADDER and fit.size <= size_cap(1)
    for line in fit.lines:
        assert set_width(line, fit.size, test_fonts, fit.hscale) <= width + TOL


def test_a_headline_too_long_for_any_size_is_reported(test_fonts, style):
    fit = choose_main((LONG_ONE_WORD * 3,), inner(style, 1), 1, test_fonts)
    assert not fit.fits
    assert fit.size == min(SIZE_LADDER)


# -- headline punctuation ------------------------------------------------------------

def test_adjacent_quotes_close_up_to_one_em(test_fonts):
    setter = Typesetter(test_fonts)
    line = setter.line(QUOTES, "headline", 20, 1.0, 400)
    chars = [g.ch for g in line.glyphs]
    i = chars.index("”")
    assert chars[i + 1] == "“"
    # ” and “ together take one em: the 两 after them starts one em after ”
    assert line.glyphs[i + 2].x - line.glyphs[i].x == pytest.approx(20.0)
    # 17 em in all, where the body setting (pairs at 1.5 em) takes 17.5 em
    assert line.width == pytest.approx(17 * 20)
    assert width_of(QUOTES, 20, test_fonts) == pytest.approx(17.5 * 20)


def test_opening_mark_at_line_start_and_closing_at_line_end_lose_their_blank(test_fonts):
    setter = Typesetter(test_fonts)
    measure = 400.0
    line = setter.line("“无事不扰”应为涉企检查常态", "headline", 20, 1.0, measure)
    assert line.width == pytest.approx(13.5 * 20)
    start = (measure - line.width) / 2
    # the trimmed “ draws from half an em left of the line start, its ink in
    # the first half em; 无 follows
    assert line.glyphs[0].ch == "“" and line.glyphs[0].x == pytest.approx(start - 10.0)
    assert line.glyphs[1].x == pytest.approx(start + 10.0)
    line = setter.line("应为涉企检查常态“无事不扰”", "headline", 20, 1.0, measure)
    assert line.width == pytest.approx(13.5 * 20)


def test_glyphs_carry_the_scale_and_scaled_positions(test_fonts, style):
    for columns, text in [(8, SHORT), (3, ONE_PHRASE)]:
        block = build_headline(article(text), style.span_width(columns), columns, style, test_fonts)
        h = block.hscale
        assert h != 1.0
        (main,) = [hl for hl in block.lines if hl.kind == "headline"]
        size = block.main_size
        for a, b in zip(main.line.glyphs, main.line.glyphs[1:]):
            assert a.hscale == pytest.approx(h)
            assert b.x - a.x == pytest.approx(size * h)      # Han advances, scaled
        assert main.line.width == pytest.approx(len(text) * size * h)
        assert main.line.width <= main.line.measure


# -- build_headline -------------------------------------------------------------------

FULL = dict(kicker="招商引资 项目为先", deck="累计开展“四个遍访”223次", author="本报记者 高创")


@pytest.mark.parametrize("columns", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("fields", [{}, FULL, {"kicker": "引题"}, {"deck": "副题 说明"}],
                         ids=["main", "full", "kicker", "deck"])
def test_block_covers_its_lines_on_the_grid(test_fonts, style, columns, fields):
    text = SHORT if columns == 1 else TWO_PHRASES
    width = style.span_width(columns)
    block = build_headline(article(text, **fields), width, columns, style, test_fonts)
    assert isinstance(block.grid_lines, int) and block.grid_lines >= 1
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


@pytest.mark.parametrize("columns", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("fixed", [None, 42, 16, 12, 10.5])
def test_kicker_and_deck_are_smaller_than_the_main_line(test_fonts, style, columns, fixed):
    block = build_headline(article(TWO_PHRASES if columns > 1 else SHORT, **FULL),
                           style.span_width(columns), columns, style, test_fonts, fixed_size=fixed)
    kinds = [l.kind for l in block.lines]
    assert kinds[0] == "kicker" and kinds[-2:] == ["deck", "author"]
    assert "headline" in kinds
    main = block.main_size
    for hl in block.lines:
        size = hl.line.glyphs[0].size
        if hl.kind == "headline":
            assert size == main
        elif hl.kind in ("kicker", "deck") or main > style.body_size + 1.5:
            assert size < main, (hl.kind, size, main)
        if hl.kind in ("kicker", "deck") and main > style.body_size + 1.5:
            assert size >= style.body_size + 1.5
    if fixed is None:
        assert main <= size_cap(columns)


def test_kicker_and_deck_are_about_half_the_main_size(style):
    for main in SIZE_LADDER:
        sub = sub_size(main, style)
        assert sub < main
        assert sub >= style.body_size + 1.5 or main <= style.body_size + 1.5
        if main * 0.5 >= style.body_size + 1.5:
            assert 0.45 <= sub / main <= 0.55, (main, sub)
    assert sub_size(42, style) == 20
    assert sub_size(36, style) == 18
    assert sub_size(9, style) < 9


@pytest.mark.parametrize("columns", [2, 3, 5])
def test_block_lines_are_centred_within_the_width(test_fonts, style, columns):
    width = style.span_width(columns)
    block = build_headline(article(TWO_PHRASES, **FULL), width, columns, style, test_fonts)
    for hl in block.lines:
        left = (width - hl.line.width) / 2
        assert hl.line.measure == width
        assert left >= style.em - TOL, hl.line.text       # inside the margin
        g0 = hl.line.glyphs[0]
        if g0.ch not in OPENING:
            assert g0.x == pytest.approx(left), hl.line.text


def test_main_size_matches_fit_main(test_fonts, style):
    columns = 3
    width = style.span_width(columns)
    block = build_headline(article(TWO_PHRASES), width, columns, style, test_fonts)
    lines, size, fits = fit_main((TWO_PHRASES,), width - 2 * style.em, columns, test_fonts)
    assert fits
    assert block.main_size == size
    assert tuple(l.line.text for l in block.lines) == lines


def test_fixed_headline_size_from_the_edition(test_fonts, style):
    block = build_headline(article(TWO_PHRASES), style.span_width(5), 5, style, test_fonts,
                           fixed_size=42)
    assert block.main_size == 42
    assert all(l.line.glyphs[0].size == 42 for l in block.lines)


@pytest.mark.parametrize("columns", [1, 2, 3])
def test_long_kicker_steps_down_and_condenses_until_it_fits(test_fonts, style, columns):
    width = style.span_width(columns)
    kicker = "围绕三产十链组建专班挂图作战先后引进一批重点项目"
    block = build_headline(article(SHORT, kicker=kicker), width, columns, style, test_fonts)
    ks = [l for l in block.lines if l.kind == "kicker"]
    assert plain(l.line.text for l in ks) == kicker
    for k in ks:
        g = k.line.glyphs
        size = g[0].size
        assert size >= style.body_size + 1.5 - TOL
        assert size < block.main_size
        assert style.typesetting.headline_condense - 1e-9 <= g[0].hscale <= 1.0
        assert k.line.width <= width - 2 * style.em + TOL
        assert g[0].x >= style.em - TOL and g[-1].x + size * g[-1].hscale <= width - style.em + TOL


def test_headline_block_never_overhangs_its_module_when_a_fit_exists(test_fonts, style):
    for columns, text in [(1, THREE_PHRASES), (2, LONG_ONE_WORD), (3, QUOTES)]:
        width = style.span_width(columns)
        block = build_headline(article(text, **FULL), width, columns, style, test_fonts)
        assert block.fits
        for hl in block.lines:
            left = (width - hl.line.width) / 2
            assert left >= style.em - TOL, hl.line.text


@pytest.mark.parametrize("text, unit", [("央视3·15晚会曝光多家企业", "3·15"),
                                        ("全市GDP增长5.2%领跑全省", "5.2%"),
                                        ("35℃高温天气持续到周末", "35℃")])
def test_a_headline_never_breaks_inside_a_number_or_word(text, unit):
    _every_option_keeps(text, unit, more_than=3)


@pytest.mark.parametrize("text, unit", [("全市新增普惠托育托位800个", "800个"),
                                        ("今年前三季度全市生产总值达8.02亿元", "8.02亿元"),
                                        ("示例港口新航线11月6日开通", "6日")])
def test_a_headline_never_parts_a_number_from_its_unit(text, unit):
    # 托位800｜个 is a broken number: the line is condensed or broken at a phrase
    _every_option_keeps(text, unit, more_than=2)


def _every_option_keeps(text: str, unit: str, more_than: int) -> None:
    """The headline has more than `more_than` ways to be set in three columns,
    and `unit` stands whole on a line in every one of them."""
    options = break_options(text, 3, False) + break_options(text, 3, True)
    assert len(options) > more_than
    for lines, _ in options:
        assert any(unit in line for line in lines), lines


def test_a_narrow_headline_keeps_its_number_with_its_unit(test_fonts, style):
    fit = choose_main(("全市新增普惠托育托位800个",), inner(style, 1), 1, test_fonts)
    assert any("800个" in line for line in fit.lines), fit.lines
    assert all(sum(1 for ch in line if ch.isalnum()) >= 2 for line in fit.lines), fit.lines


def test_a_deck_may_open_with_a_two_em_dash(test_fonts, style):
    # 人民日报 sets its decks so: ——记…
    block = build_headline(article("高新区召开经济运行推进会", deck="——记高新区三季度经济运行"),
                           style.span_width(3), 3, style, test_fonts)
    decks = [hl.line.text for hl in block.lines if hl.kind == "deck"]
    assert decks and decks[0].startswith("——")
