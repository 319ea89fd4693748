"""ALTO XML (versions 2 to 4, as libraries' OCR and ABBYY write it): a Page
with TextBlocks of TextLines of Strings (CONTENT, HPOS, VPOS, WIDTH, HEIGHT),
SP and HYP between them, and Illustrations. Any MeasurementUnit will do: the
importer only compares positions on the page.

Parsed with expat, which gives every element's line and column; a document
type declaration or an entity declaration is refused (they are never needed
in ALTO, and entity expansion is a way to exhaust memory).
"""
from __future__ import annotations

import xml.parsers.expat

from ..diagnostics import InputError, Where, error
from .ocr_layout import OcrBlock, OcrLine, OcrWord, build_page
from .source import Box, OcrPage


def _local(name: str) -> str:
    return name.rpartition("}")[2].rpartition(":")[2]


def _box(attrs: dict) -> Box | None:
    try:
        x, y = float(attrs["HPOS"]), float(attrs["VPOS"])
        w, h = float(attrs["WIDTH"]), float(attrs["HEIGHT"])
    except (KeyError, ValueError):
        return None
    return (x, y, x + w, y + h) if w >= 0 and h >= 0 else None


class _Reader:
    def __init__(self, display: str):
        self.display = display
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse
        self.pages = 0
        self.root: str | None = None
        self.blocks: list[tuple[Box | None, list]] = []
        self.pictures: list[tuple[Box, Where]] = []
        self.line: list | None = None
        self.in_block = False

    def where(self) -> Where:
        return Where(self.display, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def refuse(self, *args):
        raise InputError(error("the file declares a document type or entities; ALTO needs neither",
                               self.where(), "remove the <!DOCTYPE …> declaration"))

    def start(self, name, attrs):
        tag = _local(name)
        if self.root is None:
            self.root = tag
        if tag == "Page":
            self.pages += 1
        elif tag == "TextBlock":
            self.blocks.append((_box(attrs), []))
            self.in_block = True
        elif tag == "TextLine":
            if not self.in_block:
                self.blocks.append((None, []))
            self.line = []
            self.blocks[-1][1].append((_box(attrs), self.line))
        elif tag == "String" and self.line is not None:
            # SUBS_CONTENT is the whole word of a hyphenated pair; CONTENT is what is printed
            self.line.append(OcrWord(attrs.get("CONTENT", ""), _box(attrs), self.where()))
        elif tag == "Illustration":
            box = _box(attrs)
            if box:
                self.pictures.append((box, self.where()))

    def end(self, name):
        tag = _local(name)
        if tag == "TextBlock":
            self.in_block = False
        elif tag == "TextLine":
            self.line = None


def read_alto(path: str, display: str) -> OcrPage:
    reader = _Reader(display)
    try:
        with open(path, "rb") as handle:
            reader.parser.ParseFile(handle)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(error(f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}",
                               Where(display, exc.lineno, exc.offset + 1),
                               "the ALTO file is damaged or not XML; export it again from the OCR")) from None
    if reader.root != "alto" or reader.pages == 0:
        raise InputError(error("not an ALTO file: its root element is not <alto> with a <Page>", Where(display, 1),
                               "give the ALTO XML the OCR wrote, or a plain text file"))
    if reader.pages > 1:
        raise InputError(error(f"the file holds {reader.pages} pages; the importer reads one page a file",
                               Where(display, 1), "split it into one ALTO file per page"))
    blocks = [OcrBlock(tuple(OcrLine(tuple(words), box) for box, words in lines), box)
              for box, lines in reader.blocks if lines]
    return build_page(display, "alto", blocks, reader.pictures)
