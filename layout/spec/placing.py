"""An item's place on the page as edition.yaml gives it: by hand (`at` and
`span`), or left to Banmian, with whatever the editor wants kept:

    - article: articles/a.md
      rank: lead            # lead | 2 | 3 … | brief (default: the order of the list)
      kind: commentary      # news | commentary | photo-news | briefs
      cols: 3               # or a partial span: `span: [3, ~]`, `span: [~, 40]`
      lines: [30, 45]       # a height range in grid lines (or one number)
      side: right           # left | right: the module touches that edge of the page
      under: photos/x.jpg   # it sits directly under that item of the same page
"""
from __future__ import annotations

from ..diagnostics import error
from .model import ArticleItem, ContinuationItem, Placing, PhotoItem
from .page_style import PageStyle
from .yaml_source import PosDict

PLACING_KEYS = {"cols", "lines", "side", "under", "rank"}
KINDS = ("news", "commentary", "photo-news", "briefs")
LEAD_RANK = 0
BRIEF_RANK = 90
MIN_LINES = 3


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pair(data: PosDict, key: str, problems: list, partial: bool) -> tuple | None:
    """`at` or `span` as two whole numbers ≥ 1; with `partial`, either may be `~`."""
    value = data.get(key)
    ok = isinstance(value, list) and len(value) == 2 and all(
        (_whole(v) and v >= 1) or (partial and v is None) for v in value)
    if not ok or value == [None, None]:
        how = "[column, line]" if key == "at" else "[columns, lines]"
        hint = f"write `{key}: {how}`" + (", or `~` for the one Banmian chooses, e.g. `span: [3, ~]`"
                                          if partial else "")
        problems.append(error(f"`{key}` of the item must be two whole numbers ≥ 1", data.at(key), hint))
        return None
    return tuple(value)


def parse_place(raw: PosDict, style: PageStyle, problems: list):
    """(at, span, Placing, rank); at and span are None when Banmian places the item."""
    at = _pair(raw, "at", problems, False) if "at" in raw else None
    span = _pair(raw, "span", problems, True) if "span" in raw else None
    bad = ("at" in raw and at is None) or ("span" in raw and span is None)
    by_hand = at is not None and span is not None and None not in span
    rank = _rank(raw, problems)
    given = [k for k in ("cols", "lines", "side", "under") if k in raw]
    if at is not None and not by_hand and not bad:
        problems.append(error("`at` places the item by hand and needs its full `span`", raw.at("at"),
                              "give `span: [columns, lines]`, or drop `at` to let Banmian place it"))
        bad = True
    if by_hand:
        for key in given:
            problems.append(error(f"`{key}` is for an item Banmian places, but `at` and `span` place "
                                  "this one by hand", raw.at(key),
                                  f"drop `{key}`, or drop `at` and `span`"))
        col, line = at
        cols, lines = span
        if col + cols - 1 > style.columns or line + lines - 1 > style.lines:
            problems.append(error(f"the item runs off the grid: columns {col}–{col + cols - 1}, lines "
                                  f"{line}–{line + lines - 1} on a grid of {style.columns} columns × "
                                  f"{style.lines} lines", raw.at("span"),
                                  "make `span` smaller or move `at`"))
            bad = True
        return (None, None, Placing(), rank, False) if bad else (at, span, Placing(), rank, True)
    cols = _cols(raw, span, style, problems)
    lines = _lines(raw, span, style, problems)
    side = raw.get("side")
    if side is not None and side not in ("left", "right"):
        problems.append(error(f"`side` is {side!r}; it must be left or right", raw.at("side"),
                              "write `side: right` for a module at the page's right edge"))
        side = None
    under = raw.get("under")
    if under is not None and (not isinstance(under, str) or not under.strip()):
        problems.append(error("`under` must name an article file or photo of this page", raw.at("under"),
                              "e.g. `under: articles/01-lead.md`"))
        under = None
    placing = Placing(cols, lines, side, under.strip() if under else None)
    return None, None, placing, rank, not bad


