"""Punctuation styles, hanging, long Latin units and the per-line fitting
report of the line breaker (typesetting reference §5.4–5.7), set in the test
font (the `test_fonts` fixture)."""
from __future__ import annotations

from layout.spec.typesetting import Typesetting

import pytest

from layout.compose.charclass import NO_LINE_END, NO_LINE_START
from layout.compose.line_breaker import Run, compose_line, compose_paragraph, natural_width, prepare

SIZE = 9.0
TOL = 0.01


def par_of(fonts, text, indent_em=0, **settings):
    return prepare([Run(text, "body", SIZE)], fonts, indent_em=indent_em, settings=Typesetting(**settings))


def xs(line):
    return {g.ch: g.x for g in line.glyphs}


# -- punctuation styles ---------------------------------------------------------

def test_gb_pairs_take_one_and_a_half_em(test_fonts):
    par = par_of(test_fonts, "中。”中")
    assert natural_width(par) == pytest.approx(3.5 * SIZE)


def test_kaiming_sets_commas_and_quotes_half_and_keeps_full_stops_full(test_fonts):
    gb = par_of(test_fonts, "中，中“中”中。中")
    kaiming = par_of(test_fonts, "中，中“中”中。中", punctuation="kaiming")
    # GB: ，“ ” 。 an em each; 开明: ，“” half, 。 full
    assert natural_width(gb) == pytest.approx(9 * SIZE)
    assert natural_width(kaiming) == pytest.approx((5 + 0.5 * 3 + 1) * SIZE)


def test_kaiming_full_stop_is_not_squeezed_inside_a_line(test_fonts):
    par = par_of(test_fonts, "中中中中。中中中中中中中中中", punctuation="kaiming")
    line, _ = compose_line(par, 0, 13 * SIZE)
    p = xs(line)
    assert p["。"] + SIZE == pytest.approx(line.glyphs[5].x, abs=TOL)


def test_unknown_punctuation_style_is_refused(test_fonts):
    with pytest.raises(ValueError):
        par_of(test_fonts, "中", punctuation="taiwan")


# -- hanging ----------------------------------------------------------------------

def test_a_comma_hangs_past_the_measure_when_hanging_is_on(test_fonts):
    text = "中" * 13 + "，中中中。"
    plain = compose_paragraph(par_of(test_fonts, text), 13 * SIZE)
    hung = compose_paragraph(par_of(test_fonts, text, hanging=True), 13 * SIZE)
    # without hanging the comma cannot start a line: the line takes it at half
    # width, closing its 13 gaps by 1/26 em each (push in)
    assert plain[0].text == "中" * 13 + "，" and plain[0].adjust == "push-in"
    assert hung[0].text == "中" * 13 + "，" and hung[0].adjust == "hang"
    comma = hung[0].glyphs[-1]
    assert comma.x == pytest.approx(13 * SIZE, abs=TOL)   # its ink half outside the measure
    assert hung[0].glyphs[-2].x == pytest.approx(12 * SIZE, abs=TOL)  # the rest is solid


def test_two_marks_in_a_row_never_hang(test_fonts):
    text = "中" * 13 + "。”中中中。"
    lines = compose_paragraph(par_of(test_fonts, text, hanging=True), 13 * SIZE)
    assert lines[0].adjust != "hang"
    assert lines[1].text[0] not in NO_LINE_START


# -- push in before push out; the report --------------------------------------------

def test_push_in_squeezes_punctuation_before_pushing_out(test_fonts):
    # 12 characters and a comma in the line, then a stop that must not start the next
    text = "中中中，中中中中中中中中中。中中"
    line, nxt = compose_line(par_of(test_fonts, text), 0, 13 * SIZE)
    assert line.text == "中中中，中中中中中中中中中。"
    assert line.adjust == "push-in" and line.shrink == pytest.approx(0.5 * SIZE, abs=TOL)
    assert line.stretch == 0


def test_push_out_when_nothing_can_be_squeezed(test_fonts):
    # ％ may not start a line and has no blank to give: taking it in needs a
    # whole em, more than the gaps can close
    text = "中" * 13 + "％中"
    line, _ = compose_line(par_of(test_fonts, text), 0, 13 * SIZE)
    assert line.adjust == "push-out" and line.text == "中" * 12
    assert line.max_gap == pytest.approx(SIZE / 11, abs=TOL)


def test_natural_and_last_lines_are_labelled(test_fonts):
    lines = compose_paragraph(par_of(test_fonts, "中" * 20), 13 * SIZE)
    assert [l.adjust for l in lines] == ["natural", "last"]


def test_tight_mode_takes_as_much_as_squeezing_allows(test_fonts):
    text = "中，中，中，中中中中中中中中中中中"
    normal, n1 = compose_line(par_of(test_fonts, text), 0, 13 * SIZE)
    tight, n2 = compose_line(par_of(test_fonts, text), 0, 13 * SIZE, mode="tight")
    assert n2 > n1 and tight.adjust == "push-in"
    assert tight.width == pytest.approx(13 * SIZE, abs=TOL)


def test_max_end_pulls_text_down(test_fonts):
    par = par_of(test_fonts, "中" * 20)
    line, nxt = compose_line(par, 0, 13 * SIZE, max_end=10)
    assert nxt == 11 and line.adjust == "pull-down"
    assert line.glyphs[-1].x + SIZE == pytest.approx(13 * SIZE, abs=TOL)


# -- Latin units ------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["13781915838", "1,234,567.89", "15%", "35℃"])
def test_units_that_fit_are_never_split(test_fonts, unit):
    text = "中" * 9 + unit + "中" * 20
    lines = compose_paragraph(par_of(test_fonts, text), 13 * SIZE)
    assert any(unit in l.text for l in lines), [l.text for l in lines]


