"""edition.yaml → Edition, with strict validation.

Every problem is collected and reported as `file:line:col: error: … / hint: …`;
unusable input raises InputError and nothing is written.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from pathlib import Path

from .article import checked_length, parse_article, parse_photo
from ..diagnostics import Diagnostic, InputError, Where, error
from . import limits
from .images import image_size, profile_problem
from .model import (ArticleItem, ContinuationItem, Edition, Masthead, Page, PhotoItem,
                    PrintSettings)
from .page_style import PageStyle
from .paths import Roots, confined, file_state, require_file
from .placing import PLACING_KEYS, check_page, check_twice, parse_kind, parse_place
from ..units import mm, parse_size
from .yaml_source import PosDict, PosList, load_yaml_text, read_utf8

EDITION_KEYS = {"paper", "date", "pages", "page_size", "grid", "typography", "fonts", "masthead", "print"}
MASTHEAD_KEYS = {"logo", "issue", "serial", "postal", "publisher", "ear", "lines"}
PRINT_KEYS = {"bleed_mm", "crop_marks", "colour", "image_ppi", "pdfx", "profile", "condition"}
COLOURS = ("grey", "cmyk")
PDFX = ("x1a", "x4", "none")
CONTINUATION_KEYS = {"continues", "at", "span", "columns"} | PLACING_KEYS
GRID_KEYS = {"columns", "column_chars", "gutter_chars", "body_size", "line_gap", "lines"}
# typography: key → (PageStyle field, allowed values or (low, high), how to write it)
HAN_LATIN_GAPS = {"none": 0.0, "eighth": 0.125, "quarter": 0.25}
TYPOGRAPHY_KEYS = {
    "punctuation": ("punctuation", ("gb", "kaiming"), "gb (full-width marks, pairs at 1.5 em) or "
                    "kaiming (。？！ full, other marks half)"),
    "hanging": ("hanging", (False, True), "true or false"),
    "han_latin_gap": ("han_latin_gap_em", tuple(HAN_LATIN_GAPS), "none, eighth or quarter (em)"),
    "min_last_line": ("min_last_line", (1, 4), "a whole number from 1 to 4"),
    "headline_condense": ("headline_condense", (0.6, 1.0), "a scale from 0.6 to 1.0"),
    "headline_expand": ("headline_expand", (1.0, 1.5), "a scale from 1.0 to 1.5"),
    "digits": ("digits", ("half", "proportional"), "half (二分数字, on the half-em grid) or proportional"),
}
PAGE_KEYS = {"number", "section", "credits", "footer", "items", "colour"}
ARTICLE_ITEM_KEYS = {"article", "at", "span", "columns", "headline_size", "vertical_headline",
                     "kind", "photo_lines"} | PLACING_KEYS
PHOTO_ITEM_KEYS = {"photo", "at", "span", "caption", "credit"} | PLACING_KEYS


def _unknown_keys(data: PosDict, allowed: set, what: str, problems: list) -> None:
    for key in data:
        if key not in allowed:
            problems.append(error(f"unknown key '{key}' in {what}", data.at(key),
                                  f"allowed keys: {', '.join(sorted(allowed))}"))


def _style(data: PosDict, problems: list) -> PageStyle:
    style = PageStyle()
    size = data.get("page_size")
    low, high = limits.PAGE_MM
    if size is not None:
        if (isinstance(size, list) and len(size) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and low <= v <= high
                        for v in size)):
            style = replace(style, width=mm(size[0]), height=mm(size[1]))
        else:
            problems.append(error(f"`page_size` must be [width, height] in millimetres, each from {low:g} "
                                  f"to {high:g}", data.at("page_size"),
                                  "for a broadsheet: `page_size: [390, 546]`"))
            size = None
    style = _typography(data, style, problems)
    grid = data.get("grid")
    if grid is None:
        _check_grid_fits(style, data.at("page_size") if size is not None else data.where, problems)
        return style
    if not isinstance(grid, PosDict):
        problems.append(error("`grid` must be a mapping", data.at("grid")))
        return style
    _unknown_keys(grid, GRID_KEYS, "grid", problems)
    changes = {}
    for key, low, high in (("columns", 1, 20), ("column_chars", 4, 60), ("gutter_chars", 1, 4),
                           ("lines", 10, 400)):
        if key in grid:
            value = grid[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                problems.append(error(f"grid `{key}` must be a whole number from {low} to {high}",
                                      grid.at(key)))
            else:
                changes[key] = value
    if "body_size" in grid:
        value = parse_size(grid["body_size"])
        if value is None or not 5 <= value <= 16:
            problems.append(error("grid `body_size` must be a size from 5 to 16 pt (or 小五, 五号 …)",
                                  grid.at("body_size")))
        else:
            changes["body_size"] = value
    if "line_gap" in grid:
        value = grid["line_gap"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 20:
            problems.append(error("grid `line_gap` must be a number of points from 0 to 20",
                                  grid.at("line_gap")))
        else:
            changes["line_gap"] = float(value)
    style = replace(style, **changes)
    _check_grid_fits(style, data.at("grid"), problems)
    return style


def _check_grid_fits(style: PageStyle, where: Where, problems: list) -> None:
    if style.area_width > style.width - 20 or style.bottom > style.height - 30:
        problems.append(error(f"the grid ({style.columns} columns × {style.lines} lines, "
                              f"{style.area_width / mm(1):.0f} × {(style.bottom - style.top) / mm(1):.0f} mm) "
                              f"does not fit on the page ({style.width / mm(1):.0f} × "
                              f"{style.height / mm(1):.0f} mm)", where,
                              "use fewer columns or lines in `grid:`, or a larger `page_size`"))


def _section(data: PosDict, key: str, allowed: set, what: str, example: str,
             problems: list) -> PosDict | None:
    """An optional mapping of the edition (typography, masthead, print), its keys checked."""
    section = data.get(key)
    if section is None:
        return None
    if not isinstance(section, PosDict):
        problems.append(error(f"`{key}` must be a mapping", data.at(key), f"e.g. `{key}: {example}`"))
        return None
    _unknown_keys(section, allowed, what, problems)
    return section


def _typography(data: PosDict, style: PageStyle, problems: list) -> PageStyle:
    """The `typography:` settings; a value out of range names its key and the range."""
    section = _section(data, "typography", set(TYPOGRAPHY_KEYS), "typography",
                       "{punctuation: kaiming, hanging: true}", problems)
    if section is None:
        return style
    changes = {}
    for key, (field, allowed, how) in TYPOGRAPHY_KEYS.items():
        if key not in section:
            continue
        value = section[key]
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if key == "han_latin_gap":
            ok = isinstance(value, str) and value in HAN_LATIN_GAPS
            value = HAN_LATIN_GAPS.get(value) if ok else value
        elif key == "hanging":
            ok = isinstance(value, bool)
        elif key in ("punctuation", "digits"):
            ok = isinstance(value, str) and value in allowed
        elif key == "min_last_line":
            ok = number and value == int(value) and allowed[0] <= value <= allowed[1]
            value = int(value) if ok else value
        else:
            ok = number and allowed[0] <= value <= allowed[1]
        if not ok:
            problems.append(error(f"typography `{key}` is {value!r}; it must be {how}", section.at(key),
                                  f"write e.g. `{key}: {_example(allowed)}`"))
        else:
            changes[field] = float(value) if isinstance(value, float) else value
    return replace(style, typesetting=replace(style.typesetting, **changes))


def _example(allowed) -> str:
    first = allowed[0]
    if isinstance(first, bool):
        return "false"
    return str(first)


def load_edition(directory: str, shared: tuple[str, ...] = ()) -> tuple[Edition, list[Diagnostic]]:
    """Read and validate an edition folder; returns the edition and its warnings.
    Its files must lie inside it, or in one of the `shared` folders (`--allow-dir`)."""
    folder = Path(directory)
    spec_path = folder / "edition.yaml"
    display = str(spec_path)
    if not folder.is_dir():
        raise InputError(error("not an edition folder (it does not exist or is a file)", Where(directory),
                               "give the edition folder, e.g. editions/xinxiang-daily-2024-11-06"))
    if file_state(spec_path) == "missing":
        raise InputError(error("no edition.yaml in this folder", Where(display),
                               "an edition is a folder with edition.yaml and its article files"))
    roots = Roots.of(folder, shared)
    confined(roots, "edition.yaml", Where(display), "edition.yaml")
    text = read_utf8(spec_path, display, what="edition.yaml")
    data = load_yaml_text(text, display)
    if not isinstance(data, PosDict):
        raise InputError(error("edition.yaml must be a mapping with paper, date and pages",
                               Where(display, 1)))
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    _unknown_keys(data, EDITION_KEYS, "the edition", problems)
    paper = data.get("paper")
    if not isinstance(paper, str) or not paper.strip():
        problems.append(error("the edition needs a `paper` name", data.at("paper") if "paper" in data
                              else data.where, "write `paper: 新乡日报`"))
        paper = ""
    paper = checked_length(paper.strip(), limits.SHORT_TEXT_CHARS, "`paper`", data.at("paper"),
                           problems) or ""
    date = data.get("date")
    if isinstance(date, _dt.datetime):
        date = date.date()
    if not isinstance(date, _dt.date):
        problems.append(error(f"`date` is not a valid date: {date!r}", data.at("date") if "date" in data
                              else data.where, "write the date as YYYY-MM-DD, e.g. 2024-11-06"))
        date = _dt.date(1970, 1, 1)
    style = _style(data, problems)
    fonts = data.get("fonts") or {}
    if fonts and not isinstance(fonts, PosDict):
        problems.append(error("`fonts` must map roles to font files", data.at("fonts"),
                              "e.g. `fonts: {body: /path/to/FZBaoSong.ttf}`"))
        fonts = {}
    pages_raw = data.get("pages")
    pages: list[Page] = []
    if not isinstance(pages_raw, PosList) or not pages_raw:
        problems.append(error("the edition needs a list of `pages`", data.at("pages") if "pages" in data
                              else data.where, "write `pages:` with at least one `- number: …`"))
    elif len(pages_raw) > limits.PAGES:
        problems.append(error(f"the edition has {len(pages_raw)} pages; at most {limits.PAGES} are set",
                              data.at("pages"), "split it into several editions"))
    else:
        seen_numbers = {}
        articles: dict = {}        # an article file placed twice is read once
        for index, raw in enumerate(pages_raw):
            page = _page(raw, pages_raw.at(index), roots, style, problems, warnings, articles)
            if page is None:
                continue
            if page.number in seen_numbers:
                problems.append(error(f"page {page.number} is given twice", page.where,
                                      "give every page its own number"))
            seen_numbers[page.number] = page
            pages.append(page)
    masthead = _masthead(data, roots, problems)
    print_settings = _print_settings(data, roots, problems)
    if masthead is not None:
        front = next((p for p in pages if p.number == 1), None)
        for item in front.items if front else ():
            if item.at is not None and item.at[1] <= masthead.lines:
                problems.append(error(f"this item starts on line {item.at[1]}, inside the masthead, which "
                                      f"takes lines 1–{masthead.lines} of page 1", item.where,
                                      f"start it at line {masthead.lines + 1} or below, or set the "
                                      "masthead's `lines`"))
    _check_jumps(pages, problems)
    check_twice(pages, problems)
    if problems:
        raise InputError(problems)
    edition = Edition(folder.resolve().name, str(folder), paper, date, tuple(pages), style,
                      fonts,  # kept as a PosDict: a bad font path is reported at its line
                      masthead, print_settings)
    return edition, warnings


def _text(section: PosDict, key: str, problems: list, limit: int = limits.SHORT_TEXT_CHARS) -> str | None:
    value = section.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.append(error(f"`{key}` must be text", section.at(key)))
        return None
    return checked_length(value.strip(), limit, f"`{key}`", section.at(key), problems)


def _number(section: PosDict, key: str, low: float, high: float, problems: list, whole: bool = False):
    value = section.get(key)
    ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
          and (not whole or value == int(value)))
    if not ok:
        kind, span = (("a whole number", f"from {low:,.0f} to {high:,.0f}") if whole
                      else ("a number", f"from {low:g} to {high:g}"))
        problems.append(error(f"`{key}` is {value!r}; it must be {kind} {span}", section.at(key)))
        return None
    return int(value) if whole else float(value)


def _masthead(data: PosDict, roots: Roots, problems: list) -> Masthead | None:
    """The front page's masthead (报头); absent: page 1 gets a header like the others."""
    section = _section(data, "masthead", MASTHEAD_KEYS, "the masthead",
                       "{issue: 21345, serial: CN41-0012, postal: 35-6}", problems)
    if section is None:
        return None
    values = {key: _text(section, key, problems, limits.LONG_TEXT_CHARS if key == "ear"
                         else limits.SHORT_TEXT_CHARS) for key in ("serial", "postal", "publisher", "ear")}
    logo = logo_pixels = None
    if "logo" in section:
        name = _text(section, "logo", problems)
        if name:
            try:
                path = confined(roots, name, section.at("logo"), "masthead logo")
                if file_state(path) == "missing":
                    problems.append(error(f"masthead logo {name} not found", section.at("logo"),
                                          f"put the image at {path}, or drop `logo` to set the name "
                                          "as text"))
                else:
                    logo_pixels = image_size(path, section.at("logo"), "masthead logo", name)
                    logo = path
            except InputError as exc:
                problems.extend(exc.diagnostics)
    issue = _number(section, "issue", 1, 10_000_000, problems, whole=True) if "issue" in section else None
    lines = _number(section, "lines", 8, 40, problems, whole=True) if "lines" in section else None
    return Masthead(logo, issue, values["serial"], values["postal"], values["publisher"], values["ear"],
                    lines or Masthead.lines, section.where, logo_pixels)


