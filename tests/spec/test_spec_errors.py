"""Strict validation of editions: every problem is an InputError naming the
file and line (and saying what is wrong); nothing is a traceback."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from layout.cli.main import main
from layout.diagnostics import ERROR, WARNING, InputError
from layout.output.report import compiler_line
from layout.spec.edition import load_edition

ARTICLE = """---
headline: 高新区满弓紧弦铆足劲
lead: 本报讯
byline: 高创
---

近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力。

主动发力，招大引强。
"""

# line numbers in this text matter: the tests below point at them
EDITION = """\
paper: 新乡日报
date: 2024-11-06
pages:
  - number: 3
    section: 区县新闻
    items:
      - article: articles/a.md
        at: [1, 1]
        span: [3, 30]
"""
#          line 7: `- article:`   line 8: `at:`   line 9: `span:`


def write_edition(root: Path, edition: str = EDITION, articles: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "edition.yaml").write_text(edition, "utf-8")
    (root / "articles").mkdir(exist_ok=True)
    for name, text in (articles if articles is not None else {"a.md": ARTICLE}).items():
        path = root / "articles" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return root


def load_error(root: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_edition(str(root))
    assert info.value.diagnostics
    assert all(d.severity == ERROR for d in info.value.diagnostics)
    return info.value


def find(exc: InputError, file: str, line: int | None, *words: str):
    """The diagnostic reported at `file`:`line` whose message contains all `words`."""
    for d in exc.diagnostics:
        if not (d.where.file or "").endswith(file):
            continue
        if line is not None and d.where.line != line:
            continue
        if all(w in d.message for w in words):
            return d
    raise AssertionError(f"no diagnostic at {file}:{line} with {words}; got:\n" +
                         "\n".join(map(compiler_line, exc.diagnostics)))


def test_valid_minimal_edition_loads(tmp_path):
    root = write_edition(tmp_path / "ed")
    edition, warnings = load_edition(str(root))
    assert warnings == []
    assert edition.paper == "新乡日报"
    assert edition.date == dt.date(2024, 11, 6)
    assert len(edition.pages) == 1
    page = edition.pages[0]
    assert page.number == 3
    assert page.section == "区县新闻"
    assert len(page.items) == 1
    item = page.items[0]
    assert item.at == (1, 1) and item.span == (3, 30)
    article = item.article
    assert article.headline == ("高新区满弓紧弦铆足劲",)
    assert article.lead == "本报讯" and article.byline == "高创"
    assert [b.kind for b in article.blocks] == ["para", "para"]
    assert article.blocks[0].where.line == 7


# -- unknown keys ------------------------------------------------------------------

def test_unknown_key_in_edition(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION + "colour: red\n")
    exc = load_error(root)
    d = find(exc, "edition.yaml", 10, "unknown key", "colour")
    assert d.where.column == 1
    assert "pages" in d.hint


def test_unknown_key_in_page(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION.replace("    section: 区县新闻",
                                                          "    sektion: 区县新闻"))
    exc = load_error(root)
    d = find(exc, "edition.yaml", 5, "unknown key", "sektion")
    assert d.where.column == 5
    assert "section" in d.hint


def test_unknown_key_in_item(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION + "        colour: red\n")
    exc = load_error(root)
    d = find(exc, "edition.yaml", 10, "unknown key", "colour")
    assert d.where.column == 9
    assert "span" in d.hint


def test_unknown_key_in_article_front_matter(tmp_path):
    article = ARTICLE.replace("byline: 高创\n", "byline: 高创\nauthr: 张三\n")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    exc = load_error(root)
    d = find(exc, "articles/a.md", 5, "unknown key", "authr")
    assert "author" in d.hint


def test_unknown_key_in_photo_item(tmp_path):
    edition = EDITION + ("      - photo:\n"
                         "          file: photos/x.jpg\n"
                         "          capton: 说明\n"
                         "        at: [4, 1]\n"
                         "        span: [2, 10]\n")
    root = write_edition(tmp_path / "ed", edition)
    exc = load_error(root)
    d = find(exc, "edition.yaml", 12, "unknown key", "capton")
    assert "caption" in d.hint


def test_unknown_key_in_article_photo(tmp_path):
    article = ARTICLE.replace("byline: 高创\n",
                              "byline: 高创\nphoto:\n  file: photos/x.jpg\n  captoin: 说明\n")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    exc = load_error(root)
    find(exc, "articles/a.md", 7, "unknown key", "captoin")


def test_all_problems_reported_at_once(tmp_path):
    edition = EDITION.replace("    section:", "    sektion:") + "        colour: red\ncolour: red\n"
    article = ARTICLE.replace("byline: 高创\n", "byline: 高创\nauthr: 张三\n")
    root = write_edition(tmp_path / "ed", edition, {"a.md": article})
    exc = load_error(root)
    find(exc, "edition.yaml", 5, "sektion")
    find(exc, "edition.yaml", 10, "colour")
    find(exc, "edition.yaml", 11, "colour")
    find(exc, "articles/a.md", 5, "authr")


# -- placement -----------------------------------------------------------------------

def test_overlapping_items(tmp_path):
    edition = EDITION + ("      - article: articles/b.md\n"
                         "        at: [3, 20]\n"
                         "        span: [2, 20]\n")
    root = write_edition(tmp_path / "ed", edition, {"a.md": ARTICLE, "b.md": ARTICLE})
    exc = load_error(root)
    d = find(exc, "edition.yaml", 10, "overlaps")
    assert "line 7" in d.message          # names the other item
    assert "3–3" in d.message and "20–30" in d.message
    assert d.hint


def test_items_touching_do_not_overlap(tmp_path):
    edition = EDITION + ("      - article: articles/b.md\n"
                         "        at: [4, 1]\n"
                         "        span: [2, 30]\n"
                         "      - article: articles/c.md\n"
                         "        at: [1, 31]\n"
                         "        span: [5, 10]\n")
    root = write_edition(tmp_path / "ed", edition, {"a.md": ARTICLE, "b.md": ARTICLE, "c.md": ARTICLE})
    edition_obj, _ = load_edition(str(root))
    assert len(edition_obj.pages[0].items) == 3


@pytest.mark.parametrize("at,span", [("[1, 1]", "[9, 30]"), ("[7, 1]", "[3, 30]"),
                                     ("[1, 100]", "[3, 30]"), ("[1, 1]", "[3, 117]")])
def test_item_off_the_grid(tmp_path, at, span):
    edition = EDITION.replace("at: [1, 1]", f"at: {at}").replace("span: [3, 30]", f"span: {span}")
    root = write_edition(tmp_path / "ed", edition)
    exc = load_error(root)
    d = find(exc, "edition.yaml", 9, "off the grid")
    assert "8 columns × 116 lines" in d.message


@pytest.mark.parametrize("bad", ["[0, 1]", "[1]", "three", "[1, -2]"])
def test_bad_at(tmp_path, bad):
    root = write_edition(tmp_path / "ed", EDITION.replace("at: [1, 1]", f"at: {bad}"))
    exc = load_error(root)
    find(exc, "edition.yaml", 8, "`at`")


def test_missing_article_file(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION.replace("articles/a.md", "articles/nope.md"))
    exc = load_error(root)
    d = find(exc, "edition.yaml", 7, "nope.md", "not found")
    assert "nope.md" in d.hint


# -- values ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "yesterday", "20241106x"])
def test_bad_date(tmp_path, value):
    root = write_edition(tmp_path / "ed", EDITION.replace("2024-11-06", value))
    exc = load_error(root)
    d = find(exc, "edition.yaml", 2)
    assert "date" in d.message
    assert "YYYY-MM-DD" in (d.hint or "") or "date" in d.message


def test_missing_date(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION.replace("date: 2024-11-06\n", ""))
    exc = load_error(root)
    assert any("date" in d.message for d in exc.diagnostics)


def test_duplicate_page_number(tmp_path):
    edition = EDITION + ("  - number: 3\n"
                         "    items:\n"
                         "      - article: articles/a.md\n"
                         "        at: [1, 1]\n"
                         "        span: [3, 30]\n")
    root = write_edition(tmp_path / "ed", edition)
    exc = load_error(root)
    d = find(exc, "edition.yaml", 10, "page 3", "twice")
    assert d.hint


def test_yaml_syntax_error(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION.replace("    section: 区县新闻",
                                                          "    section: 区县: 新闻"))
    exc = load_error(root)
    assert len(exc.diagnostics) == 1
    d = find(exc, "edition.yaml", 5, "YAML")
    assert d.where.column is not None
    assert d.hint


def test_yaml_syntax_error_in_front_matter(tmp_path):
    article = ARTICLE.replace("lead: 本报讯", "lead: [本报讯")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    exc = load_error(root)
    d = exc.diagnostics[0]
    assert d.where.file.endswith("articles/a.md")
    assert d.where.line in (3, 4)        # the open bracket, or where the parser gave up
    assert "YAML" in d.message


def test_duplicate_key(tmp_path):
    root = write_edition(tmp_path / "ed", EDITION.replace("date: 2024-11-06\n",
                                                          "date: 2024-11-06\npaper: 晚报\n"))
    exc = load_error(root)
    find(exc, "edition.yaml", 3, "paper", "twice")


def test_article_without_headline(tmp_path):
    article = ARTICLE.replace("headline: 高新区满弓紧弦铆足劲\n", "")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    exc = load_error(root)
    d = find(exc, "articles/a.md", 2, "headline")
    assert "headline:" in d.hint


def test_article_with_empty_headline(tmp_path):
    article = ARTICLE.replace("headline: 高新区满弓紧弦铆足劲", "headline: ''")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    exc = load_error(root)
    find(exc, "articles/a.md", 2, "headline")


def test_article_without_front_matter(tmp_path):
    root = write_edition(tmp_path / "ed", articles={"a.md": "近年来，高新区积极挖掘自身优势与潜力。\n"})
    exc = load_error(root)
    d = find(exc, "articles/a.md", 1, "front matter")
    assert "---" in d.hint


def test_article_front_matter_not_closed(tmp_path):
    root = write_edition(tmp_path / "ed", articles={"a.md": "---\nheadline: 标题\n\n正文。\n"})
    exc = load_error(root)
    find(exc, "articles/a.md", 1, "not closed")


def test_article_without_text(tmp_path):
    root = write_edition(tmp_path / "ed", articles={"a.md": "---\nheadline: 标题\n---\n\n"})
    exc = load_error(root)
    find(exc, "articles/a.md", None, "no text")


def test_non_utf8_article(tmp_path):
    # GBK bytes on line 7 of an otherwise UTF-8 file
    lines = [l.encode("utf-8") for l in ARTICLE.split("\n")]
    lines[7 - 1] = "近年来，高新区积极挖掘自身优势与潜力。".encode("gbk")
    data = b"\n".join(lines)
    root = write_edition(tmp_path / "ed", articles={"a.md": data})
    exc = load_error(root)
    d = exc.diagnostics[0]
    assert d.where.file.endswith("articles/a.md")
    assert "UTF-8" in d.message
    assert d.hint
    assert d.where.line == 7


@pytest.mark.parametrize("value", ["-3", "0", "200", "大号", "true"])
def test_bad_headline_size(tmp_path, value):
    root = write_edition(tmp_path / "ed", EDITION + f"        headline_size: {value}\n")
    exc = load_error(root)
    find(exc, "edition.yaml", 10, "headline_size")


@pytest.mark.parametrize("value", ["一号", "24", "24pt"])
def test_good_headline_size(tmp_path, value):
    root = write_edition(tmp_path / "ed", EDITION + f"        headline_size: {value}\n")
    edition, _ = load_edition(str(root))
    assert edition.pages[0].items[0].headline_size in (24.0, 26.0)


@pytest.mark.parametrize("value", ["0", "-1", "two", "7"])
def test_bad_item_columns(tmp_path, value):
    root = write_edition(tmp_path / "ed", EDITION + f"        columns: {value}\n")
    exc = load_error(root)
    find(exc, "edition.yaml", 10, "columns")


@pytest.mark.parametrize("key,value", [("columns", 0), ("columns", 21), ("column_chars", 2),
                                       ("lines", 5), ("body_size", 30), ("line_gap", -1)])
def test_bad_grid_values(tmp_path, key, value):
    root = write_edition(tmp_path / "ed", EDITION + f"grid:\n  {key}: {value}\n")
    exc = load_error(root)
    find(exc, "edition.yaml", 11, key)


def test_missing_pages(tmp_path):
    root = write_edition(tmp_path / "ed", "paper: 新乡日报\ndate: 2024-11-06\n")
    exc = load_error(root)
    assert any("pages" in d.message for d in exc.diagnostics)


def test_not_a_folder(tmp_path):
    with pytest.raises(InputError):
        load_edition(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as info:
        load_edition(str(tmp_path / "empty"))
    assert "edition.yaml" in info.value.diagnostics[0].message


# -- photos ------------------------------------------------------------------------------

def test_missing_photo_is_a_warning(tmp_path):
    edition = EDITION + ("      - photo:\n"
                         "          file: photos/x.jpg\n"
                         "          caption: 说明\n"
                         "        at: [4, 1]\n"
                         "        span: [2, 10]\n")
    root = write_edition(tmp_path / "ed", edition)
    loaded, warnings = load_edition(str(root))
    assert len(loaded.pages[0].items) == 2
    photo_warnings = [w for w in warnings if w.code == "photo-missing"]
    assert len(photo_warnings) == 1
    w = photo_warnings[0]
    assert w.severity == WARNING
    assert w.where.file.endswith("edition.yaml") and w.where.line == 11
    assert "photos/x.jpg" in w.message


def test_missing_article_photo_is_a_warning(tmp_path):
    article = ARTICLE.replace("byline: 高创\n", "byline: 高创\nphoto: {file: photos/y.jpg, caption: 说明}\n")
    root = write_edition(tmp_path / "ed", articles={"a.md": article})
    loaded, warnings = load_edition(str(root))
    assert [w.code for w in warnings] == ["photo-missing"]
    assert warnings[0].where.file.endswith("articles/a.md")
    assert loaded.pages[0].items[0].article.photo.pixels is None


# -- the command line ------------------------------------------------------------------

def test_cli_reports_errors_and_writes_nothing(tmp_path, capsys):
    edition = EDITION + "        colour: red\n"
    root = write_edition(tmp_path / "ed", edition)
    out = tmp_path / "out"
    status = main(["render", str(root), "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    err = captured.err
    assert "Traceback" not in err and "Traceback" not in captured.out
    expected = f"{root / 'edition.yaml'}:10:9: error: unknown key 'colour'"
    assert expected in err
    line = next(l for l in err.splitlines() if l.startswith(expected))
    assert " / hint: " in line
    assert not out.exists() or not any(out.iterdir())


def test_cli_bad_date_is_an_input_error(tmp_path, capsys):
    root = write_edition(tmp_path / "ed", EDITION.replace("2024-11-06", "2024-13-45"))
    out = tmp_path / "out"
    status = main(["render", str(root), "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in captured.err
    assert f"{root / 'edition.yaml'}:2:" in captured.err
    assert not out.exists() or not any(out.iterdir())


def test_cli_several_errors_all_printed(tmp_path, capsys):
    edition = EDITION.replace("articles/a.md", "articles/nope.md") + "colour: red\n"
    root = write_edition(tmp_path / "ed", edition)
    out = tmp_path / "out"
    assert main(["render", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'edition.yaml'}:7:9: error: article file articles/nope.md not found" in err
    assert f"{root / 'edition.yaml'}:10:1: error: unknown key 'colour'" in err
    assert "2 error(s)" in err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("key, value, allowed", [
    ("punctuation", "taiwan", "gb"),
    ("punctuation", 3, "kaiming"),
    ("hanging", "yes", "true or false"),
    ("han_latin_gap", 0.3, "none, eighth or quarter"),
    ("min_last_line", 0, "from 1 to 4"),
    ("min_last_line", 2.5, "from 1 to 4"),
    ("headline_condense", -0.5, "from 0.6 to 1.0"),
    ("headline_condense", 0.3, "from 0.6 to 1.0"),
    ("headline_expand", 2, "from 1.0 to 1.5"),
    ("digits", "full", "half"),
])
def test_bad_typography_values_name_key_and_range(tmp_path, key, value, allowed):
    edition = EDITION.replace("date:", f"typography:\n  {key}: {value!r}\ndate:", 1)
    error = load_error(write_edition(tmp_path, edition)).diagnostics[0]
    assert error.where.file.endswith("edition.yaml") and error.where.line == 3
    assert f"`{key}`" in error.message and allowed in error.message


def test_unknown_typography_key(tmp_path):
    edition = EDITION.replace("date:", "typography:\n  kerning: true\ndate:", 1)
    error = load_error(write_edition(tmp_path, edition)).diagnostics[0]
    assert "kerning" in error.message and "punctuation" in error.hint


def test_good_typography_values_reach_the_style(tmp_path):
    edition = EDITION.replace("date:", "typography:\n  punctuation: kaiming\n  hanging: true\n"
                              "  han_latin_gap: quarter\n  min_last_line: 3\n  headline_condense: 0.7\n"
                              "  headline_expand: 1.2\n  digits: proportional\ndate:", 1)
    loaded, _ = load_edition(str(write_edition(tmp_path, edition)))
    style = loaded.style
    assert (style.typesetting.punctuation, style.typesetting.hanging, style.typesetting.han_latin_gap_em, style.typesetting.min_last_line,
            style.typesetting.headline_condense, style.typesetting.headline_expand) == ("kaiming", True, 0.25, 3, 0.7, 1.2)
    assert style.typesetting.digits == "proportional"


def test_masthead_and_print_settings(tmp_path):
    edition = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {issue: 21345, serial: CN41-0012, "
                              "postal: 35-6, lines: 12}\nprint: {bleed_mm: 5, crop_marks: true, colour: cmyk}")
    edition = edition.replace("number: 3", "number: 1").replace("at: [1, 1]", "at: [1, 13]")
    loaded, _ = load_edition(str(write_edition(tmp_path, edition)))
    assert loaded.masthead.issue == 21345 and loaded.masthead.serial == "CN41-0012"
    assert loaded.masthead.lines == 12
    assert (loaded.print.bleed_mm, loaded.print.crop_marks, loaded.print.colour) == (5.0, True, "cmyk")


def test_masthead_logo_size_is_read_with_the_edition(tmp_path):
    from PIL import Image
    root = tmp_path / "ed"
    edition = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {logo: logo.png}")
    write_edition(root, edition)
    Image.new("RGB", (900, 300), "white").save(root / "logo.png")
    loaded, warnings = load_edition(str(root))
    assert loaded.masthead.logo == str((root / "logo.png").resolve())
    assert loaded.masthead.logo_pixels == (900, 300) and warnings == []


def test_unreadable_masthead_logo_is_an_error(tmp_path):
    root = tmp_path / "ed"
    edition = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {logo: logo.png}")
    write_edition(root, edition)
    (root / "logo.png").write_bytes(b"not an image")
    exc = load_error(root)
    d = find(exc, "edition.yaml", 3, "masthead logo logo.png", "not a JPEG or PNG")
    assert "JPEG or PNG" in d.hint


@pytest.mark.parametrize("extra, words", [
    ("masthead: {issue: -3}", ("issue", "from 1")),
    ("masthead: {lines: 90}", ("lines", "from 8 to 40")),
    ("masthead: {logo: nothere.png}", ("logo", "not found")),
    ("masthead: {colour: red}", ("unknown key 'colour'",)),
    ("print: {bleed_mm: 30}", ("bleed_mm", "from 0 to 10")),
    ("print: {colour: rgb}", ("colour", "grey, cmyk")),
    ("print: {pdfx: x3}", ("pdfx", "x1a, x4, none")),
    ("print: {crop_marks: maybe}", ("crop_marks", "true or false")),
])
def test_bad_masthead_and_print_values(tmp_path, extra, words):
    edition = EDITION.replace("date: 2024-11-06", f"date: 2024-11-06\n{extra}")
    exc = load_error(write_edition(tmp_path, edition))
    assert any(all(w in d.message for w in words) for d in exc.diagnostics), [d.message for d in exc.diagnostics]


def test_items_of_page_one_start_below_the_masthead(tmp_path):
    edition = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {lines: 14}")
    edition = edition.replace("number: 3", "number: 1")
    exc = load_error(write_edition(tmp_path, edition))
    find(exc, "edition.yaml", None, "inside the masthead")


@pytest.mark.parametrize("item, words", [
    ("      - continues: articles/zz.md\n        at: [5, 1]\n        span: [2, 10]\n", ("names no article",)),
    ("      - continues: articles/a.md\n        at: [5, 1]\n        span: [2, 10]\n", ("first part is on page 3",)),
    ("      - continues: articles/a.md\n        photo: x.png\n        at: [5, 1]\n        span: [2, 10]\n",
     ("not photo and continues",)),
])
def test_bad_continuations(tmp_path, item, words):
    exc = load_error(write_edition(tmp_path, EDITION + item))
    assert any(all(w in d.message for w in words) for d in exc.diagnostics), [d.message for d in exc.diagnostics]
