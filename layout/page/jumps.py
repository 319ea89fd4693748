"""Jumps (转版): where an article's text stops on its first page, what that
first part holds, and the jump lines (下转第X版, 上接第X版)."""
from __future__ import annotations

from dataclasses import replace

from ..plan import ParagraphSource, ResumeAt
from ..units import chinese_number


def resume_point(article, placed, sources: list[ParagraphSource]) -> ResumeAt | None:
    """Where the text that did not fit begins."""
    body = [p for p in placed if p.kind in ("para", "subhead")]
    if not body:
        return ResumeAt(0, 0) if article.blocks else None
    last = body[-1]
    index = last.block
    if last.line.last:
        return ResumeAt(index + 1, 0) if index + 1 < len(article.blocks) else None
    # line offsets count from the composed paragraph: the dateline and its space first
    src = next(s for s in sources if s.block == index)
    return ResumeAt(index, src.block_start + max(0, last.line.end - src.lead))


def first_part(article, resume: ResumeAt):
    """The article as far as its first part goes (its text up to the jump)."""
    blocks = list(article.blocks[:resume.block])
    if resume.block < len(article.blocks):
        block = article.blocks[resume.block]
        blocks.append(replace(block, text=block.text[:resume.offset]))
    return replace(article, blocks=tuple(blocks), byline=None)


def continued_on(page: int) -> str:
    return f"（下转第{chinese_number(page)}版）"


def continued_from(page: int) -> str:
    return f"（上接第{chinese_number(page)}版）"


def article_text(article) -> str:
    """Every character an article (or its first part) should print."""
    parts = list(article.headline)
    for value in (article.kicker, article.deck, article.author, article.lead):
        if value:
            parts.append(value)
    parts.extend(b.text for b in article.blocks)
    if article.byline:
        parts.append(article.byline)
    if article.continued:
        parts.append(article.continued)
    if article.photo:
        parts.extend(t for t in (article.photo.caption, article.photo.credit) if t)
    return "".join(parts)
