#!/usr/bin/env python3
"""Benchmark: import and regenerate a run of back issues, on the local
process pool and on a local Dask cluster, two workers each (this machine's 2 cores).

    python bench/bench_batch.py [--dates N] [--copies N] [--no-preview] [--keep DIR]

The editions (at least 30 with the defaults), made in a temporary folder:
  * the seed page imported from hOCR and from ALTO (laid out where the
    reference edition places its articles; tests/importer/ocr_pages.py), once
    per date: N dates × 2 formats, one page each;
  * the seed page imported from its plain text dump under the same dates
    (no coordinates: rendered only where the spec places items itself);
  * the demo edition (4 pages) and the reference edition, copied under new dates.

Reported: imports per second; for each executor, pages per minute over the
whole run (every output: PDFs, previews, report), and each worker's peak
resident memory after its first and its last edition (ru_maxrss of the
worker process): memory is flat when the last is no higher than the first
plus a few MB. The two runs' outputs are compared byte for byte.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import filecmp
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "importer"))

from layout.batch import OutputSettings, find_editions, run_batch  # noqa: E402
from layout.batch.executors import dask_cluster, local_pool  # noqa: E402
from layout.importer import ImportOptions, import_pages  # noqa: E402
from layout.spec.edition import ARTICLE_ITEM_KEYS  # noqa: E402
from ocr_pages import SEED, write_seed_pages  # noqa: E402

DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
START = _dt.date(1994, 1, 5)


def make_editions(folder: Path, dates: int, copies: int) -> tuple[int, float, int]:
    """The editions to regenerate; returns (imports, seconds they took, editions)."""
    scans = folder / "scans"
    hocr, alto = write_seed_pages(scans)
    editions = folder / "editions"
    editions.mkdir(parents=True)
    automatic = {"rank", "kind"} <= ARTICLE_ITEM_KEYS and "cols" in ARTICLE_ITEM_KEYS
    imports, started = 0, time.perf_counter()
    for k in range(dates):
        date = (START + _dt.timedelta(weeks=k)).isoformat()
        for name, source in (("hocr", hocr), ("alto", alto), ("text", SEED)):
            target = (editions if name != "text" or automatic else folder / "unplaced") / f"xinxiang-{name}-{date}"
            import_pages([str(source)], str(target), ImportOptions(paper="新乡日报", date=date, pages=(3,),
                                                                   section="区县新闻"))
            imports += 1
    seconds = time.perf_counter() - started
    for k in range(copies):
        date = (START + _dt.timedelta(weeks=k, days=2)).isoformat()
        for source, stem in ((DEMO, "shili-ribao"), (REFERENCE, "xinxiang-daily")):
            target = editions / f"{stem}-{date}"
            shutil.copytree(source, target)
            spec = target / "edition.yaml"
            spec.write_text(re.sub(r"(?m)^date: .*$", f"date: {date}", spec.read_text("utf-8")), "utf-8")
    return imports, seconds, len(find_editions(str(editions)))


def run(name: str, editions: Path, out: Path, settings: OutputSettings):
    jobs = find_editions(str(editions))
    if name == "pool":
        with local_pool(jobs=2) as pool:
            return run_batch(jobs, str(out), pool, settings)
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with dask_cluster(cluster.scheduler_address) as executor:
            return run_batch(jobs, str(out), executor, settings)


def memory_rows(result) -> list[tuple[str, int, float, float]]:
    """(worker, editions, peak RSS after its first edition, after its last)."""
    seen: dict[str, list[float]] = {}
    for worker, _, _, rss in result.tasks:
        seen.setdefault(worker, []).append(rss)
    return [(w, len(v), v[0], v[-1]) for w, v in seen.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dates", type=int, default=10, help="dates the seed page is imported under (default 10)")
    parser.add_argument("--copies", type=int, default=5, help="copies of the demo and reference editions (5)")
    parser.add_argument("--no-preview", action="store_true", help="PDFs and reports only")
    parser.add_argument("--keep", help="keep the editions and outputs in this folder")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="banmian-bench-batch-"))
    settings = OutputSettings(previews=not args.no_preview)
    try:
        imports, import_s, count = make_editions(folder, args.dates, args.copies)
        print(f"imported {imports} OCR pages in {import_s:.1f} s ({imports / import_s:.1f} pages/s); "
              f"{count} editions to regenerate")
        rows, results = [], {}
        for name in ("pool", "dask"):
            out = folder / f"out-{name}"
            results[name] = result = run(name, folder / "editions", out, settings)
            rate = result.pages / result.seconds * 60
            for worker, n, first, last in memory_rows(result):
                rows.append((name, worker, n, first, last))
            print(f"{name:5}: {len(result.rendered)} editions, {result.pages} pages in {result.seconds:.1f} s: "
                  f"{rate:.1f} pages/min ({len(result.failed)} failed)")
        same = _same_tree(folder / "out-pool", folder / "out-dask")
        print(f"outputs of the pool and of Dask byte-identical: {same}")
        print()
        print(f"{'executor':8} {'worker':18} {'editions':>8} {'peak RSS first':>15} {'peak RSS last':>14} "
              f"{'growth':>8}")
        for name, worker, n, first, last in rows:
            print(f"{name:8} {worker:18} {n:>8} {first:>12.0f} MB {last:>11.0f} MB {last - first:>5.0f} MB")
        cpu = os.cpu_count()
        print(f"\n{cpu} cores; Python {sys.version.split()[0]}; previews {'off' if args.no_preview else 'on'}")
        return 0 if same and not any(r.failed for r in results.values()) else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    match, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    return not mismatch and not errors


if __name__ == "__main__":
    sys.exit(main())
