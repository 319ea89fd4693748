"""A plain OCR text dump of one page (as in the archive's seed files): one
line per printed paragraph or headline, mostly with blank lines between, and
a blank line wherever the OCR reached the end of a printed column."""
from __future__ import annotations

from ..diagnostics import InputError, Where, error
from ..spec.yaml_source import read_utf8
from .source import OcrPage, Segment, Unit

# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return do not occur in text; one is the mark of a binary or damaged file.
_CONTROLS = frozenset(chr(c) for c in range(32)) - set("\t\n\x0b\x0c\r")


def read_text(path: str, display: str) -> OcrPage:
    text = read_utf8(path, display).replace("\r", "\n")
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        for column, ch in enumerate(line, 1):
            if ch in _CONTROLS:
                problems.append(error(f"control character U+{ord(ch):04X} in the text", Where(display, number, column),
                                      "is this an OCR text file? remove the character, or convert the file to text"))
                break
        if len(problems) >= 10:
            break
    if problems:
        raise InputError(problems)
    segments, units = [], []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        segments.append(Segment(offset, offset + len(line), number, 1))
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            units.append(Unit(offset + lead, offset + lead + len(stripped)))
        offset += len(line) + 1
    return OcrPage(display, "text", text, tuple(units), tuple(segments))
