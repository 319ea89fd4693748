"""Preflight: everything that can be known about an edition before it goes to
press, found without writing a file.

The planner (`pipeline.plan_edition`) already sets every page and reports
overset text, characters no font has, missing and low-resolution photos and
the paragraph rules, each on its page; the spec stage rejects items off the
grid, overlapping items and continuations that name no article. The preflight
takes those diagnostics, with what blocks printing made an error, and adds what
the planner does not look at: the colour mode of every picture, the characters
the pages set in each font role and which faces supply them, read from the
plans by `font_use` (headlines, kickers, decks and the masthead included), and
jump lines (下转第四版) whose continuation is not in the edition.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from ..diagnostics import ERROR, NOTE, WARNING, Diagnostic, Where, blocks_printing
from ..spec.article import front_matter_line
from ..spec import limits
from ..spec.images import open_image
from ..spec.model import ArticleItem, ContinuationItem, PhotoItem
from ..units import chinese_number
from .font_use import font_use


@dataclass(frozen=True)
class PreflightResult:
    edition: object
    plans: list
    diagnostics: tuple[Diagnostic, ...]


def preflight(edition_dir: str, edition, fonts, plans: list, planned: list) -> PreflightResult:
    """What is found in an edition the planner has set (`pipeline.preflight_edition`
    plans it, writing nothing): its diagnostics, and what the planner does not look at."""
    # The planner reports overset text, missing characters and photos as
    # warnings, since a render still gives a page; such a page is not ready
    # for press, so here they are errors.
    found = [replace(d, severity=ERROR) if blocks_printing(d) else d for d in planned]
    found += font_use(edition, plans, fonts, [d for d in planned if d.code == "missing-glyph"])
    found += photo_colour(edition)
    found += jumps(edition)
    return PreflightResult(edition, plans, tuple(found))


# -- photos --------------------------------------------------------------------

def _pictures(edition):
    """(page, article id or None, label, file, name, where, page colour) for every
    picture file of the edition."""
    colour_default = edition.print.colour
    m = edition.masthead
    if m is not None and m.logo:
        page = next((p for p in edition.pages if p.number == 1), None)
        yield (1 if page else None, None, "masthead logo", m.logo, os.path.basename(m.logo), m.where,
               (page.colour if page else None) or colour_default)
    for page in edition.pages:
        colour = page.colour or colour_default
        for item in page.items:
            if isinstance(item, ArticleItem) and item.article.photo:
                photo = item.article.photo
                yield (page.number, item.article.id, f"article {item.article.id}: photo", photo.file,
                       photo.name, photo.where, colour)
            elif isinstance(item, PhotoItem):
                photo = item.photo
                yield page.number, None, "photo", photo.file, photo.name, photo.where, colour


def png_bit_depth(path: str) -> int | None:
    """Bits per sample of a PNG (from its header), or None for another format."""
    try:
        with open(path, "rb") as f:
            head = f.read(26)
    except OSError:
        return None
    if len(head) == 26 and head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return head[24]
    return None


def inspect_image(path: str, colour: str = "grey") -> tuple[str, str, str] | None:
    """(severity, code, what the picture is and what will happen to it) for a
    picture that cannot be decoded (photo-bad) or is not plain 8-bit grey or RGB
    (photo-colour), on a page printed in `colour` (grey or cmyk); None for a
    plain one. The picture is decoded in full, as the renderer will."""
    try:
        with open_image(path) as image:
            image.load()
            mode, fmt = image.mode, image.format or "image"
            transparent = None
            if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
                alpha = (image if mode in ("RGBA", "LA") else image.convert("RGBA")).getchannel("A")
                transparent = alpha.getextrema()[0] < 255
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        return ERROR, "photo-bad", f"cannot be decoded ({exc}); the render will stop at it"
    target = "grey" if colour == "grey" else "CMYK"
    depth = png_bit_depth(path)
    if mode == "CMYK":
        if colour == "grey":
            return (WARNING, "photo-colour", f"is a CMYK {fmt} on a page printed in grey: it will be "
                    "converted to grey without its colour profile, so check its tones in a proof")
        return (NOTE, "photo-colour", f"is a CMYK {fmt}: it is printed with its own separations, not "
                "converted to the press profile, so check its total ink")
    if transparent is not None:
        what = f"is a {fmt} in mode {mode} with " + ("an alpha channel" if "A" in mode or "a" in mode
                                                     else "a transparent colour")
        if transparent:
            return (WARNING, "photo-colour", f"{what} and transparent pixels: print has no transparency, "
                    f"so it will be flattened and converted to {target}; flatten it onto the background "
                    "you mean")
        return (NOTE, "photo-colour", f"{what}, every pixel opaque: the alpha will be dropped and the rest "
                f"converted to {target}")
    if mode.startswith("I;16") or mode in ("I", "F") or (depth or 8) > 8:
        bits = depth if depth and depth > 8 else (16 if mode.startswith("I;16") else 32)
        return (NOTE, "photo-colour", f"is a {bits}-bit {fmt} (mode {mode}): it will be reduced to 8 bits "
                f"and converted to {target}")
    if mode == "P":
        return NOTE, "photo-colour", f"is a palette (indexed-colour) {fmt}: it will be converted to {target}"
    if mode not in ("L", "RGB", "1"):
        return NOTE, "photo-colour", f"is a {fmt} in mode {mode}: it will be converted to {target}"
    return None


def photo_colour(edition) -> list[Diagnostic]:
    """Pictures in a colour mode the renderer converts (CMYK, palette, 16-bit,
    alpha), and pictures that do not decode."""
    out = []
    for page, article, label, path, name, where, colour in _pictures(edition):
        if not path or not os.path.isfile(path):
            continue        # photo-missing comes from the spec stage
        found = inspect_image(path, colour)
        if found is None:
            continue
        severity, code, what = found
        hint = ("save it as an 8-bit RGB or greyscale JPEG or PNG without transparency"
                if code == "photo-colour" else "replace the file with a complete JPEG or PNG")
        place = replace(where or Where(path), page=page, article=article)
        out.append(Diagnostic(severity, f"{label} {name} {what}", place, hint, code,
                              (("photo", name), ("page_colour", colour))))
    return out


# -- jumps (转版) ----------------------------------------------------------------

_CN_PAGES = {chinese_number(n): n for n in range(1, limits.PAGE_NUMBER + 1)}
_JUMP = re.compile(r"转\s*(?:第\s*)?([0-9０-９]+|[〇零一二三四五六七八九十百]+)\s*版")


def jump_page(text: str) -> int | None:
    """The page a jump line names: 下转第四版 → 4, 转12版 → 12; None if it names none."""
    m = _JUMP.search(text or "")
    if not m:
        return None
    value = m.group(1)
    if value[0] in "0123456789０１２３４５６７８９":
        return int(value.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return _CN_PAGES.get(value)


def jumps(edition) -> list[Diagnostic]:
    """An article whose front matter gives a jump line (`continued:`) and that
    has no continuation item: a note when the page the line names is not in this
    edition (the article goes on in another section or issue), a warning when
    that page is here but does not carry it. (With a continuation item the
    planner sets the jump lines itself and reports its overset, jump-unused and
    jump-empty.)"""
    continued_here = {item.source for page in edition.pages for item in page.items
                      if isinstance(item, ContinuationItem)}
    numbers = {p.number for p in edition.pages}
    out = []
    for page in edition.pages:
        for item in page.items:
            if (not isinstance(item, ArticleItem) or not item.article.continued
                    or item.source in continued_here):
                continue
            art = item.article
            target = jump_page(art.continued)
            where = Where(art.path, front_matter_line(art.path, "continued"), page=page.number, article=art.id)
            data = (("article", art.id), ("continued", art.continued), ("target_page", target))
            if target is not None and target in numbers:
                out.append(Diagnostic(
                    WARNING, f"article {art.id}: the jump line says “{art.continued}”, but "
                    f"page {target} of this edition has no continuation of it", where,
                    f"add `- continues: {item.source}` with `at` and `span` to page {target}, or correct "
                    "`continued:`", "jump-missing", data))
            else:
                elsewhere = (f"page {target} is not in this edition, so its continuation is not checked"
                             if target is not None else "no continuation of it is in this edition")
                out.append(Diagnostic(
                    NOTE, f"article {art.id}: the jump line says “{art.continued}”; {elsewhere}", where,
                    f"if the continuation belongs here, add `- continues: {item.source}` to its page",
                    "jump-missing", data))
    return out
