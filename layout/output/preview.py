"""Previews: a rendered PDF page → PNG at a chosen resolution, and a thumbnail.

pdfium draws the page straight into the rows of the PNG: a buffer of rows of
one filter byte (0: none) and the row's RGB pixels, which pdfium fills
through a bitmap whose stride skips the filter bytes. The rows are then
deflated as they lie, in parts on threads, while the thumbnail is made: no
copy of the 20 MB picture is taken on the way to the file.
"""
from __future__ import annotations

import ctypes
import math
import struct
import threading
import zlib
from dataclasses import dataclass

from ..atomic import replacing

THUMB_WIDTH = 240

# The rows of a PNG are deflated in this many parts at once (zlib lets go of
# the GIL while it works). A fixed number, not one per core: the file is then
# the same on every machine.
_PARTS = 2
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {"L": 0, "RGB": 2}


@dataclass(frozen=True)
class PageRows:
    """A page's pixels as PNG rows: `height` rows of a filter byte (0) and
    `width` pixels of `mode`, one after the other, in `data` (one spare byte
    after the last row, so that the pixels alone are data[1:] with the same stride)."""
    width: int
    height: int
    mode: str
    data: memoryview

    @property
    def stride(self) -> int:
        return 1 + self.width * len(self.mode)

    @property
    def rows(self) -> memoryview:
        return self.data[:self.stride * self.height]

    def image(self):
        """The pixels as a Pillow image (a copy)."""
        from PIL import Image
        return Image.frombuffer(self.mode, (self.width, self.height), self.data[1:], "raw", self.mode,
                                self.stride, 1)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def png_bytes(image) -> bytes:
    """An L or RGB Pillow image as a PNG file: every row unfiltered, deflated
    fast (level 1) in parts on threads. Pillow's encoder tries the five PNG
    filters on every row and holds the GIL: for a broadsheet preview it took
    two to three times as long, for files from a sixth smaller (colour
    photos) to a tenth larger (grey text). The pixels are the same."""
    return png_of_rows(image_rows(image))


def image_rows(image) -> PageRows:
    """An L or RGB Pillow image's pixels as PNG rows."""
    width, height = image.size
    pixels = memoryview(image.tobytes())
    stride = len(pixels) // height
    rows = b"".join(b"\0" + pixels[r * stride:(r + 1) * stride] for r in range(height))
    return PageRows(width, height, image.mode, memoryview(rows))


def png_of_rows(page: PageRows, meanwhile=None) -> bytes:
    """The PNG file of the rows, deflated in parts on threads; `meanwhile`, if
    given, is called on this thread while they work."""
    rows = page.rows
    bounds = [page.height * k // _PARTS * page.stride for k in range(_PARTS + 1)]
    deflated: list = [b""] * _PARTS

    def deflate(k: int) -> None:
        # raw deflate, each part flushed to a byte boundary so that the parts
        # join into one stream; only the last one ends it
        z = zlib.compressobj(1, zlib.DEFLATED, -15)
        part = rows[bounds[k]:bounds[k + 1]]
        deflated[k] = z.compress(part) + z.flush(zlib.Z_FINISH if k == _PARTS - 1 else zlib.Z_SYNC_FLUSH)

    first = 1 if meanwhile is None else 0   # this thread deflates the first part when it has nothing else to do
    threads = [threading.Thread(target=deflate, args=(k,)) for k in range(first, _PARTS)]
    for thread in threads:
        thread.start()
    try:
        if meanwhile is None:
            deflate(0)
        else:
            meanwhile()
    finally:
        for thread in threads:
            thread.join()
    checksum = zlib.adler32(rows)
    # the zlib header of level 1 (0x78 0x01), the parts, the Adler-32 of all the rows
    stream = b"".join([b"\x78\x01", *deflated, struct.pack(">I", checksum)])
    header = struct.pack(">IIBBBBB", page.width, page.height, 8, _COLOUR_TYPE[page.mode], 0, 0, 0)
    return b"".join([_SIGNATURE, _chunk(b"IHDR", header), _chunk(b"IDAT", stream), _chunk(b"IEND", b"")])


def _save(data: bytes, path: str) -> None:
    with replacing(path, ".png") as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)


