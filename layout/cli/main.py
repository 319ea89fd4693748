"""The `banmian` command: render, check, fonts. One place decides the exit
status: 0 done, 1 problems under --strict or errors found by check, 2 unusable
input."""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import ERROR, WARNING, InputError, Where, error
from ..fonts.book import DEFAULT_MANIFEST

EXIT_OK, EXIT_STRICT, EXIT_INPUT = 0, 1, 2
STRICT_CODES = {"overset", "missing-glyph"}


def _print_diagnostics(diagnostics, stream) -> None:
    for d in diagnostics:
        print(d.format(), file=stream)


def cmd_render(args) -> int:
    from ..pipeline import RenderOptions, render
    from .progress import Progress
    if args.dpi <= 0 or args.dpi > 1200:
        print(f"banmian: error: --dpi must be between 1 and 1200, not {args.dpi} / hint: 150 is the default",
              file=sys.stderr)
        return EXIT_INPUT
    if args.jobs is not None and args.jobs < 1:
        print(f"banmian: error: --jobs must be at least 1, not {args.jobs} / hint: leave it out to use "
              "one process per core", file=sys.stderr)
        return EXIT_INPUT
    options = RenderOptions(out_dir=args.out, dpi=args.dpi, previews=not args.no_preview,
                            fonts_manifest=args.fonts, pages=tuple(args.page or ()), jobs=args.jobs)
    try:
        result = render(args.edition, options, progress=lambda total: Progress(total, "rendering"))
    except InputError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"{exc.filename or args.out or 'build'}: error: cannot write the output: {exc.strerror} "
              f"/ hint: choose a writable folder with --out", file=sys.stderr)
        return EXIT_INPUT
    _print_diagnostics(result.diagnostics, sys.stderr)
    overset = [d for d in result.diagnostics if d.code == "overset"]
    missing = [d for d in result.diagnostics if d.code == "missing-glyph"]
    warnings = [d for d in result.diagnostics if d.severity == WARNING]
    for f in result.files:
        print(f)
    summary = (f"{len(result.plans)} page(s): {len(overset)} overset article(s), "
               f"{len(missing)} missing character(s), {len(warnings)} warning(s)")
    print(summary, file=sys.stderr)
    if args.strict and any(d.code in STRICT_CODES or d.severity == ERROR for d in result.diagnostics):
        return EXIT_STRICT
    return EXIT_OK


# -- banmian check ---------------------------------------------------------------

@dataclass(frozen=True)
class CheckFamily:
    """A family of checks: what it does with an edition folder and with a PDF
    (None: it cannot check that), and whether it runs on an edition folder when
    no family is named. Each returns (findings, what it checked)."""
    help: str
    edition: Callable | None
    pdf: Callable | None
    edition_default: bool


def _preflight_edition(path: str, args, tmp) -> tuple[list, Counter]:
    from ..pipeline import preflight_edition
    result = preflight_edition(path, args.fonts)
    return result.findings, Counter(editions=1, pages=len(result.plans))


def _violation_finding(v, source: str, page: int, shown: str):
    from ..check.preflight import Finding
    message = (f"article {v.article}: " if v.article else "") + v.message + (f": {v.text}" if v.text else "")
    return Finding(v.severity, v.rule, message, f"{shown}:page {v.page}: {v.x_mm:.1f},{v.y_mm:.1f} mm", page,
                   v.article, None, "typography", source,
                   (("file", shown), ("pdf_page", v.page), ("x_mm", round(v.x_mm, 2)),
                    ("y_mm", round(v.y_mm, 2)), ("text", v.text)))


