"""Page-level behaviour on small editions built in a temporary folder:
overset reported and marked, missing characters reported, user fonts,
the font cache reused, and the CLI's exit statuses."""
from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from layout.cli.main import main
from layout.fonts.cache import FontCache
from layout.output.report import compiler_line
from layout.pipeline import RenderOptions, plan_edition, render

from pdf_reading import pdf_glyphs

LONG_TEXT = ("近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，"
             "坚定不移地拼经济、招项目、扩投资，厚植招商“沃土”，激活发展“春水”。") * 6


def make_edition(folder: Path, body: str, span=(2, 20), front: str = "", extra: str = "") -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "articles" / "a.md").write_text(
        f"---\nheadline: 测试标题\nlead: 本报讯\nbyline: 高创\n{front}---\n{body}\n", "utf-8")
    (folder / "edition.yaml").write_text(textwrap.dedent(f"""\
        paper: 示例日报
        date: 2024-11-06
        {extra}
        pages:
          - number: 2
            section: 要闻
            credits: {{责任编辑: 王五, 校对: 钱七}}
            items:
              - article: articles/a.md
                at: [1, 1]
                span: [{span[0]}, {span[1]}]
        """), "utf-8")
    return folder


@pytest.mark.render
def test_overset_is_reported_marked_and_strict_fails(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", LONG_TEXT + "\n\n" + LONG_TEXT, span=(2, 12))
    out = tmp_path / "out"
    status = main(["render", str(edition), "--out", str(out), "--no-preview", "--strict"])
    assert status == 1
    err = capsys.readouterr().err
    assert "overset" in err and "a:" not in err.split("overset")[0][-3:]
    report = json.loads((out / "report.json").read_text("utf-8"))
    overset = [d for d in report["diagnostics"] if d["code"] == "overset"]
    assert len(overset) == 1
    assert overset[0]["article"] == "a" and overset[0]["lines"] > 5 and overset[0]["chars"] > 50
    # Marked on the page, and nothing else lost: what is not overset is printed.
    glyphs = pdf_glyphs(out / "p02.pdf")
    printed = "".join(g[0] for g in glyphs)
    assert "溢排" in printed and f"{overset[0]['lines']}行" in printed
    # the header (报眉): page number, section, credits, paper and date
    for furniture in ("02", "要闻", "责任编辑：王五", "校对：钱七", "示例日报", "2024年11月6日", "星期三"):
        assert furniture in printed, furniture
    text = "测试标题本报讯" + LONG_TEXT + LONG_TEXT + "（高创）"
    wanted = Counter(text)
    wanted.subtract(Counter(overset[0]["text"]))
    have = Counter(printed)
    assert all(have[ch] >= n for ch, n in wanted.items() if n > 0)
    # Without --strict the same page renders with exit 0.
    assert main(["render", str(edition), "--out", str(out), "--no-preview"]) == 0


@pytest.mark.render
def test_missing_character_is_reported_with_article_paragraph_and_code(tmp_path):
    edition = make_edition(tmp_path / "ed", "第一段。\n\n第二段有个生僻字\U00030041在这里。")
    _, _, plans, diagnostics = plan_edition(str(edition))
    missing = [d for d in diagnostics if d.code == "missing-glyph"]
    assert len(missing) == 1
    d = missing[0]
    assert d.get("article") == "a" and d.get("paragraph") == 2
    assert d.get("char") == "\U00030041" and d.get("codepoint") == "U+30041"
    assert "U+30041" in compiler_line(d) and d.where.page == plans[0].number
    body = [line for line in plans[0].lines if line.kind == "body"]
    assert not any(g.face is None and g.ch != "\U00030041" for line in body for g in line.glyphs)


@pytest.mark.render
def test_user_font_for_a_role(tmp_path):
    kai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
    edition = make_edition(tmp_path / "ed", "正文用楷体排。", extra=f"fonts: {{body: {kai}}}")
    _, fonts, plans, _ = plan_edition(str(edition))
    assert fonts.primary("body").path == kai
    body = [g for line in plans[0].lines if line.kind == "body" for g in line.glyphs]
    text = [g for g in body[3:] if g.ch != "\u3000"]  # after the dateline 本报讯 (role lead)
    assert text and all(g.face == "body:user" for g in text[:-4])  # the byline is role byline


def test_bad_user_font_is_an_input_error(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", "正文。", extra="fonts: {body: fonts/nonexistent.ttf}")
    assert main(["render", str(edition), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "edition.yaml:3:9" in err and "not found" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.render
def test_second_render_reads_no_font_file(tmp_path, font_cache):
    edition = make_edition(tmp_path / "ed", "一段正文，看字体缓存。")
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "o1"), previews=False), cache=font_cache)
    fresh = FontCache(font_cache.directory)  # a new process: only the disk cache is shared
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "o2"), previews=False), cache=fresh)
    assert fresh.reads == 0


