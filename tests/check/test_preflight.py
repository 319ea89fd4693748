"""The preflight (`banmian check EDITION`): each problem an edition can have
before press is found and reported with its code, severity, page and place;
the exit status follows the worst finding; nothing is written."""
from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from layout.cli.main import main
from layout.diagnostics import Diagnostic
from layout.check.preflight import inspect_image, jump_page
from layout.pipeline import preflight_edition

from conftest import REFERENCE

PARA = ("近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，"
        "坚定不移地拼经济、招项目、扩投资，厚植招商“沃土”，激活发展“春水”。")


def article(body: str = PARA, front: str = "", headline: str = "高新区满弓紧弦铆足劲") -> str:
    return (f"---\nheadline: {headline}\nlead: 本报讯\nbyline: 高创\n{front}---\n\n{body}\n")


def write_edition(root: Path, pages: str, articles: dict[str, str] | None = None,
                  photos: dict[str, Image.Image] | None = None) -> Path:
    """An edition folder: `pages` is the YAML of the `pages:` list."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "photos").mkdir(exist_ok=True)
    for name, text in (articles if articles is not None else {"a.md": article()}).items():
        (root / "articles" / name).write_text(text, "utf-8")
    for name, image in (photos or {}).items():
        image.save(root / "photos" / name)
    (root / "edition.yaml").write_text(
        "paper: 示例日报\ndate: 2024-11-06\npages:\n" + textwrap.indent(textwrap.dedent(pages), "  "), "utf-8")
    return root


ONE_ARTICLE = """\
- number: 2
  section: 要闻
  items:
    - article: articles/a.md
      at: [1, 1]
      span: [2, 16]
"""


def run(args: list[str], capsys) -> tuple[int, dict, str]:
    """`banmian check --json …`: the exit status, the JSON object and stderr."""
    status = main(["check", "--json", *args])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def by_code(data: dict, code: str) -> list[dict]:
    return [f for f in data["findings"] if f["code"] == code]


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


# -- the reference edition ------------------------------------------------------

def test_reference_edition_passes_with_low_res_photos_and_a_jump_to_another_edition(
        tmp_path, monkeypatch, capsys):
    if not all((REFERENCE / "photos" / n).is_file() for n in ("meeting.png", "feiyi.png", "jiaojing.png")):
        pytest.skip("the reference photos are fetched by setup.sh (scripts/fetch_photos.py)")
    monkeypatch.chdir(tmp_path)
    before = snapshot(REFERENCE)
    status, data, err = run([str(REFERENCE)], capsys)
    assert status == 0, err
    findings = data["findings"]
    assert not [f for f in findings if f["severity"] == "error"]
    warnings = [f for f in findings if f["severity"] == "warning"]
    assert Counter(f["code"] for f in warnings) == {"photo-low-res": 3}
    assert {f["article"] for f in warnings} == {"02-huiyi", "06-feiyi", "08-jiaojing"}
    assert all(f["page"] == 3 for f in warnings)
    # the commentary's 下转第四版 goes to a page this edition does not have: a note
    jump, = by_code(data, "jump-missing")
    assert jump["severity"] == "note" and jump["article"] == "04-wushiburao" and jump["page"] == 3
    assert jump["data"]["target_page"] == 4 and jump["where"].endswith("04-wushiburao.md:4")
    coverage = {f["data"]["role"]: f for f in by_code(data, "font-coverage")}
    assert {"body", "headline", "caption", "folio"} <= set(coverage)
    assert all(f["data"]["covered"] == f["data"]["chars"] and not f["data"]["missing"]
               for f in coverage.values())
    assert coverage["body"]["data"]["chars"] > 500
    assert data["summary"]["families"] == ["preflight"] and data["summary"]["pages"] == 1
    assert data["summary"]["warnings"] == 3 and data["summary"]["errors"] == 0
    # warnings fail under --strict; the table names each finding and ends with the summary
    assert main(["check", "--strict", str(REFERENCE)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["severity", "code", "where", "message"]
    assert f"{REFERENCE}: page 3" in out and f"{REFERENCE}: the edition" in out
    assert any(line.startswith("warning") and "photo-low-res" in line and "articles/06-feiyi.md:5" in line
               for line in out)
    assert out[-1] == "preflight: 1 edition(s) of 1 page(s) checked: 0 error(s), 3 warning(s), " \
        f"{data['summary']['notes']} note(s)"
    # nothing written: no build folder, the edition untouched
    assert list(tmp_path.iterdir()) == []
    assert snapshot(REFERENCE) == before


# -- one problem at a time ---------------------------------------------------------

def test_missing_and_low_res_photos(tmp_path, capsys):
    pages = ONE_ARTICLE + """\
    - photo: {file: photos/none.jpg, caption: 会议现场。, credit: 高创 摄}
      at: [3, 1]
      span: [3, 16]
    - photo: {file: photos/tiny.png, caption: 小图。}
      at: [6, 1]
      span: [3, 16]
