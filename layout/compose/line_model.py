"""The line model: what a line of pieces would be, computed one way for the
first-fit breaker, the whole-paragraph breaker and the justifier.

A prepared paragraph is a row of `Piece`s that never break inside. A line is a
run of them, start..stop; `scan_lines` walks the possible stops from a start
and gives, for each, the `LineCandidate` the justifier would set: its natural
width (an opening mark at a line start and a closing mark at a line end lose
their blank halves, GB/T 15834 and clreq; a space ending the line vanishes),
what squeezing punctuation could take out, how many gaps may take
justification space, and how many characters count for 孤字. Both breakers
cost these candidates, and the justifier sets the same numbers, so a line is
never set otherwise than its breaker predicted.

The rules every line obeys live here too: where a line may end
(`can_break_after`), which gaps take space (`takes_space`), what each mark can
give up (`shrink_class`), which stops may hang (`hangable`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, NamedTuple

from .charclass import NO_LINE_END, NO_LINE_START, Kind
from ..units import EPS

if TYPE_CHECKING:
    from .line_breaker import Paragraph

NATURAL, PUSH_IN, OVERFULL = "natural", "push-in", "overfull"
HANGABLE = frozenset("。，、")      # may hang past the line end (when the paragraph allows it)
INNER_SPREAD_EM = 0.15             # per gap, past which a long Latin unit is spaced too


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a paragraph that never breaks inside: a Han character, a
    mark, one character of a Latin word or number, a two-em dash.
    `glyphs` are (ch, face, dx, advance, hscale), dx from the piece's left."""
    glyphs: tuple[tuple[str, str | None, float, float, float], ...]
    kind: Kind
    first: str                # its first and last character
    last: str
    width: float              # its advance, pt
    em: float
    lblank: float             # removable blank on the left (opening marks)
    rblank: float             # removable blank on the right (closing marks, stops)
    gap_before: float         # Han–Latin space, dropped at a line start
    glue_next: bool           # no break between this piece and the next
    src_start: int            # source offsets [src_start, src_end) in the paragraph text
    src_end: int
    sentence_stop: bool       # 。？！
    tight: bool               # no justification space next to it (connectors, dots)
    glued: bool               # part of a glued run (a byline)
    paired: bool              # already compressed against its neighbour: squeeze no more
    keep_full: bool           # 开明 style: 。？！ keep their full em inside a line
    soft: int                 # inside a Latin unit, how good a break after it would be
                              # if the unit is longer than a line: 2 good, 1 poor, 0 none
    unit_width: float         # width of the Latin unit it belongs to
    unit_good: bool           # that unit has good break points (after / . - …)
    pair_trim: float          # blank given up to the mark after it (restorable at a line end)
    # What the rules below say of it in its paragraph, worked out once when it is made:
    breaks_after: bool        # can_break_after
    spaced_before: bool       # takes_space with the piece before
    squeeze_inside: float     # shrink_class amount inside a line …
    squeeze_at_end: float     # … and as a line's last piece (not its first)
    counted: int              # characters that count for 孤字


def can_break_after(pieces, j: int) -> bool:
    """May a line end after piece j (GB line-start and line-end prohibitions)?"""
    if j >= len(pieces) - 1:
        return True
    a, b = pieces[j], pieces[j + 1]
    if a.glue_next:
        return False
    if b.first in NO_LINE_START or a.last in NO_LINE_END:
        return False
    if b.kind is Kind.SPACE:
        return False  # break after the space, which then disappears
    if a.kind is Kind.SPACE:
        # the space vanishes at the line end, so the piece before it ends the line
        k = j
        while k > 0 and pieces[k].kind is Kind.SPACE:
            k -= 1
        if pieces[k].last in NO_LINE_END:
            return False
    if a.kind is Kind.LATIN and b.kind is Kind.LATIN:
        return False
    return True


def takes_space(a, b) -> bool:
    """May the gap between pieces a and b take justification space? Not after an
    opening mark or before a closing one, not inside a compressed pair (it keeps
    its 1.5 em), not at a connector, never inside a word or number."""
    if a.kind is Kind.OPEN or b.kind in (Kind.CLOSE, Kind.STOP):
        return False
    if a.kind in (Kind.CLOSE, Kind.STOP) and b.kind is Kind.OPEN:
        return False
    if a.tight or b.tight:
        return False
    return not (a.glue_next and a.kind is Kind.LATIN and b.kind is Kind.LATIN)


def inner_joint(a, b, measure: float) -> bool:
    """Is the gap between a and b a joint inside a Latin unit longer than the
    line (a URL, a long number)? Such joints take space only as a last resort."""
    return (a.glue_next and a.kind is Kind.LATIN and b.kind is Kind.LATIN
            and a.unit_width > measure + EPS)


def shrink_class(piece, is_first: bool, is_last: bool) -> tuple[int, float]:
    """(priority, amount) a piece can give up inside a line (reference §5.6):
    word spaces first, then brackets and quotes, then pause marks, then 。？！."""
    if piece.kind is Kind.SPACE:
        return 1, max(0.0, piece.width - piece.em / 4)
    if piece.kind in (Kind.OPEN, Kind.CLOSE):
        # A mark already compressed against the one before keeps its other half:
        # two marks never close up to less than one em.
        left = 0.0 if (is_first or piece.paired) else piece.lblank
        return 2, left + (0.0 if is_last else piece.rblank)
    if piece.kind is Kind.STOP:
        if is_last or piece.keep_full:
            return 3, 0.0
        return (4 if piece.sentence_stop else 3), piece.rblank
    return 0, 0.0


