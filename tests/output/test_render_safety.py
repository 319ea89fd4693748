"""What `banmian render` and `banmian check` do with bad options and with a
failure half-way through writing: exit status 2, a message naming the option
or file, no traceback, and nothing written (an earlier output left as it was)."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from layout.cli.main import main
from layout.diagnostics import InputError, Where, error

from marks_pdf import marks_pdf

pytestmark = pytest.mark.render

PARA = "近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力。"


def edition(folder: Path, pages: int = 1, photo: bool = False, page_size: str = "") -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for n in range(1, pages + 1):     # an article per page: one is placed once in an edition
        (folder / "articles" / f"a{n}.md").write_text(f"---\nheadline: 测试标题\n---\n\n{PARA * 3}\n", "utf-8")
    items = "      - article: articles/a{n}.md\n        at: [1, 1]\n        span: [3, 20]\n"
    if photo:
        from PIL import Image
        (folder / "photos").mkdir(exist_ok=True)
        Image.new("RGB", (300, 200), (120, 160, 200)).save(folder / "photos" / "p.png")
        items += "      - photo: {file: photos/p.png}\n        at: [4, 1]\n        span: [3, 20]\n"
    text = "paper: 示例日报\ndate: 2024-11-06\n" + page_size + "pages:\n" + "".join(
        f"  - number: {n}\n    items:\n" + items.replace("{n}", str(n)) for n in range(1, pages + 1))
    (folder / "edition.yaml").write_text(text, "utf-8")
    return folder


def run(argv, capsys) -> tuple[int, str]:
    status = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err


@pytest.mark.parametrize("dpi", ["nan", "inf", "-inf", "1e-9", "0", "-3", "601", "5000", "1e308"])
def test_bad_dpi_is_an_option_error(tmp_path, capsys, dpi):
    out = tmp_path / "out"
    status, err = run(["render", str(edition(tmp_path / "ed")), "--out", str(out), f"--dpi={dpi}"], capsys)
    assert status == 2 and "--dpi must be a number from 20 to 600" in err
    assert not out.exists()


def test_a_preview_too_large_is_refused_before_writing(tmp_path, capsys):
    out = tmp_path / "out"
    big = edition(tmp_path / "ed", page_size="page_size: [1500, 1500]\n")
    status, err = run(["render", str(big), "--out", str(out), "--dpi", "600"], capsys)
    assert status == 2 and "megapixels" in err and "use --dpi" in err
    assert not out.exists()
    assert run(["render", str(big), "--out", str(out), "--dpi", "600", "--no-preview"], capsys)[0] == 0


def test_allow_dir_must_be_a_folder(tmp_path, capsys):
    status, err = run(["render", str(edition(tmp_path / "ed")), "--allow-dir", str(tmp_path / "none")], capsys)
    assert status == 2 and "--allow-dir" in err
    status, err = run(["check", str(edition(tmp_path / "ed")), "--allow-dir", str(tmp_path / "none")], capsys)
    assert status == 2 and "--allow-dir" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failure_while_writing_leaves_nothing(tmp_path, capsys, monkeypatch, jobs):
    """A photo that passed the spec stage fails while a later page is written
    (in a worker process with --jobs 2): no page of the render stays on disk,
    and what the folder held before is untouched."""
    import layout.output.pdf as pdf
    real = pdf.prepare_photo
    calls = {"n": 0}

    def failing(path, *args, **kwargs):
        calls["n"] += 1
        if os.environ.get("BANMIAN_TEST_FAIL_PAGE") and "p.png" in path:
            raise InputError(error(f"photo {path} cannot be decoded: broken", Where(path)))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(pdf, "prepare_photo", failing)
    # every photo made afresh, not read from the cache an earlier render filled
    monkeypatch.setattr(pdf, "cached_press_image", lambda directory, key, make: make())
    ed = edition(tmp_path / "ed", pages=4, photo=True)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("from before", "utf-8")
    monkeypatch.setenv("BANMIAN_TEST_FAIL_PAGE", "1")
    status, err = run(["render", str(ed), "--out", str(out), "--no-preview", "--jobs", jobs], capsys)
    assert status == 2 and "cannot be decoded" in err and "nothing was written" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    fresh = tmp_path / "fresh"
    assert run(["render", str(ed), "--out", str(fresh), "--no-preview", "--jobs", jobs], capsys)[0] == 2
    assert not fresh.exists()
    monkeypatch.delenv("BANMIAN_TEST_FAIL_PAGE")
    status, _ = run(["render", str(ed), "--out", str(out), "--no-preview", "--jobs", jobs], capsys)
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["keep.txt", "report.json", "ed.pdf"] + [f"p0{n}.pdf" for n in range(1, 5)])


def test_check_refuses_a_fifo_and_a_device(tmp_path, capsys):
    fifo = tmp_path / "page.pdf"
    os.mkfifo(fifo)
    status, err = run(["check", str(fifo)], capsys)
    assert status == 2 and "FIFO" in err
    status, err = run(["check", "/dev/zero"], capsys)
    assert status == 2 and "device" in err
    status, err = run(["render", str(edition(tmp_path / "ed")), "--fonts", "/dev/zero"], capsys)
    assert status == 2 and "device" in err


@pytest.mark.parametrize("mark", [
    "/Kind (body) /Seq (abc) /Left 10 /Right 100",
    "/Kind (body) /Seq 1 /Left (x) /Right 100",
    "/Kind 3 /Seq 1 /Left 10 /Right 100",
    "/Kind (body) /Seq 1 /Left 10 /Right 1000000000.5",
    "/Kind (body) /Left 10 /Right 100",
])
def test_damaged_layout_marks_are_an_input_error(tmp_path, capsys, mark):
    pdf = marks_pdf(tmp_path / "p.pdf", mark)
    status, err = run(["check", "--typography", str(pdf)], capsys)
    assert status == 2 and "layout marks of page 1 are damaged" in err


def test_a_file_that_is_not_a_pdf(tmp_path, capsys):
    bad = tmp_path / "p.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    status, err = run(["check", str(bad)], capsys)
    assert status == 2 and "not a readable PDF" in err


def test_page_numbers_past_a_hundred_are_rendered_in_chinese_numerals(tmp_path, capsys):
    """The header's 第…版 and the jump lines of an article jumping from page 100
    to page 120 (an IndexError in the numeral before)."""
    folder = tmp_path / "ed"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.md").write_text(f"---\nheadline: 测试标题\n---\n\n{PARA * 12}\n", "utf-8")
    for n in (99, 101):
        (folder / "articles" / f"b{n}.md").write_text(f"---\nheadline: 另一篇\n---\n\n{PARA}\n", "utf-8")
    pages = "".join(f"  - number: {n}\n    items:\n      - article: articles/b{n}.md\n        at: [1, 1]\n"
                    f"        span: [2, 20]\n" for n in (99, 101))
    (folder / "edition.yaml").write_text(
        "paper: 示例日报\ndate: 2024-11-06\npages:\n" + pages
        + "  - number: 100\n    items:\n      - article: articles/a.md\n        at: [1, 1]\n        span: [2, 12]\n"
        + "  - number: 120\n    items:\n      - continues: articles/a.md\n        at: [1, 1]\n"
          "        span: [4, 40]\n", "utf-8")
    out = tmp_path / "out"
    status, err = run(["render", str(folder), "--out", str(out), "--no-preview"], capsys)
    assert status == 0, err
    from test_missing_characters import page_text
    assert "第一百版" in page_text(out / "p100.pdf") and "下转第一百二十版" in page_text(out / "p100.pdf")
    assert "上接第一百版" in page_text(out / "p120.pdf") and "第一百二十版" in page_text(out / "p120.pdf")
    assert "第一百零一版" in page_text(out / "p101.pdf")
