"""Convert a CFF-outline OpenType font to TrueType (glyf) outlines.

ReportLab embeds only TrueType outlines, and Noto CJK / Source Han ship CFF.
Cubic curves become quadratic ones with cu2qu at a tolerance of one font unit,
which is invisible at any printed size.
"""
from __future__ import annotations

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

_MAX_ERR_UNITS = 1.0
# Tables that only make sense next to CFF outlines or that ReportLab ignores;
# dropping them keeps the cached file small.
_DROP = ("CFF ", "CFF2", "VORG", "GSUB", "GPOS", "GDEF", "BASE", "DSIG", "vhea", "vmtx")


def is_cff(font: TTFont) -> bool:
    return "CFF " in font or "CFF2" in font


def convert_to_glyf(src_path: str, font_number: int, dst_path: str) -> None:
    """Write a glyf-outline copy of face `font_number` of `src_path` to `dst_path`."""
    font = TTFont(src_path, fontNumber=font_number, lazy=False)
    if not is_cff(font):
        font.save(dst_path)
        return
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, _MAX_ERR_UNITS, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in _DROP:
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID names are meaningless and large
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(dst_path)
