"""Article layout: one article set into its module — headline group, photo,
and the body poured into its text columns — apart from where the module
stands on the page, so an article can be measured at any width before it is
placed (`measure_article`), and a jump can go on from where it stopped.

Returns an ArticleBox (plan.py) with the grid lines it used and, when the text
does not fit and a continuation waits for it, the position it resumes at.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..compose.headline import build_headline, size_cap
from ..compose.line_breaker import LEFT, RIGHT, ComposedLine, Run, compose_line
from ..diagnostics import Diagnostic, Where
from ..flow.column_filler import FlowBlock, Region, balanced_fill, lowest_bottom, used_bottom
from ..plan import ArticleBox, Box, Frame, PictureBox, ResumeAt, TextColumn, TextLine
from ..spec.page_style import PageStyle
from . import problems
from .body import body_blocks
from .compose_cache import ComposeCache
from .furniture import overset_mark, place, single_line
from .jumps import article_text, continued_from, continued_on, first_part, resume_point
from .photo_block import build_photo, photo_lines_for

MIN_LINES_UNDER_VERTICAL = 4   # a vertical headline leaves its column a few lines of text
MEASURE_LINES = 2000           # a frame tall enough for any article, for measuring


@dataclass(frozen=True)
class ArticleOptions:
    """How an item asks its article to be set."""
    columns: int | None = None            # text columns (变栏); None: one per basic column
    headline_size: float | None = None
    vertical_headline: str | None = None  # right or left: a 竖排 headline group
    where: Where | None = None            # the item in edition.yaml, for reports
    jump_to: int | None = None            # the page a continuation of it stands on
    page_where: Where | None = None       # the page, for furniture problems
    kind: str = "news"                    # news, commentary, briefs or photo-news


# How each kind of article is set, as Chinese dailies set them:
# - commentary (评论): in a box, the text an em clear of it, the body in Kai;
# - briefs (简讯): each item's title run in, in bold, before its text, so the
#   items flow on from column to column as one band;
# - photo-news (图片新闻): the picture leads across the module, the headline
#   and the text follow under it.
KINDS = ("news", "commentary", "briefs", "photo-news")
FRAME_INSET_EM = 1        # a commentary's text keeps an em clear inside its box
FRAME_STROKE = 0.75       # the box's line, pt
FRAME_OUTSET = 0.25       # the box stands this many ems outside the text area's edge rows


def inset_em(kind: str | None) -> int:
    """The ems an article of `kind` keeps clear inside its module: a commentary's box."""
    return FRAME_INSET_EM if kind == "commentary" else 0


@dataclass(frozen=True)
class ArticleLayout:
    box: ArticleBox
    diagnostics: tuple[Diagnostic, ...]
    first_part: object | None = None      # the Article as far as this part sets it, when it jumps


class Marks:
    """Lines, pictures and problems collected while one article is set."""

    def __init__(self):
        self.lines: list[TextLine] = []
        self.reversed: list[TextLine] = []
        self.boxes = []
        self.pictures: list[PictureBox] = []
        self.problems: list[Diagnostic] = []
        self.bottom = 0                 # lowest grid line taken by the headline group or a photo


