"""The front-page masthead (报头): what it says, and that it stays in its block."""
from __future__ import annotations

import datetime as dt
import itertools

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from layout.diagnostics import Where
from layout.page.lunar import lunar_text
from layout.page.masthead import HEAVY_RULE, build_masthead
from layout.spec.model import Edition, Masthead, Page
from layout.output.pdf import FontRegistrar, write_pdf
from layout.plan import PagePlan
from layout.spec.page_style import BASELINE_RATIO, PageStyle
from layout.check.typography import check_pdf

DATE = dt.date(2024, 11, 8)
EAR = ("立冬时节\n全市秋播小麦已完成播种面积五百一十万亩，占计划的百分之九十八，"
       "苗情总体好于常年，各地正抓紧开展冬前田间管理。")
TABLOID = PageStyle(width=275 * 72 / 25.4, height=390 * 72 / 25.4, columns=6, column_chars=11, lines=90)
PAGE = Page(number=1, section="要闻", credits=(), footer=None, items=(), where=Where("edition.yaml"))


def edition(style=None, paper="新乡日报", date=DATE, pages=0, **masthead) -> Edition:
    values = dict(issue=21345, serial="CN41-0012", postal="35-6", publisher="新乡日报社出版")
    values.update(masthead)
    if values.get("logo") and "logo_pixels" not in values:
        with Image.open(values["logo"]) as image:   # as the spec stage reads it
            values["logo_pixels"] = image.size
    return Edition("test", "/tmp", paper, date, tuple(PAGE for _ in range(pages)),
                   style or PageStyle(), {}, masthead=Masthead(**values))


@pytest.fixture(scope="module")
def logo(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    image = Image.new("RGB", (900, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 860, 260), fill=(180, 0, 0))
    image.save(path)
    return str(path)


def texts(block) -> list[str]:
    # word spaces are not drawn, so they are not in a line's text
    return [line.text for line in block.lines]


def em_box(line, fonts):
    """The line's extent: from its start to its last glyph's advance, em boxes high."""
    size = max(g.size for g in line.glyphs)
    end = max(g.x + fonts.faces[g.face].advance(g.ch) * g.size * g.hscale for g in line.glyphs)
    return (line.x, line.baseline - BASELINE_RATIO * size,
            line.x + max(line.width, end), line.baseline + (1 - BASELINE_RATIO) * size)


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - 0.01 and inner[1] >= outer[1] - 0.01
            and inner[2] <= outer[2] + 0.01 and inner[3] <= outer[3] + 0.01)


def rule_frame(rule):
    """The ink of a rule (butt ends: the width lies across the rule only)."""
    half = rule.width / 2
    if rule.y1 == rule.y2:
        return (min(rule.x1, rule.x2), rule.y1 - half, max(rule.x1, rule.x2), rule.y1 + half)
    return (rule.x1 - half, min(rule.y1, rule.y2), rule.x1 + half, max(rule.y1, rule.y2))


def test_contents(fonts, style):
    block = build_masthead(edition(pages=8), PAGE, style, fonts)
    got = texts(block)
    for want in ("新乡日报", "2024年11月8日", "星期五", "农历甲辰年十月初八", "今日8版",
                 "总第21345期", "国内统一连续出版物号CN41-0012", "邮发代号35-6", "新乡日报社出版"):
        assert want in got
    assert lunar_text(DATE) == "农历甲辰年十月初八"
    assert [l.kind for l in block.lines if l.text == "新乡日报"] == ["paper"]
    assert block.diagnostics == ()
    assert block.pictures == () and block.boxes == () and block.reversed_lines == ()


def test_optional_fields_left_out(fonts, style):
    ed = Edition("test", "/tmp", "新乡日报", DATE, (), style, {}, masthead=Masthead())
    got = texts(build_masthead(ed, PAGE, style, fonts))
    assert got[0] == "新乡日报" and "2024年11月8日" in got and "农历甲辰年十月初八" in got
    assert not any("总第" in t or "CN" in t or "邮发" in t or "今日" in t for t in got)
    # an edition without a masthead section gets the defaults
    plain = Edition("test", "/tmp", "新乡日报", DATE, (), style, {})
    assert build_masthead(plain, PAGE, style, fonts).grid_lines == Masthead().lines


