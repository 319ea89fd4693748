"""Press-ready photos kept between runs: the same inputs give the very bytes
made the first time, any change makes a new one, a damaged file is made
again, and the folder stays under its size."""
from __future__ import annotations

import os

import pytest
from PIL import Image

from conftest import ROOT
from layout.output import press_cache
from layout.file_digest import file_sha256
from layout.output.press_cache import cached_press_image, press_key
from layout.output.print_images import PressImage, prepare_photo


def _photo(path, size=(300, 200), colour=(200, 40, 30)) -> str:
    Image.new("RGB", size, colour).save(path, quality=90)
    return str(path)


def _never():
    raise AssertionError("made again")


def _key(path, **change):
    args = dict(crop=(0, 0, 300, 200), width=100.0, height=66.0, colour="grey", image_ppi=300.0,
                profile_sha256=None)
    args.update(change)
    return press_key(file_sha256(path), **args)


def test_a_second_run_reads_the_bytes_the_first_made(tmp_path):
    path = _photo(tmp_path / "p.jpg")
    key = _key(path)
    made = cached_press_image(tmp_path / "cache", key,
                              lambda: prepare_photo(path, (0, 0, 300, 200), 100.0, 66.0, "grey", 300.0, None))
    again = cached_press_image(tmp_path / "cache", key, _never)
    assert again == made


@pytest.mark.parametrize("change", [dict(crop=(0, 0, 299, 200)), dict(width=100.5), dict(height=70.0),
                                    dict(colour="cmyk"), dict(image_ppi=200.0),
                                    dict(profile_sha256="ab" * 32)])
def test_every_input_is_in_the_key(tmp_path, change):
    path = _photo(tmp_path / "p.jpg")
    assert _key(path, **change) != _key(path)


def test_another_photo_in_the_same_file_gets_another_key(tmp_path):
    path = _photo(tmp_path / "p.jpg")
    before = _key(path)
    _photo(tmp_path / "p.jpg", colour=(10, 200, 30))
    assert _key(path) != before


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b"not json\n" + b,
                                    lambda b: b.replace(b"\xff\xd8", b"\x00\x00", 1), lambda b: b""])
def test_a_damaged_file_is_made_again(tmp_path, damage):
    path = _photo(tmp_path / "p.jpg")
    key = _key(path)
    make = lambda: prepare_photo(path, (0, 0, 300, 200), 100.0, 66.0, "grey", 300.0, None)  # noqa: E731
    made = cached_press_image(tmp_path / "cache", key, make)
    [kept] = (tmp_path / "cache" / "press").iterdir()
    kept.write_bytes(damage(kept.read_bytes()))
    assert cached_press_image(tmp_path / "cache", key, make) == made
    assert cached_press_image(tmp_path / "cache", key, _never) == made


def test_the_folder_loses_its_least_recently_used_photos_first(tmp_path, monkeypatch):
    image = PressImage(b"\xff\xd8" + b"x" * 1000 + b"\xff\xd9", "L", (10, 10), 300.0, 300.0, "none")
    cache = tmp_path / "cache"
    monkeypatch.setattr(press_cache, "MAX_BYTES", 3500)
    for n, key in enumerate(["a" * 64, "b" * 64, "c" * 64]):
        cached_press_image(cache, key, lambda: image)
        os.utime(cache / "press" / f"{key[:40]}.jpg", ns=(n * 10**9, n * 10**9))
    cached_press_image(cache, "a" * 64, _never)          # used again: now the most recent
    cached_press_image(cache, "d" * 64, lambda: image)   # a fourth passes the limit
    names = sorted(p.name[0] for p in (cache / "press").iterdir())
    assert names == ["a", "c", "d"]


def test_no_cache_directory_or_a_read_only_one_only_costs_time(tmp_path):
    path = _photo(tmp_path / "p.jpg")
    make = lambda: prepare_photo(path, (0, 0, 300, 200), 100.0, 66.0, "grey", 300.0, None)  # noqa: E731
    assert cached_press_image(None, _key(path), make) == make()
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")
    assert cached_press_image(blocked, _key(path), make) == make()


@pytest.mark.render
def test_a_page_rendered_again_takes_its_photos_from_the_cache(tmp_path, font_cache, monkeypatch):
    from layout.output import pdf as pdf_module
    from layout.pipeline import RenderOptions, render
    edition = str(ROOT / "editions" / "xinxiang-daily-2024-11-06")
    render(edition, RenderOptions(out_dir=str(tmp_path / "first"), previews=False, jobs=1), font_cache)
    monkeypatch.setattr(pdf_module, "prepare_photo", lambda *a, **k: _never())
    render(edition, RenderOptions(out_dir=str(tmp_path / "again"), previews=False, jobs=1), font_cache)
    assert (tmp_path / "again" / "p03.pdf").read_bytes() == (tmp_path / "first" / "p03.pdf").read_bytes()