@pytest.mark.render
def test_dpi_option_sets_preview_size(tmp_path):
    edition = make_edition(tmp_path / "ed", "预览图的分辨率。")
    out = tmp_path / "out"
    assert main(["render", str(edition), "--out", str(out), "--dpi", "50"]) == 0
    from PIL import Image
    png = Image.open(out / "p02.png")
    assert abs(png.width - round(390 / 25.4 * 50)) <= 1
    thumb = Image.open(out / "p02.thumb.png")
    assert thumb.width < png.width
    assert main(["render", str(edition), "--out", str(out), "--dpi", "0"]) == 2


@pytest.mark.render
def test_missing_photo_draws_placeholder_and_warns(tmp_path):
    edition = make_edition(tmp_path / "ed", "有图无图。" * 20,
                           front="photo: {file: photos/none.jpg, caption: 图片说明。, credit: 张三 摄, "
                                 "columns: 2, lines: 8}\n", span=(2, 30))
    _, _, plans, diagnostics = plan_edition(str(edition))
    assert [d.code for d in diagnostics].count("photo-missing") == 1
    plan = plans[0]
    assert len(plan.placeholders) == 1 and not plan.pictures
    captions = [line.text for line in plan.lines if line.kind == "caption"]
    assert "".join(captions).endswith("张三摄") or "张三 摄" in "".join(captions) or "张三" in "".join(captions)
    assert any(line.kind == "placeholder" and "图片缺失" in line.text for line in plan.lines)


