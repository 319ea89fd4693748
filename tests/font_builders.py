"""Small fonts built by the tests (fontTools' FontBuilder)."""
from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen


def build_tiny_cff(path: Path) -> Path:
    """A CFF-outline OpenType font with .notdef, 'A' (0.6 em) and '中' (1 em)."""
    fb = FontBuilder(1000, isTTF=False)
    glyphs = [".notdef", "A", "uni4E2D"]
    widths = {".notdef": 500, "A": 600, "uni4E2D": 1000}
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({ord("A"): "A", ord("中"): "uni4E2D"})
    charstrings = {}
    for name in glyphs:
        pen = T2CharStringPen(widths[name], None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.curveTo((150, 800), (350, 800), (450, 700))
        pen.lineTo((450, 0))
        pen.closePath()
        charstrings[name] = pen.getCharString()
    fb.setupCFF("TinyTest-Regular", {"FullName": "Tiny Test Regular"}, charstrings, {})
    fb.setupHorizontalMetrics({name: (w, 50) for name, w in widths.items()})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Tiny Test", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


def with_unknown_maxp_version(data: bytes) -> bytes:
    """An sfnt file with its maxp table's version set to 7.0, which no reader knows."""
    raw = bytearray(data)
    for k in range(int.from_bytes(raw[4:6], "big")):
        entry = 12 + 16 * k
        if raw[entry:entry + 4] == b"maxp":
            offset = int.from_bytes(raw[entry + 8:entry + 12], "big")
            raw[offset:offset + 4] = b"\x00\x07\x00\x00"
    return bytes(raw)
