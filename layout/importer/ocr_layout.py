"""What hOCR and ALTO have in common: blocks of lines of words with boxes,
in reading order. This module turns them into an OcrPage: the words joined
into text, a unit per paragraph.

Paragraphs inside a block are found as a compositor sets them: a paragraph
begins with an indented line (Chinese body text is indented two ems) or after
a line that stops short of the block's right edge.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..diagnostics import Where
from .source import Box, OcrPage, Segment, Unit, union


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: Box | None
    where: Where


@dataclass(frozen=True)
class OcrLine:
    words: tuple[OcrWord, ...]
    box: Box | None


@dataclass(frozen=True)
class OcrBlock:
    lines: tuple[OcrLine, ...]
    box: Box | None


INDENT_EM = 0.8        # a first line indented by this much of the line height or more begins a paragraph
SHORT_EM = 1.5         # a line ending this far before the block's right edge ends its paragraph
SPACE_EM = 0.5         # a gap between two words this wide is a space in the text


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _height(box: Box | None) -> float:
    return (box[3] - box[1]) if box else 0.0


def _spaced(a: OcrWord, b: OcrWord, em: float) -> bool:
    """Latin words are always spaced; elsewhere only a visible gap is a space
    (CJK OCR gives a word per character or per run, with no space between)."""
    if _is_latin(a.text[-1:]) and _is_latin(b.text[:1]):
        return True
    if a.box and b.box and em > 0:
        return b.box[0] - a.box[2] >= SPACE_EM * em
    return False


def _paragraphs(block: OcrBlock) -> list[tuple[list[OcrLine], bool | None]]:
    """The block's lines grouped into paragraphs, each with whether its first
    line is indented (None when the lines have no boxes)."""
    lines = [line for line in block.lines if any(w.text.strip() for w in line.words)]
    boxed = [line for line in lines if line.box]
    if len(boxed) != len(lines) or not lines:
        return [([line], None) for line in lines]
    em = statistics.median(_height(line.box) for line in lines)
    left = min(line.box[0] for line in lines)
    right = max(line.box[2] for line in lines)
    groups: list[tuple[list[OcrLine], bool | None]] = []
    for i, line in enumerate(lines):
        indented = line.box[0] - left >= INDENT_EM * em
        after_short = i > 0 and right - lines[i - 1].box[2] >= SHORT_EM * em
        if not groups or indented or after_short:
            groups.append(([line], indented if len(lines) > 1 else None))
        else:
            groups[-1][0].append(line)
    return groups


def build_page(path: str, fmt: str, blocks: list[OcrBlock], pictures: list[tuple[Box, Where]]) -> OcrPage:
    text: list[str] = []
    segments: list[Segment] = []
    units: list[Unit] = []
    offset = 0

    def put(s: str, where: Where | None = None) -> None:
        nonlocal offset
        if where is not None and s:
            segments.append(Segment(offset, offset + len(s), where.line or 1, where.column or 1, 0))
        text.append(s)
        offset += len(s)

    for index, block in enumerate(blocks):
        for lines, indented in _paragraphs(block):
            if units:
                put("\n\n")
            start = offset
            previous = None
            for line in lines:
                em = _height(line.box)
                for word in line.words:
                    content = word.text.strip()
                    if not content:
                        continue
                    if previous is not None and _spaced(previous, word, em):
                        put(" ")
                    put(content, word.where)
                    previous = OcrWord(content, word.box, word.where)
                # the next line goes on without a break, as a printed line does,
                # unless two Latin words meet there
                if previous is not None:
                    previous = OcrWord(previous.text, None, previous.where)
            if offset > start:
                units.append(Unit(start, offset, union(line.box for line in lines), index, indented))
    return OcrPage(path, fmt, "".join(text), tuple(units), tuple(segments),
                   tuple(b.box or union(line.box for line in b.lines) or (0, 0, 0, 0) for b in blocks),
                   tuple(pictures))