def test_date_outside_the_lunar_table(fonts, style):
    got = texts(build_masthead(edition(date=dt.date(2101, 6, 1)), PAGE, style, fonts))
    assert "2101年6月1日" in got and "星期三" in got
    assert not any(t.startswith("农历") for t in got)


@pytest.mark.parametrize("lines", [8, 12, 16, 24])
def test_grid_lines(fonts, style, lines):
    block = build_masthead(edition(lines=lines, ear=EAR), PAGE, style, fonts)
    assert block.grid_lines == lines
    assert block.y == style.top
    assert block.y + block.height == pytest.approx(style.line_top(lines + 1) - style.line_gap)
    assert block.x == style.left and block.width == style.area_width


CASES = list(itertools.product(
    [None, EAR], [False, True], [8, 16, 30], [PageStyle(), TABLOID], ["新乡日报", "大河报", "中国青年报"]))


def case_id(case) -> str:
    ear, with_logo, lines, page_style, paper = case
    return "-".join(["ear" if ear else "no-ear", "logo" if with_logo else "name", f"{lines}lines",
                     "broadsheet" if page_style == PageStyle() else "tabloid", f"{len(paper)}chars"])


@pytest.mark.parametrize("ear, with_logo, lines, page_style, paper", CASES,
                         ids=[case_id(c) for c in CASES])
def test_everything_in_its_place(fonts, logo, ear, with_logo, lines, page_style, paper):
    ed = edition(page_style, paper, lines=lines, ear=ear, logo=logo if with_logo else None, pages=4)
    block = build_masthead(ed, PAGE, page_style, fonts)
    assert not [d for d in block.diagnostics if d.code != "overset"], block.diagnostics
    area = (page_style.left, page_style.top, page_style.left + page_style.area_width,
            page_style.line_top(lines + 1) - page_style.line_gap)
    assert (block.x, block.y, block.x + block.width, block.y + block.height) == pytest.approx(area)
    boxes = [em_box(line, fonts) for line in block.lines]
    for line, box in zip(block.lines, boxes):
        assert inside(box, area), (line.text, box, area)
        assert all(g.x >= 0 for g in line.glyphs)
    for (a, box_a), (b, box_b) in itertools.combinations(zip(block.lines, boxes), 2):
        assert not overlap(box_a, box_b), (a.text, b.text)
    frames = [(p.x, p.y, p.x + p.width, p.y + p.height) for p in block.pictures] + \
             [(b.x, b.y, b.x + b.width, b.y + b.height) for b in block.boxes]
    for frame in frames:
        assert inside(frame, area)
    for picture in block.pictures:
        for box in boxes:
            assert not overlap(box, (picture.x, picture.y, picture.x + picture.width,
                                     picture.y + picture.height))
    for ear_box in block.boxes:
        ear_frame = (ear_box.x, ear_box.y, ear_box.x + ear_box.width, ear_box.y + ear_box.height)
        for line, box in zip(block.lines, boxes):
            assert inside(box, ear_frame) if line.kind == "ear" else not overlap(box, ear_frame)
    for rule in block.rules:
        frame = rule_frame(rule)
        assert inside(frame, area), rule
        for box in boxes:
            assert not overlap(box, frame)


def test_rules_under_the_block(fonts, style):
    block = build_masthead(edition(), PAGE, style, fonts)
    across = [r for r in block.rules if r.y1 == r.y2 and r.x1 == style.left
              and r.x2 == pytest.approx(style.left + style.area_width)]
    assert len(across) == 2
    heavy, thin = sorted(across, key=lambda r: -r.width)
    assert heavy.width == HEAVY_RULE and thin.width < 1
    assert heavy.y1 < thin.y1
    bottom = block.y + block.height
    assert thin.y1 + thin.width / 2 == pytest.approx(bottom)
    # everything else stands above the heavy rule
    assert all(line.baseline < heavy.y1 - heavy.width / 2 for line in block.lines)


