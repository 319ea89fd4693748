"""What a command found, for people and for programs, and the exit status it
gives: the one place that formats, counts and decides.

People read compiler-style lines (`file:line:col: severity: message / hint: …`)
from `banmian render` and the table `banmian check` prints; programs read
`report.json` and `banmian check --json`. `exit_status` turns what was found,
and how strict the command was asked to be, into 0, 1 or 2.
"""
from __future__ import annotations

import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterable

from ..diagnostics import ERROR, NOTE, WARNING, Diagnostic, blocks_printing

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2

SEVERITY_RANK = {ERROR: 0, WARNING: 1, NOTE: 2}


class FailOn(IntEnum):
    """What makes a command exit 1."""
    NOTHING = 0     # `render`: the files are written, whatever was found
    BLOCKING = 1    # errors and what blocks printing (`render --strict`, `check`)
    WARNING = 2     # … and warnings too (`check --strict`); notes never fail


def exit_status(diagnostics: Iterable[Diagnostic], fail_on: FailOn, unusable: bool = False) -> int:
    """0 done; 1 a problem at or above `fail_on`; 2 some input (an edition, a
    font manifest, a PDF, an option, the output folder) could not be used."""
    if unusable:
        return EXIT_INPUT
    for d in diagnostics:
        if fail_on >= FailOn.BLOCKING and blocks_printing(d):
            return EXIT_FAILED
        if fail_on >= FailOn.WARNING and d.severity == WARNING:
            return EXIT_FAILED
    return EXIT_OK


# -- for people -------------------------------------------------------------------

def compiler_line(d: Diagnostic) -> str:
    """`file:line:col: severity: message / hint: …`, the place left out when unknown."""
    place = str(d.where)
    text = f"{place}: " if place else ""
    text += f"{d.severity}: {d.message}"
    if d.hint:
        text += f" / hint: {d.hint}"
    return text


def print_diagnostics(diagnostics: Iterable[Diagnostic], stream) -> None:
    for d in diagnostics:
        print(compiler_line(d), file=stream)


def render_summary(pages: int, diagnostics: list[Diagnostic]) -> str:
    """The line `banmian render` ends with."""
    overset = sum(1 for d in diagnostics if d.code == "overset")
    missing = sum(1 for d in diagnostics if d.code == "missing-glyph")
    warnings = sum(1 for d in diagnostics if d.severity == WARNING)
    return (f"{pages} page(s): {overset} overset article(s), {missing} missing character(s), "
            f"{warnings} warning(s)")


# -- for programs -------------------------------------------------------------------

def report_entry(d: Diagnostic) -> dict:
    """One diagnostic of report.json: its data spread beside the other fields."""
    return {"severity": d.severity, "code": d.code, "message": d.message,
            "where": str(d.where) or None, "hint": d.hint, **dict(d.data)}


def render_report(edition, plans, diagnostics: list[Diagnostic]) -> dict:
    """The content of report.json."""
    return {
        "edition": edition.name,
        "paper": edition.paper,
        "date": edition.date.isoformat(),
        "pages": [plan.number for plan in plans],
        "diagnostics": [report_entry(d) for d in diagnostics],
        "articles": [
            {"page": plan.number, "id": a.id, "overset_lines": a.overset_lines,
             "overset_chars": sum(1 for ch in a.overset_text if not ch.isspace())}
            for plan in plans for a in plan.articles
        ],
    }


# -- banmian check ------------------------------------------------------------------

INPUT = "input"     # the family of problems that made an input unusable


@dataclass(frozen=True)
class Found:
    """A diagnostic, with the input it was found in (an edition folder or a PDF,
    as given) and the family of checks that found it."""
    source: str
    family: str
    diagnostic: Diagnostic

    def as_json(self) -> dict:
        d = self.diagnostic
        data = {}
        point = d.where.point
        if point is not None:
            data = {"file": d.where.file, "pdf_page": point.page, "x_mm": point.x_mm, "y_mm": point.y_mm}
        data.update(d.data)
        return {"severity": d.severity, "code": d.code, "family": self.family, "source": self.source,
                "page": d.where.page, "article": d.where.article, "where": str(d.where),
                "message": d.message, "hint": d.hint, "data": data}


