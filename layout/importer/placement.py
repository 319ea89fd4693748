"""Where each imported article and picture goes on its page. With boxes (hOCR,
ALTO) the articles' and pictures' boxes are snapped to the grid (grid.py), so
the regenerated page keeps the original's arrangement; a picture inside an
article's columns becomes the article's photo. Without boxes nothing is
placed: the items carry only `rank` and `kind`, for the automatic layout.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Where
from ..spec.page_style import PageStyle
from .grid import Grid, Place, resolve
from .source import Box, OcrPage, union
from .structure import PageContent, body_size, ranked


@dataclass(frozen=True)
class PhotoPlace:
    columns: int               # text columns the photo spans
    lines: int                 # grid lines it takes
    align: str                 # left or right


@dataclass(frozen=True)
class ItemPlan:
    index: int                 # the article's index on the page, or None for a picture of its own
    rank: str
    place: Place | None
    photo: PhotoPlace | None = None
    where: Where | None = None
    headline_size: float | None = None     # points, from the scanned headline's height against the body's


@dataclass(frozen=True)
class PagePlan:
    articles: tuple[ItemPlan, ...]
    pictures: tuple[ItemPlan, ...]          # pictures that belong to no article
    notes: tuple[tuple[Where, str], ...]


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _owner(picture: Box, text_boxes: list[Box | None]) -> int | None:
    """The article whose text columns and depth hold the picture's centre."""
    x, y = _centre(picture)
    for i, box in enumerate(text_boxes):
        if box and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return i
    return None


def _text_boxes(page: OcrPage, content: PageContent) -> list[Box | None]:
    """Each article's box: its lines, and the OCR blocks that hold its text
    alone (a block is the column's region as the OCR segmented it, down to
    the rule under it, where the text may stop short)."""
    owners: dict[int, set[int]] = {}
    for k, a in enumerate(content.articles):
        for u in a.units:
            for block in page.units[u].blocks:
                owners.setdefault(block, set()).add(k)
    blocks: dict[int, list] = {}
    for block, ks in owners.items():
        if len(ks) == 1 and block < len(page.blocks):
            blocks.setdefault(next(iter(ks)), []).append(page.blocks[block])
    return [union([page.units[u].box for u in a.units] + blocks.get(k, []))
            for k, a in enumerate(content.articles)]


def _photo_place(picture: Box, box: Box, place: Place, grid: Grid) -> PhotoPlace:
    share = (picture[2] - picture[0]) / max(1e-9, box[2] - box[0])
    columns = max(1, min(place.span[0], round(share * place.span[0])))
    # the side it stands against; a picture across the whole article stands left
    align = "left" if picture[0] - box[0] <= box[2] - picture[2] else "right"
    return PhotoPlace(columns, grid.lines(picture[3] - picture[1]), align)


def plan_page(page: OcrPage, content: PageContent, style: PageStyle) -> PagePlan:
    ranks = ranked(content.articles)
    wheres = [page.where(page.units[a.units[0]].start) if a.units else None for a in content.articles]
    text_boxes = _text_boxes(page, content)
    if not any(text_boxes):
        return PagePlan(tuple(ItemPlan(i, ranks[i], None, where=wheres[i]) for i in range(len(ranks))), (), ())
    owned: dict[int, list[Box]] = {}
    loose: list[tuple[Box, Where]] = []
    for box, where in page.pictures:
        owner = _owner(box, text_boxes)
        if owner is None:
            loose.append((box, where))
        else:
            owned.setdefault(owner, []).append(box)
    boxes = [union([b] + owned.get(i, [])) if b else None for i, b in enumerate(text_boxes)]
    area = union(boxes + [b for b, _ in loose])
    if area is None or area[2] <= area[0] or area[3] <= area[1]:
        # boxes without extent place nothing: the automatic layout does it
        return PagePlan(tuple(ItemPlan(i, ranks[i], None, where=wheres[i]) for i in range(len(ranks))), (), ())
    grid = Grid(area, style)
    places, trims = resolve([grid.snap(b) if b else None for b in boxes] + [grid.snap(b) for b, _ in loose])
    notes = [((wheres + [w for _, w in loose])[i], message) for i, message in trims]
    ranks = _ranks_by_size(page, content, ranks)
    articles = []
    for i, a in enumerate(content.articles):
        photo = None
        if owned.get(i) and places[i] is not None:
            photo = _photo_place(union(owned[i]), boxes[i], places[i], grid)
        articles.append(ItemPlan(i, ranks[i], places[i], photo, wheres[i],
                                 _headline_size(page, a, style) if places[i] else None))
    pictures = [ItemPlan(-1, "", places[len(boxes) + k], None, where) for k, (_, where) in enumerate(loose)]
    return PagePlan(tuple(articles), tuple(p for p in pictures if p.place), tuple(notes))


def _headline_size(page: OcrPage, article, style: PageStyle) -> float | None:
    """The main headline's size as printed: its line height over the body's,
    times the body size, in whole points (9–96, the spec's range)."""
    body = body_size(page)
    sizes = [page.units[u].size for u in article.headline_units if page.units[u].size]
    if not body or not sizes:
        return None
    return float(max(9, min(96, round(max(sizes) / body * style.body_size))))


def _ranks_by_size(page: OcrPage, content: PageContent, ranks: list[str]) -> list[str]:
    """With boxes the lead is the article with the tallest headline line, the
    others keep their reading order."""
    heights = []
    for a in content.articles:
        boxes = [page.units[u].box for u in a.headline_units if page.units[u].box]
        heights.append(max((b[3] - b[1] for b in boxes), default=0.0))
    order = [i for i, r in enumerate(ranks) if r != "brief"]
    if not order or max(heights) <= 0:
        return ranks
    lead = max(order, key=lambda i: (heights[i], -i))
    out = list(ranks)
    rest = [i for i in order if i != lead]
    out[lead] = "lead"
    for n, i in enumerate(rest, 2):
        out[i] = str(n)
    return out
