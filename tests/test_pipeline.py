"""The pipeline's own rules: what it asks of the process is given back."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from layout.pipeline import RenderOptions, plan_edition, render

REFERENCE = str(Path(__file__).resolve().parents[1] / "editions" / "xinxiang-daily-2024-11-06")

pytestmark = pytest.mark.render


def test_a_render_leaves_the_collector_as_it_found_it(tmp_path, font_cache):
    assert gc.get_freeze_count() == 0
    render(REFERENCE, RenderOptions(out_dir=str(tmp_path / "out"), previews=False, jobs=1), font_cache)
    plan_edition(REFERENCE, RenderOptions(), font_cache)
    assert gc.get_freeze_count() == 0


def test_a_caller_that_froze_first_keeps_its_objects_frozen(tmp_path, font_cache):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        plan_edition(REFERENCE, RenderOptions(), font_cache)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_render_that_fails_still_unfreezes(tmp_path, font_cache):
    with pytest.raises(Exception):
        render(str(tmp_path / "no-such-edition"), RenderOptions(out_dir=str(tmp_path / "out")), font_cache)
    assert gc.get_freeze_count() == 0
