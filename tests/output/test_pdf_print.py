"""Print-ready PDFs: page boxes and trim marks, K-only overprinting text and
rules, photos in grey or CMYK at a sensible resolution, PDF/X identification
with an output intent, and the same bytes every time.

The PDF is read back with qpdf (structure, objects, content streams), pdffonts
and pdfium, not trusted from the writer."""
from __future__ import annotations

import ctypes
import io
import json
import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from layout.output import pdfx
from layout.diagnostics import InputError
from layout.compose.line_breaker import Glyph
from layout.spec.model import PrintSettings
from layout.output.pdf import FontRegistrar, write_pdf
from layout.plan import Box, PagePlan, Picture, Placeholder, Rule, TextLine
from layout.output.print_images import prepare_photo
from layout.pipeline import RenderOptions, render
from layout.check.typography import read_pdf
from layout.units import mm

from conftest import REFERENCE

W, H = 300.0, 220.0
EM = 9.0


# -- building a small page by hand -----------------------------------------------

def _line(fonts, text: str, x: float, baseline: float, kind: str = "body") -> TextLine:
    glyphs = tuple(Glyph(ch, fonts.resolve("body", ch).id, EM, i * EM) for i, ch in enumerate(text))
    width = len(text) * EM
    return TextLine(x, baseline, glyphs, kind, "a1", 0, width, width, True, align="left")


