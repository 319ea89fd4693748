"""The import of one edition: read each page's OCR file, find its articles,
place them, and write the edition folder with its change log — whole, or
nothing at all when the input cannot be used."""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_bytes
from ..diagnostics import Diagnostic, InputError, NOTE, Where, error
from ..spec.page_style import PageStyle
from . import changelog, writer
from .alto import read_alto
from .hocr import read_hocr
from .ocr_text import read_text
from .placement import plan_page
from .source import OcrPage
from .structure import read_structure

FORMATS = {".txt": "text", ".text": "text", ".hocr": "hocr", ".html": "hocr", ".htm": "hocr",
           ".xhtml": "hocr", ".xml": "alto", ".alto": "alto"}
SOURCE_SUFFIX = {"text": ".txt", "hocr": ".hocr", "alto": ".xml"}


@dataclass(frozen=True)
class ImportOptions:
    paper: str | None = None
    date: str | None = None            # YYYY-MM-DD; else read from the page header
    pages: tuple[int, ...] = ()        # the page number of each file, in order; default 1, 2, …
    section: str | None = None
    style: PageStyle = PageStyle()


@dataclass
class ImportResult:
    edition_dir: str
    pages: list[int]
    articles: int
    changes: int
    placed: int                        # articles given `at`/`span` from OCR boxes
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def detect_format(path: str) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt:
        return fmt
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8", "replace")
    if "ocr_page" in head:
        return "hocr"
    if "<alto" in head:
        return "alto"
    return "text"


def read_page(path: str) -> OcrPage:
    if not os.path.isfile(path):
        what = "a folder, not a file" if os.path.isdir(path) else "no such file"
        raise InputError(error(what, Where(path), "give the OCR file of a page: .txt, .hocr or ALTO .xml"))
    fmt = detect_format(path)
    reader = {"text": read_text, "hocr": read_hocr, "alto": read_alto}[fmt]
    return reader(path, path)


def _date(options: ImportOptions, contents) -> _dt.date:
    if options.date:
        try:
            return _dt.date.fromisoformat(options.date)
        except ValueError:
            raise InputError(error(f"{options.date!r} is not a date", Where("--date"),
                                   "write it as YYYY-MM-DD, e.g. --date 2024-11-06")) from None
    for content in contents:
        if content.header.date:
            return content.header.date
    raise InputError(error("the edition's date is not in the OCR's page header", Where("--date"),
                           "give it with --date YYYY-MM-DD"))


def _check_out(out_dir: str) -> None:
    if os.path.exists(out_dir) and (not os.path.isdir(out_dir) or os.listdir(out_dir)):
        raise InputError(error("the output folder exists and is not empty", Where(out_dir),
                               "choose a new folder with --out; the importer never writes over an edition"))


def import_pages(files: list[str], out_dir: str, options: ImportOptions) -> ImportResult:
    problems: list[Diagnostic] = []
    if not options.paper or not options.paper.strip():
        problems.append(error("the paper's name is not given", Where("--paper"), "give it with --paper, e.g. --paper 新乡日报"))
    if options.pages and len(options.pages) != len(files):
        problems.append(error(f"{len(options.pages)} page number(s) for {len(files)} file(s)", Where("--page"),
                              "give one --page per file, in the same order, or none"))
    numbers = list(options.pages) or list(range(1, len(files) + 1))
    if len(set(numbers)) != len(numbers):
        problems.append(error("a page number is given twice", Where("--page"), "give each file its own --page"))
    try:
        _check_out(out_dir)
    except InputError as exc:
        problems += exc.diagnostics
    pages = []
    for path in files:
        try:
            pages.append(read_page(path))
        except InputError as exc:
            problems += exc.diagnostics
    if problems:
        raise InputError(problems)
    contents = [read_structure(p) for p in pages]
    for page, content in zip(pages, contents):
        if all(a.untitled for a in content.articles):
            problems.append(error("no article found: the text has no line that reads as a headline", Where(page.path, 1),
                                  "is this the OCR of a newspaper page? a headline is a short line without a full stop"))
    if problems:
        raise InputError(problems)
    date = _date(options, contents)
    return _write(pages, contents, numbers, date, out_dir, options)


def _write(pages, contents, numbers, date, out_dir: str, options: ImportOptions) -> ImportResult:
    files: dict[str, bytes] = {}
    yaml_pages, changes, notes, sources = [], [], [], []
    placed = 0
    diagnostics: list[Diagnostic] = []
    for page, content, number in zip(pages, contents, numbers):
        plan = plan_page(page, content, options.style)
        base = f"p{number:02d}"
        source_file = f"source/{base}{SOURCE_SUFFIX[page.format]}"
        text_file = source_file if page.format == "text" else f"source/{base}.text"
        files[source_file] = Path(page.path).read_bytes()
        if page.format != "text":
            files[text_file] = page.text.encode("utf-8")
        article_paths, fields = [], []
        for item in plan.articles:
            a = content.articles[item.index]
            stem = f"{base}-{item.index + 1:02d}"
            path = f"articles/{stem}.md"
            photo = f"photos/{stem}.jpg" if (a.has_photo or item.photo) else None
            files[path] = writer.article_file(a, photo, item).encode("utf-8")
            article_paths.append(path)
            fields += [(f"{path}: {key}", text) for key, text in a.fields()]
            placed += item.place is not None
        picture_paths = [f"photos/{base}-picture{k + 1}.jpg" for k in range(len(plan.pictures))]
        if content.footer is not None:
            fields.append((f"edition.yaml: page {number} footer", content.footer))
        yaml_pages.append(writer.page_yaml(number, options.section, content, plan, article_paths, picture_paths))
        changes += changelog.collect(page, source_file, text_file, fields, content.loose)
        notes += [changelog.Note(source_file if w.file == page.path else w.file, w.line or 1, w.column or 1, m)
                  for w, m in list(content.notes) + list(plan.notes)]
        sources.append({"file": source_file, "text": text_file, "name": os.path.basename(page.path),
                        "format": page.format, "page": number,
                        "sha256": hashlib.sha256(files[source_file]).hexdigest()})
        if not plan.articles or all(i.place is None for i in plan.articles):
            diagnostics.append(Diagnostic(NOTE, f"page {number}: {len(plan.articles)} article(s) without "
                                          "`at`/`span`, for the automatic layout to place", Where(page.path),
                                          code="import-unplaced"))
    summary = (f"banmian import: {len(pages)} page(s), {sum(len(c.articles) for c in contents)} article(s), "
               f"{len(changes)} change(s)")
    comment = f"{options.paper} {date.isoformat()}, imported from OCR by banmian import; see import-log.txt"
    files["edition.yaml"] = writer.edition_yaml(options.paper.strip(), date.isoformat(), comment,
                                                yaml_pages).encode("utf-8")
    files["import-log.txt"] = changelog.log_text(changes, notes, summary)
    files["import-log.json"] = changelog.log_json(sources, changes, notes)
    written = _write_folder(out_dir, files)
    return ImportResult(out_dir, numbers, sum(len(c.articles) for c in contents), len(changes), placed,
                        written, diagnostics)


def _write_folder(out_dir: str, files: dict[str, bytes]) -> list[str]:
    """Every file into a temporary folder beside `out_dir`, renamed into place
    at the end: the edition appears whole or not at all."""
    target = Path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, data in sorted(files.items()):
            write_bytes(tmp / name, data)
        os.chmod(tmp, 0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()           # empty (checked): replaced by the finished folder
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [str(target / name) for name in sorted(files)]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
