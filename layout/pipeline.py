"""Render an edition: spec → plans → PDFs, previews and a report (the I/O edge)."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from .atomic import write_bytes
from .check.font_use import unreported_missing_glyphs
from .diagnostics import WARNING, Diagnostic, InputError, Where, error
from .fonts.book import DEFAULT_MANIFEST, FontBook, apply_overrides, load_manifest
from .fonts.cache import FontCache
from .fork_map import on_two_cores, usable_cores
from .page.assembler import assemble_page
from .page.compose_cache import ComposeCache
from .page.placement import page_has_open
from .output.pdf import FontRegistrar, PageDrawing, write_drawings, write_pdf
from .output.pdfx import output_profile
from .output.report import render_report
from .plan import PagePlan
from .output.preview import render_previews
from .spec import limits
from .spec.edition import load_edition
from .spec.model import ArticleItem, Page, PhotoItem
from .spec.paths import Roots
from .units import MM

if TYPE_CHECKING:
    from .check.preflight import PreflightResult
    from .page.placement.problem import Problem
    from .page.placement.solver import Layout


@dataclass(frozen=True)
class RenderOptions:
    out_dir: str | None = None
    dpi: float = 150.0
    previews: bool = True
    fonts_manifest: str = str(DEFAULT_MANIFEST)
    cache_dir: str | None = None
    pages: tuple[int, ...] = ()
    jobs: int | None = None            # processes writing pages; None: one per core
    shared_dirs: tuple[str, ...] = ()  # folders outside the edition its files may come from (--allow-dir)


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


@contextlib.contextmanager
def _long_lived_set_aside():
    """What exists when a render starts (the modules and all they hold) lives
    at least as long as the render: the cycle collector is told to leave it
    be (gc.freeze) until the render ends. Its collections then look only at
    what the render makes: a quarter of their time on the reference page
    (35 ms → 9 ms). Where an outer call froze first, it unfreezes."""
    froze = gc.get_freeze_count() == 0
    if froze:
        gc.freeze()
    try:
        yield
    finally:
        if froze:
            gc.unfreeze()


def page_basename(number: int) -> str:
    return f"p{number:02d}"


def build_fontbook(edition, manifest_path: str, cache: FontCache, shared_dirs=()) -> FontBook:
    manifest = load_manifest(manifest_path)
    manifest = apply_overrides(manifest, edition.fonts, os.path.join(edition.directory, "edition.yaml"),
                               Path(edition.directory), Roots.of(edition.directory, shared_dirs))
    return FontBook(manifest, cache)


def _check_pages(edition, options: RenderOptions) -> None:
    unknown = sorted(set(options.pages) - {p.number for p in edition.pages})
    if unknown:
        have = ", ".join(str(p.number) for p in edition.pages)
        raise InputError(error(f"the edition has no page {', '.join(map(str, unknown))}",
                               Where(os.path.join(edition.directory, "edition.yaml")),
                               f"its pages are: {have}"))


def _planned(edition, fonts: FontBook, options: RenderOptions, placements: list | None = None,
             fit_notes: bool = False, laid: dict | None = None):
    """The pages asked for, planned one by one, each diagnostic placed on its
    page and article. Every page is planned, in order, so text jumping to a
    later page (转版) is known there; items left without `at`/`span` are
    placed first, measured with the same compose cache the pages are set with
    (what does not fit or stays empty is reported). `placements` receives a
    PagePlacement for each page laid out, `laid` each page as set; `fit_notes`:
    a note for every article with the lines it needs at each width."""
    carried: dict = {}
    _, articles = _places(edition)
    compose = ComposeCache(fonts)
    measure = None
    for page in sorted(edition.pages, key=lambda p: p.number):
        found = []
        if measure is None and (fit_notes or page_has_open(page)):
            measure = _measure(compose)
        if fit_notes:
            found += _fit_notes(edition, page, carried, measure)
        if page_has_open(page):
            placement, notes = _lay_out(edition, page, carried, measure)
            found += notes
            if placements is not None:
                placements.append(placement)
            page = placement.placed
        if laid is not None:
            laid[page.number] = page
        plan = assemble_page(edition, page, fonts, carried, compose, run=on_two_cores)
        carried.update({c.source: c for c in plan.carries})
        if not options.pages or page.number in options.pages:
            yield replace(plan, diagnostics=tuple(_placed(d, plan.number, articles)
                                                  for d in tuple(found) + plan.diagnostics))


# The automatic layout (page/placement) is imported by these three alone: a
# page whose items all have their places needs none of it, and it is a tenth
# of what a render imports.

def _measure(compose: ComposeCache):
    from .page.placement.measured import measured
    return measured(compose)


def _fit_notes(edition, page: Page, carried: dict, measure) -> list[Diagnostic]:
    from .page.placement.build import article_candidates
    from .page.placement.report import copy_fit
    fits = article_candidates(edition, page, carried, measure)
    return [copy_fit(item.article.id, fits[item.key], Where(item.article.path))
            for item in page.items if isinstance(item, ArticleItem) and fits[item.key]]


def _lay_out(edition, page: Page, carried: dict, measure) -> tuple[PagePlacement, list[Diagnostic]]:
    """The page with its open items placed, and what the layout reports."""
    from .page.placement.build import apply, problem_for
    from .page.placement.report import layout_report
    from .page.placement.solver import place
    problem = problem_for(edition, page, carried, measure)
    layout = place(problem)
    return (PagePlacement(problem, layout, page, apply(page, layout)),
            layout_report(page.number, layout, page.where))


def _load(edition_dir: str, options: RenderOptions, cache: FontCache | None):
    edition, warnings = load_edition(edition_dir, options.shared_dirs)
    cache = cache or FontCache(Path(options.cache_dir) if options.cache_dir else None)
    fonts = build_fontbook(edition, options.fonts_manifest, cache, options.shared_dirs)
    _check_pages(edition, options)
    return edition, warnings, fonts


def _diagnostics(edition, fonts: FontBook, warnings, plans) -> list[Diagnostic]:
    """Every diagnostic of the spec, the fonts and the plans, each on its page
    and article where it has one."""
    pages, articles = _places(edition)
    diagnostics = list(fonts.notes)
    for d in warnings:
        page = pages.get((d.where.file, d.get("photo")), pages.get((d.where.file, None)))
        diagnostics.append(_placed(d, page, articles))
    for plan in plans:
        diagnostics.extend(plan.diagnostics)
    # characters no face has in headlines, the masthead and jump lines, which
    # the page stage does not report itself: printed as 〓, and counted
    diagnostics += [replace(d, severity=WARNING)
                    for d in unreported_missing_glyphs(edition, plans, fonts, diagnostics)]
    return diagnostics


def plan_edition(edition_dir: str, options: RenderOptions = RenderOptions(),
                 cache: FontCache | None = None, placements: list | None = None,
                 fit_notes: bool = False):
    """Load the edition and its fonts and plan its pages (nothing is written).
    Returns (edition, fonts, plans, diagnostics): the edition with every item
    placed, and every diagnostic. `placements`, when given, receives a
    PagePlacement for each page laid out; `fit_notes`: a note for every
    article with the lines it needs at each width."""
    with _long_lived_set_aside():
        edition, warnings, fonts = _load(edition_dir, options, cache)
        laid: dict = {}
        plans = list(_planned(edition, fonts, options, placements, fit_notes, laid))
        diagnostics = _diagnostics(edition, fonts, warnings, plans)
    edition = replace(edition, pages=tuple(laid.get(p.number, p) for p in edition.pages))
    return edition, fonts, plans, diagnostics


def preflight_edition(edition_dir: str, fonts_manifest: str = str(DEFAULT_MANIFEST),
                      cache: FontCache | None = None, shared_dirs: tuple[str, ...] = ()) -> PreflightResult:
    """Plan every page (nothing is written) and check the edition for press."""
    from .check.preflight import preflight   # `banmian check` alone needs it
    planned = plan_edition(edition_dir, RenderOptions(fonts_manifest=fonts_manifest, shared_dirs=shared_dirs),
                           cache, fit_notes=True)
    return preflight(edition_dir, *planned)


def check_preview_size(style, dpi: float) -> None:
    """A preview is a bitmap of the whole page: bound its pixels before one is drawn."""
    low, high = limits.DPI
    if not (isinstance(dpi, (int, float)) and low <= dpi <= high):     # NaN fails too
        raise InputError(error(f"--dpi must be a number from {low:g} to {high:g}, not {dpi}", None,
                               "150 is the default", code="option"))
    width, height = style.width / 72.0 * dpi, style.height / 72.0 * dpi
    if width * height > limits.PREVIEW_PIXELS:
        top = int((limits.PREVIEW_PIXELS / (style.width * style.height)) ** 0.5 * 72.0)
        raise InputError(error(
            f"--dpi {dpi:g} makes a preview of {width:.0f} × {height:.0f} pixels "
            f"({width * height / 1e6:.0f} megapixels) of this {style.width / MM:.0f} × "
            f"{style.height / MM:.0f} mm page; at most {limits.PREVIEW_PIXELS / 1e6:.0f} megapixels "
            "are drawn", None, f"use --dpi {top} or less, or --no-preview", code="option"))


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


@dataclass(frozen=True)
class _Job:
    plan: PagePlan
    base: str          # output path without extension
    title: str
    section: str


def render(edition_dir: str, options: RenderOptions = RenderOptions(),
           cache: FontCache | None = None, progress: Callable[[int], Steps] | None = None,
           planned: tuple | None = None) -> RenderResult:
    """Plan every page (in order: jumps carry text forward) and write each
    page's PDF and previews, then the PDF of the whole edition from the
    pages' drawings. With several pages and cores, worker processes write
    each page as soon as it is planned, and its previews once it is written,
    while the main process plans on and finally assembles the edition's PDF;
    the output is the same byte for byte. `progress`, given the number of
    steps, makes what is told of each (the command's progress bar); None:
    nothing is told. `planned`: what plan_edition returned, when the caller
    has planned the edition already."""
    with _long_lived_set_aside():
        return _render(edition_dir, options, cache, progress, planned)


def _render(edition_dir: str, options: RenderOptions, cache: FontCache | None,
            progress: Callable[[int], Steps] | None, planned: tuple | None) -> RenderResult:
    if planned:
        edition, fonts, given, given_diagnostics = planned
        plan_source = lambda: iter(given)
    else:
        edition, warnings, fonts = _load(edition_dir, options, cache)
        plan_source = lambda: _planned(edition, fonts, options)
    # what would stop the writing half-way is found before anything is written:
    # a PDF/X without its output profile, a preview too large (photos were
    # decoded when the edition was read)
    output_profile(edition.print.pdfx != "none", edition.print.profile, edition.print.condition)
    if options.previews:
        check_preview_size(edition.style, options.dpi)
    problems = FontRegistrar(fonts).unembeddable(fonts.faces)
    if problems:
        raise InputError(problems)
    final = Path(options.out_dir or os.path.join("build", edition.name))
    with _staging(final) as out:
        result = _render_into(out, edition, fonts, options, cache, progress, plan_source,
                              diagnostics=lambda plans: given_diagnostics if planned else
                              _diagnostics(edition, fonts, warnings, plans))
        for path in result.files:
            os.replace(path, final / Path(path).name)
    result.files = [str(final / Path(path).name) for path in result.files]
    return result


@contextlib.contextmanager
def _staging(out: Path):
    """A folder inside `out` the render writes everything to; the caller moves
    the files into `out` once all are written. Whatever stops the render half
    way (a file that fails to decode in a worker process, a full disk, an
    interrupt), the folder goes and `out` keeps what it had before, so "nothing
    was written" holds for every failure, not only the ones checked ahead."""
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".banmian-render-", dir=out))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if made:
            with contextlib.suppress(OSError):
                out.rmdir()        # only if nothing was moved into it


