"""What the layout tells the editor: lines per width, what is over, what is empty."""
from __future__ import annotations

from layout.diagnostics import Where
from layout.page.placement.problem import Candidate, OpenItem, Problem
from layout.page.placement.report import copy_fit, fit_by_width, layout_report
from layout.page.placement.solver import place


def test_the_lines_an_article_fills_at_each_width():
    cands = (Candidate(3, 3, 40, 24.0), Candidate(3, 2, 38, 24.0, grow=2), Candidate(4, 4, 30, 24.0, grow=3))
    assert fit_by_width(cands) == [{"columns": 3, "least": 38, "most": 42},
                                   {"columns": 4, "least": 30, "most": 33}]
    note = copy_fit("a", cands, Where("a.md"))
    assert note.code == "copy-fit" and note.severity == "note"
    assert "3 col 38–42, 4 col 30–33" in note.message
    assert dict(note.data)["widths"][1]["columns"] == 4


def test_a_page_too_full_names_what_is_over():
    items = tuple(OpenItem(f"a{k}", k, "news", (Candidate(8, 8, 60, 24.0),)) for k in range(3))
    layout = place(Problem(8, 1, 116, (), items), beam=8)
    found = layout_report(2, layout, Where("edition.yaml", 4))
    assert [d.code for d in found] == ["layout-over"]
    over = dict(found[0].data)["over"]
    assert sum(over.values()) >= 60 - 8 and "nothing dropped" in found[0].message


def test_a_page_too_empty_says_where():
    items = (OpenItem("a", 0, "news", (Candidate(8, 8, 30, 42.0),)),)
    layout = place(Problem(8, 1, 116, (), items), beam=8)
    found = layout_report(3, layout, Where("edition.yaml", 4))
    assert [d.code for d in found] == ["layout-empty"]
    data = dict(found[0].data)
    assert data["lines"] == layout.empty_lines > 70
    assert data["areas"] and "stay empty for want of content" in found[0].message
