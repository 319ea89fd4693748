"""The line model: what a line of pieces would be, and how it would be set,
computed one way for the first-fit breaker, the whole-paragraph breaker and
the justifier.

A prepared paragraph is a row of `Piece`s that never break inside. A line is a
run of them, start..stop; `scan_lines` walks the possible stops from a start
and gives, for each, the `LineCandidate`: its natural width (an opening mark
at a line start and a closing mark at a line end lose their blank halves,
GB/T 15834 and clreq; a space ending the line vanishes), what each source of
adjustment could give or take, and how many characters count for 孤字.
`fit_line` then says how the justifier sets the candidate — what it takes from
each source, in a fixed order — and what that costs; both breakers cost the
same fit, and the justifier sets it, so a line is never set otherwise than its
breaker predicted.

Adjustment, in order (typesetting reference §5.6; docs/composition.md):
  too long:  word spaces (to ¼ em) and the ideographic space after a
             dateline (to ½ em), brackets and quotes, pause marks, 。？！ (to
             their half), a pair of marks to one em, Han–Latin spaces (to
             nothing), then every character gap by at most MAX_TIGHTEN_EM
             (紧排), then a 。，、 ending the line lets the blank of its half
             cell pass the column edge by up to END_OVERHANG_EM, and last a
             paragraph's first line starts up to INDENT_GIVE_EM inside its
             indent;
  too short: a mark ending the line takes back its blank half, compressed
             pairs inside the line half of theirs (。“ to 1¾ em), word spaces
             widen to ½ em, the ideographic space after a dateline to 1½ em,
             Han–Latin spaces to ⅓ em, and only then the character gaps open,
             evenly, up to MAX_SPREAD_EM; then the pairs take back the rest
             (to 2 em), and in 开明 style the half-width marks their blank
             halves; past that the line is letter-spaced (loose), which the
             breakers avoid at a high cost.

The rules every line obeys live here too: where a line may end
(`can_break_after`), which gaps take space (`takes_space`) or may be
tightened (`tightens`), what each mark can give up (`shrink_class`), which
stops may hang (`hangable`).
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
SPACES = (Kind.SPACE, Kind.IDSPACE)
SQUEEZABLE = (Kind.SPACE, Kind.IDSPACE, Kind.OPEN, Kind.CLOSE, Kind.STOP)   # what may give
GIVE_BACK = (Kind.CLOSE, Kind.STOP)   # a mark ending a line that has room takes back its blank
FIGURES = frozenset("0123456789.")   # a number's characters: may close up a little

# The limits of a justified line (the typography checker's rule L7 holds the same).
LOOSE_EM = 0.05            # a character gap carrying this much added space reads letter-spaced
MAX_SPREAD_EM = 0.049      # so the justifier opens a character gap by less than that …
MAX_TIGHTEN_EM = 0.04      # … and closes one by at most this (紧排)
WORD_SPACE_MAX_EM = 0.5    # a word space widens to half an em before character gaps open
IDSPACE_STRETCH_EM = 0.5   # the ideographic space after a dateline: ½ to 1½ em
HL_MAX_EM = 1 / 3          # a Han–Latin space widens to a third of an em (clreq: many
                           # styles cap it there); it narrows to nothing (as most papers set it)
HL_OPEN_EM = 0.04          # where the settings put no Han–Latin space (the default), a
                           # justified line may open one this wide, and the gap may take its
                           # share of the spreading too (under MAX_SPREAD_EM): together under
                           # the tenth of an em past which PDF readers take a gap for a word
                           # space (223 次)
END_OVERHANG_EM = 0.125    # 。，、 ending a line may let this much of the blank of its half
                           # cell pass the column edge (its ink stays inside, where a Han
                           # character's ends)
INDENT_GIVE_EM = 0.0625    # a paragraph's first line, that nothing earlier can help, may
                           # start this much inside its 2-em indent
RESTORE_FIRST = 0.5        # the part of a compressed pair's blank taken back before the
                           # character gaps open (a pair to 1¾ em); the rest only before
                           # the line would be loose

LOOK_BACK = 6              # breaks before the natural one a line may take (push out)

# What each adjustment costs (per em taken or given, unless said otherwise).
TIGHT_COST = 2.0           # squeezing punctuation or a Han–Latin space (push in)
RESTORE_COST = 0.5         # a compressed pair taking back its blank
UNTRIM_COST = 20.0         # a half-width mark (开明) widened: only rather than a loose line
SPACE_COST = 0.5           # widening word spaces
HL_COST = 1.0              # widening Han–Latin spaces
OVERHANG_COST = 8.0        # a mark's blank passing the column edge
INDENT_COST = 40.0         # the first line's indent giving way
TIGHTEN_UNIT = 0.03        # em per character gap closed that costs 1 (grows with its square)
SPREAD_UNIT = 0.025        # em per character gap opened that costs 1 (grows with its square)
LOOSE_COST = 1000.0        # a letter-spaced line: only when nothing else sets the paragraph …
LOOSE_WEIGHT = 100.0       # … and then its spreading weighs this much more
BAD_SPREAD_EM = 0.25       # past this a gap gapes …
BAD_COST = 300.0           # … and costs this more
OVERFULL_COST = 5000.0     # a line that overhangs its measure
HANG_COST = 1.0            # a stop hung past the measure (when the settings allow it)
POOR_BREAK_COST = 30.0     # a break between two letters of a word longer than the line
HYPHEN_END_COST = 20.0     # a break after a hyphen inside a Latin unit: poppler (pdftotext,
                           # Evince) takes a hyphen ending a line for a soft hyphen and drops
                           # it from the text, so a break after . or : is preferred (one
                           # between letters still costs more)
UNIT_BREAK_COST = 300.0    # a break inside a Latin unit that fits the line (0373-｜1234567,
                           # www.｜example.cn): only rather than a loose line
KEEP_COST = 100.0          # a break between a number and its unit (8.02｜亿元), inside a
                           # dateline (本报｜平壤) or a name (黄发｜红): only to avoid a loose line
PHRASE_KEEP_COST = 25.0    # a break between the phrases of a dateline or byline: before its
                           # parenthesis (…电｜（记者…）) or at a space between names


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
    tight: bool               # no justification space next to it (connectors, dots, the
                              # fixed space between names)
    glued: bool               # part of a glued run (a byline)
    paired: bool              # already compressed against its neighbour: squeeze no more
    keep_full: bool           # 开明 style: 。？！ keep their full em inside a line
    soft: int                 # inside a Latin unit, how good a break after it would be
                              # if the unit is longer than a line: 2 good, 1 poor, 0 none
    unit_width: float         # width of the Latin unit it belongs to
    unit_good: bool           # that unit has good break points (after / . - …)
    joint: bool               # a unit that fits the line may still break after it (after -
                              # or _, or a . before a letter) rather than letter-space
                              # the line: the break costs UNIT_BREAK_COST
    pair_trim: float          # blank given up to the mark after it (restorable)
    untrim: float             # 开明: the blank half a mark was set without (before an
                              # opening mark, after any other), taken back only so as
                              # not to letter-space the line
    break_cost: float         # what a break after it costs: a number and its unit, a
                              # dateline, names (0: a break like any other)
    # What the rules below say of it in its paragraph, worked out once when it is made:
    breaks_after: bool        # can_break_after
    spaced_before: bool       # takes_space with the piece before
    tighten: float            # what closing the gap before it may take out: MAX_TIGHTEN_EM
                              # of its em where it `tightens` with the piece before, pt
    squeeze_inside: float     # shrink_class amount inside a line …
    squeeze_at_end: float     # … and as a line's last piece (not its first)
    hl_shrink: float          # what the Han–Latin space before it may give up, pt
    hl_stretch: float         # and how much it may widen, pt
    space_stretch: float      # a word space: how much it may widen, pt
    counted: int              # characters that count for 孤字
    # And what it adds to a line, summed for every candidate the breakers scan:
    advance: float            # width and the Han–Latin space before it, after a line's start
    end_overhang: float       # ending a line, how far the blank of a 。，、 may pass the edge


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
    its 1.5 em), not at a connector, never inside a word or number, and not
    beside a word space or the ideographic space (which widen themselves)."""
    if a.kind is Kind.OPEN or b.kind in (Kind.CLOSE, Kind.STOP):
        return False
    if a.kind in (Kind.CLOSE, Kind.STOP) and b.kind is Kind.OPEN:
        return False
    if a.tight or b.tight or a.kind in SPACES or b.kind in SPACES:
        return False
    return not (a.glue_next and a.kind is Kind.LATIN and b.kind is Kind.LATIN)


