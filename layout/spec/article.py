"""Article files: Markdown with YAML front matter → Article.

    ---
    kicker: 引题            headline: 主题 (or a list of lines)   deck: 副题
    author: 张三            lead: 本报讯      byline: 高创       continued: 下转第四版
    photo: {file: photos/x.jpg, caption: …, credit: 李娟 摄, columns: 2, lines: 14, align: right}
    ---
    Paragraphs separated by blank lines.

    ## In-text subhead
"""
from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import InputError, Where, error, Diagnostic, WARNING
from . import limits
from .images import image_size
from .markdown import line_warnings
from .model import Article, Block, Photo
from .paths import Roots, confined, file_state
from .text import bad_character, printable
from .yaml_source import PosDict, load_yaml_text, read_utf8

ARTICLE_KEYS = {"kicker", "headline", "deck", "author", "lead", "byline", "continued", "photo"}
PHOTO_KEYS = {"file", "caption", "credit", "columns", "lines", "align"}


def _string(data: PosDict, key: str, problems: list, file: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.append(error(f"`{key}` must be non-empty text", data.at(key),
                              f"write `{key}: …` with the text, or leave the key out"))
        return None
    limit = limits.HEADLINE_CHARS if key in ("kicker", "deck") else limits.SHORT_TEXT_CHARS
    return checked_length(value.strip(), limit, f"`{key}`", data.at(key), problems)


def checked_length(text: str, limit: int, what: str, where: Where, problems: list) -> str | None:
    """`text`, or None and a problem when it is longer than `limit` characters."""
    if len(text) > limit:
        problems.append(error(f"{what} is {len(text):,} characters long; at most {limit} are set",
                              where, "shorten it; see “Limits” in the README"))
        return None
    return text


def parse_photo(raw, where: Where, roots: Roots | str, problems: list, warnings: list,
                in_article: bool) -> Photo | None:
    if isinstance(raw, str) or (isinstance(raw, dict) and not isinstance(raw, PosDict)):
        # `photo: x.jpg`, or that shorthand with caption and credit beside it
        raw_map = {"file": raw} if isinstance(raw, str) else raw
        at = lambda key: where  # noqa: E731
    elif isinstance(raw, PosDict):
        raw_map = raw
        at = raw.at
        allowed = PHOTO_KEYS if in_article else {"file", "caption", "credit"}
        for key in raw:
            if key not in allowed:
                problems.append(error(f"unknown key '{key}' in photo", raw.at(key),
                                      f"allowed keys: {', '.join(sorted(allowed))}"))
    else:
        problems.append(error("`photo` must be a file name or a mapping", where,
                              "write `photo: {file: photos/x.jpg, caption: …, credit: …}`"))
        return None
    name = raw_map.get("file")
    if not isinstance(name, str) or not name.strip():
        problems.append(error("the photo has no `file`", where, "add `file: photos/name.jpg`"))
        return None
    roots = roots if isinstance(roots, Roots) else Roots.of(roots)
    try:
        path = confined(roots, name, at("file"), "photo")
    except InputError as exc:
        problems.extend(exc.diagnostics)
        return None
    pixels = None
    if file_state(path) != "missing":
        try:
            pixels = image_size(path, at("file"), "photo", name)
        except InputError as exc:
            problems.extend(exc.diagnostics)
            return None
    else:
        warnings.append(Diagnostic(WARNING, f"photo {name} not found; a marked placeholder is drawn",
                                   at("file"), "put the file there, or run scripts/fetch_photos.py "
                                   "for the reference edition", code="photo-missing",
                                   data=(("photo", name),)))
    texts = {}
    for key in ("caption", "credit"):
        value = raw_map.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(error(f"photo `{key}` must be non-empty text", at(key)))
            value = None
        limit = limits.LONG_TEXT_CHARS if key == "caption" else limits.SHORT_TEXT_CHARS
        texts[key] = checked_length(value.strip(), limit, f"photo `{key}`", at(key), problems) \
            if isinstance(value, str) else None
    numbers = {}
    for key, high in (("columns", limits.PHOTO_COLUMNS), ("lines", limits.PHOTO_LINES)):
        value = raw_map.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 1 <= value <= high):
            problems.append(error(f"photo `{key}` must be a whole number from 1 to {high}", at(key)))
            value = None
        numbers[key] = value
    align = raw_map.get("align", "right")
    if align not in ("left", "right"):
        problems.append(error(f"photo `align` must be left or right, not {align!r}", at("align")))
        align = "right"
    return Photo(path, name, texts["caption"], texts["credit"], pixels, numbers["columns"],
                 numbers["lines"], align, where)


