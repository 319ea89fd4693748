"""The `banmian` command: render, check, layout, fonts. What is printed and the exit
status (0 done, 1 problems under --strict or errors found by check, 2 unusable
input) come from `output/report.py`."""
from __future__ import annotations

import argparse
import math
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import InputError, Where, error
from ..fonts.book import DEFAULT_MANIFEST
from ..spec import limits
from ..output.report import (CheckReport, FailOn, compiler_line, exit_status, print_diagnostics,
                             render_summary, summary_line)
from .layout_command import add_parser as add_layout_parser


def _option_error(args):
    """The problem with an option out of range, or None."""
    low, high = limits.DPI
    if not math.isfinite(args.dpi) or not low <= args.dpi <= high:
        return error(f"--dpi must be a number from {low:g} to {high:g}, not {args.dpi}",
                     hint="150 is the default; 300 shows the page as print does", code="option")
    if args.jobs is not None and args.jobs < 1:
        return error(f"--jobs must be at least 1, not {args.jobs}",
                     hint="leave it out to use one process per core", code="option")
    return _allow_dir_error(args)


def _allow_dir_error(args):
    for folder in args.allow_dir or ():
        if not os.path.isdir(folder):
            return error(f"--allow-dir {folder}: not a folder", hint="give a folder that exists; "
                         "files of the edition may then come from inside it", code="option")
    return None


def cmd_render(args) -> int:
    from ..pipeline import RenderOptions, render
    from .progress import Progress
    fail_on = FailOn.BLOCKING if args.strict else FailOn.NOTHING
    problem = _option_error(args)
    if problem:
        print(f"banmian: {compiler_line(problem)}", file=sys.stderr)
        return exit_status([problem], fail_on, unusable=True)
    options = RenderOptions(out_dir=args.out, dpi=args.dpi, previews=not args.no_preview,
                            fonts_manifest=args.fonts, pages=tuple(args.page or ()), jobs=args.jobs,
                            shared_dirs=tuple(args.allow_dir or ()))
    try:
        result = render(args.edition, options, progress=lambda total: Progress(total, "rendering"))
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return exit_status(exc.diagnostics, fail_on, unusable=True)
    except OSError as exc:
        problem = error(f"cannot write the output: {exc.strerror}",
                        Where(str(exc.filename or args.out or "build")), "choose a writable folder with --out")
        print(compiler_line(problem), file=sys.stderr)
        return exit_status([problem], fail_on, unusable=True)
    print_diagnostics(result.diagnostics, sys.stderr)
    for f in result.files:
        print(f)
    print(render_summary(len(result.plans), result.diagnostics), file=sys.stderr)
    return exit_status(result.diagnostics, fail_on)


def cmd_publish(args) -> int:
    from ..publish import PublishOptions, publish
    from .progress import Progress
    options = PublishOptions(out_dir=args.out, base_url=args.base_url, dpi=args.dpi, fonts_manifest=args.fonts)
    try:
        result = publish(args.edition, options, progress=lambda total: Progress(total, "publishing"))
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was published", file=sys.stderr)
        return exit_status(exc.diagnostics, FailOn.NOTHING, unusable=True)
    except OSError as exc:
        problem = error(f"cannot write the output: {exc.strerror}",
                        Where(str(exc.filename or args.out or "build")), "choose a writable folder with --out")
        print(compiler_line(problem), file=sys.stderr)
        return exit_status([problem], FailOn.NOTHING, unusable=True)
    print(result.web_dir / "index.html")
    print(result.out_dir / f"{result.edition.name}.pdfa.pdf")
    print(f"{len(result.view.pages)} page(s), {len(result.view.stories)} stories published"
          f"{' (rendered first)' if result.rendered else ''}", file=sys.stderr)
    return exit_status([], FailOn.NOTHING)


# -- banmian check ---------------------------------------------------------------

@dataclass(frozen=True)
class CheckFamily:
    """A family of checks: what it does with an edition folder and with a PDF
    (None: it cannot check that), and whether it runs on an edition folder when
    no family is named. Each returns (diagnostics, what it checked)."""
    help: str
    edition: Callable | None
    pdf: Callable | None
    edition_default: bool


def _preflight_edition(path: str, args, tmp) -> tuple[list, Counter]:
    from ..pipeline import preflight_edition
    result = preflight_edition(path, args.fonts, shared_dirs=tuple(args.allow_dir or ()))
    return list(result.diagnostics), Counter(editions=1, pages=len(result.plans))


