"""Where the marks of a plan are, as rectangles: a glyph's em box, a line's
box, an article part's area (headline, text columns and photos as one shape).

Every exporter that points at the page — the web edition's hot zones, the
IIIF annotations, ALTO and METS — takes its rectangles from here, so they
agree with one another and with the PDF. Coordinates are points from the
page's top-left corner, y growing downwards, as in the plan.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..fonts.book import FontBook
from ..plan import HEADLINE_KINDS, ArticleBox, Glyph, PhotoBox, PictureBox, TextLine

# The ideographic em box: CJK faces put the baseline 0.12 em above the box's
# bottom (the Adobe CJK convention that Noto/Source Han follow in their BASE
# table, ideo = -120/1000), so a glyph's box is 0.88 em above it, 0.12 below.
EM_ABOVE = 0.88
EM_BELOW = 0.12


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def scaled(self, factor: float) -> "Rect":
        return Rect(self.x * factor, self.y * factor, self.width * factor, self.height * factor)

    def padded(self, dx: float, dy: float) -> "Rect":
        return Rect(self.x - dx, self.y - dy, self.width + 2 * dx, self.height + 2 * dy)

    def clipped(self, other: "Rect") -> "Rect | None":
        x1, y1 = max(self.x, other.x), max(self.y, other.y)
        x2, y2 = min(self.right, other.right), min(self.bottom, other.bottom)
        if x2 <= x1 or y2 <= y1:
            return None
        return Rect(x1, y1, x2 - x1, y2 - y1)


def bounding(rects) -> Rect | None:
    rects = [r for r in rects if r is not None]
    if not rects:
        return None
    x1 = min(r.x for r in rects)
    y1 = min(r.y for r in rects)
    x2 = max(r.right for r in rects)
    y2 = max(r.bottom for r in rects)
    return Rect(x1, y1, x2 - x1, y2 - y1)


def advance(fonts: FontBook, glyph: Glyph) -> float:
    """The glyph's advance in points (one em when no face has it)."""
    if glyph.half:
        em = 0.5
    else:
        em = fonts.faces[glyph.face].advance(glyph.ch) if glyph.face in fonts.faces else 1.0
    return em * glyph.size * glyph.hscale


def glyph_box(fonts: FontBook, line: TextLine, glyph: Glyph) -> Rect:
    """The glyph's em box on the page. A glyph turned a quarter clockwise (a
    number in a vertical headline) advances down the page, its top to the right."""
    x = line.x + glyph.x
    length = advance(fonts, glyph)
    if glyph.rotate == 90:
        return Rect(x - EM_BELOW * glyph.size, line.baseline, glyph.size, length)
    return Rect(x, line.baseline - EM_ABOVE * glyph.size, length, glyph.size)


def line_box(fonts: FontBook, line: TextLine) -> Rect | None:
    """The union of the line's glyph boxes; None for a line with no glyphs."""
    return bounding(glyph_box(fonts, line, g) for g in line.glyphs)


def picture_rect(picture: PictureBox) -> Rect | None:
    mark = picture.picture or picture.placeholder
    if mark is None:
        return None
    return Rect(mark.x, mark.y, mark.width, mark.height)


def picture_area(fonts: FontBook, picture: PictureBox) -> Rect | None:
    """The picture with its caption lines."""
    return bounding([picture_rect(picture)] + [line_box(fonts, line) for line in picture.caption])


def module_rect(module: ArticleBox) -> Rect:
    return Rect(module.x, module.y, module.width, module.height)


def content_rects(fonts: FontBook, module: ArticleBox | PhotoBox) -> list[Rect]:
    """What an article part (or a photo item) shows, as rectangles: its
    headline group, each picture with its caption, and each text column as far
    as it is filled; a picture reaches up to the headline over it and a column
    to what stands over it (the headline or a picture), so that the pieces of
    one article make one shape."""
    columns = module.columns if isinstance(module, ArticleBox) else ()
    heads = []
    if isinstance(module, ArticleBox):
        head = bounding(line_box(fonts, line) for line in module.headline_lines)
        # a centred headline, or a vertical one standing in a column, takes the
        # whole width of the columns it stands over: the shape meets its text
        heads = [_over_columns(head, columns)] if head is not None else []
    pictures = [_reach_up(_over_columns(r, columns), heads)
                for r in (picture_area(fonts, p) for p in module.pictures) if r is not None]
    rects = heads + pictures
    for column in columns:
        filled = bounding(line_box(fonts, line) for line in module.column_lines(column.index))
        if filled is not None:
            rects.append(_reach_up(Rect(column.x, filled.y, column.width, filled.height), heads + pictures))
    if isinstance(module, ArticleBox):
        # lines in no column that are not headlines: a jump line set across the module
        loose = [line for line in module.lines
                 if line.column is None and line.kind not in HEADLINE_KINDS | {"caption"}]
        rects.extend(r for r in (line_box(fonts, line) for line in loose) if r is not None)
    else:
        rects.extend(r for r in (line_box(fonts, line) for line in module.lines) if r is not None)
    return rects


