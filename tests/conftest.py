"""Shared fixtures.

`fonts` is the real default font set (the set-up installs it); the font cache
is the user's, so conversions made by a render are reused. `test_fonts` is
the small test family of synthetic_fonts.py, built into a temporary folder
once per session, with its own cache there: the composer's unit tests measure
with it, so their widths do not depend on the fonts a machine has.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.fonts.book import FontBook, load_manifest
from layout.fonts.cache import FontCache
from layout.spec.page_style import PageStyle
from synthetic_fonts import write_test_fonts

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"


@pytest.fixture(scope="session")
def font_cache() -> FontCache:
    return FontCache()


@pytest.fixture(scope="session")
def fonts(font_cache) -> FontBook:
    return FontBook(load_manifest(), font_cache)


@pytest.fixture(scope="session")
def test_fonts(tmp_path_factory) -> FontBook:
    folder = tmp_path_factory.mktemp("test-fonts")
    manifest = write_test_fonts(folder)
    return FontBook(load_manifest(manifest), FontCache(folder / "cache"))


@pytest.fixture(scope="session")
def style() -> PageStyle:
    return PageStyle()