"""
    root = write_edition(tmp_path / "ed", pages, photos={"tiny.png": Image.new("L", (60, 40), 128)})
    status, data, _ = run([str(root)], capsys)
    assert status == 1
    missing, = by_code(data, "photo-missing")
    assert missing["severity"] == "error" and missing["page"] == 2
    assert missing["where"] == f"{root}/edition.yaml:10:17"   # the `file:` of the photo
    low, = by_code(data, "photo-low-res")
    assert low["severity"] == "warning" and low["page"] == 2 and low["data"]["ppi"] < 150


def test_low_res_alone_passes_but_not_under_strict(tmp_path, capsys):
    pages = ONE_ARTICLE + """\
    - photo: {file: photos/tiny.png, caption: 小图。}
      at: [3, 1]
      span: [3, 16]
"""
    root = write_edition(tmp_path / "ed", pages, photos={"tiny.png": Image.new("RGB", (60, 40), "red")})
    status, data, _ = run([str(root)], capsys)
    assert status == 0 and data["summary"]["errors"] == 0 and by_code(data, "photo-low-res")
    status, data, _ = run(["--strict", str(root)], capsys)
    assert status == 1 and data["summary"]["strict"] is True and data["summary"]["status"] == 1


def test_photo_colour_modes_are_reported_with_what_they_are(tmp_path, capsys):
    transparent = Image.new("RGBA", (1200, 800), (200, 30, 30, 255))
    transparent.paste((0, 0, 0, 0), (0, 0, 300, 300))
    palette = Image.new("RGB", (1200, 800), "blue").convert("P")
    photos = {"cmyk.jpg": Image.new("CMYK", (1200, 800), (0, 50, 100, 0)),
              "alpha.png": transparent,
              "opaque.png": Image.new("RGBA", (1200, 800), (10, 20, 30, 255)),
              "palette.png": palette,
              "deep.png": Image.new("I;16", (1200, 800), 30000),
              "plain.jpg": Image.new("RGB", (1200, 800), "green")}
    items = "".join(f"""\
    - photo: {{file: photos/{name}, caption: 图片说明。}}
      at: [{3 + 3 * (i % 2)}, {1 + 20 * (i // 2)}]
      span: [3, 18]
""" for i, name in enumerate(photos))
    root = write_edition(tmp_path / "ed", ONE_ARTICLE + items, photos=photos)
    status, data, _ = run([str(root)], capsys)
    found = {f["data"]["photo"]: f for f in by_code(data, "photo-colour")}
    assert set(found) == {f"photos/{n}" for n in photos if n != "plain.jpg"}
    assert {name: f["severity"] for name, f in found.items()} == {
        "photos/cmyk.jpg": "warning", "photos/alpha.png": "warning", "photos/opaque.png": "note",
        "photos/palette.png": "note", "photos/deep.png": "note"}
    assert "CMYK JPEG" in found["photos/cmyk.jpg"]["message"]
    assert "transparent pixels" in found["photos/alpha.png"]["message"]
    assert "16-bit" in found["photos/deep.png"]["message"]
    assert "palette" in found["photos/palette.png"]["message"]
    assert all("converted to grey" in f["message"] for f in found.values())
    assert all(f["page"] == 2 and f["data"]["page_colour"] == "grey" for f in found.values())
    assert status == 0          # warnings and notes: the page can still be printed
    # on a CMYK page a CMYK original keeps its separations: a note
    (root / "edition.yaml").write_text((root / "edition.yaml").read_text("utf-8").replace(
        "    section: 要闻\n", "    section: 要闻\n    colour: cmyk\n"), "utf-8")
    status, data, _ = run([str(root)], capsys)
    found = {f["data"]["photo"]: f for f in by_code(data, "photo-colour")}
    cmyk = found["photos/cmyk.jpg"]
    assert cmyk["severity"] == "note" and "separations" in cmyk["message"]
    assert "converted to CMYK" in found["photos/palette.png"]["message"]


def test_a_photo_that_does_not_decode_is_an_error(tmp_path):
    path = tmp_path / "cut.png"
    Image.new("RGB", (400, 300), "red").save(path)
    path.write_bytes(path.read_bytes()[:200])
    severity, code, message = inspect_image(str(path))
    assert (severity, code) == ("error", "photo-bad") and "cannot be decoded" in message


def test_overset_article_with_lines_and_characters(tmp_path, capsys):
    root = write_edition(tmp_path / "ed", ONE_ARTICLE.replace("[2, 16]", "[2, 10]"),
                         {"a.md": article("\n\n".join([PARA * 3] * 3))})
    status, data, _ = run([str(root)], capsys)
    assert status == 1
    overset, = by_code(data, "overset")
    assert overset["severity"] == "error" and overset["article"] == "a" and overset["page"] == 2
    assert overset["data"]["lines"] > 3 and overset["data"]["chars"] > 50
    assert "overset" in overset["message"] and "lines" in overset["message"]


def test_missing_glyph_in_body_and_headline(tmp_path, capsys):
    rare = "\U00030041"
    root = write_edition(tmp_path / "ed", ONE_ARTICLE,
                         {"a.md": article(f"第一段。\n\n第二段有个生僻字{rare}在这里。", headline=f"生僻字{rare}标题")})
    status, data, _ = run([str(root)], capsys)
    assert status == 1
    missing = by_code(data, "missing-glyph")
    assert len(missing) == 1          # one character, one article: one finding
    assert missing[0]["severity"] == "error" and missing[0]["data"]["char"] == rare
    assert missing[0]["page"] == 2 and missing[0]["article"] == "a"
    # the headline alone has it: the planner does not look at headlines, the preflight does
    root = write_edition(tmp_path / "ed2", ONE_ARTICLE, {"a.md": article(headline=f"生僻字{rare}标题")})
    status, data, _ = run([str(root)], capsys)
    head, = by_code(data, "missing-glyph")
    assert status == 1 and head["data"]["role"] == "headline" and "U+30041" in head["message"]
    assert head["where"] == f"{root}/articles/a.md:2"
    coverage = {f["data"]["role"]: f for f in by_code(data, "font-coverage")}
    assert coverage["headline"]["data"]["missing"] == rare
    assert coverage["headline"]["data"]["covered"] == coverage["headline"]["data"]["chars"] - 1
    assert "1 in no face" in coverage["headline"]["message"]


@pytest.mark.parametrize("pages, words", [
    (ONE_ARTICLE + "    - article: articles/b.md\n      at: [2, 10]\n      span: [2, 10]\n",
     ["edition.yaml:10:", "overlaps the item at line 7"]),
    (ONE_ARTICLE.replace("[2, 16]", "[9, 16]"), ["edition.yaml:9:", "runs off the grid"]),
    (ONE_ARTICLE + "    - continues: articles/zzz.md\n      at: [3, 1]\n      span: [2, 10]\n",
     ["edition.yaml:10:", "names no article"]),
])
def test_spec_errors_are_unusable_input(tmp_path, monkeypatch, capsys, pages, words):
    root = write_edition(tmp_path / "ed", pages, {"a.md": article(), "b.md": article()})
    monkeypatch.chdir(tmp_path)
    status, data, err = run([str(root)], capsys)
    assert status == 2
    assert all(w in err for w in words), err
    assert "Traceback" not in err and "not checked" in err
    assert data["summary"]["unusable"] == 1 and data["summary"]["status"] == 2
    assert data["findings"] and all(f["severity"] == "error" and f["family"] == "input"
                                    for f in data["findings"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ed"]     # no build folder
    # without --json: the same errors on stderr, the summary on stdout
    assert main(["check", str(root)]) == 2
    captured = capsys.readouterr()
    assert all(w in captured.err for w in words)
    assert "1 input(s) unusable" in captured.out


def test_missing_edition_or_font_manifest(tmp_path, capsys):
    status, data, err = run([str(tmp_path / "nowhere")], capsys)
    assert status == 2 and "no such file or edition folder" in err
    (tmp_path / "empty").mkdir()
    status, data, err = run([str(tmp_path / "empty")], capsys)
    assert status == 2 and "no edition.yaml" in err
    root = write_edition(tmp_path / "ed", ONE_ARTICLE)
    status, data, err = run(["--fonts", str(tmp_path / "none.yaml"), str(root)], capsys)
    assert status == 2 and "cannot read the font manifest" in err and "Traceback" not in err


# -- jumps (转版) ------------------------------------------------------------------

def test_jump_line_to_a_page_not_in_the_edition_is_a_note(tmp_path, capsys):
    root = write_edition(tmp_path / "ed", ONE_ARTICLE, {"a.md": article(front="continued: 下转第九版\n")})
    status, data, _ = run(["--strict", str(root)], capsys)
    jump, = by_code(data, "jump-missing")
    assert jump["severity"] == "note" and jump["data"]["target_page"] == 9 and jump["page"] == 2
    assert jump["where"] == f"{root}/articles/a.md:5"
    assert data["summary"]["errors"] == 0
    assert status == (1 if data["summary"]["warnings"] else 0)


def test_jump_line_to_a_page_of_the_edition_without_the_continuation_is_a_warning(tmp_path, capsys):
    pages = ONE_ARTICLE + """\
- number: 3
  items:
    - article: articles/b.md
      at: [1, 1]
      span: [2, 16]
"""
    root = write_edition(tmp_path / "ed", pages, {"a.md": article(front="continued: 下转第三版\n"),
                                                  "b.md": article()})
    status, data, _ = run([str(root)], capsys)
    jump, = by_code(data, "jump-missing")
    assert jump["severity"] == "warning" and jump["data"]["target_page"] == 3
    assert "continues: articles/a.md" in jump["hint"]


def test_continuation_too_small_is_overset(tmp_path, capsys):
    pages = """\
- number: 1
  items:
    - article: articles/a.md
      at: [1, 1]
      span: [2, 12]
- number: 2
  items:
    - continues: articles/a.md
      at: [1, 1]
      span: [1, 6]
"""
    root = write_edition(tmp_path / "ed", pages, {"a.md": article("\n\n".join([PARA * 3] * 4))})
    status, data, _ = run([str(root)], capsys)
    assert status == 1
    overset = by_code(data, "overset")
    assert overset and all(f["article"] == "a" and f["severity"] == "error" for f in overset)
    assert not by_code(data, "jump-missing")    # the continuation is there


def test_jump_page_reads_the_jump_line():
    assert jump_page("下转第四版") == 4
    assert jump_page("下转第十二版") == 12
    assert jump_page("转12版") == 12
    assert jump_page("下转第二十版") == 20
    assert jump_page("转A3版") is None
    assert jump_page("未完待续") is None


# -- output ------------------------------------------------------------------------

def test_json_shape(tmp_path, capsys):
    root = write_edition(tmp_path / "ed", ONE_ARTICLE)
    status, data, err = run([str(root)], capsys)
    assert set(data) == {"findings", "summary"}
    assert set(data["summary"]) >= {"families", "editions", "pages", "pdfs", "errors", "warnings", "notes",
                                    "unusable", "codes", "strict", "status"}
    assert data["summary"]["status"] == status and data["summary"]["editions"] == 1
    for f in data["findings"]:
        assert set(f) == {"severity", "code", "family", "source", "page", "article", "where", "message",
                          "hint", "data"}
        assert f["severity"] in ("error", "warning", "note") and f["source"] == str(root)
    assert sum(data["summary"]["codes"].values()) == len(data["findings"])
    assert err.startswith("preflight: 1 edition(s) of 1 page(s) checked")


def test_preflight_and_typography_together(tmp_path, monkeypatch, capsys):
    root = write_edition(tmp_path / "ed", ONE_ARTICLE)
    monkeypatch.chdir(tmp_path)
    status, data, err = run(["--preflight", "--typography", str(root)], capsys)
    assert data["summary"]["families"] == ["preflight", "typography"]
    assert data["summary"]["pdfs"] == 1 and data["summary"]["pages"] == 1
    assert {f["family"] for f in data["findings"]} <= {"preflight", "typography"}
    assert "preflight + typography" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ed"]


def test_preflight_api_returns_plans_and_diagnostics(tmp_path):
    root = write_edition(tmp_path / "ed", ONE_ARTICLE)
    result = preflight_edition(str(root))
    assert [p.number for p in result.plans] == [2]
    assert result.diagnostics and all(isinstance(d, Diagnostic) for d in result.diagnostics)
    # what concerns a page says which; font coverage is edition-wide
    assert {d.where.page for d in result.diagnostics if d.code != "font-coverage"} <= {2}
    assert all(d.where.page is None for d in result.diagnostics if d.code == "font-coverage")
    assert not os.path.exists(root / "build")
