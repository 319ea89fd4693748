"""The typography checker: reads a rendered PDF and reports every break of the
composition rules (typesetting reference §5, checker rules §6.2–6.4).

It needs nothing but the PDF. `pdf.py` wraps each text line in a
`/BanmianLine <<…>> BDC … EMC` marked-content sequence that says what the line
is (kind, article, paragraph, text column, grid line, measure edges, drawing
order) and which typography the page was set to; pdfium gives each character's
origin, advance and size. From a character's class (`charclass.kind_of`) the
checker rebuilds its em cell, as the composer draws it:

* Han, Latin and the ideographic space: ink from the origin over the advance;
* opening marks: ink in the right half of the cell, the cell ending at
  origin + advance (origin + em when the glyph is a full em or wider);
* closing marks and stops: ink in the left half, from the origin;
* the middle dot: centred in a half-em cell;
* ——, ……: two one-em halves (a dash drawn with horizontal scaling);
* the blank halves (left of an opening mark, right of a closing mark or stop)
  are what compression may remove: a closing mark or stop before another mark
  loses its blank, and so does the second of two opening marks (§5.4); the
  Han–Latin space goes between a Han character and a Latin word or number. With
  punctuation "kaiming" only 。？！ have a blank half, and they keep it.

Every rule then compares measured distances between these cells with what the
rules give. Positions are reported in millimetres from the page's top-left
corner, at the character concerned, with the line's text.

A column of a vertical headline gives its text again as the ActualText of a
/Span sequence (for readers that would take each glyph for a line), which
pdfium reports with every character at the first glyph's origin: the checker
removes those marks from the page it reads and measures the glyphs as drawn.

Blank glyphs (the ideographic space after a dateline) are listed in the mark,
since text extraction may drop them. Word spaces are not drawn at all: a gap
of word-space size (0.2–0.45 em beyond the line's own spacing) between two
Latin characters, or between the names of a byline or photo credit, is read as
a typed space; a line break between two letters is taken as a break at a space.
"""
from __future__ import annotations

import ctypes
import os
import unicodedata
from dataclasses import dataclass, field

from ..compose.charclass import (LATIN_INNER, NO_LINE_END, NO_LINE_START, SENTENCE_STOPS,
                                 UNIT_SUFFIXES, Kind, counts_for_orphan, is_latin_char, kind_of,
                                 latin_run_end, splits_number)
from ..compose.line_model import (END_OVERHANG_EM, FIGURES, HL_MAX_EM, HL_OPEN_EM, INDENT_GIVE_EM, LOOSE_EM,
                                  MAX_TIGHTEN_EM)
from ..diagnostics import ERROR, WARNING, Diagnostic, InputError, PdfPoint, Where, error
from ..spec import limits

MARK = "BanmianLine"
PT_TO_MM = 25.4 / 72.0
BASELINE_RATIO = 0.88       # style.py: a grid line's baseline sits 0.88 em below its top

EDGE_TOL = 0.05             # pt: line starts and ends (L1–L3)
GRID_TOL = 0.1              # pt: baselines (V1)
OVERLAP_TOL = 0.05          # pt: ink of neighbouring cells (L8)
HAN_OVERLAP_TOL = 0.01      # pt: Han cells (L10)
LIMIT_TOL = 0.002           # pt: the limits of L7 and L11, read from positions written to 0.0001 pt
GAP_ERROR_EM = 0.25         # L7: extra space in a gap that takes no justification space, error above
GAP_WARN_EM = 0.15          # L7: warning above
PAIR_MAX_EM = 2.0           # L9: two adjacent marks (1.5 em compressed, 2 em at most when justified)
WORD_SPACE_RANGE = (0.2, 0.55)   # em read as a typed space between two words
NAME_SPACE_EM = 0.5         # a space typed between Han characters (names): 二分空
NAME_SPACE_TOL = 0.01       # em
IDSPACE_FLEX_EM = 0.5       # the ideographic space after a dateline: ½ to 1½ em
HANGABLE = frozenset("。，、")
CURRENCY = frozenset("￥¥$＄£€")
ASCII_PUNCT = frozenset(",.;:?!()")
HEADLINE_KINDS = frozenset({"headline", "kicker", "deck"})
TITLE_KINDS = HEADLINE_KINDS | {"subhead"}   # P4: no line of one character, no split number
GAP_KINDS = frozenset({"body", "subhead", "caption", "continued"})
MARK_KINDS = (Kind.OPEN, Kind.CLOSE, Kind.STOP)
SNIPPET = 28


# -- reading the PDF ---------------------------------------------------------

@dataclass
class Cell:
    """One drawn character and the em cell the composer gave it."""
    ch: str
    x: float                  # glyph origin, pt from the left
    y: float                  # baseline, pt from the top
    advance: float
    em: float                 # font size
    rotated: bool
    kind: Kind = Kind.HAN     # class as composed: members of a Latin run are LATIN
    ink_l: float = 0.0        # the half (or whole) that holds the glyph
    ink_r: float = 0.0
    lblank: float = 0.0       # removable blank half on the left (opening marks)
    rblank: float = 0.0       # removable blank half on the right (closing marks, stops)
    unit: int = -1            # index of the unbreakable unit (Latin run, ——, ……) or -1
    drawn_space: bool = False  # a space character present in the PDF

    @property
    def cell_l(self) -> float:
        return self.ink_l - self.lblank

    @property
    def cell_r(self) -> float:
        return self.ink_r + self.rblank

    @property
    def is_mark(self) -> bool:
        return self.kind in MARK_KINDS


@dataclass
class Line:
    page: int
    seq: int
    kind: str
    article: str | None
    para: int | None
    col: int | None
    grid: int | None
    left: float | None
    right: float | None
    align: str
    style: dict
    cells: list[Cell] = field(default_factory=list)
    blanks: list[tuple[float, float]] = field(default_factory=list)  # (x, width) of blank glyphs
    resumed: bool = False     # the paragraph began on an earlier page (a jump's continuation)

    @property
    def text(self) -> str:
        return "".join(c.ch for c in self.cells)

    @property
    def measure(self) -> float:
        return (self.right - self.left) if self.left is not None and self.right is not None else 0.0

    @property
    def body(self) -> float:
        return float(self.style.get("Body") or (self.cells[0].em if self.cells else 9.0))

    @property
    def rotated(self) -> bool:
        return any(c.rotated for c in self.cells)