def _print_settings(data: PosDict, roots: Roots, problems: list) -> PrintSettings:
    section = _section(data, "print", PRINT_KEYS, "print", "{bleed_mm: 3, crop_marks: true, colour: grey}",
                       problems)
    if section is None:
        return PrintSettings()
    changes = {}
    if "bleed_mm" in section:
        changes["bleed_mm"] = _number(section, "bleed_mm", 0, 10, problems)
    if "image_ppi" in section:
        changes["image_ppi"] = _number(section, "image_ppi", 72, 1200, problems)
    if "crop_marks" in section:
        if isinstance(section["crop_marks"], bool):
            changes["crop_marks"] = section["crop_marks"]
        else:
            problems.append(error(f"`crop_marks` is {section['crop_marks']!r}; it must be true or false",
                                  section.at("crop_marks")))
    for key, allowed in (("colour", COLOURS), ("pdfx", PDFX)):
        if key in section:
            value = section[key]
            if value in allowed:
                changes[key] = value
            else:
                problems.append(error(f"`{key}` is {value!r}; it must be one of {', '.join(allowed)}",
                                      section.at(key)))
    if "profile" in section:
        name = _text(section, "profile", problems)
        if name:
            where = section.at("profile")
            try:
                path = confined(roots, name, where, "output profile")
                if file_state(path) == "missing":
                    raise InputError(error(f"output profile {name} not found", where,
                                           f"put the plant's ICC profile at {path}, or drop `profile` "
                                           "for FOGRA39"))
                require_file(path, where, "output profile", limits.PROFILE_BYTES)
                problem = profile_problem(path)
                if problem:
                    raise InputError(error(f"output profile {name} {problem}", where,
                                           "ask the printing plant for its CMYK output profile (.icc)"))
                changes["profile"] = path
                changes["condition"] = _text(section, "condition", problems) or Path(name).stem
            except InputError as exc:
                problems.extend(exc.diagnostics)
    elif "condition" in section:
        problems.append(error("`condition` names the characterisation of a `profile`; give the profile too",
                              section.at("condition")))
    return replace(PrintSettings(), **{k: v for k, v in changes.items() if v is not None})


