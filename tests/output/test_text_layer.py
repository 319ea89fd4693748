"""The text layer: what a reader copies, searches and extracts from our PDFs.

The reference, demo and torture editions are rendered and read back with
poppler (`pdftotext`, what Evince searches), pdfium (pypdfium2, Chrome) and,
after a Ghostscript `pdfwrite` pass (what PDF/A converters and OCRmyPDF do),
with poppler again. Every character drawn must come back, Ext-B included;
phrases across digits (`223次`) must be found as written, with no space put
in; each face is embedded once per file.
"""
from __future__ import annotations

import re
import subprocess
import textwrap
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from layout.pipeline import RenderOptions, render

from conftest import REFERENCE, ROOT

EDITIONS = {"reference": REFERENCE, "demo": ROOT / "editions" / "shili-ribao-2024-11-08",
            "torture": ROOT / "tests" / "editions" / "torture"}
# a Han character, a run of digits and Latin letters (with their inner marks), a Han character
PHRASE = re.compile(r"[\u3400-\u9fff][0-9A-Za-z][0-9A-Za-z.,:%/\-]*[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, font_cache):
    out = {}
    for name, folder in EDITIONS.items():
        target = tmp_path_factory.mktemp(name)
        result = render(str(folder), RenderOptions(out_dir=str(target), previews=False, jobs=1),
                        cache=font_cache)
        out[name] = (result, target)
    return out


def _pages(rendered):
    for name, (result, folder) in rendered.items():
        for plan in result.plans:
            yield name, plan, folder / f"p{plan.number:02d}.pdf"


def poppler(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfium_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def ghostscript(path: Path, out: Path, *args: str) -> Path:
    subprocess.run(["gs", "-q", *args, "-o", str(out), "-sDEVICE=pdfwrite", str(path)],
                   capture_output=True, check=True)
    return out


def drawn(plan) -> Counter:
    """Every character the page draws (glyphs with a face), blanks aside."""
    return Counter(g.ch for line in plan.lines + plan.reversed_lines for g in line.glyphs
                   if g.face is not None and not g.ch.isspace())


def ink(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def phrases(plan, fonts) -> dict[str, float]:
    """Digit and Latin phrases in the articles' lines, each with the widest
    gap between its characters (in em) where it is set."""
    out: dict[str, float] = {}
    for line in plan.lines + plan.reversed_lines:
        if line.article is None:
            continue
        glyphs = [g for g in line.glyphs if g.face]
        text = "".join(g.ch for g in glyphs)
        for m in PHRASE.finditer(text):
            run = glyphs[m.start():m.end()]
            widest = max((b.x - a.x - fonts.faces[a.face].advance(a.ch) * a.size * a.hscale) / a.size
                         for a, b in zip(run, run[1:]))
            out[m.group()] = max(widest, out.get(m.group(), 0.0))
    return out


# Readers take a gap this much wider than the characters' advances for a word
# space: poppler (Evince, pdftotext) and pdf.js a tenth of an em, pdfium
# (Chrome, pypdfium2) a sixth between text objects.
POPPLER_GAP = 0.1
PDFIUM_GAP = 1 / 6


# -- every character ------------------------------------------------------------

def test_every_drawn_character_comes_back_from_poppler_and_pdfium(rendered):
    for name, plan, pdf in _pages(rendered):
        want = drawn(plan)
        assert sum(want.values()) > 500, (name, plan.number)
        assert ink(poppler(pdf)) == want, (name, plan.number)
        assert ink(pdfium_text(pdf)) == want, (name, plan.number)


def test_every_article_line_reads_back_whole(rendered):
    """Each line of an article comes back as one stretch of text, in order."""
    for name, plan, pdf in _pages(rendered):
        for text in (poppler(pdf, "-raw"), pdfium_text(pdf)):
            text = "".join(text.split())
            for line in plan.lines + plan.reversed_lines:
                if line.article is not None:
                    printed = "".join(g.ch for g in line.glyphs if g.face and not g.ch.isspace())
                    assert printed in text, (name, plan.number, line.text)


def test_phrases_across_digits_are_found_as_written(rendered, fonts):
    """A search for 223次 or 427.3亿元 finds them: no reader puts a space
    between the digits and the Han characters around them where they are set
    solid (the default) or within a reader's word-space gap. The torture page
    keeps the ⅛-em Han–Latin gap, and a loose line may spread Han characters
    by more than a tenth of an em while a number inside stays solid: poppler
    and pdf.js read such a gap as a space whatever draws it."""
    solid = total = 0
    for name, plan, pdf in _pages(rendered):
        layout_text, raw_text, pdfium_page = poppler(pdf), poppler(pdf, "-raw"), pdfium_text(pdf)
        for phrase, widest in phrases(plan, fonts).items():
            total += 1
            if widest < PDFIUM_GAP:
                assert phrase in pdfium_page, (name, plan.number, phrase, widest)
            if widest < POPPLER_GAP:
                solid += 1
                assert phrase in layout_text, (name, plan.number, phrase, widest)
                assert phrase in raw_text, (name, plan.number, phrase, widest)
    assert total > 60 and solid > 0.8 * total
    result, folder = rendered["reference"]
    assert "223次" in poppler(folder / "p03.pdf") and "427.3亿元" in pdfium_text(folder / "p03.pdf")


def test_text_survives_a_ghostscript_pass(rendered, fonts, tmp_path):
    for name, plan, pdf in _pages(rendered):
        again = ghostscript(pdf, tmp_path / f"{name}-{plan.number}.pdf")
        assert ink(poppler(again)) == drawn(plan), (name, plan.number)
        text = poppler(again)
        for phrase, widest in phrases(plan, fonts).items():
            if widest < POPPLER_GAP:
                assert phrase in text, (name, plan.number, phrase)


# -- vertical headlines ------------------------------------------------------------

def _columns(plan) -> list[str]:
    """The text of each vertical line (a column of a vertical headline) of
    more than one character, right to left as the plan orders them."""
    return ["".join(g.ch for g in line.glyphs if g.face and not g.ch.isspace())
            for line in plan.lines + plan.reversed_lines if line.vertical and len(line.glyphs) > 1]


def test_a_vertical_headline_reads_back_whole_and_in_order(rendered):
    """A column of a vertical headline is drawn a glyph at a time; readers
    get its characters as one run, not one line each: poppler (both modes)
    and pdfium. Where the reader keeps content order (poppler -raw, pdfium),
    the columns come right to left."""
    seen = set()
    for name, plan, pdf in _pages(rendered):
        columns = _columns(plan)
        if not columns:
            continue
        seen.add(name)
        assert poppler(pdf).count(columns[0]) == 1, (name, plan.number)
        for column in columns:
            assert column in poppler(pdf), (name, plan.number, column)
        for text in (poppler(pdf, "-raw"), pdfium_text(pdf)):
            at = 0
            for column in columns:
                found = text.find(column, at)
                assert found >= 0, (name, plan.number, column, text[at:at + 200])
                at = found + len(column)
    assert {"demo", "torture"} <= seen
    result, folder = rendered["demo"]
    [plan] = [plan for plan in result.plans if _columns(plan)]
    assert _columns(plan) == ["立冬记", "苏晚"]


# -- characters beyond the BMP and characters that share a glyph -------------------

RARE = "𠮷野家的𡈽字，一与⼀、力与⼒、高与⾼、……与⋯⋯都要原样取回；第223次，共158个。"


def rare_edition(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.md").write_text(
        f"---\nheadline: 原样取回𠮷字\nlead: 本报讯\nbyline: 高创\n---\n{RARE}\n\n{RARE}\n", "utf-8")
    (folder / "edition.yaml").write_text(textwrap.dedent("""\
        paper: 示例日报
        date: 2024-11-06
        pages:
          - number: 2
            section: 要闻
            items:
              - article: articles/a.md
                at: [1, 1]
                span: [2, 20]
        """), "utf-8")
    return folder


@pytest.fixture(scope="module")
def rare(tmp_path_factory, font_cache):
    folder = tmp_path_factory.mktemp("rare")
    result = render(str(rare_edition(folder / "ed")), RenderOptions(out_dir=str(folder / "out"),
                                                                    previews=False), cache=font_cache)
    return result.plans[0], folder / "out" / "p02.pdf"


def test_ext_b_and_shared_glyphs_come_back_exactly(rare):
    plan, pdf = rare
    want = drawn(plan)
    assert want["𠮷"] == 3 and want["𡈽"] == 2 and want["⼀"] == 2 and want["⋯"] == 4
    for text in (poppler(pdf), poppler(pdf, "-raw"), pdfium_text(pdf)):
        assert ink(text) == want
    # in content order; poppler's layout mode guesses columns from where lines
    # start and end, and may read two short columns side by side as one
    for text in (poppler(pdf, "-raw"), pdfium_text(pdf)):
        assert "".join(RARE.split()) in "".join(text.split())


def test_ext_b_and_shared_glyphs_after_ghostscript(rare, tmp_path):
    plan, pdf = rare
    want = drawn(plan)
    bmp = Counter({ch: n for ch, n in want.items() if ord(ch) <= 0xFFFF})
    # Ghostscript 10.0's PDF interpreter writes a surrogate pair's low half
    # wrongly into the ToUnicode map it makes; everything else comes through …
    again = ghostscript(pdf, tmp_path / "gs.pdf")
    got = ink(poppler(again))
    assert Counter({ch: n for ch, n in got.items() if ord(ch) <= 0xFFFF and ch != "\ufffd"}) >= bmp
    assert all(got[ch] == n for ch, n in bmp.items() if not "\u3400" <= ch <= "\u4dbf")
    # … and its PostScript interpreter, which reads our map the same way,
    # keeps every character, 𠮷 included
    again = ghostscript(pdf, tmp_path / "gs-ps.pdf", "-dNEWPDF=false")
    assert ink(poppler(again)) == want


def test_a_vertical_headline_beyond_the_bmp_comes_back(tmp_path, font_cache):
    """pdfium leaves characters beyond the BMP out of ActualText: 𠮷 in a
    vertical headline is read from its own glyph, which splits its column
    rather than losing it."""
    folder = rare_edition(tmp_path / "ed")
    spec = folder / "edition.yaml"
    spec.write_text(spec.read_text("utf-8").replace("span: [2, 20]", "span: [3, 20]\n        vertical_headline: right"),
                    "utf-8")
    result = render(str(folder), RenderOptions(out_dir=str(tmp_path / "out"), previews=False), cache=font_cache)
    plan = result.plans[0]
    assert _columns(plan) == ["原样取回𠮷字"]
    pdf = tmp_path / "out" / "p02.pdf"
    for text in (poppler(pdf), poppler(pdf, "-raw"), pdfium_text(pdf)):
        assert ink(text) == drawn(plan)
        assert "原样取回" in text


def _cmaps(pdf: Path) -> list[str]:
    out = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), "-"],
                         capture_output=True, check=True).stdout
    return re.findall(r"begincmap.*?endcmap", out.decode("latin-1"), re.S)