def _typography_edition(path: str, args, tmp) -> tuple[list, Counter]:
    """Render the edition into a temporary folder (PDFs only) and check each page."""
    from ..pipeline import RenderOptions, page_basename, render
    from ..check.typography import check_pdf
    out = os.path.join(tmp(), f"{len(os.listdir(tmp())):03d}")
    options = RenderOptions(out_dir=out, previews=False, fonts_manifest=args.fonts,
                            shared_dirs=tuple(args.allow_dir or ()))
    result = render(path, options)
    name = os.path.basename(os.path.normpath(path))
    found = []
    for plan in result.plans:
        pdf = os.path.join(out, page_basename(plan.number) + ".pdf")
        shown = f"{name}/{os.path.basename(pdf)}"
        found += [d.at(page=plan.number) for d in check_pdf(pdf, shown)]
    return found, Counter(pdfs=len(result.plans))


def _typography_pdf(path: str, args, tmp) -> tuple[list, Counter]:
    from ..check.typography import check_pdf
    return check_pdf(path, path), Counter(pdfs=1)


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


def _check_one(path: str, chosen: list[str], args, tmp, report: CheckReport) -> None:
    """Run the families on one input into `report`. Raises InputError when the
    input cannot be used."""
    from ..spec.paths import require_file
    is_edition = os.path.isdir(path)
    if not is_edition and not os.path.lexists(path):
        raise InputError(error("no such file or edition folder", Where(path),
                               "give an edition folder or a rendered page (pNN.pdf)"))
    if not is_edition:
        require_file(path, Where(path), "PDF", limits.PDF_BYTES)
        report.pdf_sources.add(path)
    for name in _families_for(is_edition, chosen):
        family = CHECK_FAMILIES[name]
        run = family.edition if is_edition else family.pdf
        if run is None:
            raise InputError(error(
                f"the {name} check needs an edition folder, not a PDF", Where(path),
                "give the edition folder the PDF was rendered from, or check the PDF with "
                "--typography"))
        found, checked = run(path, args, tmp)
        report.add(path, name, found, checked)


def cmd_check(args) -> int:
    import contextlib
    import json
    import tempfile
    chosen = [name for name in CHECK_FAMILIES if getattr(args, name)]
    report = CheckReport(tuple(CHECK_FAMILIES), strict=bool(args.strict))
    problem = _allow_dir_error(args)
    if problem:
        print(f"banmian: {compiler_line(problem)}", file=sys.stderr)
        return exit_status([problem], FailOn.NOTHING, unusable=True)
    with contextlib.ExitStack() as stack:
        made = []

        def tmp() -> str:
            """A temporary folder for renders, made the first time one is needed."""
            if not made:
                made.append(stack.enter_context(tempfile.TemporaryDirectory(prefix="banmian-check-")))
            return made[0]

        for path in args.paths:
            try:
                _check_one(path, chosen, args, tmp, report)
            except InputError as exc:
                print_diagnostics(exc.diagnostics, sys.stderr)
                print(f"banmian: {path}: {len(exc.diagnostics)} error(s) in the input; not checked",
                      file=sys.stderr)
                report.input_error(path, exc.diagnostics)
            except OSError as exc:
                problem = error(f"cannot read or render it for checking: {exc.strerror or exc}", Where(path))
                print(compiler_line(problem), file=sys.stderr)
                report.input_error(path, [problem])
    summary = report.summary()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        print(summary_line(summary), file=sys.stderr)
    else:
        for line in report.table():
            print(line)
        print(summary_line(summary))
    return report.status


def cmd_fonts(args) -> int:
    from ..fonts.book import FontBook, load_manifest
    from ..fonts.cache import FontCache
    try:
        cache = FontCache()
        book = FontBook(load_manifest(args.fonts), cache)
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        return exit_status(exc.diagnostics, FailOn.NOTHING, unusable=True)
    for face_id, face in sorted(book.faces.items()):
        m = face.metrics
        kind = ("CFF, CID-keyed" if m.cid_keyed else "CFF") if m.is_cff else "TrueType"
        print(f"{face_id:12} {m.family:28} {sum(m.cmap[1::2]):6} chars  {kind:14} {face.path}#{face.index}")
    for role, chain in sorted(book.manifest.roles.items()):
        print(f"role {role:9} → {' → '.join(chain)}")
    print_diagnostics(book.notes, sys.stderr)
    return exit_status(book.notes, FailOn.NOTHING)


