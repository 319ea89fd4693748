"""Candidates measured by setting the text for real (page/article_layout.py
`measure_article`), in place of the estimate from character counts: what the
solver is told an article needs is what the page assembler will set.

The ways of setting an article are the copy-fitting choices of issue 9:
- widths: those at which the article can stand in its kind's proportions
  (judged by the estimate, so no time is spent setting it 8 columns wide
  when it is a short brief);
- text columns: one per basic column, and the wider equal columns of 变栏
  (3破2, 6破4: estimate.text_columns_for);
- headline sizes: the size the headline fitter gives at the width, held to
  the rank's cap, and up to three sizes smaller within the rank's range (to
  save a line, or to stand apart from a neighbour's headline);
- photo heights within the crop range: a photo across every text column
  pushes all the text down, so its module grows line for line with it
  (`photo_grow`); a photo over some of the columns is measured at every
  other height of its range, each a candidate of its own.

The body's lines do not depend on the headline's size: every text column
starts under the headline group, so setting it one line lower moves every
line one down. So each width, text-column count and photo height is set
once, and each headline size adds the difference of its headline group.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ...compose.headline import build_headline
from ...compose.line_breaker import compose_paragraph
from ...plan import Frame, ResumeAt
from ...spec.model import Article, Photo
from ..article_layout import (MEASURE_LINES, ArticleOptions, inset_em, layout_article,
                              layout_continuation, measure_article, measure_article_fit)
from ..compose_cache import ComposeCache
from ..photo_block import caption_paragraph
from . import estimate
from .build import Measure
from .problem import PHOTO_NEWS, Candidate

CONTINUATION_LINES = 2000   # a frame tall enough for any continuation, for measuring
MIN_MEASURE_EM = 6          # text columns narrower than this are not offered
PHOTO_STEP = 2              # photo heights measured, over part of the columns: every other one
SMALLER_SIZES = 3           # headline sizes tried under the largest one, down to the rank's floor


@dataclass(frozen=True)
class HeadSize:
    size: float
    step: int                # sizes under the largest the width and rank allow
    lines: int               # grid lines of the headline group at this size


def measured(cache: ComposeCache) -> Measure:
    """A Measure whose candidates are set with `cache`'s fonts."""

    def article(art: Article, rank: int, kind: str, style, widths=None, text_columns=None,
                size=None, jumps: bool = False, vertical: str | None = None):
        out = []
        for cols in widths or estimate.plausible_widths(art, rank, kind, style, jumps):
            if vertical:
                # held to the rank's cap, as a horizontal headline (the lead the largest)
                head = size or estimate.rank_cap(rank, kind)
                out.extend(_vertical_candidates(art, cols, text_columns, head, kind, vertical, style, cache))
                continue
            sizes = _head_sizes(art, cols, rank, kind, style, size, cache)
            if sizes is None:
                if widths is None:
                    continue      # too narrow for the headline at any size of its rank
                sizes = _fixed_head(art, cols, kind, style, estimate.SMALLEST_HEADLINE, cache)
            inset = inset_em(kind)
            for count in estimate.text_columns_for(cols, text_columns, style, inset):
                out.extend(_article_candidates(art, cols, count, sizes, kind, jumps, style, cache))
        return tuple(out)

    def continuation(art: Article, block: int, text: str, style, widths=None):
        if block >= len(art.blocks):
            # nothing has jumped here (yet): the estimate of its headline and a line or two
            return estimate.continuation_candidates(art, block, text, style, widths)
        offset = len(art.blocks[block].text) - len(text)
        out = []
        for cols in widths or range(1, style.columns + 1):
            for count in estimate.text_columns_for(cols, None, style):
                if min(w for _, w in style.text_columns(cols, count)) < MIN_MEASURE_EM * style.em:
                    continue
                frame = Frame(1, 1, cols, CONTINUATION_LINES, CONTINUATION_LINES)
                box = layout_continuation(art, ResumeAt(block, offset), 1, frame, style, cache,
                                          ArticleOptions(columns=count)).box
                head = box.columns[0].first_line - 1 if box.columns else box.grid_lines
                size = next((ln.glyphs[0].size for ln in box.lines
                             if ln.kind == "jump-headline" and ln.glyphs), None)
                out.append(Candidate(cols, count, box.grid_lines, size, 0, estimate.TEXT_SLACK, 0, head))
        return tuple(out)

    def photo(ph: Photo, style, widths=None):
        out = []
        for cols in widths or range(2, min(5, style.columns) + 1):
            width = style.span_width(cols)
            low, high = estimate.photo_range(ph, width, style, _caption_lines(ph, width, style, cache))
            out.append(Candidate(cols, cols, low, None, low, high - low, high - low))
        return tuple(out)

    return Measure(article=article, photo=photo, continuation=continuation)


