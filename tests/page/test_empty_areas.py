"""Blank parts of the type area are found and reported (a blank quarter page
used to pass `banmian check`)."""
from __future__ import annotations

from dataclasses import dataclass

from layout.page.empty_areas import EmptyArea, empty_areas


@dataclass
class Item:
    at: tuple[int, int] | None
    span: tuple[int, int] | None


def test_a_full_page_has_no_empty_area():
    items = [Item((1, 1), (8, 40)), Item((1, 41), (3, 76)), Item((4, 41), (5, 76))]
    assert empty_areas(items, 8, 116) == []


def test_a_blank_quarter_is_one_rectangle():
    items = [Item((1, 1), (8, 58)), Item((1, 59), (4, 58))]
    assert empty_areas(items, 8, 116) == [EmptyArea(5, 59, 4, 58)]


def test_the_masthead_lines_are_not_empty():
    items = [Item((1, 17), (8, 100))]
    assert empty_areas(items, 8, 116, first_line=17) == []
    assert empty_areas(items, 8, 116) == [EmptyArea(1, 1, 8, 16)]


def test_items_still_to_be_placed_cover_nothing():
    assert empty_areas([Item(None, None)], 2, 10) == [EmptyArea(1, 1, 2, 10)]


def test_a_hole_between_modules():
    items = [Item((1, 1), (2, 10)), Item((1, 14), (2, 3))]
    assert empty_areas(items, 2, 16) == [EmptyArea(1, 11, 2, 3)]
