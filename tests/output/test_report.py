"""output/report.py: diagnostics as compiler-style lines, as the check table and
as JSON, and the one function that decides the exit status."""
from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from layout.cli.main import main
from layout.diagnostics import (BLOCKS_PRINTING, ERROR, NOTE, WARNING, Diagnostic, InputError, PdfPoint,
                                Where, blocks_printing, error)
from layout.output.report import (EXIT_FAILED, EXIT_INPUT, EXIT_OK, CheckReport, FailOn, compiler_line,
                                  exit_status, render_summary, report_entry, summary_line)


def diag(severity=WARNING, code="widow", **where) -> Diagnostic:
    return Diagnostic(severity, f"a {code}", Where(**where), code=code)


# -- places and compiler-style lines ----------------------------------------------------

def test_where_reads_as_a_compiler_prints_it():
    assert str(Where("ed/edition.yaml", 12, 9)) == "ed/edition.yaml:12:9"
    assert str(Where("a.md", 4)) == "a.md:4"
    assert str(Where("a.md", column=3)) == "a.md"           # a column needs a line
    assert str(Where("p03.pdf", point=PdfPoint(1, 123.44, 56.71))) == "p03.pdf:page 1: 123.4,56.7 mm"
    assert str(Where(point=PdfPoint(2, 0, 0))) == "page 2: 0.0,0.0 mm"
    # the page and the article a problem concerns are not a place in a file
    assert str(Where(page=3, article="a")) == ""
    assert str(Where()) == ""


def test_compiler_line():
    d = Diagnostic(ERROR, "unknown key 'capton'", Where("ed/edition.yaml", 12, 9), "allowed keys: caption")
    assert compiler_line(d) == "ed/edition.yaml:12:9: error: unknown key 'capton' / hint: allowed keys: caption"
    assert compiler_line(Diagnostic(NOTE, "nothing jumps here")) == "note: nothing jumps here"
    pdf = Diagnostic(ERROR, "article 02: line begins with “，”: ，好",
                     Where("p03.pdf", page=3, article="02", point=PdfPoint(1, 123.44, 56.71)), code="L4")
    assert compiler_line(pdf) == "p03.pdf:page 1: 123.4,56.7 mm: error: article 02: line begins with “，”: ，好"


def test_a_diagnostic_without_a_place_has_an_empty_one_and_can_be_placed():
    d = Diagnostic(WARNING, "m", None, code="overset", data=(("article", "a"),))
    assert d.where == Where() and d.get("article") == "a" and d.get("lines", 0) == 0
    placed = d.at(page=2, article="a")
    assert placed.where == Where(page=2, article="a") and placed.message == "m" and d.where == Where()


def test_input_error_keeps_every_problem():
    problems = [error("bad value", Where("e.yaml", 3, 1)), error("no pages")]
    exc = InputError(problems)
    assert exc.diagnostics == tuple(problems)
    assert str(exc) == "e.yaml:3:1: bad value; no pages"
    assert InputError(problems[0]).diagnostics == (problems[0],)


def test_render_summary():
    found = [diag(code="overset"), diag(code="missing-glyph"), diag(code="missing-glyph"),
             diag(NOTE, "underfull")]
    assert render_summary(2, found) == "2 page(s): 1 overset article(s), 2 missing character(s), 3 warning(s)"


def test_report_json_entry_spreads_the_data():
    d = Diagnostic(WARNING, "overset", Where("a.md", page=2, article="a"), "cut", "overset",
                   (("article", "a"), ("lines", 3)))
    assert report_entry(d) == {"severity": WARNING, "code": "overset", "message": "overset", "where": "a.md",
                               "hint": "cut", "article": "a", "lines": 3}
    assert report_entry(Diagnostic(NOTE, "m", Where(page=2)))["where"] is None


# -- the exit status ----------------------------------------------------------------------

BLOCKING_WARNINGS = sorted(BLOCKS_PRINTING)


@pytest.mark.parametrize("found, fail_on, status", [
    ([], FailOn.WARNING, EXIT_OK),
    ([diag(ERROR, "input")], FailOn.NOTHING, EXIT_OK),         # render writes its files whatever it found
    ([diag(ERROR, "input")], FailOn.BLOCKING, EXIT_FAILED),
    ([diag(WARNING, "overset")], FailOn.BLOCKING, EXIT_FAILED),
    ([diag(WARNING, "photo-missing")], FailOn.BLOCKING, EXIT_FAILED),
    ([diag(WARNING, "widow")], FailOn.BLOCKING, EXIT_OK),
    ([diag(WARNING, "widow")], FailOn.WARNING, EXIT_FAILED),
    ([diag(NOTE, "underfull"), diag(NOTE, "font-coverage")], FailOn.WARNING, EXIT_OK),   # notes never fail
])
def test_exit_status(found, fail_on, status):
    assert exit_status(found, fail_on) == status


@pytest.mark.parametrize("fail_on", list(FailOn))
def test_unusable_input_is_status_2_whatever_else_was_found(fail_on):
    assert exit_status([], fail_on, unusable=True) == EXIT_INPUT
    assert exit_status([diag(NOTE, "underfull")], fail_on, unusable=True) == EXIT_INPUT


@pytest.mark.parametrize("code", BLOCKING_WARNINGS)
def test_what_blocks_printing(code):
    assert blocks_printing(diag(WARNING, code)) and blocks_printing(diag(ERROR, "L4"))
    assert not blocks_printing(diag(WARNING, "photo-low-res")) and not blocks_printing(diag(NOTE, "jump-missing"))