# -- headline sizes ------------------------------------------------------------------

def _head_sizes(art: Article, cols: int, rank: int, kind: str, style, given, cache: ComposeCache):
    """The headline sizes worth trying at this width, the largest first, or
    None when the width is too narrow for the headline at any size. The
    editor's size is kept; otherwise the size the headline fitter gives at
    this width (so a short headline is not set in two lines for want of a
    smaller size), held to the rank's cap (the lead the largest, ref §3.2),
    and up to three smaller sizes down to the rank's floor."""
    if given:
        return _fixed_head(art, cols, kind, style, given, cache)
    if estimate.headline_size(art, cols, rank, kind, style) is None:
        return None
    key = ("headline", id(art), art.headline, cols, style)
    fitted = cache.measures.get(key)
    if fitted is None:
        fitted = cache.measures[key] = build_headline(art, style.span_width(cols), cols, style,
                                                      cache.fonts).main_size
    size = float(min(fitted, estimate.rank_cap(rank, kind)))
    floor = estimate.rank_floor(rank, kind)
    if size < min(floor, estimate.SMALLEST_HEADLINE):
        return None       # the fitter had to go under 三号: the width is too narrow for it
    out = [HeadSize(size, 0, _head_lines(art, cols, kind, size, style, cache))]
    for step in range(1, SMALLER_SIZES + 1):
        size = estimate.smaller_size(size)
        if size is None or size < floor:
            break
        out.append(HeadSize(size, step, _head_lines(art, cols, kind, size, style, cache)))
    return out


def _fixed_head(art, cols, kind, style, size, cache) -> list[HeadSize]:
    return [HeadSize(float(size), 0, _head_lines(art, cols, kind, size, style, cache))]


def _head_lines(art: Article, cols: int, kind: str, size: float, style, cache: ComposeCache) -> int:
    """Grid lines of the headline group at `size`, as the article layout sets it."""
    key = ("head-lines", art.headline, art.kicker, art.deck, art.author, cols, kind, size, style)
    lines = cache.measures.get(key)
    if lines is None:
        bare = replace(art, blocks=(), photo=None)
        lines = cache.measures[key] = measure_article(bare, cols, cols, style, cache, size, None, kind)
    return lines


# -- bodies --------------------------------------------------------------------------

def _article_candidates(art: Article, cols: int, count: int, sizes: list[HeadSize], kind: str,
                        jumps: bool, style, cache: ComposeCache) -> list[Candidate]:
    inset = inset_em(kind)
    widths = style.text_columns(cols, count, inset)
    if min(w for _, w in widths) < MIN_MEASURE_EM * style.em:
        return []
    if art.photo and art.photo.columns and art.photo.columns > count:
        return []         # the photo spans more text columns than the module has
    first = sizes[0]
    out = []
    for photo_lines, photo_grow, setting in _photo_heights(art, widths, count, kind, style, cache):
        fit = measure_article_fit(setting, cols, count, style, cache, first.size, None, kind)
        if fit.text_short > estimate.TEXT_SLACK:
            continue       # a text column would stand empty beside the photo
        body = fit.lines - first.lines           # photo and text under the headline group
        # the text may end `spare` lines above what it needs: that is slack already
        grow = max(0, estimate.TEXT_SLACK - fit.spare) + photo_grow
        if jumps:
            # a jump may break anywhere: from a third of the text up to all of it
            head = measure_article(replace(setting, blocks=()), cols, count, style, cache, first.size,
                                   None, kind) - first.lines
            least = head + math.ceil((body - head) / 3)
            grow += body - least
            body = least
        for head in sizes:
            out.append(Candidate(cols, count, max(1, head.lines + body), head.size, photo_lines, grow,
                                 photo_grow, head.lines, head.step))
    return _distinct(out)