def _typography_edition(path: str, args, tmp) -> tuple[list, Counter]:
    """Render the edition into a temporary folder (PDFs only) and check each page."""
    import os
    from ..pipeline import RenderOptions, page_basename, render
    from ..check.typography import check_pdf
    out = os.path.join(tmp(), f"{len(os.listdir(tmp())):03d}")
    options = RenderOptions(out_dir=out, previews=False, fonts_manifest=args.fonts)
    result = render(path, options)
    name = os.path.basename(os.path.normpath(path))
    found = []
    for plan in result.plans:
        pdf = os.path.join(out, page_basename(plan.number) + ".pdf")
        shown = f"{name}/{os.path.basename(pdf)}"
        found += [_violation_finding(v, path, plan.number, shown) for v in check_pdf(pdf, shown)]
    return found, Counter(pdfs=len(result.plans))


def _typography_pdf(path: str, args, tmp) -> tuple[list, Counter]:
    from ..check.typography import check_pdf
    return [_violation_finding(v, path, v.page, path) for v in check_pdf(path, path)], Counter(pdfs=1)


# Check families, in the order they run and print.
CHECK_FAMILIES = {
    "preflight": CheckFamily("validate an edition folder without writing anything: spec and articles, "
                             "fonts and glyph coverage, photos (missing, resolution, colour mode), "
                             "overset, jumps (the default for an edition folder)",
                             _preflight_edition, None, True),
    "typography": CheckFamily("render to a temporary folder (PDFs only) and check line composition, "
                              "paragraph and grid rules (the only family for a PDF)",
                              _typography_edition, _typography_pdf, False),
}


def _families_for(is_edition: bool, chosen: list[str]) -> list[str]:
    if chosen:
        return chosen
    if is_edition:
        return [name for name, f in CHECK_FAMILIES.items() if f.edition_default]
    return [name for name, f in CHECK_FAMILIES.items() if f.pdf is not None]


def _width(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _group_label(source: str, page, is_pdf: bool) -> str:
    if page is None:
        return f"{source}: the edition"
    return f"{source}: {'PDF page' if is_pdf else 'page'} {page}"


def format_table(findings: list, pdf_sources: set) -> list[str]:
    """The findings as a table (severity, code, where, message), grouped by input
    and page: the edition-wide findings first, then page by page; within a group
    errors, then warnings, then notes, each in the order found."""
    import os
    from ..check.preflight import SEVERITY_RANK
    if not findings:
        return []
    order = {}
    for f in findings:
        order.setdefault(f.source, len(order))
    groups: dict = {}
    for f in findings:
        groups.setdefault((order[f.source], f.page is not None, f.page or 0), []).append(f)
    rows = []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda f: SEVERITY_RANK.get(f.severity, 3))
        source = group[0].source
        prefix = os.path.join(source, "") if source not in pdf_sources else None
        rows.append(_group_label(source, group[0].page, source in pdf_sources))
        for f in group:
            where = f.where
            if prefix and where.startswith(prefix):
                where = where[len(prefix):]
            rows.append((f.severity, f.code, where, f.message + (f" / hint: {f.hint}" if f.hint else "")))
    cells = [r for r in rows if isinstance(r, tuple)]
    widths = [max(_width(r[i]) for r in cells + [("severity", "code", "where", "")]) for i in range(3)]
    widths[2] = min(widths[2], 48)
    lines = ["  ".join(_pad(h, w) for h, w in zip(("severity", "code", "where"), widths)) + "  message"]
    for r in rows:
        if isinstance(r, str):
            lines.append(r)
        else:
            lines.append("  ".join(_pad(c, w) for c, w in zip(r[:3], widths)) + "  " + r[3])
    return lines


def _summary(families: list[str], counts: Counter, findings: list, unusable: int) -> dict:
    from ..diagnostics import NOTE
    codes = Counter(f.code for f in findings)
    return {"families": families, "editions": counts["editions"], "pages": counts["pages"],
            "pdfs": counts["pdfs"], "unusable": unusable,
            "errors": sum(1 for f in findings if f.severity == ERROR),
            "warnings": sum(1 for f in findings if f.severity == WARNING),
            "notes": sum(1 for f in findings if f.severity == NOTE),
            "codes": dict(sorted(codes.items()))}


