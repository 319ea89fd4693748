#!/usr/bin/env python3
"""Benchmark: Banmian against typst on this machine, in one run.

    python bench/bench_render.py [--runs N] [--skip-cold] [--skip-edition] [--check]

Needs the `typst` package (pip install 'banmian[bench]'). Scenarios, each in
fresh processes, timed from start to exit (interpreter, imports and all):

  (a) page        the reference page (xinxiang-daily p03) with the font cache
                  warm, PDF and previews, and PDF only; typst compiling the same
                  text (8 columns of Noto Serif CJK SC at 9 pt, headlines in
                  Noto Sans CJK Black) to PDF, and to PDF and a 150 ppi PNG.
                  The four take turns run by run. The target compares like
                  with like: Banmian's PDF and previews (a 150 dpi PNG and a
                  thumbnail) against typst's PDF and 150 ppi PNG; the PDF-only
                  ratio is printed beside it
  (b) first run   an empty BANMIAN_CACHE_DIR: the set-up's font step
                  (`banmian fonts`) and then the reference page
  (c) edition     16 pages (the demo edition's four, repeated with their own
                  article files) with every output: page PDFs, previews, the
                  edition's PDF and the report, on 2 processes
  (d) memory      peak resident memory of every process above (ru_maxrss);
                  for (c) the main process and the largest worker

Targets (issue 10): (a) at most 2.5 × typst's time for the page and its
picture, (b) under 15 s, (c) under 20 s, (d) under 300 MB a process. --check exits 1 when one is
missed. The PDF sizes of what was rendered are listed under the table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"
PAGE_RATIO = 2.5
FIRST_RUN_S = 15.0
EDITION_S = 20.0
RSS_MB = 300.0

# Runs in a fresh interpreter: renders, then prints what it measured as JSON.
RENDER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from layout.pipeline import RenderOptions, render
render(sys.argv[2], RenderOptions(out_dir=sys.argv[3], previews=sys.argv[4] == "1",
                                  jobs=int(sys.argv[5])))
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rss": me.ru_maxrss / 1024, "workers_rss": kids.ru_maxrss / 1024}))
"""

