"""The PDF/A font checks on a composite font (Type 0 over a CIDFontType2,
Identity-H), as the font embedding will write them: every glyph shown
exists, its width agrees with the program, it maps to Unicode, and a
missing CIDToGIDMap or a wrong width is found."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name

from layout.check.pdfa import check_pdfa

FONT = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
TEXT = "中文"
FONT_CLAUSES = {"6.2.11.2", "6.2.11.3.1", "6.2.11.3.2", "6.2.11.3.3", "6.2.11.4.1", "6.2.11.5",
                "6.2.11.6", "6.2.11.7.2", "6.2.11.8"}


def _subset() -> tuple[bytes, dict[str, int], dict[int, int]]:
    """A subset keeping glyph ids (CID = GID); the ids of TEXT and their advances."""
    font = TTFont(str(FONT))
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=TEXT)
    subsetter.subset(font)
    cmap = font.getBestCmap()
    gids = {ch: font.getGlyphID(cmap[ord(ch)]) for ch in TEXT}
    upem = font["head"].unitsPerEm
    widths = {gid: round(font["hmtx"][font.getGlyphOrder()[gid]][0] * 1000 / upem) for gid in gids.values()}
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), gids, widths


def _to_unicode(gids: dict[str, int]) -> bytes:
    pairs = "".join(f"<{gid:04X}> <{ord(ch):04X}>\n" for ch, gid in gids.items())
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + f"{len(gids)} beginbfchar\n".encode() + pairs.encode() +
            b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n")


def _pdf(path: Path, spoil=None) -> Path:
    program, gids, widths = _subset()
    pdf = pikepdf.new()
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/AAAAAA+LXGWWenKai"), Flags=4,
                            FontBBox=Array([0, -200, 1000, 900]), ItalicAngle=0, Ascent=880, Descent=-120,
                            CapHeight=700, StemV=80,
                            FontFile2=pdf.make_stream(program, Length1=len(program)))
    cid_font = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/AAAAAA+LXGWWenKai"),
                          CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
                          FontDescriptor=pdf.make_indirect(descriptor), DW=1000,
                          W=Array([x for gid, w in sorted(widths.items()) for x in (gid, Array([w]))]),
                          CIDToGIDMap=Name.Identity)
    font = Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/AAAAAA+LXGWWenKai"),
                      Encoding=Name("/Identity-H"), DescendantFonts=Array([pdf.make_indirect(cid_font)]),
                      ToUnicode=pdf.make_stream(_to_unicode(gids)))
    codes = "".join(f"{gids[ch]:04X}" for ch in TEXT)
    content = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td <{codes}> Tj ET".encode())
    page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Contents=content,
                      Resources=Dictionary(Font=Dictionary(F1=pdf.make_indirect(font))))
    pdf.pages.append(pikepdf.Page(page))
    if spoil:
        spoil(pdf, gids)
    pdf.save(path)
    return path


def _font_findings(path: Path) -> set[str]:
    return {f.clause for f in check_pdfa(str(path)) if f.clause in FONT_CLAUSES}


@pytest.fixture(scope="module")
def needs_font():
    if not FONT.exists():
        pytest.fail(f"{FONT} is missing: run `bash setup.sh setup` (fonts-lxgw-wenkai)", pytrace=False)


def test_a_well_made_composite_font_passes_the_font_checks(tmp_path, needs_font):
    assert _font_findings(_pdf(tmp_path / "ok.pdf")) == set()


def test_a_wrong_width_is_found(tmp_path, needs_font):
    def spoil(pdf, gids):
        cid_font = pdf.pages[0].Resources.Font.F1.DescendantFonts[0]
        cid_font.W = Array([gids["中"], Array([700])])
    assert "6.2.11.5" in _font_findings(_pdf(tmp_path / "width.pdf", spoil))


def test_a_missing_cid_to_gid_map_and_unicode_are_found(tmp_path, needs_font):
    def spoil(pdf, gids):
        font = pdf.pages[0].Resources.Font.F1
        del font.DescendantFonts[0]["/CIDToGIDMap"]
        del font["/ToUnicode"]
    assert {"6.2.11.3.2", "6.2.11.7.2"} <= _font_findings(_pdf(tmp_path / "map.pdf", spoil))


def test_a_glyph_the_subset_lacks_is_notdef(tmp_path, needs_font):
    def spoil(pdf, gids):
        page = pdf.pages[0]
        page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td <0000> Tj ET")
    assert "6.2.11.8" in _font_findings(_pdf(tmp_path / "notdef.pdf", spoil))
