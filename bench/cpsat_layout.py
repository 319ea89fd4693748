#!/usr/bin/env python3
"""The planted pages of bench_layout.py given to OR-Tools CP-SAT, for comparison.

    PYTHONPATH=.:tests python bench/cpsat_layout.py [--seeds N] [--limit S]

Not a dependency of Banmian: run it with a Python that has `ortools`
installed (e.g. a separate venv). The model is the tiling at the core of the
problem: each item chooses one candidate (width, text columns, lines), a
column and a line; the modules may not overlap (NoOverlap2D) and their areas
add up to the page, so they tile it; a module with another one under it needs
a line more. It minimises lines over and lines empty (beyond each module's
grow). The rules of taste (rank order, 撞题, photos apart …) are left out, so
it is an easier problem than the beam search's: the times are a floor. The
layout it finds is then scored with Banmian's own score. One worker, fixed
seed, so it is deterministic; `--limit` seconds per page.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from ortools.sat.python import cp_model

from layout.page.placement.score import evaluate, open_placement
from placement_cases import planted, planted_cost

COUNTS = (8, 10, 12, 15)
MIN_LINES = 3


def solve(problem, limit: float):
    m = cp_model.CpModel()
    first, last, columns = problem.first_line, problem.last_line, problem.columns
    height = last - first + 1
    chosen, tops, lefts, heights, widths, areas, cost = [], [], [], [], [], [], []
    xs_all, ys_all = [], []
    for k, item in enumerate(problem.open):
        picks = [m.NewBoolVar(f"x{k}_{n}") for n in range(len(item.candidates))]
        m.AddExactlyOne(picks)
        w = m.NewIntVar(1, columns, f"w{k}")
        m.Add(w == sum(c.cols * x for c, x in zip(item.candidates, picks)))
        col = m.NewIntVar(1, columns, f"c{k}")
        m.Add(col + w - 1 <= columns)
        h = m.NewIntVar(MIN_LINES, height, f"h{k}")
        line = m.NewIntVar(first, last, f"l{k}")
        m.Add(line + h - 1 <= last)
        right = m.NewIntVar(2, columns + 1, f"r{k}")
        m.Add(right == col + w)
        foot = m.NewIntVar(first + 1, last + 1, f"b{k}")
        m.Add(foot == line + h)
        xs_all.append(m.NewIntervalVar(col, w, right, f"ix{k}"))
        ys_all.append(m.NewIntervalVar(line, h, foot, f"iy{k}"))
        area = m.NewIntVar(MIN_LINES, columns * height, f"a{k}")
        m.AddMultiplicationEquality(area, [w, h])
        at_foot = m.NewBoolVar(f"f{k}")
        m.Add(line + h - 1 == last).OnlyEnforceIf(at_foot)
        m.Add(line + h - 1 < last).OnlyEnforceIf(at_foot.Not())
        need = sum(c.lines * x for c, x in zip(item.candidates, picks)) + 1 - at_foot
        grow = sum(c.grow * x for c, x in zip(item.candidates, picks))
        over = m.NewIntVar(0, height, f"o{k}")
        empty = m.NewIntVar(0, height, f"e{k}")
        m.Add(over >= need - h)
        m.Add(empty >= h - need - grow)
        cost += [1000 * over, 100 * empty]
        chosen.append(picks)
        tops.append(line)
        lefts.append(col)
        heights.append(h)
        widths.append(w)
        areas.append(area)
    m.AddNoOverlap2D(xs_all, ys_all)
    m.Add(sum(areas) == problem.area)
    m.Minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    solver.parameters.max_time_in_seconds = limit
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, solver
    placements = []
    for item, picks, line, col, h in zip(problem.open, chosen, tops, lefts, heights):
        cand = next(c for c, x in zip(item.candidates, picks) if solver.Value(x))
        placements.append(open_placement(item, cand, solver.Value(col), solver.Value(line),
                                         solver.Value(h), False))
    return placements, solver


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=3.0)
    args = parser.parse_args()
    rows = []
    for count in COUNTS:
        for seed in range(args.seeds):
            problem, plant = planted(seed * 100 + count, count)
            wall, cpu = time.perf_counter(), time.process_time()
            placements, solver = solve(problem, args.limit)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            row = {"case": f"planted {count} #{seed}", "items": count, "cpu": cpu, "wall": wall,
                   "states": int(solver.NumBranches()), "planted": planted_cost(problem, plant),
                   "score": float("inf"), "over": -1, "empty": -1}
            if placements is not None:
                score = evaluate(problem, placements)
                row["score"] = score.total
                by = {p.key: p for p in placements}
                row["over"] = sum(p.over for p in by.values())
                row["empty"] = sum(p.empty * p.cols for p in by.values())
            rows.append(row)
    json.dump(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
