"""Vertical headlines (竖题): kicker, main headline and deck set top to bottom.

Characters stand upright, a line runs down, successive lines go right to left
(reference §3.4): the kicker (引题) is a smaller line at the right, then the
main headline in one or two lines, then the deck (副题) at the left. The lines
are top-aligned and centred as a group across the block's width.

Punctuation takes its vertical form (，→︐, “→﹁ …); a face that lacks one has
the horizontal mark turned a quarter clockwise instead. 、，。 sit at the
top right of their cell, ：；？！ upright in the middle (as the vertical-form
glyphs of the CJK faces draw them). Two or three digits stand side by side in
one cell (纵中横), condensed to an em; longer numbers and Latin words are
turned a quarter clockwise and take as many cells as their length needs.

Every glyph is a `Glyph` placed by its drawing origin: x from the block's
left, `baseline` from the block's top. An upright glyph's origin is the left
end of its baseline, 0.88 em under its cell's top (the ideographic em box of
Noto CJK reaches 0.12 em under the baseline). A turned glyph (rotate=90) is
turned about its origin, so its baseline runs down the page and its ascent
points right: its origin sits 0.12 em right of the column's left edge, at
the top of the space it takes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from .charclass import Kind, kind_of, latin_run_end
from ..fonts.book import FontBook
from .headline import (BALANCE, MID_PHRASE, SIZE_LADDER, STEP_RATIO, break_options,
                       display, normalise, sub_size)
from .line_breaker import Glyph
from ..spec.page_style import BASELINE_RATIO, PageStyle

VERTICAL_FORMS = MappingProxyType({
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄", "（": "︵", "）": "︶", "《": "︽", "》": "︾",
    "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄", "【": "︻", "】": "︼", "〔": "︹", "〕": "︺",
    "〈": "︿", "〉": "﹀", "〖": "︗", "〗": "︘", "—": "︱", "…": "︙",
})
TOP_RIGHT = frozenset("、，。")        # set at the top right of their cell (GB)
CENTRED = frozenset("：；！？")        # upright, in the middle of their cell
DESCENT = 1.0 - BASELINE_RATIO       # em box under the baseline

MAIN_GAP = 0.25      # between the two main lines, × main size
SUB_GAP = 0.5        # between the kicker or deck and the main line, × their size
SUB_LINE_GAP = 0.2   # between two lines of a kicker or deck, × their size
MAX_MAIN_LINES = 2
MAX_SUB_LINES = 2


@dataclass(frozen=True)
class PlacedGlyph:
    glyph: Glyph          # glyph.x: drawing origin from the block's left
    baseline: float       # y of the drawing origin from the block's top
    kind: str             # kicker, headline, deck
    line: int = 0         # which vertical line of the block, counted from the right


@dataclass(frozen=True)
class VerticalHeadlineBlock:
    glyphs: tuple[PlacedGlyph, ...]
    grid_lines: int       # body lines the block takes, with room under it
    main_size: float
    fits: bool
    lines: tuple[tuple[str, str, float], ...] = ()  # (kind, text, size), right to left
    width: float = 0.0    # across all its lines
    height: float = 0.0   # of its longest line


# -- ink bounds ---------------------------------------------------------------------------

_INK_CHARS = "".join(VERTICAL_FORMS) + "".join(VERTICAL_FORMS.values()) + "～"


def _ink(fonts: FontBook, face_id: str | None, ch: str):
    """Ink box (xmin, ymin, xmax, ymax) of `ch` in em, about its origin, or None.
    Faces place marks differently (Noto's ︓ sits right of centre), so the
    marks that are centred or turned are placed by their ink, which the font
    book reads once per face."""
    if face_id is None:
        return None
    return fonts.ink_boxes(face_id, _INK_CHARS).get(ch)


# -- one vertical line at 1 pt ----------------------------------------------------------

@dataclass(frozen=True)
class _Mark:
    """A glyph of a cell: offsets from the cell's top-left, at 1 pt."""
    ch: str
    face: str | None
    dx: float
    dy: float             # baseline (upright) or origin (turned) under the cell top
    hscale: float = 1.0
    rotate: int = 0


@dataclass
class _Cell:
    marks: list
    length: float         # along the line, at 1 pt
    head: float = 0.0     # blank at the top that may go (opening marks)
    tail: float = 0.0     # blank at the bottom that may go (closing marks, 、，。)
    mark: bool = False    # a punctuation mark (compresses against its neighbour)
    opening: bool = False


def _cells(text: str, role: str, fonts: FontBook) -> list[_Cell]:
    cells: list[_Cell] = []
    i = 0
    while i < len(text):
        ch = text[i]
        kind = kind_of(ch)
        if ch == "\u3000" or ch == " ":
            cells.append(_Cell([], 1.0))
            i += 1
            continue
        if kind is Kind.LATIN:
            j = latin_run_end(text, i, spaces=True)   # 427.3, 5G, 10%, Hello World
            cells.append(_latin_cell(text[i:j], role, fonts))
            i = j
            continue
        i += 1
        if ch in VERTICAL_FORMS:
            cells.append(_mark_cell(ch, kind, role, fonts))
            continue
        face = fonts.resolve(role, ch)
        adv = face.advance(ch) if face else 1.0
        if kind is Kind.CONNECTOR:
            # ～ has no vertical form: turned, filling its cell
            cells.append(_Cell([_Mark(ch, face.id if face else None, DESCENT, 0.0, 1.0, 90)], 1.0))
            continue
        # Han, kana, middle dot …: upright, centred across the line
        cells.append(_Cell([_Mark(ch, face.id if face else None, (1.0 - adv) / 2, BASELINE_RATIO)], 1.0))
    return cells


def _mark_cell(ch: str, kind: Kind, role: str, fonts: FontBook) -> _Cell:
    opening = kind is Kind.OPEN
    closing = kind is Kind.CLOSE or ch in TOP_RIGHT
    head = 0.5 if opening else 0.0
    tail = 0.5 if closing else 0.0
    is_mark = kind in (Kind.OPEN, Kind.CLOSE, Kind.STOP)
    vch = VERTICAL_FORMS[ch]
    face = fonts.resolve(role, vch)
    use = vch if face is not None else ch
    if face is None:
        face = fonts.resolve(role, ch)
    fid = face.id if face else None
    adv = face.advance(use) if face else 1.0
    ink = _ink(fonts, fid, use)
    if ch in CENTRED:
        # upright, its ink in the middle of the cell
        if ink:
            dx = 0.5 - (ink[0] + ink[2]) / 2
            dy = 0.5 + (ink[1] + ink[3]) / 2
        else:
            dx, dy = (1.0 - adv) / 2, BASELINE_RATIO
        return _Cell([_Mark(use, fid, dx, dy)], 1.0, head, tail, is_mark, opening)
    if use == vch:
        # the vertical-form glyph is drawn for its place in the vertical em box
        return _Cell([_Mark(vch, fid, (1.0 - adv) / 2, BASELINE_RATIO)], 1.0,
                     head, tail, is_mark, opening)
    # No vertical form: the horizontal mark turned a quarter clockwise. Its
    # advance runs down the cell and its top points right (page x = origin x
    # + glyph y, page y = origin y + glyph x).
    if ch in TOP_RIGHT and ink:
        margin = 0.08
        dx, dy = 1.0 - margin - ink[3], margin - ink[0]
    elif ink:
        # brackets: centred across the line; an opening one keeps to the bottom
        dx = 0.5 - (ink[1] + ink[3]) / 2
        dy = (1.0 - adv) if opening else 0.0
    else:
        dx = DESCENT + (0.5 if ch in TOP_RIGHT else 0.0)
        dy = (1.0 - adv) if opening else 0.0
    return _Cell([_Mark(ch, fid, dx, dy, 1.0, 90)], 1.0, head, tail, is_mark, opening)


def _latin_cell(run: str, role: str, fonts: FontBook) -> _Cell:
    faces = [fonts.resolve(role, c) for c in run]
    advs = [f.advance(c) if f else 0.5 for f, c in zip(faces, run)]
    ids = [f.id if f else None for f in faces]
    width = sum(advs)
    if len(run) == 1:
        # one letter or digit: upright in its cell
        return _Cell([_Mark(run, ids[0], (1.0 - advs[0]) / 2, BASELINE_RATIO)], 1.0)
    if len(run) <= 3 and run.isdigit():
        # 纵中横: side by side in one cell, condensed to fit an em
        h = min(1.0, 1.0 / width)
        x = (1.0 - width * h) / 2
        marks = []
        for c, fid, adv in zip(run, ids, advs):
            marks.append(_Mark(c, fid, x, BASELINE_RATIO, h))
            x += adv * h
        return _Cell(marks, 1.0)
    # turned a quarter clockwise, centred in the whole cells it takes
    cells = max(1, math.ceil(width - 1e-6))
    y = (cells - width) / 2
    marks = []
    for c, fid, adv in zip(run, ids, advs):
        if c != " ":
            marks.append(_Mark(c, fid, DESCENT, y, 1.0, 90))
        y += adv
    return _Cell(marks, float(cells))


@dataclass(frozen=True)
class _Column:
    """A vertical line set at 1 pt: glyph offsets from its top-left, and its length."""
    marks: tuple[_Mark, ...]
    length: float


def _set_column(text: str, role: str, fonts: FontBook) -> _Column:
    cells = _cells(text, role, fonts)
    head_trim = [0.0] * len(cells)
    tail_trim = [0.0] * len(cells)
    for k, (a, b) in enumerate(zip(cells, cells[1:])):
        # a closing mark or 、，。 before another mark takes half an em; an
        # opening mark after a closing or opening one loses its blank too (solid,
        # as in horizontal headlines)
        if a.tail and b.mark:
            tail_trim[k] = a.tail
        if b.opening and a.mark:
            head_trim[k + 1] = b.head
    if cells:
        head_trim[0] = cells[0].head     # an opening mark at the top of the line
        tail_trim[-1] = cells[-1].tail   # a closing mark at its foot
    marks = []
    y = 0.0
    for cell, ht, tt in zip(cells, head_trim, tail_trim):
        top = y - ht
        for m in cell.marks:
            marks.append(_Mark(m.ch, m.face, m.dx, top + m.dy, m.hscale, m.rotate))
        y += cell.length - ht - tt
    return _Column(tuple(marks), y)


class _Setter:
    def __init__(self, fonts: FontBook):
        self.fonts = fonts
        self._cache: dict[tuple[str, str], _Column] = {}

    def column(self, text: str, role: str) -> _Column:
        key = (text, role)
        if key not in self._cache:
            self._cache[key] = _set_column(text, role, self.fonts)
        return self._cache[key]

    def length(self, text: str, role: str, size: float) -> float:
        return self.column(text, role).length * size


# -- fitting ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Sub:
    lines: tuple[str, ...]
    size: float

    def width(self) -> float:
        n = len(self.lines)
        return n * self.size + (n - 1) * SUB_LINE_GAP * self.size if n else 0.0


def _fit_sub(text: str | None, role: str, size: float, floor: float, height: float,
             setter: _Setter) -> _Sub | None:
    """A kicker or deck: one line, stepping down by half points to `floor` until
    it fits the height; then two lines broken at a phrase; then anywhere."""
    if not text:
        return _Sub((), size)
    text = normalise(text)
    sizes = [size]
    while sizes[-1] - 0.5 >= floor - 1e-9:
        sizes.append(sizes[-1] - 0.5)
    tiers = [[(display(text),)],
             [o for o, _ in break_options(text, MAX_SUB_LINES, False) if len(o) > 1],
             [o for o, _ in break_options(text, MAX_SUB_LINES, True)]]
    for tier in tiers:
        for s in sizes:
            fitting = [o for o in tier if max(setter.length(t, role, s) for t in o) <= height + 1e-6]
            if fitting:
                return _Sub(min(fitting, key=lambda o: _spread(o, role, setter)), s)
    return None


def _spread(lines, role: str, setter: _Setter) -> float:
    lengths = [setter.length(t, role, 1.0) for t in lines]
    return max(lengths) - min(lengths)


def build_vertical_headline(article, width: float, max_lines: int, style: PageStyle,
                            fonts: FontBook, fixed_size: float | None = None) -> VerticalHeadlineBlock:
    """A vertical headline block `width` wide (a whole number of basic columns)
    in at most `max_lines` grid lines: the largest main size at which its lines
    fit the height and, side by side, the width."""
    setter = _Setter(fonts)
    space_after = 0.6 * style.pitch
    height = max_lines * style.pitch - style.line_gap - space_after
    floor = style.body_size + 1.5
    sizes = [fixed_size] if fixed_size else list(SIZE_LADDER)
    top = max(sizes)
    if len(article.headline) > 1:
        options = [(tuple(display(normalise(h)) for h in article.headline), 0.0)]
        more = None
    else:
        text = normalise(article.headline[0])
        options = break_options(text, MAX_MAIN_LINES, False)
        more = (lambda: break_options(text, MAX_MAIN_LINES, True))

    subs: dict[tuple[str, float, float], _Sub | None] = {}
    # the author (a commentary's or an essay's) stands left of the deck, at the
    # size it takes under a horizontal headline, smaller only if it must
    author = _fit_sub(article.author, "author", floor, style.body_size, height, setter) or \
        _Sub((display(normalise(article.author)),), style.body_size)

    def sub_for(text, role, start, sub_floor):
        key = (role, start, sub_floor)
        if key not in subs:
            subs[key] = _fit_sub(text, role, start, sub_floor, height, setter)
        return subs[key]

    def consider(opts, best):
        for size in sizes:
            sub = sub_size(size, style)
            sub_floor = min(floor, sub)
            starts = [sub]
            while starts[-1] - 0.5 >= sub_floor - 1e-9:
                starts.append(starts[-1] - 0.5)
            for lines, penalty in opts:
                lengths = [setter.length(t, "headline", 1.0) for t in lines]
                if max(lengths) * size > height + 1e-6:
                    continue
                # kicker and deck step down until the group fits the width too
                chosen = None
                for start in starts:
                    kicker = sub_for(article.kicker, "kicker", start, sub_floor)
                    deck = sub_for(article.deck, "deck", start, sub_floor)
                    if kicker is None or deck is None:
                        break
                    if _group_width(kicker, lines, size, deck, author) <= width + 1e-6:
                        chosen = (kicker, deck)
                        break
                if chosen is None:
                    continue
                longest = max(lengths)
                balance = BALANCE * (longest - min(lengths)) / longest if longest else 0.0
                cost = penalty + balance + math.log(top / size) / math.log(STEP_RATIO)
                key = (round(cost, 6), -size, len(lines))
                if best is None or key < best[0]:
                    best = (key, cost, size, lines) + chosen
        return best

    best = consider(options, None)
    if more is not None and (best is None or best[1] > MID_PHRASE):
        best = consider(more(), best)
    fits = best is not None
    if best is None:
        # Nothing fits: the shortest setting at the smallest size, overflowing.
        size = min(sizes)
        sub = sub_size(size, style)
        lines = min((o for o, _ in options), key=lambda o: max(setter.length(t, "headline", 1.0) for t in o))
        kicker = _Sub((display(normalise(article.kicker)),), min(floor, sub)) if article.kicker else _Sub((), sub)
        deck = _Sub((display(normalise(article.deck)),), min(floor, sub)) if article.deck else _Sub((), sub)
    else:
        _, _, size, lines, kicker, deck = best
    return _place(lines, size, kicker, deck, width, max_lines, fits, style, setter, author)


def _group_width(kicker: _Sub, lines, size: float, deck: _Sub, author: _Sub | None = None) -> float:
    n = len(lines)
    w = n * size + (n - 1) * MAIN_GAP * size
    for sub in (kicker, deck, author or _Sub((), 0.0)):
        if sub.lines:
            w += sub.width() + SUB_GAP * sub.size
    return w


def _place(lines, size: float, kicker: _Sub, deck: _Sub, width: float, max_lines: int,
           fits: bool, style: PageStyle, setter: _Setter, author: _Sub | None = None) -> VerticalHeadlineBlock:
    # (kind, text, size, gap to the line at its right), from the right
    order: list[tuple[str, str, float, float]] = []
    for i, t in enumerate(kicker.lines):
        order.append(("kicker", t, kicker.size, SUB_LINE_GAP * kicker.size if i else 0.0))
    for i, t in enumerate(lines):
        gap = MAIN_GAP * size if i else (SUB_GAP * kicker.size if kicker.lines else 0.0)
        order.append(("headline", t, size, gap))
    for i, t in enumerate(deck.lines):
        order.append(("deck", t, deck.size, SUB_LINE_GAP * deck.size if i else SUB_GAP * deck.size))
    for i, t in enumerate(author.lines if author else ()):
        order.append(("author", t, author.size, SUB_LINE_GAP * author.size if i else SUB_GAP * author.size))
    used = sum(s + g for _, _, s, g in order)
    right = (width + used) / 2
    placed = []
    content = 0.0
    for n, (kind, text, s, gap) in enumerate(order):
        right -= gap
        left = right - s
        column = setter.column(text, kind)
        content = max(content, column.length * s)
        for m in column.marks:
            placed.append(PlacedGlyph(Glyph(m.ch, m.face, s, left + m.dx * s, m.hscale, m.rotate),
                                      m.dy * s, kind, n))
        right = left
    space_after = 0.6 * style.pitch
    grid_lines = max(1, math.ceil((content + space_after + style.line_gap) / style.pitch - 1e-9))
    grid_lines = min(grid_lines, max_lines)
    return VerticalHeadlineBlock(tuple(placed), grid_lines, size, fits,
                                 tuple((k, t, s) for k, t, s, _ in order), used, content)
