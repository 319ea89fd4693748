"""Ink boxes: where a glyph's outline actually lies, read from the font file.

Advances say how much room a glyph takes; some placements need where its ink
is (faces place marks differently: Noto's ︓ sits right of centre), so the
setters that centre or turn marks ask for the ink of those few characters.
"""
from __future__ import annotations

InkBox = tuple[float, float, float, float]   # xmin, ymin, xmax, ymax in em, about the origin


def read_ink_boxes(path: str, index: int, chars: str) -> dict[str, InkBox]:
    """The ink box of each of `chars` the face draws (a blank glyph has none).
    A face whose outlines cannot be read gives none: that only costs the fine
    placement."""
    # fontTools only here: most pages turn no mark, and it is a twentieth of a render's imports
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    boxes: dict[str, InkBox] = {}
    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap() or {}
        glyphs = font.getGlyphSet()
        for c in chars:
            name = cmap.get(ord(c))
            if name is None:
                continue
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            if pen.bounds:
                boxes[c] = tuple(v / upem for v in pen.bounds)
        font.close()
    except Exception:  # fontTools raises many kinds for a damaged outline
        return {}
    return boxes
