"""Render an edition: spec → plans → PDFs, previews and a report (the I/O edge)."""
from __future__ import annotations

import concurrent.futures
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Protocol

from .atomic import write_bytes
from .check.preflight import PreflightResult, preflight
from .diagnostics import Diagnostic, InputError, Where, error
from .fonts.book import DEFAULT_MANIFEST, FontBook, apply_overrides, load_manifest
from .fonts.cache import FontCache
from .page.assembler import assemble_page
from .page.compose_cache import ComposeCache
from .page.placement.build import apply, article_candidates, page_has_open, problem_for
from .page.placement.measured import measured
from .page.placement.problem import Problem
from .page.placement.report import copy_fit, layout_report
from .page.placement.solver import Layout, place
from .output.pdf import FontRegistrar, write_pdf
from .output.pdfx import output_profile
from .output.report import render_report
from .plan import PagePlan
from .output.preview import render_previews
from .spec.edition import load_edition
from .spec.model import ArticleItem, Page, PhotoItem


@dataclass(frozen=True)
class RenderOptions:
    out_dir: str | None = None
    dpi: float = 150.0
    previews: bool = True
    fonts_manifest: str = str(DEFAULT_MANIFEST)
    cache_dir: str | None = None
    pages: tuple[int, ...] = ()
    jobs: int | None = None            # processes writing pages; None: one per core


class Steps(Protocol):
    """What a render tells of its progress: one step per page written, one for the edition."""
    def step(self, what: str = "") -> None: ...


class _Silent:
    def step(self, what: str = "") -> None:
        pass


@dataclass(frozen=True)
class PagePlacement:
    """A page whose open items Banmian placed: what it was asked (the problem),
    the layout it found, and the page before and after (items with their
    `at`, `span`, text columns, headline size and photo height filled in)."""
    problem: Problem
    layout: Layout
    page: Page
    placed: Page


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
                 cache: FontCache | None = None, placements: list | None = None,
                 fit_notes: bool = False):
    """Load the edition and its fonts and plan its pages (nothing is written).
    Returns (edition, fonts, plans, diagnostics): the edition with every item
    placed, and every diagnostic of the spec, the fonts and the plans, each
    placed on its page and article where it has one. Pages with open items are
    laid out first (what does not fit or stays empty is reported);
    `placements`, when given, receives a PagePlacement for each. `fit_notes`:
    a note for every article with the lines it needs at each width."""
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
    pages, articles = _places(edition)
    compose = ComposeCache(fonts)
    measure = measured(compose)
    laid = {}
    for page in sorted(edition.pages, key=lambda p: p.number):
        found = []
        if fit_notes:
            fits = article_candidates(edition, page, carried, measure)
            found += [copy_fit(item.article.id, fits[item.key], Where(item.article.path))
                      for item in page.items if isinstance(item, ArticleItem) and fits[item.key]]
        if page_has_open(page):
            # items without `at`/`span` are placed first, the text jumped here known
            problem = problem_for(edition, page, carried, measure)
            layout = place(problem)
            placed = apply(page, layout)
            found += layout_report(page.number, layout, page.where)
            if placements is not None:
                placements.append(PagePlacement(problem, layout, page, placed))
            page = placed
        laid[page.number] = page
        plan = assemble_page(edition, page, fonts, carried, compose)
        carried.update({c.source: c for c in plan.carries})
        if not options.pages or page.number in options.pages:
            plans.append(replace(plan, diagnostics=tuple(_placed(d, plan.number, articles)
                                                         for d in tuple(found) + plan.diagnostics)))
    edition = replace(edition, pages=tuple(laid.get(p.number, p) for p in edition.pages))
    diagnostics = list(fonts.notes)
    for d in warnings:
        page = pages.get((d.where.file, d.get("photo")), pages.get((d.where.file, None)))
        diagnostics.append(_placed(d, page, articles))
    for plan in plans:
        diagnostics.extend(plan.diagnostics)
    return edition, fonts, plans, diagnostics


def preflight_edition(edition_dir: str, fonts_manifest: str = str(DEFAULT_MANIFEST),
                      cache: FontCache | None = None) -> PreflightResult:
    """Plan every page (nothing is written) and check the edition for press."""
    planned = plan_edition(edition_dir, RenderOptions(fonts_manifest=fonts_manifest), cache, fit_notes=True)
    return preflight(edition_dir, *planned)


