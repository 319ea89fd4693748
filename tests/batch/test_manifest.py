"""The batch runner without rendering: finding editions, the manifest, resume
and failures, with a stand-in task on threads."""
from __future__ import annotations

from layout.output.report import compiler_line

import concurrent.futures
import json
from pathlib import Path

import pytest

from layout.batch import find_editions, run_batch
from layout.batch.manifest import Manifest, input_files, input_hash
from layout.batch.runner import Done, EditionJob
from layout.diagnostics import InputError


def edition(folder: Path, text: str = "x") -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "edition.yaml").write_text(f"paper: p\n# {text}\n", "utf-8")
    (folder / "articles" / "a.md").write_text(text, "utf-8")
    return folder


@pytest.fixture
def editions(tmp_path) -> Path:
    for name in ("b-2024", "a-2024", "c-2024"):
        edition(tmp_path / "src" / name, name)
    (tmp_path / "src" / "not-an-edition").mkdir()
    return tmp_path / "src"


def fake_task(job: EditionJob, out_root: str, settings, digest: str, inputs: list) -> Done:
    """Writes one output whose content is the edition's article, as a render would."""
    out = Path(out_root) / job.name / "p01.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = (Path(job.source) / "articles" / "a.md").read_text("utf-8")
    if "broken" in text:
        entry = {"source": job.source, "input_sha256": digest, "inputs": inputs, "status": "failed",
                 "error": "the edition's input is unusable", "diagnostics": []}
        return Done(job.name, entry, 0.0, 1.0, "w:1")
    out.write_text(text, "utf-8")
    entry = {"source": job.source, "input_sha256": digest, "inputs": inputs, "status": "done", "pages": [1],
             "outputs": [{"path": f"{job.name}/p01.pdf", "size": out.stat().st_size, "sha256": "x"}],
             "diagnostics": []}
    return Done(job.name, entry, 0.0, 1.0, "w:1")


def run(source, out, **kw):
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return run_batch(find_editions(str(source)), str(out), pool, task=fake_task, **kw)


def test_editions_are_found_sorted_by_name(editions, tmp_path):
    assert [j.name for j in find_editions(str(editions))] == ["a-2024", "b-2024", "c-2024"]
    assert [j.name for j in find_editions(str(editions / "b-2024"))] == ["b-2024"]
    listing = tmp_path / "list.txt"
    listing.write_text("# two of them\nsrc/c-2024\n\nsrc/a-2024  # the first\n", "utf-8")
    assert [j.source for j in find_editions(str(listing))] == [str(tmp_path / "src/a-2024"),
                                                             str(tmp_path / "src/c-2024")]


def test_a_bad_list_or_folder_is_an_input_error(editions, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text("src/a-2024\nsrc/missing\n", "utf-8")
    with pytest.raises(InputError) as exc:
        find_editions(str(listing))
    assert compiler_line(exc.value.diagnostics[0]).startswith(f"{listing}:2: error: src/missing is not an edition folder")
    with pytest.raises(InputError, match="no edition folders here"):
        find_editions(str(editions / "not-an-edition"))
    edition(tmp_path / "other" / "a-2024")
    listing.write_text("src/a-2024\nother/a-2024\n", "utf-8")
    with pytest.raises(InputError, match="two editions are named a-2024"):
        find_editions(str(listing))


def test_the_input_hash_follows_content_not_times(editions):
    a = editions / "a-2024"
    before = input_hash(input_files(str(a)), {"dpi": 150})
    (a / "articles" / "a.md").write_text("a-2024", "utf-8")      # same content, new mtime
    assert input_hash(input_files(str(a)), {"dpi": 150}) == before
    assert input_hash(input_files(str(a)), {"dpi": 300}) != before
    (a / "articles" / "a.md").write_text("changed", "utf-8")
    assert input_hash(input_files(str(a)), {"dpi": 150}) != before


def test_a_rerun_skips_what_is_finished_and_redoes_what_changed(editions, tmp_path):
    out = tmp_path / "out"
    first = run(editions, out)
    assert sorted(first.rendered) == ["a-2024", "b-2024", "c-2024"] and not first.skipped
    manifest = (out / "manifest.json").read_bytes()
    again = run(editions, out)
    assert again.skipped == ["a-2024", "b-2024", "c-2024"] and not again.rendered
    assert (out / "manifest.json").read_bytes() == manifest
    (editions / "b-2024" / "articles" / "a.md").write_text("new text", "utf-8")
    (out / "c-2024" / "p01.pdf").unlink()                          # an output lost since
    third = run(editions, out)
    assert sorted(third.rendered) == ["b-2024", "c-2024"] and third.skipped == ["a-2024"]
    assert sorted(run(editions, out, force=True).rendered) == ["a-2024", "b-2024", "c-2024"]


def test_a_partial_manifest_resumes_an_interrupted_run(editions, tmp_path):
    out = tmp_path / "out"
    run(editions, out)
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    del data["editions"]["b-2024"]                                # the run stopped before b finished
    (out / "manifest.json").write_text(json.dumps(data), "utf-8")
    result = run(editions, out)
    assert result.rendered == ["b-2024"] and result.skipped == ["a-2024", "c-2024"]


def test_a_journal_left_by_a_killed_run_is_read_back(editions, tmp_path):
    out = tmp_path / "out"
    run(editions, out)
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    (out / "manifest.json").unlink()                               # killed before the journal was folded in
    journal = "".join(json.dumps({"name": k, "entry": v}) + "\n" for k, v in data["editions"].items())
    (out / "manifest.journal").write_text(journal + '{"name": "c-2024", "ent', "utf-8")   # a torn last line
    result = run(editions, out)
    assert result.skipped == ["a-2024", "b-2024", "c-2024"]
    assert json.loads((out / "manifest.json").read_text("utf-8"))["editions"] == data["editions"]
    assert not (out / "manifest.journal").exists()


def test_a_failed_edition_is_recorded_and_the_others_go_on(editions, tmp_path):
    (editions / "b-2024" / "articles" / "a.md").write_text("broken", "utf-8")
    out = tmp_path / "out"
    result = run(editions, out)
    assert result.failed == ["b-2024"] and sorted(result.rendered) == ["a-2024", "c-2024"]
    entry = json.loads((out / "manifest.json").read_text("utf-8"))["editions"]["b-2024"]
    assert entry["status"] == "failed"
    again = run(editions, out)                                     # a failure is tried again
    assert again.failed == ["b-2024"] and again.skipped == ["a-2024", "c-2024"]


def test_the_manifest_is_sorted_and_deterministic():
    m = Manifest({"dpi": 150}, {})
    m.record("z", {"b": 1, "a": 2})
    m.record("a", {"status": "done"})
    text = m.to_json().decode("utf-8")
    assert text.index('"a": {') < text.index('"z": {') and text.index('"a": 2') < text.index('"b": 1')
    assert Manifest({"dpi": 150}, {"a": {"status": "done"}, "z": {"a": 2, "b": 1}}).to_json() == m.to_json()


def test_a_task_the_executor_cannot_run_is_a_failed_edition(editions, tmp_path):
    def unrunnable(*args):
        raise RuntimeError("Error during deserialization of the task graph")
    out = tmp_path / "out"
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        result = run_batch(find_editions(str(editions)), str(out), pool, task=unrunnable)
    assert sorted(result.failed) == ["a-2024", "b-2024", "c-2024"]
    entry = json.loads((out / "manifest.json").read_text("utf-8"))["editions"]["a-2024"]
    assert entry["status"] == "failed" and "deserialization" in entry["error"]