def _wide(fn, *args) -> str:
    """Call a pdfium getter that fills a UTF-16LE buffer (length query first)."""
    import pypdfium2.raw as pdfium_c
    size = ctypes.c_ulong()
    fn(*args, None, 0, ctypes.byref(size))
    if size.value <= 2:
        return ""
    buf = (ctypes.c_ushort * (size.value // 2 + 1))()
    fn(*args, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), size, ctypes.byref(size))
    return bytes(buf)[:max(0, size.value - 2)].decode("utf-16-le", "replace")


def _mark_params(obj) -> dict | None:
    """The parameters of the object's BanmianLine mark, or None."""
    import pypdfium2.raw as pdfium_c
    for m in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
        if not mark or _wide(pdfium_c.FPDFPageObjMark_GetName, mark) != MARK:
            continue
        params: dict = {}
        for k in range(pdfium_c.FPDFPageObjMark_CountParams(mark)):
            key = _wide(pdfium_c.FPDFPageObjMark_GetParamKey, mark, k)
            bkey = key.encode("utf-8")
            kind = pdfium_c.FPDFPageObjMark_GetParamValueType(mark, bkey)
            if kind == pdfium_c.FPDF_OBJECT_NUMBER:
                value = ctypes.c_float()
                if pdfium_c.FPDFPageObjMark_GetParamFloatValue(mark, bkey, ctypes.byref(value)):
                    params[key] = float(value.value)
                else:
                    ivalue = ctypes.c_int()
                    if pdfium_c.FPDFPageObjMark_GetParamIntValue(mark, bkey, ctypes.byref(ivalue)):
                        params[key] = float(ivalue.value)
            elif kind == pdfium_c.FPDF_OBJECT_STRING:
                params[key] = _text_string(_wide(pdfium_c.FPDFPageObjMark_GetParamStringValue, mark, bkey))
        problem = _damage(params)
        if problem:
            raise DamagedMarks(problem)
        return params
    return None


# The parameters of a BanmianLine mark the checker reads, by type.
_NUMBER_PARAMS = frozenset({"Seq", "Para", "Col", "Grid", "Cont", "Left", "Right", "Top", "Pitch", "Body",
                            "Hang", "HLGap", "MinLast"})
_STRING_PARAMS = frozenset({"Kind", "Article", "Align", "Punct", "Blanks"})
_MARK_LIMIT = 1e7     # points, counts: far beyond any page


class DamagedMarks(Exception):
    """A BanmianLine mark whose parameters are not what `banmian render` writes."""


def _damage(params: dict) -> str | None:
    """What is wrong with a mark's parameters (a string where a number belongs,
    a number out of any range), or None."""
    for key, value in params.items():
        if key in _NUMBER_PARAMS and not isinstance(value, float):
            return f"/{key} is {value!r}, not a number"
        if key in _NUMBER_PARAMS and not abs(value) < _MARK_LIMIT:
            return f"/{key} is {value:g}, beyond any page"
        if key in _STRING_PARAMS and not isinstance(value, str):
            return f"/{key} is {value!r}, not a string"
    if "Seq" not in params:
        return "a line has no /Seq"
    return None


def _text_string(value: str) -> str:
    """pdfium reads a mark's string as UTF-8: drop the byte-order mark a
    non-ASCII PDF 2.0 text string starts with."""
    return value[1:] if value.startswith("\ufeff") else value


def _int(value) -> int | None:
    return None if value is None else int(round(value))


def read_pdf(path: str) -> tuple[list[list[Line]], int]:
    """Every marked text line of every page, and the number of pages.
    Raises InputError when the file is missing or not a PDF."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    if not os.path.isfile(path):
        raise InputError(error("no such PDF file", Where(path), "give a rendered page (pNN.pdf) "
                               "or an edition folder"))
    try:
        doc = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise InputError(error(f"not a readable PDF: {exc}", Where(path),
                               "give a PDF rendered by `banmian render`, or an edition folder")) from None
    pages: list[list[Line]] = []
    try:
        if len(doc) > limits.PAGES:
            raise InputError(error(f"the PDF has {len(doc)} pages; at most {limits.PAGES} are checked",
                                   Where(path), "check the pages of one edition"))
        for index in range(len(doc)):
            page = doc[index]
            try:
                pages.append(_read_page(page, index + 1, pdfium_c))
            except DamagedMarks as exc:
                raise InputError(error(f"the layout marks of page {index + 1} are damaged: {exc}",
                                       Where(path, page=index + 1),
                                       "check a PDF as `banmian render` wrote it, or render it again")) from None
            finally:
                page.close()
        return pages, len(doc)
    finally:
        doc.close()


def _drop_replacement_text(page, pdfium_c) -> None:
    """Remove (in memory) the Span marks that give a vertical line's text as
    ActualText: pdfium reports such text at the first glyph's origin, and the
    rules need each glyph where it is drawn."""
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        for m in reversed(range(pdfium_c.FPDFPageObj_CountMarks(obj))):
            mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
            if mark and _wide(pdfium_c.FPDFPageObjMark_GetName, mark) == "Span" and any(
                    _wide(pdfium_c.FPDFPageObjMark_GetParamKey, mark, k) == "ActualText"
                    for k in range(pdfium_c.FPDFPageObjMark_CountParams(mark))):
                pdfium_c.FPDFPageObj_RemoveMark(obj, mark)


def _read_page(page, number: int, pdfium_c) -> list[Line]:
    # positions from the trim's top-left corner, as the plan and the marks give them
    trim_left, _bottom, _right, trim_top = page.get_trimbox()
    _drop_replacement_text(page, pdfium_c)
    text = page.get_textpage()
    lines: dict[int, Line] = {}
    marks: dict[int, dict | None] = {}
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    box = pdfium_c.FS_RECTF()
    try:
        for i in range(text.count_chars()):
            obj = pdfium_c.FPDFText_GetTextObject(text.raw, i)
            if not obj:
                continue  # generated by pdfium (line ends, guessed spaces)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in marks:
                marks[key] = _mark_params(obj)
            params = marks[key]
            if params is None:
                continue
            code = pdfium_c.FPDFText_GetUnicode(text.raw, i)
            if code == 2:
                code = ord("-")   # pdfium reports a hyphen ending a line as STX
            if not code or code in (0xFFFE, 0xFFFF):
                continue
            ch = chr(code)
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(ox), ctypes.byref(oy))
            size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
            pdfium_c.FPDFText_GetMatrix(text.raw, i, ctypes.byref(matrix))
            scale = (matrix.a ** 2 + matrix.b ** 2) ** 0.5   # horizontal scaling (Tz)
            # The advance from the font's widths (looked up by Unicode), not the
            # loose box, which grows to the outline where a glyph overhangs (y, J).
            width = ctypes.c_float()
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            if font and pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), ctypes.byref(width)):
                advance = width.value * scale
            elif pdfium_c.FPDFText_GetLooseCharBox(text.raw, i, ctypes.byref(box)):
                advance = box.right - box.left
            else:
                advance = size
            angle = pdfium_c.FPDFText_GetCharAngle(text.raw, i)
            rotated = angle > 0.01 and abs(angle - 2 * 3.141592653589793) > 0.01
            seq = _int(params.get("Seq"))
            if seq is None:
                continue
            line = lines.get(seq)
            if line is None:
                line = lines[seq] = Line(
                    number, seq, str(params.get("Kind", "")), params.get("Article") or None,
                    _int(params.get("Para")), _int(params.get("Col")), _int(params.get("Grid")),
                    params.get("Left"), params.get("Right"),
                    "vertical" if params.get("Dir") == "v" else str(params.get("Align", "")),
                    {k: params[k] for k in ("Top", "Pitch", "Body", "Punct", "Hang", "HLGap", "MinLast")
                     if k in params}, blanks=_blanks(params.get("Blanks")),
                    resumed=bool(_int(params.get("Cont"))))
            line.cells.append(Cell(ch, ox.value - trim_left, trim_top - oy.value, abs(advance), float(size), rotated))
    finally:
        text.close()
    out = [lines[k] for k in sorted(lines)]
    for line in out:
        _restore_blanks(line)
        if line.align == "vertical":
            line.cells.sort(key=lambda c: (round(c.y, 1), c.x))   # down the column, 纵中横 pairs left to right
        elif not line.rotated:
            line.cells.sort(key=_centre)
        _build_cells(line)
    return out


def _centre(c: Cell) -> float:
    """Where a character's ink is centred, for reading order: origins alone can
    run backwards (an opening mark trimmed after a closing one starts left of it)."""
    kind = kind_of(c.ch)
    if kind is Kind.OPEN:
        return c.x + min(c.advance, c.em) - c.em / 4
    if kind in (Kind.CLOSE, Kind.STOP):
        return c.x + c.em / 4
    return c.x + c.advance / 2


def _blanks(value) -> list[tuple[float, float]]:
    numbers = []
    for part in str(value or "").split():
        try:
            number = float(part)
        except ValueError:
            return []
        if not abs(number) < _MARK_LIMIT:
            return []
        numbers.append(number)
    return list(zip(numbers[0::2], numbers[1::2]))


def _restore_blanks(line: Line) -> None:
    """Put back the blank glyphs the mark lists and pdfium did not report: an
    ideographic space draws no ink, and text extraction may drop it."""
    if not line.blanks or not line.cells:
        return
    y = line.cells[0].y
    for x, width in line.blanks:
        if not any(c.ch.isspace() and abs(c.x - x) <= EDGE_TOL for c in line.cells):
            line.cells.append(Cell("\u3000" if width > line.cells[0].em * 0.75 else " ",
                                   x, y, width, line.cells[0].em, False))


# -- cells -------------------------------------------------------------------

def _build_cells(line: Line) -> None:
    """Give each character its class, ink extent, blank halves and unit."""
    kaiming = line.style.get("Punct") == "kaiming"
    cells = line.cells
    chars = [cell.ch for cell in cells]
    n = len(cells)
    unit = 0
    i = 0
    while i < n:
        c = cells[i]
        kind = kind_of(c.ch)
        if kind is Kind.LATIN:
            # a Latin word or number runs on through its inner punctuation and unit
            j = latin_run_end(chars, i)
            for k in range(i, j):
                cc = cells[k]
                cc.kind = Kind.LATIN
                cc.ink_l, cc.ink_r = cc.x, cc.x + cc.advance
                cc.unit = unit
            unit += 1
            i = j
            continue
        c.kind = kind
        em = c.em
        a = c.advance
        if kind is Kind.OPEN:
            c.ink_r = c.x + (a if a < em else em)
            c.ink_l = c.ink_r - em / 2
            c.lblank = 0.0 if kaiming else em / 2
        elif kind in (Kind.CLOSE, Kind.STOP):
            c.ink_l = c.x
            c.ink_r = c.x + em / 2
            c.rblank = em / 2 if (not kaiming or c.ch in SENTENCE_STOPS) else 0.0
        elif kind is Kind.MIDDOT:
            c.ink_l = c.x - (em / 2 - a) / 2
            c.ink_r = c.ink_l + em / 2
        elif kind is Kind.DASH:
            c.ink_l = c.x
            c.ink_r = c.x + max(a, 0.0)
        elif kind is Kind.ELLIPSIS:
            c.ink_l = c.x - (em - a) / 2
            c.ink_r = c.ink_l + em
        elif kind is Kind.CONNECTOR:
            c.ink_l = c.x
            c.ink_r = c.x + max(a, em)
        elif kind is Kind.SPACE:
            c.ink_l = c.x
            c.ink_r = c.x + a
            c.drawn_space = True
        else:  # Han, the ideographic space
            c.ink_l = c.x
            c.ink_r = c.x + a
        if kind in (Kind.DASH, Kind.ELLIPSIS) and i + 1 < n and cells[i + 1].ch == c.ch:
            # —— and …… are one two-em unit
            c.unit = cells[i + 1].unit = unit
            unit += 1
            d = cells[i + 1]
            d.kind = kind
            d.ink_l = d.x if kind is Kind.DASH else d.x - (em - d.advance) / 2
            d.ink_r = d.x + d.advance if kind is Kind.DASH else d.ink_l + em
            i += 2
            continue
        i += 1


def _hl_gap(a: Cell, b: Cell, line: Line) -> float:
    """The Han–Latin space the rules put between a and b (0 when none)."""
    if _hl_gap_kinds(a, b):
        return float(line.style.get("HLGap", 0.125)) * max(a.em, b.em)
    return 0.0


def _expected_gap(a: Cell, b: Cell, line: Line) -> float:
    """Distance from a's ink to b's ink that the rules give (§5.4 compression)."""
    right = a.rblank
    left = b.lblank
    keeps_full = line.style.get("Punct") == "kaiming" and a.ch in SENTENCE_STOPS
    if a.rblank and b.is_mark and not keeps_full:
        right = 0.0      # a closing mark or stop before any mark loses its blank half
    if a.kind is Kind.OPEN and b.kind is Kind.OPEN:
        left = 0.0       # two opening marks: the second loses its blank half
    return right + left + _hl_gap(a, b, line)


def _is_word_char(c: Cell) -> bool:
    return c.kind in (Kind.HAN, Kind.LATIN)


TIGHT = (Kind.DASH, Kind.ELLIPSIS, Kind.MIDDOT, Kind.CONNECTOR)


def _space_gaps(line: Line, cells: list[Cell]) -> set[int]:
    """Gaps (index of the cell before) where a typed space may stand: between two
    Latin characters, and between the names of a byline in parentheses at the
    line end or of a photo credit (after the caption's ideographic space, or a
    line ending in 摄). Elsewhere a space between Han characters is not expected,
    so a wide gap there is spacing."""
    out = set()
    text = "".join(c.ch for c in cells)
    names_from = len(cells)
    if text.endswith("）") and "（" in text:
        names_from = text.rindex("（")
    if line.kind == "caption" and (text.endswith("摄") or "\u3000" in text):
        names_from = min(names_from, text.rfind("\u3000") + 1)
    for i, (a, b) in enumerate(zip(cells, cells[1:])):
        if not (_is_word_char(a) and _is_word_char(b)) or _hl_gap(a, b, line):
            continue
        if (a.kind is Kind.LATIN and b.kind is Kind.LATIN) or i >= names_from:
            out.add(i)
    return out


def _spreadable(a: Cell, b: Cell) -> bool:
    """A gap that takes justification space: not inside a bracket or before a
    closing mark or stop, not between two marks (a compressed pair), not at a
    dash, ellipsis, middle dot or connector, not inside a Latin word or number."""
    if a.kind is Kind.OPEN or b.kind in (Kind.CLOSE, Kind.STOP) or (a.is_mark and b.is_mark):
        return False
    if a.kind in TIGHT or b.kind in TIGHT or a.drawn_space or b.drawn_space:
        return False
    return not (a.kind is Kind.LATIN and b.kind is Kind.LATIN and a.unit == b.unit)


def _deck_dash(line: Line) -> bool:
    """A deck (副题) opening with a two-em dash (——记…), as 人民日报 sets its decks."""
    text = line.text.lstrip()
    return line.kind == "deck" and (text.startswith("——") or text.startswith("⸺"))


def _is_han(c: Cell) -> bool:
    return c.kind is Kind.HAN


def _tightens(a: Cell, b: Cell) -> bool:
    """A gap the composer may close by up to MAX_TIGHTEN_EM (紧排): one that
    takes justification space, or between a character and the closing mark or
    stop after it, or the opening mark before it, or a Han–Latin space."""
    if _spreadable(a, b) or _hl_gap_kinds(a, b):
        return True
    if a.kind is Kind.LATIN and b.kind is Kind.LATIN and a.ch in FIGURES and b.ch in FIGURES:
        return True
    return ((b.kind in (Kind.CLOSE, Kind.STOP) and _is_word_char(a))
            or (a.kind is Kind.OPEN and _is_word_char(b)))


def _hl_gap_kinds(a: Cell, b: Cell) -> bool:
    return (a.kind is Kind.HAN and b.kind is Kind.LATIN) or (a.kind is Kind.LATIN and b.kind is Kind.HAN)


def _line_spacing(cells: list[Cell], extras: list[float]) -> float:
    """The line's own even justification: the extra space (negative: taken
    out; `extras`, one a gap) in its gaps between two Han characters, which
    all carry the same in a justified line; else in its other gaps that take
    space, or inside a Latin unit longer than the line. The median, so that a
    typed space does not count."""
    han, other, inner = [], [], []
    for a, b, extra in zip(cells, cells[1:], extras):
        if _hl_gap_kinds(a, b) or "\u3000" in (a.ch, b.ch) or a.drawn_space or b.drawn_space:
            continue
        if _spreadable(a, b):
            (han if _is_han(a) and _is_han(b) else other).append(extra)
        elif a.kind is Kind.LATIN and b.kind is Kind.LATIN:
            inner.append(extra)    # a line of a long URL or number is spread inside it
    values = sorted(han or other or inner)
    return values[len(values) // 2] if values else 0.0


def _gap_fault(a: Cell, b: Cell, extra: float, em: float) -> tuple[int, float, str] | None:
    """L7 for one gap: (1 error or 0 warning, extra, message), or None. A gap
    that takes justification space carries less than LOOSE_EM of added space
    (more: the line is letter-spaced); two Han characters are closed by at
    most MAX_TIGHTEN_EM; any other gap opens at most GAP_ERROR_EM."""
    pair = f"between {_q(a.ch)} and {_q(b.ch)}"
    if _is_han(a) and _is_han(b) and extra < -MAX_TIGHTEN_EM * em - LIMIT_TOL:
        return 1, extra, (f"{-extra / em:.3f} em taken out {pair}: squeezed "
                          f"(at most {MAX_TIGHTEN_EM:g} em wanted)")
    if _spreadable(a, b) and extra >= LOOSE_EM * em - LIMIT_TOL:
        return 1, extra, (f"{extra / em:.3f} em extra space {pair}: letter-spaced "
                          f"(under {LOOSE_EM:g} em wanted)")
    if extra > GAP_WARN_EM * em + EDGE_TOL:
        error = extra > GAP_ERROR_EM * em + EDGE_TOL
        return int(error), extra, (f"{extra / em:.2f} em extra space {pair} "
                                   f"({'at most' if error else 'not more than'} "
                                   f"{GAP_ERROR_EM if error else GAP_WARN_EM:g} em wanted)")
    return None


# -- the checker -------------------------------------------------------------

def _mm(value: float) -> float:
    return round(value * PT_TO_MM, 2)


def _snippet(text: str) -> str:
    text = text.replace("\u3000", "　")
    return text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"


def _q(ch: str) -> str:
    return f"“{ch}”"


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.found: list[Diagnostic] = []

    def add(self, rule: str, severity: str, line: Line, x: float | None, message: str,
            y: float | None = None) -> None:
        """Report a broken rule at x (default: the line's start) on the line's
        baseline (or at y), naming the line's article and showing its text."""
        if x is None:
            x = line.cells[0].x if line.cells else (line.left or 0.0)
        if y is None:
            y = line.cells[0].y if line.cells else 0.0
        text = _snippet(line.text)
        shown = (f"article {line.article}: " if line.article else "") + message + (f": {text}" if text else "")
        where = Where(self.file or None, page=line.page, article=line.article,
                      point=PdfPoint(line.page, _mm(x), _mm(y)))
        self.found.append(Diagnostic(severity, shown, where, code=rule, data=(("text", text),)))

    # -- per line ---------------------------------------------------------------
    def kinsoku(self, line: Line) -> None:
        if not line.cells:
            return
        first, last = line.cells[0], line.cells[-1]
        if _horizontal(first.ch) in NO_LINE_START and not _deck_dash(line):
            self.add("L4", ERROR, line, first.x, f"line begins with {_q(first.ch)}")
        if _horizontal(last.ch) in NO_LINE_END:
            self.add("L5", ERROR, line, last.x, f"line ends with {_q(last.ch)}")

    def headline(self, line: Line) -> None:
        """P4 for one line of a headline, kicker, deck or subhead."""
        chars = [c for c in line.cells if not c.ch.isspace()]
        what = "subhead" if line.kind == "subhead" else "headline"
        if len(chars) == 1:
            self.add("P4", ERROR, line, chars[0].x, f"a {what} line of a single character")
        if chars and _horizontal(chars[0].ch) in NO_LINE_START and not _deck_dash(line):
            self.add("P4", ERROR, line, chars[0].x, f"{what} line begins with {_q(chars[0].ch)}")
        if chars and _horizontal(chars[-1].ch) == "。" and line.kind != "subhead":
            self.add("P4", ERROR, line, chars[-1].x, "headline line ends with “。”")

    def split_numbers(self, lines: list[Line]) -> None:
        """P4: no headline or subhead breaks between a number and its unit
        (托位800｜个): it is condensed or broken at a phrase instead."""
        for a, b in zip(lines, lines[1:]):
            if (a.kind in TITLE_KINDS and b.kind == a.kind and b.article == a.article
                    and b.seq == a.seq + 1 and a.cells and b.cells
                    and splits_number(a.text + b.text, len(a.text))):
                self.add("P4", ERROR, a, a.cells[-1].x,
                         f"{a.kind} line breaks between a number and its unit: {a.text}｜{b.text}")

    def hierarchy(self, lines: list[Line]) -> None:
        """P5: a kicker or deck is smaller than its main headline, and one main
        headline on the page is the largest (the page's lead)."""
        mains: dict[str | None, tuple[float, Line]] = {}
        for line in lines:
            if line.kind == "headline" and line.cells:
                size = max(c.em for c in line.cells)
                if line.article not in mains or size > mains[line.article][0]:
                    mains[line.article] = (size, line)
        for line in lines:
            if line.kind in ("kicker", "deck") and line.cells and line.article in mains:
                size = max(c.em for c in line.cells)
                if size >= mains[line.article][0] - 0.01:
                    self.add("P5", ERROR, line, None, f"the {line.kind} ({size:g} pt) is not smaller than "
                             f"its main headline ({mains[line.article][0]:g} pt)")
        if len(mains) > 1:
            top = max(size for size, _ in mains.values())
            leads = [line for size, line in mains.values() if size >= top - 0.01]
            if len(leads) > 1:
                for line in leads[1:]:
                    self.add("P5", WARNING, line, None, f"two main headlines share the page's largest "
                             f"size ({top:g} pt): the lead story should stand out")

    def grid(self, line: Line) -> None:
        st = line.style
        if line.grid is None or not {"Top", "Pitch", "Body"} <= st.keys() or line.rotated:
            return
        top, pitch, body = st["Top"], st["Pitch"], st["Body"]
        want = top + (line.grid - 1) * pitch + BASELINE_RATIO * body
        first_baseline = top + BASELINE_RATIO * body
        for c in line.cells:
            steps = (c.y - first_baseline) / pitch
            off_grid = abs(steps - round(steps)) * pitch
            if abs(c.y - want) > GRID_TOL or off_grid > GRID_TOL:
                self.add("V1", ERROR, line, c.x,
                         f"{line.kind} baseline at {c.y:.2f} pt, grid line {line.grid} is at "
                         f"{want:.2f} pt ({c.y - want:+.2f} pt)", y=c.y)
                return

    def gaps(self, line: Line) -> None:
        """L7–L12 inside one line."""
        cells = [c for c in line.cells if not c.rotated]
        if len(cells) < 2:
            self.ascii_lint(line, cells)
            return
        # what each gap has beyond what the rules give it (§5.4 compression)
        extras = [b.ink_l - a.ink_r - _expected_gap(a, b, line) for a, b in zip(cells, cells[1:])]
        even = _line_spacing(cells, extras)
        spaced = _space_gaps(line, cells)
        gb = line.style.get("Punct", "gb") == "gb"
        found: list[tuple[int, float, str, Cell]] = []    # L7: (rank, amount, message, at)
        for idx, (a, b) in enumerate(zip(cells, cells[1:])):
            em = max(a.em, b.em)
            measured = b.ink_l - a.ink_r
            extra = extras[idx]
            self.overlaps(line, a, b, measured, em)
            # L9: two adjacent marks take at most 2 em: 1.5 em compressed (GB
            # convention), up to their full 2 em in a justified line
            if (gb and a.is_mark and b.is_mark and a.rblank + a.lblank > 0 and b.rblank + b.lblank > 0
                    and not (a.kind is Kind.OPEN and b.kind is not Kind.OPEN)):
                before = cells[idx - 1].ink_r if idx > 0 else None
                after = cells[idx + 2].ink_l if idx + 2 < len(cells) else None
                outer_l = min(a.lblank, max(0.0, a.ink_l - before)) if (a.lblank and before is not None) else 0.0
                outer_r = min(b.rblank, max(0.0, after - b.ink_r)) if (b.rblank and after is not None) else 0.0
                occupied = outer_l + (a.ink_r - a.ink_l) + max(0.0, measured) + (b.ink_r - b.ink_l) + outer_r
                if occupied > PAIR_MAX_EM * em + EDGE_TOL:
                    self.add("L9", WARNING, line, a.cell_l,
                             f"{_q(a.ch)}{_q(b.ch)} take {occupied / em:.2f} em, more than {PAIR_MAX_EM:g} em")
            if a.drawn_space or b.drawn_space:
                continue
            # a word space is not drawn: a gap of its size between two words (or
            # two names in a byline or credit) is read as one
            if idx in spaced and WORD_SPACE_RANGE[0] * em <= extra <= WORD_SPACE_RANGE[1] * em:
                continue
            # a space typed between Han characters is set as a fixed half em (二分空)
            if _is_han(a) and _is_han(b) and abs(extra - NAME_SPACE_EM * em) <= NAME_SPACE_TOL * em:
                continue
            # the ideographic space after a dateline narrows to ½ em or widens to 1½ em
            if a.ch == "\u3000" or b.ch == "\u3000":
                if abs(extra) <= IDSPACE_FLEX_EM * em + EDGE_TOL:
                    continue
            # L11: the Han–Latin space, from nothing to a third of an em, with the
            # line's spacing; where the settings put none, a justified line may
            # open one by less than readers take for a word space (HL_OPEN_EM)
            if _hl_gap_kinds(a, b):
                hl = _hl_gap(a, b, line)
                low = -MAX_TIGHTEN_EM * em
                high = (HL_MAX_EM if hl else HL_OPEN_EM) * em + max(0.0, even)
                if not low - LIMIT_TOL <= measured <= high + LIMIT_TOL:
                    self.add("L11", WARNING, line, a.ink_r,
                             f"Han–Latin space between {_q(a.ch)} and {_q(b.ch)} is {measured / em:.3f} em, "
                             f"want {max(low, 0.0) / em:.3f}–{high / em:.3f} em")
                continue
            # two marks: what they take together is L9's (a compressed pair takes
            # its blank back in a justified line, to 2 em at most)
            if a.is_mark and b.is_mark:
                continue
            # 开明: a half-width mark may take its blank half back rather than letter-space the line
            if not gb and ((a.kind in (Kind.CLOSE, Kind.STOP) and a.ch not in SENTENCE_STOPS)
                           or b.kind is Kind.OPEN):
                extra = max(min(extra, even), extra - em / 2)
            report = _gap_fault(a, b, extra, em)
            if report:
                found.append((*report, a))
        if found:
            rank, amount, message, a = max(found, key=lambda f: (f[0], abs(f[1])))
            others = f"; {len(found) - 1} more such gap(s) in the line" if len(found) > 1 else ""
            self.add("L7", ERROR if rank else WARNING, line, a.ink_r, message + others)
        self.ascii_lint(line, cells)

    def overlaps(self, line: Line, a: Cell, b: Cell, measured: float, em: float) -> None:
        """L8 / L10: ink never overlaps the neighbour's ink beyond the tightening a
        line may take (MAX_TIGHTEN_EM; between two Han characters L7 says it)."""
        if a.drawn_space or b.drawn_space or "\u3000" in (a.ch, b.ch):
            return   # a blank has no ink (the ideographic space narrows to ½ em)
        overlap = -measured
        allowed = MAX_TIGHTEN_EM * em if _tightens(a, b) else 0.0
        if _is_word_char(a) and _is_word_char(b):
            if overlap > allowed + HAN_OVERLAP_TOL and not (_is_han(a) and _is_han(b)):
                self.add("L10", ERROR, line, b.ink_l,
                         f"{_q(a.ch)} and {_q(b.ch)} overlap by {overlap:.2f} pt")
        elif overlap > allowed + OVERLAP_TOL:
            what = ("two-em " + ("dash" if a.kind is Kind.DASH else "ellipsis")
                    if a.unit == b.unit and a.unit >= 0 and a.kind in (Kind.DASH, Kind.ELLIPSIS)
                    else "punctuation")
            self.add("L8", ERROR, line, b.ink_l,
                     f"{what} squeezed below its minimum: {_q(a.ch)}{_q(b.ch)} overlap by {overlap:.2f} pt")

    def ascii_lint(self, line: Line, cells: list[Cell]) -> None:
        for idx, c in enumerate(cells):
            if c.ch not in ASCII_PUNCT:
                continue
            prev = cells[idx - 1] if idx > 0 else None
            nxt = cells[idx + 1] if idx + 1 < len(cells) else None
            if (prev and kind_of(prev.ch) is Kind.HAN and prev.ch != "\u3000") or (
                    nxt and kind_of(nxt.ch) is Kind.HAN and nxt.ch != "\u3000"):
                self.add("L12", WARNING, line, c.x,
                         f"ASCII {_q(c.ch)} next to Han text: a full-width mark is expected")

    # -- line edges -------------------------------------------------------------
    @staticmethod
    def _start(line: Line, trimmed_ok: bool) -> tuple[float, float | None]:
        """Where the line's first cell starts, and (for an opening mark whose blank
        may be trimmed) where its ink starts."""
        first = line.cells[0]
        if first.kind is Kind.OPEN and trimmed_ok:
            return first.cell_l, first.ink_l
        return first.cell_l, None

    @staticmethod
    def _end(line: Line) -> float:
        last = line.cells[-1]
        if last.kind in (Kind.CLOSE, Kind.STOP):
            return last.ink_r            # set half width at the line end
        return last.cell_r

    def _hangs(self, line: Line, end: float) -> bool:
        """A 。，、 ending the line hangs past the edge (when the page hangs), or
        lets up to END_OVERHANG_EM of the blank of its half cell pass it."""
        last = line.cells[-1]
        if last.ch not in HANGABLE:
            return False
        if line.style.get("Hang") and abs(end - (line.right + last.em / 2)) <= EDGE_TOL:
            return True
        return line.right < end <= line.right + END_OVERHANG_EM * last.em + EDGE_TOL

    def edges(self, line: Line, first: bool, final: bool, byline_only: bool) -> None:
        """L1 (non-final lines), L2 (final lines), L3 (first lines)."""
        if not line.cells or line.left is None or line.right is None or line.rotated:
            return
        indent = 2 * line.body if first else 0.0
        want = line.left + indent
        # an opening mark starting a paragraph may lose its blank half too (clreq)
        start, trimmed = self._start(line, trimmed_ok=True)
        end = self._end(line)
        last = line.cells[-1]
        # a first line that nothing else could set may start a little inside its indent
        give = INDENT_GIVE_EM * line.body if first else 0.0

        def near(x: float | None) -> bool:
            return x is not None and want - give - EDGE_TOL <= x <= want + EDGE_TOL
        start_ok = near(start) or near(trimmed)
        if first:
            if not start_ok:
                self.add("L3", ERROR, line, start,
                         f"first line of a paragraph starts {(start - line.left) / line.body:.2f} em in, "
                         f"not 2 em")
        if not final:
            if not first and not start_ok:
                self.add("L1", ERROR, line, start,
                         f"line starts {start - line.left:+.2f} pt from the column's left edge")
            # a closing mark or stop ends the line at its ink (half width) or,
            # on a line with room, anywhere up to its full cell (GB 5.1.10)
            restored = (last.kind in (Kind.CLOSE, Kind.STOP)
                        and end - EDGE_TOL <= line.right <= last.cell_r + EDGE_TOL)
            if abs(end - line.right) > EDGE_TOL and not restored and not self._hangs(line, end):
                where = "short of" if end < line.right else "past"
                self.add("L1", ERROR, line, last.x,
                         f"line ends {abs(line.right - end):.2f} pt {where} the column's right edge "
                         f"(not justified)")
            return
        if byline_only:
            if abs(end - line.right) > EDGE_TOL:
                self.add("L2", ERROR, line, last.x,
                         f"a byline on its own line ends {end - line.right:+.2f} pt from the right edge, "
                         f"not flush right")
            return
        if not first and not start_ok:
            self.add("L2", ERROR, line, start,
                     f"last line of a paragraph starts {start - line.left:+.2f} pt from the left edge, "
                     f"not flush left")
        if end > line.right + EDGE_TOL and not self._hangs(line, end):
            self.add("L2", ERROR, line, last.x,
                     f"last line of a paragraph runs {end - line.right:.2f} pt past the right edge")

    # -- paragraphs and columns ------------------------------------------------
    def breaks(self, a: Line, b: Line) -> None:
        """L6: no break inside ——, ……, a number or a Latin word, between a and the next line b."""
        if not a.cells or not b.cells:
            return
        x, y = a.cells[-1], b.cells[0]
        for kind, name in ((Kind.DASH, "a two-em dash ——"), (Kind.ELLIPSIS, "an ellipsis ……")):
            if x.kind is kind and y.kind is kind and x.unit < 0 and y.unit < 0:
                self.add("L6", ERROR, a, x.x, f"line break inside {name}")
                return
        c1, c2 = x.ch, y.ch
        inside = False
        if c1 in CURRENCY and (c2.isdigit() or c2 in ".,"):
            inside = True
        elif x.kind is Kind.LATIN and y.kind is Kind.LATIN:
            if c1.isdigit() and c2.isdigit():
                inside = True                     # a number: 13781|915838
            elif (c1.isdigit() or c1 in ".,") and (c2.isdigit() or c2 in UNIT_SUFFIXES):
                inside = c1.isdigit() or c2.isdigit()   # 3.|14, 1,234,|567, 15|%
            elif is_latin_char(c1) and (c2 in UNIT_SUFFIXES or c2 in LATIN_INNER):
                inside = True                     # COVID|-19, example|.com
            elif c1 in LATIN_INNER and c1 not in ".,:;-_" and is_latin_char(c2):
                inside = True                     # https://|www, path/|index (a line may end
                                                  # after a hyphen, COVID-|19, as in Latin text)
        if not inside:
            return
        # the unbroken unit: the Latin run ending a and the one starting b
        tail = _word(a.cells, len(a.cells) - 1, -1)
        head = _word(b.cells, 0, 1)
        width = sum(c.advance for c in tail) + sum(c.advance for c in head)
        if width > a.measure + EDGE_TOL or tail[0] is a.cells[0] or \
                all(c.kind is Kind.LATIN for c in a.cells):
            return  # wider than the line (or filling all of it): it has to break somewhere
        unit = "".join(c.ch for c in tail) + "|" + "".join(c.ch for c in head)
        self.add("L6", ERROR, a, x.x, f"line break inside an unbreakable unit: {unit}")

    def paragraphs(self, lines: list[Line]) -> None:
        body = [l for l in lines if l.kind == "body" and l.cells]
        groups: dict[tuple, list[Line]] = {}
        for line in body:
            groups.setdefault((line.article, line.para), []).append(line)
        for key, group in groups.items():
            group.sort(key=lambda l: l.seq)
            byline_tail = len(group) > 1 and _is_byline(group[-1])
            text_lines = group[:-1] if byline_tail else group
            for i, line in enumerate(group):
                final = i >= len(text_lines) - 1
                # a paragraph resumed from an earlier page has no first line here
                first = i == 0 and not line.resumed
                self.edges(line, first=first, final=final, byline_only=byline_tail and i == len(group) - 1)
            for a, b in zip(group, group[1:]):
                self.breaks(a, b)
            # P1: no 孤字 on the last text line
            if len(text_lines) > 1:
                last = text_lines[-1]
                count = sum(1 for c in last.cells if counts_for_orphan(c.ch))
                want = int(last.style.get("MinLast", 2))
                if count < want:
                    self.add("P1", ERROR, last, last.cells[0].x,
                             f"孤字: the last line of a paragraph holds {count} character(s), "
                             f"at least {want} wanted")
        # P2: no 寡行 at a column's top
        first_of = {}
        for line in lines:
            if line.grid is None or line.kind not in ("body", "subhead") or not line.cells:
                continue
            k = (line.article, line.col)
            if k not in first_of or line.grid < first_of[k].grid:
                first_of[k] = line
        for line in first_of.values():
            if line.kind != "body":
                continue
            group = groups.get((line.article, line.para), [])
            if len(group) > 1 and group[-1] is line and any(l.col != line.col for l in group[:-1]):
                self.add("P2", ERROR, line, line.cells[0].x,
                         "寡行: a text column begins with the last line of a paragraph from the column before")
        # P3: no 背题: two body lines under every subhead, in its column
        for line in lines:
            if line.kind != "subhead" or not line.cells:
                continue
            under = [l for l in body if l.article == line.article and l.col == line.col and l.seq > line.seq
                     and (l.grid is None or line.grid is None or l.grid > line.grid)]
            if len(under) < 2:
                self.add("P3", ERROR, line, line.cells[0].x,
                         f"背题: {len(under)} body line(s) under the subhead in its column, at least 2 wanted")


def _word(cells: list[Cell], start: int, step: int) -> list[Cell]:
    """The characters of one Latin word (or number) from `start` in direction
    `step`: the same run, without a word-space-sized gap inside."""
    out = [cells[start]]
    i = start
    while 0 <= i + step < len(cells):
        a, b = (cells[i], cells[i + step]) if step > 0 else (cells[i + step], cells[i])
        if cells[i + step].unit != cells[start].unit or cells[start].unit < 0 or \
                b.ink_l - a.ink_r > WORD_SPACE_RANGE[0] * max(a.em, b.em):
            break
        i += step
        out.append(cells[i])
    return out if step > 0 else out[::-1]


def _is_byline(line: Line) -> bool:
    """A line holding nothing but a byline in parentheses: （高创）."""
    text = line.text.strip()
    return (len(text) >= 3 and text[0] == "（" and text[-1] == "）"
            and "（" not in text[1:] and "）" not in text[:-1])


def _horizontal(ch: str) -> str:
    """The horizontal mark a vertical presentation form stands for (︐ → ，)."""
    if "\ufe10" <= ch <= "\ufe4f":
        folded = unicodedata.normalize("NFKC", ch)
        return {",": "，", "!": "！", "?": "？", ":": "：", ";": "；"}.get(folded, folded)
    return ch


def _vertical_columns(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """A vertical headline (竖题) is drawn one character per line: join runs of
    single-character headline lines of one article stacked down one column into
    one line each, so the headline rules see its columns. Returns the joined
    lines and the sequence numbers they replace."""
    joined: list[Line] = []
    used: set[int] = set()
    run: list[Line] = []

    def flush():
        if len(run) >= 2:
            cells = [c for member in run for c in member.cells]
            head = run[0]
            joined.append(Line(head.page, head.seq, head.kind, head.article, None, None, None,
                               None, None, "vertical", head.style, cells))
            used.update(member.seq for member in run)
        run.clear()

    for line in lines:
        single = line.kind in HEADLINE_KINDS and len(line.cells) == 1
        if single and run:
            prev = run[-1]
            a, b = prev.cells[0], line.cells[0]
            em = max(a.em, b.em)
            stacked = (line.article == prev.article and line.kind == prev.kind
                       and line.seq == prev.seq + 1 and 0.2 * em <= b.y - a.y <= 2.5 * em
                       and abs(_centre(b) - _centre(a)) <= em)
            if not stacked:
                flush()
        elif not single:
            flush()
        if single:
            run.append(line)
    flush()
    return joined, used


def check_lines(pages: list[list[Line]], file: str = "") -> list[Diagnostic]:
    """Run every rule over lines already read from a PDF."""
    checker = _Checker(file)
    for lines in pages:
        vertical, replaced = _vertical_columns(lines)
        # columns drawn as one line each (/Dir v), beside those joined from older PDFs
        vertical += [line for line in lines if line.align == "vertical"]
        replaced |= {line.seq for line in lines if line.align == "vertical"}
        for line in vertical:
            checker.kinsoku(line)
            checker.headline(line)
        for line in lines:
            if not line.cells or line.seq in replaced:
                continue
            checker.kinsoku(line)
            if line.kind in TITLE_KINDS:
                checker.headline(line)
            checker.grid(line)
            if line.kind in GAP_KINDS:
                checker.gaps(line)
        checker.paragraphs(lines)
        checker.hierarchy(lines)
        checker.split_numbers([l for l in lines if l.seq not in replaced])
    order = {ERROR: 0, WARNING: 1}

    def key(d: Diagnostic):
        p = d.where.point
        return p.page, p.y_mm, p.x_mm, order.get(d.severity, 2), d.code
    return sorted(checker.found, key=key)


def check_pdf(path: str, name: str | None = None) -> list[Diagnostic]:
    """Every typography violation in the PDF at `path`, each coded by its rule
    (L1 … L12, V1, P1 … P5) and placed at a point of a page of the file; `name`
    is how the file is shown (default: the path). Raises InputError for a
    missing or unreadable file; a PDF without Banmian marks gives one error."""
    pages, count = read_pdf(path)
    shown = path if name is None else name
    if not any(pages):
        return [Diagnostic(ERROR, "no Banmian layout marks: the checker needs a PDF written by `banmian render`",
                           Where(shown or None, page=1, point=PdfPoint(1, 0.0, 0.0)), code="marks",
                           data=(("text", ""),))]
    return check_lines(pages, shown)