def test_logo_replaces_the_set_name(fonts, style, logo):
    block = build_masthead(edition(logo=logo), PAGE, style, fonts)
    assert "新乡日报" not in texts(block)
    assert len(block.pictures) == 1
    picture = block.pictures[0]
    assert picture.path == logo and picture.crop == (0, 0, 900, 300)
    assert picture.width / picture.height == pytest.approx(3.0)
    assert picture.x == style.left


def test_unreadable_logo_falls_back_to_text(fonts, style, tmp_path):
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    # the spec stage found no pixel size (and warned: tests/spec)
    block = build_masthead(edition(logo=str(bad), logo_pixels=None), PAGE, style, fonts)
    assert block.pictures == () and "新乡日报" in texts(block)
    assert block.diagnostics == ()


def test_ear(fonts, style):
    block = build_masthead(edition(ear=EAR), PAGE, style, fonts)
    assert len(block.boxes) == 1
    box = block.boxes[0]
    assert box.stroke and box.fill is None
    assert box.x + box.width == pytest.approx(style.left + style.area_width)
    ear = [l for l in block.lines if l.kind == "ear"]
    assert 3 <= len(ear) <= 6
    assert "".join(l.text for l in ear) == EAR.replace("\n", "")
    # the title is centred in the box, the text lines justified to one measure
    title, body = ear[0], ear[1:]
    assert title.text == "立冬时节"
    assert title.x - box.x == pytest.approx(box.x + box.width - (title.x + title.width), abs=0.5)
    assert len({round(l.measure, 2) for l in body}) == 1
    assert all(l.width == pytest.approx(l.measure) for l in body[1:-1])
    # the date column moves beside the name; without an ear it stands at the right
    date_with = next(l for l in block.lines if l.text == "2024年11月8日")
    plain = build_masthead(edition(), PAGE, style, fonts)
    date_without = next(l for l in plain.lines if l.text == "2024年11月8日")
    assert date_with.x + date_with.width < box.x
    assert date_without.x + date_without.width == pytest.approx(style.left + style.area_width)


def test_ear_too_long_is_reported(fonts, style):
    block = build_masthead(edition(ear=EAR * 6, lines=8), PAGE, style, fonts)
    assert [d.code for d in block.diagnostics] == ["overset"]
    assert block.diagnostics[0].get("article") == "masthead-ear"


def test_missing_characters_are_reported(fonts, style):
    ed = edition(publisher="新乡日报社\ue000出版", ear="\ue001今日导读")
    block = build_masthead(ed, PAGE, style, fonts)
    missing = [d for d in block.diagnostics if d.code == "missing-glyph"]
    assert sorted(d.get("codepoint") for d in missing) == ["U+E000", "U+E001"]


@pytest.mark.render
def test_drawn_and_clean(fonts, style, logo, tmp_path):
    """Written to a PDF: the text reads back, and the typography checker finds nothing."""
    for name, ed in (("text", edition(ear=EAR, pages=8)), ("logo", edition(logo=logo))):
        block = build_masthead(ed, PAGE, style, fonts)
        plan = PagePlan.of_marks(1, style.width, style.height, lines=block.lines, rules=block.rules,
                                 pictures=block.pictures, boxes=block.boxes,
                                 reversed_lines=block.reversed_lines, style=style)
        path = str(tmp_path / f"{name}.pdf")
        write_pdf([plan], path, FontRegistrar(fonts), "test")
        document = pdfium.PdfDocument(path)
        try:
            page = document[0]
            text = page.get_textpage().get_text_range()
            page.close()
        finally:
            document.close()
        flat = "".join(text.split())
        for want in ("2024年11月8日", "农历甲辰年十月初八", "总第21345期", "CN41-0012"):
            assert want in flat
        assert ("新乡日报" in flat.split("2024")[0]) == (name == "text")
        assert check_pdf(path) == []
