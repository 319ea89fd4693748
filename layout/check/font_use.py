"""Font use, read from the page plans: the role each printed character is set
in and the face that supplies it. From it the preflight reports characters no
face has (headlines, kickers, decks, the masthead and jump lines included,
which the planner does not report itself) and, per role, how many distinct
characters the pages set and which faces supply them. What is counted is what
is printed: overset text is not.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..compose.charclass import needs_glyph
from ..diagnostics import ERROR, NOTE, Diagnostic, Where
from ..fonts.book import ROLES
from ..spec.article import front_matter_line
from ..spec.model import ArticleItem


# The font roles the lines of each kind in a page plan are set in, the main one
# first (as the page assembler, the headline setters and the masthead choose
# them). A kind not listed may be set in any role.
KIND_ROLES = {
    "body": ("body", "lead", "byline"),        # 电头 and byline run on in the body text
    "subhead": ("subhead",),
    "continued": ("folio",),                   # 上接第X版, 下转第X版
    "kicker": ("kicker",), "headline": ("headline",), "deck": ("deck",), "author": ("author",),
    "jump-headline": ("headline",),
    "caption": ("caption", "credit"),
    "placeholder": ("caption",),
    "overset-mark": ("folio",),
    "folio": ("folio", "section"),             # the reversed page number is set in `section`
    "section": ("section",),
    "paper": ("paper",),
    "credits": ("folio",),
    "footer": ("folio",),
    "ear": ("kicker", "folio"),                # 报眼: its text, its title
    "masthead": ("section", "folio", "caption", "body"),   # dates (农历 too), issue, serial numbers
}
FRONT_MATTER_ROLES = ("headline", "kicker", "deck", "author")


@dataclass(frozen=True)
class SetChar:
    """A character as a page plan sets it, with the role it is set in and the
    face that supplies it (None: no face of the role's chain has it)."""
    page: int
    article: str | None       # None: the masthead, the page furniture, a photo item's caption
    kind: str
    role: str
    ch: str
    face: str | None


def line_roles(line, fonts) -> list[str]:
    """The role each glyph of a plan line was set in. Of the roles lines of its
    kind are set in, those whose chain gives the glyph's character the glyph's
    face fit; a run is set in one role, so a glyph takes its neighbour's role
    when that fits (for a character no face has: the nearest glyph that has a
    face, before it or else after it), and otherwise the first that fits. (Two
    roles that give a character the same face cannot be told apart, and need
    not be: the same face supplies it.)"""
    kind_roles = KIND_ROLES.get(line.kind, ROLES)

    def fitting(g) -> list[str]:
        found = [r for r in kind_roles if _face_id(fonts.resolve(r, g.ch)) == g.face]
        return found or [kind_roles[0]]

    def pick(fit: list[str], *neighbours) -> str:
        return next((r for r in neighbours if r in fit), fit[0])

    roles: dict[int, str] = {}
    previous = None
    for i, g in enumerate(line.glyphs):         # glyphs with a face: a run keeps its role
        if g.face is not None:
            roles[i] = previous = pick(fitting(g), previous)
    faced = sorted(roles)
    for i, g in enumerate(line.glyphs):         # without: the role of the nearest glyph with one
        if g.face is None:
            before = next((roles[j] for j in reversed(faced) if j < i), None)
            after = next((roles[j] for j in faced if j > i), None)
            roles[i] = pick(fitting(g), before, after)
    return [roles[i] for i in range(len(line.glyphs))]


def _face_id(face) -> str | None:
    return face.id if face is not None else None


def set_chars(plans, fonts) -> list[SetChar]:
    """Every character the pages print, page by page, line by line."""
    out = []
    for plan in plans:
        for line in plan.lines + plan.reversed_lines:
            for g, role in zip(line.glyphs, line_roles(line, fonts)):
                if needs_glyph(g.ch):
                    out.append(SetChar(plan.number, line.article, line.kind, role, g.ch, g.face))
    return out


def font_use(edition, plans, fonts, reported: list[Diagnostic]) -> list[Diagnostic]:
    """From the page plans: a missing-glyph error for each character set with
    no face, once per character, article and page, unless the planner
    `reported` it already; and a font-coverage note per role."""
    chars = set_chars(plans, fonts)
    return _missing_glyphs(edition, plans, chars, reported) + _coverage(chars, fonts)


def unreported_missing_glyphs(edition, plans, fonts, reported: list[Diagnostic]) -> list[Diagnostic]:
    """The missing-glyph errors of `font_use` alone, for what the page stage did
    not report among `reported` (a headline's, the masthead's, a jump line's
    characters); nothing to read when every glyph of the plans has a face."""
    if not any(g.face is None and needs_glyph(g.ch) for plan in plans
               for line in plan.lines + plan.reversed_lines for g in line.glyphs):
        return []
    return _missing_glyphs(edition, plans, set_chars(plans, fonts),
                           [d for d in reported if d.code == "missing-glyph"])


def _missing_glyphs(edition, plans, chars: list[SetChar], reported: list[Diagnostic]) -> list[Diagnostic]:
    articles = {item.article.id: item.article for page in edition.pages for item in page.items
                if isinstance(item, ArticleItem)}
    ids = {(plan.number, a.id) for plan in plans for a in plan.articles}

    def owner(page: int, article: str | None) -> str | None:
        return article if (page, article) in ids else None

    seen = {(d.where.page, owner(d.where.page, d.where.article), d.get("char")) for d in reported}
    out = []
    for c in chars:
        if c.face is not None or (c.page, owner(c.page, c.article), c.ch) in seen:
            continue
        seen.add((c.page, owner(c.page, c.article), c.ch))
        code = f"U+{ord(c.ch):04X}"
        article = articles.get(c.article)
        if article is not None:
            name, label = c.article, f"article {c.article}"
            line = front_matter_line(article.path, c.role) if c.role in FRONT_MATTER_ROLES else None
            where = Where(article.path, line, page=c.page, article=c.article)
        else:
            name = label = "masthead" if c.kind in ("masthead", "ear") else "page furniture"
            where = Where(page=c.page, article=name)
        out.append(Diagnostic(
            ERROR, f"{label}: {c.role} character {c.ch} ({code}) is in no font of role '{c.role}'; "
            "〓 is printed in its place", where,
            "add a font that has it to the role's chain in fonts.yaml, or in the edition's `fonts:`",
            "missing-glyph", (("article", name), ("role", c.role), ("char", c.ch), ("codepoint", code))))
    return out


def _coverage(chars: list[SetChar], fonts) -> list[Diagnostic]:
    """Per role: how many distinct characters the pages set in it, and how many
    each face of the role's chain supplies."""
    faces_of: dict[str, dict[str, str | None]] = {}
    for c in chars:
        faces_of.setdefault(c.role, {})[c.ch] = c.face
    out = []
    for role in sorted(faces_of):
        used = faces_of[role]
        by_face: dict[str, int] = {}
        for face in used.values():
            if face is not None:
                by_face[face] = by_face.get(face, 0) + 1
        missing = sorted(ch for ch, face in used.items() if face is None)
        chain = [f.id for f in fonts.chain(role)]
        faces = ", ".join(f"{fid} {by_face[fid]}" for fid in chain if fid in by_face)
        covered = len(used) - len(missing)
        if missing:
            shown = "".join(missing[:12]) + ("…" if len(missing) > 12 else "")
            text = (f"{len(used)} distinct characters, {covered} covered ({faces or 'by no face'}); "
                    f"{len(missing)} in no face: {shown}")
        else:
            text = f"{len(used)} distinct characters, all covered: {faces}"
        out.append(Diagnostic(NOTE, f"role {role}: {text}", code="font-coverage",
                              data=(("role", role), ("chars", len(used)), ("covered", covered),
                                    ("faces", dict(sorted(by_face.items()))),
                                    ("missing", "".join(missing)))))
    return out
