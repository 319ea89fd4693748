"""Reading a rendered PDF back with pdfium, for tests that check where the ink is."""
from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def pdf_glyphs(path: Path):
    """Every character of page 1: (char, origin x, baseline y from the top, advance, size)."""
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    left, _bottom, _right, top = page.get_trimbox()
    text = page.get_textpage()
    out = []
    x = ctypes.c_double()
    y = ctypes.c_double()
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch or ch.isspace() or ch in "\r\n":
            continue
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
        left_, _bottom, right_, _top = text.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
        out.append((ch, x.value - left, top - y.value, right_ - left_, size))
    text.close()
    page.close()
    doc.close()
    return out
