"""Text operators: the plan's text lines as content-stream text objects.

Every glyph lands where the plan put it. A line is shown in runs, one per
font, size and horizontal scale, and a run in segments: each segment starts
with its own Tm and is one Tj/TJ of 2-byte glyph codes whose smallest gap is
the character spacing (Tc); the few gaps wider than it (by less than
`SPREAD_EM`) are TJ displacements, computed from the widths the reader will
use (the W array's) and the rounded numbers actually written, so positions
never drift. A gap that changes by more — compressed punctuation, a wider
space — starts a new segment.

That keeps text extraction exact: pdfium (Chrome, pypdfium2) takes a
displacement that tightens a text object as a sign that its character
spacing is word spacing and inserts spaces; poppler and pdf.js judge by
position only and read a gap about a tenth of an em wider than its
neighbours as a word space, however it is drawn (which is why the page
style's Han–Latin gap is none by default).

Every line is wrapped in a /BanmianLine marked-content sequence (see pdf.py).

A vertical line (a column of a vertical headline) is drawn one glyph at a
time, each upright at its own height, and readers take each such glyph for a
line of its own. So the column's characters are given again, in reading
order, as the ActualText of a /Span sequence around its glyphs (ISO 32000-1
§14.9.4: PDF 1.5, to a PDF 1.4 reader a property list it may ignore).
poppler (pdftotext, both modes) reads ActualText from a Span only and puts
it where the first glyph stands; pdfium reads it from any sequence, with
every character at the first glyph's origin, and leaves out characters
beyond the BMP, which are therefore shown outside the Span. pdfium also
sorts a glyph level with the one drawn before it (within half an em) in by x,
so a column whose last glyph is level with what is drawn next to its left
(a short kicker beside a large headline) is read twice there. Vertical writing mode
(Identity-V, DW2) draws the same page but does not join a column for every
reader: poppler's raw mode still gives one glyph a line, and pdfium takes a
tall column for a line at its top, sorting the columns and the body lines
level with it left to right.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..compose.charclass import Kind, kind_of, needs_glyph
from ..fonts.book import FontBook
from ..plan import TextLine
from .pdf_fonts import FaceCodes, FontUse

MARK = "BanmianLine"  # marked-content tag of a text line (read by typography_check)
BLANKS = frozenset(" \u3000")
SPREAD_EM = 0.05     # widest extra gap inside one text-showing operator
_TOLERANCE = 0.0005  # pt: a glyph this close to its place needs no displacement


def num(value: float, places: int = 4) -> str:
    """A PDF number, short and the same on every run."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pdf_string(value: str) -> str:
    """A PDF literal string with ( ) \\ escaped. Non-ASCII text is a PDF 2.0
    text string: UTF-8 after a byte-order mark, its bytes written as octal
    escapes so the content stream stays ASCII."""
    data = value.encode("utf-8")
    if not value.isascii():
        data = b"\xef\xbb\xbf" + data
    out = []
    for byte in data:
        if byte in b"()\\":
            out.append("\\" + chr(byte))
        elif 32 <= byte < 127:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def utf16_string(value: str) -> str:
    """A PDF text string in UTF-16BE after its byte-order mark (ISO 32000-1
    §7.9.2.2), in hex: the form every reader decodes (poppler takes no UTF-8
    ActualText), characters beyond the BMP as surrogate pairs."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def style_params(style) -> str:
    if style is None:
        return ""
    t = style.typesetting
    return (f" /Top {num(style.top)} /Pitch {num(style.pitch)} /Body {num(style.body_size)}"
            f" /Punct {pdf_string(t.punctuation)} /Hang {1 if t.hanging else 0}"
            f" /HLGap {num(t.han_latin_gap_em)} /MinLast {int(t.min_last_line)}")


def line_mark(line: TextLine, seq: int, params: str = "", fonts: FontBook | None = None) -> str:
    """The BDC operator that opens a line's marked-content sequence."""
    parts = [f"/Kind {pdf_string(line.kind)}"]
    if line.article is not None:
        parts.append(f"/Article {pdf_string(line.article)}")
    if line.paragraph is not None:
        parts.append(f"/Para {int(line.paragraph)}")
    if line.column is not None:
        parts.append(f"/Col {int(line.column)}")
    if line.grid_line is not None:
        parts.append(f"/Grid {int(line.grid_line)}")
    if line.resumed:
        parts.append("/Cont 1")   # the paragraph goes on from an earlier page: no indent
    if line.vertical:
        parts.append("/Dir (v)")  # the glyphs run down the page, each at its own height
    parts.append(f"/Seq {seq}")
    parts.append(f"/Left {num(line.x)} /Right {num(line.x + line.measure)}")
    parts.append(f"/Align {pdf_string(line.align)}")
    # Blank glyphs (the ideographic space after a dateline) draw no ink and PDF
    # readers may drop them from the text; their x and width keep them measurable.
    blanks = []
    for g in line.glyphs:
        if g.ch in BLANKS:
            width = g.size if g.ch == "\u3000" or fonts is None or g.face is None \
                else fonts.faces[g.face].advance(g.ch) * g.size
            blanks.append(f"{num(line.x + g.x)} {num(width)}")
    if blanks:
        parts.append(f"/Blanks {pdf_string(' '.join(blanks))}")
    return f"/{MARK} <<{' '.join(parts)}{params}>> BDC"