def _thumbnail(image):
    ratio = THUMB_WIDTH / image.width
    return image.resize((THUMB_WIDTH, max(1, round(image.height * ratio))), resample=3, reducing_gap=3.0)


def render_previews(pdf_path: str, png_path: str, thumb_path: str, dpi: float = 150,
                    grey: bool = False) -> None:
    """`grey`: the page has no colour (K text and rules, grey photos), so the
    previews are greyscale PNGs: the same picture, a third of the bytes to
    deflate."""
    made = []
    if grey:
        image = trimmed_page(pdf_path, dpi, "L")
        data = png_of_rows(image_rows(image), meanwhile=lambda: made.append(_thumbnail(image)))
    else:
        page = page_rows(pdf_path, dpi)
        data = png_of_rows(page, meanwhile=lambda: made.append(_thumbnail(page.image())))
    thumb = made[0]
    _save(data, png_path)
    _save(png_bytes(thumb), thumb_path)


def trimmed_page(pdf_path: str, dpi: float, mode: str = "RGB"):
    """The first page of a PDF as it is cut (no bleed, no trim marks), as a
    Pillow image in `mode`."""
    if mode == "RGB":
        return page_rows(pdf_path, dpi).image()
    # RGBX, which Pillow takes without a copy: the conversion is the one copy
    from PIL import Image
    (width, height), buffer = _render(pdf_path, dpi, 4, 0)
    return Image.frombuffer("RGBX", (width, height), buffer, "raw", "RGBX", 0, 1).convert(mode)


def page_pixels(pdf_path: str, dpi: float):
    """The first page of a PDF as it is cut, its RGB pixels row after row:
    ((width, height), buffer)."""
    return _render(pdf_path, dpi, 3, 0)


def page_rows(pdf_path: str, dpi: float) -> PageRows:
    """The first page of a PDF as it is cut, in RGB PNG rows: the pixels
    pypdfium2's PdfPage.render gives for that crop."""
    (width, height), buffer = _render(pdf_path, dpi, 3, 1)
    return PageRows(width, height, "RGB", memoryview(buffer).cast("B"))


def _render(pdf_path: str, dpi: float, channels: int, gap: int):
    """The first page of a PDF as it is cut (no bleed, no trim marks), drawn
    by pdfium in RGB (3 channels) or RGBX (4) into a zeroed buffer whose rows
    each start `gap` bytes after the last one ended (one spare byte follows).
    Returns its pixel size and the buffer."""
    import pypdfium2 as pdfium   # only when a picture of a page is asked for
    import pypdfium2.raw as raw
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[0]
        scale = dpi / 72.0
        left, bottom, right, top = page.get_mediabox()
        t_left, t_bottom, t_right, t_top = page.get_trimbox()
        # as PdfPage.render sizes the bitmap: the whole page rounded up, less the crop rounded up
        full_w, full_h = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
        cut = [math.ceil(c * scale) for c in (t_left - left, t_bottom - bottom, right - t_right, top - t_top)]
        width, height = full_w - cut[0] - cut[2], full_h - cut[1] - cut[3]
        if width < 1 or height < 1:
            raise ValueError(f"{pdf_path}: the trim box leaves nothing to draw")
        stride = gap + width * channels
        buffer = (ctypes.c_ubyte * (stride * height + 1))()
        pixel_format = raw.FPDFBitmap_BGR if channels == 3 else raw.FPDFBitmap_BGRx
        bitmap = raw.FPDFBitmap_CreateEx(width, height, pixel_format,
                                         ctypes.cast(ctypes.byref(buffer, gap), ctypes.POINTER(ctypes.c_ubyte)),
                                         stride)
        if not bitmap:
            raise MemoryError(f"pdfium cannot make a {width} × {height} bitmap")
        try:
            raw.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
            # FPDF_REVERSE_BYTE_ORDER: RGB(X), not pdfium's BGR(x)
            raw.FPDF_RenderPageBitmap(bitmap, page, -cut[0], -cut[3], full_w, full_h, 0,
                                      raw.FPDF_ANNOT | raw.FPDF_REVERSE_BYTE_ORDER)
        finally:
            raw.FPDFBitmap_Destroy(bitmap)
        page.close()
        return (width, height), buffer
    finally:
        document.close()
