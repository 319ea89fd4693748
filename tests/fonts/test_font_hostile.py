"""Broken font manifests and font files: input errors naming the manifest line
and the face, never an AttributeError or ReportLab's TTFError; a face that
draws nothing is not taken for one that draws."""
from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

from layout.diagnostics import InputError
from layout.fonts.book import ROLES, FontBook, load_manifest
from layout.fonts.cache import FontCache
from layout.output.pdf import FontRegistrar
from font_builders import with_unknown_maxp_version
from synthetic_fonts import build_face


def manifest(tmp_path: Path, faces: str, roles: str | None = None) -> Path:
    roles = roles if roles is not None else "roles:\n" + "".join(f"  {r}: [f]\n" for r in ROLES)
    path = tmp_path / "fonts.yaml"
    path.write_text(faces + roles, "utf-8")
    return path


def problems(path: Path, cache_dir: Path | None = None) -> list:
    with pytest.raises(InputError) as info:
        book = load_manifest(path)
        FontBook(book, FontCache(cache_dir or path.parent / "cache"))
    return list(info.value.diagnostics)


@pytest.mark.parametrize("faces, roles, words", [
    ("faces: [a, b]\n", None, ("`faces`",)),
    ("faces:\n", None, ("`faces`",)),
    ("faces: {f: x.ttf}\n", "roles: [body]\n", ("`roles`",)),
    ("faces: {f: x.ttf}\n", "roles:\n", ("`roles`",)),
    ("faces: {f: x.ttf}\n", "roles: {body: [[f, f]]}\n", ("one flat list",)),
    ("faces: {f: x.ttf}\n", "roles: {body: {a: f}}\n", ("list of face names",)),
    ("faces: {f: x.ttf}\n", "roles: {body: []}\n", ("list of face names",)),
    ("faces: {f: [x.ttf]}\n", None, ("must be a file path or a mapping",)),
    ("faces: {f: {file: [x.ttf]}}\n", None, ("`file` must be text",)),
    ("faces: {f: {file: x.ttf, index: 1e308}}\n", None, ("index must be a whole number",)),
    ("faces: {f: {file: x.ttf, index: .inf}}\n", None, ("not a usable number",)),
    ("faces: {f: {file: x.ttf, family: {a: 1}}}\n", None, ("`family` must be text",)),
    ("[1, 2]\n", "", ("`faces`",)),
    ("", "", ("`faces`",)),
])
def test_malformed_manifests_are_input_errors(tmp_path, faces, roles, words):
    found = problems(manifest(tmp_path, faces, roles))
    assert any(all(w in d.message + (d.hint or "") for w in words) for d in found), found
    assert all(d.where.file and d.where.file.endswith("fonts.yaml") for d in found)


def font(tmp_path: Path, edit=None, name: str = "face.ttf") -> Path:
    path = build_face("song", tmp_path / name)
    if edit is not None:
        tt = TTFont(str(path))
        edit(tt)
        tt.save(str(path))
    return path


def book_of(tmp_path: Path, path: Path) -> FontBook:
    return FontBook(load_manifest(manifest(tmp_path, f"faces:\n  f: {{file: {path}}}\n")),
                    FontCache(tmp_path / "cache"))


def test_a_font_whose_glyphs_have_no_outlines_is_refused(tmp_path):
    def strip(tt):
        from fontTools.ttLib.tables._g_l_y_f import Glyph
        for name in tt.getGlyphOrder():
            tt["glyf"][name] = Glyph()
    found = problems(manifest(tmp_path, f"faces:\n  f: {{file: {font(tmp_path, strip)}}}\n"))
    assert any("draws no character" in d.message and d.code == "font-bad" for d in found)


def test_a_character_drawn_blank_falls_to_the_next_face(tmp_path):
    def blank_zhong(tt):
        from fontTools.ttLib.tables._g_l_y_f import Glyph
        tt["glyf"][tt.getBestCmap()[ord("中")]] = Glyph()
    broken = font(tmp_path, blank_zhong, "broken.ttf")
    whole = font(tmp_path, None, "whole.ttf")
    roles = "roles:\n" + "".join(f"  {r}: [b, w]\n" for r in ROLES)
    book = FontBook(load_manifest(manifest(tmp_path, f"faces:\n  b: {{file: {broken}}}\n"
                                                     f"  w: {{file: {whole}}}\n", roles)),
                    FontCache(tmp_path / "cache"))
    assert book.resolve("body", "中").id == "w"          # the blank glyph is passed over
    assert book.resolve("body", "国").id == "b"
    assert book.resolve("body", "\u3000").id == "b"      # a space draws nothing by nature


@pytest.mark.parametrize("what", ["woff", "maxp", "truncated", "random", "empty"])
def test_fonts_that_cannot_be_embedded_are_input_errors(tmp_path, what):
    path = font(tmp_path)
    if what == "woff":
        tt = TTFont(str(path))
        tt.flavor = "woff"
        path = tmp_path / "face.woff"
        tt.save(str(path))
    elif what == "maxp":                # a table version ReportLab does not know
        path.write_bytes(with_unknown_maxp_version(path.read_bytes()))
    elif what == "truncated":
        path.write_bytes(path.read_bytes()[:2000])
    elif what == "random":
        path.write_bytes(bytes(range(256)) * 40)
    else:
        path.write_bytes(b"")
    try:
        book = book_of(tmp_path, path)
    except InputError as exc:          # fontTools could not read it: found with the metrics
        found = exc.diagnostics
    else:                              # fontTools could: HarfBuzz cannot subset it
        found = FontRegistrar(book).unembeddable({"f"})
    assert found and all(d.code == "font-bad" and d.severity == "error" for d in found)
    assert found[0].where.file.endswith("fonts.yaml")


def test_an_embeddable_face_is_registered_once_and_remembered(tmp_path):
    book = book_of(tmp_path, font(tmp_path))
    assert FontRegistrar(book).unembeddable({"f"}) == []
    face = book.faces["f"]
    assert book.cache.known_embeddable(face.path, face.index)




def test_a_damaged_gsub_only_costs_the_half_width_forms(tmp_path):
    # the forms of 二分数字 are optional: a face whose GSUB table cannot be
    # read still sets, its digits scaled to half an em instead
    path = build_face("song", tmp_path / "song.ttf")
    font = TTFont(str(path))
    gsub = DefaultTable("GSUB")   # raw bytes, written as they are
    gsub.data = b"\x00\x01\x00\x00\xff\xff\xff\xff\xff\xff"   # offsets past the table's end
    font["GSUB"] = gsub
    font.save(str(path))
    book = FontBook(load_manifest(manifest(tmp_path, f"faces:\n  f: {{file: {path}}}\n")),
                    FontCache(tmp_path / "cache"))
    face = book.faces["f"]
    assert face.has("中") and not face.metrics.half_forms
