"""Previews: a rendered PDF page → PNG at a chosen resolution, and a thumbnail."""
from __future__ import annotations

import struct
import threading
import zlib

from ..atomic import replacing

THUMB_WIDTH = 240

# The rows of a PNG are deflated in this many parts at once (zlib lets go of
# the GIL while it works). A fixed number, not one per core: the file is then
# the same on every machine.
_PARTS = 2
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {"L": 0, "RGB": 2}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def png_bytes(image) -> bytes:
    """An L or RGB Pillow image as a PNG file: every row unfiltered, deflated
    fast (level 1) in parts on threads. Pillow's encoder tries the five PNG
    filters on every row and holds the GIL: for a broadsheet preview it took
    two to three times as long, for files from a sixth smaller (colour
    photos) to a tenth larger (grey text). The pixels are the same."""
    colour = _COLOUR_TYPE[image.mode]
    width, height = image.size
    pixels = memoryview(image.tobytes())
    stride = len(pixels) // height
    bounds = [height * k // _PARTS for k in range(_PARTS + 1)]
    rows: list = [b""] * _PARTS
    deflated: list = [b""] * _PARTS

    def deflate(k: int) -> None:
        rows[k] = b"".join(b"\0" + pixels[r * stride:(r + 1) * stride]   # filter type 0: none
                           for r in range(bounds[k], bounds[k + 1]))
        # raw deflate, each part flushed to a byte boundary so that the parts
        # join into one stream; only the last one ends it
        z = zlib.compressobj(1, zlib.DEFLATED, -15)
        deflated[k] = z.compress(rows[k]) + z.flush(zlib.Z_FINISH if k == _PARTS - 1 else zlib.Z_SYNC_FLUSH)

    threads = [threading.Thread(target=deflate, args=(k,)) for k in range(1, _PARTS)]
    for thread in threads:
        thread.start()
    deflate(0)
    for thread in threads:
        thread.join()
    checksum = 1
    for part in rows:
        checksum = zlib.adler32(part, checksum)
    # the zlib header of level 1 (0x78 0x01), the parts, the Adler-32 of all the rows
    stream = b"".join([b"\x78\x01", *deflated, struct.pack(">I", checksum)])
    return b"".join([_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)),
                     _chunk(b"IDAT", stream), _chunk(b"IEND", b"")])


def _save_png(image, path: str) -> None:
    data = png_bytes(image)
    with replacing(path, ".png") as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)


def render_previews(pdf_path: str, png_path: str, thumb_path: str, dpi: float = 150,
                    grey: bool = False) -> None:
    """`grey`: the page has no colour (K text and rules, grey photos), so the
    previews are greyscale PNGs: the same picture, a third of the bytes to
    deflate."""
    image = trimmed_page(pdf_path, dpi, "L" if grey else "RGB")
    _save_png(image, png_path)
    ratio = THUMB_WIDTH / image.width
    thumb = image.resize((THUMB_WIDTH, max(1, round(image.height * ratio))), resample=3, reducing_gap=3.0)
    _save_png(thumb, thumb_path)


def trimmed_page(pdf_path: str, dpi: float, mode: str = "RGB"):
    """The first page of a PDF as it is cut (no bleed, no trim marks), as a
    Pillow image in `mode`."""
    import pypdfium2 as pdfium   # only when a picture of a page is asked for
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[0]
        left, bottom, right, top = page.get_mediabox()
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        # RGBX, which Pillow takes without copying (BGR it decodes into a copy):
        # the conversion to `mode` is then the one copy, and the image has its
        # own pixels before the bitmap's go
        bitmap = page.render(scale=dpi / 72.0, crop=(t_left - left, t_bottom - bottom,
                                                     right - t_right, top - t_top),
                             rev_byteorder=True, prefer_bgrx=True)
        image = bitmap.to_pil().convert(mode)
        page.close()
        return image
    finally:
        document.close()
