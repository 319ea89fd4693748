"""The import's change log: every change the importer made to the source
text, with its place in the source file, for an archivist to review.

Two files in the edition folder, made from the same entries:
  import-log.txt   one line per change, `file:line:col: kind: 'before' → 'after' (where it went) why`,
                   then the notes (where each article starts and why, subheads, joins)
  import-log.json  the same as data; `start`/`end` are offsets into the page's text
                   file (`text`), so a program can check the log against the source
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .source import OcrPage
from .tracked import Piece, Tracked


@dataclass(frozen=True)
class Change:
    file: str          # the source file, relative to the edition folder
    line: int
    column: int
    text: str          # the file holding the page's text the offsets count in
    start: int
    end: int
    before: str
    after: str
    kind: str          # punctuation, space, join, dateline, byline, credit, jump, headline, header, markdown
    why: str
    to: str            # where the text went: an article file and key, or edition.yaml


@dataclass(frozen=True)
class Note:
    file: str
    line: int
    column: int
    message: str


def collect(page: OcrPage, file: str, text: str, fields: list[tuple[str, Tracked]],
            loose: tuple[Piece, ...]) -> list[Change]:
    """The changes of one page: the changed pieces of its fields and its loose changes."""
    pieces = [(p, to) for to, t in fields for p in t.pieces if not p.kept]
    pieces += [(p, "edition.yaml (page header)") for p in loose]
    out = []
    for p, to in sorted(pieces, key=lambda item: (item[0].start, item[0].end)):
        where = page.where(p.start)
        out.append(Change(file, where.line or 1, where.column or 1, text, p.start, p.end,
                          page.text[p.start:p.end], p.text, p.kind, p.note, to))
    return out


def _shown(s: str) -> str:
    return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "'"


def log_text(changes: list[Change], notes: list[Note], summary: str) -> bytes:
    lines = [f"# {summary}", "# file:line:col: kind: 'before' → 'after' (where it went) why", ""]
    for c in changes:
        lines.append(f"{c.file}:{c.line}:{c.column}: {c.kind}: {_shown(c.before)} → {_shown(c.after)} "
                     f"({c.to}) {c.why}".rstrip())
    lines += ["", "# notes: how the page was read"]
    lines += [f"{n.file}:{n.line}:{n.column}: {n.message}" for n in notes]
    return ("\n".join(lines) + "\n").encode("utf-8")


def log_json(sources: list[dict], changes: list[Change], notes: list[Note]) -> bytes:
    data = {"format": "banmian-import-log 1", "sources": sources,
            "changes": [asdict(c) for c in changes], "notes": [asdict(n) for n in notes]}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
