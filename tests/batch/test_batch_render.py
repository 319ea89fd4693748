"""Whole batches rendered: the local process pool and a Dask cluster started
in-process give byte-identical outputs and manifests, and a run killed
partway resumes where it stopped."""
from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_editions import ROOT, small_batch
from layout.batch import OutputSettings, find_editions, run_batch
from layout.batch.executors import dask_cluster, local_pool
from layout.batch.manifest import Manifest

pytestmark = pytest.mark.render
SETTINGS = OutputSettings(dpi=40)          # previews too, at a low resolution: every output, quickly


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return small_batch(tmp_path_factory.mktemp("batch") / "editions")


@pytest.fixture(scope="module")
def pool_run(source, tmp_path_factory):
    out = tmp_path_factory.mktemp("pool") / "out"
    with local_pool(jobs=2, tasks_per_worker=1) as pool:      # a new worker for every edition
        result = run_batch(find_editions(str(source)), str(out), pool, SETTINGS)
    return out, result


def test_the_pool_renders_every_edition_with_every_output(pool_run):
    out, result = pool_run
    assert sorted(result.rendered) == ["torture", "xinxiang-daily-2024-11-06", "xinxiang-daily-2024-11-13",
                                       "xinxiang-daily-2024-11-20"] and not result.failed
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    entry = manifest["editions"]["xinxiang-daily-2024-11-13"]
    names = {Path(f["path"]).name for f in entry["outputs"]}
    # the print run, then the digital edition and the archive package
    assert {"p03.pdf", "p03.png", "p03.thumb.png", "report.json"} <= names
    assert {"index.html", "manifest.json", "mets.xml", "xinxiang-daily-2024-11-13.pdfa.pdf"} <= names
    assert any(name.endswith(".alto.xml") or name.startswith("p03") and name.endswith(".xml") for name in names)
    for f in entry["outputs"]:
        assert (out / f["path"]).stat().st_size == f["size"]
    assert entry["pages"] == [3] and entry["status"] == "done"
    report = json.loads((out / "xinxiang-daily-2024-11-13" / "report.json").read_text("utf-8"))
    assert [(d["code"], d["message"]) for d in entry["diagnostics"]] == \
        [(d["code"], d["message"]) for d in report["diagnostics"]]
    assert all(not (d["where"] or "").startswith("/") for d in entry["diagnostics"])   # relative to the edition
    assert len(result.workers) == 4            # recycled: one worker process per edition


def test_a_dask_cluster_gives_byte_identical_outputs(source, pool_run, tmp_path):
    from distributed import LocalCluster
    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with dask_cluster(cluster.scheduler_address) as executor:
            result = run_batch(find_editions(str(source)), str(out), executor, SETTINGS)
    assert len(result.rendered) == 4 and not result.failed
    assert tree(out) == tree(pool_run[0])        # every PDF, PNG, report and the manifest


def test_a_run_killed_partway_resumes_where_it_stopped(source, pool_run, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "layout", "batch", str(source), "--out", str(out), "--jobs", "1",
               "--dpi", "40"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if Manifest.load(str(out), {}).editions:
            break
        time.sleep(0.1)
    os.killpg(child.pid, signal.SIGKILL)          # the machine goes down: no clean-up at all
    child.wait()
    assert (out / "manifest.journal").exists() and not (out / "manifest.json").exists()
    finished = sorted(Manifest.load(str(out), {}).editions)
    assert 1 <= len(finished) < 4
    assert not list(out.rglob(".*.tmp"))          # atomic writes: no half-written file is left as output
    with local_pool(jobs=2) as pool:
        result = run_batch(find_editions(str(source)), str(out), pool, SETTINGS)
    assert sorted(result.skipped) == finished and len(result.rendered) == 4 - len(finished)
    leftovers = [p for p in out.rglob(".*") if p.is_file() and p.name != ".banmian-source"]
    for p in leftovers:                           # a temporary file of the killed run, never renamed into place
        p.unlink()
    same = filecmp.dircmp(out, pool_run[0])
    assert tree(out) == tree(pool_run[0]), same.report_full_closure()
