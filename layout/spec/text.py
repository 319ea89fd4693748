"""Text as it comes from a spec file, before it is typeset.

A control character or a lone surrogate (possible through a YAML escape such
as "\\ud800") cannot be printed or even written to a PDF: it is an input error
at its position. Variation selectors and the zero-width joiner only choose a
glyph form (an emoji's colour presentation, an ideographic variant, an emoji
sequence); the fonts here draw the base character, so they are dropped.
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; surrogates
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_IGNORABLE = re.compile("[\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character that cannot be printed, or None."""
    m = _BAD.search(text)
    if m is None:
        return None
    ch = m.group()
    what = "a lone surrogate" if "\ud800" <= ch <= "\udfff" else "a control character"
    return m.start(), f"{what} (U+{ord(ch):04X})"


def printable(text: str) -> str:
    """The text without the selectors and joiners the fonts do not use."""
    return _IGNORABLE.sub("", text)
