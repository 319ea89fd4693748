"""Render an edition: spec → plans → PDFs, previews and a report (the I/O edge)."""
from __future__ import annotations

import concurrent.futures
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_bytes
from .diagnostics import Diagnostic, InputError, Where, error
from .fonts.book import DEFAULT_MANIFEST, FontBook, apply_overrides, load_manifest
from .fonts.cache import FontCache
from .page.assembler import assemble_page
from .output.pdf import FontRegistrar, PageDrawing, write_drawings, write_pdf
from .output.pdfx import output_profile
from .plan import PagePlan
from .output.preview import render_previews
from .cli.progress import Progress
from .spec.edition import load_edition


@dataclass(frozen=True)
class RenderOptions:
    out_dir: str | None = None
    dpi: float = 150.0
    previews: bool = True
    fonts_manifest: str = str(DEFAULT_MANIFEST)
    cache_dir: str | None = None
    pages: tuple[int, ...] = ()
    jobs: int | None = None            # processes writing pages; None: one per core
    progress: bool = True              # a progress bar, on a terminal only


@dataclass
class RenderResult:
    edition: object
    plans: list[PagePlan]
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def page_basename(number: int) -> str:
    return f"p{number:02d}"


def build_fontbook(edition, manifest_path: str, cache: FontCache) -> FontBook:
    manifest = load_manifest(manifest_path)
    manifest = apply_overrides(manifest, edition.fonts, os.path.join(edition.directory, "edition.yaml"),
                               Path(edition.directory))
    return FontBook(manifest, cache)


def plan_edition(edition_dir: str, options: RenderOptions = RenderOptions(),
                 cache: FontCache | None = None):
    edition, warnings = load_edition(edition_dir)
    cache = cache or FontCache(Path(options.cache_dir) if options.cache_dir else None)
    fonts = build_fontbook(edition, options.fonts_manifest, cache)
    unknown = sorted(set(options.pages) - {p.number for p in edition.pages})
    if unknown:
        have = ", ".join(str(p.number) for p in edition.pages)
        raise InputError(error(f"the edition has no page {', '.join(map(str, unknown))}",
                               Where(os.path.join(edition.directory, "edition.yaml")),
                               f"its pages are: {have}"))
    # Every page is planned, in order, so text jumping to a later page (转版) is
    # known there; only the pages asked for are kept.
    plans = []
    carried: dict = {}
    for page in sorted(edition.pages, key=lambda p: p.number):
        plan = assemble_page(edition, page, fonts, carried)
        carried.update({c.source: c for c in plan.carries})
        if not options.pages or page.number in options.pages:
            plans.append(plan)
    diagnostics = list(fonts.notes) + list(warnings)
    for plan in plans:
        diagnostics.extend(plan.diagnostics)
    return edition, fonts, plans, diagnostics


def render(edition_dir: str, options: RenderOptions = RenderOptions(),
           cache: FontCache | None = None) -> RenderResult:
    """Plan every page (in order: jumps carry text forward), then write each
    page's PDF and previews — in parallel processes when there are several
    pages and cores; the output is the same byte for byte — and the PDF of the
    whole edition."""
    edition, fonts, plans, diagnostics = plan_edition(edition_dir, options, cache)
    # a PDF/X without its output profile cannot be made: say so before writing anything
    output_profile(edition.print.pdfx != "none", edition.print.profile, edition.print.condition)
    out = Path(options.out_dir or os.path.join("build", edition.name))
    out.mkdir(parents=True, exist_ok=True)
    result = RenderResult(edition, plans, diagnostics=diagnostics)
    jobs = [(plan, str(out / page_basename(plan.number)), _title(edition, plan.number),
             next((p.section for p in edition.pages if p.number == plan.number), ""))
            for plan in plans]
    progress = Progress(len(jobs) + 1, "rendering", quiet=not options.progress)
    workers = min(len(jobs), options.jobs or _cores())
    whole = out / f"{edition.name}.pdf" if len(plans) > 1 else None
    whole_title = f"{edition.paper} {edition.date.isoformat()}"
    registrar = FontRegistrar(fonts)
    drawings: dict[str, PageDrawing] = {}
    if workers > 1:
        # Every n-th page to each of n−1 worker processes (a process loads the
        # fonts once, the costly part of starting one); the main process
        # writes the first share itself meanwhile.
        chunks = [jobs[k::workers] for k in range(workers)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers - 1) as pool:
            futures = {pool.submit(_write_pages, edition, options, cache.directory if cache else None,
                                   chunk): chunk for chunk in chunks[1:]}
            for job in chunks[0]:
                drawings[job[1]] = _write_page_with(registrar, options, edition.print, *job)
                progress.step(os.path.basename(job[1]))
            for future in concurrent.futures.as_completed(futures):
                for job, drawing in zip(futures[future], future.result()):
                    drawings[job[1]] = drawing
                    progress.step(os.path.basename(job[1]))
    else:
        for job in jobs:
            drawings[job[1]] = _write_page_with(registrar, options, edition.print, *job)
            progress.step(os.path.basename(job[1]))
    if whole is not None:
        # the pages as drawn for their own files: no page drawn, no photo encoded twice
        write_drawings([drawings[job[1]] for job in jobs], str(whole), registrar, whole_title, "",
                       edition.print)
    for plan, base, _, _ in jobs:
        result.files.append(base + ".pdf")
        if options.previews:
            result.files += [base + ".png", base + ".thumb.png"]
    if whole is not None:
        result.files.append(str(whole))
    progress.step("edition")
    report = out / "report.json"
    _write_json(report, report_data(result))
    result.files.append(str(report))
    return result


def _title(edition, number: int) -> str:
    return f"{edition.paper} {edition.date.isoformat()} 第{number}版"


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _write_page_with(registrar: FontRegistrar, options: RenderOptions, settings, plan: PagePlan,
                     base: str, title: str, section: str) -> PageDrawing:
    [drawing] = write_pdf([plan], base + ".pdf", registrar, title, section, settings)
    if options.previews:
        render_previews(base + ".pdf", base + ".png", base + ".thumb.png", options.dpi,
                        grey=plan.colour == "grey")
    return drawing


def _write_pages(edition, options: RenderOptions, cache_dir, jobs) -> list[PageDrawing]:
    """Pages written in a worker process, with its own font book from the shared
    cache; their drawings go back for the edition's PDF."""
    cache = FontCache(Path(cache_dir) if cache_dir else (Path(options.cache_dir) if options.cache_dir else None))
    registrar = FontRegistrar(build_fontbook(edition, options.fonts_manifest, cache))
    return [_write_page_with(registrar, options, edition.print, *job) for job in jobs]


def report_data(result: RenderResult) -> dict:
    return {
        "edition": result.edition.name,
        "paper": result.edition.paper,
        "date": result.edition.date.isoformat(),
        "pages": [plan.number for plan in result.plans],
        "diagnostics": [
            {"severity": d.severity, "code": d.code, "message": d.message,
             "where": str(d.where) if d.where else None, "hint": d.hint,
             **{k: v for k, v in d.data}}
            for d in result.diagnostics
        ],
        "articles": [
            {"page": plan.number, "id": a.id, "overset_lines": a.overset_lines,
             "overset_chars": sum(1 for ch in a.overset_text if not ch.isspace())}
            for plan in result.plans for a in plan.articles
        ],
    }


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(path, text.encode("utf-8"))
