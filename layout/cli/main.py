"""The `banmian` command: render, check, layout, fonts. What is printed and the exit
status (0 done, 1 problems under --strict or errors found by check, 2 unusable
input) come from `output/report.py`."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import InputError, Where, error
from ..fonts.book import DEFAULT_MANIFEST
from ..output.report import (CheckReport, FailOn, compiler_line, exit_status, print_diagnostics,
                             render_summary, summary_line)
from .layout_command import add_parser as add_layout_parser


def _option_error(args):
    """The problem with an option out of range, or None."""
    if args.dpi <= 0 or args.dpi > 1200:
        return error(f"--dpi must be between 1 and 1200, not {args.dpi}", hint="150 is the default")
    if args.jobs is not None and args.jobs < 1:
        return error(f"--jobs must be at least 1, not {args.jobs}",
                     hint="leave it out to use one process per core")
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
                            fonts_manifest=args.fonts, pages=tuple(args.page or ()), jobs=args.jobs)
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
    result = preflight_edition(path, args.fonts)
    return list(result.diagnostics), Counter(editions=1, pages=len(result.plans))


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
    import os
    is_edition = os.path.isdir(path)
    if not is_edition and not os.path.exists(path):
        raise InputError(error("no such file or edition folder", Where(path),
                               "give an edition folder or a rendered page (pNN.pdf)"))
    if not is_edition:
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
    if args.prepare:
        _prepare(cache, [f for f in book.faces.values() if f.metrics.is_cff])
    for face_id, face in sorted(book.faces.items()):
        kind = "CFF→TrueType" if face.metrics.is_cff else "TrueType"
        print(f"{face_id:12} {face.metrics.family:28} {len(face.metrics.advances):6} chars  {kind:13} "
              f"{face.path}#{face.index}")
    for role, chain in sorted(book.manifest.roles.items()):
        print(f"role {role:9} → {' → '.join(chain)}")
    print_diagnostics(book.notes, sys.stderr)
    return exit_status(book.notes, FailOn.NOTHING)


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
    add_layout_parser(sub)
    fonts = sub.add_parser("fonts", help="list faces and roles; --prepare converts CFF fonts once")
    fonts.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    fonts.add_argument("--prepare", action="store_true",
                       help="convert every CFF face to TrueType now (done lazily otherwise)")
    fonts.set_defaults(func=cmd_fonts)
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
