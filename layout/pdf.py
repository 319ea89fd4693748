"""Drawing: PagePlans → PDF. The only module that imports ReportLab.

Glyphs are drawn where the plan put them: consecutive glyphs of one face whose
gaps are all equal become one text run with that gap as character spacing (Tc),
so a justified line costs one Tj. Fonts are embedded as subsets, text and rules
are pure K, and the output is byte-identical from run to run (invariant mode,
dates from the edition).

Every text line is wrapped in a marked-content sequence

    /BanmianLine <</Kind (body) /Article (01) /Para 3 /Col 0 /Grid 45 /Seq 17
                   /Left 123.45 /Right 240.45
                   /Align (justify) /Top 86 /Pitch 12 /Body 9 /Punct (gb) /Hang 0
                   /HLGap 0.125 /MinLast 2>> BDC … EMC

so the PDF alone says what each line is (its kind, article, paragraph, column,
grid line, measure edges in top-left page points, drawing order, alignment,
and where its blank glyphs are as `/Blanks (x width …)`) and which typography
it was set to: `typography_check` reads it back with pdfium.
"""
from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from PIL import Image

from .atomic import replacing
from .diagnostics import InputError, Where, error

from .fontbook import FontBook
from .plan import PagePlan, TextLine

_SAME = 0.001  # pt: gaps closer than this are one spacing value
MARK = "BanmianLine"  # marked-content tag of a text line (read by typography_check)
BLANKS = frozenset(" \u3000")


class FontRegistrar:
    """Registers each face with ReportLab once per process, under a stable name."""

    def __init__(self, fonts: FontBook):
        self.fonts = fonts
        self._names: dict[str, str] = {}
        self._widths: dict[str, dict] = {}

    def name(self, face_id: str) -> str:
        if face_id in self._names:
            return self._names[face_id]
        face = self.fonts.faces[face_id]
        path, index = self.fonts.cache.truetype(face.path, face.index)
        digest = self.fonts.cache.sha256(face.path)[:10]
        name = f"BM-{face_id}-{digest}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        self._names[face_id] = name
        return name

    def advance(self, face_id: str, ch: str, size: float) -> float:
        return self.fonts.faces[face_id].advance(ch) * size


def _runs(line: TextLine, fonts: FontRegistrar):
    """Split a line's glyphs into (face, size, hscale, x, spacing, text) runs."""
    glyphs = line.glyphs
    out = []
    i = 0
    n = len(glyphs)
    while i < n:
        g = glyphs[i]
        if g.face is None:
            i += 1
            continue
        if g.rotate:
            out.append((g.face, g.size, g.hscale, line.x + g.x, 0.0, g.ch, g.rotate))
            i += 1
            continue
        text = [g.ch]
        spacing = None
        j = i + 1
        prev = g
        while j < n:
            h = glyphs[j]
            if (h.face != g.face or h.size != g.size or h.hscale != 1.0 or g.hscale != 1.0
                    or h.rotate):
                break
            gap = h.x - prev.x - fonts.advance(prev.face, prev.ch, prev.size)
            if spacing is None:
                spacing = gap
            elif abs(gap - spacing) > _SAME:
                break
            text.append(h.ch)
            prev = h
            j += 1
        out.append((g.face, g.size, g.hscale, line.x + g.x, spacing or 0.0, "".join(text), 0))
        i = j
    return out


def _num(value: float) -> str:
    """A PDF number, short and the same on every run."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _pdf_string(value: str) -> str:
    """A PDF literal string with ( ) \\ escaped. Non-ASCII text is a PDF 2.0
    text string: UTF-8 after a byte-order mark, its bytes written as octal
    escapes so the content stream stays ASCII."""
    data = value.encode("utf-8")
    if not value.isascii():
        data = b"\xef\xbb\xbf" + data
    out = []
    for byte in data:
        if byte in b"()\\":
            out.append("\\" + chr(byte))
        elif 32 <= byte < 127:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _style_params(style) -> str:
    if style is None:
        return ""
    return (f" /Top {_num(style.top)} /Pitch {_num(style.pitch)} /Body {_num(style.body_size)}"
            f" /Punct {_pdf_string(style.punctuation)} /Hang {1 if style.hanging else 0}"
            f" /HLGap {_num(style.han_latin_gap_em)} /MinLast {int(style.min_last_line_chars)}")


def line_mark(line: TextLine, seq: int, style_params: str = "", fonts: FontRegistrar | None = None) -> str:
    """The BDC operator that opens a line's marked-content sequence."""
    parts = [f"/Kind {_pdf_string(line.kind)}"]
    if line.article is not None:
        parts.append(f"/Article {_pdf_string(line.article)}")
    if line.paragraph is not None:
        parts.append(f"/Para {int(line.paragraph)}")
    if line.column is not None:
        parts.append(f"/Col {int(line.column)}")
    if line.grid_line is not None:
        parts.append(f"/Grid {int(line.grid_line)}")
    parts.append(f"/Seq {seq}")
    parts.append(f"/Left {_num(line.x)} /Right {_num(line.x + line.measure)}")
    parts.append(f"/Align {_pdf_string(line.align)}")
    # Blank glyphs (the ideographic space after a dateline) draw no ink and PDF
    # readers may drop them from the text; their x and width keep them measurable.
    blanks = []
    for g in line.glyphs:
        if g.ch in BLANKS:
            width = g.size if g.ch == "\u3000" or fonts is None or g.face is None \
                else fonts.advance(g.face, g.ch, g.size)
            blanks.append(f"{_num(line.x + g.x)} {_num(width)}")
    if blanks:
        parts.append(f"/Blanks {_pdf_string(' '.join(blanks))}")
    return f"/{MARK} <<{' '.join(parts)}{style_params}>> BDC"