@dataclass(frozen=True)
class _Placed:
    font: str        # resource name
    code: int
    width: float     # thousandths of an em (the W array's value)
    size: float
    hscale: float
    rotate: int
    x: float         # origin, page coordinates
    dy: float = 0.0  # on a vertical line: below the line's baseline
    ch: str = ""     # the character its ToUnicode entry gives


# 〓 (U+3013, 下駄記号): the type founder's sign for a character the case lacks,
# printed where no face of a role has a character, so the gap is seen on the
# proof (and the character is reported as missing-glyph) instead of a blank.
PLACEHOLDER = "\u3013"


def _placeholder_face(glyphs, index: int, fonts: FontBook) -> str | None:
    """The face 〓 is drawn in for the glyph at `index`: the face of the nearest
    glyph of its line that has 〓 (its role's text around it), else the first
    face of the book that has it."""
    for j in sorted(range(len(glyphs)), key=lambda j: (abs(j - index), j)):
        face = glyphs[j].face
        if face is not None and fonts.faces[face].has(PLACEHOLDER):
            return face
    return next((fid for fid in sorted(fonts.faces) if fonts.faces[fid].has(PLACEHOLDER)), None)


def shown_glyphs(glyphs, fonts: FontBook):
    """The glyphs as drawn: one no face has becomes 〓 in a face that has it,
    as wide as the room the composer gave it (an em, or half for Latin)."""
    if all(g.face is not None or not needs_glyph(g.ch) for g in glyphs):
        return glyphs
    out = list(glyphs)
    for i, g in enumerate(glyphs):
        if g.face is None and needs_glyph(g.ch):
            face = _placeholder_face(glyphs, i, fonts)
            if face is not None:
                narrow = g.ch.isascii() or kind_of(g.ch) is Kind.LATIN
                out[i] = replace(g, ch=PLACEHOLDER, face=face, hscale=g.hscale * (0.5 if narrow else 1.0))
    return tuple(out)


class TextWriter:
    """Writes text objects; records in `use` every glyph shown."""

    def __init__(self, fonts: FontBook, codes: Callable[[str], FaceCodes], use: FontUse):
        self.fonts = fonts
        self._face_codes = codes
        self.use = use

    def _placed(self, line: TextLine) -> list[_Placed]:
        out = []
        for g in shown_glyphs(line.glyphs, self.fonts):
            if g.face is None:
                continue
            shown = self._face_codes(g.face).shown(ord(g.ch), g.half)
            if shown is None:
                continue   # the face lacks it: reported when the line was set
            font, variant, code, width = shown
            self.use.add(g.face, variant, code, ord(g.ch))
            out.append(_Placed(font, code, width, g.size, g.hscale, g.rotate, line.x + g.x, g.y, g.ch))
        return out

    def text_object(self, lines, height: float, white: bool, style=None, seq: int = 0) -> tuple[str, int]:
        """One BT … ET with each line in its own marked-content sequence;
        returns it and the next sequence number."""
        ops = ["BT", "0 0 0 0 k" if white else "0 0 0 1 k"]
        params = style_params(style)
        state = _State()
        for line in lines:
            ops.append(line_mark(line, seq, params, self.fonts))
            seq += 1
            y = height - line.baseline
            if line.vertical:
                # a column of a vertical headline: each glyph at its own height,
                # its text given whole for readers (see the module's doc)
                for span in _actual_text_spans(self._placed(line)):
                    if len(span) > 1:
                        ops.append(f"/Span <</ActualText {utf16_string(''.join(p.ch for p in span))}>> BDC")
                    for p in span:
                        _show_run(ops, state, [p], y - p.dy)
                    if len(span) > 1:
                        ops.append("EMC")
            else:
                for run in _runs(self._placed(line)):
                    _show_run(ops, state, run, y)
            ops.append("EMC")
        ops.append("ET")
        return "\n".join(ops), seq


