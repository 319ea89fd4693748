"""The line model: one candidate line for both breakers and the justifier.

For every line the breakers may choose, the candidate must be what its
definition says (summed here piece by piece, independently of the scanner),
and the line `set_line` sets must be the one the candidate predicted: the same
squeeze, the same space added, shared by the same gaps.
"""
from __future__ import annotations

from layout.spec.typesetting import Typesetting

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from layout.compose.charclass import Kind, content_count, counts_for_orphan, latin_run_end
from layout.compose.line_breaker import (JUSTIFY, Run, compose_line, content_chars, natural_width,
                                         prepare, set_line, set_single_line)
from layout.compose.line_model import (END_OVERHANG_EM, IDSPACE_STRETCH_EM, INDENT_GIVE_EM,
                                       MAX_SPREAD_EM, MAX_TIGHTEN_EM, NATURAL, OVERFULL, PUSH_IN,
                                       RESTORE_FIRST, WORD_SPACE_MAX_EM, _upto, candidate_line, fit_gaps, fit_line,
                                       give_back, hl_flex, scan_lines, shrink_class, stretch_gaps,
                                       takes_space, tightens)
from layout.compose.paragraph_breaker import break_paragraph
from layout.spec.edition import load_edition
from layout.units import EPS

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = (ROOT / "editions" / "xinxiang-daily-2024-11-06", ROOT / "editions" / "shili-ribao-2024-11-08")
SIZE = 9.0
TOL = 1e-9


# -- the definition, summed piece by piece ----------------------------------------

def by_definition(par, start, stop, measure, first_line):
    """The candidate of pieces start..stop as one line, summed piece by piece."""
    pieces = par.pieces
    end = stop
    while end > start and pieces[end].kind is Kind.SPACE:
        end -= 1
    line = pieces[start:end + 1]
    width = sum(p.width for p in line) + sum(p.gap_before for p in line[1:])
    width -= (0.0 if first_line else line[0].lblank) + line[-1].rblank
    shrink = sum(shrink_class(p, k == 0, k == len(line) - 1, first_line)[1] for k, p in enumerate(line))
    gaps = sum(1 for a, b in zip(line, line[1:]) if takes_space(a, b))
    content = sum(1 for p in line for g in p.glyphs if counts_for_orphan(g[0]))
    # a Han–Latin boundary may open a space even where the settings put none
    hl = [hl_flex(b.gap_before, b.em, {a.kind, b.kind} == {Kind.HAN, Kind.LATIN})
          for a, b in zip(line, line[1:])]
    tighten = sum(MAX_TIGHTEN_EM * b.em for a, b in zip(line, line[1:]) if tightens(a, b))
    last = line[-1]
    overhang = END_OVERHANG_EM * last.em if last.kind is Kind.STOP and last.last in "。，、" else 0.0
    if len(line) == 1:
        overhang = 0.0
    indent_give = INDENT_GIVE_EM * line[0].em if first_line and par.indent > 0 else 0.0
    restore = sum(p.pair_trim for p in line[:-1])
    untrim = (sum(p.untrim for p in line[:-1] if p.kind is not Kind.OPEN)
              + sum(p.untrim for p in line[1:] if p.kind is Kind.OPEN))
    spaces = sum(max(0.0, WORD_SPACE_MAX_EM * p.em - p.width) if p.kind is Kind.SPACE and not p.tight
                 else IDSPACE_STRETCH_EM * p.em if p.kind is Kind.IDSPACE else 0.0 for p in line[:-1])
    return dict(end=end, width=width, shrink=shrink, gaps=gaps, content=content,
                hl_shrink=sum(h[0] for h in hl), hl_stretch=sum(h[1] for h in hl),
                tighten=tighten, overhang=overhang, indent_give=indent_give, restore=restore,
                untrim=untrim, spaces=spaces)


SOURCES = ("width", "shrink", "hl_shrink", "hl_stretch", "tighten", "overhang", "indent_give",
           "restore", "untrim", "spaces")