@pytest.mark.parametrize("unit", ["0373-1234567", "2024-11-06", "COVID-19"])
def test_a_unit_that_fits_breaks_after_its_hyphen_rather_than_letter_space(test_fonts, unit):
    # 10 characters, then the unit does not fit the first line: sent down
    # whole, it would leave 3 em over 9 gaps; it breaks after its hyphen
    # instead, as Latin text does (the eighth-em Han–Latin space, which may
    # widen to a third, takes what is left)
    text = "中" * 10 + unit + "中" * 20
    lines = compose_paragraph(par_of(test_fonts, text, han_latin_gap_em=0.125), 13 * SIZE)
    assert lines[0].text.endswith("-") and unit.startswith(lines[0].text[10:]), [l.text for l in lines]
    assert not any(l.loose for l in lines)
    # where it fits whole, it stays whole
    lines = compose_paragraph(par_of(test_fonts, "中" * 3 + unit + "中" * 20), 13 * SIZE)
    assert unit in lines[0].text


def test_a_url_longer_than_the_line_breaks_after_its_punctuation(test_fonts):
    url = "https://www.example.com/news/2024/11/06/very-long-path-name/index.html"
    lines = compose_paragraph(par_of(test_fonts, "网址" + url + "。"), 8 * SIZE)
    assert "".join(l.text for l in lines) == "网址" + url + "。"
    for line in lines[:-1]:
        assert line.glyphs[-1].x < line.measure
        # never letter-spaced more than a quarter em
        assert line.max_gap <= 0.25 * SIZE + TOL, line.text
        # the solidus neither ends nor starts a line (GB)
        assert line.text[-1] != "/" and lines[lines.index(line) + 1].text[0] != "/"
    # some breaks come after the URL's own punctuation; between letters only
    # where breaking there would spread the line too much
    ends = [l.text[-1] for l in lines[:-1]]
    assert any(ch in ".-:" for ch in ends), ends


def test_a_long_number_breaks_between_digits(test_fonts):
    number = "3.14159265358979323846264338327950288"
    lines = compose_paragraph(par_of(test_fonts, "圆周率" + number + "。"), 8 * SIZE)
    assert "".join(l.text for l in lines) == "圆周率" + number + "。"
    assert all(l.width <= l.measure + TOL for l in lines)
    assert len(lines) >= 3


def test_a_long_word_breaks_only_when_longer_than_the_line(test_fonts):
    lines = compose_paragraph(par_of(test_fonts, "单词Internationalization很长"), 6 * SIZE)
    assert "".join(l.text for l in lines) == "单词Internationalization很长"
    assert all(l.width <= l.measure + TOL for l in lines)
    wide = compose_paragraph(par_of(test_fonts, "单词Internationalization很长"), 20 * SIZE)
    assert "Internationalization" in wide[0].text


def test_no_letter_spacing_inside_a_word_when_the_line_is_spread(test_fonts):
    text = "中中中中中中中中中中GDP中。中中中"
    line, _ = compose_line(par_of(test_fonts, text), 0, 13 * SIZE)
    g = {x.ch: x for x in line.glyphs if x.ch in "GDP"}
    gd = g["D"].x - g["G"].x
    face = test_fonts.resolve("body", "G")
    assert gd == pytest.approx(face.advance("G") * SIZE, abs=TOL)


@pytest.mark.parametrize("gap", [0.0, 0.125, 0.25])
def test_han_latin_gap_setting(test_fonts, gap):
    par = par_of(test_fonts, "中ABC中", han_latin_gap_em=gap)
    line = compose_paragraph(par, 30 * SIZE)[0]
    a = next(g for g in line.glyphs if g.ch == "A")
    assert a.x == pytest.approx(SIZE + gap * SIZE, abs=TOL)


def test_kinsoku_holds_for_all_styles(test_fonts):
    text = "“这是‘引号’里的引号，”他说：“好！”（括号）、《书名》。" * 4
    for style in ("gb", "kaiming"):
        for hanging in (False, True):
            lines = compose_paragraph(par_of(test_fonts, text, punctuation=style, hanging=hanging), 9 * SIZE)
            for line in lines:
                assert line.text[0] not in NO_LINE_START, (style, hanging, line.text)
                assert line.text[-1] not in NO_LINE_END, (style, hanging, line.text)
            assert "".join(l.text for l in lines) == text


@pytest.mark.render
def test_the_settings_reach_header_and_footer(tmp_path, font_cache):
    """One typesetting value travels to every setter: with no Han–Latin gap the
    header's and footer's dates set their digits solid against the Han."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from edition_builders import jump_edition
    from layout.pipeline import RenderOptions, plan_edition

    def gaps(setting):
        edition = jump_edition(tmp_path / setting)
        text = (edition / "edition.yaml").read_text("utf-8")
        (edition / "edition.yaml").write_text(text.replace(
            "date: 2024-11-08\n", f"date: 2024-11-08\ntypography:\n  han_latin_gap: {setting}\n"))
        _, _, plans, _ = plan_edition(str(edition), RenderOptions(), font_cache)
        out = []
        for line in (line for plan in plans for line in plan.furniture.lines if "2024年" in line.text):
            at = line.text.index("年")
            digit, han = line.glyphs[at - 1], line.glyphs[at]     # 2024|年
            out.append((han.x - digit.x, digit.size))
        return out

    solid, spaced = gaps("none"), gaps("quarter")
    assert solid and len(solid) == len(spaced)
    for (a, size), (b, _) in zip(solid, spaced):
        assert b - a == pytest.approx(0.25 * size, abs=0.01)
