"""The headline block: kicker (引题), main headline (主题), deck (副题), author.

The block spans its module's width and takes a whole number of grid lines, so
body text under it returns to the page's baseline grid (reference §3.3, §1.4).

The main headline is fitted by weighing, for every way of setting it, what
each compromise costs, in "size steps" (one step ≈ 8 % of the type size):
  - a size under the largest allowed (the cap for the module's width);
  - condensing (长体): a few per cent is cheap, beyond the mild limit it is a
    last resort, taken only before breaking a phrase between characters;
  - more lines: broken at phrase boundaries (a space, or after ，、：；！？ or a
    closing quote or bracket), balanced; a line broken inside a phrase costs
    most of all.
A one-line headline is then expanded (扁体, up to typesetting.headline_expand) or
condensed so that it fills the module's width less the margin; past the
expansion limit it is centred. Headline punctuation is set solid: two marks
whose blanks face each other (”“) take one em, an opening mark at a line
start and a closing mark at a line end lose their blank halves, and a final
。 is dropped (headlines carry no full stop, §3.4).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from .charclass import (CLOSING, NO_LINE_END, NO_LINE_START, Kind, content_count, kind_of, latin_run_end,
                        splits_number)
from ..fonts.book import FontBook
from ..spec.typesetting import PLAIN, Typesetting
from .line_breaker import CENTER, ComposedLine, Glyph, set_single_line
from ..spec.page_style import BASELINE_RATIO, PageStyle

SIZE_LADDER = (48, 42, 36, 32, 30, 28, 26, 24, 22, 20, 18, 16, 15, 14, 12, 10.5)

# A phrase may end after these (and at a space).
PHRASE_END = frozenset("，、：；！？。") | CLOSING

# Costs, in size steps (one step: the size 8 % smaller).
STEP_RATIO = 1.08
CONDENSE_STEP = 0.05          # condensing by 5 % costs one step
HEAVY_CONDENSE = 8.0          # condensing past the mild limit: after phrase breaks
EXTRA_LINES = (0.0, 4.0, 10.0)  # one, two, three lines: a second line is worth ≈ 4 steps
MID_PHRASE = 16.0             # each line broken between characters of a phrase
BALANCE = 2.0                 # × (longest − shortest) / longest
FAR_STEPS = 4                 # the main line this many steps (≈ 72 %) under its cap …
FAR_COST = 3.0                # … costs this much more for every further step
MAX_LINES = 3


@dataclass(frozen=True)
class HeadLine:
    line: ComposedLine
    kind: str             # kicker, headline, deck, author
    baseline: float       # from the block's top


@dataclass(frozen=True)
class HeadlineBlock:
    lines: tuple[HeadLine, ...]
    grid_lines: int       # how many body lines the block takes
    main_size: float
    fits: bool = True     # False: even the smallest size overhangs the module
    hscale: float = 1.0   # the main headline's horizontal scale (< 1 长体, > 1 扁体)


@dataclass(frozen=True)
class Fit:
    """How a headline is set: its lines, size and horizontal scale."""
    lines: tuple[str, ...]
    size: float
    hscale: float
    fits: bool
    cost: float = 0.0


def size_cap(columns: int) -> float:
    """Largest main-headline size for a module this many basic columns wide."""
    return {1: 18, 2: 22, 3: 26, 4: 30}.get(columns, 36)


# -- text ---------------------------------------------------------------------------

def _is_latin(ch: str) -> bool:
    return kind_of(ch) is Kind.LATIN


def normalise(text: str) -> str:
    """One space for each run of spaces (ASCII or ideographic), no final 。."""
    text = " ".join(text.replace("\u3000", " ").split())
    while text.endswith("。"):
        text = text[:-1].rstrip()
    return text


def display(text: str) -> str:
    """A line as set: a pause between phrases is an ideographic space; a space
    between two Latin words stays a word space."""
    out = []
    for i, ch in enumerate(text):
        if ch == " " and not (0 < i < len(text) - 1 and _is_latin(text[i - 1]) and _is_latin(text[i + 1])):
            out.append("\u3000")
        else:
            out.append(ch)
    return "".join(out)


def _latin_joints(text: str) -> set[int]:
    """Positions between two characters of one Latin word or number."""
    joints: set[int] = set()
    i = 0
    while i < len(text):
        if kind_of(text[i]) is Kind.LATIN:
            end = latin_run_end(text, i)
            joints.update(range(i + 1, end))
            i = end
        else:
            i += 1
    return joints


def _cuts(text: str) -> list[tuple[bool, int, int]]:
    """Where a (normalised) headline may break: (at a phrase boundary, end of the
    line before, start of the line after)."""
    out = []
    n = len(text)
    joints = _latin_joints(text)
    for p in range(1, n):
        a, b = text[p - 1], text[p]
        if b == " ":
            if p + 1 < n and a not in NO_LINE_END and text[p + 1] not in NO_LINE_START:
                out.append((True, p, p + 1))
            continue
        if a == " ":
            continue
        if b in NO_LINE_START or a in NO_LINE_END:
            continue
        if p in joints:
            continue  # never inside a Latin word or number
        if splits_number(text, p):
            continue  # nor between a number and its unit (托位800｜个)
        if a == b and kind_of(a) in (Kind.DASH, Kind.ELLIPSIS):
            continue  # —— and …… are one unit
        out.append((a in PHRASE_END, p, p))
    return out


def _lines_from(text: str, cuts) -> tuple[str, ...] | None:
    """The lines `cuts` make, or None when one of them has fewer than two characters."""
    lines = []
    start = 0
    for (end, nxt) in [(c[1], c[2]) for c in cuts] + [(len(text), None)]:
        line = text[start:end].strip()
        if content_count(line) < 2:   # no line of a single character
            return None
        lines.append(display(line))
        start = nxt if nxt is not None else end
    return tuple(lines)


def break_options(text: str, max_lines: int, mid_phrase: bool) -> list[tuple[tuple[str, ...], float]]:
    """Ways to break `text` into lines with their break penalty: at phrase
    boundaries only, or (mid_phrase) with at least one break inside a phrase."""
    cuts = _cuts(text)
    phrase = [c for c in cuts if c[0]]
    out = []
    if not mid_phrase:
        out.append(((display(text),), 0.0))
        for k in range(2, max_lines + 1):
            for combo in itertools.combinations(phrase, k - 1):
                lines = _lines_from(text, combo)
                if lines:
                    out.append((lines, EXTRA_LINES[k - 1]))
        return out
    n = len(text)
    for k in range(2, max_lines + 1):
        # Near-balanced breaks only: a few characters either side of equal parts.
        window = max(3, n // (2 * k))
        near = [[c for c in cuts if abs(c[1] - n * i / k) <= window] for i in range(1, k)]
        for combo in itertools.product(*near):
            if any(a[1] >= b[1] for a, b in zip(combo, combo[1:])):
                continue
            inside = sum(1 for c in combo if not c[0])
            if not inside:
                continue
            lines = _lines_from(text, combo)
            if lines:
                out.append((lines, EXTRA_LINES[k - 1] + MID_PHRASE * inside))
    return out


# -- setting ------------------------------------------------------------------------

class Typesetter:
    """Sets headline lines, each measured once at 1 pt and scaled: every width
    in a line is a multiple of its size."""

    def __init__(self, fonts: FontBook, settings: Typesetting = PLAIN):
        self.fonts = fonts
        self.settings = settings
        self._unit: dict[tuple[str, str], tuple[tuple[Glyph, ...], float]] = {}

    def unit(self, text: str, role: str) -> tuple[tuple[Glyph, ...], float]:
        key = (text, role)
        hit = self._unit.get(key)
        if hit is not None:
            return hit
        # first_line=False: an opening mark at the line start loses its blank half.
        line, _ = set_single_line(text, role, 1.0, self.fonts, self.settings, first_line=False)
        glyphs = list(line.glyphs)
        width = line.width
        # Solid setting: a closing mark or stop followed by an opening mark
        # (”“, ：“) closes up to one em, both facing blanks gone.
        for i in range(1, len(glyphs)):
            if kind_of(glyphs[i].ch) is Kind.OPEN and kind_of(glyphs[i - 1].ch) in (Kind.CLOSE, Kind.STOP):
                for k in range(i, len(glyphs)):
                    glyphs[k] = replace(glyphs[k], x=glyphs[k].x - 0.5)
                width -= 0.5
        hit = (tuple(glyphs), width)
        self._unit[key] = hit
        return hit

    def width(self, text: str, role: str, size: float, hscale: float = 1.0) -> float:
        return self.unit(text, role)[1] * size * hscale

    def line(self, text: str, role: str, size: float, hscale: float, measure: float) -> ComposedLine:
        """One line centred in `measure` (a line wider than it overhangs both sides)."""
        glyphs, unit_width = self.unit(text, role)
        width = unit_width * size * hscale
        x0 = (measure - width) / 2
        placed = tuple(Glyph(g.ch, g.face, size, x0 + g.x * size * hscale, g.hscale * hscale, g.rotate)
                       for g in glyphs)
        return ComposedLine(placed, width, measure, 0, len(text), True, 0.0, 0.0, 0.0, CENTER)


def _fit(options, sizes, width: float, role: str, setter: Typesetter, condense: float,
         expand: float, top: float, more=None, far: bool = True) -> Fit:
    """The cheapest (lines, size, hscale) of `options` × `sizes` that fits `width`.
    `more()` gives further options (mid-phrase breaks), asked for only when
    nothing cheaper than them fits. `far`: a size far under `top` costs more
    for each step (a main line shrunk to a brief's size is worse than broken)."""
    mild = 1.0 - (1.0 - condense) / 2
    best = None

    def size_cost(size: float) -> float:
        steps = math.log(top / size) / math.log(STEP_RATIO)
        return steps + (FAR_COST * max(0.0, steps - FAR_STEPS) if far else 0.0)

    def consider(opts):
        nonlocal best
        for lines, penalty in opts:
            units = [setter.width(t, role, 1.0) for t in lines]
            longest = max(units)
            balance = BALANCE * (longest - min(units)) / longest if longest > 0 else 0.0
            for size in sizes:
                need = width / (longest * size) if longest > 0 else expand
                hscale = min(expand if len(lines) == 1 else 1.0, need)
                if hscale < condense - 1e-9:
                    continue
                cost = penalty + balance + size_cost(size)
                if hscale < 1.0:
                    cost += (1.0 - hscale) / CONDENSE_STEP
                    if hscale < mild - 1e-9:
                        cost += HEAVY_CONDENSE
                key = (round(cost, 6), -size, len(lines))
                if best is None or key < best[0]:
                    best = (key, Fit(tuple(lines), size, hscale, True, cost))

    consider(options)
    if more is not None and (best is None or best[1].cost > MID_PHRASE):
        extra = more()
        consider(extra)
        options = list(options) + extra
    if best is not None:
        return best[1]
    # Nothing fits: the narrowest way at the smallest size, fully condensed.
    smallest = min(sizes)
    lines = min((o[0] for o in options), key=lambda ls: max(setter.width(t, role, smallest) for t in ls))
    return Fit(tuple(lines), smallest, condense, False, math.inf)


def choose_main(headline: tuple[str, ...], width: float, columns: int, fonts: FontBook,
                fixed_size: float | None = None, condense: float = 0.8, expand: float = 1.15,
                min_size: float = 0.0, setter: Typesetter | None = None) -> Fit:
    """Lines, size and horizontal scale of the main headline in `width`."""
    setter = setter or Typesetter(fonts)
    cap = fixed_size or size_cap(columns)
    sizes = [fixed_size] if fixed_size else [s for s in SIZE_LADDER if min_size < s <= cap]
    if not sizes:
        sizes = [min(SIZE_LADDER)]
    if len(headline) > 1:
        # Lines given by the editor are kept as they are.
        lines = tuple(display(normalise(h)) for h in headline)
        return _fit([(lines, 0.0)], sizes, width, "headline", setter, condense,
                    expand if len(lines) == 1 else 1.0, cap)
    text = normalise(headline[0])
    return _fit(break_options(text, MAX_LINES, False), sizes, width, "headline", setter, condense,
                expand, cap, more=lambda: break_options(text, MAX_LINES, True))


def fit_main(headline: tuple[str, ...], width: float, columns: int, fonts: FontBook,
             fixed_size: float | None = None, condense: float = 0.8,
             expand: float = 1.15) -> tuple[tuple[str, ...], float, bool]:
    """Choose lines and size for the main headline: (lines, size, fits)."""
    fit = choose_main(headline, width, columns, fonts, fixed_size, condense, expand)
    return fit.lines, fit.size, fit.fits


def _fit_sub(text: str, role: str, size: float, floor: float, width: float,
             setter: Typesetter, condense: float) -> Fit:
    """A kicker or deck: its size, stepping down by half points to `floor` and
    condensing within the limit until it fits, broken into lines if need be."""
    text = normalise(text)
    sizes = [size]
    while sizes[-1] - 0.5 >= floor - 1e-9:
        sizes.append(sizes[-1] - 0.5)
    return _fit(break_options(text, MAX_LINES, False), sizes, width, role, setter, condense, 1.0, size,
                more=lambda: break_options(text, MAX_LINES, True), far=False)


def sub_size(main: float, style: PageStyle) -> float:
    """Kicker and deck: about two steps of the 号 ladder under the main line
    (≈ 45–55 %), never under body size + 1.5 pt, and always smaller than the
    main line (the hierarchy wins when the main line itself is that small)."""
    floor = style.body_size + 1.5
    target = main * 0.5
    # the ladder size nearest half the main size; of two as near, the smaller
    size = min(SIZE_LADDER, key=lambda s: (abs(s - target), s))
    size = max(size, floor)
    if size >= main:
        smaller = [s for s in SIZE_LADDER if s < main]
        size = smaller[0] if smaller and smaller[0] >= floor else max(style.body_size, main - 1.5)
        if size >= main:
            size = main * 0.85
    return size


def build_headline(article, width: float, columns: int, style: PageStyle, fonts: FontBook,
                   fixed_size: float | None = None) -> HeadlineBlock:
    margin = style.em  # keep a headline clear of the module's edges
    inner = width - 2 * margin
    setter = Typesetter(fonts, style.typesetting)
    condense, expand = style.typesetting.headline_condense, style.typesetting.headline_expand
    floor = style.body_size + 1.5
    has_sub = bool(article.kicker or article.deck)
    # With a kicker or deck the main line stays above their smallest size, so
    # they can be smaller than it without going under body size + 1.5.
    fit = choose_main(article.headline, inner, columns, fonts, fixed_size, condense, expand,
                      min_size=floor if has_sub else 0.0, setter=setter)
    if not fit.fits and has_sub and not fixed_size:
        fit = choose_main(article.headline, inner, columns, fonts, None, condense, expand,
                          setter=setter)
    size = fit.size
    sub = sub_size(size, style)
    sub_floor = min(floor, sub)
    parts: list[tuple[str, str, float, float, float]] = []  # kind, text, size, hscale, space before
    if article.kicker:
        k = _fit_sub(article.kicker, "kicker", sub, sub_floor, inner, setter, condense)
        for i, text in enumerate(k.lines):
            parts.append(("kicker", text, k.size, k.hscale, 0.15 * k.size if i else 0.0))
    for i, text in enumerate(fit.lines):
        gap = (0.15 * size if i else (0.35 * sub if parts else 0.0))
        parts.append(("headline", text, size, fit.hscale, gap))
    if article.deck:
        d = _fit_sub(article.deck, "deck", sub, sub_floor, inner, setter, condense)
        for i, text in enumerate(d.lines):
            parts.append(("deck", text, d.size, d.hscale, 0.15 * d.size if i else 0.4 * sub))
    if article.author:
        parts.append(("author", article.author, style.body_size + 1.5, 1.0, 0.5 * style.body_size))
    placed = []
    y = 0.0
    for kind, text, part_size, hscale, gap in parts:
        y += gap
        line = setter.line(text, kind, part_size, hscale, width)
        placed.append(HeadLine(line, kind, y + BASELINE_RATIO * part_size))
        y += part_size
    content = y
    space_after = 0.6 * style.pitch
    grid_lines = max(1, math.ceil((content + space_after + style.line_gap) / style.pitch))
    room = grid_lines * style.pitch - style.line_gap - space_after
    offset = max(0.0, (room - content) / 2)
    placed = tuple(replace(p, baseline=p.baseline + offset) for p in placed)
    return HeadlineBlock(placed, grid_lines, size, fit.fits, fit.hscale)