def _split_front_matter(text: str, file: str) -> tuple[str, str, int]:
    """(front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InputError(error("an article starts with YAML front matter between `---` lines",
                               Where(file, 1), "begin the file with `---`, `headline: …`, `---`"))
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise InputError(error("the front matter is not closed", Where(file, 1),
                           "add a line `---` after the last front-matter key"))


def parse_article(path: str, display: str | None = None,
                  roots: Roots | None = None) -> tuple[Article, list[Diagnostic]]:
    """An article file; `roots` are the folders its photo may come from
    (default: the edition folder it lies in)."""
    display = display or path
    roots = roots or Roots.of(_edition_dir_for(path))
    text = read_utf8(path, display, limits.ARTICLE_BYTES, "article file")
    front, body, body_line = _split_front_matter(text, display)
    data = load_yaml_text("\n" * 1 + front, display) if front.strip() else None
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    if not isinstance(data, PosDict):
        raise InputError(error("the front matter must be a mapping of keys", Where(display, 2),
                               "write `headline: …` and the other keys one per line"))
    for key in data:
        if key not in ARTICLE_KEYS:
            problems.append(error(f"unknown key '{key}'", data.at(key),
                                  f"article keys: {', '.join(sorted(ARTICLE_KEYS))}"))
    headline_raw = data.get("headline")
    headline: tuple[str, ...] = ()
    if isinstance(headline_raw, str) and headline_raw.strip():
        headline = (headline_raw.strip(),)
    elif isinstance(headline_raw, list) and headline_raw and all(
            isinstance(h, str) and h.strip() for h in headline_raw):
        headline = tuple(h.strip() for h in headline_raw)
    if headline:
        checked_length("".join(headline), limits.HEADLINE_CHARS, "the headline", data.at("headline"),
                       problems)
    else:
        problems.append(error("the article has no headline", data.at("headline") if "headline" in data
                              else Where(display, 2),
                              "add `headline: …` (a list of strings sets it in several lines)"))
    fields = {key: _string(data, key, problems, display)
              for key in ("kicker", "deck", "author", "lead", "byline", "continued")}
    photo = None
    if "photo" in data:
        photo = parse_photo(data["photo"], data.at("photo"), roots, problems, warnings, True)
    blocks = _parse_body(body, body_line, display, problems, warnings)
    if not blocks:
        problems.append(error("the article has no text", Where(display, body_line),
                              "write the paragraphs after the front matter"))
    if problems:
        raise InputError(problems)
    article = Article(Path(display).stem, display, headline, fields["kicker"], fields["deck"],
                      fields["author"], fields["lead"], fields["byline"], fields["continued"],
                      photo, tuple(blocks))
    return article, warnings


def _edition_dir_for(article_path: str) -> str:
    """Photo paths in an article are relative to the edition folder (the one
    holding edition.yaml), so articles and edition.yaml name photos alike."""
    folder = os.path.dirname(os.path.abspath(article_path))
    probe = folder
    while True:
        if os.path.isfile(os.path.join(probe, "edition.yaml")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return folder
        probe = parent


def _parse_body(body: str, first_line: int, file: str, problems: list,
                warnings: list | None = None) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    para_line = first_line
    warnings = warnings if warnings is not None else []

    def flush():
        if para:
            text = para[0]
            for piece in para[1:]:
                # Chinese lines join with nothing between; Latin words need a space.
                sep = " " if text[-1:].isascii() and text[-1:].isalnum() and piece[:1].isascii() \
                    and piece[:1].isalnum() else ""
                text += sep + piece
            if checked_length(text, limits.PARAGRAPH_CHARS, "this paragraph", Where(file, para_line),
                              problems):
                blocks.append(Block("para", text, Where(file, para_line)))
            para.clear()

    for offset, raw in enumerate(body.split("\n")):
        line_no = first_line + offset
        stripped = raw.strip()
        bad = bad_character(stripped)
        if bad is not None:
            problems.append(error(f"the line holds {bad[1]}, which cannot be printed",
                                  Where(file, line_no, raw.find(stripped) + bad[0] + 1),
                                  "delete it (it may have come from a copy and paste)"))
            continue
        stripped = printable(stripped)
        if not stripped:
            flush()
            continue
        if stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            title = stripped[level:].strip()
            if level != 2 or not title:
                problems.append(error("only `## ` subheads are used in article bodies",
                                      Where(file, line_no), "write an in-text subhead as `## 小标题`"))
                continue
            if checked_length(title, limits.SUBHEAD_CHARS, "the subhead", Where(file, line_no), problems):
                blocks.append(Block("subhead", title, Where(file, line_no)))
            continue
        warnings.extend(line_warnings(stripped, Where(file, line_no), bool(para)))
        if not para:
            para_line = line_no
        para.append(stripped)
    flush()
    return blocks


def front_matter_line(path: str, key: str) -> int | None:
    """The line of `key:` in an article's front matter, for pointing at it."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return None
        if line.startswith(f"{key}:"):
            return number
    return None
