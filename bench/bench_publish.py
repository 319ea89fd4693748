#!/usr/bin/env python3
"""Benchmark: publish the demo edition (the web edition and the archive
package), step by step, and print seconds per page.

    python bench/bench_publish.py [--runs N] [--edition DIR] [--dpi DPI]

The print files are rendered once first (untimed) into a temporary folder;
each timed run then removes the package (web/) and calls `publish()` in a
fresh process, which finds the print files up to date, plans the edition
and writes tiles, ALTO, page PDFs and the PDF/A, the IIIF manifest, the
site and METS. The table gives the median of the runs for each step, in
seconds and in seconds per page; "plan" is the planning of the edition
(needed by every step, once), "total" the whole publish() call. A last line
times publishing again over an unchanged package (the tiles are kept).
build/ is not touched.

Target: everything after the render, for the demo edition, in a few
seconds (well under 2 s a page) on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"
STEPS = ("plan", "tiles", "alto", "pdf", "manifest", "site", "mets", "total")
LABELS = {"plan": "plan the edition", "tiles": "IIIF tiles + info.json", "alto": "ALTO",
          "pdf": "page PDFs + PDF/A", "manifest": "IIIF manifest", "site": "site + search index",
          "mets": "METS", "total": "total"}
TARGET_PER_PAGE_S = 2.0

CHILD = r"""
import json, sys, time
root, edition, out, dpi = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sys.path.insert(0, root)
from layout.publish import PublishOptions, publish
t0 = time.perf_counter()
result = publish(edition, PublishOptions(out_dir=out, dpi=dpi))
total = time.perf_counter() - t0
seconds = dict(result.seconds)
seconds["total"] = total
seconds["plan"] = total - sum(v for k, v in result.seconds.items() if k != "render")
print(json.dumps({"seconds": seconds, "pages": len(result.view.pages), "rendered": result.rendered,
                  "stories": len(result.view.stories)}))
"""


def run(edition: Path, out: str, dpi: float) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(edition), out, str(dpi)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edition", default=str(DEMO))
    parser.add_argument("--dpi", type=float, default=150.0)
    args = parser.parse_args(argv)
    edition = Path(args.edition)
    with tempfile.TemporaryDirectory(prefix="banmian-bench-publish-") as out:
        first = run(edition, out, args.dpi)           # renders the print files: not timed
        runs = []
        for _ in range(args.runs):
            shutil.rmtree(Path(out) / "web")
            runs.append(run(edition, out, args.dpi))
        again = run(edition, out, args.dpi)
    assert first["rendered"] and not any(r["rendered"] for r in runs)
    pages = runs[0]["pages"]
    print(f"publish {edition.name}: {pages} pages, {runs[0]['stories']} stories, page images at "
          f"{args.dpi:g} dpi; median of {args.runs} runs, each in a fresh process")
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPU(s), "
          f"{platform.machine()}")
    print()
    print(f"{'step':26} {'seconds':>8} {'s / page':>9}")
    print(f"{'-' * 26} {'-' * 8} {'-' * 9}")
    medians = {}
    for step in STEPS:
        medians[step] = statistics.median(r["seconds"].get(step, 0.0) for r in runs)
        if step == "total":
            print(f"{'-' * 26} {'-' * 8} {'-' * 9}")
        print(f"{LABELS[step]:26} {medians[step]:8.2f} {medians[step] / pages:9.3f}")
    after_plan = medians["total"] - medians["plan"]
    print()
    print(f"web edition and archive package after planning: {after_plan:.2f} s, "
          f"{after_plan / pages:.2f} s a page (target < {TARGET_PER_PAGE_S:g} s a page)")
    print(f"publishing again, nothing changed: {again['seconds']['total']:.2f} s in all, "
          f"tiles {again['seconds']['tiles']:.2f} s")
    return 0 if after_plan / pages < TARGET_PER_PAGE_S else 1


if __name__ == "__main__":
    sys.exit(main())
