"""The placement solver: every item placed once, the page tiled, the lead on
top, fixed modules kept, content that does not fit reported (never dropped),
room left over reported, the same answer every time."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placement_cases import article, mixed_page, photo, planted, planted_cost
from layout.page.placement.problem import (BRIEFS, LEAD, Candidate, FixedItem, OpenItem, Problem)
from layout.page.placement.solver import place


def cells(problem: Problem, layout) -> list[list[str | None]]:
    """Who covers each grid cell; fails on an overlap or a module off the page."""
    grid = [[None] * problem.columns for _ in range(problem.last_line + 1)]
    for p in layout.placements:
        assert 1 <= p.col and p.col + p.cols - 1 <= problem.columns, p
        assert problem.first_line <= p.line and p.last_line <= problem.last_line, p
        for line in range(p.line, p.last_line + 1):
            for col in range(p.col, p.col + p.cols):
                assert grid[line][col - 1] is None, f"{p.key} overlaps {grid[line][col - 1]}"
                grid[line][col - 1] = p.key
    return grid


def assert_tiles(problem: Problem, layout) -> None:
    """Modules and reported empty areas together cover the page exactly once."""
    grid = cells(problem, layout)
    for area in layout.empty:
        if area.foot_of is not None:
            continue
        for line in range(area.line, area.line + area.lines):
            for col in range(area.col, area.col + area.cols):
                assert grid[line][col - 1] is None
                grid[line][col - 1] = "empty"
    for line in range(problem.first_line, problem.last_line + 1):
        assert all(grid[line]), f"line {line} has a cell nobody covers"
    keys = sorted(p.key for p in layout.placements)
    assert keys == sorted([o.key for o in problem.open] + [f.key for f in problem.fixed])


@pytest.mark.parametrize("count", [8, 10, 12, 15])
@pytest.mark.parametrize("seed", [1, 2])
def test_planted_pages_are_tiled_and_every_item_placed(count, seed):
    problem, _ = planted(seed * 100 + count, count)
    layout = place(problem)
    assert_tiles(problem, layout)
    for p in layout.placements:
        assert p.candidate in next(o for o in problem.open if o.key == p.key).candidates


@pytest.mark.parametrize("count,seed", [(8, 5), (10, 5), (12, 2), (15, 2)])
def test_planted_pages_are_solved_as_well_as_the_planted_layout(count, seed):
    """Pages whose content was cut to a known full layout: the solver finds one
    at least as good by the score, with nothing over."""
    problem, planted_layout = planted(seed * 100 + count, count)
    layout = place(problem)
    assert layout.over == ()
    assert layout.score.total <= planted_cost(problem, planted_layout) + 1e-6


def test_a_mixed_inside_page_is_full_and_fits():
    problem = mixed_page(12)
    layout = place(problem)
    assert_tiles(problem, layout)
    assert layout.over == ()
    assert sum(a.cells for a in layout.empty) <= 2 * problem.columns
    lead = layout.placement("lead")
    assert (lead.col, lead.line) == (1, 1)
    # the lead is the widest article with the largest headline
    articles = [p for p in layout.placements if p.kind != "photo" and p.key != "lead"]
    assert all(p.cols <= lead.cols or p.kind == BRIEFS for p in articles)
    assert all(p.candidate.headline_size < lead.candidate.headline_size for p in articles)


def test_same_problem_same_layout():
    problem = mixed_page(13)
    first, second = place(problem), place(problem)
    assert first.placements == second.placements
    assert first.score == second.score


def test_fixed_items_stay_and_are_worked_around():
    problem, _ = planted(712, 10, fixed=3)
    layout = place(problem)
    assert_tiles(problem, layout)
    for f in problem.fixed:
        p = layout.placement(f.key)
        assert (p.col, p.line, p.cols, p.lines) == (f.col, f.line, f.cols, f.lines)
        assert p.fixed


def test_masthead_lines_stay_free():
    problem, _ = planted(9, 9, first_line=17)
    layout = place(problem)
    assert_tiles(problem, layout)
    assert min(p.line for p in layout.placements) == 17
    lead = next(p for p in layout.placements if p.rank == LEAD)
    assert lead.line == 17


def test_content_that_cannot_fit_is_reported_over_not_dropped():
    items = tuple(article(f"a{k}", k, 2600) for k in range(10))
    problem = Problem(8, 1, 116, (), items)
    layout = place(problem)
    assert_tiles(problem, layout)
    assert layout.over, "ten long articles cannot fit one page"
    assert all(lines > 0 for _, lines in layout.over)
    assert {key for key, _ in layout.over} <= {o.key for o in items}
    assert layout.score.by_rule()["overset"] > 0


def test_too_little_content_is_reported_empty_with_its_place():
    items = (article("lead", 0, 900), article("b", 1, 500), article("c", 2, 400))
    problem = Problem(8, 1, 116, (), items)
    layout = place(problem)
    assert_tiles(problem, layout)
    assert layout.over == ()
    empty = sum(a.cells for a in layout.empty)
    used = sum(p.cols * min(p.lines, p.need + p.candidate.grow) for p in layout.placements)
    assert empty >= problem.area - used - 8
    assert layout.empty_lines == -(-empty // 8)
    assert all(a.lines > 0 and a.cols > 0 for a in layout.empty)
    assert layout.score.by_rule()["empty"] > 0


def test_editor_constraints_are_kept():
    base = mixed_page(10).open
    items = list(base)
    items[2] = replace(items[2], side="right")
    items[3] = replace(items[3], cols=2)
    items[4] = replace(items[4], under=items[0].key)
    items[5] = replace(items[5], lines=(20, 30))
    problem = Problem(8, 1, 116, (), tuple(items))
    layout = place(problem)
    assert_tiles(problem, layout)
    right = layout.placement(items[2].key)
    assert right.col + right.cols - 1 == 8
    assert layout.placement(items[3].key).cols == 2
    under, lead = layout.placement(items[4].key), layout.placement(items[0].key)
    assert under.line == lead.last_line + 1
    assert under.col < lead.col + lead.cols and lead.col < under.col + under.cols
    assert 20 <= layout.placement(items[5].key).lines <= 30


def test_photos_are_kept_apart():
    items = (article("lead", 0, 1400, photo=15), article("b", 1, 900), photo("p1", 2),
             photo("p2", 3), article("c", 4, 800), article("d", 5, 700), article("e", 6, 600))
    problem = Problem(8, 1, 116, (), items)
    layout = place(problem)
    assert_tiles(problem, layout)
    assert layout.score.by_rule()["photo-touch"] == 0


@pytest.mark.parametrize("count", [9, 12])
def test_reading_order_follows_rank(count):
    problem = mixed_page(count)
    layout = place(problem)
    order = [p.key for p in layout.placements]          # placements come in reading order
    assert order[0] == "lead"
    ranks = [p.rank for p in layout.placements]
    half = len(ranks) // 2
    # the more important half is, on the whole, read first
    assert sum(sorted(ranks)[:half]) <= sum(ranks[:half]) <= sum(sorted(ranks)[:half]) + 12
    inversions = sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1:] if b < a)
    assert layout.score.by_rule()["order"] == 25 * inversions


def test_an_item_with_no_fitting_width_still_gets_placed():
    wide = OpenItem("wide", 1, "news", (Candidate(8, 8, 20),))
    problem = Problem(8, 1, 116, (), (article("lead", 0, 1200, widths=range(3, 6)), wide,
                                      article("c", 2, 900)))
    layout = place(problem)
    assert_tiles(problem, layout)
    assert layout.placement("wide").cols == 8


@st.composite
def small_problems(draw):
    count = draw(st.integers(2, 7))
    items = []
    for k in range(count):
        if draw(st.booleans()) and k:
            items.append(photo(f"p{k}", k))
        else:
            items.append(article(f"a{k}", k, draw(st.integers(150, 2200)),
                                 draw(st.sampled_from(["news", "commentary", "briefs"]))))
    first = draw(st.sampled_from([1, 17]))
    fixed = ()
    if draw(st.booleans()):
        fixed = (FixedItem("hand", draw(st.integers(1, 6)), draw(st.integers(first, 90)), 3, 20),)
    return Problem(8, first, 116, fixed, tuple(items))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_any_problem_gets_a_tiled_page(problem):
    layout = place(problem, beam=16, rounds=0)
    assert_tiles(problem, layout)
    assert layout.score.total >= 0
    assert place(problem, beam=16, rounds=0).placements == layout.placements
