"""OCR layouts (hOCR and ALTO) of the seed page as it could have come from a
scanner: the seed's text, set into the modules where the reference edition
places its articles, a block per text column, a word per Han character or
Latin run, the photos as pictures, a page header above the type area and the
hotline footer below it.

The text is the seed's, unit for unit (its headline lines as the OCR ran them
together, its datelines, bylines and column breaks), so an import of these
files must give the same articles as the import of the text dump, and place
them where the reference edition does. The bench uses the same pages.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from layout.spec.page_style import PageStyle

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "importer" / "data" / "seed-p03.txt"
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
# The seed's lines of each reference article (01 … 08), its headline lines
# and author line, and the lines that go on with the paragraph before them.
ARTICLE_LINES = [(3, 21), (23, 35), (37, 49), (51, 61), (63, 71), (73, 85), (87, 113), (115, 121)]
HEAD_LINES = {3: 48.0, 23: 30.0, 37: 30.0, 39: 14.0, 51: 30.0, 53: 12.0, 63: 30.0, 73: 30.0, 87: 30.0, 115: 30.0}
RIGHT_ALIGNED = {21, 71, 121}        # bylines and the credit on their own lines
SUBHEADS = {91, 97, 103, 107}        # set on a line of their own, centred
HEADER = "2024年11月6日 星期三 区县新闻 第3版"
FOOTER_LINE = 123
SCALE = 150 / 72                    # pixels per point: a 150 dpi scan


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    blocks: tuple[Block, ...]
    pictures: tuple[tuple[float, float, float, float], ...]


def _width(ch: str, size: float) -> float:
    return size / 2 if ch.isascii() else size


def set_line(text: str, x: float, y: float, size: float, scale: float = 1.0) -> Line:
    """A line of text at (x, y): a word per Han character or mark, a word per
    run of Latin letters and digits; a space leaves an em of white. `scale`
    condenses the characters (长体)."""
    _w = _width
    _width_scaled = lambda ch, size: _w(ch, size) * scale  # noqa: E731
    words = []
    run = ""
    run_x = x
    for ch in text + "\0":
        if ch.isascii() and ch.isalnum() and ch != "\0":
            if not run:
                run_x = x
            run += ch
            x += _width_scaled(ch, size)
            continue
        if run:
            words.append(Word(run, (run_x, y, x, y + size)))
            run = ""
        if ch == "\0":
            break
        if ch == " ":
            x += size * scale
            continue
        words.append(Word(ch, (x, y, x + _width_scaled(ch, size), y + size)))
        x += _width_scaled(ch, size)
    left = words[0].box[0] if words else x
    return Line(tuple(words), (left, y, x, y + size))


def _width_of(text: str, size: float) -> float:
    return sum(size if ch == " " else _width(ch, size) for ch in text)


def _wrap(text: str, width: float, size: float, indent: float) -> list[tuple[str, float]]:
    """(text, x offset) of each printed line of a paragraph."""
    out, line, used, first = [], "", indent, True
    for ch in text:
        w = _width(ch, size) if ch != " " else size
        if used + w > width + 0.01 and line:
            out.append((line, indent if first else 0.0))
            line, used, first = "", 0.0, False
        line += ch
        used += w
    if line:
        out.append((line, indent if first else 0.0))
    return out


def _reference_places() -> list[dict]:
    data = yaml.safe_load((REFERENCE / "edition.yaml").read_text("utf-8"))
    items = {i["article"]: i for i in data["pages"][0]["items"]}
    out = []
    for path in sorted(items):
        item = dict(items[path])
        front = (REFERENCE / path).read_text("utf-8").split("---")[1]
        item["photo"] = (yaml.safe_load(front) or {}).get("photo")
        out.append(item)
    return out


def reference_places() -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(tuple(i["at"]), tuple(i["span"])) for i in _reference_places()]


def _module(style: PageStyle, at, span):
    x0 = style.column_x(at[0])
    y0 = style.line_top(at[1])
    return x0, y0, x0 + style.span_width(span[0]), style.line_top(at[1] + span[1] - 1) + style.body_size


def _article(style: PageStyle, seed: list[str], first: int, last: int, item: dict):
    x0, y0, x1, y1 = _module(style, item["at"], item["span"])
    size, em = style.body_size, style.em
    heads = [n for n in range(first, last + 1) if n in HEAD_LINES and seed[n - 1].strip()]
    body = [n for n in range(first, last + 1) if n not in HEAD_LINES and seed[n - 1].strip()]
    blocks, pictures = [], []
    y = y0
    head_lines = []
    for n in heads:
        text = seed[n - 1].strip()
        # the headline's size as printed: no larger than its module is wide
        head = min(HEAD_LINES[n], (x1 - x0 - 2 * em) / _width_of(text, 1.0))
        if n == 53:
            head = HEAD_LINES[n]
        head_lines.append(set_line(text, x0 + em, y, head))
        y += head + 6
    blocks.append(Block(tuple(head_lines), (x0, y0, x1, y)))
    top_line = int((y - style.top) // style.pitch) + 2           # a blank line under the headline group
    top = style.line_top(top_line)
    columns = item["span"][0]
    col_w = style.column_width
    col_tops = [top] * columns
    photo = item.get("photo")
    if photo:
        pc, pl = photo.get("columns", columns), photo["lines"]
        first_col = columns - pc if photo.get("align", "right") == "right" else 0
        px0 = x0 + first_col * (col_w + style.gutter)
        box = (px0, top, px0 + style.span_width(pc), style.line_top(top_line + pl - 1) + size)
        pictures.append(box)
        for c in range(first_col, first_col + pc):
            col_tops[c] = style.line_top(top_line + pl)
    printed = []          # (text, x offset, scale) of every printed line, in reading order
    for n in body:
        text = seed[n - 1].strip()
        if n in RIGHT_ALIGNED:
            printed.append((text, col_w - _width_of(text, size), 1.0))
        elif n in SUBHEADS:
            scale = min(1.0, (col_w - 4 * em) / _width_of(text, size))
            printed.append((text, (col_w - _width_of(text, size) * scale) / 2, scale))
        else:
            printed += [(t, dx, 1.0) for t, dx in _wrap(text, col_w, size, 2 * em)]
    capacity = sum(int((y1 - t + style.line_gap) // style.pitch) for t in col_tops)
    pitch = style.pitch * min(1.0, capacity / max(1, len(printed)))   # set tighter if the text is long
    k = 0
    for c in range(columns):
        cx = x0 + c * (col_w + style.gutter)
        lines = []
        y = col_tops[c]
        while k < len(printed) and (y + size <= y1 + 0.01 or c == columns - 1):
            text, dx, scale = printed[k]
            lines.append(set_line(text, cx + dx, y, size, scale))
            y += pitch
            k += 1
        if lines:
            blocks.append(Block(tuple(lines), (cx, col_tops[c], cx + col_w, y1)))
    return blocks, pictures


def seed_page(style: PageStyle = PageStyle(), seed_text: str | None = None) -> Page:
    """The seed page laid out as the reference edition places its articles (points)."""
    seed = (seed_text if seed_text is not None else SEED.read_text("utf-8")).split("\n")
    blocks, pictures = [], []
    header = set_line(HEADER, style.left, style.top - 40, 10.0)
    blocks.append(Block((header,), header.box))
    for (first, last), item in zip(ARTICLE_LINES, _reference_places()):
        b, p = _article(style, seed, first, last, item)
        blocks += b
        pictures += p
    footer = set_line(seed[FOOTER_LINE - 1].strip(), style.left, style.bottom + 16, 9.0)
    blocks.append(Block((footer,), footer.box))
    return Page(style.width, style.height, tuple(blocks), tuple(pictures))


def _scaled(box, k: float):
    return tuple(round(v * k, 1 if k != SCALE else 0) for v in box)


def _px(box) -> str:
    return " ".join(str(int(round(v * SCALE))) for v in box)


def hocr(page: Page) -> str:
    """The page as Tesseract writes hOCR (XHTML, a 150 dpi scan)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh" lang="zh">',
           '<head><title></title><meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
           '<meta name="ocr-system" content="tesseract 5.3.0"/>',
           "<meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word ocr_photo'/>",
           "</head><body>",
           f'<div class="ocr_page" id="page_1" title="image &quot;p03.png&quot;; bbox 0 0 '
           f'{int(page.width * SCALE)} {int(page.height * SCALE)}; ppageno 0">']
    for b, block in enumerate(page.blocks, 1):
        out.append(f' <div class="ocr_carea" id="block_1_{b}" title="bbox {_px(block.box)}">')
        out.append(f'  <p class="ocr_par" id="par_1_{b}" lang="chi_sim" title="bbox {_px(block.box)}">')
        for n, line in enumerate(block.lines, 1):
            words = "".join(f'<span class="ocrx_word" id="word_1_{b}_{n}_{w}" title="bbox {_px(word.box)}; '
                            f'x_wconf 96">{html.escape(word.text)}</span> '
                            for w, word in enumerate(line.words, 1))
            out.append(f'   <span class="ocr_line" id="line_1_{b}_{n}" title="bbox {_px(line.box)}; '
                       f'x_size {round((line.box[3] - line.box[1]) * SCALE)}">{words}</span>')
        out.append("  </p>\n </div>")
    for k, box in enumerate(page.pictures, 1):
        out.append(f' <div class="ocr_photo" id="photo_1_{k}" title="bbox {_px(box)}"></div>')
    out += ["</div>", "</body></html>", ""]
    return "\n".join(out)


