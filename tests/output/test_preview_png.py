"""output/preview.py's PNG writer: what Pillow (and libvips) read back is the
picture that was written, pixel for pixel, and the same picture always gives
the same bytes."""
from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image

from layout.output.preview import png_bytes, png_of_rows


def picture(mode: str, size: tuple[int, int], seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    bands = len(mode)
    return Image.frombytes(mode, size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * bands)))


@pytest.mark.parametrize("mode", ["L", "RGB"])
@pytest.mark.parametrize("size", [(1, 1), (7, 3), (240, 336), (333, 1)])
def test_a_png_reads_back_as_the_same_pixels(mode, size):
    image = picture(mode, size)
    back = Image.open(io.BytesIO(png_bytes(image)))
    back.load()
    assert back.mode == mode and back.size == size
    assert back.tobytes() == image.tobytes()


def test_the_file_is_a_plain_png_and_the_same_every_time():
    image = picture("L", (50, 40))
    data = png_bytes(image)
    assert data == png_bytes(image)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks.append((kind, body))
        at += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", chunks[0][1]) == (50, 40, 8, 0, 0, 0, 0)
    # one zlib stream (its checksum checked by zlib) of unfiltered rows
    rows = zlib.decompress(chunks[1][1])
    assert rows == b"".join(b"\0" + image.tobytes()[r * 50:(r + 1) * 50] for r in range(40))


def test_libvips_reads_it():
    from layout.output.vips import load_pyvips
    pyvips = load_pyvips()
    image = picture("RGB", (31, 17))
    vips = pyvips.Image.new_from_buffer(png_bytes(image), "")
    assert (vips.width, vips.height, vips.bands) == (31, 17, 3)
    assert vips.write_to_memory() == image.tobytes()


def _pdf_with_trim(path) -> None:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=(300, 400))
    c.setTrimBox((13.3, 17.1, 287.2, 381.9))
    c.setFillColorRGB(0.8, 0.2, 0.1)
    c.rect(40, 60, 120.5, 90.25, stroke=0, fill=1)
    c.setFont("Helvetica", 17)
    c.drawString(30, 300, "Banmian 版面")
    c.showPage()
    c.save()


@pytest.mark.parametrize("dpi", [72, 150, 151.3])
def test_page_rows_are_the_pixels_pdfium_renders_for_the_trim(tmp_path, dpi):
    import pypdfium2 as pdfium
    from layout.output.preview import page_rows
    path = tmp_path / "page.pdf"
    _pdf_with_trim(path)
    document = pdfium.PdfDocument(str(path))
    page = document[0]
    left, bottom, right, top = page.get_mediabox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    want = page.render(scale=dpi / 72, crop=(t_left - left, t_bottom - bottom, right - t_right, top - t_top),
                       rev_byteorder=True).to_pil().convert("RGB")
    page.close()
    document.close()
    rows = page_rows(str(path), dpi)
    assert (rows.width, rows.height) == want.size
    assert rows.image().tobytes() == want.tobytes()
    data = bytes(rows.rows)
    assert all(data[r * rows.stride] == 0 for r in range(rows.height))     # every filter byte: none
    back = Image.open(io.BytesIO(png_bytes(want)))
    assert png_of_rows(rows) == png_bytes(want) and back.size == want.size


def test_rows_deflated_while_something_else_runs_make_the_same_file():
    image = picture("RGB", (333, 211))
    from layout.output.preview import PageRows
    raw = image.tobytes()
    rows = b"".join(b"\0" + raw[r * 999:(r + 1) * 999] for r in range(211))
    page = PageRows(333, 211, "RGB", memoryview(rows))
    ran = []
    with_meanwhile = png_of_rows(page, meanwhile=lambda: ran.append(True))
    assert ran == [True]
    assert with_meanwhile == png_of_rows(page) == png_bytes(image)


@pytest.mark.parametrize("grey", [False, True])
def test_previews_of_a_page_read_back_as_its_pixels(tmp_path, grey):
    from layout.output.preview import page_rows, render_previews
    path = tmp_path / "page.pdf"
    _pdf_with_trim(path)
    render_previews(str(path), str(tmp_path / "p.png"), str(tmp_path / "t.png"), 150, grey=grey)
    want = page_rows(str(path), 150).image()
    want = want.convert("L") if grey else want
    with Image.open(tmp_path / "p.png") as back:
        back.load()
        assert back.mode == want.mode and back.tobytes() == want.tobytes()
    with Image.open(tmp_path / "t.png") as thumb:
        thumb.load()
        assert thumb.mode == want.mode and thumb.width == 240
