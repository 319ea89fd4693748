"""The text picture of a page grid."""
from __future__ import annotations

from layout.page.placement.picture import Box, draw, layout_picture
from layout.page.placement.problem import Candidate, FixedItem, OpenItem, Problem
from layout.page.placement.score import EmptyArea, evaluate, fixed_placement, open_placement
from layout.page.placement.solver import Layout


def test_two_modules_side_by_side():
    text = draw(4, 1, 12, [Box("A 2x12", 1, 1, 2, 12), Box("B 2x12", 3, 1, 2, 12)],
                lines_per_row=3, col_width=4)
    assert text.splitlines() == [
        "┌───────┬───────┐",
        "│A 2x12 │B 2x12 │",
        "│       │       │",
        "│       │       │",
        "└───────┴───────┘",
    ]


def test_stacked_modules_join_their_borders_and_empty_is_shaded():
    boxes = [Box("A", 1, 1, 4, 6), Box("B", 1, 7, 2, 6), Box("", 3, 7, 2, 6, empty=True)]
    lines = draw(4, 1, 12, boxes, lines_per_row=3, col_width=3).splitlines()
    assert lines[0] == "┌───────────┐"
    assert lines[2] == "├─────┬─────┤"
    assert lines[3] == "│B    │░░░░░│"
    assert lines[4] == "└─────┴─────┘"


def test_a_layout_picture_has_a_legend():
    item = OpenItem("articles/a.md", 0, "news", (Candidate(6, 5, 40, 42.0, 12, 4, 2),))
    problem = Problem(8, 17, 116, (FixedItem("photos/x.png", 7, 17, 2, 100),), (item,))
    a = open_placement(item, item.candidates[0], 1, 17, 44, False)
    placements = (a, fixed_placement(problem.fixed[0]))
    layout = Layout(placements, (EmptyArea(7, 117 - 16, 2, 16, None),), evaluate(problem, placements))
    text = layout_picture(layout, problem)
    assert "A 6x44" in text and "B 2x100" in text
    assert "A  articles/a.md  at [1, 17] span [6, 44] columns 5 headline 42 pt photo 14 lines" in text
    assert "B  photos/x.png  at [7, 17] span [2, 100]  (placed by hand)" in text
    assert "empty: 16 lines × 2 columns from line 101, column 7 (no module fills it)" in text
    assert "░" in text
    # page 1: the picture starts under the masthead
    assert len(text.split("\n\n")[0].splitlines()) == round((116 - 17 + 1) / 3) + 1