MM10 = 254 / 72        # tenths of a millimetre per point


def _alto_box(box) -> str:
    x0, y0, x1, y1 = (v * MM10 for v in box)
    return f'HPOS="{x0:.1f}" VPOS="{y0:.1f}" WIDTH="{x1 - x0:.1f}" HEIGHT="{y1 - y0:.1f}"'


def alto(page: Page) -> str:
    """The page as ALTO 4 in tenths of a millimetre, as library OCR writes it."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#" '
           'xmlns:xlink="http://www.w3.org/1999/xlink">',
           "<Description><MeasurementUnit>mm10</MeasurementUnit></Description>",
           f'<Layout><Page ID="P3" PHYSICAL_IMG_NR="3" WIDTH="{page.width * MM10:.0f}" '
           f'HEIGHT="{page.height * MM10:.0f}"><PrintSpace {_alto_box((0, 0, page.width, page.height))}>']
    for b, block in enumerate(page.blocks, 1):
        out.append(f'<TextBlock ID="TB{b}" {_alto_box(block.box)}>')
        for n, line in enumerate(block.lines, 1):
            strings = []
            for w, word in enumerate(line.words):
                if w and line.words[w - 1].box[2] + 0.1 < word.box[0]:
                    strings.append("<SP/>")
                strings.append(f'<String CONTENT="{html.escape(word.text, quote=True)}" {_alto_box(word.box)} '
                               'WC="0.96"/>')
            out.append(f'<TextLine ID="TB{b}_L{n}" {_alto_box(line.box)}>{"".join(strings)}</TextLine>')
        out.append("</TextBlock>")
    for k, box in enumerate(page.pictures, 1):
        out.append(f'<Illustration ID="IL{k}" {_alto_box(box)}/>')
    out += ["</PrintSpace></Page></Layout>", "</alto>", ""]
    return "\n".join(out)


def write_seed_pages(folder: Path, seed_text: str | None = None) -> tuple[Path, Path]:
    page = seed_page(seed_text=seed_text)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p03.hocr").write_text(hocr(page), "utf-8")
    (folder / "p03.xml").write_text(alto(page), "utf-8")
    return folder / "p03.hocr", folder / "p03.xml"


def as_scanned(page: Page, jitter: float = 1.5, seed: int = 1) -> Page:
    """The page as an OCR engine would box it: every box off by up to `jitter`
    points, and each block only as large as its text (not down to the rule
    under the column)."""
    import random
    rng = random.Random(seed)

    def off(box):
        return tuple(v + rng.uniform(-jitter, jitter) for v in box)

    blocks = []
    for block in page.blocks:
        lines = tuple(Line(tuple(Word(w.text, off(w.box)) for w in line.words), off(line.box))
                      for line in block.lines)
        extent = (min(l.box[0] for l in lines), min(l.box[1] for l in lines),
                  max(l.box[2] for l in lines), max(l.box[3] for l in lines))
        blocks.append(Block(lines, extent))
    return Page(page.width, page.height, tuple(blocks), tuple(off(b) for b in page.pictures))