def hangable(pieces, j: int) -> bool:
    """。，、 may hang at a line end, but never one of two marks in a row."""
    p = pieces[j]
    if p.kind is not Kind.STOP or p.last not in HANGABLE:
        return False
    before = pieces[j - 1] if j > 0 else None
    after = pieces[j + 1] if j + 1 < len(pieces) else None
    marks = (Kind.OPEN, Kind.CLOSE, Kind.STOP)
    return not (before and before.kind in marks) and not (after and after.kind in marks)


def unit_break(piece, measure: float) -> int:
    """How good a break after this piece is, inside a Latin unit longer than
    the line: 2 good (after / . - …, between digits), 1 poor (between two
    letters), 0 none (the unit fits a line, or the rules forbid it here)."""
    return piece.soft if piece.soft and piece.unit_width > measure + EPS else 0


def ends_text(pieces, j: int) -> bool:
    """Does a line ending at piece j end the paragraph's text? What may follow
    is a byline (a glued run) that moves to its own line."""
    return j >= len(pieces) - 1 or (all(p.glued for p in pieces[j + 1:]) and not pieces[j].glued)


class LineCandidate(NamedTuple):
    """Pieces start..stop as one line, as the justifier will set it. A space
    at its end vanishes: `end` is the last piece set. (A named tuple: the
    breakers look at thousands of these, and a tuple is cheap to make.)"""
    start: int
    stop: int          # where the line would break: its last piece, spaces included
    end: int           # its last piece that is set
    avail: float       # the measure less the first line's indent
    width: float       # natural width, pt
    shrink: float      # what squeezing punctuation and word spaces can take out, pt
    gaps: int          # gaps that may take justification space
    content: int       # characters that count for 孤字
    adjust: str        # natural: it fits as it is (and is spread to the measure);
                       # push-in: it fits when squeezed; overfull: it does not fit

    @property
    def slack(self) -> float:
        """Room left at its natural width (negative: too wide)."""
        return self.avail - self.width


def _fit(width: float, shrink: float, avail: float) -> str:
    if width <= avail + EPS:
        return NATURAL
    if width - shrink <= avail + EPS:
        return PUSH_IN
    return OVERFULL


_new = tuple.__new__  # builds a LineCandidate without a Python-level __new__ call


def scan_lines(par: Paragraph, start: int, measure: float, first_line: bool,
               last: int | None = None) -> Iterator[LineCandidate]:
    """The candidate lines from piece `start`, one for each stop from `start`
    to `last` (the paragraph's end), each built from the one before: a
    breaker stops asking once a candidate is overfull."""
    pieces = par.pieces
    last = len(pieces) - 1 if last is None else last
    avail = measure - (par.indent if first_line else 0.0)
    p = pieces[start]
    # An opening mark starting a line other than a paragraph's first loses its blank half.
    head = p.width if first_line else p.width - p.lblank
    # The sums are made in the order the pieces are set, so that a candidate's
    # width is exactly what the justifier will set, to the last bit.
    width = 0.0 + (head - p.rblank)
    shrink = 0.0 + shrink_class(p, True, True)[1]
    gaps = 0
    content = p.counted
    end = start
    fit = _fit(width, shrink, avail)
    yield _new(LineCandidate, (start, start, start, avail, width, shrink, 0, content, fit))
    run_width = head                                 # start..k, as if the line went on
    run_shrink = 0.0 + shrink_class(p, True, False)[1]
    run_gaps = 0
    run_content = content
    space = Kind.SPACE
    for k in range(start + 1, last + 1):
        p = pieces[k]
        advance = p.width + p.gap_before
        if p.kind is not space:
            width = run_width + (advance - p.rblank)   # a mark at the line end: half width
            shrink = run_shrink + p.squeeze_at_end
            gaps = run_gaps + p.spaced_before
            content = run_content + p.counted
            end = k
            fit = _fit(width, shrink, avail)
        run_width += advance
        run_shrink += p.squeeze_inside
        run_gaps += p.spaced_before
        run_content += p.counted
        yield _new(LineCandidate, (start, k, end, avail, width, shrink, gaps, content, fit))


def candidate_line(par: Paragraph, start: int, stop: int, measure: float,
                   first_line: bool) -> LineCandidate:
    """Pieces start..stop as one line: the candidate `scan_lines` gives for `stop`."""
    line = None
    for line in scan_lines(par, start, measure, first_line, stop):
        pass
    return line


def give_back(par: Paragraph, line: LineCandidate) -> float:
    """What a closing mark or stop ending a line that has room takes back of
    the blank half it lost at the line end (GB 5.1.10 allows both widths),
    before the rest is spread between pieces; with the blank it gave up to a
    mark after it, which now starts the next line."""
    p = par.pieces[line.end]
    if p.kind not in (Kind.CLOSE, Kind.STOP):
        return 0.0
    return min(line.slack, p.rblank + p.pair_trim)


def stretch_gaps(par: Paragraph, line: LineCandidate, measure: float, room: float) -> tuple[int, ...]:
    """The gaps that share the `room` of a justified line, each named by the
    piece after it: the gaps that take space; and when they would gape (over
    0.15 em each) or there are none, the joints inside a Latin unit longer than
    the line too, so it is spaced a little rather than a few gaps a lot."""
    pieces = par.pieces
    gaps = [k for k in range(line.start + 1, line.end + 1) if pieces[k].spaced_before]
    if (par.widest_unit > measure + EPS
            and (not gaps or room / len(gaps) > INNER_SPREAD_EM * pieces[line.start].em)):
        inner = [k for k in range(line.start + 1, line.end + 1)
                 if inner_joint(pieces[k - 1], pieces[k], measure)]
        gaps = sorted(set(gaps) | set(inner))
    return tuple(gaps)
