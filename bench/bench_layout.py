#!/usr/bin/env python3
"""Benchmark: automatic page layout (layout/page/placement), on one core.

    python bench/bench_layout.py [--seeds N] [--cpsat PYTHON]

Rows:
  planted N   pages of N items cut from a known full layout (tests/placement_cases.py):
              the solver's score against the planted layout's, and what is over or empty
  demo / reference pages   the editions' pages with every at, span, columns and
              headline_size taken out, candidates from the text estimate

Times are the process's CPU time for `place()` (the machine may be shared; wall
time is shown beside it), pinned to one CPU. Target: under 3 s for a page of
8–15 items. With --cpsat PYTHON (a Python that has OR-Tools), the same planted
pages are also given to CP-SAT as a tiling model, for the comparison in
docs/layout-rules.md.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from layout.page.placement.build import problem_for  # noqa: E402
from layout.page.placement.solver import place  # noqa: E402
from layout.spec.edition import load_edition  # noqa: E402
from placement_cases import planted, planted_cost  # noqa: E402

TARGET_S = 3.0
COUNTS = (8, 10, 12, 15)


def timed(problem):
    wall, cpu = time.perf_counter(), time.process_time()
    layout = place(problem)
    return layout, time.process_time() - cpu, time.perf_counter() - wall


def summary(layout) -> tuple[int, int]:
    over = sum(lines for _, lines in layout.over)
    empty = sum(a.cells for a in layout.empty)
    return over, empty


def planted_rows(seeds: int) -> list[dict]:
    rows = []
    for count in COUNTS:
        for seed in range(seeds):
            problem, plant = planted(seed * 100 + count, count)
            layout, cpu, wall = timed(problem)
            over, empty = summary(layout)
            rows.append({"case": f"planted {count} #{seed}", "items": count, "cpu": cpu, "wall": wall,
                         "states": layout.states, "score": layout.score.total,
                         "planted": planted_cost(problem, plant), "over": over, "empty": empty})
    return rows


def stripped_edition(name: str, folder: Path) -> Path:
    source = ROOT / "editions" / name
    target = folder / name
    target.mkdir()
    for entry in source.iterdir():
        if entry.name != "edition.yaml":
            (target / entry.name).symlink_to(entry)
    text = (source / "edition.yaml").read_text("utf-8")
    keep = [line for line in text.split("\n") if not re.match(r"^\s+(at|span|columns|headline_size):", line)]
    (target / "edition.yaml").write_text("\n".join(keep), "utf-8")
    return target


def edition_rows() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, name in (("reference", "xinxiang-daily-2024-11-06"), ("demo", "shili-ribao-2024-11-08")):
            edition, _ = load_edition(str(stripped_edition(name, Path(tmp))))
            for page in edition.pages:
                problem = problem_for(edition, page, {})
                layout, cpu, wall = timed(problem)
                over, empty = summary(layout)
                rows.append({"case": f"{label} p{page.number}", "items": len(page.items), "cpu": cpu,
                             "wall": wall, "states": layout.states, "score": layout.score.total,
                             "planted": None, "over": over, "empty": empty})
    return rows


def cpsat_rows(python: str, seeds: int) -> list[dict]:
    script = Path(__file__).with_name("cpsat_layout.py")
    out = subprocess.run([python, str(script), "--seeds", str(seeds)], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
    return json.loads(out.stdout)


def table(rows: list[dict]) -> str:
    head = f"{'case':18} {'items':>5} {'cpu s':>6} {'wall s':>6} {'states':>7} {'score':>9} {'planted':>8} {'over':>4} {'empty':>5}"
    lines = [head, "-" * len(head)]
    for r in rows:
        planted_cell = f"{r['planted']:8.0f}" if r["planted"] is not None else f"{'':>8}"
        lines.append(f"{r['case']:18} {r['items']:5d} {r['cpu']:6.2f} {r['wall']:6.2f} {r['states']:7d} "
                     f"{r['score']:9.0f} {planted_cell} {r['over']:4d} {r['empty']:5d}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3, help="planted pages per item count")
    parser.add_argument("--cpsat", help="a Python with OR-Tools installed: compare CP-SAT on the planted pages")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = planted_rows(args.seeds) + edition_rows()
    print(table(rows))
    planted_only = [r for r in rows if r["planted"] is not None]
    worst = max(r["cpu"] for r in rows)
    print(f"\nslowest page {worst:.2f} s cpu (target < {TARGET_S:.0f} s); median "
          f"{statistics.median(r['cpu'] for r in rows):.2f} s")
    print(f"planted pages solved at least as well as planted: "
          f"{sum(r['score'] <= r['planted'] + 1e-6 for r in planted_only)}/{len(planted_only)}; "
          f"with nothing over: {sum(r['over'] == 0 for r in planted_only)}/{len(planted_only)}")
    if args.cpsat:
        cp = cpsat_rows(args.cpsat, args.seeds)
        print("\nCP-SAT, the same planted pages as a tiling model (see bench/cpsat_layout.py):")
        print(table(cp))
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