def tightens(a, b) -> bool:
    """May the gap between a and b be closed a little (at most MAX_TIGHTEN_EM)?
    Every gap that takes space, and the gap between a character and the
    closing mark or stop after it (在…发布会上， takes its 上 so) or the
    opening mark before it; and inside a number, whose figures keep side
    bearings wider than that (8.6, 2100)."""
    if takes_space(a, b):
        return True
    if a.kind is Kind.LATIN and b.kind is Kind.LATIN and a.last in FIGURES and b.first in FIGURES:
        return True
    words = (Kind.HAN, Kind.LATIN)
    return (b.kind in (Kind.CLOSE, Kind.STOP) and a.kind in words) or (a.kind is Kind.OPEN and b.kind in words)


def inner_joint(a, b, measure: float) -> bool:
    """Is the gap between a and b a joint inside a Latin unit longer than the
    line (a URL, a long number)? Such joints take space only as a last resort."""
    return (a.glue_next and a.kind is Kind.LATIN and b.kind is Kind.LATIN
            and a.unit_width > measure + EPS)


def shrink_class(piece, is_first: bool, is_last: bool, first_line: bool = False) -> tuple[int, float]:
    """(priority, amount) a piece can give up inside a line (reference §5.6):
    word spaces and the ideographic space after a dateline first, then
    brackets and quotes, then pause marks, then 。？！; last (5) the tighter
    styles clreq allows: a pair of marks closed to one em (，“ ”“ ：“), and
    an opening mark starting a paragraph losing its blank half too
    (`first_line`: the line is the paragraph's first)."""
    if piece.kind not in SQUEEZABLE:
        return 0, 0.0   # Han, Latin, dashes …: one test for most pieces (an enum member is slow to look up)
    if piece.kind is Kind.SPACE:
        # the fixed space between names gives nothing
        return 1, 0.0 if piece.tight else max(0.0, piece.width - piece.em / 4)
    if piece.kind is Kind.IDSPACE:
        return 1, max(0.0, piece.width - piece.em / 2)
    if piece.kind is Kind.OPEN:
        if is_first:
            # at any other line start its blank half is gone already
            return (5, piece.lblank) if first_line else (2, 0.0)
        return (5 if piece.paired else 2), piece.lblank
    if piece.kind is Kind.CLOSE:
        return 2, 0.0 if is_last else piece.rblank
    if piece.kind is Kind.STOP:
        if is_last or piece.keep_full:
            return 3, 0.0
        return (4 if piece.sentence_stop else 3), piece.rblank
    return 0, 0.0


