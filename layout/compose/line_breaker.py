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
                        counts_for_orphan, kind_of, latin_run_end)
from .line_model import (NATURAL, OVERFULL, LineCandidate, Piece, can_break_after, candidate_line,
                         ends_text, give_back, hangable, scan_lines, shrink_class, stretch_gaps,
                         takes_space, unit_break)
from ..fonts.book import FontBook
from ..spec.typesetting import PLAIN, PUNCTUATION_STYLES, Typesetting
from ..units import EPS

LEFT, RIGHT, CENTER, JUSTIFY = "left", "right", "center", "justify"


@dataclass(frozen=True)
class Run:
    """Text in one role and size; `glued` keeps the whole run on one line (bylines)."""
    text: str
    role: str
    size: float
    glued: bool = False


@dataclass(frozen=True)
class Glyph:
    ch: str
    face: str | None      # None: no face of the role's chain has it (reported)
    size: float
    x: float              # left edge of the glyph's drawing origin, from the line start
    hscale: float = 1.0   # horizontal scale (two-em dashes drawn from one-em glyphs)
    rotate: int = 0       # degrees clockwise about the origin (numbers in vertical headlines)
    y: float = 0.0        # on a vertical line: how far the origin stands below the line's baseline


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
    shrink: float         # punctuation squeezed to fit (push-in), pt
    stretch: float        # total space added between pieces, pt
    max_gap: float        # the largest space added to a single gap, pt
    align: str
    adjust: str = ""      # natural, push-in, push-out, hang, pull-down; "" if not justified

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
                 "gap_before", "glue_next", "src_start", "src_end", "sentence_stop", "tight",
                 "glued", "paired", "keep_full", "soft", "unit_width", "unit_good", "pair_trim",
                 "counted")

    def __init__(self, kind: Kind, em: float, src_start: int):
        self.glyphs: list = []      # (ch, face, dx, advance, hscale)
        self.kind = kind
        self.first = ""
        self.last = ""
        self.width = 0.0
        self.em = em
        self.lblank = 0.0
        self.rblank = 0.0
        self.gap_before = 0.0
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
        self.pair_trim = 0.0
        self.counted = 0

    def add(self, ch: str, kind: Kind, face, dx: float, advance: float, hscale: float = 1.0) -> None:
        """Add character `ch` (of class `kind`) drawn at dx with this advance."""
        self.glyphs.append((ch, face, dx, advance, hscale))
        if not self.first:
            self.first = ch
        self.last = ch
        self.width += advance
        self.counted += counts_for_orphan(ch, kind)

    def trim_left(self) -> None:
        if self.lblank:
            self.glyphs = [(ch, face, dx - self.lblank, advance, hscale)
                           for ch, face, dx, advance, hscale in self.glyphs]
            self.width -= self.lblank
            self.lblank = 0.0

    def trim_right(self) -> None:
        if self.rblank:
            self.width -= self.rblank
            self.rblank = 0.0

    def freeze(self, breaks_after: bool, spaced_before: bool) -> Piece:
        return Piece(
            tuple(self.glyphs), self.kind, self.first, self.last, self.width,
            self.em, self.lblank, self.rblank, self.gap_before, self.glue_next, self.src_start,
            self.src_end, self.sentence_stop, self.tight, self.glued, self.paired, self.keep_full,
            self.soft, self.unit_width, self.unit_good, self.pair_trim, breaks_after, spaced_before,
            shrink_class(self, False, False)[1], shrink_class(self, False, True)[1], self.counted)


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
    its stops (a centred or flush line has no measure to hang past)."""
    han_latin_gap_em = settings.han_latin_gap_em
    hanging = settings.hanging and align == JUSTIFY
    kaiming = settings.punctuation == "kaiming"
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
                unit: list[_PieceBuilder] = []
                j = latin_run_end(chars, i)
                for k in range(i, j):
                    c = chars[k]
                    f = fonts.resolve(run.role, c)
                    if f is None:
                        missing.append(MissingGlyph(c, offset + k, run.role))
                    part = _PieceBuilder(Kind.LATIN, em, offset + k)
                    part.add(c, kind_of(c), f.id if f else None, 0.0, (f.advance(c) if f else 0.5) * em)
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
                    good = good or a.soft == 2
                for q in unit:
                    q.unit_width = width
                    q.unit_good = good
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
            else:
                if kind is Kind.OPEN:
                    piece.add(ch, kind, fid, em - adv if adv < em else 0.0, em)
                    piece.lblank = em / 2
                    if kaiming:
                        piece.trim_left()
                elif kind in (Kind.CLOSE, Kind.STOP):
                    piece.add(ch, kind, fid, 0.0, em)
                    piece.rblank = em / 2
                    piece.sentence_stop = ch in SENTENCE_STOPS
                    if kaiming:
                        if piece.sentence_stop:
                            piece.keep_full = True
                        else:
                            piece.trim_right()
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
        if han_latin_gap_em:
            if (a.kind is Kind.HAN and b.kind is Kind.LATIN) or (a.kind is Kind.LATIN and b.kind is Kind.HAN):
                b.gap_before = han_latin_gap_em * max(a.em, b.em)
    # The rules that need a piece's neighbours are worked out once, here.
    frozen = tuple(p.freeze(can_break_after(pieces, j), j > 0 and takes_space(pieces[j - 1], p))
                   for j, p in enumerate(pieces))
    return Paragraph(text, frozen, tuple(missing), indent_em * (runs[0].size if runs else 0), align,
                     hanging, max((p.unit_width for p in pieces), default=0.0))


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

    mode "normal": take the natural break; where the rules forbid it, push in
    (squeeze punctuation so the offending mark fits), or hang a stop if the
    paragraph allows it, and only then push out (break earlier and spread).
    mode "tight": push in as far as the punctuation allows (used to take a lone
    last character back into the line). `max_end` caps the line's last piece:
    pulling text down to the next line (孤字, 寡行)."""
    pieces = par.pieces
    n = len(pieces)
    if first_line is None:
        first_line = start == 0
    align = align or par.align
    limit = n - 1 if max_end is None else max(start, min(max_end, n - 1))
    natural = None          # last piece that fits without squeezing
    natural_ok = None       # last allowed break that fits without squeezing
    pushed_in = None        # first allowed break past `natural` that fits squeezed
    tightest = None         # last allowed break that fits squeezed
    hang_at = None          # a stop just past `natural` that may hang
    poor_fit = None         # last poor break inside a long Latin unit that fits
    scanned: dict[int, LineCandidate] = {}
    for line in scan_lines(par, start, measure, first_line, limit):
        j = line.stop
        p = pieces[j]
        scanned[j] = line
        allowed = p.breaks_after or _good_break(p, measure)
        fit = line.adjust
        if fit is NATURAL:
            natural = j
            if allowed:
                natural_ok = j
            if unit_break(p, measure) and j < n - 1:
                poor_fit = j
            continue
        if (par.hanging and hang_at is None and natural == j - 1 and allowed
                and hangable(pieces, j)):
            hang_at = j
        if fit is OVERFULL:
            break
        if allowed:
            tightest = j
            if pushed_in is None and natural is not None and natural_ok != natural:
                pushed_in = j
    adjust = "natural"
    if mode == "tight" and tightest is not None and (natural_ok is None or tightest > natural_ok):
        best, adjust = tightest, "push-in"
    elif natural is not None and natural_ok == natural:
        best = natural
    elif hang_at is not None:
        best, adjust = hang_at, "hang"
    elif pushed_in is not None:
        best, adjust = pushed_in, "push-in"
    elif natural_ok is not None:
        best, adjust = natural_ok, "push-out"
    else:
        best, adjust = _emergency_break(par, start, measure, first_line), "overfull"
    if max_end is not None and best == limit and limit < n - 1 and adjust == "natural":
        adjust = "pull-down"
    # A break inside a long Latin unit at a good place may leave too much room
    # (over a fifth of an em a gap): then break it as late as it fits, between
    # any two characters.
    following = pieces[best + 1] if best + 1 < n else None
    if (following is not None and following.unit_width > measure + EPS and poor_fit is not None
            and poor_fit > best and scanned[best].slack > 0.2 * following.em * max(1, best - start)):
        best, adjust = poor_fit, "natural"
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
    last = ends_text(pieces, end)
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
    pieces = par.pieces
    hung = pieces[j] if hang else None
    if hang:
        j -= 1  # the hung stop stands outside the measure; the rest is justified
    line = candidate_line(par, s, j, measure, first_line)   # what the breaker costed
    natural, end = line.width, line.end
    avail = line.avail
    count = end - s + 1
    # Per piece: [left trim, right trim, squeeze] starting from the line's own trims.
    left_trim = [0.0] * count
    right_trim = [0.0] * count
    if not first_line:
        left_trim[0] = pieces[s].lblank
    right_trim[-1] = pieces[end].rblank
    over = natural - avail
    shrink_total = 0.0
    if over > EPS:
        # Push in: squeeze by priority class, each class evenly, until it fits.
        for priority in (1, 2, 3, 4):
            if over <= EPS:
                break
            members = []
            for idx in range(count):
                p = pieces[s + idx]
                cls, amount = shrink_class(p, idx == 0, idx == count - 1)
                if cls == priority and amount > 0:
                    members.append((idx, p, amount))
            capacity = sum(m[2] for m in members)
            if capacity <= 0:
                continue
            take = min(over, capacity)
            ratio = take / capacity
            for idx, p, amount in members:
                cut = amount * ratio
                if p.kind is Kind.SPACE:
                    right_trim[idx] += cut
                elif p.kind is Kind.OPEN and idx != 0 and p.lblank:
                    left_part = min(cut, p.lblank)
                    left_trim[idx] += left_part
                    right_trim[idx] += cut - left_part
                else:
                    right_trim[idx] += cut
            over -= take
            shrink_total += take
    set_width = natural - shrink_total
    slack = avail - set_width
    extra = [0.0] * count
    stretch = 0.0
    max_gap = 0.0
    x0 = indent
    if align == JUSTIFY and not last and over < -EPS:
        # A short line first gives back the blank half trimmed from a closing
        # mark at its end, then spreads what is left evenly between pieces. An
        # opening mark at a line start stays trimmed, so the ink of every line
        # starts at the column edge.
        give = 0.0 if hang else give_back(par, line)
        right_trim[-1] -= give
        room = line.slack - give
        # A line of nothing but marks and dashes still ends at the column edge.
        gaps = stretch_gaps(par, line, measure, room) or tuple(range(s + 1, end + 1))
        if room > EPS and gaps:
            per = room / len(gaps)
            for k in gaps:
                extra[k - s] = per
            stretch = room
            max_gap = per
    elif align == RIGHT or (align == JUSTIFY and last and _only_glued_tail(pieces, s, end)):
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
        for ch, face, dx, advance, hscale in p.glyphs:
            if p.kind is Kind.SPACE:
                break  # spaces draw nothing
            glyphs.append(Glyph(ch, face, p.em, gx + dx, hscale))
            gx += advance
        x += p.width - left_trim[idx] - right_trim[idx]
    if hung is not None:
        for ch, face, dx, advance, hscale in hung.glyphs:
            glyphs.append(Glyph(ch, face, hung.em, x + dx, hscale))
        j += 1
    width = x - x0
    return ComposedLine(tuple(glyphs), width if align != JUSTIFY or last else measure - indent,
                        measure, pieces[s].src_start, pieces[j].src_end, last, shrink_total,
                        stretch, max_gap, align)


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