def _headline(art, opts: ArticleOptions, frame: Frame, style: PageStyle, cache: ComposeCache,
              out: Marks, columns, count: int) -> list[int]:
    """Set the headline group; return the first grid line of each text column under it."""
    inset = inset_em(opts.kind) * style.em
    x = style.column_x(frame.col) + inset if inset else style.column_x(frame.col)
    top = style.line_top(frame.line)
    if opts.vertical_headline:
        # 竖排: the headline group stands in the first text column on its side;
        # the text runs beside it from the module's top and goes on under it.
        from ..compose.vertical_headline import build_vertical_headline   # only for a 竖排 headline
        side = count - 1 if opts.vertical_headline == "right" else 0
        vx, vw = columns[side]
        room = frame.content_last - frame.line + 1
        head = build_vertical_headline(art, vw, max(1, room - MIN_LINES_UNDER_VERTICAL), style,
                                       cache.fonts, opts.headline_size)
        out.lines.extend(_vertical_lines(head, x - inset + vx, top, vw, art.id))
        starts = [frame.line] * count
        starts[side] = frame.line + head.grid_lines
    else:
        width = style.span_width(frame.cols) - 2 * inset if inset else style.span_width(frame.cols)
        head = _headline_block(art, width, frame.cols, style, cache, opts.headline_size)
        for hl in head.lines:
            out.lines.append(place(hl.line, x, top + hl.baseline, hl.kind, art.id))
        starts = [frame.line + head.grid_lines] * count
    out.bottom = max(out.bottom, max(starts) - 1)
    if not head.fits:
        out.problems.append(problems.headline_too_wide(art.id, head.main_size, opts.where))
    return starts


def _vertical_lines(head, x: float, top: float, width: float, article_id: str) -> list[TextLine]:
    """A vertical headline group as real vertical lines, one per column of
    characters (kicker, main lines, deck, author), right to left: each line
    starts at its first glyph's origin, the others stand `y` below it."""
    columns: dict[int, list] = {}
    for pg in head.glyphs:
        columns.setdefault(pg.line, []).append(pg)
    lines = []
    for number in sorted(columns):
        placed = columns[number]
        first = placed[0]
        glyphs = tuple(replace(pg.glyph, y=pg.baseline - first.baseline) for pg in placed)
        lines.append(TextLine(x, top + first.baseline, glyphs, first.kind, article_id, None, width, width, True,
                              align=LEFT, vertical=True))
    return lines
def _headline_block(art, width: float, cols: int, style: PageStyle, cache: ComposeCache, size):
    """The headline group, set once for each width and size: automatic layout
    measures an article at many heights of its photo and text columns."""
    key = ("headline-block", art.headline, art.kicker, art.deck, art.author, width, cols, size, style)
    head = cache.measures.get(key)
    if head is None:
        head = cache.measures[key] = build_headline(art, width, cols, style, cache.fonts, size)
    return head


def _photo(art, frame: Frame, style: PageStyle, cache: ComposeCache, out: Marks, columns,
           count: int, starts: list[int], page_where, across: bool = False) -> None:
    """The article's photo over the text columns it covers (all of them when
    `across`); text starts a blank line under it."""
    photo = art.photo
    x = style.column_x(frame.col)
    span = count if across else min(photo.columns or count, count)
    covered = list(range(count - span, count)) if photo.align == "right" else list(range(span))
    px = x + columns[covered[0]][0]
    pw = columns[covered[-1]][0] + columns[covered[-1]][1] - columns[covered[0]][0]
    photo_first = max(starts[c] for c in covered)
    asked = photo.lines or photo_lines_for(photo, pw, style, cache.fonts)
    plines = min(asked, frame.content_last - photo_first + 1)
    if photo.lines and plines < asked:
        out.problems.append(problems.photo_clamped(art.id, photo.name, asked, plines, photo.where))
    block = build_photo(photo, px, pw, photo_first, plines, style, cache.fonts, art.id)
    add_photo(block, art.id, style, cache, out, page_where)
    out.bottom = max(out.bottom, photo_first + plines - 1)
    for c in covered:
        starts[c] = photo_first + plines + 1


def _narrowest(regions) -> float | None:
    return min((r.width for r in regions), default=None)


def _frame_box(frame: Frame, style: PageStyle) -> Box:
    """The box round a commentary: a little outside its text area, inside the
    gutters where the rules between modules run."""
    out = FRAME_OUTSET * style.em
    x = style.column_x(frame.col) + out
    top = style.line_top(frame.line) - out
    bottom = style.line_top(frame.content_last) + style.body_size + out
    return Box(x, top, style.span_width(frame.cols) - 2 * out, bottom - top, None, FRAME_STROKE)