def check_candidate(par, line, measure, first_line):
    want = by_definition(par, line.start, line.stop, measure, first_line)
    assert line.end == want["end"]
    for name in SOURCES:
        assert getattr(line, name) == pytest.approx(want[name], abs=TOL), name
    assert (line.gaps, line.content) == (want["gaps"], want["content"])
    avail = measure - (par.indent if first_line else 0.0)
    assert line.avail == avail
    width = want["width"]
    squeeze = sum(want[k] for k in ("shrink", "hl_shrink", "tighten", "overhang", "indent_give"))
    fit = NATURAL if width <= avail + EPS else PUSH_IN if width - squeeze <= avail + EPS else OVERFULL
    if abs(width - avail - EPS) > TOL and abs(width - squeeze - avail - EPS) > TOL:
        assert line.adjust == fit


def check_set_as_predicted(par, start, end, measure, adjust, align=None):
    """The line set for the break start..end is the one its candidate and fit
    predicted, and its adjustments follow their order: nothing is taken from
    a source while an earlier one has room left."""
    first_line = start == 0
    hang = adjust == "hang"
    line, _ = set_line(par, start, end, measure, first_line, align, adjust)
    cand = candidate_line(par, start, end - 1 if hang else end, measure, first_line)
    justify = (align or par.align) == JUSTIFY and not line.last
    fit = fit_line(par, cand, measure, justify, hang)
    over = cand.width - cand.avail
    taken = (fit.squeeze, fit.hl_squeeze, fit.tighten, fit.overhang, fit.indent_give)
    room = (cand.shrink, cand.hl_shrink, cand.tighten, cand.overhang, cand.indent_give)
    # squeezed as far as the line is too wide, source by source (the last two
    # take nothing out: a mark's blank passes the edge, a first line its indent)
    assert line.shrink == pytest.approx(sum(taken[:3]), abs=TOL)
    if over > EPS:
        assert sum(taken) + fit.over == pytest.approx(over, abs=TOL)
        for k in range(1, len(taken)):
            if taken[k] > 0:
                assert taken[k - 1] == pytest.approx(room[k - 1], abs=TOL), k
        assert all(t <= r + TOL for t, r in zip(taken, room))
    else:
        assert line.shrink == 0.0
    if justify and over < -EPS and cand.end > start:   # a line of one piece has no gap
        room = cand.slack - (0.0 if hang else give_back(par, cand))
        assert fit.restore + fit.untrim + fit.spaces + fit.hl + fit.spread == pytest.approx(room, abs=1e-6)
        assert line.stretch == pytest.approx(room, abs=1e-6)
        if fit.spaces > TOL:
            assert fit.restore >= cand.restore * RESTORE_FIRST - TOL
        if fit.hl > TOL:
            assert fit.spaces == pytest.approx(cand.spaces, abs=TOL)
        if fit.spread > TOL:
            assert fit.hl == pytest.approx(cand.hl_stretch, abs=TOL)
            gaps = stretch_gaps(par, cand, measure, fit.spread) or range(start + 1, cand.end + 1)
            shared = fit_gaps(par, cand, fit)
            assert len(shared) == fit.gaps
            assert line.max_gap == pytest.approx(fit.spread / fit.gaps, abs=TOL)
            assert set(shared) <= set(gaps) | set(range(start + 1, cand.end + 1))
        else:
            assert line.max_gap == 0.0
        if fit.restore > cand.restore * RESTORE_FIRST + TOL or fit.untrim > TOL:
            # the rest of a pair's blank, and a half-width mark's, only when the
            # character gaps are full
            assert line.max_gap >= MAX_SPREAD_EM * par.pieces[start].em - TOL
        if fit.untrim > TOL:
            assert fit.restore == pytest.approx(cand.restore, abs=TOL)
        if fit.spread > fit.gaps * MAX_SPREAD_EM * par.pieces[start].em + TOL:
            assert fit.untrim == pytest.approx(cand.untrim, abs=TOL)
        # and the line ends at the measure
        assert line.width == pytest.approx(cand.avail, abs=1e-6)
    else:
        assert line.stretch == 0.0
    if line.last and not hang:
        assert line.width == pytest.approx(cand.width - line.shrink, abs=1e-6)
    assert content_chars(line) == cand.content
    return line