def _reach_up(rect: Rect, above: list[Rect]) -> Rect:
    """`rect` grown upwards to the lowest of `above` that stands over it."""
    top = max((r.bottom for r in above if r.bottom <= rect.y + 0.01 and r.x < rect.right and rect.x < r.right),
              default=rect.y)
    return Rect(rect.x, top, rect.width, rect.bottom - top)


def _over_columns(rect: Rect, columns) -> Rect:
    over = [c for c in columns if c.x < rect.right and rect.x < c.x + c.width]
    if not over:
        return rect
    x1 = min(rect.x, min(c.x for c in over))
    x2 = max(rect.right, max(c.x + c.width for c in over))
    return Rect(x1, rect.y, x2 - x1, rect.height)


def area_rects(fonts: FontBook, module: ArticleBox | PhotoBox, pad_x: float, pad_y: float,
               frame: Rect | None = None) -> list[Rect]:
    """The content rectangles grown by half a gutter and half a line so that
    neighbouring pieces of one article touch, kept inside `frame` (the module
    and its share of the gutters) so that no area reaches into the next."""
    out = []
    for rect in content_rects(fonts, module):
        grown = rect.padded(pad_x, pad_y)
        if frame is not None:
            grown = grown.clipped(frame)
        if grown is not None:
            out.append(grown)
    return out


def union_outline(rects: list[Rect]) -> list[list[tuple[float, float]]]:
    """The outline of the union of axis-parallel rectangles, as closed
    polygons (corner points, clockwise on screen for outer edges): the
    rectangles are cut along every x and y they use into cells, and the edges
    between a covered cell and an uncovered one are chained into loops."""
    if not rects:
        return []
    xs = sorted({r.x for r in rects} | {r.right for r in rects})
    ys = sorted({r.y for r in rects} | {r.bottom for r in rects})
    covered = set()
    for i in range(len(xs) - 1):
        cx = (xs[i] + xs[i + 1]) / 2
        for j in range(len(ys) - 1):
            cy = (ys[j] + ys[j + 1]) / 2
            if any(r.x <= cx <= r.right and r.y <= cy <= r.bottom for r in rects):
                covered.add((i, j))
    edges: dict = {}

    def edge(a, b):
        edges.setdefault(a, []).append(b)

    for i, j in covered:
        # each directed edge keeps the covered cell on its right (y down)
        if (i, j - 1) not in covered:
            edge((i, j), (i + 1, j))
        if (i + 1, j) not in covered:
            edge((i + 1, j), (i + 1, j + 1))
        if (i, j + 1) not in covered:
            edge((i + 1, j + 1), (i, j + 1))
        if (i - 1, j) not in covered:
            edge((i, j + 1), (i, j))
    return [_simplify([(xs[a], ys[b]) for a, b in loop]) for loop in _loops(edges)]


def _loops(edges: dict) -> list[list[tuple[int, int]]]:
    """Chain directed edges into closed loops. Every point has as many edges
    in as out, so walking from any edge always comes back to its start; where
    two cells touch only at a corner a point has two ways out, and either
    choice still closes."""
    loops = []
    while edges:
        start = min(edges)
        loop = []
        point = start
        while True:
            loop.append(point)
            ends = edges[point]
            nxt = ends.pop()
            if not ends:
                del edges[point]
            point = nxt
            if point == start:
                break
        loops.append(loop)
    return loops


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop points in the middle of a straight edge."""
    out = []
    n = len(points)
    for k in range(n):
        (x0, y0), (x1, y1), (x2, y2) = points[k - 1], points[k], points[(k + 1) % n]
        if (x0 == x1 == x2) or (y0 == y1 == y2):
            continue
        out.append((x1, y1))
    return out
