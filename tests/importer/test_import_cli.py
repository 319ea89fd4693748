"""`banmian import` on the command line: what it prints and its exit status."""
from __future__ import annotations

from layout.cli.main import main
from test_import_text import SEED_COPY


def test_import_prints_the_files_and_a_summary(tmp_path, capsys):
    out = tmp_path / "edition"
    status = main(["import", str(SEED_COPY), "--out", str(out), "--paper", "新乡日报", "--date", "2024-11-06",
                   "--page", "3", "--section", "区县新闻"])
    captured = capsys.readouterr()
    assert status == 0
    assert str(out / "edition.yaml") in captured.out.split("\n")
    assert "1 page(s), 8 article(s) (0 placed from OCR boxes), 277 change(s)" in captured.err
    assert "without `at`/`span`, for the automatic layout to place" in captured.err


def test_unusable_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "edition"
    status = main(["import", str(tmp_path / "missing.txt"), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and not out.exists()
    assert "missing.txt: error: no such file" in err
    assert "--paper: error: the paper's name is not given" in err
    assert "2 error(s); nothing was written" in err