def hl_flex(gap: float, em: float, boundary: bool) -> tuple[float, float]:
    """What the Han–Latin space of `gap` before a piece may give up and how
    much it may widen; `boundary`: the piece meets Han on one side, Latin on
    the other. With no space set (the default), a justified line may still
    open one by HL_OPEN_EM, which readers do not take for a word space."""
    if gap <= 0:
        return 0.0, (HL_OPEN_EM * em if boundary else 0.0)
    return gap, max(0.0, HL_MAX_EM * em - gap)


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


def joint_break(piece, measure: float) -> bool:
    """May a line break after this piece inside a Latin unit that fits the
    line (at UNIT_BREAK_COST)? A unit longer than the line breaks by
    `unit_break` instead."""
    return piece.joint and not unit_break(piece, measure)


def break_cost(pieces, j: int, measure: float) -> float:
    """What a line ending after piece j costs for the break itself: a number
    parted from its unit, a dateline or names split, a unit that fits the line
    broken inside (none at the paragraph's end)."""
    if j >= len(pieces) - 1:
        return 0.0
    p = pieces[j]
    cost = p.break_cost + (UNIT_BREAK_COST if joint_break(p, measure) else 0.0)
    if p.kind is Kind.LATIN and p.last == "-" and j + 1 < len(pieces) and pieces[j + 1].kind is Kind.LATIN:
        cost += HYPHEN_END_COST
    return cost