def _render_into(out: Path, edition, fonts: FontBook, options: RenderOptions, cache, progress, plan_source,
                 diagnostics) -> RenderResult:
    """Every page's PDF and previews, the edition's PDF and report.json, written into `out`."""
    sections = {p.number: p.section for p in edition.pages}
    count = len(set(options.pages)) or len(edition.pages)
    steps = progress(count + 1) if progress else _Silent()
    workers = min(count, options.jobs or usable_cores())
    jobs: list[_Job] = []

    def job_of(plan: PagePlan) -> _Job:
        job = _Job(plan, str(out / page_basename(plan.number)), _title(edition, plan.number),
                   sections.get(plan.number) or "")
        jobs.append(job)
        return job

    if workers > 1:
        whole = _write_in_workers(edition, fonts, options, cache, workers, out, job_of, steps, plan_source())
    else:
        registrar = FontRegistrar(fonts)
        drawings = []
        for plan in plan_source():
            job = job_of(plan)
            drawings.append(_write_page(registrar, edition.print, job))
            if options.previews:
                _write_previews(job.base, options.dpi, plan.colour == "grey")
            steps.step(os.path.basename(job.base))
        whole = _write_edition(edition, registrar, out, drawings)
    plans = [job.plan for job in jobs]
    result = RenderResult(edition, plans, diagnostics=diagnostics(plans))
    for job in jobs:
        result.files.append(job.base + ".pdf")
        if options.previews:
            result.files += [job.base + ".png", job.base + ".thumb.png"]
    if whole is not None:
        result.files.append(whole)
    steps.step("edition")
    report = out / "report.json"
    _write_json(report, render_report(result.edition, result.plans, result.diagnostics))
    result.files.append(str(report))
    return result


