"""A batch run: find the editions, skip those finished from the same inputs,
render the others on the executor, keep the manifest as each one finishes,
and tell the progress."""
from __future__ import annotations

import concurrent.futures
import os
import resource
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..diagnostics import InputError, Where, error
from ..file_digest import file_sha256
from .manifest import Manifest, file_record, input_files, input_hash, records
from .outputs import OutputSettings, render_all_outputs


@dataclass(frozen=True)
class EditionJob:
    name: str          # the edition folder's name; names its output folder
    source: str        # the edition folder, as found


@dataclass(frozen=True)
class Done:
    """What a worker returns: small, whatever the edition's size."""
    name: str
    entry: dict                 # the manifest entry
    seconds: float
    peak_rss_mb: float          # the worker process's peak resident memory so far
    worker: str                 # host:pid


@dataclass(frozen=True)
class Event:
    """One step of the run, for the progress report."""
    done: int
    total: int
    name: str
    status: str                 # done, skipped, failed
    pages: int = 0
    seconds: float = 0.0


@dataclass
class BatchResult:
    total: int = 0
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pages: int = 0
    workers: dict = field(default_factory=dict)      # worker → peak RSS in MB, in the order they reported
    tasks: list = field(default_factory=list)        # (worker, edition, seconds, worker's peak RSS in MB) as finished
    seconds: float = 0.0


def _is_edition(path: Path) -> bool:
    return (path / "edition.yaml").is_file()


def find_editions(source: str) -> list[EditionJob]:
    """An edition folder, a folder of edition folders, or a list file (an
    edition folder per line, relative to the list's folder; # comments)."""
    path = Path(source)
    if path.is_dir():
        folders = [path] if _is_edition(path) else sorted(p for p in path.iterdir() if p.is_dir() and _is_edition(p))
        if not folders:
            raise InputError(error("no edition folders here (folders holding edition.yaml)", Where(source),
                                   "give a folder of editions, an edition folder, or a list file"))
    elif path.is_file():
        folders, problems = [], []
        for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            folder = path.parent / entry
            if not _is_edition(folder):
                problems.append(error(f"{entry} is not an edition folder (no edition.yaml)", Where(source, number),
                                      "correct the path (relative to the list file) or remove the line"))
            folders.append(folder)
        if problems:
            raise InputError(problems)
        if not folders:
            raise InputError(error("the list names no edition", Where(source), "write one edition folder a line"))
    else:
        raise InputError(error("no such folder or list file", Where(source),
                               "give a folder of editions or a file listing them"))
    jobs = [EditionJob(f.resolve().name, str(f)) for f in folders]
    seen: dict[str, str] = {}
    problems = []
    for job in jobs:
        if job.name in seen:
            problems.append(error(f"two editions are named {job.name}: {seen[job.name]} and {job.source}",
                                  Where(source), "each edition's output folder is named after it: rename one"))
        seen[job.name] = job.source
    if problems:
        raise InputError(problems)
    return sorted(jobs, key=lambda j: j.name)


def _diagnostic(d, edition_dir: str) -> dict:
    where = str(d.where) if d.where else None
    prefix = os.path.join(edition_dir, "")
    if where and where.startswith(prefix):
        where = where[len(prefix):]
    return {"severity": d.severity, "code": d.code, "message": d.message, "where": where}


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run_edition(job: EditionJob, out_root: str, settings: OutputSettings, digest: str, inputs: list) -> Done:
    """The task a worker runs: every output of one edition, then its manifest entry."""
    start = time.perf_counter()
    out_dir = Path(out_root) / job.name
    entry = {"source": job.source, "input_sha256": digest, "inputs": inputs}
    try:
        made = render_all_outputs(job.source, str(out_dir), settings)
    except InputError as exc:
        entry.update(status="failed", error="the edition's input is unusable",
                     diagnostics=[_diagnostic(d, job.source) for d in exc.diagnostics])
    except Exception as exc:     # one broken edition must not stop the other years
        entry.update(status="failed", error=f"{type(exc).__name__}: {exc}",
                     traceback=traceback.format_exc(limit=4).splitlines()[-4:])
    else:
        root = Path(out_root)
        entry.update(status="done", pages=list(made.pages),
                     outputs=records(sorted((file_record(Path(f), root) for f in made.files),
                                            key=lambda r: r.path)),
                     diagnostics=[_diagnostic(d, job.source) for d in made.diagnostics])
    return Done(job.name, entry, time.perf_counter() - start, _peak_rss_mb(),
                f"{os.uname().nodename}:{os.getpid()}")


def _outcome(future: concurrent.futures.Future, job: EditionJob, digest: str, inputs: list) -> Done:
    """The task's record; a task the executor could not run at all (a worker
    without Banmian, a worker lost) is a failed edition like any other."""
    try:
        return future.result()
    except Exception as exc:
        entry = {"source": job.source, "input_sha256": digest, "inputs": inputs, "status": "failed",
                 "error": f"the task did not run: {type(exc).__name__}: {str(exc).strip()}"}
        return Done(job.name, entry, 0.0, 0.0, "")


def run_batch(jobs: list[EditionJob], out_dir: str, executor: concurrent.futures.Executor,
              settings: OutputSettings = OutputSettings(), progress: Callable[[Event], None] | None = None,
              force: bool = False, task: Callable = run_edition) -> BatchResult:
    """Render every edition not finished before; each finished one goes into
    the manifest's journal at once, so an interrupted run resumes where it stopped."""
    started = time.perf_counter()
    shaping = {"banmian": __version__, "dpi": float(settings.dpi), "previews": bool(settings.previews),
               "fonts": file_sha256(settings.fonts_manifest)}
    manifest = Manifest.load(out_dir, shaping)
    if manifest.settings != shaping:
        manifest = Manifest(shaping, dict(manifest.editions))
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    result = BatchResult(total=len(jobs))
    tell = progress or (lambda event: None)
    pending = {}
    for job in jobs:
        inputs = input_files(job.source)
        digest = input_hash(inputs, shaping)
        if not force and manifest.finished(job.name, digest, out_dir):
            result.skipped.append(job.name)
            tell(Event(len(result.skipped), len(jobs), job.name, "skipped"))
            continue
        records_in = [asdict(f) for f in inputs]
        future = executor.submit(task, job, out_dir, settings, digest, records_in)
        pending[future] = (job, digest, records_in)
    try:
        for future in concurrent.futures.as_completed(pending):
            done = _outcome(future, *pending[future])
            manifest.record(done.name, done.entry, out_dir)
            ok = done.entry["status"] == "done"
            (result.rendered if ok else result.failed).append(done.name)
            result.pages += len(done.entry.get("pages", ())) if ok else 0
            if done.worker:
                result.workers[done.worker] = max(result.workers.get(done.worker, 0.0), done.peak_rss_mb)
                result.tasks.append((done.worker, done.name, done.seconds, done.peak_rss_mb))
            finished = len(result.rendered) + len(result.failed) + len(result.skipped)
            tell(Event(finished, len(jobs), done.name, done.entry["status"],
                       len(done.entry.get("pages", ())), done.seconds))
    except BaseException:
        for future in pending:
            future.cancel()
        manifest.save(out_dir)      # what finished, kept for the next run
        raise
    manifest.save(out_dir)
    result.seconds = time.perf_counter() - started
    return result
