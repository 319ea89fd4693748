"""Hostile and broken input at the spec stage: every case is an InputError
naming the file and line (or a warning), never a traceback, a hang, a file
read from outside the edition, or an external program run."""
from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from layout.diagnostics import ERROR, WARNING, InputError
from layout.output.report import compiler_line
from layout.spec import limits
from layout.spec.article import parse_article
from layout.spec.edition import load_edition
from layout.spec.yaml_source import load_yaml_text
from layout.units import chinese_number

ARTICLE = "---\nheadline: 高新区满弓紧弦铆足劲\n---\n\n近年来，高新区积极挖掘自身优势与潜力。\n"
EDITION = """\
paper: 新乡日报
date: 2024-11-06
pages:
  - number: 3
    items:
      - article: articles/a.md
        at: [1, 1]
        span: [3, 30]
"""


def edition(root: Path, text: str = EDITION, article: str | bytes = ARTICLE, **files) -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "edition.yaml").write_text(text, "utf-8")
    target = root / "articles" / "a.md"
    target.write_bytes(article) if isinstance(article, bytes) else target.write_text(article, "utf-8")
    for name, data in files.items():
        path = root / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def errors(root: Path, shared=()) -> list:
    with pytest.raises(InputError) as info:
        load_edition(str(root), tuple(shared))
    found = info.value.diagnostics
    assert found and all(d.severity == ERROR for d in found)
    return list(found)


def one(found, *words, file: str | None = None, line: int | None = None):
    for d in found:
        if all(w in d.message + " " + (d.hint or "") for w in words) \
                and (file is None or (d.where.file or "").endswith(file)) \
                and (line is None or d.where.line == line):
            return d
    raise AssertionError(f"nothing with {words} at {file}:{line} in:\n" + "\n".join(map(compiler_line, found)))


def with_items(item: str) -> str:
    return EDITION.replace("      - article: articles/a.md\n        at: [1, 1]\n        span: [3, 30]\n", item)


# -- paths stay inside the edition folder ----------------------------------------------

@pytest.mark.parametrize("name, how", [
    ("/etc/passwd", "absolute path"),
    ("../outside.md", "through `..`"),
    ("articles/../../outside.md", "through `..`"),
])
def test_article_paths_outside_the_edition_are_errors(tmp_path, name, how):
    (tmp_path / "outside.md").write_text(ARTICLE, "utf-8")
    root = edition(tmp_path / "ed", EDITION.replace("articles/a.md", name))
    d = one(errors(root), "outside the edition folder", how, file="edition.yaml", line=6)
    assert "--allow-dir" in d.hint


def test_a_symbolic_link_out_of_the_edition_is_an_error(tmp_path):
    (tmp_path / "secret.md").write_text(ARTICLE, "utf-8")
    root = edition(tmp_path / "ed")
    (root / "articles" / "a.md").unlink()
    (root / "articles" / "a.md").symlink_to(tmp_path / "secret.md")
    one(errors(root), "symbolic link", file="edition.yaml", line=6)


def test_a_symbolic_link_inside_the_edition_is_followed(tmp_path):
    root = edition(tmp_path / "ed")
    (root / "articles" / "b.md").symlink_to(root / "articles" / "a.md")
    loaded, _ = load_edition(str(edition(root, EDITION.replace("a.md", "b.md"))))
    assert loaded.pages[0].items[0].article.id == "b"


@pytest.mark.parametrize("place", ["photo", "logo", "profile"])
def test_photo_logo_and_profile_paths_are_confined_too(tmp_path, place):
    (tmp_path / "pic.png").write_bytes(png_bytes(4, 4))
    text = {"photo": with_items("      - photo: {file: ../pic.png}\n        at: [1, 1]\n        span: [3, 30]\n"),
            "logo": EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {logo: /etc/passwd}"),
            "profile": EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nprint: {profile: /etc/passwd}"),
            }[place]
    one(errors(edition(tmp_path / "ed", text)), "outside the edition folder")


def test_a_shared_photo_folder_is_allowed_explicitly(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "pic.png").write_bytes(png_bytes(40, 30))
    text = with_items(f"      - photo: {{file: {archive}/pic.png}}\n        at: [1, 1]\n        span: [3, 30]\n")
    root = edition(tmp_path / "ed", text)
    errors(root)                                        # not allowed by default
    loaded, _ = load_edition(str(root), (str(archive),))
    assert loaded.pages[0].items[0].photo.pixels == (40, 30)