def ends_text(par: Paragraph, j: int) -> bool:
    """Does a line ending at piece j end the paragraph's text? What may follow
    is a byline (a glued run from `par.tail` on) that moves to its own line."""
    if j >= len(par.pieces) - 1:
        return True
    return par.tail is not None and j + 1 >= par.tail and not par.pieces[j].glued


class LineCandidate(NamedTuple):
    """Pieces start..stop as one line, before it is adjusted. A space at its
    end vanishes: `end` is the last piece set. (A named tuple: the breakers
    look at thousands of these, and a tuple is cheap to make.)"""
    start: int
    stop: int          # where the line would break: its last piece, spaces included
    end: int           # its last piece that is set
    avail: float       # the measure less the first line's indent
    width: float       # natural width, pt
    shrink: float      # what squeezing punctuation and word spaces can take out, pt
    hl_shrink: float   # what its Han–Latin spaces can give up, pt
    tighten: float     # what closing its character gaps can take out, pt
    overhang: float    # how far the blank of a stop ending it may pass the edge, pt
    indent_give: float  # what a paragraph's first line may take from its indent, pt
    restore: float     # blanks its compressed pairs can take back, pt
    untrim: float      # blanks its half-width marks (开明) can take back, pt
    spaces: float      # what its word spaces can widen, pt
    hl_stretch: float  # what its Han–Latin spaces can widen, pt
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


_new = tuple.__new__  # builds a named tuple (LineCandidate, LineFit) without a Python-level __new__ call


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
    shrink = 0.0 + shrink_class(p, True, True, first_line)[1]
    content = p.counted
    indent_give = INDENT_GIVE_EM * p.em if first_line and par.indent > 0 else 0.0
    fit = _fit(width, shrink + indent_give, avail)
    yield _new(LineCandidate, (start, start, start, avail, width, shrink, 0.0, 0.0, 0.0, indent_give,
                               0.0, 0.0, 0.0, 0.0, 0, content, fit))
    run_width = head                                 # start..k, as if the line went on
    run_shrink = 0.0 + shrink_class(p, True, False, first_line)[1]
    run_gaps = 0
    run_content = content
    run_hl_shrink = run_hl_stretch = run_tighten = 0.0
    run_restore = p.pair_trim
    run_untrim = 0.0 if p.kind is Kind.OPEN else p.untrim   # a blank after it, inside the line
    run_spaces = p.space_stretch
    end = start
    hl_shrink = hl_stretch = tighten = overhang = restore = untrim = spaces = 0.0
    gaps = 0
    space, opening = Kind.SPACE, Kind.OPEN   # (an enum's member is slow to look up)
    limit = avail + EPS
    for k in range(start + 1, last + 1):
        p = pieces[k]
        kind = p.kind
        advance = p.advance
        if kind is not space:
            width = run_width + (advance - p.rblank)   # a mark at the line end: half width
            shrink = run_shrink + p.squeeze_at_end
            gaps = run_gaps + p.spaced_before
            content = run_content + p.counted
            hl_shrink = run_hl_shrink + p.hl_shrink
            hl_stretch = run_hl_stretch + p.hl_stretch
            tighten = run_tighten + p.tighten
            overhang = p.end_overhang
            restore = run_restore
            untrim = run_untrim + (p.untrim if kind is opening else 0.0)
            spaces = run_spaces
            end = k
            # (a line that fits as it is needs no sum of what squeezing could take)
            fit = NATURAL if width <= limit else _fit(width, shrink + hl_shrink + tighten + overhang
                                                      + indent_give, avail)
        run_width += advance
        run_shrink += p.squeeze_inside
        run_gaps += p.spaced_before
        run_content += p.counted
        run_hl_shrink += p.hl_shrink
        run_hl_stretch += p.hl_stretch
        run_tighten += p.tighten
        run_restore += p.pair_trim
        run_untrim += p.untrim
        run_spaces += p.space_stretch
        yield _new(LineCandidate, (start, k, end, avail, width, shrink, hl_shrink, tighten, overhang,
                                   indent_give, restore, untrim, spaces, hl_stretch, gaps, content, fit))


