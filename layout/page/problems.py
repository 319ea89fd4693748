"""What the page stage reports, worded once: each function returns the
Diagnostic for one kind of problem an editor has to act on."""
from __future__ import annotations

from ..compose.line_model import LOOSE_EM
from ..diagnostics import NOTE, WARNING, Diagnostic, Where

LOOSE_GAP_EM = LOOSE_EM        # a line letter-spaced this much a gap or more is reported (L7)


def missing_glyphs(par, article_id: str | None, place: str, paragraph: int | None = None,
                   where: Where | None = None) -> list[Diagnostic]:
    out = []
    for m in par.missing:
        label = f"article {article_id}, paragraph {paragraph + 1}" if article_id else place
        out.append(Diagnostic(
            WARNING, f"{label}: character {m.ch} (U+{ord(m.ch):04X}) is in no font of role "
            f"'{m.role}'; 〓 is printed in its place", where,
            "add a font that has it to the role's chain in fonts.yaml",
            code="missing-glyph",
            data=(("article", article_id or place), ("paragraph", (paragraph or 0) + 1),
                  ("char", m.ch), ("codepoint", f"U+{ord(m.ch):04X}"))))
    return out


def headline_too_wide(article_id: str, size: float, where: Where) -> Diagnostic:
    return Diagnostic(
        WARNING, f"article {article_id}: the headline does not fit its module even at "
        f"{size:g} pt and overhangs it", where,
        "widen the module, shorten the headline, or give it as a list of lines",
        code="headline-too-wide", data=(("article", article_id),))


def jump_unused(article_id: str, page: int, where: Where) -> Diagnostic:
    return Diagnostic(
        NOTE, f"article {article_id} fits its module: nothing jumps to page {page}", where,
        "drop its continuation, or give it a smaller module", code="jump-unused",
        data=(("article", article_id), ("page", page)))


def jump_empty(source: str, where: Where) -> Diagnostic:
    return Diagnostic(
        NOTE, f"the continuation of {source} stays empty: nothing jumped to it", where,
        "the first part fits its module; drop this item or make the first part smaller",
        code="jump-empty", data=(("article", source),))


def widow(article_id: str, path: str, block: int, text: str) -> Diagnostic:
    return Diagnostic(
        WARNING, f"article {article_id}, paragraph {block + 1}: its last line stands alone at "
        f"the top of a column (寡行): {text}", Where(path),
        "give the module a line more or less, or edit the paragraph by a few characters",
        code="widow", data=(("article", article_id), ("paragraph", block + 1)))


def orphan(article_id: str, path: str, block: int, text: str) -> Diagnostic:
    return Diagnostic(
        WARNING, f"article {article_id}, paragraph {block + 1}: ends on a lone character "
        f"(孤字) that no line could take in or pull down: {text}", Where(path),
        "edit the paragraph by a character or two", code="orphan",
        data=(("article", article_id), ("paragraph", block + 1)))


def loose_line(article_id: str, path: str, block: int, gap_em: float, text: str) -> Diagnostic:
    return Diagnostic(
        WARNING, f"article {article_id}, paragraph {block + 1}: a line is letter-spaced "
        f"{gap_em:.3f} em a gap ({LOOSE_GAP_EM} em or more), since nothing "
        f"around it can break: {text}", Where(path),
        "rewrite a few words near it, or widen the module: a long number, word or "
        "bracketed phrase does not fit the column", code="loose-line",
        data=(("article", article_id), ("paragraph", block + 1), ("em", round(gap_em, 3))))


def underfull(article_id: str, free: int, where: Where, rule_below: bool) -> Diagnostic:
    # A module with another under it gives its last line to the rule between
    # them; one at the page foot does not, until something is put under it.
    if rule_below:
        how = f"shorten its span by up to {free} lines (the rule under it keeps its line)"
    else:
        how = (f"shorten its span by up to {free} lines, or by {free - 1} if another module is to go "
               "under it (the rule between them takes a line)")
    return Diagnostic(
        NOTE, f"article {article_id}: its text ends {free} lines above the bottom of its module",
        where, f"{how}, or give it a photo or more text",
        code="underfull", data=(("article", article_id), ("lines", free)))


def empty_area(page: int, area, where: Where) -> Diagnostic:
    return Diagnostic(
        WARNING, f"page {page}: columns {area.col}–{area.col + area.cols - 1}, lines {area.line}–"
        f"{area.line + area.lines - 1} are empty: no item covers them ({area.cols}×{area.lines} grid cells)",
        where, "widen or lengthen a module next to it, add an item there, or leave `at`/`span` out "
        "and let the layout place the items", code="empty-area",
        data=(("page", page), ("at", (area.col, area.line)), ("span", (area.cols, area.lines))))


def photo_clamped(article_id: str, name: str, asked: int, given: int, where) -> Diagnostic:
    return Diagnostic(
        WARNING, f"article {article_id}: photo {name} asks for {asked} lines but its module leaves "
        f"room for {given}; it is set {given} lines tall", where,
        f"give the photo `lines: {given}` or less, or make the module taller", code="photo-clamped",
        data=(("article", article_id), ("asked", asked), ("given", given)))


def overset(article_id: str, path: str, lines: int, text: str, where: Where | None) -> Diagnostic:
    chars = sum(1 for ch in text if not ch.isspace())
    item = f" (edition.yaml line {where.line})" if where is not None and where.line is not None else ""
    return Diagnostic(
        WARNING, f"article {article_id}: overset — {lines} lines "
        f"({chars} characters) do not fit", Where(path),
        f"make its module taller or wider{item}, or cut the text; "
        f"the overset text begins: {text[:16]}…",
        code="overset", data=(("article", article_id), ("lines", lines),
                              ("chars", chars), ("text", text)))
