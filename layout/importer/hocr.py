"""hOCR (the HTML that Tesseract, OCRopus and Kraken write): ocr_page,
content areas (ocr_carea) or paragraphs (ocr_par) as blocks, ocr_line (and
ocr_caption, ocr_header, ocr_textfloat) as lines, ocrx_word as words, each
with `title="bbox x0 y0 x1 y1"`; ocr_photo and ocr_image as pictures.

Read with the standard library's lenient HTML parser, which keeps each tag's
line and column; nothing the file refers to (images, scripts) is opened.
"""
from __future__ import annotations

import html.parser
import re

from ..diagnostics import InputError, Where, error
from ..spec.yaml_source import read_utf8
from .ocr_layout import OcrBlock, OcrLine, OcrWord, build_page
from .source import Box, OcrPage

LINE_CLASSES = {"ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat", "ocrx_line"}
PICTURE_CLASSES = {"ocr_photo", "ocr_image"}
VOID = {"br", "img", "meta", "link", "hr", "input", "area", "base", "col", "embed", "source", "wbr"}
_BBOX = re.compile(r"\bbbox\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)")


def bbox(title: str | None) -> Box | None:
    m = _BBOX.search(title or "")
    if not m:
        return None
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return (x0, y0, x1, y1) if x1 >= x0 and y1 >= y0 else None


class _Reader(html.parser.HTMLParser):
    def __init__(self, display: str):
        super().__init__(convert_charrefs=True)
        self.display = display
        self.stack: list[tuple[str, set]] = []
        self.pages = 0
        self.blocks: list[dict] = []
        self.pictures: list[tuple[Box, Where]] = []
        self.line: dict | None = None
        self.word: dict | None = None

    def _where(self) -> Where:
        line, col = self.getpos()
        return Where(self.display, line, col + 1)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag not in VOID:
            self.stack.append((tag, classes))
        title = attrs.get("title")
        if "ocr_page" in classes:
            self.pages += 1
        if classes & {"ocr_carea", "ocr_par"} and not self._inside("ocr_carea", skip_last=True):
            kind = "ocr_carea" if "ocr_carea" in classes else "ocr_par"
            self.blocks.append({"box": bbox(title), "lines": [], "kind": kind})
        if classes & LINE_CLASSES:
            if not self.blocks or self._outside_block():
                self.blocks.append({"box": bbox(title), "lines": [], "kind": "line"})
            self.line = {"box": bbox(title), "words": [], "text": [], "where": self._where()}
            self.blocks[-1]["lines"].append(self.line)
        if "ocrx_word" in classes and self.line is not None:
            self.word = {"box": bbox(title), "text": [], "where": self._where()}
            self.line["words"].append(self.word)
        if classes & PICTURE_CLASSES:
            box = bbox(title)
            if box:
                self.pictures.append((box, self._where()))

    def _inside(self, cls: str, skip_last: bool = False) -> bool:
        stack = self.stack[:-1] if skip_last else self.stack
        return any(cls in c for _, c in stack)

    def _outside_block(self) -> bool:
        return not any(c & {"ocr_carea", "ocr_par"} for _, c in self.stack[:-1])

    def handle_endtag(self, tag):
        while self.stack:
            name, classes = self.stack.pop()
            if "ocrx_word" in classes:
                self.word = None
            if classes & LINE_CLASSES:
                self.line = None
            if name == tag:
                break

    def handle_data(self, data):
        if self.word is not None:
            self.word["text"].append(data)
        elif self.line is not None and data.strip():
            # text straight inside a line, without word elements
            self.line["words"].append({"box": None, "text": [data], "where": self._where()})


def read_hocr(path: str, display: str) -> OcrPage:
    text = read_utf8(path, display)
    reader = _Reader(display)
    reader.feed(text)
    reader.close()
    if reader.pages == 0:
        raise InputError(error("no ocr_page in this file: it is not hOCR", Where(display, 1),
                               "give the hOCR file the OCR wrote (class=\"ocr_page\" …), or a plain text file"))
    if reader.pages > 1:
        raise InputError(error(f"the file holds {reader.pages} pages; the importer reads one page a file",
                               Where(display, 1), "split it into one hOCR file per page"))
    blocks = []
    for b in reader.blocks:
        lines = tuple(OcrLine(tuple(OcrWord("".join(w["text"]), w["box"], w["where"]) for w in line["words"]),
                              line["box"]) for line in b["lines"])
        if lines:
            blocks.append(OcrBlock(lines, b["box"]))
    return build_page(display, "hocr", blocks, reader.pictures)
