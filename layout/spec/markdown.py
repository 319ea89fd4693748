"""Markdown an article body does not interpret, found so the editor is told.

The body is paragraphs and `## ` subheads; everything else is printed as
typed. An editor pasting from a Markdown document expects **bold**, lists and
links to look like they do there, so each is a warning at its line saying what
will be printed instead (the page still renders: the text itself is right).
A heading of another level stays an error, since its text would be set as a
paragraph beginning with hashes.
"""
from __future__ import annotations

import re

from ..diagnostics import WARNING, Diagnostic, Where

_BULLET = re.compile(r"^[-*+]\s+\S")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_CHECKS = (
    (re.compile(r"\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__"), "bold (`**…**`)",
     "the asterisks or underscores are printed as typed; the body has no bold: remove them"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "an image (`![…](…)`)",
     "it is printed as typed; put a picture in the front matter's `photo:` instead"),
    (re.compile(r"(?<!!)\[[^\]]+\]\([^)]*\)"), "a link (`[…](…)`)",
     "the brackets and the address are printed as typed; write the text alone, or the address "
     "in full"),
    (re.compile(r"`[^`]+`"), "code (`` `…` ``)", "the backticks are printed as typed; remove them"),
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>"), "an HTML tag",
     "it is printed as typed; remove it"),
)


def line_warnings(line: str, where: Where, continues_paragraph: bool) -> list[Diagnostic]:
    """Warnings for the Markdown on one body line (stripped; not a subhead)."""
    out = []
    if _BULLET.match(line):
        out.append(_warn(where, "a list item (`- …`)",
                         "the article format has no lists: the marker is printed and the item is "
                         "joined to the lines around it into one paragraph; write each item as a "
                         "paragraph of its own (a blank line between) without the marker"))
    elif continues_paragraph and _NUMBERED.match(line):
        out.append(_warn(where, "a numbered list item",
                         "it is joined to the line above into one paragraph; leave a blank line "
                         "before it to start a paragraph"))
    elif line.startswith(">"):
        out.append(_warn(where, "a block quote (`> …`)", "the `>` is printed as typed; remove it"))
    elif line.startswith("```") or line.startswith("~~~"):
        out.append(_warn(where, "a code fence", "it is printed as typed; remove it"))
    for pattern, what, hint in _CHECKS:
        if pattern.search(line):
            out.append(_warn(where, what, hint))
    return out


def _warn(where: Where, what: str, hint: str) -> Diagnostic:
    return Diagnostic(WARNING, f"Markdown {what} is not interpreted in an article body", where, hint,
                      code="markdown", data=(("construct", what),))