@pytest.mark.render
def test_corrupt_photo_is_an_input_error_and_writes_nothing(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", "有图。" * 20,
                           front="photo: {file: photos/bad.png, columns: 2, lines: 8}\n", span=(2, 30))
    (edition / "photos").mkdir()
    good = Path(__file__).resolve().parents[1] / "golden" / "reference-p03-thumb.png"
    data = good.read_bytes()
    (edition / "photos" / "bad.png").write_bytes(data[: len(data) // 3])  # header intact, data cut
    out = tmp_path / "out"
    assert main(["render", str(edition), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.png" in err and "Traceback" not in err
    assert not out.exists() or not any(p.suffix in (".pdf", ".png") for p in out.iterdir())


@pytest.mark.render
def test_unwritable_output_folder_is_reported(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", "正文。")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["render", str(edition), "--out", str(blocker / "out")]) == 2
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.render
def test_photo_item_shorthand_with_caption_beside(tmp_path):
    edition = make_edition(tmp_path / "ed", "正文。" * 30)
    spec = (edition / "edition.yaml").read_text("utf-8")
    spec += ("      - photo: photos/none.jpg\n"
             "        caption: 图片说明。\n"
             "        credit: 张三 摄\n"
             "        at: [3, 1]\n"
             "        span: [2, 12]\n")
    (edition / "edition.yaml").write_text(spec, "utf-8")
    _, _, plans, diagnostics = plan_edition(str(edition))
    assert [d.code for d in diagnostics].count("photo-missing") == 1
    assert "图片说明" in "".join(line.text for line in plans[0].lines if line.kind == "caption")


@pytest.mark.render
def test_outputs_are_readable_by_others(tmp_path):
    edition = make_edition(tmp_path / "ed", "正文。")
    out = tmp_path / "out"
    assert main(["render", str(edition), "--out", str(out)]) == 0
    import os
    mask = os.umask(0)
    os.umask(mask)
    for name in ("p02.pdf", "p02.png", "p02.thumb.png", "report.json"):
        assert (out / name).stat().st_mode & 0o777 == 0o666 & ~mask, name


@pytest.mark.render
def test_page_option_selects_pages_and_rejects_unknown_ones(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", "正文。")
    out = tmp_path / "out"
    assert main(["render", str(edition), "--out", str(out), "--page", "2", "--no-preview"]) == 0
    assert (out / "p02.pdf").is_file()
    assert main(["render", str(edition), "--out", str(tmp_path / "o2"), "--page", "9"]) == 2
    err = capsys.readouterr().err
    assert "no page 9" in err and "its pages are: 2" in err
    assert not (tmp_path / "o2").exists()


@pytest.mark.render
def test_vertical_headline_stands_beside_the_text(tmp_path, font_cache):
    edition = make_edition(tmp_path / "ed", LONG_TEXT, span=(3, 60),
                           front="kicker: 引题在右\n")
    yaml = edition / "edition.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("span: [3, 60]", "span: [3, 60]\n        vertical_headline: right"),
                    "utf-8")
    out = tmp_path / "out"
    result = render(str(edition), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    plan = result.plans[0]
    heads = [l for l in plan.lines if l.kind == "headline"]
    assert [l.text for l in heads] == ["测试标题"]
    # one vertical line: its glyphs in one column, going down
    [head] = heads
    assert head.vertical and len({round(g.x, 2) for g in head.glyphs}) == 1
    ys = [g.y for g in head.glyphs]
    assert ys == sorted(ys) and ys[-1] - ys[0] > 2 * head.glyphs[0].size
    kicker = [l for l in plan.lines if l.kind == "kicker"]
    assert kicker and min(l.x + l.glyphs[0].x for l in kicker) > head.x + head.glyphs[0].x   # right of it
    # it stands in the rightmost text column; the other columns start at the module top
    body = [l for l in plan.lines if l.kind == "body"]
    assert min(l.grid_line for l in body if l.column == 0) == 1
    right_x = min(l.x for l in body if l.column == 0) + 2 * (14 * 9)   # third text column
    assert all(h.x + g.x >= right_x - 0.01 for h in heads + kicker for g in h.glyphs)
    lowest = max(h.baseline + g.y for h in heads + kicker for g in h.glyphs)
    assert all(l.baseline > lowest for l in body if l.column == 2)
    # and every character reaches the PDF
    printed = "".join(g[0] for g in pdf_glyphs(out / "p02.pdf"))
    assert "测" in printed and "题" in printed


def test_vertical_headline_needs_two_text_columns(tmp_path, capsys):
    edition = make_edition(tmp_path / "ed", LONG_TEXT, span=(1, 60))
    yaml = edition / "edition.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("span: [1, 60]", "span: [1, 60]\n        vertical_headline: up"),
                    "utf-8")
    assert main(["render", str(edition), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "vertical_headline" in err and "right or left" in err and "edition.yaml:" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.render
def test_a_line_no_break_can_fill_is_reported_as_loose(tmp_path):
    # 本报讯 and three characters, then a bracketed word too long to join them
    # and with no hyphen to break after (COVID-｜19 would break there)
    text = "感染者（Internationalization）人数下降，全市数字经济逆势增长，核心产业增加值占比达到9.8%。"
    edition = make_edition(tmp_path / "ed", text, span=(1, 30))
    _, _, plans, diagnostics = plan_edition(str(edition))
    loose = [d for d in diagnostics if d.code == "loose-line"]
    assert len(loose) == 1
    assert "本报讯" in loose[0].message and dict(loose[0].data)["em"] > 0.25
    assert loose[0].where.file.endswith("a.md")


@pytest.mark.render
def test_a_photo_filling_the_whole_module_oversets_the_text(tmp_path):
    photo = tmp_path / "ed" / "photos" / "p.png"
    photo.parent.mkdir(parents=True)
    from PIL import Image
    Image.new("RGB", (800, 600), (90, 90, 90)).save(photo)
    edition = make_edition(tmp_path / "ed", LONG_TEXT, span=(3, 12),
                           front="photo: {file: photos/p.png, caption: 图片说明。}\n")
    yaml = edition / "edition.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("span: [3, 12]", "span: [3, 12]\n        columns: 2"),
                    "utf-8")
    _, _, plans, diagnostics = plan_edition(str(edition))
    overset = [d for d in diagnostics if d.code == "overset"]
    assert len(overset) == 1 and dict(overset[0].data)["lines"] > 5