def _draw_lines(c, lines, height: float, fonts: FontRegistrar, white: bool, style=None,
                seq: int = 0) -> int:
    """Draw lines in one text object, each in its own marked-content sequence;
    returns the next sequence number."""
    if not lines:
        return seq
    text = c.beginText()
    if white:
        text.setFillColorCMYK(0, 0, 0, 0)
    else:
        text.setFillColorCMYK(0, 0, 0, 1)
    params = _style_params(style)
    current = (None, None, None, None)
    for line in lines:
        y = height - line.baseline
        text._code.append(line_mark(line, seq, params, fonts))
        seq += 1
        for face, size, hscale, x, spacing, chars, rotate in _runs(line, fonts):
            name = fonts.name(face)
            if current[0] != name or current[1] != size:
                text.setFont(name, size)
            if current[2] != spacing:
                text.setCharSpace(spacing)
            if current[3] != hscale:
                text.setHorizScale(hscale * 100)
            current = (name, size, spacing, hscale)
            if rotate == 90:
                # a quarter turn clockwise about the glyph origin: the text
                # direction points down the page, the glyph's top to the right
                text.setTextTransform(0, -1, 1, 0, x, y)
            else:
                text.setTextOrigin(x, y)
            text.textOut(chars)
        text._code.append("EMC")
    c.drawText(text)
    return seq


def draw_page(c, plan: PagePlan, fonts: FontRegistrar) -> None:
    h = plan.height
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setFillColorCMYK(0, 0, 0, 1)
    for pic in plan.pictures:
        try:
            with Image.open(pic.path) as image:
                image = image.crop(pic.crop)
                image = image.convert("L" if image.mode in ("L", "LA", "I", "I;16", "1") else "RGB")
        except (OSError, ValueError) as exc:
            raise InputError(error(f"photo {pic.path} cannot be decoded: {exc}", Where(pic.path),
                                   "replace the file with a valid JPEG or PNG")) from None
        c.drawImage(ImageReader(image), pic.x, h - pic.y - pic.height, pic.width, pic.height)
    for ph in plan.placeholders:
        c.saveState()
        c.setFillColorCMYK(0, 0, 0, 0.08)
        c.setLineWidth(0.5)
        c.rect(ph.x, h - ph.y - ph.height, ph.width, ph.height, stroke=1, fill=1)
        c.setDash(3, 2)
        c.line(ph.x, h - ph.y, ph.x + ph.width, h - ph.y - ph.height)
        c.line(ph.x, h - ph.y - ph.height, ph.x + ph.width, h - ph.y)
        c.restoreState()
    for box in plan.boxes:
        c.saveState()
        if box.fill is not None:
            c.setFillColorCMYK(0, 0, 0, 1 - box.fill)
        if box.stroke is not None:
            c.setLineWidth(box.stroke)
        c.rect(box.x, h - box.y - box.height, box.width, box.height,
               stroke=1 if box.stroke is not None else 0, fill=1 if box.fill is not None else 0)
        c.restoreState()
    for rule in plan.rules:
        c.setLineWidth(rule.width)
        c.line(rule.x1, h - rule.y1, rule.x2, h - rule.y2)
    seq = _draw_lines(c, plan.lines, h, fonts, white=False, style=plan.style)
    _draw_lines(c, plan.reversed_lines, h, fonts, white=True, style=plan.style, seq=seq)


def write_pdf(plans: list[PagePlan], path: str, fonts: FontRegistrar, title: str,
              subject: str = "") -> None:
    """Write pages to `path` atomically: a failed run leaves no half-written PDF."""
    # Binary image streams: ASCII85 only makes the file bigger, and ReportLab's
    # pure-Python encoder was the slowest step of a page.
    rl_config.useA85 = 0
    with replacing(path, ".pdf") as tmp:
        first = plans[0]
        # ReportLab opens every page with a Helvetica preamble; naming one of our
        # embedded faces instead keeps non-embedded fonts out of a print PDF.
        initial = fonts.name(fonts.fonts.primary("body").id)
        c = rl_canvas.Canvas(tmp, pagesize=(first.width, first.height), invariant=1,
                             pageCompression=1, initialFontName=initial, initialFontSize=9,
                             initialLeading=12)
        c.setTitle(title)
        c.setSubject(subject)
        c.setCreator("Banmian")
        c.setProducer("Banmian")
        for plan in plans:
            c.setPageSize((plan.width, plan.height))
            draw_page(c, plan, fonts)
            c.showPage()
        c.save()
