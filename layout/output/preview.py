"""Previews: a rendered PDF page → PNG at a chosen resolution, and a thumbnail."""
from __future__ import annotations

from ..atomic import replacing

THUMB_WIDTH = 240


def _save_png(image, path: str) -> None:
    with replacing(path, ".png") as tmp:
        # Fast deflate: a broadsheet preview is 7 megapixels, and level 6 took
        # most of a render's time for files only a little smaller.
        image.save(tmp, format="PNG", compress_level=1)


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
        bitmap = page.render(scale=dpi / 72.0, crop=(t_left - left, t_bottom - bottom,
                                                     right - t_right, top - t_top),
                             rev_byteorder=True, prefer_bgrx=True)
        # RGBX, which Pillow takes without copying (BGR it decodes into a copy):
        # the conversion to `mode` is then the one copy, and the image has its
        # own pixels before the bitmap's go
        image = bitmap.to_pil().convert(mode)
        page.close()
        return image
    finally:
        document.close()
