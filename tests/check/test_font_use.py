"""check/font_use.py: font use read from the page plans — the role each
printed character is set in, the characters no face has (headlines, masthead
and jump lines included) and the per-role coverage notes of the preflight."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from layout.check.font_use import KIND_ROLES, font_use, set_chars
from layout.pipeline import preflight_edition
from layout.pipeline import plan_edition

from conftest import REFERENCE, ROOT

RARE = "\U00030041"      # in none of the default faces
EDITIONS = [REFERENCE, ROOT / "editions" / "shili-ribao-2024-11-08", ROOT / "tests" / "editions" / "torture"]


def write_edition(root: Path, front: str, body: str = "正文第一段。", item: str = "", masthead: str = "",
                  number: int = 2) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.md").write_text(f"---\nheadline: 测试标题\n{front}---\n\n{body}\n", "utf-8")
    (root / "edition.yaml").write_text(textwrap.dedent(f"""\
        paper: 示例日报
        date: 2024-11-06
        {masthead}
        pages:
          - number: {number}
            items:
              - article: articles/a.md
                at: [{"1, 17" if masthead else "1, 1"}]
                span: [3, 40]
        {item}
        """), "utf-8")
    return root


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda p: p.name)
def test_every_printed_character_has_a_role_that_gives_its_face(edition, font_cache):
    _, fonts, plans, _ = plan_edition(str(edition), cache=font_cache)
    kinds = {line.kind for plan in plans for line in plan.lines + plan.reversed_lines}
    assert kinds <= set(KIND_ROLES), kinds - set(KIND_ROLES)
    chars = set_chars(plans, fonts)
    assert chars
    for c in chars:
        face = fonts.resolve(c.role, c.ch)
        assert (face.id if face else None) == c.face, c
        assert c.role in KIND_ROLES[c.kind]


def test_a_body_line_holds_lead_body_and_byline(tmp_path, font_cache):
    root = write_edition(tmp_path / "ed", "lead: 本报讯\nbyline: 高创\n")
    _, fonts, plans, _ = plan_edition(str(root), cache=font_cache)
    roles = {}
    for c in set_chars(plans, fonts):
        if c.kind == "body":
            roles.setdefault(c.role, set()).add(c.ch)
    assert roles["lead"] == set("本报讯")
    assert set("高创") <= roles["byline"] and set("正文第一段") <= roles["body"]
    assert not set("正文第一段") & roles["byline"]


def test_missing_characters_of_kicker_deck_and_jump_line_come_from_the_plan(tmp_path, font_cache):
    root = write_edition(tmp_path / "ed", f"kicker: 引题{RARE}\ndeck: 副题{RARE}\ncontinued: 下转第九版\n")
    result = preflight_edition(str(root))
    missing = [d for d in result.diagnostics if d.code == "missing-glyph"]
    # one character, one article: one error, at the first line that sets it (the kicker)
    d, = missing
    assert d.severity == "error" and d.get("char") == RARE and d.get("role") == "kicker"
    assert d.where.file.endswith("articles/a.md") and d.where.line == 3
    assert d.where.page == 2 and d.where.article == "a"
    coverage = {d.get("role"): d for d in result.diagnostics if d.code == "font-coverage"}
    assert coverage["kicker"].get("missing") == RARE and coverage["deck"].get("missing") == RARE
    assert "1 in no face" in coverage["deck"].message and coverage["deck"].message.startswith("role deck: ")
    # the jump line 下转第九版 is printed, and counted in its role
    assert {"下", "转", "九"} <= {c.ch for c in set_chars(result.plans, _fonts(root, font_cache))
                                  if c.role == "folio" and c.kind == "continued"}


def test_missing_character_of_a_vertical_headline(tmp_path, font_cache):
    root = write_edition(tmp_path / "ed", "", body="正文。" * 40)
    spec = root / "edition.yaml"
    spec.write_text(spec.read_text("utf-8").replace("span: [3, 40]", "span: [3, 40]\n        vertical_headline: right"),
                    "utf-8")
    (root / "articles" / "a.md").write_text(f"---\nheadline: 竖排{RARE}标题\n---\n\n" + "正文。" * 40 + "\n",
                                            "utf-8")
    result = preflight_edition(str(root))
    d, = [d for d in result.diagnostics if d.code == "missing-glyph"]
    assert d.get("role") == "headline" and d.where.line == 2 and "U+30041" in d.message


def test_a_character_the_planner_reports_is_not_reported_again(tmp_path, font_cache):
    masthead = f"masthead: {{publisher: 示例{RARE}日报社出版}}"
    root = write_edition(tmp_path / "ed", "", body=f"生僻字{RARE}在正文。", masthead=masthead, number=1)
    _, fonts, plans, planned = plan_edition(str(root), cache=font_cache)
    reported = [d for d in planned if d.code == "missing-glyph"]
    assert {d.where.article for d in reported} == {"a", "masthead"}
    assert not [d for d in font_use(_edition(root), plans, fonts, reported) if d.code == "missing-glyph"]
    # without the planner's reports, the plan alone finds both
    found = [d for d in font_use(_edition(root), plans, fonts, []) if d.code == "missing-glyph"]
    assert {(d.where.article, d.get("role")) for d in found} == {("a", "body"), ("masthead", "body")}


def _edition(root: Path):
    from layout.spec.edition import load_edition
    return load_edition(str(root))[0]


def _fonts(root: Path, cache):
    return plan_edition(str(root), cache=cache)[1]