FONTS = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from layout.cli.main import main
status = main(["fonts"])
print(json.dumps({"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "status": status}))
"""

TYPST = r"""
import json, resource, sys
import typst
compiler = typst.Compiler(sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True)
compiler.compile(output=sys.argv[3])
if sys.argv[4] == "1":
    compiler.compile(output=sys.argv[3][:-4] + "{n}.png", format="png", ppi=150)
print(json.dumps({"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def timed(code: str, *args: str, env: dict | None = None) -> dict:
    """Run `code` in a fresh interpreter; its wall and CPU time and what it printed."""
    import resource
    import time
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=1800)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench_render: a run failed (exit {done.returncode})")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return data


# -- the typst page -------------------------------------------------------------------

def _typst_escape(text: str) -> str:
    return re.sub(r"([\\#*_\[\]$@<>/`~=-])", r"\\\1", text)


def typst_page(folder: Path) -> tuple[Path, Path]:
    """The reference page's articles as a typst document, and a folder with
    just the two font files it uses (typst reads every font it is shown)."""
    parts = ['#set page(width: 390mm, height: 546mm, margin: (x: 18.8mm, y: 30.3mm), columns: 8)',
             '#set columns(gutter: 9pt)',
             '#set text(font: "Noto Serif CJK SC", size: 9pt, lang: "zh", region: "cn")',
             '#set par(justify: true, leading: 3pt, first-line-indent: (amount: 2em, all: true))']
    for article in sorted((REFERENCE / "articles").glob("*.md")):
        _, head, body = article.read_text("utf-8").split("---", 2)
        headline = re.search(r"^headline:\s*(.+)$", head, re.M)
        if headline:
            parts.append('#text(font: "Noto Sans CJK SC", weight: "black", size: 18pt)['
                         + _typst_escape(headline.group(1).strip()) + "]\n")
        for paragraph in body.strip().split("\n\n"):
            parts.append(_typst_escape(paragraph.strip().lstrip("#").strip()) + "\n")
    source = folder / "page.typ"
    source.write_text("\n".join(parts), "utf-8")
    fonts = folder / "fonts"
    fonts.mkdir()
    for name in ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Black.ttc"):
        os.symlink(f"/usr/share/fonts/opentype/noto/{name}", fonts / name)
    return source, fonts


# -- the 16-page edition -------------------------------------------------------------

def sixteen_pages(folder: Path) -> Path:
    """The demo edition's four pages four times over; the copies use copies of
    the article files (an article, and its jump, appear once an edition)."""
    edition = folder / "edition16"
    shutil.copytree(DEMO, edition)
    head, pages = (DEMO / "edition.yaml").read_text("utf-8").split("\npages:\n", 1)
    blocks = [b for b in re.split(r"(?m)^(?=  - number: )", pages) if b.strip()]
    out = []
    for k in range(16):
        copy = k // len(blocks)
        block = re.sub(r"^  - number: \d+", f"  - number: {k + 1}", blocks[k % len(blocks)],
                       count=1, flags=re.M)
        if copy:
            def renamed(match, copy=copy):
                name = match.group(1)
                target = edition / "articles" / f"{name}-c{copy}.md"
                if not target.exists():
                    shutil.copy(edition / "articles" / f"{name}.md", target)
                return f"articles/{name}-c{copy}.md"
            block = re.sub(r"articles/([\w-]+)\.md", renamed, block)
        out.append(block)
    (edition / "edition.yaml").write_text(head + "\npages:\n" + "".join(out), "utf-8")
    return edition


# -- the table -----------------------------------------------------------------------

def _mb(value: float) -> str:
    return f"{value:.0f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each page scenario (median; default 3)")
    parser.add_argument("--skip-cold", action="store_true", help="leave out (b), the empty font cache")
    parser.add_argument("--skip-edition", action="store_true", help="leave out (c), the 16-page edition")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    rows: list[tuple] = []
    missed = []
    sizes: list[tuple[str, int]] = []
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as tmp:
        tmp = Path(tmp)
        source, fonts = typst_page(tmp)
        print("warm-up …", file=sys.stderr, flush=True)
        timed(RENDER, str(ROOT), str(REFERENCE), str(tmp / "warm"), "1", "1")

        # The four page scenarios take turns, run by run, so that a change in
        # the machine's load falls on all of them alike.
        scenarios = {
            "ours": ("Banmian page, PDF and previews", RENDER, str(ROOT), str(REFERENCE), str(tmp / "a"), "1", "1"),
            "ours_pdf": ("Banmian page, PDF only", RENDER, str(ROOT), str(REFERENCE), str(tmp / "a2"), "0", "1"),
            "typst_pdf": ("typst page, PDF", TYPST, str(source), str(fonts), str(tmp / "t.pdf"), "0"),
            "typst_png": ("typst page, PDF and PNG", TYPST, str(source), str(fonts), str(tmp / "t2.pdf"), "1"),
        }
        runs: dict[str, list] = {key: [] for key in scenarios}
        for i in range(args.runs):
            for key, (name, code, *code_args) in scenarios.items():
                print(f"  {name}: run {i + 1}/{args.runs} …", file=sys.stderr, flush=True)
                runs[key].append(timed(code, *code_args))
        ours, ours_pdf, typst_pdf, typst_png = (
            {"wall": statistics.median(r["wall"] for r in runs[key]),
             "cpu": statistics.median(r["cpu"] for r in runs[key]), "rss": max(r["rss"] for r in runs[key])}
            for key in scenarios)
        sizes.append(("Banmian reference p03.pdf", (tmp / "a" / "p03.pdf").stat().st_size))
        sizes.append(("typst page.pdf (text only, no photos, no output profile)", (tmp / "t.pdf").stat().st_size))
        # like for like: the same outputs, a PDF and a 150 ppi picture of the page
        ratio = ours["wall"] / typst_png["wall"]
        pdf_ratio = ours_pdf["wall"] / typst_pdf["wall"]
        rows += [("(a) reference page, PDF + previews", ours, f"≤ {PAGE_RATIO} × typst PDF + PNG",
                  ratio <= PAGE_RATIO),
                 ("(a) reference page, PDF only", ours_pdf, "", None),
                 ("(a) typst, same text, PDF", typst_pdf, "", None),
                 ("(a) typst, same text, PDF + 150 ppi PNG", typst_png, "", None)]
        if ratio > PAGE_RATIO:
            missed.append("a")

        if not args.skip_cold:
            print("  first run on an empty cache …", file=sys.stderr, flush=True)
            cache = tmp / "cold-cache"
            step = timed(FONTS, str(ROOT), env={"BANMIAN_CACHE_DIR": str(cache)})
            first = timed(RENDER, str(ROOT), str(REFERENCE), str(tmp / "b"), "1", "1",
                          env={"BANMIAN_CACHE_DIR": str(cache)})
            both = {"wall": step["wall"] + first["wall"], "cpu": step["cpu"] + first["cpu"],
                    "rss": max(step["rss"], first["rss"])}
            rows.append(("(b) empty cache: font step + reference page", both, f"< {FIRST_RUN_S:g} s",
                         both["wall"] < FIRST_RUN_S))
            if both["wall"] >= FIRST_RUN_S:
                missed.append("b")

        if not args.skip_edition:
            print("  16-page edition on 2 processes …", file=sys.stderr, flush=True)
            edition = sixteen_pages(tmp)
            run = timed(RENDER, str(ROOT), str(edition), str(tmp / "c"), "1", "2")
            run["rss"] = max(run["rss"], run["workers_rss"])
            rows.append(("(c) 16-page edition, every output, 2 processes", run, f"< {EDITION_S:g} s",
                         run["wall"] < EDITION_S))
            if run["wall"] >= EDITION_S:
                missed.append("c")
            pdfs = sorted((tmp / "c").glob("p*.pdf"))
            sizes.append(("Banmian 16 page PDFs, total", sum(p.stat().st_size for p in pdfs)))
            sizes.append(("Banmian edition16.pdf (16 pages)", (tmp / "c" / "edition16.pdf").stat().st_size))
            print(f"    main process {run['rss']:.0f} MB peak, largest worker {run['workers_rss']:.0f} MB",
                  file=sys.stderr)

    worst = max(r[1]["rss"] for r in rows)
    if worst >= RSS_MB:
        missed.append("d")
    header = ("scenario", "wall s", "CPU s", "peak MB", "target", "met")
    table = [(name, f"{r['wall']:.2f}", f"{r['cpu']:.2f}", _mb(r["rss"]), target,
              "" if met is None else ("yes" if met else "NO")) for name, r, target, met in rows]
    table.append(("(d) peak memory, any process", "", "", _mb(worst), f"< {RSS_MB:.0f} MB",
                  "yes" if worst < RSS_MB else "NO"))
    widths = [max(len(row[i]) for row in [header] + table) for i in range(len(header))]

    def line(row) -> str:
        return "  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths))).rstrip()
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print(line(row))
    print(f"\nBanmian's page with its previews takes {ratio:.2f} × typst's PDF + PNG time; "
          f"its PDF alone {pdf_ratio:.2f} × typst's PDF time.")
    print("Wall time is a whole process from start to exit (median of "
          f"{args.runs} for the page rows); CPU is user + system of the process and its workers.")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())} at the end.\n")
    for name, size in sizes:
        print(f"{name:60} {size / 1024:9.0f} kB")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
