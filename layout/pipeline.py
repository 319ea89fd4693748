"""Render an edition: spec → plans → PDFs, previews and a report (the I/O edge)."""
from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Protocol

from .atomic import write_bytes
from .check.font_use import unreported_missing_glyphs
from .check.preflight import PreflightResult, preflight
from .diagnostics import WARNING, Diagnostic, InputError, Where, error
from .fonts.book import DEFAULT_MANIFEST, FontBook, apply_overrides, load_manifest
from .fonts.cache import FontCache
from .page.assembler import assemble_page
from .output.pdf import FontRegistrar, write_pdf
from .output.pdfx import output_profile
from .output.report import render_report
from .plan import PagePlan
from .output.preview import render_previews
from .spec import limits
from .spec.edition import load_edition
from .spec.model import ArticleItem, PhotoItem
from .spec.paths import Roots
from .units import MM


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


@dataclass
class RenderResult:
    edition: object
    plans: list[PagePlan]
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def page_basename(number: int) -> str:
    return f"p{number:02d}"


def build_fontbook(edition, manifest_path: str, cache: FontCache, shared_dirs=()) -> FontBook:
    manifest = load_manifest(manifest_path)
    manifest = apply_overrides(manifest, edition.fonts, os.path.join(edition.directory, "edition.yaml"),
                               Path(edition.directory), Roots.of(edition.directory, shared_dirs))
    return FontBook(manifest, cache)


def plan_edition(edition_dir: str, options: RenderOptions = RenderOptions(),
                 cache: FontCache | None = None):
    """Load the edition and its fonts and plan its pages (nothing is written).
    Returns (edition, fonts, plans, diagnostics): every diagnostic of the spec,
    the fonts and the plans, each placed on its page and article where it has one."""
    edition, warnings = load_edition(edition_dir, options.shared_dirs)
    cache = cache or FontCache(Path(options.cache_dir) if options.cache_dir else None)
    fonts = build_fontbook(edition, options.fonts_manifest, cache, options.shared_dirs)
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
    for page in sorted(edition.pages, key=lambda p: p.number):
        plan = assemble_page(edition, page, fonts, carried)
        carried.update({c.source: c for c in plan.carries})
        if not options.pages or page.number in options.pages:
            plans.append(replace(plan, diagnostics=tuple(_placed(d, plan.number, articles)
                                                         for d in plan.diagnostics)))
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
    return edition, fonts, plans, diagnostics


def preflight_edition(edition_dir: str, fonts_manifest: str = str(DEFAULT_MANIFEST),
                      cache: FontCache | None = None, shared_dirs=()) -> PreflightResult:
    """Plan every page (nothing is written) and check the edition for press."""
    planned = plan_edition(edition_dir, RenderOptions(fonts_manifest=fonts_manifest,
                                                      shared_dirs=tuple(shared_dirs)), cache)
    _, fonts, plans, _ = planned
    registrar = FontRegistrar(fonts)
    problems = registrar.unembeddable(registrar.faces_used(plans), convert=False)
    if problems:
        raise InputError(problems)
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


def render(edition_dir: str, options: RenderOptions = RenderOptions(),
           cache: FontCache | None = None, progress: Callable[[int], Steps] | None = None) -> RenderResult:
    """Plan every page (in order: jumps carry text forward), then write each
    page's PDF and previews — in parallel processes when there are several
    pages and cores; the output is the same byte for byte — and the PDF of the
    whole edition. `progress`, given the number of steps, makes what is told of
    each (the command's progress bar); None: nothing is told."""
    edition, fonts, plans, diagnostics = plan_edition(edition_dir, options, cache)
    # what would stop the writing half-way is found before anything is written:
    # a PDF/X without its output profile, a preview too large, a font ReportLab
    # cannot embed (photos were decoded when the edition was read)
    output_profile(edition.print.pdfx != "none", edition.print.profile, edition.print.condition)
    if options.previews:
        check_preview_size(edition.style, options.dpi)
    registrar = FontRegistrar(fonts)
    problems = registrar.unembeddable(registrar.faces_used(plans))
    if problems:
        raise InputError(problems)
    out = Path(options.out_dir or os.path.join("build", edition.name))
    with _staging(out) as stage:
        names = _write_all(edition, fonts, plans, options, cache, stage, registrar, progress)
        names.append("report.json")
        _write_json(stage / "report.json", render_report(edition, plans, diagnostics))
        for name in names:
            os.replace(stage / name, out / name)
    return RenderResult(edition, plans, [str(out / name) for name in names], diagnostics)


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


def _write_all(edition, fonts, plans, options: RenderOptions, cache, stage: Path, registrar,
               progress) -> list[str]:
    """Every page's PDF and previews and the edition's PDF, written into
    `stage`; returns their file names in the order they are listed."""
    jobs = [(plan, str(stage / page_basename(plan.number)), _title(edition, plan.number),
             next((p.section for p in edition.pages if p.number == plan.number), ""))
            for plan in plans]
    steps = progress(len(jobs) + 1) if progress else _Silent()
    workers = min(len(jobs), options.jobs or _cores())
    whole = stage / f"{edition.name}.pdf" if len(plans) > 1 else None
    whole_title = f"{edition.paper} {edition.date.isoformat()}"
    if workers > 1:
        # One task per process, each with every n-th page: a process loads the
        # fonts once (the costly part of starting one) and writes its pages.
        # The main process meanwhile writes the edition's PDF.
        chunks = [jobs[k::workers] for k in range(workers)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_write_pages, edition, options, cache.directory if cache else None,
                                   chunk): chunk for chunk in chunks}
            try:
                if whole is not None:
                    write_pdf(plans, str(whole), registrar, whole_title, "", edition.print)
                for future in concurrent.futures.as_completed(futures):
                    future.result()
                    for job in futures[future]:
                        steps.step(os.path.basename(job[1]))
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    else:
        for job in jobs:
            _write_page_with(registrar, options, edition.print, *job)
            steps.step(os.path.basename(job[1]))
        if whole is not None:
            write_pdf(plans, str(whole), registrar, whole_title, "", edition.print)
    names = []
    for plan, base, _, _ in jobs:
        name = os.path.basename(base)
        names.append(name + ".pdf")
        if options.previews:
            names += [name + ".png", name + ".thumb.png"]
    if whole is not None:
        names.append(whole.name)
    steps.step("edition")
    return names


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
    registrar = FontRegistrar(build_fontbook(edition, options.fonts_manifest, cache, options.shared_dirs))
    for job in jobs:
        _write_page_with(registrar, options, edition.print, *job)


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes(path, text.encode("utf-8"))