def candidate_line(par: Paragraph, start: int, stop: int, measure: float,
                   first_line: bool) -> LineCandidate:
    """Pieces start..stop as one line: the candidate `scan_lines` gives for `stop`."""
    line = None
    for line in scan_lines(par, start, measure, first_line, stop):
        pass
    return line


def _upto(x: float, limit: float) -> float:
    """min(x, limit), the very same float, at a third of the builtin's cost:
    fit_line takes several for each of the thousands of lines it fits."""
    return limit if limit < x else x


def give_back(par: Paragraph, line: LineCandidate) -> float:
    """What a closing mark or stop ending a line that has room takes back of
    the blank half it lost at the line end (GB 5.1.10 allows both widths),
    before the rest is spread between pieces; with the blank it gave up to a
    mark after it, which now starts the next line."""
    p = par.pieces[line.end]
    if p.kind not in GIVE_BACK:
        return 0.0
    taken = _upto(line.avail - line.width, p.rblank + p.pair_trim)   # no more than its slack
    return taken if taken > 0.0 else 0.0   # (max(0.0, taken), as fast as _upto)


def stretch_gaps(par: Paragraph, line: LineCandidate, measure: float, room: float) -> tuple[int, ...]:
    """The gaps that share the `room` left for the character gaps of a
    justified line, each named by the piece after it: the gaps that take
    space; and when they would open to the loose limit or there are none, the
    joints inside a Latin unit longer than the line too, so it is spaced a
    little rather than a few gaps a lot."""
    pieces = par.pieces
    gaps = [k for k in range(line.start + 1, line.end + 1) if pieces[k].spaced_before]
    if (par.widest_unit > measure + EPS
            and (not gaps or room / len(gaps) > MAX_SPREAD_EM * pieces[line.start].em)):
        inner = [k for k in range(line.start + 1, line.end + 1)
                 if inner_joint(pieces[k - 1], pieces[k], measure)]
        gaps = sorted(set(gaps) | set(inner))
    return tuple(gaps)


class LineFit(NamedTuple):
    """How the justifier sets a candidate: what it takes from, or gives to,
    each source of adjustment (pt), in the order of the module docstring."""
    squeeze: float      # out of word spaces and punctuation (shrink_class order)
    hl_squeeze: float   # out of Han–Latin spaces
    tighten: float      # out of character gaps (紧排)
    overhang: float     # the blank of a stop ending the line past the edge
    indent_give: float  # taken from a first line's indent
    over: float         # what still overhangs beyond that: an overfull line
    give: float         # taken back by a mark ending the line
    restore: float      # taken back by compressed pairs inside the line
    untrim: float       # taken back by half-width marks (开明)
    spaces: float       # added to word spaces
    hl: float           # added to Han–Latin spaces
    spread: float       # added to character gaps, shared evenly by `gaps` of them
    gaps: int
    joints: tuple[int, ...] | None   # those gaps, each named by the piece after it, when
                                     # they are not simply the line's gaps that take space
    cost: float

    @property
    def per_gap(self) -> float:
        """Space added to each character gap that shares `spread`, pt."""
        return self.spread / self.gaps if self.gaps and self.spread > 0 else 0.0


