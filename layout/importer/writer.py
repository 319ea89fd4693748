"""The imported edition as files: edition.yaml, articles/*.md (front matter
and body in the format the spec reads), in memory first, so nothing is
written until the whole import has succeeded."""
from __future__ import annotations

import json
import re

import yaml

from ..spec.edition import ARTICLE_ITEM_KEYS
from .placement import ItemPlan, PagePlan
from .structure import ImportedArticle, PageContent

# An item left to the automatic layout gets its `rank` and `kind`; one placed
# from the original page's boxes keeps the original's geometry, so it gets
# its rank but not a kind, whose treatment (a commentary's box and inset)
# would set it narrower than the page it rebuilds.
PLACING_KNOWN = {"rank", "kind"} <= ARTICLE_ITEM_KEYS


def scalar(text: str) -> str:
    """A YAML scalar: plain when YAML reads it back as the same string, else double-quoted."""
    plain = (text and text == text.strip() and not re.match(r"^[-?:,\[\]{}#&*!|>'\"%@`~]", text)
             and ": " not in text and " #" not in text and not text.endswith(":"))
    if plain:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def article_file(a: ImportedArticle, photo_file: str | None, plan: ItemPlan) -> str:
    lines = ["---"]
    for key in ("kicker", "headline", "deck", "author", "lead", "byline", "continued"):
        value = getattr(a, key)
        if value is not None and value.text:
            lines.append(f"{key}: {scalar(value.text)}")
    if photo_file:
        lines += ["photo:", f"  file: {scalar(photo_file)}"]
        if a.credit is not None:
            lines.append(f"  credit: {scalar(a.credit.text)}")
        if plan.photo:
            lines += [f"  columns: {plan.photo.columns}", f"  lines: {plan.photo.lines}",
                      f"  align: {plan.photo.align}"]
    lines += ["---", ""]
    for block in a.blocks:
        lines.append(("## " if block.kind == "subhead" else "") + block.text.text)
        lines.append("")
    return "\n".join(lines)


def page_yaml(number: int, section: str | None, content: PageContent, plan: PagePlan,
              article_paths: list[str], picture_paths: list[str]) -> list[str]:
    lines = [f"  - number: {number}"]
    if section:
        lines.append(f"    section: {scalar(section)}")
    if content.header.credits:
        credits = ", ".join(f"{scalar(t)}: {scalar(n)}" for t, n in content.header.credits)
        lines.append(f"    credits: {{{credits}}}")
    if content.footer is not None:
        lines.append(f"    footer: {scalar(content.footer.text)}")
    lines.append("    items:")
    for item, path in zip(plan.articles, article_paths):
        a = content.articles[item.index]
        lines.append(f"      - article: {scalar(path)}")
        if item.place:
            lines += [f"        at: [{item.place.at[0]}, {item.place.at[1]}]",
                      f"        span: [{item.place.span[0]}, {item.place.span[1]}]"]
        if item.headline_size:
            lines.append(f"        headline_size: {item.headline_size:g}")
        if item.place is None:
            lines += [f"        rank: {item.rank}", f"        kind: {a.kind}"]
        elif PLACING_KNOWN:
            lines.append(f"        rank: {item.rank}")
    for item, path in zip(plan.pictures, picture_paths):
        lines += [f"      - photo: {{file: {scalar(path)}}}",
                  f"        at: [{item.place.at[0]}, {item.place.at[1]}]",
                  f"        span: [{item.place.span[0]}, {item.place.span[1]}]"]
    return lines


def edition_yaml(paper: str, date: str, comment: str, pages: list[list[str]]) -> str:
    lines = [f"# {comment}", f"paper: {scalar(paper)}", f"date: {date}", "pages:"]
    for page in pages:
        lines += page
    return "\n".join(lines) + "\n"
