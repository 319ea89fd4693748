"""The lines an article needs at a width, estimated from its text alone.

No fonts are read: a Han character or full-width mark is one em, a Latin
letter, digit or space half an em; a paragraph takes its first-line indent
plus its characters, divided by the characters a text column holds, rounded
up. The headline block follows the same arithmetic as the headline builder
(its size, lines and gaps in body lines, ref §3.3); a photo keeps its
pixels' proportions at the width it spans, with its caption under it (ref
§4.4). It errs a little on the long side, since punctuation compression
(ref §5.4) only ever shortens a line.

The page stage's `measure_article` (composing the text for real) replaces
`article_lines` when it is there; the candidates are built the same way.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import replace

from ...spec.model import Article, Photo
from ...spec.page_style import PageStyle
from .problem import BRIEF_RANK, BRIEFS, COMMENTARY, LEAD, Candidate
from .score import SHAPE, best_shape

# the 号 ladder the headline builder sets main headlines in (ref §2.1)
LADDER = (48, 42, 36, 32, 30, 28, 26, 24, 22, 20, 18, 16, 15, 14, 12, 10.5)
HEADLINE_WIDTH = 0.92        # a headline character's advance in ems of its size (mild 长体 allowed)
MAX_HEADLINE_LINES = 2       # a size needing more lines than this is too large for the width …
LAST_RESORT_LINES = 3        # … unless even the smallest needs three
SMALLEST_HEADLINE = 16.0     # 三号: the smallest main headline of a news item (ref §3.2)
TEXT_SLACK = 2               # an article may end up to this many lines above its module's foot
PHOTO_CROP = (0.7, 1.4)     # a photo's height may go from this much to this much of its natural one
WIDE_MEASURE = (20, 20)      # ems: the measures 变栏 may widen a text column to
PLAUSIBLE_MARGIN = 6         # lines either side of the estimate a width's proportions are judged at …
PLAUSIBLE_SHAPE = 1.0        # … and how far out of its kind's range (× SHAPE.cost: twice) it may be
SUBHEAD_SPACE = 1            # the blank line above an in-text subhead (flow/column_filler.py)


# -- sizes -------------------------------------------------------------------------

def width_cap(cols: int, rank: int) -> float:
    """Largest main headline for a module this wide (the headline builder's
    size_cap; the lead may go to 初号 from four columns, ref §3.2)."""
    if rank == LEAD and cols >= 4:
        return 42.0
    return {1: 18.0, 2: 22.0, 3: 26.0, 4: 30.0}.get(cols, 36.0)


def rank_floor(rank: int, kind: str) -> float:
    """Smallest main headline for an item of this rank and kind, when a size
    smaller than its width allows is taken to fit the copy (ref §3.2: the lead
    never under 一号, secondary stories not under 小二, short items 三号)."""
    if rank == LEAD and kind != BRIEFS:
        return 26.0
    if kind in (BRIEFS, COMMENTARY) or rank >= BRIEF_RANK:
        return SMALLEST_HEADLINE
    return 18.0 if rank <= 3 else SMALLEST_HEADLINE


def smaller_size(size: float) -> float | None:
    """The next size down the ladder, or None."""
    below = [s for s in LADDER if s < size]
    return float(below[0]) if below else None


def rank_cap(rank: int, kind: str) -> float:
    """Largest main headline for an item of this rank and kind (ref §3.2: the
    lead 初号, and never under 一号 from three columns; secondary stories
    小一–二号; short items and briefs 三号–小二)."""
    if kind == BRIEFS or rank >= BRIEF_RANK:
        return 18.0
    if rank == LEAD:
        return 42.0
    if kind == COMMENTARY:
        return 20.0
    if rank <= 3:
        return 24.0
    if rank <= 7:
        return 22.0
    return 20.0


# -- text ---------------------------------------------------------------------------

def ems(text: str) -> float:
    """Width of `text` in ems of its size: full-width characters one (curly
    quotes and other "ambiguous" marks too: Chinese text sets them full, ref
    §5.2), others half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def paragraph_lines(units: float, measure: int, indent: float) -> int:
    return max(1, math.ceil((units + indent) / measure))


def body_lines(article: Article, measure: int, style: PageStyle, start: int = 0,
               first_text: str | None = None, tail: str | None = None) -> int:
    """Text lines of the article's body at `measure` characters, all columns
    together. `start`/`first_text` begin a continuation part way (no indent
    when it resumes inside a paragraph); `tail` is a closing line (上接/下转)."""
    total = 1 if tail else 0
    paras = [i for i, b in enumerate(article.blocks) if b.kind == "para"]
    for i, block in enumerate(article.blocks):
        if i < start:
            continue
        if block.kind == "subhead":
            total += math.ceil(ems(block.text) / measure) + SUBHEAD_SPACE
            continue
        text = block.text
        indent = style.indent_em
        if i == start and first_text is not None and first_text != block.text:
            text, indent = first_text, 0.0
        units = ems(text)
        if paras and i == paras[0] and article.lead and not (first_text is not None and indent == 0):
            units += ems(article.lead) + 1
        if paras and i == paras[-1] and article.byline:
            units += ems(article.byline) + 2
        total += paragraph_lines(units, measure, indent)
    return total


