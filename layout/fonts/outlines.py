"""Characters a face maps but draws nothing for.

A face whose glyphs have no outlines (a damaged file, a bitmap-only or
colour-emoji font, a font stripped of its glyf table's data) would print its
characters as blanks with nothing reported. Such a character is taken as
missing from the face: the next face of the role's chain draws it, or it is
drawn as 〓 and reported. Spaces and format characters draw nothing by nature
and are kept.

TrueType: a glyph with no outline has an empty `loca` entry (the offsets
before and after it are equal). CFF: its charstring sets no point (no moveto,
no subroutine, no accented-character endchar); only short charstrings are
decoded, since any outline takes more bytes than a width and an endchar.
"""
from __future__ import annotations

import unicodedata

# A charstring this long or longer holds more than a width, hints and endchar.
_SHORT_CHARSTRING = 24
_DRAWS = frozenset({"rmoveto", "hmoveto", "vmoveto", "callsubr", "callgsubr"})
_BLANK_BY_NATURE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"})


def _may_be_blank(code: int) -> bool:
    return unicodedata.category(chr(code)) in _BLANK_BY_NATURE


def draws_anything(codepoints) -> bool:
    """Whether some of a face's code points (blank glyphs left out) is not a space."""
    return any(not _may_be_blank(cp) for cp in codepoints)


def blank_codepoints(font, cmap: dict[int, str]) -> set[int]:
    """The code points of `cmap` whose glyphs draw nothing, spaces and format
    characters left out."""
    drawn = _drawn_glyphs(font, set(cmap.values()))
    return {cp for cp, name in cmap.items() if name not in drawn and not _may_be_blank(cp)}


def _drawn_glyphs(font, names: set[str]) -> set[str]:
    if "glyf" in font and "loca" in font:
        loca = font["loca"]
        order = font.getGlyphOrder()
        index = {name: i for i, name in enumerate(order)}
        return {n for n in names if n in index and index[n] + 1 < len(loca)
                and loca[index[n] + 1] > loca[index[n]]}
    for tag in ("CFF ", "CFF2"):
        if tag in font:
            top = font[tag].cff.topDictIndex[0]
            return {n for n in names if n in top.CharStrings and _charstring_draws(top.CharStrings[n])}
    return set()         # bitmap or SVG glyphs only: nothing this renderer can embed


def _charstring_draws(charstring) -> bool:
    code = getattr(charstring, "bytecode", None)
    if code is not None and len(code) >= _SHORT_CHARSTRING:
        return True
    charstring.decompile()
    program = charstring.program
    if any(isinstance(op, str) and op in _DRAWS for op in program):
        return True
    # endchar with four arguments builds an accented character (seac)
    return bool(program) and program[-1] == "endchar" and \
        sum(1 for op in program[:-1] if not isinstance(op, str)) >= 4
