"""Every output of one edition, from one function. A kind of output is one
function of OUTPUTS: the print PDFs, previews and report, then the digital
edition and the archive package."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..diagnostics import Diagnostic
from ..fonts.book import DEFAULT_MANIFEST


@dataclass(frozen=True)
class OutputSettings:
    dpi: float = 150.0
    previews: bool = True
    fonts_manifest: str = str(DEFAULT_MANIFEST)


@dataclass(frozen=True)
class OutputRecord:
    """What the outputs of an edition were: files written (absolute paths),
    the pages rendered, and what was found on the way."""
    files: tuple[str, ...]
    pages: tuple[int, ...]
    diagnostics: tuple[Diagnostic, ...]


def print_outputs(edition_dir: str, out_dir: str, settings: OutputSettings) -> OutputRecord:
    """The print run: page PDFs, the edition PDF, previews, report.json."""
    from ..pipeline import RenderOptions, render
    options = RenderOptions(out_dir=out_dir, dpi=settings.dpi, previews=settings.previews,
                            fonts_manifest=settings.fonts_manifest, jobs=1)
    result = render(edition_dir, options)
    return OutputRecord(tuple(result.files), tuple(p.number for p in result.plans), tuple(result.diagnostics))


def archive_outputs(edition_dir: str, out_dir: str, settings: OutputSettings) -> OutputRecord:
    """The digital edition and the archive package from the same plans: IIIF
    tiles and manifest, ALTO, METS, the PDF/A and the site."""
    from ..publish import PublishOptions, publish
    options = PublishOptions(out_dir=out_dir, dpi=settings.dpi, fonts_manifest=settings.fonts_manifest, jobs=1)
    result = publish(edition_dir, options)
    return OutputRecord(tuple(str(f) for f in result.files), (), ())


OUTPUTS: tuple[Callable[[str, str, OutputSettings], OutputRecord], ...] = (
    print_outputs,
    archive_outputs,
)


def render_all_outputs(edition_dir: str, out_dir: str, settings: OutputSettings = OutputSettings()) -> OutputRecord:
    """Every output of the edition into `out_dir`, in the order of OUTPUTS."""
    files, pages, diagnostics = [], [], []
    for make in OUTPUTS:
        record = make(edition_dir, out_dir, settings)
        files += [f for f in record.files if f not in files]
        pages += [p for p in record.pages if p not in pages]
        diagnostics += record.diagnostics
    return OutputRecord(tuple(files), tuple(pages), tuple(diagnostics))
