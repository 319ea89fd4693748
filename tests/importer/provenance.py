"""The proof that an import lost nothing: the source text with every change
of the import log applied must read, character for character, as the
edition's text in reading order (white space between lines and fields aside).

Both sides are read from the files the import wrote: the edition through the
spec's own article reader, the log from import-log.json, the source from the
copy in the edition's source/ folder.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from layout.spec.article import parse_article

FIELDS_BEFORE = ("kicker", "headline", "deck", "author", "lead")
FIELDS_AFTER = ("byline", "continued")


def normalise(text: str) -> str:
    """Drop every run of white space that holds a line break (the structure:
    paragraph and field breaks, column ends); spaces inside a line stay."""
    return re.sub(r"\s*\n\s*", "", text).strip()


def edition_text(edition: Path, number: int) -> str:
    """The text of page `number` as the edition holds it, in reading order."""
    data = yaml.safe_load((edition / "edition.yaml").read_text("utf-8"))
    page = next(p for p in data["pages"] if p["number"] == number)
    parts = []
    for item in page["items"]:
        if "article" not in item:
            continue
        article, _ = parse_article(str(edition / item["article"]))
        parts += [getattr(article, k) for k in FIELDS_BEFORE]
        parts += [b.text for b in article.blocks]
        parts += [getattr(article, k) for k in FIELDS_AFTER]
        parts.append(article.photo.credit if article.photo else None)
    parts.append(page.get("footer"))
    return "\n".join(p if isinstance(p, str) else "\n".join(p) for p in parts if p)


def log(edition: Path) -> dict:
    return json.loads((edition / "import-log.json").read_text("utf-8"))


def source_with_changes(edition: Path, text_file: str) -> str:
    """The page's source text with the log's changes applied; each change's
    `before` must be exactly what the source holds at its offsets."""
    text = (edition / text_file).read_text("utf-8")
    changes = sorted((c for c in log(edition)["changes"] if c["text"] == text_file),
                     key=lambda c: (c["start"], c["end"]))
    out, pos = [], 0
    for c in changes:
        assert c["start"] >= pos, f"changes overlap at {c}"
        assert text[c["start"]:c["end"]] == c["before"], f"the log misquotes the source: {c}"
        out += [text[pos:c["start"]], c["after"]]
        pos = c["end"]
    out.append(text[pos:])
    return "".join(out)


def check_nothing_lost(edition: Path) -> None:
    for source in log(edition)["sources"]:
        expected = normalise(source_with_changes(edition, source["text"]))
        got = normalise(edition_text(edition, source["page"]))
        if expected != got:
            k = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
            raise AssertionError(f"page {source['page']}: the edition differs from the source and its log at "
                                 f"character {k}:\n source+log: …{expected[max(0, k - 30):k + 30]}\n edition:    "
                                 f"…{got[max(0, k - 30):k + 30]}")