# -- banmian import, banmian batch (back issues) -----------------------------------

def cmd_import(args) -> int:
    from ..importer import ImportOptions, import_pages
    options = ImportOptions(paper=args.paper, date=args.date, pages=tuple(args.page or ()),
                            section=args.section)
    try:
        result = import_pages(args.files, args.out, options)
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return exit_status(exc.diagnostics, FailOn.NOTHING, unusable=True)
    except OSError as exc:
        problem = error(f"cannot write the edition: {exc.strerror}", Where(str(exc.filename or args.out)),
                        "choose a writable folder with --out")
        print(compiler_line(problem), file=sys.stderr)
        return exit_status([problem], FailOn.NOTHING, unusable=True)
    print_diagnostics(result.diagnostics, sys.stderr)
    for f in result.files:
        print(f)
    print(f"{len(result.pages)} page(s), {result.articles} article(s) ({result.placed} placed from OCR boxes), "
          f"{result.changes} change(s) logged in {args.out}/import-log.txt", file=sys.stderr)
    return exit_status(result.diagnostics, FailOn.NOTHING)


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
        problem = error(f"--jobs must be at least 1, not {args.jobs}", Where("banmian batch"),
                        "leave it out to use one process per core")
        print(compiler_line(problem), file=sys.stderr)
        return exit_status([problem], FailOn.NOTHING, unusable=True)
    try:
        jobs = find_editions(args.source)
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was rendered", file=sys.stderr)
        return exit_status(exc.diagnostics, FailOn.NOTHING, unusable=True)
    settings = OutputSettings(dpi=args.dpi, previews=not args.no_preview, fonts_manifest=args.fonts)
    where = f"the Dask cluster at {args.scheduler}" if args.scheduler else "this machine"
    print(f"banmian batch: {len(jobs)} edition(s) on {where}", file=sys.stderr)
    try:
        executor = dask_cluster(args.scheduler) if args.scheduler else local_pool(args.jobs)
        with executor as pool:
            result = run_batch(jobs, args.out, pool, settings, _batch_event, force=args.force)
    except SchedulerError as exc:
        problem = error(str(exc), Where("banmian batch --scheduler"), "start one with `dask scheduler` and "
                        "`dask worker ADDRESS`, or leave out --scheduler to use this machine")
        print(compiler_line(problem), file=sys.stderr)
        return exit_status([problem], FailOn.NOTHING, unusable=True)
    rate = result.pages / result.seconds * 60 if result.seconds else 0.0
    print(f"{result.total} edition(s): {len(result.rendered)} rendered, {len(result.skipped)} skipped, "
          f"{len(result.failed)} failed; {result.pages} page(s) in {result.seconds:.1f} s ({rate:.1f} pages/min); "
          f"manifest: {os.path.join(args.out, 'manifest.json')}", file=sys.stderr)
    failed = [error("not rendered; the manifest says why", Where(name), code="batch-failed")
              for name in result.failed]
    print_diagnostics(failed, sys.stderr)
    return exit_status(failed, FailOn.BLOCKING)


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
    render.add_argument("--allow-dir", action="append", metavar="DIR",
                        help="also read the edition's files (photos, articles, fonts) from DIR, "
                        "outside the edition folder (repeatable)")
    render.set_defaults(func=cmd_render)
    publish = sub.add_parser("publish", help="write the digital edition (web/) and the archive package "
                             "(IIIF, ALTO, METS, PDF/A), rendering first what is missing")
    publish.add_argument("edition", help="edition folder holding edition.yaml")
    publish.add_argument("--out", help="output folder (default: build/<edition name>); the site goes in OUT/web")
    publish.add_argument("--base-url", default="http://localhost:8000/",
                         help="where OUT/web will be served, for the IIIF and METS addresses "
                         "(default http://localhost:8000/); the site itself uses relative links")
    publish.add_argument("--dpi", type=float, default=150.0, help="page image resolution (default 150)")
    publish.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    publish.set_defaults(func=cmd_publish)
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
    check.add_argument("--allow-dir", action="append", metavar="DIR",
                       help="also read the edition's files from DIR, outside the edition folder")
    check.set_defaults(func=cmd_check)
    add_layout_parser(sub)
    fonts = sub.add_parser("fonts", help="list faces and roles (and read each face into the font cache)")
    fonts.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
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