def _vertical_candidates(art: Article, cols: int, text_columns, size, kind: str, vertical: str, style,
                         cache: ComposeCache) -> list[Candidate]:
    """A 竖排 headline stands in a text column beside the text, whose length
    depends on the module's height: each text-column count is measured whole
    (the headline at the editor's size, else the rank's cap). Its headline group is not across the
    top, so it stands beside another module's without a 撞题 (head_lines 1)."""
    out = []
    for count in estimate.text_columns_for(cols, text_columns, style):
        if count < 2 or min(w for _, w in style.text_columns(cols, count)) < MIN_MEASURE_EM * style.em:
            continue       # the headline takes a column of its own
        lines = _vertical_lines(art, cols, count, size, vertical, kind, style, cache)
        out.append(Candidate(cols, count, lines, size, 0, estimate.TEXT_SLACK, 0, 1))
    return out


def _vertical_lines(art: Article, cols: int, count: int, size, vertical: str, kind: str, style,
                    cache: ComposeCache) -> int:
    """The fewest grid lines the article fits in with its 竖排 headline. The
    headline's length depends on the module's height, so the article is set
    at trial heights: from the lines it needs with its headline across the
    top (near the answer: the vertical one takes about as much room, ref
    §3.3), out by doubling steps, then halving."""
    def fits(lines: int) -> bool:
        key = ("vertical-fit", id(art), art, cols, count, size, vertical, kind, lines, style)
        found = cache.measures.get(key)
        if found is None:
            frame = Frame(1, 1, cols, lines, lines)
            box = layout_article(art, frame, style, cache, ArticleOptions(count, size, vertical, kind=kind)).box
            found = cache.measures[key] = not box.overset_lines
        return found

    guess = measure_article(art, cols, count, style, cache, size, None, kind)
    step = 1
    if fits(guess):
        high, low = guess, guess - 1
        while low > 1 and fits(low):
            high, step = low, step * 2
            low = max(1, high - step)
    else:
        low, high = guess, guess + 1
        while not fits(high):
            low, step = high, step * 2
            high = min(MEASURE_LINES, low + step)
            if high == MEASURE_LINES:
                break
    # the answer is in (low, high]: low does not fit (or is 1), high fits
    while high - low > 1:
        mid = (low + high) // 2
        if fits(mid):
            high = mid
        else:
            low = mid
    return high


def _photo_heights(art: Article, widths, count: int, kind: str, style, cache: ComposeCache):
    """(photo lines, lines it may grow, the article with its photo at that
    height) for each photo height worth measuring."""
    photo = art.photo
    if photo is None:
        return [(0, 0, art)]
    if photo.lines is not None:
        return [(photo.lines, 0, art)]
    covered = count if kind == PHOTO_NEWS else min(photo.columns or count, count)
    width = sum(w for _, w in widths[:covered]) + (covered - 1) * style.gutter
    low, high = estimate.photo_range(photo, width, style, _caption_lines(photo, width, style, cache))
    if covered == count or low == high:
        # across every column: each line more of photo is a line more of module
        return [(low, high - low, replace(art, photo=replace(photo, lines=low)))]
    # over some columns: the text beside it moves less than a line a line, so
    # every other height is measured (the slack of the text covers the one
    # between), the natural first
    natural = (low + high) // 2
    heights = sorted({*range(natural, low - 1, -PHOTO_STEP), *range(natural, high + 1, PHOTO_STEP)},
                     key=lambda h: (abs(h - natural), h))
    return [(h, 0, replace(art, photo=replace(photo, lines=h))) for h in heights]


def _distinct(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per (width, text columns, headline size, lines): of photo
    heights that need the same lines, the first (the natural one) stays."""
    seen = set()
    out = []
    for c in cands:
        key = (c.cols, c.text_columns, c.headline_size, c.lines)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _caption_lines(photo: Photo, width: float, style, cache: ComposeCache) -> int:
    key = ("caption", photo.caption, photo.credit, round(width, 3), style)
    lines = cache.measures.get(key)
    if lines is None:
        par = caption_paragraph(photo, style, cache.fonts)
        lines = cache.measures[key] = len(compose_paragraph(par, width)) if par is not None else 0
    return lines
