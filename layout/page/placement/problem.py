"""What the placement solver is asked: a page's free area, the modules already
placed by hand, and for every open item the ways it can be set.

Grid units throughout: a module is `cols` basic columns wide and `lines` grid
lines high, its top-left cell at (col, line), both 1-based, as in edition.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass

# kinds of item; the solver's rules look at them (score.py)
NEWS = "news"
COMMENTARY = "commentary"
PHOTO_NEWS = "photo-news"
BRIEFS = "briefs"
PHOTO = "photo"
CONTINUATION = "continuation"
ARTICLE_KINDS = (NEWS, COMMENTARY, PHOTO_NEWS, BRIEFS)
KINDS = ARTICLE_KINDS + (PHOTO, CONTINUATION)

LEAD = 0            # the rank of the page's lead story (头条)
BRIEF_RANK = 90     # `rank: brief`: after every numbered rank


@dataclass(frozen=True)
class Candidate:
    """One way to set an item: its module's width, its text columns (变栏), the
    grid lines its content needs (headline, photo and body; not the blank line a
    rule under it takes), the headline size used, the photo's lines, and how
    many more lines it can usefully take (`grow`): the first `photo_grow` of
    them make the photo taller, the rest leave the text that many lines short
    of the module's foot (0–2 is the accepted underfull of a set article).
    `head_lines`: the grid lines of its headline group (where 撞题 is judged);
    `head_step`: how many sizes under the largest its width and rank allow
    the headline is set, to fit the copy."""
    cols: int
    text_columns: int
    lines: int
    headline_size: float | None = None
    photo_lines: int = 0
    grow: int = 2
    photo_grow: int = 0
    head_lines: int = 0
    head_step: int = 0

    def __post_init__(self):
        if self.cols < 1 or self.text_columns < 1 or self.lines < 1:
            raise ValueError(f"a candidate needs cols, text_columns and lines ≥ 1: {self}")
        if self.grow < 0 or not 0 <= self.photo_grow <= self.grow:
            raise ValueError(f"0 ≤ photo_grow ≤ grow is needed: {self}")


@dataclass(frozen=True)
class OpenItem:
    """An item Banmian places. `rank` orders importance (0 = the lead; lower
    is more important; equal ranks are equally important); the optional
    constraints come from the editor: a width, a (min, max) height, a side of
    the page (left or right), or the key of the item it sits directly under."""
    key: str
    rank: int
    kind: str
    candidates: tuple[Candidate, ...]
    cols: int | None = None
    lines: tuple[int, int] | None = None
    side: str | None = None
    under: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} of {self.key}")
        if not self.candidates:
            raise ValueError(f"{self.key} has no candidate")
        if self.side not in (None, "left", "right"):
            raise ValueError(f"side of {self.key} must be left or right")

    @property
    def headed(self) -> bool:
        return headed(self.kind)


@dataclass(frozen=True)
class FixedItem:
    """A module placed by hand (`at` and `span` given): it stays where it is."""
    key: str
    col: int
    line: int
    cols: int
    lines: int
    kind: str = NEWS

    @property
    def last_line(self) -> int:
        return self.line + self.lines - 1


@dataclass(frozen=True)
class Problem:
    """The page: `columns` basic columns, content from `first_line` to
    `last_line` (page 1 starts under its masthead)."""
    columns: int
    first_line: int
    last_line: int
    fixed: tuple[FixedItem, ...] = ()
    open: tuple[OpenItem, ...] = ()

    def __post_init__(self):
        keys = [f.key for f in self.fixed] + [o.key for o in self.open]
        if len(set(keys)) != len(keys):
            raise ValueError("every item of a problem needs its own key")
        if self.first_line > self.last_line or self.columns < 1:
            raise ValueError("an empty page")

    @property
    def height(self) -> int:
        return self.last_line - self.first_line + 1

    @property
    def area(self) -> int:
        return self.columns * self.height


def headed(kind: str) -> bool:
    """A module whose headline stands at its top (photo news leads with its picture)."""
    return kind in (NEWS, COMMENTARY, BRIEFS, CONTINUATION)


def picture(kind: str) -> bool:
    """A module that is, or opens with, a picture."""
    return kind in (PHOTO, PHOTO_NEWS)
