"""Shared fixtures. The real default fonts are used (the set-up installs them);
the font cache is the user's, so conversions made by a render are reused."""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.fonts.book import FontBook, load_manifest
from layout.fonts.cache import FontCache
from layout.spec.page_style import PageStyle

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"


@pytest.fixture(scope="session")
def font_cache() -> FontCache:
    return FontCache()


@pytest.fixture(scope="session")
def fonts(font_cache) -> FontBook:
    return FontBook(load_manifest(), font_cache)


@pytest.fixture(scope="session")
def style() -> PageStyle:
    return PageStyle()
