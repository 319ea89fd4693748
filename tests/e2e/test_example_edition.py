"""The README's example edition: five articles with no place given, laid out
by Banmian into a full page with nothing overset."""
from __future__ import annotations

import pytest

from layout.pipeline import RenderOptions, plan_edition

from conftest import ROOT

pytestmark = pytest.mark.render


def test_the_example_is_placed_full_and_whole(font_cache):
    _, _, plans, diagnostics = plan_edition(str(ROOT / "editions" / "example"), RenderOptions(), font_cache)
    codes = [d.code for d in diagnostics]
    assert "overset" not in codes and "empty-area" not in codes, codes
    [plan] = plans
    assert all(d.get("lines", 0) <= 2 for d in diagnostics if d.code == "underfull")
    lead = next(a for a in plan.articles if a.id == "01-manggong")
    sizes = {a.id: max(g.size for l in a.lines if l.kind == "headline" for g in l.glyphs) for a in plan.articles}
    assert lead.frame.line == 1 and sizes["01-manggong"] == max(sizes.values())