def _check_jumps(pages: list, problems: list) -> None:
    """A continuation names an article placed on an earlier page, once."""
    first_part = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, ArticleItem):
                first_part[item.source] = page.number
    seen = set()
    for page in pages:
        for item in page.items:
            if not isinstance(item, ContinuationItem):
                continue
            if item.source not in first_part:
                problems.append(error(f"`continues: {item.source}` names no article of the edition",
                                      item.where, "name the article file exactly as its first part's "
                                      "`article:` does"))
            elif first_part[item.source] >= page.number:
                problems.append(error(f"{item.source} continues on page {page.number}, but its first "
                                      f"part is on page {first_part[item.source]}", item.where,
                                      "a jump goes to a later page"))
            elif item.source in seen:
                problems.append(error(f"{item.source} already continues elsewhere", item.where,
                                      "an article continues in one place"))
            seen.add(item.source)


def _page(raw, where: Where, roots: Roots, style: PageStyle, problems: list, warnings: list,
          articles: dict):
    if not isinstance(raw, PosDict):
        problems.append(error("a page must be a mapping", where, "write `- number: 3` and its keys"))
        return None
    _unknown_keys(raw, PAGE_KEYS, "a page", problems)
    number = raw.get("number")
    if (not isinstance(number, int) or isinstance(number, bool)
            or not 1 <= number <= limits.PAGE_NUMBER):
        problems.append(error(f"a page needs a `number` from 1 to {limits.PAGE_NUMBER}",
                              raw.at("number") if "number" in raw else where))
        number = 0
    section = raw.get("section", "")
    if not isinstance(section, str):
        problems.append(error("`section` must be text", raw.at("section")))
        section = ""
    section = checked_length(section, limits.SHORT_TEXT_CHARS, "`section`", raw.at("section"),
                             problems) or ""
    credits_raw = raw.get("credits") or {}
    credits = []
    if not isinstance(credits_raw, dict):
        problems.append(error("`credits` must map a title to names", raw.at("credits"),
                              "e.g. `credits: {责任编辑: 王五, 美编: 赵六, 校对: 钱七}`"))
    elif len(credits_raw) > limits.CREDITS:
        problems.append(error(f"`credits` has {len(credits_raw)} entries; at most {limits.CREDITS}",
                              raw.at("credits")))
    else:
        for title, name in credits_raw.items():
            if not isinstance(name, str) or not name.strip():
                problems.append(error(f"credit `{title}` needs a name", credits_raw.at(title)))
                continue
            # title and name are set on one line of the header
            if checked_length(f"{title}{name.strip()}", limits.SHORT_TEXT_CHARS, f"credit `{title}`",
                              credits_raw.at(title), problems):
                credits.append((str(title), name.strip()))
    colour = raw.get("colour")
    if colour is not None and colour not in COLOURS:
        problems.append(error(f"`colour` is {colour!r}; it must be one of {', '.join(COLOURS)}",
                              raw.at("colour")))
        colour = None
    footer = raw.get("footer")
    if footer is not None and (not isinstance(footer, str) or not footer.strip()):
        problems.append(error("`footer` must be text", raw.at("footer")))
        footer = None
    if footer:
        footer = checked_length(footer.strip(), limits.LONG_TEXT_CHARS, "`footer`", raw.at("footer"),
                                problems)
    items_raw = raw.get("items")
    items = []
    if not isinstance(items_raw, PosList) or not items_raw:
        problems.append(error(f"page {number} needs a list of `items`, at least one",
                              raw.at("items") if "items" in raw else where,
                              "list the articles and photos with `- article: …`"))
    elif len(items_raw) > limits.ITEMS_PER_PAGE:
        problems.append(error(f"page {number} has {len(items_raw)} items; at most {limits.ITEMS_PER_PAGE} "
                              "are placed on a page", raw.at("items"),
                              "merge short items (briefs go in one article), or spread them over pages"))
    else:
        for index, item_raw in enumerate(items_raw):
            item = _item(item_raw, items_raw.at(index), roots, style, problems, warnings, articles)
            if item is not None:
                items.append(item)
        _check_overlaps([i for i in items if i.at is not None], problems)
        check_page(items, problems)
    return Page(number, section.strip(), tuple(credits), footer.strip() if footer else None,
                tuple(items), where, colour)