def add_photo(block, article_id, style: PageStyle, cache: ComposeCache, out: Marks, page_where) -> None:
    caption = []
    if block.placeholder:
        ph = block.placeholder
        label = single_line(ph.label, "caption", style.body_size, cache, page_where, out.problems,
                            style.typesetting)
        out.lines.append(place(label, ph.x + (ph.width - label.width) / 2,
                               ph.y + ph.height / 2 + 0.35 * style.body_size, "placeholder"))
    for line, grid_line in block.caption:
        caption.append(place(line, block.picture.x if block.picture else block.placeholder.x,
                             style.baseline(grid_line), "caption", article_id, None, grid_line))
    out.lines.extend(caption)
    out.pictures.append(PictureBox(block.picture, block.placeholder, tuple(caption), article_id))
    out.problems.extend(block.diagnostics)


def _head_and_photo(article, frame: Frame, style: PageStyle, cache: ComposeCache, opts: ArticleOptions,
                    out: Marks) -> list[Region]:
    """Set the headline group and the photo; return the text columns left for the body."""
    x = style.column_x(frame.col)
    count = opts.columns or frame.cols
    columns = style.text_columns(frame.cols, count, inset_em(opts.kind))
    if opts.kind == "photo-news" and article.photo:
        starts = [frame.line] * count
        _photo(article, frame, style, cache, out, columns, count, starts, opts.page_where, across=True)
        under = Frame(frame.col, starts[0], frame.cols, frame.lines - (starts[0] - frame.line), frame.content_last)
        starts = _headline(article, opts, under, style, cache, out, columns, count)
    else:
        starts = _headline(article, opts, frame, style, cache, out, columns, count)
        if article.photo:
            _photo(article, frame, style, cache, out, columns, count, starts, opts.page_where)
    if opts.kind == "commentary":
        out.boxes.append(_frame_box(frame, style))
    return [Region(i, x + cx, cw, starts[i], frame.content_last)
            for i, (cx, cw) in enumerate(columns) if starts[i] <= frame.content_last]


def layout_article(article, frame: Frame, style: PageStyle, cache: ComposeCache,
                   opts: ArticleOptions = ArticleOptions()) -> ArticleLayout:
    """Set `article` into `frame`. With `opts.jump_to`, text that does not fit
    keeps the last line for 下转第X版 and the box records where it resumes."""
    out = Marks()
    regions = _head_and_photo(article, frame, style, cache, opts, out)
    blocks, sources = body_blocks(article, style, cache, kind=opts.kind, narrowest=_narrowest(regions))
    result = balanced_fill(blocks, regions, style.typesetting.min_last_line, cache.fill_memo)
    resume = None
    part = "whole"
    first = None
    if opts.jump_to and result.overset_lines and regions:
        # 转版: keep the last line of the last column for 下转第X版 and carry
        # what does not fit to the continuation's page.
        last = regions[-1]
        short = regions[:-1] + [Region(last.index, last.x, last.width, last.first_line, last.last_line - 1)]
        result = balanced_fill(blocks, [r for r in short if r.first_line <= r.last_line],
                               style.typesetting.min_last_line, cache.fill_memo)
        resume = resume_point(article, result.placed, sources)
        if resume is not None:
            tail = cache.prepare((Run(continued_on(opts.jump_to), "folio", style.body_size),),
                                 indent_em=0, align=RIGHT, settings=style.typesetting)
            line, _ = compose_line(tail, 0, last.width, first_line=True, align=RIGHT)
            out.lines.append(place(line, last.x, style.baseline(last.last_line), "continued", article.id,
                                   last.index, last.last_line))
            result = replace(result, overset_lines=0, overset_text="")
            first = first_part(article, resume)
            part = "first"
    elif opts.jump_to:
        out.problems.append(problems.jump_unused(article.id, opts.jump_to, opts.where))
    text = article_text(first or article)
    box = _flow_result(article, frame, opts, blocks, sources, regions, result, style, cache, out, text, None,
                       part, resume)
    return ArticleLayout(box, tuple(out.problems), first)