def _write_in_workers(edition, fonts: FontBook, options: RenderOptions, cache, workers: int, out: Path,
                      job_of, steps: Steps, plans) -> str | None:
    import concurrent.futures   # with logging, threading …: a render on one process never needs it
    context = {"edition": edition, "options": options, "cache_dir": cache.directory if cache else None}
    pages: dict = {}
    previews = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                                initargs=(context,)) as pool:
        for plan in plans:
            job = job_of(plan)
            pages[pool.submit(_page_task, job)] = job
        drawings = {}
        for future in concurrent.futures.as_completed(pages):
            job = pages[future]
            drawings[job.base] = future.result()
            if options.previews:
                previews.append(pool.submit(_write_previews, job.base, options.dpi,
                                            job.plan.colour == "grey"))
            steps.step(os.path.basename(job.base))
        # the edition's PDF is assembled here while the workers draw previews
        whole = _write_edition(edition, FontRegistrar(fonts), out,
                               [drawings[job.base] for job in pages.values()])
        for future in previews:
            future.result()
    return whole


def _write_edition(edition, registrar: FontRegistrar, out: Path, drawings: list) -> str | None:
    """The whole edition's PDF from the pages' drawings: no page is drawn and
    no photo prepared twice. None for a single page."""
    if len(drawings) < 2:
        return None
    path = out / f"{edition.name}.pdf"
    write_drawings(drawings, str(path), registrar, f"{edition.paper} {edition.date.isoformat()}", "",
                   edition.print)
    return str(path)


def _title(edition, number: int) -> str:
    return f"{edition.paper} {edition.date.isoformat()} 第{number}版"


def _write_page(registrar: FontRegistrar, settings, job: _Job) -> PageDrawing:
    [drawing] = write_pdf([job.plan], job.base + ".pdf", registrar, job.title, job.section, settings)
    return drawing


def _write_previews(base: str, dpi: float, grey: bool) -> None:
    render_previews(base + ".pdf", base + ".png", base + ".thumb.png", dpi, grey=grey)


# The state of a worker process: its own font registrar, made once from the
# shared disk cache when the process starts.
_WORKER: dict = {}


def _start_worker(context: dict) -> None:
    edition, options, cache_dir = context["edition"], context["options"], context["cache_dir"]
    cache = FontCache(Path(cache_dir) if cache_dir else (Path(options.cache_dir) if options.cache_dir else None))
    _WORKER["fonts"] = FontRegistrar(build_fontbook(edition, options.fonts_manifest, cache, options.shared_dirs))
    _WORKER["settings"] = edition.print


def _page_task(job: _Job) -> PageDrawing:
    return _write_page(_WORKER["fonts"], _WORKER["settings"], job)


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(path, text.encode("utf-8"))
