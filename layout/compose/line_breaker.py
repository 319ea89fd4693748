"""The line breaker: a paragraph of styled runs → justified lines of placed glyphs.

Order of work, as clreq and GB/T 15834 prescribe (typesetting reference §5):
  1. cut the text into pieces that never break inside (a Han character, a mark,
     a Latin word or number with its unit, a two-em dash or ellipsis);
  2. compress adjacent punctuation (two marks take 1.5 em, not 2);
  3. choose each line's break under the line-start and line-end prohibitions,
     pushing in (squeezing punctuation blanks) before pushing out;
  4. justify: squeeze punctuation in priority order, or spread the leftover
     evenly between pieces, so every non-final line ends at the column edge.

Nothing here knows about pages or columns: `compose_line` takes a measure and
a position in the paragraph and returns one line and where the next begins, so
the column filler can change the measure from one column to the next.

Steps 3 and 4 read the same line model (`line_model.py`): `compose_line`
breaks first-fit, the paragraph breaker chooses for the whole paragraph, and
`set_line` justifies either choice, all from the one `LineCandidate` of the
line's pieces. `set_single_line` sets a text on one line at its natural
width (page furniture, labels, headline lines).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .charclass import (NO_LINE_END, NO_LINE_START, SENTENCE_STOPS, Kind, content_count,
                        counts_for_orphan, kind_of, latin_run_end, splits_number)
from .line_model import (END_OVERHANG_EM, HANG_COST, HANGABLE, IDSPACE_STRETCH_EM, KEEP_COST, LOOK_BACK,
                         MAX_TIGHTEN_EM, NATURAL, OVERFULL, PHRASE_KEEP_COST, POOR_BREAK_COST, WORD_SPACE_MAX_EM,
                         LineCandidate, Piece, break_cost, can_break_after, candidate_line, ends_text, fit_gaps,
                         fit_line, hangable, hl_flex, is_loose, joint_break, scan_lines, shrink_class, takes_space,
                         tightens, unit_break)
from ..fonts.book import FontBook
from ..spec.typesetting import PLAIN, PUNCTUATION_STYLES, Typesetting
from ..units import EPS

LEFT, RIGHT, CENTER, JUSTIFY = "left", "right", "center", "justify"
DIGITS = frozenset("0123456789")
NUMBER_MARKS = frozenset(".,:%/-+")   # set half width with the figures of a number (8.6%, 2024-11-06)


@dataclass(frozen=True)
class Run:
    """Text in one role and size; `glued` keeps the whole run on one line (bylines);
    `keep` keeps it on one line unless the paragraph cannot be set otherwise
    (a dateline: a break inside it costs KEEP_COST)."""
    text: str
    role: str
    size: float
    glued: bool = False
    keep: bool = False


@dataclass(frozen=True)
class Glyph:
    ch: str
    face: str | None      # None: no face of the role's chain has it (reported)
    size: float
    x: float              # left edge of the glyph's drawing origin, from the line start
    hscale: float = 1.0   # horizontal scale (two-em dashes drawn from one-em glyphs)
    rotate: int = 0       # degrees clockwise about the origin (numbers in vertical headlines)
    y: float = 0.0        # on a vertical line: how far the origin stands below the line's baseline
    half: bool = False    # drawn in the face's half-width form (OpenType hwid), half an em


@dataclass(frozen=True)
class MissingGlyph:
    ch: str
    offset: int           # index in the paragraph's text
    role: str


@dataclass(frozen=True)
class ComposedLine:
    glyphs: tuple[Glyph, ...]
    width: float          # set width: the measure for a justified line
    measure: float
    start: int            # source offsets [start, end) in the paragraph text
    end: int
    last: bool            # last line of its paragraph
    shrink: float         # taken out to fit (push-in): punctuation, Han–Latin and character gaps, pt
    stretch: float        # total space added between pieces, pt
    max_gap: float        # the space added to each character gap, pt (letter-spacing)
    align: str
    adjust: str = ""      # natural, push-in, push-out, hang, pull-down; "" if not justified
    tighten: float = 0.0  # the most taken out of one character gap, pt (紧排)
    loose: bool = False   # letter-spaced: its character gaps carry MAX_SPREAD_EM or more

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)


def content_chars(line: ComposedLine) -> int:
    """Characters of a set line that count for 孤字 (Han characters, letters, digits)."""
    return content_count(line.text)


class _PieceBuilder:
    """A piece while its paragraph is prepared, mutable only here (see `Piece`
    for its fields); `freeze` makes the `Piece` the breakers and the justifier read."""
    __slots__ = ("glyphs", "kind", "first", "last", "width", "em", "lblank", "rblank",
                 "gap_before", "hl_boundary", "glue_next", "src_start", "src_end", "sentence_stop", "tight",
                 "glued", "paired", "keep_full", "soft", "unit_width", "unit_good", "joint",
                 "pair_trim", "untrim", "break_cost", "counted")

    def __init__(self, kind: Kind, em: float, src_start: int):
        self.glyphs: list = []      # (ch, face, dx, advance, hscale, half)
        self.kind = kind
        self.first = ""
        self.last = ""
        self.width = 0.0
        self.em = em
        self.lblank = 0.0
        self.rblank = 0.0
        self.gap_before = 0.0
        self.hl_boundary = False
        self.glue_next = False
        self.src_start = src_start
        self.src_end = src_start
        self.sentence_stop = False
        self.tight = False
        self.glued = False
        self.paired = False
        self.keep_full = False
        self.soft = 0
        self.unit_width = 0.0
        self.unit_good = False
        self.joint = False
        self.pair_trim = 0.0
        self.untrim = 0.0
        self.break_cost = 0.0
        self.counted = 0

    def add(self, ch: str, kind: Kind, face, dx: float, advance: float, hscale: float = 1.0,
            half: bool = False) -> None:
        """Add character `ch` (of class `kind`) drawn at dx with this advance
        (`half`: in the face's half-width form)."""
        self.glyphs.append((ch, face, dx, advance, hscale, half))
        if not self.first:
            self.first = ch
        self.last = ch
        self.width += advance
        self.counted += counts_for_orphan(ch, kind)

    def trim_left(self) -> None:
        if self.lblank:
            self.glyphs = [(ch, face, dx - self.lblank, advance, hscale, half)
                           for ch, face, dx, advance, hscale, half in self.glyphs]
            self.width -= self.lblank
            self.lblank = 0.0

    def trim_right(self) -> None:
        if self.rblank:
            self.width -= self.rblank
            self.rblank = 0.0

    def freeze(self, breaks_after: bool, spaced_before: bool, tightens_before: bool) -> Piece:
        hl_shrink, hl_stretch = hl_flex(self.gap_before, self.em, self.hl_boundary)
        space_stretch = 0.0
        if self.kind is Kind.SPACE and not self.tight:
            space_stretch = max(0.0, WORD_SPACE_MAX_EM * self.em - self.width)
        elif self.kind is Kind.IDSPACE:
            space_stretch = IDSPACE_STRETCH_EM * self.em
        tighten = MAX_TIGHTEN_EM * self.em if tightens_before else 0.0
        hangs = self.kind is Kind.STOP and self.last in HANGABLE
        end_overhang = END_OVERHANG_EM * self.em if hangs else 0.0
        return Piece(
            tuple(self.glyphs), self.kind, self.first, self.last, self.width,
            self.em, self.lblank, self.rblank, self.gap_before, self.glue_next, self.src_start,
            self.src_end, self.sentence_stop, self.tight, self.glued, self.paired, self.keep_full,
            self.soft, self.unit_width, self.unit_good, self.joint, self.pair_trim, self.untrim,
            self.break_cost,
            breaks_after, spaced_before, tighten,
            shrink_class(self, False, False)[1], shrink_class(self, False, True)[1],
            hl_shrink, hl_stretch, space_stretch, self.counted,
            self.width + self.gap_before, end_overhang)


@dataclass(frozen=True)
class Paragraph:
    """A prepared paragraph: pieces with compression applied, ready to break."""
    text: str
    pieces: tuple[Piece, ...]
    missing: tuple[MissingGlyph, ...]
    indent: float
    align: str
    hanging: bool = False   # 。，、 may hang past the line end instead of being pushed in
    widest_unit: float = 0.0  # the widest Latin unit: a line narrower than it breaks inside it
    tail: int | None = None  # where the glued run ending it (a byline) begins; None: none


# A Latin unit longer than the line breaks after these (URLs, paths, phone
# numbers), or between two digits; between letters only when it has no such place.
# The solidus may neither end nor start a line (GB), so a URL breaks around it.
GOOD_BREAK_AFTER = frozenset(".-_?&=#:,@")


def prepare(runs: list[Run], fonts: FontBook, indent_em: float = 2.0,
            align: str = JUSTIFY, settings: Typesetting = PLAIN) -> Paragraph:
    """Cut runs into pieces and apply adjacent-punctuation compression, by the
    edition's typesetting settings.

    punctuation "gb": every mark a full em with its blank half adjustable, two
    adjacent marks compressed to 1.5 em; "kaiming" (开明): 。？！ keep their full
    em, every other mark is set half width. Only a justified paragraph hangs
    its stops (a centred or flush line has no measure to hang past), and sets
    its digits on the half-em grid (二分数字) when the settings say so."""
    han_latin_gap_em = settings.han_latin_gap_em
    hanging = settings.hanging and align == JUSTIFY
    kaiming = settings.punctuation == "kaiming"
    half_digits = settings.digits == "half" and align == JUSTIFY
    pieces: list[_PieceBuilder] = []
    missing: list[MissingGlyph] = []
    text = "".join(r.text for r in runs)
    offset = 0
    for run in runs:
        em = run.size
        chars = run.text
        i = 0
        run_pieces_start = len(pieces)
        while i < len(chars):
            ch = chars[i]
            kind = kind_of(ch)
            src = offset + i
            face = fonts.resolve(run.role, ch)
            if face is None and kind not in (Kind.SPACE, Kind.IDSPACE, Kind.LATIN):
                missing.append(MissingGlyph(ch, src, run.role))  # Latin: checked per letter below
            fid = face.id if face else None
            adv = (face.advance(ch) if face else (0.5 if ch.isascii() else 1.0)) * em
            piece = _PieceBuilder(kind, em, src)
            if kind is Kind.LATIN:
                # A Latin word or number runs on while letters, digits and their
                # inner punctuation follow: 427.3亿 keeps "427.3" whole. Each
                # character is its own piece, glued to the next, so a unit longer
                # than the line can still break at a sensible place.
                j = latin_run_end(chars, i)
                unit = _latin_unit(chars, i, j, offset, run, fonts, missing, half_digits)
                pieces.extend(unit[:-1])
                piece = unit[-1]
                i = j
            elif ch == "⸺":
                # the two-em dash as one character: drawn across both ems
                piece.add(ch, kind, fid, 0.0, 2 * em, (2 * em / adv) if adv else 1.0)
                piece.tight = True
                i += 1
            elif kind in (Kind.DASH, Kind.ELLIPSIS) and i + 1 < len(chars) and chars[i + 1] == ch:
                # —— and …… are one two-em unit; each half is drawn on one em.
                scale = 1.0 / (adv / em) if kind is Kind.DASH and adv > 0 else 1.0
                dx = 0.0 if kind is Kind.DASH else (em - adv) / 2
                piece.add(ch, kind, fid, dx, em, scale)
                piece.add(ch, kind, fid, dx, em, scale)
                piece.tight = True
                i += 2
            elif kind is Kind.SPACE and _between_names(text, src):
                # A space typed between Han characters (记者 王晓 通讯员 李明, 张三 摄) is
                # set as a fixed half-em space (二分空), as a typesetter keys it: it
                # neither stretches nor squeezes, and the line stays on the grid.
                piece.add(ch, kind, fid, 0.0, em / 2)
                piece.tight = True
                piece.break_cost = PHRASE_KEEP_COST
                i += 1
            else:
                _add_mark_or_char(piece, ch, kind, fid, adv, em, kaiming)
                i += 1
            if piece.src_end == piece.src_start:
                piece.src_end = offset + i
            pieces.append(piece)
        if run.glued:
            # a byline may start its own line, but never splits
            for p in pieces[run_pieces_start:]:
                p.glued = True
            for p in pieces[run_pieces_start:-1]:
                p.glue_next = True
        if run.keep:
            # a dateline stays on one line unless the paragraph cannot be set
            # otherwise; if it must break, between its phrases, never inside a name
            run_pieces = pieces[run_pieces_start:]
            for p, q in zip(run_pieces, run_pieces[1:]):
                phrase = p.kind is Kind.SPACE or q.kind is Kind.OPEN
                p.break_cost = max(p.break_cost, PHRASE_KEEP_COST if phrase else KEEP_COST)
        offset += len(run.text)

    for a, b in zip(pieces, pieces[1:]):
        # Adjacent punctuation: two marks that would take 2 em take 1.5 em
        # (reference §5.4); brackets stay tight against their text.
        if a.rblank and not a.keep_full and (b.rblank or b.lblank) and b.kind is not Kind.MIDDOT:
            a.pair_trim = a.rblank
            a.trim_right()
            b.paired = True
        elif a.kind is Kind.OPEN and b.kind is Kind.OPEN:
            b.trim_left()
        # Han–Latin spacing, never next to full-width punctuation.
        if (a.kind is Kind.HAN and b.kind is Kind.LATIN) or (a.kind is Kind.LATIN and b.kind is Kind.HAN):
            b.hl_boundary = True
            b.gap_before = han_latin_gap_em * max(a.em, b.em)
        # A number keeps its unit or measure word (8.02亿元, 11月6日).
        if splits_number(text, b.src_start):
            a.break_cost = max(a.break_cost, KEEP_COST)
    # The rules that need a piece's neighbours are worked out once, here.
    frozen = tuple(p.freeze(can_break_after(pieces, j), j > 0 and takes_space(pieces[j - 1], p),
                            j > 0 and tightens(pieces[j - 1], p))
                   for j, p in enumerate(pieces))
    tail = len(pieces)
    while tail > 0 and pieces[tail - 1].glued:
        tail -= 1
    tail = tail if tail < len(pieces) else None
    return Paragraph(text, frozen, tuple(missing), indent_em * (runs[0].size if runs else 0), align,
                     hanging, max((p.unit_width for p in pieces), default=0.0), tail)


def _latin_unit(chars: str, i: int, j: int, offset: int, run: Run, fonts: FontBook,
                missing: list, half_digits: bool) -> list[_PieceBuilder]:
    """The pieces of the Latin word or number chars[i:j], one a character,
    glued, each knowing how good a break after it would be if the unit turns
    out longer than a line. `half_digits`: a number takes half an em a
    character (二分数字), so a line of Han and numbers stays on the grid: its
    figures and marks (8.6%, 2024-11-06) in the face's half-width forms, or,
    in a face without them, its digits scaled to half an em."""
    em = run.size
    unit: list[_PieceBuilder] = []
    for k in range(i, j):
        c = chars[k]
        f = fonts.resolve(run.role, c)
        if f is None:
            missing.append(MissingGlyph(c, offset + k, run.role))
        part = _PieceBuilder(Kind.LATIN, em, offset + k)
        advance = (f.advance(c) if f else 0.5) * em
        scale, half = 1.0, False
        if half_digits and _in_number(chars, i, j, k) and f is not None and f.has_half(c):
            advance, half = em / 2, True
        elif half_digits and c in DIGITS and f is not None and advance > 0:
            scale = (em / 2) / advance
            advance = em / 2
            if abs(scale - 1.0) < 1e-9:
                scale = 1.0
        part.add(c, kind_of(c), f.id if f else None, 0.0, advance, scale, half)
        part.src_end = offset + k + 1
        unit.append(part)
    width = sum(q.width for q in unit)
    good = False
    for a, b in zip(unit, unit[1:]):
        a.glue_next = True
        if a.last in NO_LINE_END or b.first in NO_LINE_START:
            a.soft = 0
        elif a.last in GOOD_BREAK_AFTER or (a.last.isdigit() and b.first.isdigit()):
            a.soft = 2
        else:
            a.soft = 1
        # after a hyphen, or a dot before a letter (www.｜example), never in a number
        a.joint = a.last in "-_" or (a.last == "." and b.first.isalpha())
        good = good or a.soft == 2
    for q in unit:
        q.unit_width = width
        q.unit_good = good
    return unit


def _in_number(chars: str, i: int, j: int, k: int) -> bool:
    """Is chars[k] (in the Latin unit chars[i:j]) part of a number: a digit,
    or a mark beside one (8.6%, 2024-11-06, 1,234)?"""
    c = chars[k]
    if c in DIGITS:
        return True
    return c in NUMBER_MARKS and ((k > i and chars[k - 1] in DIGITS) or (k + 1 < j and chars[k + 1] in DIGITS))


def _between_names(text: str, i: int) -> bool:
    """Is the space at text[i] typed between two Han characters (names in a
    byline, dateline or credit), not between Latin words?"""
    return (0 < i < len(text) - 1 and kind_of(text[i - 1]) is Kind.HAN
            and kind_of(text[i + 1]) is Kind.HAN)


def _add_mark_or_char(piece: _PieceBuilder, ch: str, kind: Kind, fid, adv: float, em: float,
                      kaiming: bool) -> None:
    """A mark in its em cell (GB/T 15834 positions), or a character at its advance."""
    if kind is Kind.OPEN:
        piece.add(ch, kind, fid, em - adv if adv < em else 0.0, em)
        piece.lblank = em / 2
        if kaiming:
            piece.trim_left()
            piece.untrim = em / 2
    elif kind in (Kind.CLOSE, Kind.STOP):
        piece.add(ch, kind, fid, 0.0, em)
        piece.rblank = em / 2
        piece.sentence_stop = ch in SENTENCE_STOPS
        if kaiming:
            if piece.sentence_stop:
                piece.keep_full = True
            else:
                piece.trim_right()
                piece.untrim = em / 2
    elif kind is Kind.MIDDOT:
        piece.add(ch, kind, fid, (em / 2 - adv) / 2, em / 2)
        piece.tight = True
    elif kind is Kind.CONNECTOR or kind is Kind.DASH:
        piece.add(ch, kind, fid, 0.0, max(adv, em) if kind is Kind.CONNECTOR else em,
                  1.0 if kind is Kind.CONNECTOR else (em / adv if adv else 1.0))
        piece.tight = True
    elif kind is Kind.ELLIPSIS:
        piece.add(ch, kind, fid, (em - adv) / 2, em)
    elif kind is Kind.IDSPACE:
        piece.add(ch, kind, fid, 0.0, em)
    else:  # Han, space
        piece.add(ch, kind, fid, 0.0, adv)


def _good_break(piece, measure: float) -> bool:
    """May the first-fit breaker break inside a Latin unit after this piece?
    Only when the unit is wider than the line, and then only at a good place
    if it has one."""
    quality = unit_break(piece, measure)
    return quality == 2 or (quality == 1 and not piece.unit_good)


def compose_line(par: Paragraph, start: int, measure: float, first_line: bool | None = None,
                 align: str | None = None, mode: str = "normal",
                 max_end: int | None = None) -> tuple[ComposedLine, int]:
    """Compose one line of `par` beginning at piece `start`; return it and the next start.

    mode "normal": of the breaks this line may take — its natural end, a few
    before it (push out), every one past it that fits squeezed (push in), a
    hung stop if the paragraph allows it — the one whose fit costs least
    (line_model.fit_line, with the cost of the break itself); so a push in
    wins over a push out that would letter-space the line.
    mode "tight": push in as far as the line allows (used to take a lone
    last character back into the line). `max_end` caps the line's last piece:
    pulling text down to the next line (孤字, 寡行)."""
    pieces = par.pieces
    n = len(pieces)
    if first_line is None:
        first_line = start == 0
    align = align or par.align
    limit = n - 1 if max_end is None else max(start, min(max_end, n - 1))
    natural = None          # last piece that fits without squeezing
    naturals: list[LineCandidate] = []   # allowed breaks that fit without squeezing
    pushed: list[LineCandidate] = []     # allowed breaks past them that fit squeezed
    hang = None             # a stop just past `natural` that may hang
    poor = None             # last poor break inside a long Latin unit that fits
    for line in scan_lines(par, start, measure, first_line, limit):
        j = line.stop
        p = pieces[j]
        allowed = p.breaks_after or _good_break(p, measure) or joint_break(p, measure)
        if line.adjust is NATURAL:
            natural = j
            if allowed:
                naturals.append(line)
            elif unit_break(p, measure) and j < n - 1:
                poor = line
            continue
        if par.hanging and hang is None and natural == j - 1 and allowed and hangable(pieces, j):
            hang = line
        if line.adjust is OVERFULL:
            break
        if allowed:
            pushed.append(line)
    if mode == "tight" and pushed:
        best, adjust = pushed[-1].stop, "push-in"
    else:
        options = [(line, "natural" if line.stop == natural else "push-out", 0.0)
                   for line in naturals[-LOOK_BACK:]]
        options += [(line, "push-in", 0.0) for line in pushed]
        if hang is not None:
            options.append((hang, "hang", HANG_COST))
        if poor is not None:
            options.append((poor, "natural", POOR_BREAK_COST))
        if options:
            justify = align == JUSTIFY

            def cost(option) -> tuple[float, int]:
                line, how, extra = option
                j = line.stop
                if how == "hang":
                    line = candidate_line(par, start, j - 1, measure, first_line)
                last = ends_text(par, j)
                fit = fit_line(par, line, measure, justify and not last, how == "hang")
                return fit.cost + extra + break_cost(pieces, j, measure), j

            line, adjust, _ = min(options, key=lambda o: (cost(o)[0], -o[0].stop))
            best = line.stop
        else:
            best, adjust = _emergency_break(par, start, measure, first_line), "overfull"
    if max_end is not None and best == limit and limit < n - 1 and adjust == "natural":
        adjust = "pull-down"
    return set_line(par, start, best, measure, first_line, align, adjust)


def set_line(par: Paragraph, start: int, end: int, measure: float, first_line: bool,
             align: str | None = None, adjust: str = "natural") -> tuple[ComposedLine, int]:
    """The line of pieces start..end, justified; and where the next line begins.
    `adjust` says how the break was chosen (the paragraph breaker's choice)."""
    pieces = par.pieces
    n = len(pieces)
    indent = par.indent if first_line else 0.0
    # The text line before a byline that had to move to its own line ends the
    # text: it is set flush left like a paragraph's last line, not spread.
    last = ends_text(par, end)
    line = _justify(par, start, end, measure, indent, first_line, last, align or par.align,
                    hang=adjust == "hang")
    if not last and line.shrink > EPS and adjust in ("natural", "pull-down"):
        adjust = "push-in"
    line = replace(line, adjust="last" if last else adjust)
    next_start = end + 1
    while next_start < n and pieces[next_start].kind is Kind.SPACE:
        next_start += 1
    if next_start >= n:
        line = line if line.last else _relabel_last(line)
    return line, next_start


def set_single_line(text: str, role: str, size: float, fonts: FontBook, settings: Typesetting = PLAIN,
                    first_line: bool = True) -> tuple[ComposedLine, Paragraph]:
    """`text` set flush left on one line at its natural width (page furniture,
    labels, overset marks, headline lines): the line, and the prepared
    paragraph for its missing characters. Its measure is the natural width
    and a hair, so that it is a line that fits. `first_line` False: an
    opening mark starting it loses its blank half."""
    par = prepare([Run(text, role, size)], fonts, indent_em=0, align=LEFT, settings=settings)
    measure = natural_width(par) + 0.01
    if not par.pieces:
        return ComposedLine((), 0.0, measure, 0, 0, True, 0.0, 0.0, 0.0, LEFT, "last"), par
    line, _ = set_line(par, 0, len(par.pieces) - 1, measure, first_line, LEFT)
    return line, par


def _relabel_last(line: ComposedLine) -> ComposedLine:
    return replace(line, last=True, adjust="last")


def _emergency_break(par: Paragraph, start: int, measure: float, first_line: bool) -> int:
    """Nothing fits under the rules: take the shortest legal line, or one piece."""
    pieces = par.pieces
    j = start
    while j < len(pieces) - 1 and not pieces[j].breaks_after:
        j += 1
    if candidate_line(par, start, j, measure, first_line).adjust is not OVERFULL:
        return j
    return start


def _justify(par: Paragraph, s: int, j: int, measure: float, indent: float,
             first_line: bool, last: bool, align: str, hang: bool = False) -> ComposedLine:
    """Set pieces s..j as `fit_line` says: squeeze or widen each source by its
    share, then place every glyph."""
    pieces = par.pieces
    hung = pieces[j] if hang else None
    if hang:
        j -= 1  # the hung stop stands outside the measure; the rest is justified
    line = candidate_line(par, s, j, measure, first_line)   # what the breaker costed
    end = line.end
    count = end - s + 1
    fit = fit_line(par, line, measure, align == JUSTIFY and not last, hang)
    # Per piece: the blank trimmed on its left and right, and the space added
    # (or, negative, taken) before it.
    left_trim = [0.0] * count
    right_trim = [0.0] * count
    extra = [0.0] * count
    if not first_line:
        left_trim[0] = pieces[s].lblank
    right_trim[-1] = pieces[end].rblank
    if fit.squeeze > 0:
        _squeeze_marks(pieces, s, count, fit.squeeze, first_line, left_trim, right_trim)
    _share(pieces, s, count, -fit.hl_squeeze, line.hl_shrink, lambda p: p.hl_shrink, extra, 0)
    _share(pieces, s, count, -fit.tighten, line.tighten,
           lambda p: p.tighten, extra, 0)
    right_trim[-1] -= fit.give
    _share(pieces, s, count, fit.restore, line.restore, lambda p: p.pair_trim, extra, 1)
    _share(pieces, s, count, fit.spaces, line.spaces, lambda p: p.space_stretch, extra, 1)
    _share(pieces, s, count, fit.hl, line.hl_stretch, lambda p: p.hl_stretch, extra, 0)
    if fit.untrim > 0:
        # a half-width mark (开明) takes back its blank: before an opening mark, after any other
        ratio = fit.untrim / line.untrim
        for idx in range(count):
            p = pieces[s + idx]
            if p.untrim and p.kind is Kind.OPEN and idx > 0:
                extra[idx] += p.untrim * ratio
            elif p.untrim and p.kind is not Kind.OPEN and idx < count - 1:
                extra[idx + 1] += p.untrim * ratio
    per = fit.per_gap
    if per:
        for k in fit_gaps(par, line, fit):
            extra[k - s] += per
    x0 = indent - fit.indent_give
    slack = line.avail - (line.width - fit.squeeze - fit.hl_squeeze - fit.tighten - fit.overhang
                          - fit.indent_give)
    if align == RIGHT or (align == JUSTIFY and last and _only_glued_tail(pieces, s, end)):
        x0 = indent + max(0.0, slack)
    elif align == CENTER:
        x0 = indent + max(0.0, slack) / 2
    glyphs = []
    x = x0
    for idx in range(count):
        p = pieces[s + idx]
        if idx > 0:
            x += p.gap_before + extra[idx]
        gx = x - left_trim[idx]
        for ch, face, dx, advance, hscale, half in p.glyphs:
            if p.kind is Kind.SPACE:
                break  # spaces draw nothing
            glyphs.append(Glyph(ch, face, p.em, gx + dx, hscale, half=half))
            gx += advance
        x += p.width - left_trim[idx] - right_trim[idx]
    if hung is not None:
        for ch, face, dx, advance, hscale, half in hung.glyphs:
            glyphs.append(Glyph(ch, face, hung.em, x + dx, hscale, half=half))
        j += 1
    width = x - x0
    em = pieces[s].em
    tighten = fit.tighten / line.tighten * MAX_TIGHTEN_EM * em if fit.tighten > 0 else 0.0
    return ComposedLine(tuple(glyphs), width if align != JUSTIFY or last else measure - indent,
                        measure, pieces[s].src_start, pieces[j].src_end, last,
                        fit.squeeze + fit.hl_squeeze + fit.tighten,
                        fit.restore + fit.untrim + fit.spaces + fit.hl + (fit.spread if fit.gaps else 0.0),
                        per, align, tighten=tighten, loose=is_loose(par, line, fit))


def _squeeze_marks(pieces, s: int, count: int, amount: float, first_line: bool, left_trim: list,
                   right_trim: list) -> None:
    """Push in: take `amount` out of word spaces and punctuation, class by
    class in shrink_class's order, each class evenly."""
    over = amount
    for priority in (1, 2, 3, 4, 5):
        if over <= 0:
            break
        members = []
        for idx in range(count):
            p = pieces[s + idx]
            cls, give = shrink_class(p, idx == 0, idx == count - 1, first_line)
            if cls == priority and give > 0:
                members.append((idx, p, give))
        capacity = sum(m[2] for m in members)
        if capacity <= 0:
            continue
        take = min(over, capacity)
        ratio = take / capacity
        for idx, p, give in members:
            cut = give * ratio
            if p.kind is Kind.OPEN and p.lblank:
                left_part = min(cut, p.lblank)
                left_trim[idx] += left_part
                right_trim[idx] += cut - left_part
            else:
                right_trim[idx] += cut
        over -= take


def _share(pieces, s: int, count: int, amount: float, capacity: float, size, extra: list,
           after: int) -> None:
    """Share `amount` among the pieces of the line in proportion to what each
    can take (`size`), as space before the piece (`after` 0) or after it
    (`after` 1: a word space widening, a pair taking its blank back)."""
    if not amount or capacity <= 0:
        return
    ratio = amount / capacity
    first = 1 if after == 0 else 0
    last = count if after == 0 else count - 1
    for idx in range(first, last):
        c = size(pieces[s + idx])
        if c:
            extra[idx + after] += c * ratio


def _only_glued_tail(pieces, s: int, end: int) -> bool:
    """A last line holding nothing but a glued run (a byline) is set flush right."""
    return s > 0 and all(p.glued for p in pieces[s:end + 1])


def compose_paragraph(par: Paragraph, measure: float) -> list[ComposedLine]:
    """All lines of a paragraph at one measure (headlines, captions, tests)."""
    lines = []
    start = 0
    while start < len(par.pieces):
        line, start = compose_line(par, start, measure)
        lines.append(line)
    return lines


def natural_width(par: Paragraph) -> float:
    """Width of the whole paragraph set on one line, unjustified."""
    if not par.pieces:
        return 0.0
    return candidate_line(par, 0, len(par.pieces) - 1, 0.0, True).width + par.indent