def _summary_line(s: dict) -> str:
    checked = []
    if s["editions"]:
        checked.append(f"{s['editions']} edition(s) of {s['pages']} page(s)")
    if s["pdfs"]:
        checked.append(f"{s['pdfs']} PDF file(s)")
    line = (f"{' + '.join(s['families']) or 'check'}: {', '.join(checked) or 'nothing'} checked: "
            f"{s['errors']} error(s), {s['warnings']} warning(s), {s['notes']} note(s)")
    if s["unusable"]:
        line += f"; {s['unusable']} input(s) unusable"
    return line


def cmd_check(args) -> int:
    import contextlib
    import json
    import os
    import tempfile
    from ..check.preflight import from_diagnostic
    chosen = [name for name in CHECK_FAMILIES if getattr(args, name)]
    findings, ran, unusable = [], [], 0
    counts: Counter = Counter()
    pdf_sources = set()
    with contextlib.ExitStack() as stack:
        made = []

        def tmp() -> str:
            """A temporary folder for renders, made the first time one is needed."""
            if not made:
                made.append(stack.enter_context(tempfile.TemporaryDirectory(prefix="banmian-check-")))
            return made[0]

        for path in args.paths:
            is_edition = os.path.isdir(path)
            families = _families_for(is_edition, chosen)
            try:
                if not is_edition and not os.path.exists(path):
                    raise InputError(error("no such file or edition folder", Where(path),
                                           "give an edition folder or a rendered page (pNN.pdf)"))
                if not is_edition:
                    pdf_sources.add(path)
                for name in families:
                    family = CHECK_FAMILIES[name]
                    run = family.edition if is_edition else family.pdf
                    if run is None:
                        raise InputError(error(
                            f"the {name} check needs an edition folder, not a PDF", Where(path),
                            "give the edition folder the PDF was rendered from, or check the PDF with "
                            "--typography"))
                    found, checked = run(path, args, tmp)
                    findings += found
                    counts += checked
                    ran.append(name)
            except InputError as exc:
                _print_diagnostics(exc.diagnostics, sys.stderr)
                print(f"banmian: {path}: {len(exc.diagnostics)} error(s) in the input; not checked",
                      file=sys.stderr)
                findings += [from_diagnostic(d, path, None, family="input") for d in exc.diagnostics]
                unusable += 1
            except OSError as exc:
                message = f"cannot read or render it for checking: {exc.strerror or exc}"
                print(f"{path}: error: {message}", file=sys.stderr)
                findings.append(from_diagnostic(error(message, Where(path)), path, None, family="input"))
                unusable += 1
    families_run = [name for name in CHECK_FAMILIES if name in ran]
    summary = _summary(families_run, counts, findings, unusable)
    if unusable:
        status = EXIT_INPUT
    elif summary["errors"] or (args.strict and summary["warnings"]):
        status = EXIT_STRICT
    else:
        status = EXIT_OK
    summary["strict"] = bool(args.strict)
    summary["status"] = status
    if args.json:
        print(json.dumps({"findings": [f.as_dict() for f in findings], "summary": summary},
                         ensure_ascii=False, indent=1))
        print(_summary_line(summary), file=sys.stderr)
    else:
        for line in format_table([f for f in findings if f.family != "input"], pdf_sources):
            print(line)
        print(_summary_line(summary))
    return status


def cmd_fonts(args) -> int:
    from ..fonts.book import FontBook, load_manifest
    from ..fonts.cache import FontCache
    try:
        cache = FontCache()
        book = FontBook(load_manifest(args.fonts), cache)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        return EXIT_INPUT
    if args.prepare:
        _prepare(cache, [f for f in book.faces.values() if f.metrics.is_cff])
    for face_id, face in sorted(book.faces.items()):
        kind = "CFF→TrueType" if face.metrics.is_cff else "TrueType"
        print(f"{face_id:12} {face.metrics.family:28} {len(face.metrics.advances):6} chars  {kind:13} "
              f"{face.path}#{face.index}")
    for role, chain in sorted(book.manifest.roles.items()):
        print(f"role {role:9} → {' → '.join(chain)}")
    _print_diagnostics(book.notes, sys.stderr)
    return EXIT_OK