# -- the reference articles ----------------------------------------------------------

def reference_paragraphs(fonts):
    for folder in EDITIONS:
        edition, _ = load_edition(str(folder))
        style = edition.style
        for page in edition.pages:
            for item in page.items:
                article = getattr(item, "article", None)
                if article is None:
                    continue
                for block in article.blocks:
                    if block.kind == "para":
                        yield style, prepare([Run(block.text, "body", style.body_size)], fonts,
                                             indent_em=style.indent_em,
                                             settings=style.typesetting)


@pytest.fixture(scope="module")
def articles(fonts):
    return list(reference_paragraphs(fonts))


def test_reference_articles_are_long_enough_to_test(articles):
    assert len(articles) > 40
    assert sum(len(par.pieces) for _, par in articles) > 5000


@pytest.mark.parametrize("columns", [1, 2])
def test_whole_paragraph_breaks_are_set_as_predicted(articles, columns):
    lines = spread = squeezed = 0
    for style, par in articles:
        measure = style.span_width(columns) if columns > 1 else style.column_width
        breaks = break_paragraph(par, (measure,), style.typesetting.min_last_line)
        start = 0
        for br in breaks:
            line = check_set_as_predicted(par, start, br.end, measure, br.adjust)
            assert br.content == content_chars(line)
            start = br.next
            lines += 1
            spread += line.stretch > 0
            squeezed += line.shrink > 0
    # numbers on the half-em grid leave few lines to spread: enough to test
    assert lines > 1000 and spread > 30 and squeezed > 50


@pytest.mark.parametrize("measure_em", [10, 13, 20])
def test_first_fit_lines_are_set_as_predicted(articles, measure_em):
    for _, par in articles[:30]:
        assert not par.hanging    # a hung stop would be labelled "last" on a last line
        stop_of = {p.src_end: k for k, p in enumerate(par.pieces)}
        measure = measure_em * SIZE
        start = 0
        while start < len(par.pieces):
            line, nxt = compose_line(par, start, measure)
            check_set_as_predicted(par, start, stop_of[line.end], measure, line.adjust)
            start = nxt


def test_candidates_of_reference_lines_follow_their_definition(articles):
    for style, par in articles[:25]:
        measure = style.column_width
        for start in range(0, len(par.pieces), 7):
            for line in scan_lines(par, start, measure, start == 0):
                check_candidate(par, line, measure, start == 0)
                if line.adjust == OVERFULL:
                    break


# -- random text --------------------------------------------------------------------

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你经"
PUNCT = "，。、；：？！“”‘’（）《》—…·～"
char = st.one_of(
    st.sampled_from(HAN), st.sampled_from(HAN), st.sampled_from(HAN),
    st.sampled_from(PUNCT), st.sampled_from(PUNCT),
    st.sampled_from("0123456789"), st.sampled_from("abcXYZ./-%"), st.just(" "), st.just("℃"),
)
texts = st.lists(char, min_size=1, max_size=140).map("".join).map(lambda s: s.strip(" ")).filter(bool)
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(text=texts, measure_em=st.integers(min_value=6, max_value=24),
       punctuation=st.sampled_from(["gb", "kaiming"]), hanging=st.booleans())
def test_random_text_is_set_as_predicted(fonts, text, measure_em, punctuation, hanging):
    par = prepare([Run(text, "body", SIZE)], fonts, settings=Typesetting(punctuation=punctuation, hanging=hanging))
    measure = measure_em * SIZE
    for start in range(0, len(par.pieces), 5):
        for line in scan_lines(par, start, measure, start == 0):
            check_candidate(par, line, measure, start == 0)
    breaks = break_paragraph(par, (measure,))
    start = 0
    for br in breaks:
        check_set_as_predicted(par, start, br.end, measure, br.adjust)
        start = br.next


# -- the pieces and the shared definitions -------------------------------------------

