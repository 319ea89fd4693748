"""The reference edition, rendered for real and read back out of the PDF.

Glyph origins and advances come from pdfium, not from the plan: the plan only
says which lines are body lines and what their column measure is, and the PDF
must show that every rule holds where the ink actually is.
"""
from __future__ import annotations

import ctypes
import os
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops, ImageStat

from layout.compose.charclass import CLOSING, NO_LINE_END, NO_LINE_START, STOPS, OPENING
from layout.compose.line_model import END_OVERHANG_EM, MAX_TIGHTEN_EM
from layout.pipeline import RenderOptions, render

from conftest import REFERENCE, ROOT
from pdf_reading import pdf_glyphs

pytestmark = pytest.mark.render   # every test reads the rendered reference edition

GOLDEN = ROOT / "tests" / "golden" / "reference-p03-thumb.png"
TOL = 0.05  # pt


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("reference")
    result = render(str(REFERENCE), RenderOptions(out_dir=str(out), dpi=100), cache=font_cache)
    return result, out


@pytest.fixture(scope="module")
def glyphs(rendered):
    result, out = rendered
    return pdf_glyphs(out / "p03.pdf")


@pytest.fixture(scope="module")
def plan(rendered):
    result, _ = rendered
    return result.plans[0]


def _body_lines(plan):
    return [line for line in plan.lines if line.kind == "body"]


def _glyphs_of_line(glyphs, line):
    return [g for g in glyphs if abs(g[2] - line.baseline) < 0.1
            and line.x - line.glyphs[0].size / 2 - 0.5 <= g[1] <= line.x + line.measure + 0.5]


def test_outputs_written(rendered):
    result, out = rendered
    for name in ("p03.pdf", "p03.png", "p03.thumb.png", "report.json"):
        assert (out / name).is_file(), name
    png = Image.open(out / "p03.png")
    assert abs(png.width - round(result.plans[0].width / 72 * 100)) <= 1


def test_reference_has_no_overset_and_no_missing_glyph(rendered):
    result, _ = rendered
    codes = Counter(d.code for d in result.diagnostics)
    assert codes["overset"] == 0
    assert codes["missing-glyph"] == 0
    assert all(d.code != "photo-missing" for d in result.diagnostics), \
        "the reference photos are fetched by the set-up (scripts/fetch_photos.py)"


def test_every_character_of_every_article_is_in_the_pdf(glyphs, plan):
    """Nothing lost: inside each article's module the PDF holds every character
    of the article (headline, text, byline, caption), less what is reported overset."""
    assert len(plan.articles) == 8
    for record in plan.articles:
        # an opening mark trimmed at a line start has its origin half an em left
        inside = Counter(g[0] for g in glyphs
                         if record.x - g[4] / 2 - 1 <= g[1] <= record.x + record.width + 1
                         and record.y - 1 <= g[2] <= record.y + record.height + 1)
        wanted = Counter(ch for ch in record.text if not ch.isspace() and ch != "\u3000")
        wanted.subtract(Counter(ch for ch in record.overset_text if not ch.isspace()))
        missing = {ch: n - inside[ch] for ch, n in wanted.items() if n > inside[ch]}
        assert not missing, f"{record.id}: not in the PDF: {missing}"


def test_pdf_text_matches_plan_line_by_line(glyphs, plan):
    for line in _body_lines(plan):
        found = "".join(g[0] for g in _glyphs_of_line(glyphs, line))
        assert found == line.text.replace("\u3000", ""), (line.article, line.baseline)


def _cell_right(g, last_in_line: bool):
    ch, x, _y, advance, size = g
    if last_in_line and (ch in CLOSING or ch in STOPS):
        return x + size / 2  # a closing mark at the line end is set half width
    return x + advance


def test_body_lines_are_flush_and_obey_kinsoku(glyphs, plan):
    checked = 0
    for line in _body_lines(plan):
        row = _glyphs_of_line(glyphs, line)
        assert row, line.text
        first, last = row[0], row[-1]
        assert first[0] not in NO_LINE_START, f"line starts with {first[0]}: {line.text}"
        if not line.last:
            assert last[0] not in NO_LINE_END, f"line ends with {last[0]}: {line.text}"
            right = _cell_right(last, True)
            edge = line.x + line.measure
            if (last[0] in CLOSING or last[0] in STOPS) and right < edge <= right + last[4] / 2 + TOL:
                right = edge  # a short line gave the mark its blank half back
            if last[0] in "。，、" and edge < right <= edge + END_OVERHANG_EM * last[4] + TOL:
                right = edge  # a pushed-in line let the blank of its stop pass the edge
            assert abs(right - edge) <= TOL, \
                f"{line.article}: line ends at {right:.2f}, column edge {line.x + line.measure:.2f}: {line.text}"
            checked += 1
        indent = first[1] - line.x
        # an opening mark trimmed at a line start draws from half an em left of the edge
        low = -first[4] / 2 if first[0] in OPENING else 0.0
        assert indent >= low - TOL, f"{line.article}: line starts left of its column: {line.text}"
        if not line.last:  # a last line may be a byline set flush right
            assert indent <= 2 * first[4] + TOL, f"{line.article}: line starts {indent:.2f} in: {line.text}"
        overhang = END_OVERHANG_EM * last[4] if last[0] in "。，、" else 0.0
        assert _cell_right(last, True) <= line.x + line.measure + overhang + TOL
    assert checked > 300