def _convert_one(directory: str, path: str, index: int) -> str:
    from ..fonts.cache import FontCache
    return FontCache(directory).truetype(path, index)[0]


def _prepare(cache, faces) -> None:
    """Convert CFF faces to TrueType, one process per core: each takes most of a
    minute and a gigabyte, and they do not depend on one another."""
    import concurrent.futures
    import os
    jobs = sorted({(f.path, f.index) for f in faces})
    if not jobs:
        return
    workers = max(1, min(len(jobs), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else (os.cpu_count() or 1)))
    if workers == 1:
        for path, index in jobs:
            cache.truetype(path, index)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(_convert_one, str(cache.directory), p, i) for p, i in jobs]:
            future.result()


# -- banmian import, banmian batch (back issues) -----------------------------------

def cmd_import(args) -> int:
    from ..importer import ImportOptions, import_pages
    options = ImportOptions(paper=args.paper, date=args.date, pages=tuple(args.page or ()),
                            section=args.section)
    try:
        result = import_pages(args.files, args.out, options)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"{exc.filename or args.out}: error: cannot write the edition: {exc.strerror} "
              "/ hint: choose a writable folder with --out", file=sys.stderr)
        return EXIT_INPUT
    _print_diagnostics(result.diagnostics, sys.stderr)
    for f in result.files:
        print(f)
    print(f"{len(result.pages)} page(s), {result.articles} article(s) ({result.placed} placed from OCR boxes), "
          f"{result.changes} change(s) logged in {args.out}/import-log.txt", file=sys.stderr)
    return EXIT_OK


def _batch_event(event) -> None:
    width = len(str(event.total))
    detail = f", {event.pages} page(s), {event.seconds:.1f} s" if event.status != "skipped" else \
        " (finished before from the same inputs)"
    print(f"[{event.done:>{width}}/{event.total}] {event.name}: {event.status}{detail}", file=sys.stderr, flush=True)


def cmd_batch(args) -> int:
    """Exit 0 when every edition was rendered (or had been), 1 when some failed
    (the manifest says why), 2 for an unusable batch (nothing rendered)."""
    from ..batch import OutputSettings, find_editions, run_batch
    from ..batch.executors import SchedulerError, dask_cluster, local_pool
    if args.jobs is not None and args.jobs < 1:
        print(f"banmian: error: --jobs must be at least 1, not {args.jobs}", file=sys.stderr)
        return EXIT_INPUT
    try:
        jobs = find_editions(args.source)
    except InputError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was rendered", file=sys.stderr)
        return EXIT_INPUT
    settings = OutputSettings(dpi=args.dpi, previews=not args.no_preview, fonts_manifest=args.fonts)
    where = f"the Dask cluster at {args.scheduler}" if args.scheduler else "this machine"
    print(f"banmian batch: {len(jobs)} edition(s) on {where}", file=sys.stderr)
    try:
        executor = dask_cluster(args.scheduler) if args.scheduler else local_pool(args.jobs)
        with executor as pool:
            result = run_batch(jobs, args.out, pool, settings, _batch_event, force=args.force)
    except SchedulerError as exc:
        print(f"banmian: error: {exc} / hint: start one with `dask scheduler` and `dask worker ADDRESS`, "
              "or leave out --scheduler to use this machine", file=sys.stderr)
        return EXIT_INPUT
    rate = result.pages / result.seconds * 60 if result.seconds else 0.0
    print(f"{result.total} edition(s): {len(result.rendered)} rendered, {len(result.skipped)} skipped, "
          f"{len(result.failed)} failed; {result.pages} page(s) in {result.seconds:.1f} s ({rate:.1f} pages/min); "
          f"manifest: {os.path.join(args.out, 'manifest.json')}", file=sys.stderr)
    for name in result.failed:
        print(f"{name}: error: not rendered; the manifest says why", file=sys.stderr)
    return EXIT_STRICT if result.failed else EXIT_OK