def _actual_text_spans(placed: list[_Placed]) -> list[list[_Placed]]:
    """A vertical line's glyphs in the runs one ActualText gives: a character
    beyond the BMP stands alone, since pdfium drops it from ActualText but
    reads it from its glyph."""
    spans: list[list[_Placed]] = []
    run: list[_Placed] = []
    for p in placed:
        if ord(p.ch) > 0xFFFF:
            spans += [run, [p]] if run else [[p]]
            run = []
        else:
            run.append(p)
    return spans + [run] if run else spans


class _State:
    def __init__(self):
        self.font: tuple[str, float] | None = None
        self.tc = 0.0
        self.tz = 100.0


def _runs(placed: list[_Placed]) -> list[list[_Placed]]:
    runs: list[list[_Placed]] = []
    for p in placed:
        last = runs[-1][-1] if runs else None
        if (last is None or p.rotate or last.rotate or p.font != last.font or p.size != last.size
                or p.hscale != last.hscale):
            runs.append([p])
        else:
            runs[-1].append(p)
    return runs


def _show_run(ops: list[str], state: _State, run: list[_Placed], y: float) -> None:
    first = run[0]
    if state.font != (first.font, first.size):
        ops.append(f"/{first.font} {num(first.size)} Tf")
        state.font = (first.font, first.size)
    tz = float(num(first.hscale * 100))
    if state.tz != tz:
        ops.append(f"{num(tz)} Tz")
        state.tz = tz
    for segment in _segments(run):
        _show_segment(ops, state, segment, y)


def _segments(run: list[_Placed]) -> list[list[_Placed]]:
    """Split a run where its gaps change: within a segment every gap is the
    smallest one (the segment's Tc) or wider by less than `SPREAD_EM`."""
    size, h = run[0].size, run[0].hscale
    gaps = [b.x - a.x - a.width / 1000.0 * size * h for a, b in zip(run, run[1:])]
    out: list[list[_Placed]] = []
    start = 0
    while start < len(run):
        end = start + 1
        low = high = None
        while end < len(run):
            gap = gaps[end - 1]
            new_low = gap if low is None else min(low, gap)
            new_high = gap if high is None else max(high, gap)
            if new_high - new_low > SPREAD_EM * size:
                break
            low, high, end = new_low, new_high, end + 1
        segment = run[start:end]
        if len(segment) == 2 and low is not None and low > SPREAD_EM * size:
            # two glyphs alone: pdfium would read their spacing as a space
            out += [[segment[0]], [segment[1]]]
        else:
            out.append(segment)
        start = end
    return out


def _show_segment(ops: list[str], state: _State, segment: list[_Placed], y: float) -> None:
    first = segment[0]
    size, h = first.size, first.hscale
    if first.rotate == 90:
        # a quarter turn clockwise about the glyph origin: the text direction
        # points down the page, the glyph's top to the right
        ops.append(f"0 -1 1 0 {num(first.x)} {num(y)} Tm")
    else:
        ops.append(f"1 0 0 1 {num(first.x)} {num(y)} Tm")
    items: list = []
    if len(segment) > 1:
        gaps = [b.x - a.x - a.width / 1000.0 * size * h for a, b in zip(segment, segment[1:])]
        tc = float(num(min(gaps) / h, 6))
        if state.tc != tc:
            ops.append(f"{num(tc, 6)} Tc")
            state.tc = tc
    pen = first.x          # where the reader's text position is, from what is written
    for i, p in enumerate(segment):
        items.append(p.code)
        pen += (p.width / 1000.0 * size + state.tc) * h
        if i + 1 < len(segment) and abs(pen - segment[i + 1].x) > _TOLERANCE:
            adjust = float(num((pen - segment[i + 1].x) * 1000.0 / (size * h), 3))
            items.append(adjust)
            pen -= adjust / 1000.0 * size * h
    ops.append(_show(items))


def _show(items: list) -> str:
    """Tj for glyphs alone, TJ when there are displacements; consecutive
    glyphs share one hex string."""
    parts: list[str] = []
    hexes: list[str] = []
    for item in items:
        if isinstance(item, int):
            hexes.append(f"{item:04X}")
        else:
            if hexes:
                parts.append("<" + "".join(hexes) + ">")
                hexes = []
            parts.append(num(item, 3))
    if hexes:
        parts.append("<" + "".join(hexes) + ">")
    if len(parts) == 1 and parts[0].startswith("<"):
        return parts[0] + " Tj"
    return "[" + " ".join(parts) + "] TJ"