def _photo(tmp_path: Path, name: str, size: tuple[int, int], mode: str = "RGB") -> str:
    """Four patches: cyan, magenta, yellow, and a dark grey."""
    image = Image.new("RGB", size, (255, 255, 255))
    w, h = size
    for i, colour in enumerate([(0, 255, 255), (255, 0, 255), (255, 255, 0), (40, 40, 40)]):
        image.paste(colour, (i * w // 4, 0, (i + 1) * w // 4, h))
    path = tmp_path / name
    image.convert(mode).save(path)
    return str(path)


def _plan(fonts, pictures=(), colour="grey") -> PagePlan:
    lines = (_line(fonts, "版面印刷测试正文", 20, 40), _line(fonts, "第二行黑字", 20, 52))
    white = (_line(fonts, "反白", 22, 200, kind="folio"),)
    return PagePlan.of_marks(1, W, H, lines, (Rule(20, 60, 280, 60, 0.5),), tuple(pictures),
                             (Placeholder(200, 150, 60, 30, "图片缺失"),),
                             (Box(20, 190, 24, 14, 0.0, None),), reversed_lines=white, colour=colour)


@pytest.fixture(scope="module")
def registrar(fonts):
    return FontRegistrar(fonts)


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    d = tmp_path_factory.mktemp("photos")
    return {"big": _photo(d, "big.png", (1200, 800)),      # 720 ppi over 120 pt
            "fair": _photo(d, "fair.png", (640, 400)),      # 384 ppi over 120 pt
            "grey": _photo(d, "grey.png", (400, 300), "L")}


def _write(tmp_path, registrar, plan, name="p.pdf", **settings) -> str:
    path = tmp_path / name
    write_pdf([plan], str(path), registrar, "测试报 2024-11-06 第1版", "要闻", settings=PrintSettings(**settings))
    return str(path)


# -- reading the PDF back ------------------------------------------------------------

def qpdf_objects(path: str) -> dict:
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", path], capture_output=True, check=True)
    header, objects = json.loads(out.stdout)["qpdf"]
    objects["header"] = header
    return objects


def _value(objects: dict, ref: str) -> dict:
    entry = objects["obj:" + ref]
    return entry.get("value") or entry["stream"]["dict"]


def _page(objects: dict) -> dict:
    return next(v["value"] for v in objects.values()
                if isinstance(v, dict) and isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Page")


def _catalog(objects: dict) -> dict:
    return _value(objects, objects["trailer"]["value"]["/Root"])


def _info(objects: dict) -> dict:
    return _value(objects, objects["trailer"]["value"]["/Info"])


def _stream_data(path: str, ref: str) -> bytes:
    number = ref.split()[0]
    return subprocess.run(["qpdf", f"--show-object={number}", "--filtered-stream-data", path],
                          capture_output=True, check=True).stdout


def _images(objects: dict) -> list[dict]:
    return [v["stream"]["dict"] for v in objects.values()
            if isinstance(v, dict) and "stream" in v and v["stream"]["dict"].get("/Subtype") == "/Image"]


def _string_end(data: bytes, i: int) -> int:
    """The index after the literal string that starts at data[i] == '('."""
    depth = 0
    while i < len(data):
        ch = data[i:i + 1]
        if ch == b"\\":
            i += 2
            continue
        depth += ch == b"("
        depth -= ch == b")"
        i += 1
        if depth == 0:
            break
    return i


def _tokens(data: bytes):
    """Content-stream tokens as (kind, value): operators, and operands (a
    string or a dictionary counts as one operand; array brackets are skipped)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c.isspace() or c in (b"[", b"]"):
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in (b"\n", b"\r"):
                i += 1
        elif c == b"(":
            i = _string_end(data, i)
            yield ("operand", "string")
        elif data[i:i + 2] == b"<<":
            depth = 0
            while i < n:
                if data[i:i + 2] == b"<<":
                    depth, i = depth + 1, i + 2
                elif data[i:i + 2] == b">>":
                    depth, i = depth - 1, i + 2
                    if depth == 0:
                        break
                elif data[i:i + 1] == b"(":
                    i = _string_end(data, i)
                else:
                    i += 1
            yield ("operand", "dict")
        elif c == b"<":
            i = data.index(b">", i) + 1
            yield ("operand", "hex")
        else:
            j = i + 1
            while j < n and not data[j:j + 1].isspace() and data[j:j + 1] not in b"()<>[]/%":
                j += 1
            word = data[i:j].decode("latin-1")
            i = j
            if word.startswith("/"):
                yield ("operand", word)
            elif re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", word):
                yield ("operand", float(word))
            else:
                yield ("op", word)


def paint_states(data: bytes) -> list[tuple[str, str | None, tuple]]:
    """Every painting operator (text show, fill, stroke, image) with the
    ExtGState in force and the colour it paints with."""
    state = {"gs": None, "fill": None, "stroke": None}
    stack = []
    operands = []
    out = []
    for kind, value in _tokens(data):
        if kind == "operand":
            operands.append(value)
            continue
        op = value
        if op == "q":
            stack.append(dict(state))
        elif op == "Q":
            state = stack.pop()
        elif op == "gs":
            state["gs"] = operands[-1].lstrip("/")
        elif op == "k":
            state["fill"] = tuple(operands[-4:])
        elif op == "K":
            state["stroke"] = tuple(operands[-4:])
        elif op in ("Tj", "TJ", "'", '"'):
            out.append(("text", state["gs"], state["fill"]))
        elif op in ("f", "f*", "F", "B", "B*", "b", "b*"):
            out.append(("fill", state["gs"], state["fill"]))
        elif op in ("S", "s"):
            out.append(("stroke", state["gs"], state["stroke"]))
        elif op == "Do":
            out.append(("image", state["gs"], None))
        operands = []
    return out


def _content(path: str) -> bytes:
    objects = qpdf_objects(path)
    contents = _page(objects)["/Contents"]
    refs = contents if isinstance(contents, list) else [contents]
    return b"\n".join(_stream_data(path, ref) for ref in refs)


# -- boxes and marks -------------------------------------------------------------------

@pytest.mark.render
def test_boxes_bleed_and_media(tmp_path, registrar, fonts):
    bleed = mm(3)
    doc = pdfium.PdfDocument(_write(tmp_path, registrar, _plan(fonts), bleed_mm=3, pdfx="none"))
    page = doc[0]
    assert page.get_trimbox() == pytest.approx((bleed, bleed, bleed + W, bleed + H), abs=1e-3)
    assert page.get_bleedbox() == pytest.approx((0, 0, W + 2 * bleed, H + 2 * bleed), abs=1e-3)
    assert page.get_mediabox() == pytest.approx(page.get_bleedbox(), abs=1e-3)
    doc.close()

    doc = pdfium.PdfDocument(_write(tmp_path, registrar, _plan(fonts), "m.pdf", bleed_mm=5,
                                    crop_marks=True, pdfx="none"))
    page = doc[0]
    slug = mm(pdfx.SLUG_MM)
    media = page.get_mediabox()
    assert media == pytest.approx((0, 0, W + 2 * (mm(5) + slug), H + 2 * (mm(5) + slug)), abs=1e-3)
    assert page.get_bleedbox() == pytest.approx((slug, slug, slug + W + 2 * mm(5), slug + H + 2 * mm(5)),
                                                abs=1e-3)
    assert page.get_trimbox()[0] == pytest.approx(slug + mm(5), abs=1e-3)
    doc.close()


@pytest.mark.render
def test_pdfinfo_reads_the_boxes(tmp_path, registrar, fonts):
    out = subprocess.run(["pdfinfo", "-box", _write(tmp_path, registrar, _plan(fonts), bleed_mm=3)],
                         capture_output=True, text=True, check=True).stdout
    boxes = {m[0]: tuple(map(float, m[1:])) for m in
             re.findall(r"^(\w+Box):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out, re.M)}
    b = mm(3)
    assert boxes["TrimBox"] == pytest.approx((b, b, b + W, b + H), abs=0.01)
    assert boxes["BleedBox"] == pytest.approx((0, 0, W + 2 * b, H + 2 * b), abs=0.01)
    assert boxes["MediaBox"] == boxes["BleedBox"]


@pytest.mark.render
def test_content_keeps_its_place_on_the_trim(tmp_path, registrar, fonts):
    """Glyph origins measured from the TrimBox's top-left corner are where the plan put them."""
    plan = _plan(fonts)
    for crop_marks in (False, True):
        doc = pdfium.PdfDocument(_write(tmp_path, registrar, plan, f"t{crop_marks}.pdf", bleed_mm=4,
                                        crop_marks=crop_marks, pdfx="none"))
        page = doc[0]
        left, _b, _r, top = page.get_trimbox()
        text = page.get_textpage()
        first = plan.lines[0]
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text.raw, 0, ctypes.byref(x), ctypes.byref(y))
        assert text.get_text_range(0, 1) == first.text[0]
        assert x.value - left == pytest.approx(first.x, abs=0.01)
        assert top - y.value == pytest.approx(first.baseline, abs=0.01)
        text.close()
        doc.close()


def _render(path: str, scale: float):
    doc = pdfium.PdfDocument(path)
    page = doc[0]
    image = page.render(scale=scale).to_pil().convert("L")
    boxes = page.get_mediabox(), page.get_bleedbox(), page.get_trimbox()
    doc.close()
    return image, boxes


@pytest.mark.render
def test_crop_marks_only_when_asked_and_outside_the_bleed(tmp_path, registrar, fonts):
    scale = 4.0
    image, (media, bleed, trim) = _render(_write(tmp_path, registrar, _plan(fonts), "marks.pdf",
                                                 bleed_mm=3, crop_marks=True, pdfx="none"), scale)

    def px(x: float, y: float) -> tuple[int, int]:   # PDF point → pixel
        return int(x * scale), int((media[3] - y) * scale)

    def ink(x0, y0, x1, y1) -> int:
        (a, b), (c, d) = px(x0, y1), px(x1, y0)
        region = image.crop((a, b, max(c, a + 1), max(d, b + 1)))
        return sum(region.histogram()[:200])

    # each corner has a horizontal and a vertical mark in the slug, on the trim lines
    for tx, bx, mx in ((trim[0], bleed[0], media[0]), (trim[2], bleed[2], media[2])):
        for ty, by, my in ((trim[1], bleed[1], media[1]), (trim[3], bleed[3], media[3])):
            assert ink(min(bx, mx), ty - 0.5, max(bx, mx), ty + 0.5) > 0, (tx, ty)
            assert ink(tx - 0.5, min(by, my), tx + 0.5, max(by, my)) > 0, (tx, ty)
    # nothing in the bleed band between the BleedBox and the TrimBox: the marks stay outside it
    for band in ((bleed[0] + 0.3, bleed[1] + 0.3, trim[0] - 0.3, bleed[3] - 0.3),
                 (trim[2] + 0.3, bleed[1] + 0.3, bleed[2] - 0.3, bleed[3] - 0.3),
                 (bleed[0] + 0.3, bleed[1] + 0.3, bleed[2] - 0.3, trim[1] - 0.3),
                 (bleed[0] + 0.3, trim[3] + 0.3, bleed[2] - 0.3, bleed[3] - 0.3)):
        assert ink(*band) == 0, band

    image, (media, bleed, trim) = _render(_write(tmp_path, registrar, _plan(fonts), "nomarks.pdf",
                                                 bleed_mm=3, crop_marks=False, pdfx="none"), scale)
    assert media == bleed
    assert ink(media[0], media[1], trim[0] - 0.3, media[3]) == 0   # the left bleed is blank


@pytest.mark.render
def test_crop_marks_are_thin_black_only(tmp_path, registrar, fonts):
    data = _content(_write(tmp_path, registrar, _plan(fonts), bleed_mm=3, crop_marks=True))
    before_page = data.split(b" cm", 2)[1]    # drawn before the trim offset is set
    assert b".25 w" in before_page and b"0 0 0 1 K" in before_page
    strokes = [s for s in paint_states(data) if s[0] == "stroke"]
    assert strokes and all(colour == (0, 0, 0, 1) for _kind, _gs, colour in strokes)


# -- inks ----------------------------------------------------------------------------

def _states(objects: dict) -> dict:
    return _page(objects)["/Resources"]["/ExtGState"]


@pytest.mark.render
def test_black_text_and_rules_overprint_white_knocks_out_photos_do_not(tmp_path, registrar, fonts, photos):
    plan = _plan(fonts, [Picture(photos["fair"], 20, 70, 120, 75, (0, 0, 640, 400))])
    path = _write(tmp_path, registrar, plan, bleed_mm=3)
    states = _states(qpdf_objects(path))
    paints = paint_states(_content(path))

    def overprints(gs, stroke=False) -> bool:
        if gs is None:
            return False
        d = states["/" + gs]
        return bool(d.get("/OP" if stroke else "/op")) and d.get("/OPM") == 1

    text = [p for p in paints if p[0] == "text"]
    black = [p for p in text if p[2] == (0, 0, 0, 1)]
    white = [p for p in text if p[2] == (0, 0, 0, 0)]
    assert len(black) >= 2 and len(white) >= 1
    assert all(overprints(gs) for _k, gs, _c in black)
    for _k, gs, _c in white:
        assert gs is not None and states["/" + gs]["/op"] is False and states["/" + gs]["/OP"] is False
    rules = [p for p in paints if p[0] == "stroke" and p[2] == (0, 0, 0, 1)]
    assert rules and all(overprints(gs, stroke=True) for _k, gs, _c in rules)
    solid = [p for p in paints if p[0] == "fill" and p[2] == (0, 0, 0, 1)]
    assert solid and all(overprints(gs) for _k, gs, _c in solid)
    tints = [p for p in paints if p[0] == "fill" and p[2] not in ((0, 0, 0, 1), None)]
    assert tints and not any(overprints(gs) for _k, gs, _c in tints)
    images = [p for p in paints if p[0] == "image"]
    assert len(images) == 1 and not overprints(images[0][1])


@pytest.mark.render
def test_only_k_and_grey_no_rgb_no_transparency(tmp_path, registrar, fonts, photos):
    plan = _plan(fonts, [Picture(photos["big"], 20, 70, 120, 80, (0, 0, 1200, 800))], colour="cmyk")
    path = _write(tmp_path, registrar, plan, bleed_mm=3, crop_marks=True)
    data = _content(path)
    ops = {value for kind, value in _tokens(data) if kind == "op"}
    assert not ops & {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"}   # device K / CMYK only
    fills = {c for k, _gs, c in paint_states(data) if k in ("text", "fill", "stroke") and c}
    assert all(c[:3] == (0, 0, 0) for c in fills)                         # never rich black
    objects = qpdf_objects(path)
    text = json.dumps({k: v for k, v in objects.items() if k != "header"})
    assert "/DeviceRGB" not in text and "/SMask" not in text and "/CA" not in text and '"/ca"' not in text
    assert '"/BM"' not in text and '"/Group"' not in text


# -- photos ----------------------------------------------------------------------------

@pytest.mark.render
def test_photos_grey_or_cmyk_as_the_page_says(tmp_path, registrar, fonts, photos):
    pics = [Picture(photos["fair"], 20, 70, 120, 75, (0, 0, 640, 400)),
            Picture(photos["grey"], 150, 70, 100, 75, (0, 0, 400, 300))]
    grey = _images(qpdf_objects(_write(tmp_path, registrar, _plan(fonts, pics), "g.pdf")))
    assert sorted(i["/ColorSpace"] for i in grey) == ["/DeviceGray", "/DeviceGray"]
    cmyk = _images(qpdf_objects(_write(tmp_path, registrar, _plan(fonts, pics, colour="cmyk"), "c.pdf")))
    # the RGB photo is separated; a grey original stays on the black plate
    assert sorted(i["/ColorSpace"] for i in cmyk) == ["/DeviceCMYK", "/DeviceGray"]
    for image in grey + cmyk:
        assert image["/Filter"] in (["/DCTDecode"], "/DCTDecode") and image["/BitsPerComponent"] == 8
        assert "/SMask" not in image


@pytest.mark.render
def test_cmyk_photo_decodes_to_its_colours(tmp_path, registrar, fonts, photos):
    """Pillow writes Adobe (inverted) CMYK JPEGs; the /Decode array must undo it."""
    plan = _plan(fonts, [Picture(photos["fair"], 20, 70, 120, 75, (0, 0, 640, 400))], colour="cmyk")
    doc = pdfium.PdfDocument(_write(tmp_path, registrar, plan, bleed_mm=0, pdfx="x1a"))
    image = doc[0].render(scale=2).to_pil().convert("RGB")
    doc.close()

    def at(i):   # the middle of patch i
        return image.getpixel((int((20 + 15 + 30 * i) * 2), int((70 + 37) * 2)))

    cyan, magenta, yellow, dark = (at(i) for i in range(4))
    assert cyan[0] < 150 < min(cyan[1], cyan[2])
    assert magenta[1] < 150 < min(magenta[0], magenta[2])
    assert yellow[2] < 150 < min(yellow[0], yellow[1])
    assert max(dark) < 90


def test_icc_separation_generates_black_within_the_ink_limit(photos):
    """A real ICC transform (not Pillow's naive 255 − RGB): grey and black are
    built with K, and total ink stays within the profile's 300 %."""
    profile = pdfx.output_profile()
    icc = prepare_photo(photos["fair"], (0, 0, 640, 400), 120, 75, "cmyk", 300, profile)
    naive = prepare_photo(photos["fair"], (0, 0, 640, 400), 120, 75, "cmyk", 300, None)
    assert (icc.mode, icc.transform, naive.transform) == ("CMYK", "icc", "naive")
    dark = Image.open(io.BytesIO(icc.data)).convert("CMYK").getpixel((icc.pixels[0] * 7 // 8, icc.pixels[1] // 2))
    naive_dark = Image.open(io.BytesIO(naive.data)).convert("CMYK").getpixel((naive.pixels[0] * 7 // 8,
                                                                             naive.pixels[1] // 2))
    assert naive_dark[3] < 5                       # naive: no black plate
    assert dark[3] > 100                           # ICC: the dark grey is carried by K
    assert sum(dark) <= 3.05 * 255


@pytest.mark.render
def test_oversized_photo_is_downsampled(tmp_path, registrar, fonts, photos):
    pics = [Picture(photos["big"], 20, 70, 120, 80, (0, 0, 1200, 800)),     # 720 ppi: > 1.5 × 300
            Picture(photos["fair"], 150, 70, 120, 75, (0, 0, 640, 400))]    # 384 ppi: kept
    images = _images(qpdf_objects(_write(tmp_path, registrar, _plan(fonts, pics), image_ppi=300)))
    widths = sorted((i["/Width"], i["/Height"]) for i in images)
    assert widths == [(500, 333), (640, 400)]
    images = _images(qpdf_objects(_write(tmp_path, registrar, _plan(fonts, pics), "hi.pdf", image_ppi=600)))
    assert sorted(i["/Width"] for i in images) == [640, 1200]


def test_transparent_photo_is_flattened_onto_white(tmp_path):
    path = tmp_path / "alpha.png"
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((0, 0, 0, 255), (0, 0, 100, 100))
    image.save(path)
    out = prepare_photo(str(path), (0, 0, 200, 100), 100, 50, "grey", 300, None)
    flat = Image.open(io.BytesIO(out.data))
    assert flat.mode == "L"
    assert flat.getpixel((50, 50)) < 10 and flat.getpixel((150, 50)) > 245


def _quadrants(path, size=(4000, 3000)) -> None:
    """A JPEG of four flat quadrants: red, green, blue and grey."""
    image = Image.new("RGB", size, (200, 30, 30))
    w, h = size
    image.paste((30, 200, 30), (w // 2, 0, w, h // 2))
    image.paste((30, 30, 200), (0, h // 2, w // 2, h))
    image.paste((128, 128, 128), (w // 2, h // 2, w, h))
    image.save(path, quality=95)


@pytest.mark.parametrize("crop, colour", [((0, 0, 2000, 1500), (200, 30, 30)),
                                          ((2000, 0, 4000, 1500), (30, 200, 30)),
                                          ((0, 1500, 2000, 3000), (30, 30, 200)),
                                          ((2000, 1500, 4000, 3000), (128, 128, 128))])
def test_a_large_jpeg_is_decoded_smaller_and_cropped_where_it_was_asked(tmp_path, crop, colour):
    """Printed at 60 × 45 pt, a 2000-pixel crop needs 250 pixels at 300 ppi:
    libjpeg decodes the file at an eighth (4000 → 500), and the crop still
    lands on its quadrant."""
    path = tmp_path / "big.jpg"
    _quadrants(path)
    out = prepare_photo(str(path), crop, 60, 45, "cmyk", 300, None)
    assert out.pixels == (250, 188) and round(out.source_ppi) == 2400 and round(out.ppi) == 300
    picture = Image.open(io.BytesIO(out.data)).convert("RGB")
    middle = picture.getpixel((125, 94))
    # the naive CMYK conversion keeps the colour within a few levels
    assert all(abs(a - b) <= 12 for a, b in zip(middle, colour)), (middle, colour)
    # the edges too: nothing of a neighbouring quadrant came in
    for x, y in ((3, 3), (246, 3), (3, 184), (246, 184)):
        assert all(abs(a - b) <= 24 for a, b in zip(picture.getpixel((x, y)), colour))


def test_a_jpeg_the_press_needs_whole_is_decoded_whole(tmp_path, monkeypatch):
    path = tmp_path / "big.jpg"
    _quadrants(path, (1000, 750))
    from PIL import JpegImagePlugin
    asked = []
    real = JpegImagePlugin.JpegImageFile.draft
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft",
                        lambda self, *a: asked.append(a) or real(self, *a))
    out = prepare_photo(str(path), (0, 0, 1000, 750), 200, 150, "grey", 300, None)   # needs 833 pixels
    assert out.pixels == (1000, 750) and asked == []
    prepare_photo(str(path), (0, 0, 1000, 750), 50, 37.5, "grey", 300, None)     # needs 208: a quarter
    assert asked == [("RGB", (250, 188))]


# -- PDF/X ------------------------------------------------------------------------------

@pytest.mark.render
def test_pdfx1a_identification_and_output_intent(tmp_path, registrar, fonts):
    path = _write(tmp_path, registrar, _plan(fonts), bleed_mm=3, pdfx="x1a")
    assert Path(path).read_bytes().startswith(b"%PDF-1.4")
    objects = qpdf_objects(path)
    info = _info(objects)
    assert info["/GTS_PDFXVersion"] == "u:PDF/X-1a:2003"
    assert info["/Trapped"] == "/False"
    assert info["/Title"].startswith("u:测试报") and "/CreationDate" in info and "/ModDate" in info
    intents = _catalog(objects)["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0]
    assert intent["/S"] == "/GTS_PDFX" and intent["/Type"] == "/OutputIntent"
    assert intent["/OutputConditionIdentifier"] == "u:FOGRA39"
    assert intent["/RegistryName"] == "u:http://www.color.org"
    icc = _value(objects, intent["/DestOutputProfile"])
    assert icc["/N"] == 4
    data = _stream_data(path, intent["/DestOutputProfile"])
    assert data == pdfx.output_profile().data and data[36:40] == b"acsp" and data[16:20] == b"CMYK"
    assert len(objects["trailer"]["value"]["/ID"]) == 2
    page = _page(objects)
    assert "/TrimBox" in page and "/ArtBox" not in page
    assert "/Metadata" not in _catalog(objects)


@pytest.mark.render
def test_pdfx4_has_xmp_agreeing_with_the_info(tmp_path, registrar, fonts):
    path = _write(tmp_path, registrar, _plan(fonts), bleed_mm=3, pdfx="x4")
    assert Path(path).read_bytes().startswith(b"%PDF-1.6")
    objects = qpdf_objects(path)
    catalog = _catalog(objects)
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    meta = _value(objects, catalog["/Metadata"])
    assert meta["/Type"] == "/Metadata" and meta["/Subtype"] == "/XML" and "/Filter" not in meta
    xmp = _stream_data(path, catalog["/Metadata"]).decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert "<xmpMM:VersionID>1</xmpMM:VersionID>" in xmp and "<xmpMM:RenditionClass>default" in xmp
    assert ">测试报 2024-11-06 第1版<" in xmp
    info = _info(objects)
    assert info["/GTS_PDFXVersion"] == "u:PDF/X-4"
    y, mo, d, h, mi, s = re.match(r"u:D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", info["/CreationDate"]).groups()
    assert f"<xmp:CreateDate>{y}-{mo}-{d}T{h}:{mi}:{s}" in xmp
    assert f"<xmp:ModifyDate>{y}-{mo}-{d}T{h}:{mi}:{s}" in xmp


@pytest.mark.render
def test_no_pdfx_no_output_intent(tmp_path, registrar, fonts):
    objects = qpdf_objects(_write(tmp_path, registrar, _plan(fonts), pdfx="none"))
    assert "/OutputIntents" not in _catalog(objects)
    assert "/GTS_PDFXVersion" not in _info(objects)


@pytest.mark.render
def test_missing_profile_is_an_input_error_naming_the_package(tmp_path, registrar, fonts, monkeypatch):
    gone = pdfx.ProfileSource(str(tmp_path / "nowhere.icc"), "scribus-data", "FOGRA39", "x", "x")
    monkeypatch.setattr(pdfx, "PROFILE_SOURCES", (gone,))
    with pytest.raises(InputError) as caught:
        _write(tmp_path, registrar, _plan(fonts), "x.pdf", pdfx="x1a")
    hint = caught.value.diagnostics[0].hint
    assert "scribus-data" in hint and "apt-get install" in hint
    assert not (tmp_path / "x.pdf").exists()
    # without PDF/X a grey page needs no profile at all
    _write(tmp_path, registrar, _plan(fonts), "y.pdf", pdfx="none")


@pytest.mark.render
@pytest.mark.parametrize("level", ["x1a", "x4", "none"])
def test_qpdf_check_passes(tmp_path, registrar, fonts, photos, level):
    plan = _plan(fonts, [Picture(photos["big"], 20, 70, 120, 80, (0, 0, 1200, 800))], colour="cmyk")
    path = _write(tmp_path, registrar, plan, bleed_mm=3, crop_marks=True, pdfx=level)
    done = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@pytest.mark.render
def test_same_plan_same_bytes(tmp_path, registrar, fonts, photos):
    plan = _plan(fonts, [Picture(photos["big"], 20, 70, 120, 80, (0, 0, 1200, 800))], colour="cmyk")
    for level in ("x1a", "x4"):
        a = Path(_write(tmp_path, registrar, plan, f"a{level}.pdf", crop_marks=True, pdfx=level)).read_bytes()
        b = Path(_write(tmp_path, registrar, plan, f"b{level}.pdf", crop_marks=True, pdfx=level)).read_bytes()
        assert a == b
        assert b"CreationDate" in a and b"/ID" in a


# -- the reference edition ---------------------------------------------------------------

@pytest.fixture(scope="module")
def reference_pdf(tmp_path_factory, font_cache):
    out = tmp_path_factory.mktemp("print-reference")
    render(str(REFERENCE), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    return str(out / "p03.pdf")


@pytest.mark.render
def test_reference_fonts_embedded_and_subset(reference_pdf):
    out = subprocess.run(["pdffonts", reference_pdf], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", row[0]), row


@pytest.mark.render
def test_reference_passes_qpdf_and_keeps_its_line_marks(reference_pdf):
    done = subprocess.run(["qpdf", "--check", reference_pdf], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    pages, count = read_pdf(reference_pdf)
    assert count == 1 and len(pages[0]) > 100     # the /BanmianLine marks are all there
    objects = qpdf_objects(reference_pdf)
    assert "/OutputIntents" in _catalog(objects)
    assert all(i["/ColorSpace"] in ("/DeviceGray", "/DeviceCMYK") for i in _images(objects))


@pytest.mark.render
def test_a_plants_own_output_profile(tmp_path, registrar, fonts):
    own = tmp_path / "plant.icc"
    own.write_bytes(pdfx.output_profile().data)     # any CMYK printer profile will do
    path = _write(tmp_path, registrar, _plan(fonts), pdfx="x1a", profile=str(own), condition="IFRA26")
    intent = _catalog(qpdf_objects(path))["/OutputIntents"][0]
    assert intent["/OutputConditionIdentifier"] == "u:IFRA26"


def test_own_profile_settings_are_checked(tmp_path):
    from layout.spec.edition import load_edition
    import shutil
    edition = tmp_path / "ed"
    shutil.copytree(REFERENCE, edition)
    spec = edition / "edition.yaml"
    text = spec.read_text("utf-8")
    (edition / "notaprofile.icc").write_bytes(b"not an icc profile at all" * 4)
    for extra, words in (("print: {profile: missing.icc}", "not found"),
                         ("print: {profile: notaprofile.icc}", "not a CMYK ICC profile"),
                         ("print: {condition: IFRA26}", "give the profile too")):
        spec.write_text(text.replace("\ndate:", f"\n{extra}\ndate:", 1), "utf-8")
        with pytest.raises(InputError) as info:
            load_edition(str(edition))
        assert any(words in d.message for d in info.value.diagnostics), words
    (edition / "plant.icc").write_bytes(pdfx.output_profile().data)
    spec.write_text(text.replace("\ndate:", "\nprint: {profile: plant.icc, condition: IFRA26}\ndate:", 1), "utf-8")
    loaded, _ = load_edition(str(edition))
    assert loaded.print.profile.endswith("plant.icc") and loaded.print.condition == "IFRA26"