def _add_backissue_commands(sub) -> None:
    imp = sub.add_parser("import", help="rebuild an edition from the OCR of its printed pages "
                         "(plain text, hOCR or ALTO), one file per page")
    imp.add_argument("files", nargs="+", metavar="FILE", help="OCR of a page: .txt, .hocr/.html or ALTO .xml")
    imp.add_argument("--out", required=True, help="the edition folder to write (new or empty)")
    imp.add_argument("--paper", help="the paper's name (required)")
    imp.add_argument("--date", help="YYYY-MM-DD (default: read from the page header)")
    imp.add_argument("--page", type=int, action="append", help="page number of each file, in order "
                     "(default 1, 2, …)")
    imp.add_argument("--section", help="the section name (版名) of the pages")
    imp.set_defaults(func=cmd_import)
    batch = sub.add_parser("batch", help="render many editions with every output, resuming where an "
                           "earlier run stopped; on this machine or a Dask cluster")
    batch.add_argument("source", metavar="FOLDER", help="a folder of edition folders, an edition folder, or a "
                       "list file naming one edition folder a line")
    batch.add_argument("--out", required=True, help="output folder: one folder per edition and manifest.json")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (tcp://host:8786) to run on "
                       "instead of this machine")
    batch.add_argument("--jobs", type=int, help="processes on this machine (default: one per core)")
    batch.add_argument("--dpi", type=float, default=150.0, help="preview resolution (default 150)")
    batch.add_argument("--no-preview", action="store_true", help="write PDFs and reports only")
    batch.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    batch.add_argument("--force", action="store_true", help="render every edition, finished or not")
    batch.set_defaults(func=cmd_batch)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="banmian", description="Typeset Chinese newspaper pages "
                                     "from a YAML edition into print PDFs and previews.")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render an edition folder to PDF and PNG")
    render.add_argument("edition", help="edition folder holding edition.yaml")
    render.add_argument("--out", help="output folder (default: build/<edition name>)")
    render.add_argument("--dpi", type=float, default=150.0, help="preview resolution (default 150)")
    render.add_argument("--no-preview", action="store_true", help="write PDFs only")
    render.add_argument("--page", type=int, action="append", help="render only this page (repeatable)")
    render.add_argument("--strict", action="store_true",
                        help="exit 1 when text is overset or characters are missing")
    render.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    render.add_argument("--jobs", type=int, help="processes writing pages (default: one per core)")
    render.set_defaults(func=cmd_render)
    check = sub.add_parser("check", help="check an edition before press (preflight) or rendered pages "
                           "against the typesetting rules (typography)")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="an edition folder, or a rendered page PDF (typography only)")
    for name, family in CHECK_FAMILIES.items():
        check.add_argument(f"--{name}", action="store_true", help=family.help)
    check.add_argument("--json", action="store_true",
                       help='print {"findings": [...], "summary": {...}} as JSON on stdout instead of '
                       'the table')
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too (notes never fail)")
    check.add_argument("--fonts", default=str(DEFAULT_MANIFEST),
                       help="font manifest (fonts.yaml) for planning or rendering an edition folder")
    check.set_defaults(func=cmd_check)
    fonts = sub.add_parser("fonts", help="list faces and roles; --prepare converts CFF fonts once")
    fonts.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    fonts.add_argument("--prepare", action="store_true",
                       help="convert every CFF face to TrueType now (done lazily otherwise)")
    fonts.set_defaults(func=cmd_fonts)
    _add_backissue_commands(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("banmian: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