# -- banmian check's report -----------------------------------------------------------------

def _check_report(strict=False) -> CheckReport:
    report = CheckReport(("preflight", "typography"), strict=strict)
    report.add("ed", "preflight", [
        Diagnostic(NOTE, "role body: 3 distinct characters", code="font-coverage"),
        Diagnostic(NOTE, "ends early", Where("ed/edition.yaml", 10, 9, page=2, article="a"), code="underfull"),
        Diagnostic(ERROR, "overset", Where("ed/articles/a.md", page=2, article="a"), "cut it", "overset"),
        Diagnostic(WARNING, "low", Where("ed/articles/a.md", 5, 1, page=1, article="a"), code="photo-low-res"),
    ], Counter(editions=1, pages=2))
    report.add("p03.pdf", "typography", [
        Diagnostic(WARNING, "article b: wide gap: 好", Where("p03.pdf", page=1, article="b",
                                                            point=PdfPoint(1, 12.345, 67.8)),
                   code="L7", data=(("text", "好"),))], Counter(pdfs=1))
    report.pdf_sources.add("p03.pdf")
    return report


def test_check_table_groups_by_input_and_page_worst_first():
    lines = _check_report().table()
    assert lines[0].split() == ["severity", "code", "where", "message"]
    labels = [line for line in lines[1:] if not line.startswith(("error", "warning", "note"))]
    assert labels == ["ed: the edition", "ed: page 1", "ed: page 2", "p03.pdf: PDF page 1"]
    page2 = lines[lines.index("ed: page 2") + 1:lines.index("p03.pdf: PDF page 1")]
    assert [row.split()[0] for row in page2] == ["error", "note"]
    # places inside the edition folder are shown relative to it; a PDF's as given
    assert page2[0].split()[2] == "articles/a.md" and page2[0].endswith("overset / hint: cut it")
    assert "edition.yaml:10:9" in page2[1]
    assert "p03.pdf:page 1: 12.3,67.8 mm" in lines[-1]
    # the columns line up (Han characters count double)
    assert lines[0].index("code") == lines[2].index("font-coverage")


def test_check_summary_status_and_json():
    report = _check_report()
    summary = report.summary()
    assert summary == {"families": ["preflight", "typography"], "editions": 1, "pages": 2, "pdfs": 1,
                       "unusable": 0, "errors": 1, "warnings": 2, "notes": 2,
                       "codes": {"L7": 1, "font-coverage": 1, "overset": 1, "photo-low-res": 1,
                                 "underfull": 1},
                       "strict": False, "status": 1}
    assert summary_line(summary) == ("preflight + typography: 1 edition(s) of 2 page(s), 1 PDF file(s) "
                                     "checked: 1 error(s), 2 warning(s), 2 note(s)")
    data = report.as_json()
    assert set(data) == {"findings", "summary"}
    first, *_, pdf = data["findings"]
    assert first == {"severity": NOTE, "code": "font-coverage", "family": "preflight", "source": "ed",
                     "page": None, "article": None, "where": "", "message": "role body: 3 distinct characters",
                     "hint": None, "data": {}}
    # a finding read from a PDF has its place in the file in its data
    assert pdf["where"] == "p03.pdf:page 1: 12.3,67.8 mm" and pdf["page"] == 1 and pdf["article"] == "b"
    assert pdf["data"] == {"file": "p03.pdf", "pdf_page": 1, "x_mm": 12.345, "y_mm": 67.8, "text": "好"}


def test_check_status_follows_strictness_and_unusable_inputs():
    report = CheckReport(("preflight",))
    report.add("ed", "preflight", [diag(WARNING, "photo-low-res")], Counter(editions=1, pages=1))
    assert report.status == EXIT_OK
    report.strict = True
    assert report.status == EXIT_FAILED
    report.input_error("nowhere", [error("no such file or edition folder", Where("nowhere"))])
    assert report.status == EXIT_INPUT
    assert report.summary()["unusable"] == 1 and report.summary()["errors"] == 1
    # an unusable input is printed when met, not in the table
    assert all("nowhere" not in line for line in report.table())
    assert report.as_json()["findings"][-1]["family"] == "input"


# -- render --strict ----------------------------------------------------------------------

def _edition(folder: Path, photo: str) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.md").write_text(
        f"---\nheadline: 测试标题\nphoto: {{file: photos/{photo}, caption: 图片说明。}}\n---\n"
        + "有图无图。" * 20 + "\n", "utf-8")
    (folder / "edition.yaml").write_text(textwrap.dedent("""\
        paper: 示例日报
        date: 2024-11-06
        pages:
          - number: 2
            items:
              - article: articles/a.md
                at: [1, 1]
                span: [2, 30]
        """), "utf-8")
    return folder


def test_render_strict_fails_on_a_missing_photo_as_check_does(tmp_path, capsys):
    edition = _edition(tmp_path / "ed", "none.jpg")
    out = str(tmp_path / "out")
    assert main(["render", str(edition), "--out", out, "--no-preview"]) == EXIT_OK
    assert main(["render", str(edition), "--out", out, "--no-preview", "--strict"]) == EXIT_FAILED
    assert main(["check", str(edition)]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "warning: photo photos/none.jpg not found" in err
