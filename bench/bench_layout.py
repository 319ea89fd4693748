#!/usr/bin/env python3
"""Benchmark: automatic page layout (layout/page/placement), on one core.

    python bench/bench_layout.py [--seeds N] [--cpsat PYTHON]

Rows:
  reference / demo / example pages   the editions' pages with every at, span,
              columns and headline_size taken out (tests/edition_builders.py
              strip_places), laid out as the pipeline does: the candidates
              measured by setting each article for real (measure s), then
              placed (place s); total is both, the time a page costs
  dense p2    fifteen of the demo's articles on one page, none placed: the
              most items the target speaks of
  planted N   pages of N items cut from a known full layout (tests/placement_cases.py):
              the solver alone, its score against the planted layout's

Times are the process's CPU time (the machine may be shared; wall time is
shown beside the total), pinned to one CPU. Target: a page of 8–15 items
laid out in under 3 s, measuring included. "clean": nothing over or empty,
the lead's headline the largest, no 撞题, no photos touching (solver.clean);
"order": pairs read out of rank order. With --cpsat PYTHON (a Python that
has OR-Tools), the planted pages are also given to CP-SAT as a tiling model,
for the comparison in docs/layout-rules.md. There is no peer to compare the
layout with (no open tool lays out a Chinese page); bench_render.py compares
rendering with typst.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from edition_builders import strip_places  # noqa: E402
from layout.fonts.book import DEFAULT_MANIFEST  # noqa: E402
from layout.fonts.cache import FontCache  # noqa: E402
from layout.page.assembler import assemble_page  # noqa: E402
from layout.page.compose_cache import ComposeCache  # noqa: E402
from layout.page.placement.build import apply, page_has_open, problem_for  # noqa: E402
from layout.page.placement.measured import measured  # noqa: E402
from layout.page.placement.solver import clean, place  # noqa: E402
from layout.pipeline import build_fontbook  # noqa: E402
from layout.spec.edition import load_edition  # noqa: E402
from placement_cases import planted, planted_cost  # noqa: E402

TARGET_S = 3.0
COUNTS = (8, 10, 12, 15)
EDITIONS = (("reference", "xinxiang-daily-2024-11-06"), ("demo", "shili-ribao-2024-11-08"),
            ("example", "example"))
# a dense page: fifteen of the demo edition's articles, the lead and fourteen short ones
DENSE = ("01-shenkong", "02-changwu", "04-pinglun", "05-daodu", "06-jianxun", "25-jianxun", "33-maomi",
         "34-pinglun", "35-jiaotong", "36-jianxun", "37-yimiao", "38-yizhan", "43-sheying", "46-jianxun",
         "48-guancha")


def summary(layout) -> dict:
    ranks = [p.rank for p in layout.placements if p.rank is not None]
    return {"states": layout.states, "score": layout.score.total,
            "over": sum(lines for _, lines in layout.over), "empty": sum(a.cells for a in layout.empty),
            "clean": clean(layout),
            "order": sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1:] if b < a)}


def planted_rows(seeds: int) -> list[dict]:
    rows = []
    for count in COUNTS:
        for seed in range(seeds):
            problem, plant = planted(seed * 100 + count, count)
            wall, cpu = time.perf_counter(), time.process_time()
            layout = place(problem)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            rows.append({"case": f"planted {count} #{seed}", "items": count, "measure": 0.0, "place": cpu,
                         "cpu": cpu, "wall": wall, "planted": planted_cost(problem, plant), **summary(layout)})
    return rows


def dense_edition(folder: Path) -> Path:
    """One page of the DENSE articles, none placed."""
    demo = ROOT / "editions" / "shili-ribao-2024-11-08"
    folder.mkdir()
    for part in ("articles", "photos"):
        # copies: an edition reads no file through a link that leads out of it
        shutil.copytree(demo / part, folder / part)
    items = "".join(f"      - article: articles/{name}.md\n" for name in DENSE)
    (folder / "edition.yaml").write_text("paper: 示例日报\ndate: 2024-11-08\npages:\n  - number: 2\n"
                                         f"    section: 综合\n    items:\n{items}", "utf-8")
    return folder


def edition_rows() -> list[dict]:
    rows = []
    cache = FontCache()
    with tempfile.TemporaryDirectory() as tmp:
        for label, name in EDITIONS + (("dense", None),):
            if name is None:
                folder = dense_edition(Path(tmp) / "dense")
            else:
                folder = strip_places(ROOT / "editions" / name, Path(tmp) / name)
            edition, _ = load_edition(str(folder))
            fonts = build_fontbook(edition, str(DEFAULT_MANIFEST), cache)
            compose = ComposeCache(fonts)
            measure = measured(compose)
            carried: dict = {}
            for page in sorted(edition.pages, key=lambda p: p.number):
                if page_has_open(page):
                    wall, cpu = time.perf_counter(), time.process_time()
                    problem = problem_for(edition, page, carried, measure)
                    measuring = time.process_time() - cpu
                    layout = place(problem)
                    total, wall = time.process_time() - cpu, time.perf_counter() - wall
                    rows.append({"case": f"{label} p{page.number}", "items": len(page.items),
                                 "measure": measuring, "place": total - measuring, "cpu": total, "wall": wall,
                                 "planted": None, **summary(layout)})
                    page = apply(page, layout)
                plan = assemble_page(edition, page, fonts, carried, compose)
                carried.update({c.source: c for c in plan.carries})
    return rows


def cpsat_rows(python: str, seeds: int) -> list[dict]:
    script = Path(__file__).with_name("cpsat_layout.py")
    out = subprocess.run([python, str(script), "--seeds", str(seeds)], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
    return json.loads(out.stdout)


def table(rows: list[dict]) -> str:
    head = (f"{'case':16} {'items':>5} {'measure':>7} {'place':>6} {'total':>6} {'wall':>6} {'states':>7} "
            f"{'score':>8} {'planted':>8} {'over':>4} {'empty':>5} {'order':>5} clean")
    lines = [head, "-" * len(head)]
    for r in rows:
        planted_cell = f"{r['planted']:8.0f}" if r["planted"] is not None else f"{'':>8}"
        lines.append(f"{r['case']:16} {r['items']:5d} {r['measure']:7.2f} {r['place']:6.2f} {r['cpu']:6.2f} "
                     f"{r['wall']:6.2f} {r['states']:7d} {r['score']:8.0f} {planted_cell} {r['over']:4d} "
                     f"{r['empty']:5d} {r['order']:5d} {'yes' if r['clean'] else 'no'}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3, help="planted pages per item count")
    parser.add_argument("--cpsat", help="a Python with OR-Tools installed: compare CP-SAT on the planted pages")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pages = edition_rows()
    synthetic = planted_rows(args.seeds)
    print(table(pages + synthetic))
    worst = max(r["cpu"] for r in pages)
    print(f"\nedition pages: slowest {worst:.2f} s cpu, measuring included (target < {TARGET_S:.0f} s); "
          f"median {statistics.median(r['cpu'] for r in pages):.2f} s; "
          f"clean {sum(r['clean'] for r in pages)}/{len(pages)}")
    print(f"planted pages: slowest {max(r['cpu'] for r in synthetic):.2f} s cpu; "
          f"scored at least as well as planted: "
          f"{sum(r['score'] <= r['planted'] + 1e-6 for r in synthetic)}/{len(synthetic)}; "
          f"with nothing over: {sum(r['over'] == 0 for r in synthetic)}/{len(synthetic)}")
    if args.cpsat:
        cp = cpsat_rows(args.cpsat, args.seeds)
        print("\nCP-SAT, the same planted pages as a tiling model (see bench/cpsat_layout.py):")
        print(cpsat_table(cp))
    return 0 if worst < TARGET_S else 1


def cpsat_table(rows: list[dict]) -> str:
    head = f"{'case':18} {'items':>5} {'cpu s':>6} {'wall s':>6} {'score':>9} {'over':>4} {'empty':>5}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['case']:18} {r['items']:5d} {r['cpu']:6.2f} {r['wall']:6.2f} {r['score']:9.0f} "
                     f"{r['over']:4d} {r['empty']:5d}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
