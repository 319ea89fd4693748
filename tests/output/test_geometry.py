"""Rectangles of the plan's marks: glyph em boxes and the outline of an
article's area (the union of its headline, columns and photos)."""
from __future__ import annotations

from types import SimpleNamespace

from layout.compose.line_breaker import Glyph
from layout.output.geometry import EM_ABOVE, EM_BELOW, Rect, bounding, glyph_box, union_outline
from layout.plan import TextLine


def _area(loop):
    """Shoelace area of a polygon (positive for clockwise on screen, y down)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(loop, loop[1:] + loop[:1])) / 2


def test_one_rectangle_is_its_four_corners():
    loops = union_outline([Rect(10, 20, 30, 40)])
    assert loops == [[(10, 20), (40, 20), (40, 60), (10, 60)]]
    assert _area(loops[0]) == 30 * 40


def test_overlapping_rectangles_make_one_outline_without_inner_edges():
    # a headline across three columns, two columns under it reaching lower
    loops = union_outline([Rect(0, 0, 300, 50), Rect(0, 40, 100, 200), Rect(110, 40, 100, 100)])
    assert len(loops) == 1
    outline = loops[0]
    assert (0, 0) in outline and (300, 0) in outline and (0, 240) in outline
    # area of the union: 300*50 + 100*190 + 100*90, nothing counted twice
    assert abs(_area(outline)) == 300 * 50 + 100 * 190 + 100 * 90
    # corners only: no point in the middle of a straight edge
    for (x0, y0), (x1, y1), (x2, y2) in zip(outline[-1:] + outline[:-1], outline, outline[1:] + outline[:1]):
        assert not (x0 == x1 == x2 or y0 == y1 == y2)


def test_separate_rectangles_make_separate_loops():
    loops = union_outline([Rect(0, 0, 10, 10), Rect(20, 0, 10, 10)])
    assert sorted(len(loop) for loop in loops) == [4, 4]


def test_rectangles_touching_at_a_corner_close_both_loops():
    loops = union_outline([Rect(0, 0, 10, 10), Rect(10, 10, 10, 10)])
    assert len(loops) == 2
    assert sorted(abs(_area(loop)) for loop in loops) == [100, 100]


def test_a_ring_has_an_outer_and_an_inner_loop():
    ring = [Rect(0, 0, 30, 10), Rect(0, 20, 30, 10), Rect(0, 0, 10, 30), Rect(20, 0, 10, 30)]
    loops = union_outline(ring)
    assert len(loops) == 2
    areas = sorted(_area(loop) for loop in loops)
    # the hole winds the other way: total area is the ring's
    assert sum(areas) == 30 * 30 - 10 * 10
    assert areas[0] < 0 < areas[1]


def _fonts(advance_em=1.0):
    face = SimpleNamespace(advance=lambda ch: advance_em)
    return SimpleNamespace(faces={"serif": face})


def _line(glyphs, x=100.0, baseline=200.0):
    return TextLine(x, baseline, tuple(glyphs), "body", "a", 0, 100.0, 100.0, True)


def test_a_glyph_box_is_its_em_box_on_the_baseline():
    g = Glyph("中", "serif", 10.0, 5.0)
    box = glyph_box(_fonts(), _line([g]), g)
    assert box == Rect(105.0, 200.0 - EM_ABOVE * 10, 10.0, 10.0)
    assert box.bottom == 200.0 + EM_BELOW * 10


def test_a_turned_glyph_runs_down_the_page():
    g = Glyph("2", "serif", 12.0, 0.0, rotate=90)
    box = glyph_box(_fonts(0.5), _line([g], x=50.0, baseline=300.0), g)
    # a quarter turn clockwise: the advance goes down, the glyph's top to the right
    assert box == Rect(50.0 - EM_BELOW * 12, 300.0, 12.0, 6.0)


def test_a_scaled_glyph_is_as_wide_as_it_is_drawn():
    g = Glyph("—", "serif", 10.0, 0.0, hscale=2.0)
    assert glyph_box(_fonts(), _line([g]), g).width == 20.0


def test_bounding_ignores_missing_pieces():
    assert bounding([None, Rect(0, 0, 1, 1), Rect(2, 3, 1, 1)]) == Rect(0, 0, 3, 4)
    assert bounding([None]) is None
