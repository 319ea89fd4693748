"""Drawing: PagePlans → PDF. The only module that imports ReportLab.

Glyphs are drawn where the plan put them: consecutive glyphs of one face whose
gaps are all equal become one text run with that gap as character spacing (Tc),
so a justified line costs one Tj. Fonts are embedded as subsets, and the output
is byte-identical from run to run (invariant mode: ReportLab's fixed date, or
SOURCE_DATE_EPOCH when it is set; IDs derived from the content).

For the press (`PrintSettings`): each page has a TrimBox (the planned page), a
BleedBox `bleed_mm` beyond it and a MediaBox that is the BleedBox or, with trim
marks, larger by a slug (`pdfx.page_boxes`); the page is drawn translated so
that plan coordinates stay relative to the trim. Text and rules are pure K and
overprint, white text knocks out; photos are grey or CMYK JPEGs
(`print_images`); with `pdfx` x1a or x4 the file is PDF/X-1a:2003 (PDF 1.4) or
PDF/X-4 (PDF 1.6, XMP metadata) with an output intent carrying the CMYK
profile (`pdfx.output_profile`).

Every text line is wrapped in a marked-content sequence

    /BanmianLine <</Kind (body) /Article (01) /Para 3 /Col 0 /Grid 45 /Seq 17
                   /Left 123.45 /Right 240.45
                   /Align (justify) /Top 86 /Pitch 12 /Body 9 /Punct (gb) /Hang 0
                   /HLGap 0.125 /MinLast 2>> BDC … EMC

so the PDF alone says what each line is (its kind, article, paragraph, column,
grid line, measure edges in points from the trim's top-left corner, drawing
order, alignment, and where its blank glyphs are as `/Blanks (x width …)`) and
which typography it was set to: `typography_check` reads it back with pdfium.
Glyph origins in the PDF are in MediaBox space: a reader subtracts the TrimBox
corner (`page.get_trimbox()`) to compare them with the marks.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import replace

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from . import pdfx
from ..atomic import replacing
from ..compose.charclass import Kind, kind_of
from ..diagnostics import Diagnostic, error
from ..fonts.book import FontBook
from ..spec.model import PrintSettings
from ..plan import PagePlan, TextLine
from .print_images import prepare_photo

_SAME = 0.001  # pt: gaps closer than this are one spacing value
MARK = "BanmianLine"  # marked-content tag of a text line (read by typography_check)
BLANKS = frozenset(" \u3000")
CREATOR = "Banmian"
# 〓 (U+3013, 下駄記号): the type founder's sign for a character the case lacks,
# printed where no face of a role has a character, so the gap is seen on the
# proof (and the character is reported as missing-glyph) instead of a blank.
PLACEHOLDER = "\u3013"


def _to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode CMap with every code point in UTF-16BE. Its own
    writes `<%04X>`, five hex digits for a code point past U+FFFF, which PDF
    readers take for another character (𪚥 U+2A6A5 was read as ⩪ U+2A6A): the
    text of a page, and what `check --typography` reads back, were wrong."""
    cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
            f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
            f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar"]
    cmap += [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    cmap += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"{0xD800 + high:04X}{0xDC00 + low:04X}"


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


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

    def placeholder_face(self, glyphs, index: int) -> str | None:
        """The face 〓 is drawn in for the glyph at `index`, which no face has:
        the face of the nearest glyph of its line that has 〓 (the face of its
        role's text around it), else the first face of the book that has it."""
        order = sorted(range(len(glyphs)), key=lambda j: (abs(j - index), j))
        for j in order:
            face = glyphs[j].face
            if face is not None and self.fonts.faces[face].has(PLACEHOLDER):
                return face
        return next((fid for fid in sorted(self.fonts.faces) if self.fonts.faces[fid].has(PLACEHOLDER)),
                    None)

    def unembeddable(self, face_ids, convert: bool = True) -> list[Diagnostic]:
        """An error for each face ReportLab cannot embed (a WOFF web font, a
        damaged TrueType file), found by registering it before anything is
        written. A face found good once is remembered in the font cache; a CFF
        face is converted first, unless `convert` is false (then it is left to
        the render: the converter's output is known to embed)."""
        out = []
        cache = self.fonts.cache
        for face_id in sorted(face_ids):
            face = self.fonts.faces[face_id]
            if cache.known_embeddable(face.path, face.index):
                continue
            if face.metrics.is_cff and not convert and not cache.is_converted(face.path, face.index):
                continue
            try:
                self.name(face_id)
            except Exception as exc:  # noqa: BLE001 - ReportLab's TTFError, struct.error, KeyError …
                out.append(error(f"font face '{face_id}': {face.path} cannot be embedded in a PDF "
                                 f"({type(exc).__name__}: {exc})", face.spec.where,
                                 "use a TrueType or OpenType file (.ttf, .otf, .ttc); convert a WOFF "
                                 "web font first (e.g. fontTools: pyftsubset or ttx)", code="font-bad"))
                continue
            cache.mark_embeddable(face.path, face.index)
        return out

    def faces_used(self, plans) -> set[str]:
        """Every face the plans draw with (placeholders included), and the body
        face every page opens with."""
        used = {self.fonts.primary("body").id}
        for plan in plans:
            for line in plan.lines + plan.reversed_lines:
                used.update(run[0] for run in _runs(line, self))
        return used


def _needs_glyph(ch: str) -> bool:
    return not ch.isspace() and kind_of(ch) not in (Kind.SPACE, Kind.IDSPACE)


def _shown(glyphs, fonts: FontRegistrar):
    """The glyphs as drawn: one no face has becomes 〓 in a face that has it,
    as wide as the room the composer gave it (an em, or half for Latin)."""
    if all(g.face is not None or not _needs_glyph(g.ch) for g in glyphs):
        return glyphs
    out = list(glyphs)
    for i, g in enumerate(glyphs):
        if g.face is None and _needs_glyph(g.ch):
            face = fonts.placeholder_face(glyphs, i)
            if face is not None:
                narrow = g.ch.isascii() or kind_of(g.ch) is Kind.LATIN
                out[i] = replace(g, ch=PLACEHOLDER, face=face, hscale=g.hscale * (0.5 if narrow else 1.0))
    return tuple(out)


def _runs(line: TextLine, fonts: FontRegistrar):
    """Split a line's glyphs into (face, size, hscale, x, spacing, text) runs."""
    glyphs = _shown(line.glyphs, fonts)
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
    if line.resumed:
        parts.append("/Cont 1")   # the paragraph goes on from an earlier page: no indent
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


# Graphics states for the inks. Pure-K text, rules and solid black overprint
# (nothing under them is knocked out, so misregistration shows no white halo);
# /OPM 1 makes the zero C, M and Y of a K-only colour leave the plates below
# alone. White (reversed) text, white and tinted fills knock out, else they
# would not show at all. Photos are drawn in the default state (knockout).
OVERPRINT = "BMop"          # stroke and fill overprint
KNOCKOUT = "BMko"           # neither overprints
OVERPRINT_STROKE = "BMos"   # a tinted box's black outline overprints, its fill knocks out
_STATES = {OVERPRINT: (True, True), KNOCKOUT: (False, False), OVERPRINT_STROKE: (True, False)}


class _PressCanvas(rl_canvas.Canvas):
    """A canvas whose pages carry the ink graphics states above."""

    def _setExtGState(self, obj):
        super()._setExtGState(obj)
        states = dict(obj.ExtGState.dict) if obj.ExtGState else {}
        for name, (stroke, fill) in _STATES.items():
            states[name] = pdfdoc.PDFDictionary({
                "Type": pdfdoc.PDFName("ExtGState"), "OP": "true" if stroke else "false",
                "op": "true" if fill else "false", "OPM": 1})
        obj.ExtGState = pdfdoc.PDFDictionary(states)


class _Info(pdfdoc.PDFInfo):
    """The document information dictionary: no made-up author, /Trapped /False
    (no trapping was done), and the PDF/X keys."""
    extra: dict = {}

    def format(self, document):
        date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries = {"Title": pdfdoc.PDFString(self.title), "Subject": pdfdoc.PDFString(self.subject),
                   "Creator": pdfdoc.PDFString(self.creator),
                   "Producer": pdfdoc.PDFString(self.producer),
                   "CreationDate": date, "ModDate": date, "Trapped": pdfdoc.PDFName(self.trapped)}
        for key, value in self.extra.items():
            entries[key] = pdfdoc.PDFString(value)
        return pdfdoc.PDFDictionary(entries).format(document)


def _gs(c, name: str) -> None:
    c._code.append(f"/{name} gs")


def _draw_picture(c, pic, h: float, colour: str, settings: PrintSettings, profile) -> None:
    prepared = prepare_photo(pic.path, pic.crop, pic.width, pic.height, colour,
                             settings.image_ppi, profile)
    c.drawImage(ImageReader(io.BytesIO(prepared.data)), pic.x, h - pic.y - pic.height,
                pic.width, pic.height)


def draw_page(c, plan: PagePlan, fonts: FontRegistrar, settings: PrintSettings = PrintSettings(),
              profile=None) -> None:
    """Draw a page in trim coordinates: the caller has put the origin at the
    trim's lower-left corner."""
    h = plan.height
    for pic in plan.pictures:
        _draw_picture(c, pic, h, plan.colour, settings, profile)
    c.saveState()
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setFillColorCMYK(0, 0, 0, 1)
    for ph in plan.placeholders:
        c.saveState()
        _gs(c, OVERPRINT_STROKE)
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
            black = 1 - box.fill
            _gs(c, OVERPRINT if black >= 1 else OVERPRINT_STROKE)
            c.setFillColorCMYK(0, 0, 0, black)
        else:
            _gs(c, OVERPRINT)
        if box.stroke is not None:
            c.setLineWidth(box.stroke)
        c.rect(box.x, h - box.y - box.height, box.width, box.height,
               stroke=1 if box.stroke is not None else 0, fill=1 if box.fill is not None else 0)
        c.restoreState()
    c.saveState()
    _gs(c, OVERPRINT)
    for rule in plan.rules:
        c.setLineWidth(rule.width)
        c.line(rule.x1, h - rule.y1, rule.x2, h - rule.y2)
    seq = _draw_lines(c, plan.lines, h, fonts, white=False, style=plan.style)
    c.restoreState()
    if plan.reversed_lines:
        c.saveState()
        _gs(c, KNOCKOUT)
        _draw_lines(c, plan.reversed_lines, h, fonts, white=True, style=plan.style, seq=seq)
        c.restoreState()
    c.restoreState()


def _draw_crop_marks(c, boxes: pdfx.PageBoxes) -> None:
    c.saveState()
    _gs(c, KNOCKOUT)
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(pdfx.MARK_WIDTH)
    c.lines(boxes.marks)
    c.restoreState()


def _content_digest(plans: list[PagePlan], settings: PrintSettings) -> str:
    text = "\n".join(plan.dump() for plan in plans) + "\n" + repr(settings)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _output_intent(doc, level: pdfx.Conformance, profile: pdfx.OutputProfile) -> None:
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": profile.components}), profile.data,
                           filters=[pdfdoc.PDFZCompress])
    entries = {"Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX")}
    for key, value in pdfx.output_intent(profile).items():
        entries[key] = pdfdoc.PDFString(value)
    entries["DestOutputProfile"] = doc.Reference(icc)
    catalog = doc.Catalog
    catalog.__NoDefault__ = list(catalog.__NoDefault__) + ["OutputIntents"]
    catalog.OutputIntents = pdfdoc.PDFArray([pdfdoc.PDFDictionary(entries)])


