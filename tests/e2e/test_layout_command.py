"""`banmian layout`: the page grid Banmian finds for the items left open, its
score, and the places written back; `banmian check`: the lines each article
needs at each width, and what a laid-out page cannot fit or leaves empty."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from layout.cli.main import main
from layout.spec.edition import load_edition

from conftest import ROOT

pytestmark = pytest.mark.render   # each test plans an edition

EXAMPLE = ROOT / "editions" / "example"
PARA = "近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，坚定不移地拼经济、招项目、扩投资。"


def copy_of(folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / folder.name
    out.mkdir()
    for entry in folder.iterdir():
        if entry.name == "edition.yaml":
            shutil.copy(entry, out / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, out / entry.name)   # links out of an edition are refused
        else:
            shutil.copy(entry, out / entry.name)
    return out


def one_page(tmp_path: Path, articles: dict[str, int]) -> Path:
    """An edition of one page whose articles (name → paragraphs) are all open."""
    root = tmp_path / "ed"
    (root / "articles").mkdir(parents=True)
    items = []
    for name, paragraphs in articles.items():
        body = "\n\n".join([PARA * 3] * paragraphs)
        (root / "articles" / f"{name}.md").write_text(f"---\nheadline: 高新区{name}工作见实效\n---\n{body}\n",
                                                      "utf-8")
        items.append(f"      - article: articles/{name}.md\n")
    (root / "edition.yaml").write_text("paper: 示例日报\ndate: 2024-11-08\npages:\n  - number: 1\n"
                                       "    items:\n" + "".join(items), "utf-8")
    return root


def test_the_page_grid_and_its_score_are_printed_and_the_places_written(tmp_path, capsys):
    edition = copy_of(EXAMPLE, tmp_path)
    written = tmp_path / "placed.yaml"
    assert main(["layout", str(edition), "--write", str(written)]) == 0
    out = capsys.readouterr().out
    assert "page 3 (区县新闻)" in out and "┌" in out and "┘" in out
    assert "articles/01-manggong.md  at [1, " in out
    assert "bump" in out and "total" in out
    text = written.read_text("utf-8")
    assert "# 评论: boxed, body in Kai" in text and "kind: commentary" in text and "rank: lead" in text
    assert (edition / "edition.yaml").read_text("utf-8") == (EXAMPLE / "edition.yaml").read_text("utf-8")
    # loaded again, every item stands where the layout put it, placed by hand
    shutil.copy(written, edition / "edition.yaml")
    placed, _ = load_edition(str(edition))
    assert all(item.at is not None and item.span is not None for item in placed.pages[0].items)
    assert main(["layout", str(edition)]) == 0
    assert "nothing to lay out" in capsys.readouterr().out


def test_in_place_keeps_the_editors_comments(tmp_path, capsys):
    edition = copy_of(EXAMPLE, tmp_path)
    assert main(["layout", str(edition), "--in-place"]) == 0
    assert "places written to" in capsys.readouterr().out
    text = (edition / "edition.yaml").read_text("utf-8")
    before = (EXAMPLE / "edition.yaml").read_text("utf-8")
    assert [line for line in before.split("\n") if line not in text.split("\n")] == []
    assert text.count("at: [") == 8 and text.count("span: [") == 8


def test_check_gives_the_lines_each_article_needs_at_each_width(tmp_path, capsys):
    assert main(["check", "--json", str(EXAMPLE)]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    fits = {f["article"]: f["data"]["widths"] for f in found if f["code"] == "copy-fit"}
    assert len(fits) == 8
    lead = {w["columns"]: w for w in fits["01-manggong"]}
    assert set(lead) >= {3, 4, 5, 6}
    assert all(w["least"] <= w["most"] for w in lead.values())
    assert lead[3]["least"] > lead[6]["least"]          # narrower, taller


def test_check_says_what_does_not_fit_and_by_how_much(tmp_path, capsys):
    edition = one_page(tmp_path, {f"long{k}": 9 for k in range(12)})
    main(["check", "--json", str(edition)])
    found = json.loads(capsys.readouterr().out)["findings"]
    over = [f for f in found if f["code"] == "layout-over"]
    assert len(over) == 1
    lines = over[0]["data"]["over"]
    assert lines and all(n > 0 for n in lines.values())
    assert {f["article"] for f in found if f["code"] == "overset"} <= {Path(k).stem for k in lines}


def test_check_says_how_many_lines_stay_empty_and_where(tmp_path, capsys):
    edition = one_page(tmp_path, {"short": 2, "shorter": 1})
    main(["check", "--json", str(edition)])
    found = json.loads(capsys.readouterr().out)["findings"]
    empty = [f for f in found if f["code"] == "layout-empty"]
    assert len(empty) == 1 and empty[0]["data"]["lines"] > 20
    assert all(a["span"][0] >= 1 and a["span"][1] >= 1 for a in empty[0]["data"]["areas"])
    assert "stay empty for want of content" in empty[0]["message"]
