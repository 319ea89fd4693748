"""The archival PDF (PDF/A-2a) of the whole edition: every clause that
layout/check/pdfa.py checks holds, it is tagged from the line marks, it
reads as the print PDF looks, and the checks catch what breaks them."""
from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pypdfium2 as pdfium
import pytest

from layout.check.pdfa import check_pdfa

pytestmark = pytest.mark.render


def _archival(result):
    return result.out_dir / f"{result.edition.name}.pdfa.pdf"


def test_every_checked_clause_holds(published):
    findings = check_pdfa(str(_archival(published)))
    assert not findings, "\n".join(map(str, findings[:20]))


def test_the_print_pdf_is_not_pdfa_and_the_checks_say_why(demo_published):
    clauses = {f.clause for f in check_pdfa(str(demo_published.out_dir / f"{demo_published.edition.name}.pdf"))}
    # ReportLab ends streams without an EOL before endstream; PDF/X has no PDF/A intent or XMP
    assert {"6.1.7.1", "6.6.2.1", "6.2.4.3"} <= clauses


def test_identification_language_and_output_intent(demo_published):
    with pikepdf.open(_archival(demo_published)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "示例日报 2024-11-08"
        assert str(pdf.Root.Lang) == "zh-CN"
        intents = list(pdf.Root.OutputIntents)
        assert [str(i.S) for i in intents] == ["/GTS_PDFA1"]
        assert intents[0].DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        assert "/GTS_PDFXVersion" not in pdf.docinfo
        assert pdf.Root.MarkInfo.Marked is True


def test_every_stream_ends_with_an_eol_before_endstream(demo_published):
    data = _archival(demo_published).read_bytes()
    count = data.count(b"endstream")
    assert count > 10
    assert data.count(b"\nendstream") + data.count(b"\rendstream") == count


def _elements(root):
    stack = [root]
    while stack:
        elem = stack.pop()
        yield elem
        kids = elem.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and str(kid.get("/Type", "")) == "/StructElem":
                stack.append(kid)


def test_the_structure_tree_follows_articles_across_a_jump(demo_published):
    with pikepdf.open(_archival(demo_published)) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K[0]
        assert str(document.S) == "/Document"
        sections = list(document.K)
        assert [str(s.T) for s in sections] == [p.label for p in demo_published.view.pages]
        art = next(e for e in _elements(document) if str(e.S) == "/Art"
                   and str(e.get("/T", "")) == "全市老旧小区改造今年惠及2.3万户")
        types = [str(k.S) for k in art.K]
        assert types[0] == "/H1" and "/H2" in types and types.count("/P") > 10
        pages = set()
        for paragraph in art.K:
            for kid in paragraph.K:
                pages.add(kid.Pg.objgen if isinstance(kid, pikepdf.Dictionary) else paragraph.Pg.objgen)
        assert pages == {pdf.pages[0].objgen, pdf.pages[2].objgen}
        figures = [e for e in _elements(document) if str(e.S) == "/Figure"]
        assert figures and all(str(f.Alt) for f in figures)


def test_the_text_layer_reads_in_chinese(demo_published):
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(_archival(demo_published)), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "老旧小区" in text and "暖心食堂" in text


def _pixels(path) -> bytes:
    document = pdfium.PdfDocument(str(path))
    try:
        return document[0].render(scale=40 / 72).to_pil().convert("L").tobytes()
    finally:
        document.close()


def test_it_looks_exactly_like_the_print_pdf(reference_published, tmp_path):
    # the print PDF with the archival PDF's CropBox (its trim), so both are drawn alike
    same_box = tmp_path / "print.pdf"
    with pikepdf.open(reference_published.out_dir / "p03.pdf") as pdf:
        pdf.pages[0].obj.CropBox = pdf.pages[0].obj.TrimBox
        pdf.save(same_box)
    assert _pixels(_archival(reference_published)) == _pixels(same_box)


# -- the checks catch what breaks a clause ---------------------------------------------

@pytest.fixture()
def broken(reference_published, tmp_path):
    """A copy of the archival PDF to spoil, and a function naming the
    clauses the checks then report."""
    path = tmp_path / "spoilt.pdf"
    shutil.copyfile(_archival(reference_published), path)

    def clauses_after(change) -> set[str]:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            change(pdf)
            pdf.save(path, compress_streams=False, deterministic_id=True)
        return {f.clause for f in check_pdfa(str(path))}
    return path, clauses_after


def test_a_stream_without_eol_before_endstream_is_found(broken):
    path, _ = broken
    data = path.read_bytes()
    at = data.index(b"\nendstream")
    path.write_bytes(data[:at] + data[at + 1:])
    assert "6.1.7.1" in {f.clause for f in check_pdfa(str(path))}


def test_data_after_eof_is_found(broken):
    path, _ = broken
    path.write_bytes(path.read_bytes() + b"more\n")
    assert "6.1.3" in {f.clause for f in check_pdfa(str(path))}


def test_spoilt_metadata_is_found(broken):
    _, clauses_after = broken

    def spoil(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfaid:part"] = "1"
        pdf.docinfo.Author = "someone"
    found = clauses_after(spoil)
    assert {"6.6.4", "info-xmp"} <= found


def test_missing_language_and_structure_are_found(broken):
    _, clauses_after = broken

    def spoil(pdf):
        del pdf.Root["/Lang"]
        del pdf.Root["/StructTreeRoot"]
    assert {"6.7.4", "6.7.3.3"} <= clauses_after(spoil)


def test_wrong_widths_and_missing_unicode_are_found(broken):
    _, clauses_after = broken

    def spoil(pdf):
        font = next(iter(pdf.pages[0].Resources.Font.values()))
        cid_font = font.DescendantFonts[0]
        w = list(cid_font.W)
        cid_font.W = pikepdf.Array([pikepdf.Array([v + 100 for v in x]) if isinstance(x, pikepdf.Array)
                                    else x for x in w])
        cid_font.DW = int(cid_font.get("/DW", 1000)) + 100
        del font["/ToUnicode"]
    assert {"6.2.11.5", "6.2.11.7.2"} <= clauses_after(spoil)


def test_a_second_output_profile_and_forbidden_graphics_keys_are_found(broken):
    _, clauses_after = broken

    def spoil(pdf):
        intent = pdf.Root.OutputIntents[0]
        other = pikepdf.Stream(pdf, intent.DestOutputProfile.read_bytes())
        pdf.Root.OutputIntents.append(pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent,
                                                         S=pikepdf.Name.GTS_PDFX,
                                                         DestOutputProfile=pdf.make_indirect(other)))
        states = pdf.pages[0].Resources.ExtGState
        next(iter(states.values())).TR = pikepdf.Name.Identity
        image = next(iter(pdf.pages[0].Resources.XObject.values()))
        image.Interpolate = True
    assert {"6.2.3", "6.2.5", "6.2.8"} <= clauses_after(spoil)