def test_pieces_are_frozen(fonts):
    par = prepare([Run("中文，text 10%", "body", SIZE)], fonts)
    with pytest.raises(dataclasses.FrozenInstanceError):
        par.pieces[0].width = 1.0
    assert all(isinstance(p.glyphs, tuple) and all(isinstance(g, tuple) for g in p.glyphs)
               for p in par.pieces)


@given(x=st.floats(allow_nan=False), limit=st.floats(allow_nan=False))
@example(x=0.0, limit=-0.0)
@example(x=-0.0, limit=0.0)
def test_upto_is_min_to_the_bit(x, limit):
    # fit_line takes the lesser of two amounts without the builtin min (for
    # speed): the same float, and of two equal ones the first (0.0 or -0.0)
    assert _upto(x, limit) == min(x, limit)
    assert math.copysign(1.0, _upto(x, limit)) == math.copysign(1.0, min(x, limit))


def test_candidate_line_is_the_scanned_one(fonts):
    par = prepare([Run("今年前三季度，全市GDP增长5.2%，高于全省0.4个百分点。" * 3, "body", SIZE)], fonts)
    scanned = list(scan_lines(par, 3, 13 * SIZE, False))
    for line in scanned[::4]:
        assert candidate_line(par, 3, line.stop, 13 * SIZE, False) == line


def test_natural_width_is_the_whole_paragraph_as_a_candidate(fonts):
    par = prepare([Run("“新乡”，Xinxiang 2024", "body", SIZE)], fonts, indent_em=2)
    whole = candidate_line(par, 0, len(par.pieces) - 1, 0.0, True)
    assert natural_width(par) == whole.width + par.indent


@pytest.mark.parametrize("text, start, spaces, end", [
    ("427.3亿元", 0, False, 5),
    ("增长10%以上", 2, False, 5),
    ("35℃高温", 0, False, 3),
    ("3·15晚会", 0, False, 4),
    ("www.example.cn。", 0, False, 14),
    ("COVID-19疫情", 0, False, 8),
    ("Hello World!", 0, False, 5),
    ("Hello World!", 0, True, 12),
    ("Hello 世界", 0, True, 5),
    ("5G. 网络", 0, False, 3),
])
def test_latin_run_end(text, start, spaces, end):
    assert latin_run_end(text, start, spaces) == end


def test_latin_run_end_reads_a_sequence_of_characters():
    assert latin_run_end(list("ab.cd，"), 0) == latin_run_end("ab.cd，", 0) == 5


@pytest.mark.parametrize("ch, counts", [
    ("中", True), ("あ", True), ("Ａ", True), ("a", True), ("7", True), ("〇", True),
    ("，", False), ("。", False), ("“", False), ("—", False), ("…", False), ("·", False),
    (" ", False), ("\u3000", False), ("℃", False), ("×", False), ("%", False), ("\n", False),
])
def test_characters_that_count_for_orphans(ch, counts):
    assert counts_for_orphan(ch) is counts


def test_content_count_of_a_last_line():
    assert content_count("5℃。") == 1
    assert content_count("（新华社）") == 3


def test_single_line_is_the_whole_text_at_its_natural_width(fonts):
    line, par = set_single_line("第三版　要闻 2024", "folio", 9.0, fonts)
    assert line.text == "第三版　要闻2024"
    assert line.width == pytest.approx(natural_width(par), abs=1e-9)
    assert line.measure == pytest.approx(natural_width(par) + 0.01)
    assert (line.last, line.stretch, line.shrink) == (True, 0.0, 0.0)


def test_single_line_not_first_drops_the_blank_of_an_opening_mark(fonts):
    first, _ = set_single_line("“新”", "headline", 1.0, fonts)
    inner, _ = set_single_line("“新”", "headline", 1.0, fonts, first_line=False)
    assert first.width - inner.width == pytest.approx(0.5)


def test_single_line_reports_missing_characters_through_its_paragraph(fonts):
    _, par = set_single_line("版\U000F0001", "folio", 9.0, fonts)
    assert [m.ch for m in par.missing] == ["\U000F0001"]


def test_single_line_of_nothing_is_empty(fonts):
    line, par = set_single_line("", "folio", 9.0, fonts)
    assert line.glyphs == () and line.width == 0.0 and par.pieces == ()
