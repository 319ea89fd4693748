"""The `banmian` command: render, fonts. One place decides the exit status:
0 done, 1 problems under --strict, 2 unusable input."""
from __future__ import annotations

import argparse
import sys

from .diagnostics import ERROR, WARNING, InputError
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
