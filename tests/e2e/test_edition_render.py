"""Whole editions: one PDF per page and one of the edition, written in
parallel processes with output identical to a serial run, a progress bar
only on a terminal, and byte-identical PDFs on every run."""
from __future__ import annotations

import io

import pytest

from layout.cli.main import main
from layout.cli.progress import Progress
from layout.pipeline import RenderOptions, render

from edition_builders import jump_edition


def _pdfs(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


@pytest.mark.render
def test_parallel_output_is_identical_to_serial(tmp_path, font_cache):
    edition = jump_edition(tmp_path / "ed", target=3)
    serial = render(str(edition), RenderOptions(out_dir=str(tmp_path / "serial"), previews=False, jobs=1),
                    cache=font_cache)
    parallel = render(str(edition), RenderOptions(out_dir=str(tmp_path / "parallel"), previews=False, jobs=2),
                      cache=font_cache)
    a, b = _pdfs(tmp_path / "serial"), _pdfs(tmp_path / "parallel")
    assert sorted(a) == ["ed.pdf", "p01.pdf", "p02.pdf", "p03.pdf"]
    assert a == b
    assert [p.number for p in serial.plans] == [p.number for p in parallel.plans] == [1, 2, 3]


@pytest.mark.render
def test_edition_pdf_holds_every_page(tmp_path, font_cache):
    import pypdfium2 as pdfium
    edition = jump_edition(tmp_path / "ed", target=3)
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "out"), previews=False), cache=font_cache)
    doc = pdfium.PdfDocument(str(tmp_path / "out" / "ed.pdf"))
    assert len(doc) == 3
    texts = [doc[i].get_textpage().get_text_range() for i in range(3)]
    assert "下转第三版" in texts[0] and "上接第一版" in texts[2]
    doc.close()


@pytest.mark.render
def test_rendering_twice_is_byte_identical(tmp_path, font_cache):
    edition = jump_edition(tmp_path / "ed", target=3)
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "one")), cache=font_cache)
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "two")), cache=font_cache)
    for name in ("p01.pdf", "p02.pdf", "p03.pdf", "ed.pdf", "p01.png", "report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(3, "rendering", stream=stream)
        for name in ("p01", "p02", "p03"):
            bar.step(name)
    assert "[" in tty.getvalue() and "3/3" in tty.getvalue() and tty.getvalue().endswith("\n")
    assert pipe.getvalue() == ""


@pytest.mark.render
def test_render_tells_its_progress_to_whom_asks(tmp_path, font_cache):
    told = []

    class Steps:
        def __init__(self, total):
            told.append(total)

        def step(self, what=""):
            told.append(what)
    edition = jump_edition(tmp_path / "ed", target=3)
    render(str(edition), RenderOptions(out_dir=str(tmp_path / "out"), previews=False, jobs=1), cache=font_cache,
           progress=Steps)
    assert told == [4, "p01", "p02", "p03", "edition"]


@pytest.mark.render
def test_cli_jobs_option(tmp_path, capsys):
    edition = jump_edition(tmp_path / "ed")
    assert main(["render", str(edition), "--out", str(tmp_path / "out"), "--no-preview", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert main(["render", str(edition), "--out", str(tmp_path / "out"), "--no-preview", "--jobs", "2"]) == 0
    out = capsys.readouterr()
    assert "ed.pdf" in out.out and "\r" not in out.err


@pytest.mark.render
def test_page_one_gets_the_masthead_instead_of_a_header(tmp_path):
    from layout.pipeline import plan_edition
    edition = jump_edition(tmp_path / "ed")
    spec = edition / "edition.yaml"
    text = spec.read_text("utf-8").replace(
        "date: 2024-11-08\n", "date: 2024-11-08\nmasthead: {issue: 12345, serial: CN00-0001, lines: 16}\n")
    spec.write_text(text.replace("at: [1, 1]\n            span: [3, 30]", "at: [1, 17]\n            span: [3, 30]", 1),
                    "utf-8")
    _, _, plans, _ = plan_edition(str(edition))
    front = {l.text for l in plans[0].lines}
    assert "农历甲辰年十月初八" in front and "总第12345期" in front
    assert not [l for l in plans[0].reversed_lines if l.text == "01"]     # no 报眉 page box
    assert [l for l in plans[1].reversed_lines if l.text == "02"]         # page 2 keeps its header


@pytest.mark.render
def test_front_page_credits_go_to_the_foot_line(tmp_path):
    from layout.pipeline import plan_edition
    edition = jump_edition(tmp_path / "ed")
    spec = edition / "edition.yaml"
    text = spec.read_text("utf-8").replace(
        "date: 2024-11-08\n", "date: 2024-11-08\nmasthead: {issue: 12345, lines: 16}\n")
    text = text.replace("section: 要闻\n", "section: 要闻\n        credits: {责任编辑: 王五, 校对: 钱七}\n", 1)
    spec.write_text(text.replace("at: [1, 1]\n            span: [3, 30]", "at: [1, 17]\n            span: [3, 30]", 1),
                    "utf-8")
    _, _, plans, _ = plan_edition(str(edition))
    credits = [l for l in plans[0].lines if l.kind == "credits"]
    assert credits and credits[0].text == "责任编辑：王五　校对：钱七"
    assert credits[0].baseline > plans[0].style.bottom        # under the type area, in the foot line
