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
SIZE_STEP = 1.3        # a line this much taller or shorter than the one before is set in another size


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


def _size_changes(a: Box, b: Box) -> bool:
    """A headline and its deck, or a deck and the author line, are set in
    different sizes; one paragraph's lines are not."""
    ha, hb = _height(a), _height(b)
    return min(ha, hb) > 0 and max(ha, hb) / min(ha, hb) >= SIZE_STEP


@dataclass
class _Para:
    lines: list[OcrLine]
    indented: bool | None
    short: bool | None                 # its last line ends short of the block's right edge


def _paragraphs(block: OcrBlock) -> list[_Para]:
    """The block's lines grouped into paragraphs."""
    lines = [line for line in block.lines if any(w.text.strip() for w in line.words)]
    boxed = [line for line in lines if line.box]
    if len(boxed) != len(lines) or not lines:
        return [_Para([line], None, None) for line in lines]
    em = statistics.median(_height(line.box) for line in lines)
    left = min(line.box[0] for line in lines)
    right = max(line.box[2] for line in lines)
    if block.box:
        left, right = min(left, block.box[0]), max(right, block.box[2])
    groups: list[_Para] = []
    for i, line in enumerate(lines):
        indented = line.box[0] - left >= INDENT_EM * em
        after_short = i > 0 and right - lines[i - 1].box[2] >= SHORT_EM * em
        resized = i > 0 and _size_changes(lines[i - 1].box, line.box)
        if not groups or indented or after_short or resized:
            groups.append(_Para([line], indented, None))
        else:
            groups[-1].lines.append(line)
    for g in groups:
        g.short = right - g.lines[-1].box[2] >= SHORT_EM * _height(g.lines[-1].box)
    return groups


def _goes_on(previous: _Para | None, para: _Para) -> bool:
    """A paragraph that goes on at the top of the next block (the next column):
    the column before ended with a full line, and this first line, not
    indented, stands higher up the page than that line did."""
    return (previous is not None and para.indented is False and previous.short is False
            and para.lines[0].box[1] < previous.lines[-1].box[1]
            and not _size_changes(previous.lines[-1].box, para.lines[0].box))


def build_page(path: str, fmt: str, blocks: list[OcrBlock], pictures: list[tuple[Box, Where]]) -> OcrPage:
    text: list[str] = []
    segments: list[Segment] = []
    offset = 0
    # (start, end, lines, blocks, indented, short) of each unit
    units: list[list] = []

    def put(s: str, where: Where | None = None) -> None:
        nonlocal offset
        if where is not None and s:
            segments.append(Segment(offset, offset + len(s), where.line or 1, where.column or 1, 0))
        text.append(s)
        offset += len(s)

    previous: _Para | None = None
    last_word: OcrWord | None = None
    for index, block in enumerate(blocks):
        for k, para in enumerate(_paragraphs(block)):
            goes_on = k == 0 and units and _goes_on(previous, para)
            if not goes_on:
                if units:
                    put("\n\n")
                units.append([offset, offset, [], [], para.indented, para.short])
                last_word = None
            unit = units[-1]
            for line in para.lines:
                em = _height(line.box)
                for word in line.words:
                    content = word.text.strip()
                    if not content:
                        continue
                    if last_word is not None and _spaced(last_word, word, em):
                        put(" ")
                    put(content, word.where)
                    last_word = OcrWord(content, word.box, word.where)
                # the next line goes on without a break, as a printed line does,
                # unless two Latin words meet there
                if last_word is not None:
                    last_word = OcrWord(last_word.text, None, last_word.where)
                unit[2].append(line)
            if index not in unit[3]:
                unit[3].append(index)
            unit[1] = offset
            unit[5] = para.short
            previous = para
    out = []
    for start, end, lines, in_blocks, indented, short in units:
        if end > start:
            sizes = [_height(line.box) for line in lines if line.box]
            out.append(Unit(start, end, union(line.box for line in lines), tuple(in_blocks), indented,
                            statistics.median(sizes) if sizes else None, len(lines), short))
    return OcrPage(path, fmt, "".join(text), tuple(out), tuple(segments),
                   tuple(b.box or union(line.box for line in b.lines) or (0, 0, 0, 0) for b in blocks),
                   tuple(pictures))