def _metadata(doc, level: pdfx.Conformance, title: str, subject: str, digest: str) -> None:
    stamp = doc._timeStamp
    document_id, instance_id = pdfx.document_ids(title, digest)
    packet = pdfx.xmp_packet(level, title, subject, CREATOR, CREATOR,
                             pdfx.xmp_date(stamp.YMDhms, stamp.dhh, stamp.dmm), document_id, instance_id)
    # uncompressed, so that preflight tools and people can read it
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                    "Subtype": pdfdoc.PDFName("XML")}),
                              packet, filters=None)
    doc.Catalog.Metadata = stream


def write_pdf(plans: list[PagePlan], path: str, fonts: FontRegistrar, title: str,
              subject: str = "", settings: PrintSettings = PrintSettings()) -> None:
    """Write pages to `path` atomically: a failed run leaves no half-written PDF.

    Each page gets a TrimBox (the planned page), a BleedBox `settings.bleed_mm`
    beyond it and a MediaBox that is the BleedBox, or larger by the slug for
    trim marks when `settings.crop_marks`; with `settings.pdfx` x1a or x4 the
    file is identified as PDF/X-1a:2003 or PDF/X-4 with an output intent.
    Raises InputError when a photo cannot be read or the output profile PDF/X
    needs is not installed."""
    level = pdfx.conformance(settings.pdfx)
    cmyk_photos = any(plan.colour == "cmyk" and plan.pictures for plan in plans)
    own = (settings.profile, settings.condition)
    profile = pdfx.output_profile(True, *own) if level is not None else (
        pdfx.output_profile(False, *own) if cmyk_photos else None)
    # Binary image streams: ASCII85 only makes the file bigger, and ReportLab's
    # pure-Python encoder was the slowest step of a page.
    rl_config.useA85 = 0
    with replacing(path, ".pdf") as tmp:
        first = pdfx.page_boxes(plans[0].width, plans[0].height, settings.bleed_mm, settings.crop_marks)
        # ReportLab opens every page with a Helvetica preamble; naming one of our
        # embedded faces instead keeps non-embedded fonts out of a print PDF.
        initial = fonts.name(fonts.fonts.primary("body").id)
        c = _PressCanvas(tmp, pagesize=first.media, invariant=1, pageCompression=1,
                         initialFontName=initial, initialFontSize=9, initialLeading=12,
                         pdfVersion=level.pdf_version if level else None)
        doc = c._doc
        info = doc.info = _Info()
        if level is not None:
            info.extra = pdfx.info_keys(level)
        c.setTitle(title)
        c.setSubject(subject)
        c.setCreator(CREATOR)
        c.setProducer(CREATOR)
        digest = _content_digest(plans, settings)
        doc.updateSignature(digest)   # the trailer /ID follows the content
        if level is not None:
            _output_intent(doc, level, profile)
            if level.xmp:
                _metadata(doc, level, title, subject, digest)
        for plan in plans:
            boxes = pdfx.page_boxes(plan.width, plan.height, settings.bleed_mm, settings.crop_marks)
            c.setPageSize(boxes.media)
            c.setTrimBox(boxes.trim)
            c.setBleedBox(boxes.bleed)
            if boxes.marks:
                _draw_crop_marks(c, boxes)
            c.translate(boxes.offset, boxes.offset)
            draw_page(c, plan, fonts, settings, profile)
            c.showPage()
        c.save()
