"""Golden plan dumps: the whole plan tree of the reference, demo and torture
editions (modules, text columns, every line with its source offsets and every
glyph's position) compared with the dumps committed under tests/golden/plans.

A change that moves anything on these pages shows here as a readable diff.
When the change is meant, write the new dumps and review them with git diff:

    BANMIAN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/plan/test_golden_plans.py
"""
from __future__ import annotations

import difflib
import os

import pytest

from layout.pipeline import RenderOptions, plan_edition

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "plans"
EDITIONS = {
    "reference": ROOT / "editions" / "xinxiang-daily-2024-11-06",
    "demo": ROOT / "editions" / "shili-ribao-2024-11-08",
    "torture": ROOT / "tests" / "editions" / "torture",
}
UPDATE = os.environ.get("BANMIAN_UPDATE_GOLDEN") == "1"

pytestmark = pytest.mark.render


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_plan_matches_its_golden_dump(name, font_cache):
    _, _, plans, _ = plan_edition(str(EDITIONS[name]), RenderOptions(), font_cache)
    for plan in plans:
        path = GOLDEN / f"{name}-p{plan.number:02d}.txt"
        dump = plan.dump() + "\n"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump, "utf-8")
            continue
        assert path.exists(), f"no golden dump {path.name}: write it with BANMIAN_UPDATE_GOLDEN=1"
        want = path.read_text("utf-8")
        if dump != want:
            diff = "".join(list(difflib.unified_diff(want.splitlines(True), dump.splitlines(True),
                                                     "golden", "now", n=1))[:60])
            pytest.fail(f"page {plan.number} of {name} differs from {path.name}:\n{diff}")


def test_dump_is_the_same_on_a_second_plan(font_cache):
    first = [p.dump() for p in plan_edition(str(EDITIONS["torture"]), RenderOptions(), font_cache)[2]]
    second = [p.dump() for p in plan_edition(str(EDITIONS["torture"]), RenderOptions(), font_cache)[2]]
    assert first == second


def test_pages_set_on_two_cores_are_the_pages_set_on_one(font_cache, monkeypatch):
    from layout import fork_map, pipeline
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    two = [p.dump() for p in plan_edition(str(EDITIONS["demo"]), RenderOptions(), font_cache)[2]]
    monkeypatch.setattr(pipeline, "on_two_cores", lambda calls, weights: [call() for call in calls])
    one = [p.dump() for p in plan_edition(str(EDITIONS["demo"]), RenderOptions(), font_cache)[2]]
    assert two == one