def test_fifos_devices_and_folders_given_as_files_are_errors(tmp_path):
    root = edition(tmp_path / "ed")
    os.mkfifo(root / "articles" / "fifo.md")
    (root / "articles" / "dir.md").mkdir()
    for name, what in (("articles/fifo.md", "FIFO"), ("articles/dir.md", "folder")):
        one(errors(edition(root, EDITION.replace("articles/a.md", name))), what, "not a file")
    os.symlink("/dev/zero", root / "articles" / "zero.md")
    one(errors(edition(root, EDITION.replace("articles/a.md", "articles/zero.md"))), "outside the edition")


def test_a_huge_sparse_article_is_refused_before_it_is_read(tmp_path):
    root = edition(tmp_path / "ed")
    with open(root / "articles" / "a.md", "wb") as f:
        f.truncate(2 << 30)                               # 2 GB, no block written
    one(errors(root), "article file", "at most 512 KB")


def test_a_font_manifest_that_is_a_device_is_an_error(tmp_path):
    from layout.fonts.book import load_manifest
    with pytest.raises(InputError) as info:
        load_manifest("/dev/zero")
    assert "a device" in info.value.diagnostics[0].message


# -- YAML -------------------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))


@pytest.mark.parametrize("text, words", [
    (BOMB, ("expands to more than",)),
    ("a: " + "[" * 600 + "]" * 600, ("nested more than",)),
    ("a: " + "{b: " * 100 + "1" + "}" * 100, ("nested more than",)),
    ("a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 300)),
     ("aliases nest mappings and lists more than",)),
    ("a: &x [1, *x]", ("refers to the mapping or list that holds it",)),
    ("a: &x {b: *x}", ("refers to the mapping or list that holds it",)),
    ("a: !!python/object/apply:os.system [echo hi]", ("!!python/object/apply:os.system",)),
    ("a: !!binary aGVsbG8=", ("!!binary",)),
    ("a: !custom x", ("!custom",)),
    ("a: .inf", (".inf", "not a usable number")),
    ("a: -.inf", ("not a usable number",)),
    ("a: .nan", ("not a usable number",)),
    ("a: !!bool maybe", ("not a valid true or false", "maybe")),
    ("a: !!int x", ("not a valid whole number",)),
    ('a: "\\ud800"', ("Unicode",)),           # libyaml refuses the escape itself
    ('a: "x\\x01y"', ("control character",)),
    ("a: b\nc: 中 \x0f d", ("U+000F is not allowed",)),
])
def test_hostile_yaml_is_an_error_at_its_line(text, words):
    with pytest.raises(InputError) as info:
        load_yaml_text(text, "edition.yaml")
    d = info.value.diagnostics[0]
    assert all(w in d.message for w in words), d.message
    assert d.where.file == "edition.yaml" and d.where.line is not None


def test_an_alias_bomb_is_refused_quickly():
    import time
    started = time.monotonic()
    with pytest.raises(InputError):
        load_yaml_text(BOMB, "x.yaml")
    assert time.monotonic() - started < 2


def test_a_lone_surrogate_or_control_character_is_named():
    from layout.spec.text import bad_character
    assert bad_character("新乡\ud800日报") == (2, "a lone surrogate (U+D800)")
    assert bad_character("a\x1bb") == (1, "a control character (U+001B)")
    assert bad_character("正常的文字\t和换行\n") is None


def test_variation_selectors_and_joiners_are_dropped():
    assert load_yaml_text("a: \"❤\\ufe0f 👨\\u200d👩\"", "x.yaml")["a"] == "❤ 👨👩"


def test_alias_bomb_in_front_matter_and_manifest(tmp_path):
    article = "---\n" + BOMB + "headline: x\n---\n\n正文。\n"
    one(errors(edition(tmp_path / "ed", article=article)), "expands to more than", file="a.md")
    from layout.fonts.book import load_manifest
    manifest = tmp_path / "fonts.yaml"
    manifest.write_text(BOMB + "faces: {}\nroles: {}\n", "utf-8")
    with pytest.raises(InputError) as info:
        load_manifest(manifest)
    assert "expands to more than" in info.value.diagnostics[0].message