@dataclass
class CheckReport:
    """Everything `banmian check` found, input by input and family by family,
    and the exit status that follows from it."""
    families: tuple[str, ...]                            # every family, in the order they run
    strict: bool = False                                 # warnings fail too
    found: list[Found] = field(default_factory=list)
    checked: Counter = field(default_factory=Counter)   # editions, pages, pdfs
    ran: set = field(default_factory=set)               # the families that ran
    unusable: int = 0                                    # inputs that could not be checked
    pdf_sources: set = field(default_factory=set)       # inputs that are PDF files

    def add(self, source: str, family: str, diagnostics: Iterable[Diagnostic], checked: Counter) -> None:
        self.found += [Found(source, family, d) for d in diagnostics]
        self.checked += checked
        self.ran.add(family)

    def input_error(self, source: str, diagnostics: Iterable[Diagnostic]) -> None:
        self.found += [Found(source, INPUT, d) for d in diagnostics]
        self.unusable += 1

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [f.diagnostic for f in self.found]

    @property
    def status(self) -> int:
        return exit_status(self.diagnostics, FailOn.WARNING if self.strict else FailOn.BLOCKING,
                           self.unusable > 0)

    def summary(self) -> dict:
        """Counts per severity and code, what was checked, the exit status."""
        found = self.diagnostics
        return {"families": [name for name in self.families if name in self.ran],
                "editions": self.checked["editions"], "pages": self.checked["pages"],
                "pdfs": self.checked["pdfs"], "unusable": self.unusable,
                "errors": sum(1 for d in found if d.severity == ERROR),
                "warnings": sum(1 for d in found if d.severity == WARNING),
                "notes": sum(1 for d in found if d.severity == NOTE),
                "codes": dict(sorted(Counter(d.code for d in found).items())),
                "strict": self.strict, "status": self.status}

    def as_json(self) -> dict:
        """`banmian check --json`: {"findings": [...], "summary": {...}}."""
        return {"findings": [f.as_json() for f in self.found], "summary": self.summary()}

    def table(self) -> list[str]:
        """The table `banmian check` prints; unusable inputs are printed as they
        are met, in compiler style, and not repeated here."""
        return format_table([f for f in self.found if f.family != INPUT], self.pdf_sources)


def summary_line(s: dict) -> str:
    checked = []
    if s["editions"]:
        checked.append(f"{s['editions']} edition(s) of {s['pages']} page(s)")
    if s["pdfs"]:
        checked.append(f"{s['pdfs']} PDF file(s)")
    line = (f"{' + '.join(s['families']) or 'check'}: {', '.join(checked) or 'nothing'} checked: "
            f"{s['errors']} error(s), {s['warnings']} warning(s), {s['notes']} note(s)")
    if s["unusable"]:
        line += f"; {s['unusable']} input(s) unusable"
    return line


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _group_label(source: str, page, is_pdf: bool) -> str:
    if page is None:
        return f"{source}: the edition"
    return f"{source}: {'PDF page' if is_pdf else 'page'} {page}"


def format_table(found: list[Found], pdf_sources: set) -> list[str]:
    """The findings as a table (severity, code, where, message), grouped by input
    and page: the edition-wide findings first, then page by page; within a group
    errors, then warnings, then notes, each in the order found. Places inside an
    edition folder are shown relative to it."""
    if not found:
        return []
    order: dict = {}
    for f in found:
        order.setdefault(f.source, len(order))
    groups: dict = {}
    for f in found:
        page = f.diagnostic.where.page
        groups.setdefault((order[f.source], page is not None, page or 0), []).append(f)
    rows: list = []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda f: SEVERITY_RANK.get(f.diagnostic.severity, 3))
        source = group[0].source
        prefix = os.path.join(source, "") if source not in pdf_sources else None
        rows.append(_group_label(source, group[0].diagnostic.where.page, source in pdf_sources))
        for f in group:
            d = f.diagnostic
            where = str(d.where)
            if prefix and where.startswith(prefix):
                where = where[len(prefix):]
            rows.append((d.severity, d.code, where, d.message + (f" / hint: {d.hint}" if d.hint else "")))
    cells = [r for r in rows if isinstance(r, tuple)]
    widths = [max(_width(r[i]) for r in cells + [("severity", "code", "where", "")]) for i in range(3)]
    widths[2] = min(widths[2], 48)
    lines = ["  ".join(_pad(h, w) for h, w in zip(("severity", "code", "where"), widths)) + "  message"]
    for r in rows:
        if isinstance(r, str):
            lines.append(r)
        else:
            lines.append("  ".join(_pad(c, w) for c, w in zip(r[:3], widths)) + "  " + r[3])
    return lines
