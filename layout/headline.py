"""The headline block: kicker (引题), main headline (主题), deck (副题), author.

The block spans its module's width and takes a whole number of grid lines, so
body text under it returns to the page's baseline grid (reference §3.3, §1.4).
The main headline is fitted: the largest size of the ladder, up to the cap
for the module's width, at which its lines fit; a headline that cannot stand
on one line breaks at a space (a pause between phrases).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from .charclass import NO_LINE_END, NO_LINE_START
from .fontbook import FontBook
from .linebreak import CENTER, ComposedLine, Glyph, Run, compose_line, natural_width, prepare
from .style import BASELINE_RATIO, PageStyle

SIZE_LADDER = (48, 42, 36, 32, 30, 28, 26, 24, 22, 20, 18, 16, 15, 14, 12, 10.5)


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


def size_cap(columns: int) -> float:
    """Largest main-headline size for a module this many basic columns wide."""
    return {1: 18, 2: 22, 3: 26, 4: 30}.get(columns, 36)


def _set(text: str, role: str, size: float, fonts: FontBook, width: float) -> ComposedLine:
    """One centred line; a line wider than `width` overhangs both sides equally."""
    par = prepare([Run(text, role, size)], fonts, indent_em=0, align=CENTER)
    natural = natural_width(par)
    line, _ = compose_line(par, 0, max(width, natural), first_line=True, align=CENTER)
    if natural <= width:
        return line
    shift = (width - natural) / 2
    glyphs = tuple(Glyph(g.ch, g.face, g.size, g.x + shift, g.hscale) for g in line.glyphs)
    return replace(line, glyphs=glyphs, measure=width)


def _width(text: str, role: str, size: float, fonts: FontBook) -> float:
    return natural_width(prepare([Run(text, role, size)], fonts, indent_em=0, align=CENTER))


def _char_split(text: str, parts: int) -> tuple[str, ...] | None:
    """`text` cut into `parts` lines of near-equal length, never starting a line
    with a closing mark or ending one with an opening mark, never one character."""
    cuts = []
    prev = 0
    for k in range(1, parts):
        cut = round(len(text) * k / parts)
        while 0 < cut < len(text) and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END
                                        or text[cut] == "\u3000"):
            cut += 1
        if cut - prev < 2 or len(text) - cut < 2:
            return None
        cuts.append(cut)
        prev = cut
    bounds = [0] + cuts + [len(text)]
    return tuple(text[a:b].strip("\u3000") for a, b in zip(bounds, bounds[1:]))


def _split_options(text: str, max_lines: int = 3) -> list[list[tuple[str, ...]]]:
    """Ways to set a headline, best first, in tiers: one line; lines broken at its
    spaces (pauses between phrases), two then three; then, for phrases longer
    than the line, balanced cuts between characters."""
    words = text.split()
    tiers: list[list[tuple[str, ...]]] = []
    for lines in range(1, max_lines + 1):
        tier = []
        for cuts in itertools.combinations(range(1, len(words)), lines - 1):
            bounds = (0,) + cuts + (len(words),)
            tier.append(tuple("\u3000".join(words[a:b]) for a, b in zip(bounds, bounds[1:])))
        if tier:
            tiers.append(tier)
    for lines in range(2, max_lines + 1):
        split = _char_split("\u3000".join(words), lines)
        if split:
            tiers.append([split])
    return tiers


def fit_main(headline: tuple[str, ...], width: float, columns: int, fonts: FontBook,
             fixed_size: float | None = None) -> tuple[tuple[str, ...], float, bool]:
    """Choose lines and size for the main headline: (lines, size, fits)."""
    cap = fixed_size or size_cap(columns)
    if len(headline) > 1:
        tiers = [[tuple(h.replace(" ", "\u3000") for h in headline)]]
    else:
        tiers = _split_options(headline[0])
    options = [option for tier in tiers for option in tier]
    # Every width in a line is a multiple of its size, so each text is measured
    # once at 1 pt and scaled, not re-set at every size of the ladder.
    unit: dict[str, float] = {}

    def measure(text: str, size: float) -> float:
        if text not in unit:
            unit[text] = _width(text, "headline", 1.0, fonts)
        return unit[text] * size

    sizes = [fixed_size] if fixed_size else [s for s in SIZE_LADDER if s <= cap]
    floor = cap * 0.72
    # Each tier at a good size first; then anything that fits at all.
    for candidates, min_size in [(tier, floor) for tier in tiers] + [(options, 0.0)]:
        for size in sizes:
            if size < min_size:
                break
            best = None
            for lines in candidates:
                widths = [measure(t, size) for t in lines]
                if max(widths) <= width:
                    balance = max(widths) - min(widths)
                    if best is None or balance < best[0]:
                        best = (balance, lines)
            if best:
                return best[1], size, True
    smallest = sizes[-1]
    narrowest = min(options, key=lambda o: max(measure(t, smallest) for t in o))
    return narrowest, smallest, False


def build_headline(article, width: float, columns: int, style: PageStyle, fonts: FontBook,
                   fixed_size: float | None = None) -> HeadlineBlock:
    margin = style.em  # keep a headline clear of the module's edges
    lines_text, size, fits = fit_main(article.headline, width - 2 * margin, columns, fonts, fixed_size)
    sub_size = _sub_size(size, style)
    parts: list[tuple[str, str, float, float]] = []  # kind, text, size, space before
    if article.kicker:
        parts.append(("kicker", article.kicker.replace(" ", "\u3000"), sub_size, 0.0))
    for i, text in enumerate(lines_text):
        gap = (0.15 * size if i else (0.35 * sub_size if parts else 0.0))
        parts.append(("headline", text, size, gap))
    if article.deck:
        parts.append(("deck", article.deck.replace(" ", "\u3000"), sub_size, 0.4 * sub_size))
    if article.author:
        parts.append(("author", article.author, style.body_size + 1.5, 0.5 * style.body_size))
    role_of = {"kicker": "kicker", "headline": "headline", "deck": "deck", "author": "author"}
    placed = []
    y = 0.0
    for kind, text, part_size, gap in parts:
        y += gap
        role = role_of[kind]
        if _width(text, role, part_size, fonts) > width - 2 * margin and kind != "headline":
            # A long kicker or deck steps down until it fits.
            while part_size > style.body_size and _width(text, role, part_size, fonts) > width - 2 * margin:
                part_size -= 1
        line = _set(text, role, part_size, fonts, width)
        placed.append(HeadLine(line, kind, y + BASELINE_RATIO * part_size))
        y += part_size
    content = y
    space_after = 0.6 * style.pitch
    grid_lines = max(1, math.ceil((content + space_after + style.line_gap) / style.pitch))
    room = grid_lines * style.pitch - style.line_gap - space_after
    offset = max(0.0, (room - content) / 2)
    placed = tuple(replace(p, baseline=p.baseline + offset) for p in placed)
    return HeadlineBlock(placed, grid_lines, size, fits)


def _sub_size(main: float, style: PageStyle) -> float:
    """Kicker and deck: about two ladder steps under the main line (≈ 45–55 %)."""
    target = main * 0.5
    for size in sorted(SIZE_LADDER):
        if size >= target:
            return max(size, style.body_size + 1.5)
    return target