# -- edition semantics --------------------------------------------------------------------------

@pytest.mark.parametrize("change, words, line", [
    (("number: 3", "number: 1000"), ("from 1 to 999",), 4),
    (("number: 3", "number: 1e308"), ("from 1 to 999",), 4),
    (("number: 3", "number: 99999999999999999999999999"), ("from 1 to 999",), 4),
    (("date: 2024-11-06", "date: 2024-11-06\npage_size: [1.5, 2]"), ("page_size", "from 100 to 1500"), 3),
    (("date: 2024-11-06", "date: 2024-11-06\npage_size: [100, 100]"), ("does not fit on the page",), 3),
    (("date: 2024-11-06", "date: 2024-11-06\npage_size: [.inf, 546]"), ("not a usable number",), 3),
    (("date: 2024-11-06", "date: 2024-11-06\nmasthead: {issue: .inf}"), ("not a usable number",), 3),
    (("date: 2024-11-06", "date: 2024-11-06\nmasthead: {issue: 1e308}"), ("issue",), 3),
    (("paper: 新乡日报", 'paper: "新乡\\ud800日报"'), ("not valid YAML",), 1),
    (("paper: 新乡日报", "paper: " + "报" * 100), ("`paper` is 100 characters long",), 1),
])
def test_invalid_edition_values(tmp_path, change, words, line):
    root = edition(tmp_path / "ed", EDITION.replace(*change))
    one(errors(root), *words, file="edition.yaml", line=line)


def test_a_page_needs_at_least_one_item(tmp_path):
    text = EDITION.split("    items:")[0] + "    items: []\n"
    one(errors(edition(tmp_path / "ed", text)), "at least one", file="edition.yaml", line=5)


def test_items_and_pages_are_bounded(tmp_path):
    many = "".join(f"      - article: articles/a.md\n        at: [1, {n}]\n        span: [1, 1]\n"
                   for n in range(1, limits.ITEMS_PER_PAGE + 2))
    one(errors(edition(tmp_path / "ed", with_items(many))), "items; at most", file="edition.yaml")
    pages = "paper: x\ndate: 2024-11-06\npages:\n" + "".join(
        f"  - number: {n}\n    items:\n      - article: articles/a.md\n        at: [1, 1]\n        span: [1, 9]\n"
        for n in range(1, limits.PAGES + 2))
    one(errors(edition(tmp_path / "ed2", pages)), "pages; at most", file="edition.yaml", line=3)


@pytest.mark.parametrize("article, words, line", [
    ("---\nheadline: " + "长" * 10_000 + "\n---\n\n正文。\n", ("the headline is 10,000 characters",), 2),
    ("---\nheadline: [" + ", ".join(["长标题"] * 40) + "]\n---\n\n正文。\n", ("the headline is 120",), 2),
    ("---\nheadline: x\ndeck: " + "副" * 200 + "\n---\n\n正文。\n", ("`deck` is 200",), 3),
    ("---\nheadline: x\n---\n\n" + "长" * (limits.PARAGRAPH_CHARS + 1) + "\n", ("this paragraph is",), 5),
    ("---\nheadline: x\n---\n\n正文\x00。\n", ("control character (U+0000)",), 5),
    ("---\nheadline: x\n---\n\n# 一级标题\n\n正文。\n", ("only `## ` subheads",), 5),
    ("---\nheadline: !!python/object/apply:os.system [ls]\n---\n\n正文。\n", ("!!python/object/apply",), 2),
    ("---\nheadline: x\nphoto: {file: p.png, lines: 1e308}\n---\n\n正文。\n", ("from 1 to 400",), 3),
])
def test_invalid_articles(tmp_path, article, words, line):
    one(errors(edition(tmp_path / "ed", article=article)), *words, file="a.md", line=line)


def test_an_article_file_over_the_limit(tmp_path):
    article = ("---\nheadline: x\n---\n\n" + "正文。\n\n" * 100_000).encode("utf-8")
    one(errors(edition(tmp_path / "ed", article=article)), "at most 512 KB")