def fit_line(par: Paragraph, line: LineCandidate, measure: float, justify: bool,
             hang: bool = False) -> LineFit:
    """How `line` is set: squeezed when too long; when short and `justify`
    (a justified line that is not a paragraph's last), widened to the
    measure. `hang`: a stop hangs past the measure and gives nothing back."""
    over = line.width - line.avail
    em = par.pieces[line.start].em
    squeeze = hl_squeeze = tighten = overhang = indent_give = 0.0
    give = restore = untrim = spaces = hl = spread = 0.0
    gaps = 0
    joints: tuple[int, ...] | None = None
    if over > EPS:
        squeeze = _upto(over, line.shrink)
        over -= squeeze
        hl_squeeze = _upto(max(over, 0.0), line.hl_shrink)
        over -= hl_squeeze
        tighten = _upto(max(over, 0.0), line.tighten)
        over -= tighten
        overhang = _upto(max(over, 0.0), line.overhang)
        over -= overhang
        indent_give = _upto(max(over, 0.0), line.indent_give)
        over -= indent_give
    elif justify and over < -EPS:
        room = -over
        give = 0.0 if hang else give_back(par, line)
        room -= give
        restore = _upto(room, line.restore * RESTORE_FIRST)
        room -= restore
        spaces = _upto(room, line.spaces)
        room -= spaces
        hl = _upto(room, line.hl_stretch)
        room -= hl
        if room > EPS:
            rest = line.restore - restore
            gaps = line.gaps
            if not gaps or par.widest_unit > measure + EPS:
                # A line of nothing but marks and dashes still ends at the column edge.
                joints = (stretch_gaps(par, line, measure, max(0.0, room - rest))
                          or tuple(range(line.start + 1, line.end + 1)))
                gaps = len(joints)
            if gaps:
                spread = _upto(room, gaps * MAX_SPREAD_EM * em)
                room -= spread
                more = _upto(room, rest)
                restore += more
                room -= more
                untrim = _upto(room, line.untrim)
                spread += room - untrim
            else:
                spread = room   # a line of one piece: nowhere to put it (costed, not set)
    if over < 0.0:     # (max(over, 0.0), as fast as _upto)
        over = 0.0
    cost = _cost(line, squeeze + hl_squeeze, tighten, over, restore, spaces, hl, spread, gaps, em)
    if overhang or indent_give or untrim:
        # the last resorts, rarely taken: adding nothing leaves the sum as it is
        cost = (cost + OVERHANG_COST * overhang / par.pieces[line.end].em + INDENT_COST * indent_give / em
                + UNTRIM_COST * untrim / em)
    return _new(LineFit, (squeeze, hl_squeeze, tighten, overhang, indent_give, over, give, restore,
                          untrim, spaces, hl, spread, gaps, joints, cost))


def _cost(line: LineCandidate, squeeze: float, tighten: float, over: float, restore: float,
          spaces: float, hl: float, spread: float, gaps: int, em: float) -> float:
    """The badness of a fit: each adjustment by its cost per em; closing and
    opening character gaps by the square of what each gap takes or gets, a
    letter-spaced line (MAX_SPREAD_EM a gap or more) far more."""
    cost = (TIGHT_COST * squeeze + RESTORE_COST * restore + SPACE_COST * spaces + HL_COST * hl) / em
    if over > EPS:
        cost += OVERFULL_COST
    if tighten > 0:
        per = tighten / line.tighten * MAX_TIGHTEN_EM
        cost += (per / TIGHTEN_UNIT) ** 2
    if spread > EPS:
        per = spread / gaps / em if gaps else 10.0
        badness = (per / SPREAD_UNIT) ** 2
        if per > MAX_SPREAD_EM + 1e-9:
            # a loose line: the fewer the better, and never one gaping line
            # where a few lines could each be a little loose
            badness = LOOSE_COST + LOOSE_WEIGHT * badness
        cost += badness
        if per > BAD_SPREAD_EM + 1e-9:
            cost += BAD_COST
    return cost


def fit_gaps(par: Paragraph, line: LineCandidate, fit: LineFit) -> tuple[int, ...]:
    """The gaps that share the fit's `spread`, each named by the piece after it."""
    if fit.joints is not None:
        return fit.joints
    pieces = par.pieces
    return tuple(k for k in range(line.start + 1, line.end + 1) if pieces[k].spaced_before)


def is_loose(par: Paragraph, line: LineCandidate, fit: LineFit) -> bool:
    """Is a line set by `fit` letter-spaced: do its character gaps carry
    MAX_SPREAD_EM or more (what the typography checker's L7 reports)? The
    joints inside a Latin unit longer than the line, spread on a line of a
    long URL, are not character gaps."""
    if not fit.gaps or fit.per_gap <= MAX_SPREAD_EM * par.pieces[line.start].em + 1e-6:
        return False
    return fit.joints is None or any(par.pieces[k].spaced_before for k in fit.joints)
