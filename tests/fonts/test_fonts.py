"""Fonts: the manifest, fallback chains, user overrides and the on-disk cache."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

import layout.fonts.cache as fontcache_module
from layout.diagnostics import InputError
from layout.fonts.book import OPTIONAL_ROLES, ROLES, FontBook, apply_overrides, load_manifest
from layout.fonts.cache import FontCache
from layout.spec.yaml_source import load_yaml_text

from font_builders import build_tiny_cff

WENKAI = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


# -- fallback chains ---------------------------------------------------------------

def test_body_chain_is_serif_sans_kai(fonts):
    assert [f.id for f in fonts.chain("body")] == ["serif", "sans", "kai", "hanamin-b", "babelstone"]
    assert fonts.primary("body").id == "serif"


def test_resolve_picks_the_first_face_that_has_the_char(fonts):
    assert fonts.resolve("body", "中").id == "serif"
    assert fonts.resolve("byline", "中").id == "kai"       # byline: [kai, serif]
    assert fonts.resolve("headline", "中").id == "sans-black"


def test_resolve_falls_back_to_the_second_face(fonts):
    serif = fonts.faces["serif"].metrics.advances
    sans = fonts.faces["sans"].metrics.advances
    candidates = [cp for cp in sorted(sans) if cp not in serif and chr(cp).isprintable()]
    assert candidates, "Noto Sans CJK covers nothing Noto Serif CJK lacks?"
    for cp in candidates[:5] + candidates[-5:]:
        face = fonts.resolve("body", chr(cp))
        assert face is not None and face.id == "sans", hex(cp)
        assert face.has(chr(cp))
        assert not fonts.faces["serif"].has(chr(cp))


def test_resolve_falls_back_to_the_third_face(fonts):
    serif = fonts.faces["serif"].metrics.advances
    sans = fonts.faces["sans"].metrics.advances
    kai = fonts.faces["kai"].metrics.advances
    candidates = [cp for cp in sorted(kai) if cp not in serif and cp not in sans]
    assert candidates, "LXGW WenKai covers nothing both Noto faces lack?"
    # a Han character (CJK Extension A) when there is one, else anything
    han = [cp for cp in candidates if 0x3400 <= cp <= 0x9FFF] or candidates
    for cp in han[:5]:
        assert fonts.resolve("body", chr(cp)).id == "kai", hex(cp)


def test_char_in_no_face_resolves_to_none(fonts):
    for ch in ("\U00030041", "\U0001F99C"):
        assert all(not f.has(ch) for f in fonts.faces.values())
        assert fonts.resolve("body", ch) is None
        assert fonts.resolve("headline", ch) is None


def test_the_cjk_extensions_come_from_the_fallback_faces(fonts):
    # Extension B (one Noto has, one it lacks), C, D, E, F from HanaMinB; G from BabelStone Han
    in_noto = next(cp for cp in range(0x20000, 0x2A6E0) if fonts.faces["serif"].has(chr(cp)))
    assert fonts.resolve("body", chr(in_noto)).id == "serif"
    for cp in (0x2A6A5, 0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x2EBE0):
        assert fonts.resolve("body", chr(cp)).id == "hanamin-b", hex(cp)
        assert fonts.resolve("headline", chr(cp)).id == "hanamin-b", hex(cp)
    assert fonts.resolve("body", "\U0003134A").id == "babelstone"       # Extension G


def test_a_private_use_character_comes_from_the_first_face_only(fonts):
    """BabelStone Han draws glyphs of its own in the private-use area; they mean
    nothing to a text whose private-use characters came from another font."""
    for ch in ("\ue000", "\U0010FFFD"):
        assert not fonts.primary("body").has(ch)
        assert fonts.resolve("body", ch) is None


def test_resolve_is_memoised_consistently(fonts):
    first = fonts.resolve("caption", "说")
    assert fonts.resolve("caption", "说") is first


def test_advance_in_em(fonts):
    serif = fonts.faces["serif"]
    assert serif.advance("中") == pytest.approx(1.0)
    assert 0.3 < serif.advance("a") < 0.8
    assert serif.advance("\ue000") == 1.0       # a char the face lacks counts as one em


# -- the manifest --------------------------------------------------------------------

def manifest_text(roles_override: dict | None = None, extra_faces: str = "") -> str:
    roles = {role: "[serif, kai]" for role in ROLES}
    roles.update(roles_override or {})
    lines = ["faces:",
             "  serif:",
             f"    file: {SERIF}",
             "    index: 2",
             "    package: fonts-noto-cjk",
             "  kai:",
             f"    file: {WENKAI}",
             "    package: fonts-lxgw-wenkai"]
    lines += extra_faces.splitlines()
    lines.append("roles:")
    lines += [f"  {role}: {chain}" for role, chain in roles.items()]
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str) -> int:
    return next(i for i, l in enumerate(text.splitlines(), 1) if needle in l)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fonts.yaml"
    path.write_text(text, "utf-8")
    return path


def test_default_manifest_loads():
    manifest = load_manifest()
    assert set(manifest.roles) == set(ROLES) | set(OPTIONAL_ROLES)
    assert manifest.roles["body"] == ("serif", "sans", "kai", "hanamin-b", "babelstone")
    assert all(chain[-2:] == ("hanamin-b", "babelstone") for chain in manifest.roles.values())
    assert manifest.faces["hanamin-b"].package == "fonts-hanazono"
    assert manifest.faces["babelstone"].package == "fonts-babelstone-han"
    assert manifest.faces["serif"].index == 2
    assert manifest.faces["serif"].package == "fonts-noto-cjk"


def test_small_manifest_loads(tmp_path, font_cache):
    manifest = load_manifest(write(tmp_path, manifest_text()))
    book = FontBook(manifest, font_cache)
    assert book.resolve("body", "中").id == "serif"


def test_manifest_rejects_unknown_role(tmp_path):
    text = manifest_text({"footnote": "[serif]"})
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_manifest(path)
    d = info.value.diagnostics[0]
    assert "unknown role 'footnote'" in d.message
    assert d.where.file == str(path)
    assert d.where.line == line_of(text, "footnote:")
    assert "body" in d.hint


def test_manifest_rejects_undefined_face_in_chain(tmp_path):
    text = manifest_text({"caption": "[kai, songti]"})
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_manifest(path)
    d = next(d for d in info.value.diagnostics if "songti" in d.message)
    assert "caption" in d.message
    assert d.where.file == str(path)
    assert d.where.line == line_of(text, "caption:")
    assert "serif" in d.hint and "kai" in d.hint


def test_manifest_rejects_missing_role(tmp_path):
    text = manifest_text().replace("  folio: [serif, kai]\n", "")
    with pytest.raises(InputError) as info:
        load_manifest(write(tmp_path, text))
    assert any("folio" in d.message for d in info.value.diagnostics)


def test_manifest_rejects_unknown_face_key(tmp_path):
    text = manifest_text().replace("    package: fonts-lxgw-wenkai", "    pakage: fonts-lxgw-wenkai")
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_manifest(path)
    d = info.value.diagnostics[0]
    assert "pakage" in d.message
    assert d.where.line == line_of(text, "pakage")


def test_manifest_that_is_not_yaml(tmp_path):
    path = write(tmp_path, "faces: [\n")
    with pytest.raises(InputError) as info:
        load_manifest(path)
    assert info.value.diagnostics[0].where.file == str(path)


def test_manifest_file_missing(tmp_path):
    with pytest.raises(InputError) as info:
        load_manifest(tmp_path / "nope.yaml")
    assert "--fonts" in info.value.diagnostics[0].hint


def test_missing_face_file_names_the_debian_package(tmp_path, font_cache):
    extra = ("  ghost:\n"
             "    file: /nonexistent/fonts/GhostSong.ttf\n"
             "    package: fonts-ghost-song\n")
    text = manifest_text({"body": "[ghost, serif]"}, extra)
    path = write(tmp_path, text)
    manifest = load_manifest(path)
    with pytest.raises(InputError) as info:
        FontBook(manifest, font_cache)
    d = info.value.diagnostics[0]
    assert d.code == "font-missing"
    assert "/nonexistent/fonts/GhostSong.ttf" in d.message
    assert "fonts-ghost-song" in d.hint
    assert "apt-get install fonts-ghost-song" in d.hint
    assert d.where.file == str(path)
    assert d.where.line == line_of(text, "ghost:")


def test_unused_missing_face_is_not_an_error(tmp_path, font_cache):
    extra = "  ghost:\n    file: /nonexistent/fonts/GhostSong.ttf\n"
    manifest = load_manifest(write(tmp_path, manifest_text(extra_faces=extra)))
    FontBook(manifest, font_cache)


def test_relative_face_path_is_relative_to_the_manifest(tmp_path):
    text = manifest_text().replace(f"file: {WENKAI}", "file: fonts/Kai.ttf")
    manifest = load_manifest(write(tmp_path, text))
    assert manifest.faces["kai"].file == str(tmp_path / "fonts" / "Kai.ttf")


def test_bad_font_file_is_an_input_error(tmp_path, font_cache):
    bad = tmp_path / "Broken.ttf"
    bad.write_bytes(b"this is not a font")
    text = manifest_text({"body": "[broken, serif]"}, f"  broken:\n    file: {bad}\n")
    with pytest.raises(InputError) as info:
        FontBook(load_manifest(write(tmp_path, text)), font_cache)
    assert info.value.diagnostics[0].code == "font-bad"


# -- user overrides (edition.yaml `fonts:`) ----------------------------------------

def test_override_puts_user_font_at_the_head_of_the_chain(tmp_path, font_cache):
    base = load_manifest()
    manifest = apply_overrides(base, {"body": WENKAI}, str(tmp_path / "edition.yaml"), tmp_path)
    assert manifest.roles["body"][0] == "body:user"
    assert manifest.roles["body"][1:] == base.roles["body"]
    assert manifest.faces["body:user"].file == WENKAI
    assert manifest.roles["caption"] == base.roles["caption"]     # other roles untouched
    assert base.roles["body"][:3] == ("serif", "sans", "kai")      # the base is not changed
    book = FontBook(manifest, font_cache)
    assert book.resolve("body", "中").id == "body:user"
    assert book.resolve("body", "中").path == WENKAI
    # what the user font lacks still comes from the old chain
    serif = book.faces["serif"].metrics.advances
    user = book.faces["body:user"].metrics.advances
    lacking = next(cp for cp in sorted(serif) if cp not in user and cp > 0x3000)
    assert book.resolve("body", chr(lacking)).id == "serif"


def test_override_with_mapping_and_relative_path(tmp_path):
    yaml_text = "fonts:\n  headline:\n    file: myfonts/Bold.ttf\n    index: 0\n"
    overrides = load_yaml_text(yaml_text, "edition.yaml")["fonts"]
    manifest = apply_overrides(load_manifest(), overrides, "edition.yaml", tmp_path)
    assert manifest.roles["headline"][0] == "headline:user"
    assert manifest.faces["headline:user"].file == str(tmp_path / "myfonts" / "Bold.ttf")


def test_override_with_a_manifest_face_name(tmp_path):
    manifest = apply_overrides(load_manifest(), {"body": "kai"}, "edition.yaml", tmp_path)
    assert manifest.roles["body"] == ("kai", "serif", "sans", "hanamin-b", "babelstone")


def test_override_rejects_unknown_role(tmp_path):
    overrides = load_yaml_text("fonts:\n  bodytext: /x.ttf\n", "edition.yaml")["fonts"]
    with pytest.raises(InputError) as info:
        apply_overrides(load_manifest(), overrides, "edition.yaml", tmp_path)
    d = info.value.diagnostics[0]
    assert "bodytext" in d.message
    assert d.where.file == "edition.yaml" and d.where.line == 2


def test_override_with_missing_file_fails_at_fontbook(tmp_path, font_cache):
    manifest = apply_overrides(load_manifest(), {"body": "nope/Song.ttf"}, "edition.yaml", tmp_path)
    with pytest.raises(InputError) as info:
        FontBook(manifest, font_cache)
    d = info.value.diagnostics[0]
    assert d.code == "font-missing"
    assert str(tmp_path / "nope" / "Song.ttf") in d.message


# -- the font cache -------------------------------------------------------------------

@pytest.fixture
def tiny_cff(tmp_path) -> Path:
    return build_tiny_cff(tmp_path / "TinyTest.otf")


def test_metrics_of_a_tiny_font_are_read_and_cached(tmp_path, tiny_cff, monkeypatch):
    cache_dir = tmp_path / "cache"
    cache = FontCache(cache_dir)
    metrics = cache.metrics(str(tiny_cff), 0)
    assert metrics.upem == 1000
    assert metrics.is_cff
    assert metrics.family.startswith("Tiny Test")
    assert metrics.advances == {ord("A"): pytest.approx(0.6), ord("中"): pytest.approx(1.0)}
    assert metrics.shared == ()                               # no two characters share a glyph
    assert not metrics.cid_keyed                              # FontBuilder writes a name-keyed CFF
    assert metrics.descriptor.postscript_name.startswith("TinyTest")
    assert metrics.descriptor.ascent == 880 and metrics.descriptor.descent == -120
    # memoised in the process
    assert cache.metrics(str(tiny_cff), 0) is metrics

    files = list((cache_dir / "metrics").glob("*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text("utf-8"))
    assert stored["upem"] == 1000
    assert stored["cmap"] == [ord("A"), 1, ord("中"), 1]         # code-point ranges
    assert stored["adv"] == [600, 1, 1000, 1]                  # runs of advances
    assert stored["cff"] is True
    digest = cache.sha256(str(tiny_cff))
    assert files[0].name.startswith(f"v{stored['version']}-{digest[:24]}")
    assert (cache_dir / "hashes.json").is_file()

    # a new cache reads the metrics from disk without opening the font
    def no_font(*args, **kwargs):
        raise AssertionError("the font file was opened again")
    monkeypatch.setattr(fontcache_module, "read_face", no_font)
    fresh = FontCache(cache_dir)
    again = fresh.metrics(str(tiny_cff), 0)
    assert again == metrics
    assert fresh.reads == 0 and cache.reads == 1


@pytest.mark.parametrize("damage", [
    {"cmap": [65, 1, 20013]},                     # a range without its count
    {"adv": [600, 1]},                            # fewer advances than code points
    {"cmap": [65, 1, 2 ** 80, 1]},                # a number no array holds
    {"adv": [600, 1, "wide", 1]},
    {"upem": 0},
])
def test_a_damaged_metrics_file_is_read_again(tmp_path, tiny_cff, damage):
    """The advances are made only when first asked for, so the file is
    checked when it is read: a damaged one is read from the font again."""
    cache_dir = tmp_path / "cache"
    FontCache(cache_dir).metrics(str(tiny_cff), 0)
    [stored] = (cache_dir / "metrics").glob("*.json")
    stored.write_text(json.dumps({**json.loads(stored.read_text("utf-8")), **damage}), "utf-8")
    fresh = FontCache(cache_dir)
    metrics = fresh.metrics(str(tiny_cff), 0)
    assert fresh.reads == 1
    assert metrics.advances == {ord("A"): pytest.approx(0.6), ord("中"): pytest.approx(1.0)}
    assert list(metrics.codepoints()) == [ord("A"), ord("中")]


def test_changed_font_file_is_read_again(tmp_path):
    cache_dir = tmp_path / "cache"
    font = build_tiny_cff(tmp_path / "Tiny.otf")
    first = FontCache(cache_dir).metrics(str(font), 0)
    assert ord("中") in first.advances
    # replace the file by a different font at the same path
    other = FontBuilder(1000, isTTF=False)
    other.setupGlyphOrder([".notdef", "B"])
    other.setupCharacterMap({ord("B"): "B"})
    pens = {}
    for name in (".notdef", "B"):
        pen = T2CharStringPen(700, None)
        pen.moveTo((0, 0)); pen.lineTo((0, 500)); pen.lineTo((500, 500)); pen.closePath()
        pens[name] = pen.getCharString()
    other.setupCFF("Other-Regular", {}, pens, {})
    other.setupHorizontalMetrics({".notdef": (700, 0), "B": (700, 0)})
    other.setupHorizontalHeader(ascent=880, descent=-120)
    other.setupNameTable({"familyName": "Other", "styleName": "Regular"})
    other.setupOS2()
    other.setupPost()
    other.save(str(font))
    second = FontCache(cache_dir).metrics(str(font), 0)
    assert set(second.advances) == {ord("B")}


def test_fontbook_over_a_tiny_font(tmp_path, tiny_cff):
    cache = FontCache(tmp_path / "cache")
    roles = "\n".join(f"  {r}: [tiny]" for r in ROLES)
    path = write(tmp_path, f"faces:\n  tiny:\n    file: {tiny_cff}\nroles:\n{roles}\n")
    book = FontBook(load_manifest(path), cache)
    assert book.resolve("body", "中").id == "tiny"
    assert book.resolve("body", "A").advance("A") == pytest.approx(0.6)
    assert book.resolve("body", "国") is None


def test_ink_boxes_are_read_from_the_outlines_once(tmp_path, tiny_cff):
    cache = FontCache(tmp_path / "cache")
    roles = "\n".join(f"  {r}: [tiny]" for r in ROLES)
    book = FontBook(load_manifest(write(tmp_path, f"faces:\n  tiny:\n    file: {tiny_cff}\nroles:\n{roles}\n")),
                    cache)
    boxes = book.ink_boxes("tiny", "A国")
    # the outline's own extent (the curve's top, not its control points), in em
    assert dict(boxes) == {"A": pytest.approx((0.05, 0.0, 0.45, 0.775))}     # 国: not in the face
    assert book.ink_boxes("tiny", "A国") is boxes                             # read once per process
    with pytest.raises(TypeError):
        boxes["B"] = (0, 0, 1, 1)                                             # and shared read-only


def test_unreadable_outlines_give_no_ink_boxes(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    assert dict(FontCache(tmp_path / "cache").ink_boxes(str(bad), 0, "A")) == {}


def test_fonts_command_reads_every_face_into_the_cache(tmp_path, monkeypatch, capsys):
    from layout.cli.main import main
    first = build_tiny_cff(tmp_path / "a.otf")
    second = tmp_path / "b.otf"
    other = TTFont(str(first))
    other["name"].setName("Tiny Other", 1, 3, 1, 0x409)  # another file, another hash
    other.save(str(second))
    manifest = tmp_path / "fonts.yaml"
    manifest.write_text(
        "faces:\n  a: {file: a.otf}\n  b: {file: b.otf}\nroles:\n"
        + "".join(f"  {role}: [a, b]\n" for role in ROLES), "utf-8")
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("BANMIAN_CACHE_DIR", str(cache_dir))
    assert main(["fonts", "--fonts", str(manifest)]) == 0
    assert len(list((cache_dir / "metrics").glob("*.json"))) == 2
    again = FontCache(cache_dir)
    for font in (first, second):
        again.metrics(str(font), 0)
    assert again.reads == 0
    out = capsys.readouterr().out
    assert "CFF " in out and "TrueType" not in out
    assert not (cache_dir / "truetype").exists()   # nothing is converted any more


def test_an_optional_role_left_out_takes_its_stand_in_chain(tmp_path):
    from layout.fonts.book import DEFAULT_MANIFEST
    text = DEFAULT_MANIFEST.read_text("utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("commentary:"))
    path = tmp_path / "fonts.yaml"
    path.write_text(text, "utf-8")
    manifest = load_manifest(str(path))
    assert manifest.roles["commentary"] == manifest.roles[OPTIONAL_ROLES["commentary"]]


def test_advance_of_is_the_advances_table_without_making_it(fonts):
    import random
    rng = random.Random(7)
    for face in fonts.faces.values():
        metrics = face.metrics
        table = dict(metrics.advances)
        asked = list(table)[::11] + [rng.randrange(0x110000) for _ in range(2000)]
        asked += [0, 0x10FFFF, min(table) - 1, max(table) + 1]
        for cp in asked:
            assert metrics.advance_of(cp) == table.get(cp), (face.id, hex(cp))


def test_the_hash_index_forgets_files_changed_or_gone(tmp_path):
    cache = FontCache(tmp_path / "cache")
    kept, gone, changed = (tmp_path / name for name in ("kept.bin", "gone.bin", "changed.bin"))
    for path in (kept, gone, changed):
        path.write_bytes(path.name.encode())
        cache.sha256(str(path))
    gone.unlink()
    changed.write_bytes(b"another length")
    fresh = tmp_path / "fresh.bin"
    fresh.write_bytes(b"new")
    FontCache(tmp_path / "cache").sha256(str(fresh))          # a new entry: the index is written
    index = json.loads((tmp_path / "cache" / "hashes.json").read_text("utf-8"))
    named = sorted(key.rsplit("|", 2)[0].rsplit("/", 1)[-1] for key in index)
    assert named == ["fresh.bin", "kept.bin"]
