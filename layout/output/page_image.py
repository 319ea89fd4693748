"""The page image the tiles are cut from: the preview PNG the render wrote,
when it has the resolution asked for, or the page PDF rasterised again as the
previews are (pdfium, cut to the trim: no bleed, no trim marks)."""
from __future__ import annotations

import os

from .preview import page_pixels
from .vips import load_pyvips


def expected_size(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The pixel size pdfium gives a page of that size at `dpi` (it truncates)."""
    return int(width_pt * dpi / 72.0), int(height_pt * dpi / 72.0)


def load_page_image(png_path: str, pdf_path: str, width_pt: float, height_pt: float, dpi: float):
    """A pyvips image of the page at `dpi`."""
    pyvips = load_pyvips()
    want = expected_size(width_pt, height_pt, dpi)
    if os.path.exists(png_path):
        image = pyvips.Image.new_from_file(png_path)
        if abs(image.width - want[0]) <= 1 and abs(image.height - want[1]) <= 1:
            return image
    return rasterise(pdf_path, dpi)


def rasterise(pdf_path: str, dpi: float):
    pyvips = load_pyvips()
    # RGB rows with nothing between them: the buffer pyvips takes as it is
    (width, height), pixels = page_pixels(pdf_path, dpi)
    return pyvips.Image.new_from_memory(memoryview(pixels).cast("B")[:width * height * 3], width, height, 3,
                                        "uchar")
