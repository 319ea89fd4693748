"""The demo edition 示例日报: four pages rendered as a whole edition for the
press, read back from the PDFs."""
from __future__ import annotations

import subprocess
from collections import Counter

import pypdfium2 as pdfium
import pytest

from layout.pipeline import RenderOptions, render
from layout.check.typography import check_pdf
from layout.output.report import compiler_line

from conftest import ROOT

pytestmark = pytest.mark.render   # every test reads the rendered demo edition

DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"


@pytest.fixture(scope="module")
def demo(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("demo")
    result = render(str(DEMO), RenderOptions(out_dir=str(out), dpi=40), cache=font_cache)
    return result, out


def _text(path, index=0) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


def test_four_full_pages_and_the_edition_pdf(demo):
    result, out = demo
    assert [p.number for p in result.plans] == [1, 2, 3, 4]
    codes = Counter(d.code for d in result.diagnostics)
    assert codes["overset"] == 0 and codes["missing-glyph"] == 0 and codes["photo-missing"] == 0
    for n in range(1, 5):
        assert (out / f"p0{n}.pdf").is_file() and (out / f"p0{n}.png").is_file()
    doc = pdfium.PdfDocument(str(out / "shili-ribao-2024-11-08.pdf"))
    assert len(doc) == 4
    doc.close()
    # every page filled: no module leaves more than a few lines empty
    assert all(dict(d.data)["lines"] <= 4 for d in result.diagnostics if d.code == "underfull")


def test_front_page_masthead(demo):
    _, out = demo
    text = _text(out / "p01.pdf")
    for item in ("示例日报", "2024年11月8日", "星期五", "农历甲辰年十月初八", "总第12345期", "CN00-0000"):
        assert item in text, item


def test_the_jump_from_page_one(demo):
    result, out = demo
    first = _text(out / "p01.pdf")
    later = {n: _text(out / f"p0{n}.pdf") for n in (2, 3, 4)}
    targets = [n for n, t in later.items() if "（上接第一版）" in t]
    assert len(targets) == 1
    assert f"（下转第{'一二三四'[targets[0] - 1]}版）" in first


def test_headers_on_inside_pages(demo):
    result, out = demo
    for plan in result.plans[1:]:
        kinds = {l.kind for l in plan.lines}
        assert "section" in kinds and "credits" in kinds
        assert any(l.text == f"{plan.number:02d}" for l in plan.reversed_lines)


# The one line of the demo no setting within the limits can justify: its
# paragraph (20-jingji) puts the 2½-em 「24.6%，」 after 「制造业中长期贷款余额增长」
# at a 13-em measure, so that line either stops an em short (0.09 em a gap)
# or would have to take in 1½ em, and no earlier break moves the number
# (docs/composition.md). The render reports it as loose-line.
UNSETTABLE = "制造业中长期贷款余额增长"


def test_every_page_keeps_the_typography_rules(demo):
    result, out = demo
    reported = [d for d in result.diagnostics if d.code == "loose-line"]
    assert [d.message.rsplit(": ", 1)[-1] for d in reported] == [UNSETTABLE]
    for n in range(1, 5):
        found = check_pdf(str(out / f"p0{n}.pdf"), f"p0{n}.pdf")
        # no letter-spaced line and no crowded one (before: 31 to 62 a page) but that one
        loose = [v for v in found if v.code == "L7"]
        assert all(UNSETTABLE in v.message for v in loose), "\n".join(map(compiler_line, loose))
        errors = [v for v in found if v.severity == "error" and v not in loose]
        assert not errors, "\n".join(map(compiler_line, errors))


def test_pdfs_pass_qpdf_check(demo):
    # qpdf comes with the set-up (setup.sh installs it)
    _, out = demo
    for name in ("p01.pdf", "shili-ribao-2024-11-08.pdf"):
        run = subprocess.run(["qpdf", "--check", str(out / name)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def _streams(path) -> list[dict]:
    import json
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", str(path)], capture_output=True, check=True)
    objects = json.loads(out.stdout)["qpdf"][1]
    return [v["stream"]["dict"] for v in objects.values() if isinstance(v, dict) and "stream" in v]


def test_the_edition_pdf_reuses_the_pages(demo):
    """The edition's PDF holds each photo once (the JPEGs the pages made, not
    encoded again), the output profile once and each face's program once."""
    _, out = demo
    images = set()
    for n in range(1, 5):
        images |= {(d["/Width"], d["/Height"], d["/Length"]) for d in _streams(out / f"p0{n}.pdf")
                   if d.get("/Subtype") == "/Image"}
    whole = _streams(out / "shili-ribao-2024-11-08.pdf")
    assert {(d["/Width"], d["/Height"], d["/Length"]) for d in whole if d.get("/Subtype") == "/Image"} == images
    assert sum(1 for d in whole if d.get("/Subtype") == "/Image") == len(images)
    assert sum(1 for d in whole if "/N" in d) == 1                       # the ICC profile
    programs = sum(1 for d in whole if d.get("/Subtype") == "/CIDFontType0C" or "/Length1" in d)
    assert programs == 5                       # serif, sans-bold, sans-black, kai, kai-bold