def _item(raw, where: Where, roots: Roots, style: PageStyle, problems: list, warnings: list,
          articles: dict):
    if not isinstance(raw, PosDict):
        problems.append(error("an item must be a mapping", where,
                              "write `- article: articles/x.md` with `at:` and `span:`"))
        return None
    kinds = [k for k in ("article", "photo", "continues") if k in raw]
    if len(kinds) > 1:
        problems.append(error(f"an item is an article, a photo or a continuation, not {' and '.join(kinds)}",
                              where))
        return None
    if not kinds:
        problems.append(error("an item needs `article:`, `photo:` or `continues:`", where))
        return None
    if "continues" in raw:
        _unknown_keys(raw, CONTINUATION_KEYS, "a continuation item", problems)
        at, span, placing, rank, ok = parse_place(raw, style, problems)
        source = raw["continues"]
        if not isinstance(source, str) or not source.strip():
            problems.append(error("`continues` must name an article file", raw.at("continues")))
            return None
        columns = raw.get("columns")
        if columns is not None and (not isinstance(columns, int) or isinstance(columns, bool) or columns < 1):
            problems.append(error("`columns` must be a whole number ≥ 1", raw.at("columns")))
            columns = None
        if not ok:
            return None
        return ContinuationItem(source.strip(), at, span, columns, where, rank, placing)
    is_article = "article" in raw
    _unknown_keys(raw, ARTICLE_ITEM_KEYS if is_article else PHOTO_ITEM_KEYS,
                  "an article item" if is_article else "a photo item", problems)
    at, span, placing, rank, ok = parse_place(raw, style, problems)
    width = span[0] if span else placing.cols
    if is_article:
        name = raw["article"]
        if not isinstance(name, str) or not name.strip():
            problems.append(error("`article` must be a file name", raw.at("article")))
            return None
        try:
            article = _read_article(name, raw.at("article"), roots, warnings, articles)
        except InputError as exc:
            problems.extend(exc.diagnostics)
            return None
        text_columns = raw.get("columns")
        if text_columns is not None:
            if not isinstance(text_columns, int) or isinstance(text_columns, bool) or text_columns < 1:
                problems.append(error("`columns` must be a whole number ≥ 1", raw.at("columns")))
                text_columns = None
            elif text_columns > (width or style.columns) * 2:
                problems.append(error(f"{text_columns} text columns do not fit in {width or style.columns} "
                                      "basic columns", raw.at("columns"),
                                      f"use at most {(width or style.columns) * 2}"))
                text_columns = None
        size = None
        if "headline_size" in raw:
            size = parse_size(raw["headline_size"])
            if size is None or not 9 <= size <= 96:
                problems.append(error("`headline_size` must be a size from 9 to 96 pt or a 号 name "
                                      "(初号, 小初, 一号 …)", raw.at("headline_size")))
                size = None
        vertical = raw.get("vertical_headline")
        if vertical is not None and vertical not in ("right", "left"):
            problems.append(error(f"`vertical_headline` is {vertical!r}; it must be right or left "
                                  "(the side of the article the 竖排 headline stands on)",
                                  raw.at("vertical_headline"), "write `vertical_headline: right`"))
            vertical = None
        if vertical and (text_columns or width or 2) < 2:
            problems.append(error("a vertical headline needs an article of at least two text columns: "
                                  "one for the headline, one for the text", raw.at("vertical_headline"),
                                  "widen the module or drop `vertical_headline`"))
            vertical = None
        kind = parse_kind(raw, problems)
        article = _photo_lines(raw, article, style, problems)
        if not ok:
            return None
        if article.photo and article.photo.columns and (text_columns or width) \
                and article.photo.columns > (text_columns or width):
            problems.append(error(f"the photo of {name} spans {article.photo.columns} text columns, "
                                  f"the article has {text_columns or width}", raw.at("article"),
                                  "lower the photo's `columns` in the article's front matter"))
        return ArticleItem(article, at, span, text_columns, size, where, vertical, name.strip(), rank,
                           kind, placing)
    photo_raw = raw["photo"]
    if isinstance(photo_raw, str):
        photo_raw = {"file": photo_raw, **{k: raw[k] for k in ("caption", "credit") if k in raw}}
    elif any(k in raw for k in ("caption", "credit")):
        problems.append(error("give caption and credit inside the photo mapping or beside `photo:`, "
                              "not both", where))
    photo = parse_photo(photo_raw, raw.at("photo"), roots, problems, warnings, False)
    if photo is None or not ok:
        return None
    return PhotoItem(photo, at, span, where, rank, placing)


