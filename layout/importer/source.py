"""An OCR page as the importer reads it, whatever the file format: its text,
cut into units (a line of a text dump, a paragraph of an OCR layout), each
character's place in the file, and, when the OCR gives them, the boxes of the
units, of the OCR's blocks and of its pictures.

Offsets are into `text`. For a plain text dump `text` is the file's own text;
for hOCR and ALTO it is the words in the file's reading order, a unit per
paragraph, units separated by a blank line.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..diagnostics import Where

Box = tuple[float, float, float, float]     # x0, y0, x1, y1 in the file's units, y down


@dataclass(frozen=True)
class Segment:
    """A stretch of `text` that came from one place of the file."""
    start: int
    end: int
    line: int
    column: int
    step: int = 1              # 1: the file's columns advance with the characters; 0: one element


@dataclass(frozen=True)
class Unit:
    start: int                 # offsets of its text, without surrounding white space
    end: int
    box: Box | None = None     # union of its lines' boxes
    blocks: tuple[int, ...] = ()   # the OCR blocks it stands in (a paragraph may go on in the next column)
    indented: bool | None = None   # its first line is indented (a paragraph starts); None: not known
    size: float | None = None  # the height of its lines (the type size as scanned)
    lines: int = 1             # printed lines
    short: bool | None = None  # its last line stops short of the column's right edge


@dataclass(frozen=True)
class OcrPage:
    path: str                  # the file, as the user named it
    format: str                # text, hocr or alto
    text: str
    units: tuple[Unit, ...]
    segments: tuple[Segment, ...]
    blocks: tuple[Box, ...] = ()
    pictures: tuple[tuple[Box, Where], ...] = ()

    def where(self, offset: int) -> Where:
        """file:line:col of the character at `offset` (or of what precedes it)."""
        starts = [s.start for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return Where(self.path, 1, 1)
        s = self.segments[i]
        inside = min(offset, s.end) - s.start
        return Where(self.path, s.line, s.column + inside * s.step)

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start:unit.end]


def union(boxes) -> Box | None:
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