def headline_lines(article: Article, width_em: float, size: float, style: PageStyle) -> int:
    """Body lines of the headline group at main size `size` across `width_em`
    ems (kicker and deck two steps smaller, author line under it)."""
    inner = (width_em - 2) * style.em           # a headline keeps an em clear each side
    main = sum(_lines(ems(text), size, inner) for text in article.headline)
    sub = max(style.body_size + 1.5, min(LADDER, key=lambda s: (abs(s - size / 2), s)))
    sub = min(sub, size)
    content = main * size + 0.15 * size * (main - 1)
    if article.kicker:
        k = _lines(ems(article.kicker), sub, inner)
        content += k * sub + 0.15 * sub * (k - 1) + 0.35 * sub
    if article.deck:
        d = _lines(ems(article.deck), sub, inner)
        content += d * sub + 0.15 * sub * (d - 1) + 0.4 * sub
    if article.author:
        content += style.body_size + 1.5 + 0.5 * style.body_size
    return max(1, math.ceil((content + 0.6 * style.pitch + style.line_gap) / style.pitch))


def _lines(units: float, size: float, inner: float) -> int:
    return max(1, math.ceil(units * size * HEADLINE_WIDTH / max(inner, size)))


def headline_size(article: Article, cols: int, rank: int, kind: str, style: PageStyle,
                  given: float | None = None) -> float | None:
    """The main size: the editor's, or the largest the rank and width allow
    that sets the headline in two lines (three at 三号); None: the module is
    too narrow for the headline at any size a headline may have."""
    if given:
        return given
    cap = min(width_cap(cols, rank), rank_cap(rank, kind))
    inner = (style.span_width(cols) - 2 * style.em)
    sizes = [s for s in LADDER if SMALLEST_HEADLINE <= s <= cap] or [SMALLEST_HEADLINE]
    for size in sizes:
        if all(_lines(ems(text), size, inner) <= MAX_HEADLINE_LINES for text in article.headline):
            return float(size)
    if all(_lines(ems(text), sizes[-1], inner) <= LAST_RESORT_LINES for text in article.headline):
        return float(sizes[-1])
    return None


# -- photos -------------------------------------------------------------------------

def caption_lines(photo: Photo, width_em: int) -> int:
    text = " ".join(t for t in (photo.caption, photo.credit) if t)
    return math.ceil(ems(text) / max(1, width_em)) if text else 0


def photo_range(photo: Photo, width: float, style: PageStyle, caption: int | None = None) -> tuple[int, int]:
    """(fewest, most) grid lines of a photo block `width` points wide, caption
    included (`caption`: its lines when they were set for real)."""
    if caption is None:
        caption = caption_lines(photo, int(width / style.em))
    if photo.lines:
        return photo.lines, photo.lines
    ratio = photo.pixels[1] / photo.pixels[0] if photo.pixels else 0.66
    natural = width * ratio / style.pitch
    low = max(3, round(natural * PHOTO_CROP[0]))
    high = max(low, round(natural * PHOTO_CROP[1]))
    return low + caption, high + caption


# -- candidates ---------------------------------------------------------------------

def plausible_widths(article: Article, rank: int, kind: str, style: PageStyle,
                     jumps: bool = False) -> list[int]:
    """The widths at which the article can stand in sensible proportions for
    its kind, judged by the estimate with a wide margin (it is within a few
    lines of the composed text): the only widths worth setting it at."""
    out = []
    for cand in article_candidates(article, rank, kind, style, jumps=jumps):
        if cand.text_columns != cand.cols or cand.cols in out:
            continue
        low = max(1, cand.lines - PLAUSIBLE_MARGIN)
        high = cand.lines + cand.grow + PLAUSIBLE_MARGIN
        if best_shape(kind, cand.cols, low, high) <= PLAUSIBLE_SHAPE * SHAPE.cost:
            out.append(cand.cols)
    return out or list(range(1, style.columns + 1))


