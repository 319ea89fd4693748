"""Candidates measured by setting the text for real (page/article_layout.py
`measure_article`), in place of the estimate from character counts: what the
solver is told an article needs is what the page assembler will set.

The widths and headline sizes tried, the photo's height range and how a
jumping article may be cut come from estimate.py; only the lines are measured.
"""
from __future__ import annotations

import math
from dataclasses import replace

from ...compose.headline import build_headline
from ...plan import Frame, ResumeAt
from ...spec.model import Article
from ..article_layout import ArticleOptions, layout_continuation, measure_article, measure_article_fit
from ..compose_cache import ComposeCache
from . import estimate
from .build import Measure
from .problem import Candidate

CONTINUATION_LINES = 2000   # a frame tall enough for any continuation, for measuring


def measured(cache: ComposeCache) -> Measure:
    """A Measure whose article and continuation candidates are set with `cache`'s fonts."""

    def article(art: Article, rank: int, kind: str, style, widths=None, text_columns=None,
                size=None, jumps: bool = False):
        out = []
        for cols in widths or range(1, style.columns + 1):
            head_size = _headline_size(art, cols, rank, kind, style, size, cache)
            if head_size is None and widths is None:
                continue
            head_size = head_size or estimate.SMALLEST_HEADLINE
            for count in estimate.text_columns_for(cols, text_columns):
                cand = _article_candidate(art, cols, count, head_size, kind, jumps, style, cache)
                if cand is not None:
                    out.append(cand)
        return tuple(out)

    def continuation(art: Article, block: int, text: str, style, widths=None):
        offset = len(art.blocks[block].text) - len(text) if block < len(art.blocks) else 0
        out = []
        for cols in widths or range(1, style.columns + 1):
            for count in estimate.text_columns_for(cols, None):
                if min(w for _, w in style.text_columns(cols, count)) < 6 * style.em:
                    continue
                frame = Frame(1, 1, cols, CONTINUATION_LINES, CONTINUATION_LINES)
                box = layout_continuation(art, ResumeAt(block, offset), 1, frame, style, cache,
                                          ArticleOptions(columns=count)).box
                out.append(Candidate(cols, count, box.grid_lines, None, 0, estimate.TEXT_SLACK, 0))
        return tuple(out)

    return Measure(article=article, photo=estimate.photo_candidates, continuation=continuation)


def _headline_size(art: Article, cols: int, rank: int, kind: str, style, given, cache: ComposeCache):
    """The editor's size, else the size the headline fitter gives at this width
    (so a short headline is not set in two lines for want of a smaller size),
    held to the rank's cap (the lead the largest, ref §3.2). None: too narrow."""
    if given:
        return given
    if estimate.headline_size(art, cols, rank, kind, style) is None:
        return None
    key = ("headline", id(art), art.headline, cols, style)
    fitted = cache.measures.get(key)
    if fitted is None:
        fitted = cache.measures[key] = build_headline(art, style.span_width(cols), cols, style, cache.fonts).main_size
    return float(min(fitted, estimate.rank_cap(rank, kind)))


def _article_candidate(art: Article, cols: int, count: int, head_size: float, kind: str, jumps: bool,
                       style, cache: ComposeCache) -> Candidate | None:
    widths = style.text_columns(cols, count)
    if min(w for _, w in widths) < 6 * style.em:
        return None
    photo_low = photo_high = 0
    if art.photo:
        covered = len(widths) if kind == "photo-news" else min(art.photo.columns or count, count)
        photo_width = sum(w for _, w in widths[:covered]) + (covered - 1) * style.gutter
        photo_low, photo_high = estimate.photo_range(art.photo, photo_width, style)
        if art.photo.lines is None:
            # measured with the photo at its lowest; the solver may make it taller
            art = replace(art, photo=replace(art.photo, lines=photo_low))
    fit = measure_article_fit(art, cols, count, style, cache, head_size, None, kind)
    if fit.text_short > estimate.TEXT_SLACK:
        return None       # a text column would stand empty beside the photo
    lines = fit.lines
    grow = estimate.TEXT_SLACK + (photo_high - photo_low)
    if jumps:
        # a jump may break anywhere: from a third of the text up to all of it
        head = measure_article(replace(art, blocks=()), cols, count, style, cache, head_size, None, kind)
        least = head + math.ceil((lines - head) / 3)
        grow += lines - least
        lines = least
    return Candidate(cols, count, max(1, lines), head_size, photo_low, grow, photo_high - photo_low)