def test_tounicode_maps_are_small_blocks_of_utf16(rare):
    _, pdf = rare
    cmaps = _cmaps(pdf)
    assert cmaps
    for cmap in cmaps:
        for count, body in re.findall(r"(\d+) beginbfchar(.*?)endbfchar", cmap, re.S):
            entries = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", body)
            assert len(entries) == int(count) <= 100
            for _code, value in entries:
                text = bytes.fromhex(value).decode("utf-16-be")   # a surrogate pair decodes whole
                assert len(text) == 1
    assert any("<D842DFB7>" in cmap for cmap in cmaps)                # 𠮷 U+20BB7


# -- each face once ---------------------------------------------------------------------

def _font_programs(pdf: Path) -> int:
    data = pdf.read_bytes()
    return data.count(b"/FontFile2") + data.count(b"/FontFile3")


def test_each_face_is_embedded_once_per_file(rendered):
    for name, (result, folder) in rendered.items():
        faces_of_edition = set()
        for plan in result.plans:
            faces = {g.face for line in plan.lines + plan.reversed_lines for g in line.glyphs if g.face}
            faces_of_edition |= faces
            assert _font_programs(folder / f"p{plan.number:02d}.pdf") == len(faces), (name, plan.number)
        if len(result.plans) > 1:
            whole = folder / f"{result.edition.name}.pdf"
            assert _font_programs(whole) == len(faces_of_edition), name
            assert ink(poppler(whole)) == sum((drawn(plan) for plan in result.plans), Counter())