def test_first_lines_are_indented_two_em(glyphs, plan):
    lines = _body_lines(plan)
    starts = [line for line in lines if line.glyphs and abs(line.glyphs[0].x - 2 * line.glyphs[0].size) < TOL]
    assert len(starts) >= 30  # every paragraph of the page
    for line in starts:
        row = _glyphs_of_line(glyphs, line)
        assert abs(row[0][1] - (line.x + 2 * row[0][4])) <= TOL or row[0][0] in OPENING


def test_no_glyph_overlaps_the_next(glyphs, plan):
    for line in _body_lines(plan):
        row = _glyphs_of_line(glyphs, line)
        for a, b in zip(row, row[1:]):
            if a[0] in STOPS or a[0] in CLOSING or b[0] in OPENING:
                continue  # compressed punctuation: only the blank half is given up
            # a pushed-in line closes its gaps by at most 0.04 em (紧排)
            assert b[1] >= a[1] + a[3] - MAX_TIGHTEN_EM * a[4] - 0.01, f"{a[0]}{b[0]} overlap in {line.text}"


def test_body_baselines_lie_on_one_page_grid(glyphs, plan, style):
    """Every body line in every column sits on the page's baseline grid, and so
    do subheads and captions: headlines, photos and captions take whole grid
    lines, so the text under them comes back to the same baselines."""
    first_baseline = style.baseline(1)
    on_grid = [line for line in plan.lines if line.kind in ("body", "subhead", "caption")]
    assert {line.kind for line in on_grid} == {"body", "subhead", "caption"}
    baselines = set()
    for line in on_grid:
        row = _glyphs_of_line(glyphs, line)
        assert row, line.text
        for g in row:
            k = (g[2] - first_baseline) / style.pitch
            assert abs(k - round(k)) * style.pitch <= 0.1, f"{line.kind} {line.text}: baseline {g[2]} is off the grid"
            assert abs(g[2] - style.baseline(line.grid_line)) <= 0.1
            baselines.add(round(g[2], 2))
    assert len(baselines) > 80
    # the columns of different articles share baselines: the grid is the page's
    by_column = {}
    for line in plan.lines:
        if line.kind == "body":
            by_column.setdefault(round(line.x), set()).add(round(line.baseline, 2))
    shared = set.intersection(*[ys for ys in by_column.values() if len(ys) > 30])
    assert len(shared) > 10


def test_reference_keeps_the_paragraph_rules(rendered, plan, style):
    """No lone last characters, no widows, and every body line says how it was fitted."""
    result, _ = rendered
    codes = Counter(d.code for d in result.diagnostics)
    assert codes["orphan"] == 0 and codes["widow"] == 0
    body = _body_lines(plan)
    labels = Counter(line.adjust for line in body)
    assert set(labels) <= {"natural", "push-in", "push-out", "pull-down", "hang", "last"}, labels
    assert labels["push-in"] > 0 and labels["last"] >= 30
    for line in body:
        assert line.max_gap <= 0.15 * style.em + 1e-6, (line.article, line.text, line.max_gap)
        if line.adjust == "push-in":
            assert line.shrink > 0 and line.stretch == 0


def test_fonts_are_embedded_as_subsets(rendered):
    """One composite font per face: CFF faces (Noto CJK) stay CFF, TrueType
    ones (LXGW WenKai) stay TrueType; every font is a subset."""
    _, out = rendered
    data = (out / "p03.pdf").read_bytes()
    base_fonts = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-_]+)", data)
    assert base_fonts
    for name in base_fonts:
        assert re.match(rb"^[A-Z]{6}\+", name), f"font {name!r} is not a subset"
    assert data.count(b"/CIDFontType0C") == 3      # serif, sans-bold, sans-black: CFF kept as CFF …
    assert data.count(b"/FontFile2") == 2          # … kai and kai-bold: TrueType
    assert data.count(b"/CIDToGIDMap") == 2


def test_rendering_twice_gives_identical_pdf(rendered, tmp_path, font_cache):
    _, out = rendered
    again = render(str(REFERENCE), RenderOptions(out_dir=str(tmp_path), previews=False), cache=font_cache)
    assert (tmp_path / "p03.pdf").read_bytes() == (out / "p03.pdf").read_bytes()
    assert again.plans[0].dump() == rendered[0].plans[0].dump()


def test_preview_matches_golden(rendered):
    """The thumbnail is the picture contract: compared with a tolerance, since
    antialiasing may differ slightly between pdfium builds. Set
    BANMIAN_UPDATE_GOLDEN=1 to accept a deliberate change."""
    _, out = rendered
    thumb = Image.open(out / "p03.thumb.png").convert("L")
    if os.environ.get("BANMIAN_UPDATE_GOLDEN") or not GOLDEN.exists():
        GOLDEN.parent.mkdir(exist_ok=True)
        thumb.save(GOLDEN)
        if not os.environ.get("BANMIAN_UPDATE_GOLDEN"):
            pytest.fail(f"no golden picture yet: wrote {GOLDEN}; check it and commit it")
    golden = Image.open(GOLDEN).convert("L")
    assert golden.size == thumb.size
    diff = ImageStat.Stat(ImageChops.difference(golden, thumb)).mean[0]
    assert diff < 2.0, f"preview differs from the golden picture by {diff:.2f} grey levels on average"