def layout_continuation(article, resume: ResumeAt, from_page: int, frame: Frame, style: PageStyle,
                        cache: ComposeCache, opts: ArticleOptions = ArticleOptions()) -> ArticleLayout:
    """The part of an article jumped from an earlier page: a continuation
    headline (接题), 上接第X版, and the text from `resume` on."""
    out = Marks()
    x = style.column_x(frame.col)
    width = style.span_width(frame.cols)
    top = style.line_top(frame.line)
    head_size = max(style.body_size + 5, round(0.7 * size_cap(frame.cols)))
    jump_head = replace(article, kicker=None, deck=None, author=None)
    head = build_headline(jump_head, width, frame.cols, style, cache.fonts, head_size)
    for hl in head.lines:
        out.lines.append(place(hl.line, x, top + hl.baseline, "jump-headline", article.id))
    out.bottom = frame.line + head.grid_lines - 1
    count = opts.columns or frame.cols
    columns = style.text_columns(frame.cols, count)
    first = frame.line + head.grid_lines
    regions = [Region(i, x + cx, cw, first, frame.content_last) for i, (cx, cw) in enumerate(columns)
               if first <= frame.content_last]
    back = cache.prepare((Run(continued_from(from_page), "folio", style.body_size),), indent_em=0, align=LEFT,
                         settings=style.typesetting)
    blocks, sources = body_blocks(article, style, cache, start=resume, kind=opts.kind,
                                  narrowest=_narrowest(regions))
    blocks = [FlowBlock("tail", back, -1)] + blocks
    result = balanced_fill(blocks, regions, style.typesetting.min_last_line, cache.fill_memo)
    rest = article.blocks[resume.block].text[resume.offset:]
    text = rest + "".join(b.text for b in article.blocks[resume.block + 1:]) + (article.byline or "")
    box = _flow_result(article, frame, opts, blocks, sources, regions, result, style, cache, out, text,
                       resume.block if resume.offset > 0 else None, "continuation", None)
    return ArticleLayout(box, tuple(out.problems))


def _flow_result(art, frame: Frame, opts: ArticleOptions, blocks, sources, regions, result,
                 style: PageStyle, cache: ComposeCache, out: Marks, text: str, resumed: int | None,
                 part: str, resume: ResumeAt | None) -> ArticleBox:
    """Place a filled article's lines, report what the filler found, and make its box."""
    x = style.column_x(frame.col)
    width = style.span_width(frame.cols)
    top = style.line_top(frame.line)
    for fb in blocks:
        # at the paragraph's first line in the article file
        where = art.blocks[fb.index].where if 0 <= fb.index < len(art.blocks) else Where(art.path)
        out.problems.extend(problems.missing_glyphs(fb.paragraph, art.id, "", max(fb.index, 0), where))
    for widow in result.widows:
        out.problems.append(problems.widow(art.id, art.path, widow.block, widow.text))
    for orphan in result.orphans:
        out.problems.append(problems.orphan(art.id, art.path, orphan.block, orphan.line.text))
    for pl in result.placed:
        if pl.kind == "para" and not pl.line.last and pl.line.loose:
            out.problems.append(problems.loose_line(art.id, art.path, pl.block, pl.line.max_gap / style.em,
                                                    pl.line.text))
    by_index = {r.index: r for r in regions}
    for pl in result.placed:
        region = by_index[pl.region]
        kind = {"para": "body", "subhead": "subhead", "tail": "continued"}[pl.kind]
        out.lines.append(place(pl.line, region.x, style.baseline(pl.grid_line), kind, art.id, region.index,
                               pl.grid_line, paragraph=pl.block,
                               resumed=pl.kind == "para" and pl.block == resumed))
    free = frame.content_last - result.bottom_line if result.placed else 0
    if free >= 2 and not result.overset_lines:
        out.problems.append(problems.underfull(art.id, free, opts.where,
                                               frame.content_last < frame.line + frame.lines - 1))
    if result.overset_lines:
        out.problems.append(problems.overset(art.id, art.path, result.overset_lines, result.overset_text,
                                             opts.where))
        box, label = overset_mark(x + width, style.line_top(frame.content_last) + style.body_size,
                                  result.overset_lines, cache, opts.page_where, out.problems, style.typesetting)
        out.boxes.append(box)
        out.reversed.append(label)
    used = max(out.bottom, result.bottom_line) - frame.line + 1
    return ArticleBox(
        art.id, part, x, top, width, style.line_top(frame.line + frame.lines - 1) + style.body_size - top,
        text, result.overset_text, result.overset_lines, tuple(out.lines),
        tuple(TextColumn(r.index, r.x, r.width, r.first_line, r.last_line) for r in regions),
        tuple(out.pictures), tuple(sources), used, resume, tuple(out.reversed), tuple(out.boxes), frame,
    )