def text_columns_for(cols: int, given: int | None, style: PageStyle | None = None,
                     inset_em: int = 0) -> list[int]:
    """Text column counts worth trying at a width: the basic columns, and the
    fewer, wider columns (破栏, ref §1.3) that come out equal in whole ems of
    the WIDE_MEASURE range (3破2 and 6破4 at 20 em): equal columns read
    evenly, and a text set at one measure is broken once for every width
    that uses it. (8破7 at 15 em and 长栏 at 27 gave the search more to
    choose from than it gained: docs/layout-rules.md.)"""
    if given:
        return [given] if given <= 2 * cols else []
    style = style or PageStyle()
    total = round(style.span_width(cols) / style.em) - 2 * inset_em
    out = [cols]
    for count in range(cols - 1, 0, -1):
        text, extra = divmod(total - (count - 1) * style.gutter_chars, count)
        if not extra and WIDE_MEASURE[0] <= text <= WIDE_MEASURE[1]:
            out.append(count)
    return out


def article_candidates(article: Article, rank: int, kind: str, style: PageStyle,
                       widths=None, text_columns: int | None = None,
                       size: float | None = None, jumps: bool = False,
                       start: int = 0, first_text: str | None = None,
                       tail: str | None = None, vertical: str | None = None) -> tuple[Candidate, ...]:
    """Every width and 变栏 the article can be set in. `jumps`: the text goes
    on on a later page, so the module may hold any part of it from a third up.
    (`vertical`, a 竖排 headline, is not estimated: it is counted as a
    horizontal one, which takes about the same area, ref §3.3.)"""
    out = []
    for cols in widths or range(1, style.columns + 1):
        head_size = headline_size(article, cols, rank, kind, style, size)
        if head_size is None and widths is None:
            continue
        head_size = head_size or SMALLEST_HEADLINE
        for count in text_columns_for(cols, text_columns, style):
            cand = _candidate(article, cols, count, head_size, style, jumps, start, first_text, tail)
            if cand is not None:
                out.append(cand)
    return tuple(out)


def _candidate(article, cols, count, head_size, style, jumps, start, first_text, tail):
    if article.photo and article.photo.columns and article.photo.columns > count:
        return None       # the photo spans more text columns than the module has
    widths = style.text_columns(cols, count)
    measure = int(round(min(w for _, w in widths) / style.em))
    if measure < 6:
        return None
    head = headline_lines(article, style.span_width(cols) / style.em, head_size, style)
    text = body_lines(article, measure, style, start, first_text, tail)
    photo_low = photo_high = 0
    covered = 0
    if article.photo:
        covered = min(article.photo.columns or count, count)
        photo_width = sum(w for _, w in widths[:covered]) + (covered - 1) * style.gutter
        photo_low, photo_high = photo_range(article.photo, photo_width, style)
    rows = _rows(text, count, covered, photo_low)
    grow = TEXT_SLACK + (photo_high - photo_low)
    if jumps:
        # a jump may break anywhere: from a third of the text up to all of it
        least = _rows(math.ceil(text / 3), count, covered, photo_low)
        grow += rows - least
        rows = least
    return Candidate(cols, count, head + rows, head_size, photo_low, grow, photo_high - photo_low)


def _rows(text: int, count: int, covered: int, photo: int) -> int:
    """Grid lines under the headline: text balanced over the columns, the photo
    (and the blank line under it) taking `covered` of them."""
    if not covered:
        return math.ceil(text / count)
    rows = math.ceil((text + covered * (photo + 1)) / count)
    return max(rows, photo + 2)


def photo_candidates(photo: Photo, style: PageStyle, widths=None) -> tuple[Candidate, ...]:
    """A photo item from two to five columns wide (ref §4.4), its height within
    the crop range."""
    out = []
    for cols in widths or range(2, min(5, style.columns) + 1):
        low, high = photo_range(photo, style.span_width(cols), style)
        out.append(Candidate(cols, cols, low, None, low, high - low, high - low))
    return tuple(out)


def continuation_candidates(article: Article, block: int, text: str, style: PageStyle,
                            widths=None) -> tuple[Candidate, ...]:
    """The part of an article jumped to this page: a smaller repeat headline
    (接题), the 上接 line and the rest of the text."""
    out = []
    for cols in widths or range(1, style.columns + 1):
        size = max(style.body_size + 5, round(0.7 * width_cap(cols, 1)))
        head = headline_lines(_headline_only(article), style.span_width(cols) / style.em, size, style)
        for count in text_columns_for(cols, None, style):
            widths_pt = style.text_columns(cols, count)
            measure = int(round(min(w for _, w in widths_pt) / style.em))
            if measure < 6:
                continue
            lines = body_lines(article, measure, style, block, text, tail="上接")
            out.append(Candidate(cols, count, head + math.ceil(lines / count), None, 0, TEXT_SLACK, 0))
    return tuple(out)


def _headline_only(article: Article) -> Article:
    return replace(article, kicker=None, deck=None, author=None)