# -- a name-keyed CFF face (most Latin OpenType fonts) --------------------------------

def test_a_name_keyed_cff_face_is_embedded_by_glyph_index(tmp_path):
    """A CFF font that is not CID-keyed is shown by glyph index (ISO 32000-1
    §9.7.4.2): its subset keeps the glyph indices, and text and outlines come
    back."""
    from font_builders import build_tiny_cff
    from layout.compose.line_breaker import Glyph
    from layout.fonts.book import ROLES, FontBook, load_manifest
    from layout.fonts.cache import FontCache
    from layout.output.pdf import FontRegistrar, write_pdf
    from layout.plan import PagePlan, TextLine

    font = build_tiny_cff(tmp_path / "Tiny.otf")
    manifest = tmp_path / "fonts.yaml"
    manifest.write_text(f"faces:\n  tiny: {{file: {font}}}\nroles:\n"
                        + "".join(f"  {role}: [tiny]\n" for role in ROLES), "utf-8")
    book = FontBook(load_manifest(manifest), FontCache(tmp_path / "cache"))
    assert not book.faces["tiny"].metrics.cid_keyed
    glyphs = tuple(Glyph(ch, "tiny", 20.0, i * 20.0) for i, ch in enumerate("中中"))
    line = TextLine(20, 40, glyphs, "body", "a", 0, 80, 80, True, align="left")
    pdf = tmp_path / "tiny.pdf"
    write_pdf([PagePlan.of_marks(1, 200, 100, (line,))], str(pdf), FontRegistrar(book), "t")
    assert "".join(poppler(pdf).split()) == "中中"
    assert "".join(pdfium_text(pdf).split()) == "中中"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CID Type 0C" in fonts and "Identity-H" in fonts
    doc = pdfium.PdfDocument(str(pdf))
    image = doc[0].render(scale=1).to_pil().convert("L")
    doc.close()
    assert image.getextrema()[0] < 64          # the outlines are drawn
    # the embedded CFF keeps 中 at glyph index 2, the code shown
    import io
    import json
    from fontTools.cffLib import CFFFontSet
    objects = json.loads(subprocess.run(["qpdf", "--json", "--json-key=qpdf", str(pdf)], capture_output=True,
                                        check=True).stdout)["qpdf"][1]
    [ref] = [k for k, v in objects.items() if isinstance(v, dict) and "stream" in v
             and v["stream"]["dict"].get("/Subtype") == "/CIDFontType0C"]
    data = subprocess.run(["qpdf", f"--show-object={ref.split(':')[1].split()[0]}", "--filtered-stream-data",
                           str(pdf)], capture_output=True, check=True).stdout
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    assert len(top.CharStrings) == 3 and not hasattr(top, "ROS")
    outlines = []
    for gid in (1, 2):
        glyph = top.CharStrings[top.charset[gid]]
        glyph.decompile()
        outlines.append(len(glyph.program) > 4)
    assert outlines == [False, True]           # A is not used: an empty glyph keeps 中 at index 2
