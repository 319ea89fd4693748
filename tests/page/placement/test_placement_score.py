"""Each rule of the layout score, seen to cost on a page that breaks it and
nothing on one that keeps it."""
from __future__ import annotations

from layout.page.placement.problem import (BRIEFS, COMMENTARY, NEWS, PHOTO, PHOTO_NEWS, Candidate,
                                           FixedItem, OpenItem, Problem)
from layout.page.placement.score import (RULES, EmptyArea, Placement, empty_areas, evaluate,
                                         fixed_placement, open_placement, reading_order, with_rules)


def item(key, rank, kind=NEWS):
    return OpenItem(key, rank, kind, (Candidate(1, 1, 1),))


def module(key, rank, col, line, cols, lines, need=None, size=None, kind=NEWS, grow=2, photo=0):
    cand = Candidate(cols, cols, need or lines, size, photo, grow, photo)
    return open_placement(item(key, rank, kind), cand, col, line, lines, False)


def costs(placements, first=1, last=116, columns=8):
    return evaluate(Problem(columns, first, last), placements).by_rule()


def two_halves(**changes):
    """The page cut in two side-by-side halves, each module needing all of it."""
    a = dict(key="a", rank=0, col=1, line=1, cols=4, lines=116, size=42.0)
    b = dict(key="b", rank=1, col=5, line=1, cols=4, lines=116, size=24.0)
    for k, v in changes.items():
        target, field = k.split("_", 1)
        (a if target == "a" else b)[field] = v
    return [module(**a), module(**b)]


def test_every_rule_is_named_with_a_source():
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    assert all(r.source and r.cost > 0 and r.title for r in RULES)
    assert set(costs(two_halves())) == set(names)


def test_a_good_page_costs_nothing():
    lead = module("a", 0, 1, 1, 8, 58, need=57, size=42.0)
    second = module("b", 1, 1, 59, 8, 58, size=24.0)
    found = costs([lead, second])
    assert all(v == 0 for v in found.values()), found
    assert costs(two_halves(b_kind=PHOTO_NEWS, b_cols=3, b_col=6, a_cols=5))["bump"] == 0


def test_bump_side_by_side_headlines():
    """撞题: headline groups side by side at the same height; a sixth of it when
    one headline is half as large again as the other (字号区别)."""
    assert costs(two_halves(a_size=26.0))["bump"] == 100
    assert costs(two_halves())["bump"] == round(100 / 6, 6)       # 42 pt beside 24 pt
    a, b = two_halves(a_size=26.0)
    head = Candidate(4, 4, 114, 24.0, head_lines=4)
    b2 = open_placement(item("b", 1), head, 5, 3, 114, False)        # its headline overlaps a's
    assert evaluate(Problem(8, 1, 116), [a, b2]).by_rule()["bump"] == 100
    b3 = open_placement(item("b", 1), head, 5, 20, 97, False)        # well below a's headline group
    assert evaluate(Problem(8, 1, 116), [a, b3]).by_rule()["bump"] == 0
    picture = module("b", 1, 5, 1, 4, 116, size=24.0, kind=PHOTO_NEWS)
    assert evaluate(Problem(8, 1, 116), [a, picture]).by_rule()["bump"] == 0


def test_overset_and_empty_are_priced_by_the_cells():
    found = costs(two_halves(a_need=118))
    assert found["overset"] == 400 * 2 * 4
    found = costs(two_halves(b_need=100))
    assert found["empty"] == 40 * (116 - 100 - 2) * 4
    assert found["slack"] == 2 * 4


def test_uncovered_cells_are_empty_areas():
    a = module("a", 0, 1, 1, 8, 100, size=42.0)
    problem = Problem(8, 1, 116)
    areas = empty_areas(problem, with_rules(problem, [a]))
    assert areas == (EmptyArea(1, 101, 8, 16, None),)
    assert evaluate(problem, [a]).by_rule()["empty"] == 40 * 8 * 16


def test_a_module_with_one_below_gives_a_line_to_the_rule():
    top = module("a", 0, 1, 1, 8, 50, need=50, size=42.0)
    low = module("b", 1, 1, 51, 8, 66, size=24.0)
    problem = Problem(8, 1, 116)
    ruled = {p.key: p for p in with_rules(problem, [top, low])}
    assert ruled["a"].rule_below and not ruled["b"].rule_below
    assert ruled["a"].over == 1


def test_lead_headline_width_and_headline_ranks():
    assert costs(two_halves(b_size=42.0))["lead-headline"] == 1000
    assert costs(two_halves(a_cols=3, b_col=4, b_cols=5))["lead-width"] == 60
    three = two_halves(b_lines=58) + [module("c", 2, 5, 59, 4, 58, size=26.0)]
    found = evaluate(Problem(8, 1, 116), three).by_rule()
    assert found["headline-rank"] == 15


def test_reading_order_follows_rank():
    a, b = two_halves(b_rank=3)
    c = module("c", 1, 5, 60, 4, 57, size=20.0)
    b = module("b", 3, 5, 1, 4, 59, size=20.0)
    found = evaluate(Problem(8, 1, 116), [a, b, c]).by_rule()
    assert found["order"] == 25                  # c (rank 1) is read after b (rank 3)
    assert [p.key for p in reading_order([c, b, a])] == ["a", "b", "c"]


def test_photos_apart():
    a = module("a", 0, 1, 1, 8, 50, size=42.0)
    p = module("p", 1, 1, 51, 4, 66, kind=PHOTO)
    q = module("q", 2, 5, 51, 4, 66, kind=PHOTO_NEWS, size=18.0)
    assert evaluate(Problem(8, 1, 116), [a, p, q]).by_rule()["photo-touch"] == 80


def test_shapes_and_crops():
    tall = costs(two_halves(a_cols=1, b_col=2, b_cols=7))
    assert tall["shape"] > 40
    assert costs(two_halves(b_kind=BRIEFS))["shape"] == 0
    narrow = costs(two_halves(b_kind=COMMENTARY))
    assert narrow["shape"] == 0
    photo = open_placement(item("p", 1, PHOTO), Candidate(4, 4, 80, None, 80, 40, 40), 5, 1, 116, False)
    found = evaluate(Problem(8, 1, 116), [module("a", 0, 1, 1, 4, 116, size=42.0), photo]).by_rule()
    assert found["crop"] == 2 * abs(116 - (80 + 20))


def test_fixed_modules_cost_nothing_of_their_own():
    f = fixed_placement(FixedItem("hand", 1, 1, 8, 116))
    assert f.fixed and f.over == 0 and f.empty == 0
    assert evaluate(Problem(8, 1, 116, (FixedItem("hand", 1, 1, 8, 116),)), [f]).total == 0


def test_the_score_table_lists_every_rule():
    table = evaluate(Problem(8, 1, 116), two_halves()).table()
    assert all(r.name in table for r in RULES)
    assert table.splitlines()[-1].split() == ["total", "16.7"]


def test_placement_arithmetic():
    p = Placement("x", 1, 1, 3, 40, NEWS, Candidate(3, 3, 30, None, 10, 8, 6), 2, True)
    assert p.need == 31 and p.over == 0 and p.empty == 1 and p.photo_lines == 16
