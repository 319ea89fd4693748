"""Problems found in input or output, as values: one type for every stage.

The spec stage, the planner, the preflight and the typography checker all
report a `Diagnostic`. Unusable input raises InputError carrying Diagnostics;
everything else is returned in the stage's result. `output/report.py` turns
them into text for people and JSON for programs and decides the exit status.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

ERROR = "error"
WARNING = "warning"
NOTE = "note"

# Codes that keep a page from going to press even when the planner, which can
# still draw the page, reports them as warnings: text that is not printed
# (overset, a character no font has) and a placeholder box or an unreadable
# file instead of a picture. `banmian render --strict` and `banmian check`
# fail on these and on every error.
BLOCKS_PRINTING = frozenset({"overset", "missing-glyph", "photo-missing", "photo-bad"})


@dataclass(frozen=True)
class PdfPoint:
    """A point on a page of a PDF file, in millimetres from the trimmed page's
    top-left corner (for a line: at its baseline)."""
    page: int                 # page of the PDF file, from 1
    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class Where:
    """Where a problem is; any part may be unknown.

    `file`, `line`, `column`: a place in a source file (edition.yaml, an
    article, a font manifest), or the PDF a problem was read from, with the
    `point` on one of its pages. `page` and `article`: the newspaper page and
    the article (or the masthead, the page furniture, a photo) the problem
    concerns; for a bare PDF the page is the PDF's own."""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    page: int | None = None
    article: str | None = None
    point: PdfPoint | None = None

    def __str__(self) -> str:
        """The place as a compiler prints it: file:line:col, or file:page N:
        x,y mm for a point of a PDF; empty when neither is known."""
        if self.point is not None:
            p = self.point
            head = f"{self.file}:" if self.file else ""
            return f"{head}page {p.page}: {p.x_mm:.1f},{p.y_mm:.1f} mm"
        if self.file is None:
            return ""
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


NOWHERE = Where()


@dataclass(frozen=True)
class Diagnostic:
    severity: str             # error | warning | note
    message: str
    where: Where = NOWHERE    # None is taken as NOWHERE
    hint: str | None = None
    code: str = ""            # stable machine name: overset, missing-glyph, photo-colour, L4 …
    data: tuple = field(default=())  # (key, value) pairs for --json, report.json and tests

    def __post_init__(self):
        if self.where is None:
            object.__setattr__(self, "where", NOWHERE)

    def get(self, key: str, default=None):
        for k, v in self.data:
            if k == key:
                return v
        return default

    def at(self, **where) -> Diagnostic:
        """The same problem with parts of its place filled in (page=3, article="a" …)."""
        return replace(self, where=replace(self.where, **where))


def blocks_printing(d: Diagnostic) -> bool:
    """An error, or a problem that keeps the page from going to press."""
    return d.severity == ERROR or d.code in BLOCKS_PRINTING


class InputError(Exception):
    """Input the engine cannot use. Carries every problem found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(f"{d.where}: {d.message}" if str(d.where) else d.message
                                   for d in self.diagnostics))

    def __reduce__(self):
        # raised in a worker process that writes pages, it crosses back whole
        return (InputError, (list(self.diagnostics),))


def error(message: str, where: Where | None = None, hint: str | None = None, code: str = "input") -> Diagnostic:
    return Diagnostic(ERROR, message, where, hint, code)
