"""Publish an edition: the digital edition (数字报) and the archive package,
from the same plans as the print PDFs.

    build/<edition>/                 the render: pNN.pdf, pNN.png, <edition>.pdf, report.json
    build/<edition>/<edition>.pdfa.pdf  the archival PDF (PDF/A-2a) of the whole edition
    build/<edition>/web/             the package, servable as it is:
        index.html pNN.html articles/ search.html assets/ images/   the site
        iiif/pNN/…  iiif/manifest.json                             IIIF level-0 tiles, manifest
        alto/pNN.xml  pdf/pNN.pdf  pdf/<edition>.pdfa.pdf  mets.xml  text, print, package

The edition is planned once. What the render writes is rendered again only
when a file is missing or older than the edition's files or the font
manifest (as make decides); the PDF/A's tags are read from those very PDFs,
so they must come from the same plans.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .atomic import replacing, write_bytes
from .fonts.book import DEFAULT_MANIFEST
from .fonts.cache import FontCache
from .output import alto, iiif, mets
from .output.edition_view import EditionView, view_edition
from .output.page_image import load_page_image
from .output.paths import DEFAULT_BASE_URL, PackagePaths
from .output.pdfa import make_pdfa
from .output.pdfx import output_profile
from .output.web import write_site
from .pipeline import RenderOptions, Steps, page_basename, plan_edition, render

STEPS = ("tiles", "alto", "pdf", "manifest", "site", "mets")


@dataclass(frozen=True)
class PublishOptions:
    out_dir: str | None = None
    base_url: str = DEFAULT_BASE_URL
    dpi: float = 150.0                 # resolution of the page images (and previews, if rendered)
    fonts_manifest: str = str(DEFAULT_MANIFEST)
    jobs: int | None = None


@dataclass
class PublishResult:
    edition: object
    view: EditionView
    out_dir: Path
    web_dir: Path
    rendered: bool                     # whether the print files had to be rendered
    files: list[str] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("banmian")
    except Exception:
        return ""


def _newest_input(edition_dir: str, fonts_manifest: str) -> float:
    newest = os.path.getmtime(fonts_manifest) if os.path.exists(fonts_manifest) else 0.0
    for folder, _, names in os.walk(edition_dir):
        for name in names:
            newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def print_files(out: Path, edition, plans) -> list[Path]:
    """What the render writes that publishing reads."""
    files = [out / f"{page_basename(p.number)}.pdf" for p in plans]
    if len(plans) > 1:
        files.append(out / f"{edition.name}.pdf")
    return files


def needs_render(out: Path, edition, plans, edition_dir: str, fonts_manifest: str) -> bool:
    files = print_files(out, edition, plans) + [out / "report.json"]
    if not all(f.exists() for f in files):
        return True
    oldest = min(f.stat().st_mtime for f in files)
    return oldest < _newest_input(edition_dir, fonts_manifest)


def _copy(source: Path, target: Path) -> None:
    with replacing(target, target.suffix) as tmp:
        shutil.copyfile(source, tmp)


def publish(edition_dir: str, options: PublishOptions = PublishOptions(), cache: FontCache | None = None,
            progress: Callable[[int], Steps] | None = None) -> PublishResult:
    """Render what is missing, then write the package (see the module's
    docstring). `progress`, given the number of steps, makes what is told of
    each (the command's progress bar)."""
    render_options = RenderOptions(out_dir=options.out_dir, dpi=options.dpi,
                                   fonts_manifest=options.fonts_manifest, jobs=options.jobs)
    planned = plan_edition(edition_dir, render_options, cache)
    edition, fonts, plans, diagnostics = planned
    out = Path(options.out_dir or os.path.join("build", edition.name))
    seconds: dict[str, float] = {}
    rendered = needs_render(out, edition, plans, edition_dir, options.fonts_manifest)
    if rendered:
        start = time.perf_counter()
        render(edition_dir, render_options, cache, progress, planned)
        seconds["render"] = time.perf_counter() - start
    steps = progress(len(STEPS)) if progress else _Quiet()
    web = out / "web"
    paths = PackagePaths(edition.name, options.base_url)
    view = view_edition(edition, plans, fonts)
    result = PublishResult(edition, view, out, web, rendered, diagnostics=list(diagnostics))
    files = result.files

    def timed(step: str):
        return _Timer(seconds, step, steps)

    with timed("tiles"):
        images = {}
        for plan in plans:
            base = out / page_basename(plan.number)
            image = load_page_image(str(base) + ".png", str(base) + ".pdf", plan.width, plan.height, options.dpi)
            target = web / paths.image_service(plan.number)
            images[plan.number] = iiif.write_tiles(image, target, paths.url(paths.image_service(plan.number)),
                                                   image.width / plan.width)
            files.append(str(target / "info.json"))
    version = _version()
    with timed("alto"):
        for plan in plans:
            info = images[plan.number]
            target = web / paths.alto(plan.number)
            data = alto.alto_page(view, plan.number, fonts, info.scale, info.width, info.height,
                                  os.path.relpath(web / paths.full_image(plan.number), target.parent), version)
            write_bytes(target, data)
            files.append(str(target))
    with timed("pdf"):
        for plan in plans:
            target = web / paths.page_pdf(plan.number)
            _copy(out / f"{page_basename(plan.number)}.pdf", target)
            files.append(str(target))
        source = print_files(out, edition, plans)[-1]
        archival = out / f"{edition.name}.pdfa.pdf"
        profile = output_profile(False, edition.print.profile, edition.print.condition)
        make_pdfa(str(source), str(archival), view, plans, profile)
        _copy(archival, web / paths.archival_pdf)
        files += [str(archival), str(web / paths.archival_pdf)]
    with timed("manifest"):
        files.append(str(iiif.write_manifest(view, images, paths, web)))
    with timed("site"):
        files += [str(f) for f in write_site(view, images, paths, web, fonts)]
    with timed("mets"):
        target = web / paths.mets
        write_bytes(target, mets.mets_document(view, paths, web, version))
        files.append(str(target))
    result.seconds = seconds
    return result


class _Quiet:
    def step(self, what: str = "") -> None:
        pass


class _Timer:
    def __init__(self, seconds: dict, step: str, steps):
        self.seconds, self.step, self.steps = seconds, step, steps

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.seconds[self.step] = time.perf_counter() - self.start
            self.steps.step(self.step)
        return False
