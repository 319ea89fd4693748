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
    width = ctypes.c_float()
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch or ch.isspace() or ch in "\r\n":
            continue
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
        # the advance from the font's widths: the loose box grows to the outline
        # where a glyph's ink overhangs its advance
        obj = pdfium_c.FPDFText_GetTextObject(text.raw, i)
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        if font and pdfium_c.FPDFFont_GetGlyphWidth(font, ord(ch), ctypes.c_float(size), ctypes.byref(width)):
            advance = width.value
        else:
            left_, _bottom, right_, _top = text.get_charbox(i, loose=True)
            advance = right_ - left_
        out.append((ch, x.value - left, top - y.value, advance, size))
    text.close()
    page.close()
    doc.close()
    return out
