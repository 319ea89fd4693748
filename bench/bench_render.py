#!/usr/bin/env python3
"""Benchmark: render the reference edition, each run in a fresh process on one core.

    python bench/bench_render.py [--runs N] [--cold-runs N] [--skip-cold] [--check]

Scenarios:
  cold font cache   BANMIAN_CACHE_DIR is a new empty folder, so the run converts
                    the CFF faces to TrueType (1–3 minutes); default 1 run
  warm              the normal font cache, PDF and PNG previews
  warm, PDF only    the normal font cache, no previews

Each run is a new interpreter (`sys.executable -c …`) pinned to one CPU; it
times only the `render()` call and reads its peak RSS (ru_maxrss) at the end.
Imports are timed separately and reported under the table. Outputs go to a
temporary folder; build/ is not touched. Before the warm scenarios one untimed
run fills the normal cache if it is empty.

Targets (one core): warm render < 1.5 s a page and < 400 MB peak RSS. With
--check the exit status is 1 when a warm scenario misses them.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
TARGET_WALL_S = 1.5
TARGET_RSS_MB = 400.0

def _page_count(edition: Path) -> int:
    """Pages in the edition: the time target is per page."""
    import yaml
    data = yaml.safe_load((edition / "edition.yaml").read_text("utf-8"))
    return max(1, len(data.get("pages") or []))


CHILD = r"""
import json, os, resource, sys, time
cpu = None
if hasattr(os, "sched_setaffinity"):
    allowed = os.sched_getaffinity(0)
    cpu = 0 if 0 in allowed else min(allowed)
    os.sched_setaffinity(0, {cpu})
root, edition, out, previews = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
sys.path.insert(0, root)
t0 = time.perf_counter()
from layout.pipeline import RenderOptions, render
t1 = time.perf_counter()
render(edition, RenderOptions(out_dir=out, previews=previews))
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rss_mb = rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux
print(json.dumps({"import_s": t1 - t0, "wall_s": t2 - t1, "rss_mb": rss_mb, "cpu": cpu}))
"""


@dataclass
class Run:
    import_s: float
    wall_s: float
    rss_mb: float
    cpu: int | None


def run_once(edition: Path, previews: bool, cache_dir: str | None) -> Run:
    env = dict(os.environ)
    if cache_dir is not None:
        env["BANMIAN_CACHE_DIR"] = cache_dir
    with tempfile.TemporaryDirectory(prefix="banmian-bench-out-") as out:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT), str(edition), out, "1" if previews else "0"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench_render: the render failed (exit {proc.returncode})")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Run(data["import_s"], data["wall_s"], data["rss_mb"], data["cpu"])


def scenario(name: str, runs: int, edition: Path, previews: bool, cold: bool) -> list[Run]:
    results = []
    for i in range(runs):
        print(f"  {name}: run {i + 1}/{runs} …", file=sys.stderr, flush=True)
        if cold:
            cache = tempfile.mkdtemp(prefix="banmian-bench-cache-")
            try:
                results.append(run_once(edition, previews, cache))
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        else:
            results.append(run_once(edition, previews, None))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each warm scenario (default 5)")
    parser.add_argument("--cold-runs", type=int, default=1,
                        help="runs with an empty font cache (default 1; each takes minutes)")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold-cache scenario")
    parser.add_argument("--edition", type=Path, default=REFERENCE, help="edition folder to render")
    parser.add_argument("--check", action="store_true", help="exit 1 when a warm target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.cold_runs < 1:
        parser.error("--runs and --cold-runs must be at least 1")
    edition = args.edition.resolve()

    plan = []
    if not args.skip_cold:
        plan.append(("cold font cache", args.cold_runs, True, True))
    plan += [("warm", args.runs, True, False), ("warm, PDF only", args.runs, False, False)]

    print(f"Banmian render benchmark: {edition.relative_to(ROOT) if edition.is_relative_to(ROOT) else edition}",
          file=sys.stderr)
    rows = []
    warmed = False
    for name, runs, previews, cold in plan:
        if not cold and not warmed:
            print("  warm-up run (untimed) …", file=sys.stderr, flush=True)
            run_once(edition, True, None)
            warmed = True
        rows.append((name, scenario(name, runs, edition, previews, cold), cold))

    pages = _page_count(edition)
    wall_target = TARGET_WALL_S * pages
    header = ("scenario", "runs", "median s", "min s", "max s", "peak RSS MB", "target", "met")
    table = []
    all_met = True
    for name, results, cold in rows:
        walls = [r.wall_s for r in results]
        rss = max(r.rss_mb for r in results)
        median = statistics.median(walls)
        if cold:
            target, met = "—", "—"
        else:
            ok = median < wall_target and rss < TARGET_RSS_MB
            all_met &= ok
            target, met = f"< {wall_target:g} s, < {TARGET_RSS_MB:.0f} MB", "yes" if ok else "NO"
        table.append((name, str(len(results)), f"{median:.3f}", f"{min(walls):.3f}",
                      f"{max(walls):.3f}", f"{rss:.0f}", target, met))
    widths = [max(len(row[i]) for row in [header] + table) for i in range(len(header))]
    line = lambda row: "  ".join(c.ljust(w) if i in (0, 6) else c.rjust(w)  # noqa: E731
                                 for i, (c, w) in enumerate(zip(row, widths))).rstrip()
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print(line(row))
    imports = [r.import_s for _, results, _ in rows for r in results]
    cpus = {r.cpu for _, results, _ in rows for r in results}
    pinned = f"pinned to CPU {', '.join(str(c) for c in sorted(cpus))}" if None not in cpus \
        else "not pinned (no sched_setaffinity)"
    print(f"\nWall time is the render() call alone; imports took a median {statistics.median(imports):.3f} s "
          f"more. One process per run, {pinned}; Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs.")
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
