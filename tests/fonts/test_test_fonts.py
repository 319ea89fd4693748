"""The test font family (tests/synthetic_fonts.py) keeps the promises the
composer's unit tests rely on: known advances, ink on the half of the cell
GB/T 15834 gives each mark, a fallback only the second face has, and the
same bytes on every build."""
from __future__ import annotations

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from layout.fonts.book import ROLES
from synthetic_fonts import CLOSING, FALLBACK_ONLY, HAN, LATIN, OPENING, build_face

HALF = 500


def ink_boxes(face) -> dict[str, tuple]:
    font = TTFont(face.path)
    glyphs = font.getGlyphSet()
    boxes = {}
    for code, name in font.getBestCmap().items():
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        boxes[chr(code)] = pen.bounds
    return boxes


def test_every_role_uses_the_test_faces(test_fonts):
    assert set(test_fonts.faces) == {"song", "hei", "kai"}
    for role in ROLES:
        assert test_fonts.primary(role).id in test_fonts.faces
        assert test_fonts.resolve(role, "中") is not None
    assert not any(face.metrics.is_cff for face in test_fonts.faces.values())


def test_advances_are_the_ones_the_tests_count_with(test_fonts):
    song = test_fonts.faces["song"]
    assert all(song.advance(ch) == 1.0 for ch in HAN)
    assert all(song.advance(ch) == 1.0 for ch in "，。、；：？！“”‘’（）《》「」…\u3000")
    assert all(song.advance(ch) == LATIN[ch] / 1000 for ch in LATIN)
    assert len({LATIN[ch] for ch in "irsBmM"}) == 6          # proportional
    assert song.advance("—") == 0.8 and song.advance("·") == 0.25
    assert test_fonts.faces["kai"].advance("“") == 0.375


def test_ink_on_the_half_of_the_cell_each_mark_keeps(test_fonts):
    boxes = ink_boxes(test_fonts.faces["song"])
    for ch in "，。、；：？！" + CLOSING:
        assert boxes[ch][2] <= HALF, ch            # stops and closing marks: left half
    for ch in OPENING:
        assert boxes[ch][0] >= HALF, ch            # opening marks: right half
    for ch in "︐︑︒":
        assert boxes[ch][0] >= HALF and boxes[ch][1] >= 380, ch   # vertical 、，。: top right
    assert boxes["中"][0] > 0 and boxes["中"][2] < 1000


def test_only_the_second_face_has_the_fallback_character(test_fonts):
    assert not test_fonts.faces["song"].has(FALLBACK_ONLY)
    assert test_fonts.faces["hei"].has(FALLBACK_ONLY)
    assert test_fonts.resolve("body", FALLBACK_ONLY).id == "hei"


@pytest.mark.parametrize("face", ["song", "kai"])
def test_the_same_bytes_on_every_build(tmp_path, face):
    a = build_face(face, tmp_path / "a.ttf").read_bytes()
    b = build_face(face, tmp_path / "b.ttf").read_bytes()
    assert a == b
