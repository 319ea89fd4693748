"""`banmian layout EDITION [--write FILE | --in-place]`: lay out the items an
edition leaves open, print each such page as a text picture of its grid with
the layout's score rule by rule, and write the places back as explicit `at`,
`span`, `columns` and `headline_size` (into another file, or into the
edition's own edition.yaml, keeping every comment), so that later hand
adjustments start from them."""
from __future__ import annotations

import os
import sys

from ..diagnostics import InputError, Where, error
from ..fonts.book import DEFAULT_MANIFEST
from ..output.report import FailOn, compiler_line, exit_status, print_diagnostics

SHOWN = ("layout-over", "layout-empty", "overset", "underfull", "empty-area", "photo-clamped",
         "headline-too-wide")


def add_parser(sub) -> None:
    layout = sub.add_parser("layout", help="lay out the items an edition leaves open (no at/span), print "
                            "each page's grid and score, and write the places back")
    layout.add_argument("edition", help="edition folder holding edition.yaml")
    where = layout.add_mutually_exclusive_group()
    where.add_argument("--write", metavar="FILE",
                       help="write edition.yaml with every placed item's at, span, columns and "
                       "headline_size to FILE")
    where.add_argument("--in-place", action="store_true",
                       help="write them into the edition's own edition.yaml, keeping its comments")
    layout.add_argument("--fonts", default=str(DEFAULT_MANIFEST), help="font manifest (fonts.yaml)")
    layout.set_defaults(func=cmd_layout)


def cmd_layout(args) -> int:
    from ..pipeline import RenderOptions, plan_edition
    placements: list = []
    try:
        _, _, _, diagnostics = plan_edition(args.edition, RenderOptions(fonts_manifest=args.fonts),
                                            placements=placements)
    except InputError as exc:
        print_diagnostics(exc.diagnostics, sys.stderr)
        print(f"banmian: {len(exc.diagnostics)} error(s); nothing was laid out", file=sys.stderr)
        return exit_status(exc.diagnostics, FailOn.NOTHING, unusable=True)
    if not placements:
        print(f"{args.edition}: every item has its `at` and `span`: nothing to lay out")
    for placement in placements:
        print(page_report(placement))
    print_diagnostics([d for d in diagnostics if d.code in SHOWN], sys.stderr)
    target = os.path.join(args.edition, "edition.yaml") if args.in_place else args.write
    if target and placements:
        try:
            write_back(args.edition, placements, target)
        except OSError as exc:
            problem = error(f"cannot write the places: {exc.strerror}", Where(target),
                            "choose a writable file with --write")
            print(compiler_line(problem), file=sys.stderr)
            return exit_status([problem], FailOn.NOTHING, unusable=True)
        print(f"places written to {target}")
    return exit_status(diagnostics, FailOn.NOTHING)


def page_report(placement) -> str:
    """The page's grid as a text picture, with its legend and score."""
    from ..page.placement.picture import layout_picture
    layout = placement.layout
    head = f"page {placement.page.number}" + (f" ({placement.page.section})" if placement.page.section else "")
    return "\n".join([head, "", layout_picture(layout, placement.problem), "", layout.score.table(), ""])


def write_back(edition_dir: str, placements, target: str) -> None:
    """The edition's edition.yaml with each placed item's place, written to `target`."""
    from ..atomic import write_bytes
    from ..page.placement.build import places
    from ..spec.writeback import write_places
    source = os.path.join(edition_dir, "edition.yaml")
    with open(source, encoding="utf-8") as f:
        text = f.read()
    found = {}
    for placement in placements:
        found.update(places(placement.page, placement.layout))
    write_bytes(target, write_places(text, found, source).encode("utf-8"))