@dataclass(frozen=True)
class ArticleMeasure:
    lines: int            # grid lines the article needs
    text_short: int = 0   # lines its text ends above the foot of its photo or headline group:
                          # a column standing empty beside the picture
    spare: int = 0        # lines its text ends above `lines` all the same (in a module as
                          # tall as `lines`, or taller, the columns end that much higher)


def measure_article(article, columns: int, text_columns: int | None, style: PageStyle, cache: ComposeCache,
                    headline_size: float | None = None, vertical_headline: str | None = None,
                    kind: str = "news") -> int:
    """How many grid lines the article needs (see measure_article_fit)."""
    return measure_article_fit(article, columns, text_columns, style, cache, headline_size,
                               vertical_headline, kind).lines


def measure_article_fit(article, columns: int, text_columns: int | None, style: PageStyle,
                        cache: ComposeCache, headline_size: float | None = None,
                        vertical_headline: str | None = None, kind: str = "news") -> ArticleMeasure:
    """How many grid lines the article needs in a module `columns` basic columns
    wide with `text_columns` text columns: its headline group, photo and body
    with the columns ending level (not counting a rule line under the module).
    Cheap enough to be asked hundreds of times a page: paragraphs are prepared
    once (by content) in `cache`."""
    key = (id(article), article, columns, text_columns, headline_size, vertical_headline, kind, style)
    hit = cache.measures.get(key)
    if hit is not None:
        return hit
    opts = ArticleOptions(text_columns, headline_size, vertical_headline, kind=kind)
    if vertical_headline:
        # the vertical headline's length depends on the module's height: search it
        low, high = 1, MEASURE_LINES
        while low < high:
            mid = (low + high) // 2
            box = layout_article(article, Frame(1, 1, columns, mid, mid), style, cache, opts).box
            if box.overset_lines:
                low = mid + 1
            else:
                high = mid
        needed = ArticleMeasure(low)
    else:
        out = Marks()
        regions = _head_and_photo(article, Frame(1, 1, columns, MEASURE_LINES, MEASURE_LINES), style, cache,
                                  opts, out)
        blocks, _ = body_blocks(article, style, cache, kind=kind, narrowest=_narrowest(regions))
        bottom = lowest_bottom(blocks, regions, style.typesetting.min_last_line, cache.fill_memo) if blocks else 0
        spare = 0
        if bottom is None:
            bottom = MEASURE_LINES
        elif blocks and bottom > out.bottom:
            used = used_bottom(blocks, regions, bottom, style.typesetting.min_last_line, cache.fill_memo)
            spare = bottom - max(used, out.bottom)
        needed = ArticleMeasure(max(out.bottom, bottom), max(0, out.bottom - bottom) if blocks else 0, spare)
    cache.measures[key] = needed
    return needed
