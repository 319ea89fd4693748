"""The `banmian` command: render, check, fonts. One place decides the exit
status: 0 done, 1 problems under --strict or errors found by check, 2 unusable
input."""
from __future__ import annotations

import argparse
import sys

from .diagnostics import ERROR, WARNING, InputError, Where, error
from .fontbook import DEFAULT_MANIFEST

EXIT_OK, EXIT_STRICT, EXIT_INPUT = 0, 1, 2
STRICT_CODES = {"overset", "missing-glyph"}


def _print_diagnostics(diagnostics, stream) -> None:
    for d in diagnostics:
        print(d.format(), file=stream)


def cmd_render(args) -> int:
    from .render import RenderOptions, render
    if args.dpi <= 0 or args.dpi > 1200:
        print(f"banmian: error: --dpi must be between 1 and 1200, not {args.dpi} / hint: 150 is the default",
              file=sys.stderr)
        return EXIT_INPUT
    options = RenderOptions(out_dir=args.out, dpi=args.dpi, previews=not args.no_preview,
                            fonts_manifest=args.fonts, pages=tuple(args.page or ()))
    try:
        result = render(args.edition, options)
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


def _check_typography(pdf: str, shown: str) -> list:
    from .typography_check import check_pdf
    return check_pdf(pdf, shown)


# Check families: name → function(pdf path, name shown) → violations with
# `severity`, `format()` and `as_dict()`. A print preflight joins here later.
CHECK_FAMILIES = {"typography": _check_typography}


def _pdfs_to_check(path: str, tmp: str, fonts: str) -> list[tuple[str, str]]:
    """(PDF file, name to show) for a PDF, or for an edition folder rendered into `tmp`."""
    import os
    from .render import RenderOptions, render
    if os.path.isdir(path):
        out = os.path.join(tmp, f"{len(os.listdir(tmp)):03d}")
        result = render(path, RenderOptions(out_dir=out, previews=False, fonts_manifest=fonts))
        name = os.path.basename(os.path.normpath(path))
        return [(f, f"{name}/{os.path.basename(f)}") for f in result.files if f.endswith(".pdf")]
    if not os.path.exists(path):
        raise InputError(error("no such file or edition folder", Where(path),
                               "give an edition folder or a rendered page (pNN.pdf)"))
    return [(path, path)]


def cmd_check(args) -> int:
    import json
    import tempfile
    families = [name for name in CHECK_FAMILIES if getattr(args, name)] or list(CHECK_FAMILIES)
    found = []
    files = 0
    unusable = 0
    with tempfile.TemporaryDirectory(prefix="banmian-check-") as tmp:
        for path in args.paths:
            try:
                pdfs = _pdfs_to_check(path, tmp, args.fonts)
                for pdf, shown in pdfs:
                    for family in families:
                        found.extend(CHECK_FAMILIES[family](pdf, shown))
                    files += 1
            except InputError as exc:
                _print_diagnostics(exc.diagnostics, sys.stderr)
                unusable += 1
            except OSError as exc:
                print(f"{path}: error: cannot render the edition for checking: {exc.strerror or exc}",
                      file=sys.stderr)
                unusable += 1
    for v in found:
        print(v.format(), file=sys.stderr)
    errors = sum(1 for v in found if v.severity == ERROR)
    warnings = sum(1 for v in found if v.severity == WARNING)
    print(f"{' + '.join(families)}: {files} PDF file(s) checked: {errors} error(s), {warnings} warning(s)"
          + (f"; {unusable} input(s) unusable" if unusable else ""), file=sys.stderr)
    if args.json:
        print(json.dumps([v.as_dict() for v in found], ensure_ascii=False, indent=1))
    if unusable:
        return EXIT_INPUT
    return EXIT_STRICT if errors else EXIT_OK


def cmd_fonts(args) -> int:
    from .fontbook import FontBook, load_manifest
    from .fontcache import FontCache
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
    from .fontcache import FontCache
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
    render.set_defaults(func=cmd_render)
    check = sub.add_parser("check", help="check rendered pages against the typesetting rules")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="an edition folder (rendered first, PDFs only) or a rendered page PDF")
    check.add_argument("--typography", action="store_true",
                       help="line composition, paragraph and grid rules (the default family)")
    check.add_argument("--json", action="store_true", help="print the violations as JSON on stdout")
    check.add_argument("--fonts", default=str(DEFAULT_MANIFEST),
                       help="font manifest for rendering an edition folder")
    check.set_defaults(func=cmd_check)
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