def _places(edition) -> tuple[dict, dict]:
    """(file, photo name or None) → the page it is placed on, and article file →
    article id: where the spec stage's warnings (a photo not found) belong."""
    pages: dict = {}
    articles: dict = {}
    for page in edition.pages:
        for item in page.items:
            if isinstance(item, ArticleItem):
                pages.setdefault((item.article.path, None), page.number)
                articles.setdefault(item.article.path, item.article.id)
                photo = item.article.photo
            else:
                photo = item.photo if isinstance(item, PhotoItem) else None
            if photo is not None and photo.where is not None:
                pages.setdefault((photo.where.file, photo.name), page.number)
    return pages, articles


def _placed(d: Diagnostic, page: int | None, articles: dict) -> Diagnostic:
    """The diagnostic with its page, and the article it names or whose file it points into."""
    return d.at(page=d.where.page or page,
                article=d.where.article or d.get("article") or articles.get(d.where.file))


def render(edition_dir: str, options: RenderOptions = RenderOptions(),
           cache: FontCache | None = None, progress: Callable[[int], Steps] | None = None) -> RenderResult:
    """Plan every page (in order: jumps carry text forward), then write each
    page's PDF and previews — in parallel processes when there are several
    pages and cores; the output is the same byte for byte — and the PDF of the
    whole edition. `progress`, given the number of steps, makes what is told of
    each (the command's progress bar); None: nothing is told."""
    edition, fonts, plans, diagnostics = plan_edition(edition_dir, options, cache)
    # a PDF/X without its output profile cannot be made: say so before writing anything
    output_profile(edition.print.pdfx != "none", edition.print.profile, edition.print.condition)
    out = Path(options.out_dir or os.path.join("build", edition.name))
    out.mkdir(parents=True, exist_ok=True)
    result = RenderResult(edition, plans, diagnostics=diagnostics)
    jobs = [(plan, str(out / page_basename(plan.number)), _title(edition, plan.number),
             next((p.section for p in edition.pages if p.number == plan.number), ""))
            for plan in plans]
    steps = progress(len(jobs) + 1) if progress else _Silent()
    workers = min(len(jobs), options.jobs or _cores())
    whole = out / f"{edition.name}.pdf" if len(plans) > 1 else None
    whole_title = f"{edition.paper} {edition.date.isoformat()}"
    if workers > 1:
        # One task per process, each with every n-th page: a process loads the
        # fonts once (the costly part of starting one) and writes its pages.
        # The main process meanwhile writes the edition's PDF.
        chunks = [jobs[k::workers] for k in range(workers)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_write_pages, edition, options, cache.directory if cache else None,
                                   chunk): chunk for chunk in chunks}
            if whole is not None:
                write_pdf(plans, str(whole), FontRegistrar(fonts), whole_title, "", edition.print)
            for future in concurrent.futures.as_completed(futures):
                future.result()
                for job in futures[future]:
                    steps.step(os.path.basename(job[1]))
    else:
        registrar = FontRegistrar(fonts)
        for job in jobs:
            _write_page_with(registrar, options, edition.print, *job)
            steps.step(os.path.basename(job[1]))
        if whole is not None:
            write_pdf(plans, str(whole), registrar, whole_title, "", edition.print)
    for plan, base, _, _ in jobs:
        result.files.append(base + ".pdf")
        if options.previews:
            result.files += [base + ".png", base + ".thumb.png"]
    if whole is not None:
        result.files.append(str(whole))
    steps.step("edition")
    report = out / "report.json"
    _write_json(report, render_report(result.edition, result.plans, result.diagnostics))
    result.files.append(str(report))
    return result


def _title(edition, number: int) -> str:
    return f"{edition.paper} {edition.date.isoformat()} 第{number}版"


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _write_page_with(registrar: FontRegistrar, options: RenderOptions, settings, plan: PagePlan,
                     base: str, title: str, section: str) -> None:
    write_pdf([plan], base + ".pdf", registrar, title, section, settings)
    if options.previews:
        render_previews(base + ".pdf", base + ".png", base + ".thumb.png", options.dpi)


def _write_pages(edition, options: RenderOptions, cache_dir, jobs) -> None:
    """Pages written in a worker process, with its own font book from the shared cache."""
    cache = FontCache(Path(cache_dir) if cache_dir else (Path(options.cache_dir) if options.cache_dir else None))
    registrar = FontRegistrar(build_fontbook(edition, options.fonts_manifest, cache))
    for job in jobs:
        _write_page_with(registrar, options, edition.print, *job)


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(path, text.encode("utf-8"))
