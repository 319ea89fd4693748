"""`banmian batch` on the command line: progress, summary and exit status."""
from __future__ import annotations

import json

import pytest

from batch_editions import TORTURE, copy_edition
from layout.batch.executors import SchedulerError, dask_cluster
from layout.cli.main import main


def test_no_editions_is_unusable_input(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["batch", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "error: no edition folders here" in err and "nothing was rendered" in err
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_reported():
    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with dask_cluster("tcp://127.0.0.1:9", timeout=2):
            pass


@pytest.mark.render
def test_a_broken_edition_fails_alone_and_the_status_says_so(tmp_path, capsys):
    source = tmp_path / "editions"
    copy_edition(TORTURE, source / "good")
    broken = copy_edition(TORTURE, source / "broken")
    (broken / "edition.yaml").write_text("paper: x\ndate: 2024-13-45\npages: []\n", "utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(source), "--out", str(out), "--jobs", "2", "--no-preview"]) == 1
    err = capsys.readouterr().err
    assert "banmian batch: 2 edition(s) on this machine" in err
    assert "] good: done, 1 page(s)" in err and "] broken: failed" in err
    assert "2 edition(s): 1 rendered, 0 skipped, 1 failed; 1 page(s)" in err
    entry = json.loads((out / "manifest.json").read_text("utf-8"))["editions"]["broken"]
    assert entry["status"] == "failed" and entry["diagnostics"][0]["where"].startswith("edition.yaml:2")
    assert main(["batch", str(source), "--out", str(out), "--no-preview"]) == 1
    assert "] good: skipped (finished before from the same inputs)" in capsys.readouterr().err