@pytest.mark.parametrize("number, text", [
    (1, "一"), (10, "十"), (12, "十二"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
    (110, "一百一十"), (115, "一百一十五"), (230, "二百三十"), (999, "九百九十九"), (1001, "一千零一"),
])
def test_page_numbers_in_chinese_numerals(number, text):
    assert chinese_number(number) == text


def test_page_numbers_over_a_hundred_are_planned(tmp_path):
    root = edition(tmp_path / "ed", EDITION.replace("number: 3", "number: 120"))
    loaded, _ = load_edition(str(root))
    assert loaded.pages[0].number == 120


# -- Markdown the article format does not interpret ----------------------------------------------

def test_unsupported_markdown_is_a_warning_at_its_line(tmp_path):
    body = ("**加粗**的文字。\n\n- 第一项\n- 第二项\n\n见[新华网](http://www.news.cn)。\n\n"
            "第一点。\n2. 第二点。\n\n> 引文\n\n普通段落，没有标记。\n")
    root = edition(tmp_path / "ed", article="---\nheadline: x\n---\n\n" + body)
    (root / "articles" / "a.md").write_text("---\nheadline: x\n---\n\n" + body, "utf-8")
    _, warnings = parse_article(str(root / "articles" / "a.md"))
    got = {(w.where.line, w.get("construct")) for w in warnings}
    assert got == {(5, "bold (`**…**`)"), (7, "a list item (`- …`)"), (8, "a list item (`- …`)"),
                   (10, "a link (`[…](…)`)"), (13, "a numbered list item"), (15, "a block quote (`> …`)")}
    assert all(w.severity == WARNING and w.code == "markdown" for w in warnings)


# -- pictures ------------------------------------------------------------------------------------

def png_bytes(width: int, height: int, declared: tuple[int, int] | None = None) -> bytes:
    """A greyscale PNG; `declared` writes another size into its header (a bomb)."""
    w, h = declared or (width, height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\n%%EOF\n"


def photo_edition(root: Path, data: bytes, name: str = "p.jpg") -> Path:
    text = with_items(f"      - photo: {{file: photos/{name}}}\n        at: [1, 1]\n        span: [3, 30]\n")
    return edition(root, text, **{f"photos__{name}": data})


def test_postscript_named_jpg_never_reaches_ghostscript(tmp_path, monkeypatch):
    marker = tmp_path / "gs-ran"
    fake = tmp_path / "bin" / "gs"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    root = photo_edition(tmp_path / "ed", EPS)
    d = one(errors(root), "not a JPEG or PNG", "PostScript", file="edition.yaml", line=6)
    assert "JPEG or PNG" in d.hint
    assert not marker.exists()


@pytest.mark.parametrize("data, words", [
    (png_bytes(1, 1, declared=(100_000, 100_000)), ("declares 10000 megapixels", "at most 50")),
    (png_bytes(1, 1, declared=(30_000, 30_000)), ("declares 900 megapixels",)),
    (png_bytes(1, 1, declared=(8000, 8000)), ("8000 × 8000 pixels (64 megapixels)",)),
    (png_bytes(64, 64)[:60], ("cannot be",)),
    (b"", ("it is empty",)),
    (b"GIF89a" + b"\x00" * 20, ("GIF",)),
])
def test_bad_pictures_are_errors(tmp_path, data, words):
    one(errors(photo_edition(tmp_path / "ed", data, "p.png")), *words, file="edition.yaml", line=6)


def test_a_jpeg_that_opens_but_does_not_decode_is_an_error(tmp_path):
    from io import BytesIO
    from PIL import Image
    buffer = BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, "JPEG")
    one(errors(photo_edition(tmp_path / "ed", buffer.getvalue()[:1500])), "cannot be decoded")


def test_a_logo_declaring_900_megapixels_is_an_error(tmp_path):
    text = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nmasthead: {logo: logo.png}")
    root = edition(tmp_path / "ed", text, **{"logo.png": png_bytes(1, 1, declared=(30_000, 30_000))})
    one(errors(root), "masthead logo", "900 megapixels", file="edition.yaml", line=3)


def test_a_fake_icc_profile_is_an_error(tmp_path):
    header = bytearray(200)
    header[0:4] = (200).to_bytes(4, "big")
    header[16:20] = b"CMYK"
    header[36:40] = b"acsp"
    text = EDITION.replace("date: 2024-11-06", "date: 2024-11-06\nprint: {profile: fake.icc}")
    root = edition(tmp_path / "ed", text, **{"fake.icc": bytes(header)})
    one(errors(root), "output profile fake.icc", "LittleCMS", file="edition.yaml", line=3)