def _read_article(name: str, where: Where, roots: Roots, warnings: list, articles: dict):
    """The article file an item names, read once however often it is placed."""
    path = confined(roots, name, where, "article file")
    if path in articles:
        return articles[path]
    shown = str(Path(roots.given) / name)
    if file_state(path) == "missing":
        raise InputError(error(f"article file {name} not found", where,
                               f"create {shown} or correct the name"))
    require_file(path, where, "article file", limits.ARTICLE_BYTES, name=name)
    article, article_warnings = parse_article(path, shown, roots)
    warnings.extend(article_warnings)
    articles[path] = article
    return article
def _photo_lines(raw: PosDict, article, style, problems: list):
    """`photo_lines`: the height of the article's photo on this page (caption
    included), as automatic layout chose it; the article file's own `lines`
    otherwise."""
    if "photo_lines" not in raw:
        return article
    value = raw["photo_lines"]
    if article.photo is None:
        problems.append(error(f"`photo_lines` is given but {article.path} has no photo", raw.at("photo_lines"),
                              "drop `photo_lines`"))
        return article
    if not isinstance(value, int) or isinstance(value, bool) or not 3 <= value <= style.lines:
        problems.append(error(f"`photo_lines` is {value!r}; it must be a whole number of grid lines from 3 "
                              f"to {style.lines}", raw.at("photo_lines")))
        return article
    return replace(article, photo=replace(article.photo, lines=value))


def _check_overlaps(items: list, problems: list) -> None:
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            ax, ay = a.at
            aw, ah = a.span
            bx, by = b.at
            bw, bh = b.span
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                problems.append(error(
                    f"this item overlaps the item at line {a.where.line}: columns {max(ax, bx)}–"
                    f"{min(ax + aw, bx + bw) - 1}, lines {max(ay, by)}–{min(ay + ah, by + bh) - 1}",
                    b.where, "move one of them with `at` or shrink its `span`"))