def _cols(raw: PosDict, span, style: PageStyle, problems: list) -> int | None:
    cols = span[0] if span else None
    if "cols" in raw:
        value = raw["cols"]
        if not _whole(value) or not 1 <= value <= style.columns:
            problems.append(error(f"`cols` is {value!r}; it must be a whole number from 1 to "
                                  f"{style.columns} (the page's basic columns)", raw.at("cols")))
        elif cols is not None and cols != value:
            problems.append(error(f"`cols: {value}` and `span: [{cols}, …]` disagree", raw.at("cols"),
                                  "give the width once"))
        else:
            cols = value
    elif cols is not None and cols > style.columns:
        problems.append(error(f"the item is {cols} columns wide; the page has {style.columns}",
                              raw.at("span"), f"use at most {style.columns}"))
        cols = None
    return cols


def _lines(raw: PosDict, span, style: PageStyle, problems: list) -> tuple[int, int] | None:
    fixed = span[1] if span else None
    if "lines" not in raw:
        if fixed is not None and not MIN_LINES <= fixed <= style.lines:
            problems.append(error(f"the item is {fixed} lines high; it must be {MIN_LINES} to "
                                  f"{style.lines}", raw.at("span")))
            return None
        return (fixed, fixed) if fixed is not None else None
    value = raw["lines"]
    if _whole(value):
        value = [value, value]
    ok = (isinstance(value, list) and len(value) == 2 and all(_whole(v) for v in value)
          and MIN_LINES <= value[0] <= value[1] <= style.lines)
    if not ok:
        problems.append(error(f"`lines` is {raw['lines']!r}; it must be a height in grid lines or a "
                              f"range [least, most], from {MIN_LINES} to {style.lines}", raw.at("lines"),
                              "e.g. `lines: [30, 45]`"))
        return None
    if fixed is not None:
        problems.append(error("`lines` and the height in `span` both give the height", raw.at("lines"),
                              "give it once"))
        return None
    return value[0], value[1]


def _rank(raw: PosDict, problems: list) -> int | None:
    if "rank" not in raw:
        return None
    value = raw["rank"]
    if value == "lead":
        return LEAD_RANK
    if value == "brief":
        return BRIEF_RANK
    if _whole(value) and 2 <= value < BRIEF_RANK:
        return value - 1
    problems.append(error(f"`rank` is {value!r}; it must be lead, a number from 2 (the second "
                          "story) up, or brief", raw.at("rank"),
                          "write `rank: lead` for the page's lead story, `rank: 2` for the next"))
    return None


def parse_kind(raw: PosDict, problems: list) -> str:
    value = raw.get("kind", "news")
    if value not in KINDS:
        problems.append(error(f"`kind` is {value!r}; it must be one of {', '.join(KINDS)}", raw.at("kind"),
                              "news is the default; commentary (评论), photo-news (图片新闻), briefs (简讯)"))
        return "news"
    return value


def check_page(items: list, problems: list) -> None:
    """Across a page's items: `under` names another item of the page and makes
    no loop; the same article is not placed twice."""
    keys = {}
    for item in items:
        if isinstance(item, (ArticleItem, PhotoItem, ContinuationItem)):
            keys.setdefault(item.key, item)
    for item in items:
        under = item.placing.under
        if under is None:
            continue
        if under not in keys:
            problems.append(error(f"`under: {under}` names no item of this page", item.where,
                                  "name an article file or photo exactly as its item does"))
        elif keys[under] is item:
            problems.append(error("an item cannot sit under itself", item.where))
    for item in items:
        seen, current = set(), item
        while current is not None and current.placing.under in keys:
            if current.key in seen:
                if current is item:
                    problems.append(error(f"`under` goes round in a loop through {item.key}", item.where,
                                          "one of them must sit under something else"))
                break
            seen.add(current.key)
            current = keys[current.placing.under]


def check_twice(pages: list, problems: list) -> None:
    """An article is placed once in an edition (its jump is a continuation item)."""
    first = {}
    for page in pages:
        for item in page.items:
            if not isinstance(item, ArticleItem):
                continue
            if item.source in first:
                where, number = first[item.source]
                problems.append(error(f"{item.source} is placed twice: already on page {number} "
                                      f"(edition.yaml line {where.line})", item.where,
                                      "place an article once; to go on elsewhere, give the later "
                                      "part as `continues:`"))
            else:
                first[item.source] = (item.where, page.number)
