"""Drawing: PagePlans → PDF. The only module that imports ReportLab.

ReportLab writes the document, the pages, the graphics and the photos; the
text operators (`pdf_text`) and the fonts (`pdf_fonts`: one HarfBuzz subset per
face, a Type 0 font with our own ToUnicode map) are ours. A page is drawn
once into a `PageDrawing` — its content operators, its press-ready photos and
the glyph codes it shows, which hold in any file embedding the same faces —
so the edition's PDF is assembled from the pages' drawings. The output is
byte-identical from run to run (invariant mode: ReportLab's fixed date, or
SOURCE_DATE_EPOCH when it is set; IDs and subset tags derived from the content).

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
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas

from . import pdfx
from ..atomic import replacing
from ..diagnostics import Diagnostic, error
from ..file_digest import file_sha256
from ..fonts.book import FontBook
from ..spec.model import PrintSettings
from ..plan import PagePlan
from .pdf_fonts import EmbeddedFace, FaceCodes, FontUse, Subsetter, embed_face, resource_name
from .pdf_text import TextWriter
from .deflate_cache import deflated
from .press_cache import cached_press_image, press_key
from .print_images import PressImage, prepare_photo

CREATOR = "Banmian"


class FontRegistrar:
    """The faces a process may embed: each face's glyph codes, read from the
    font book once, and a HarfBuzz subsetter holding the font files open."""

    def __init__(self, fonts: FontBook):
        self.fonts = fonts
        self._codes: dict[str, FaceCodes] = {}
        self.subsetter = Subsetter()

    def codes(self, face_id: str) -> FaceCodes:
        codes = self._codes.get(face_id)
        if codes is None:
            face = self.fonts.faces[face_id]
            codes = self._codes[face_id] = FaceCodes(face, self.subsetter.hb_face(face.path, face.index))
        return codes

    def text_writer(self, use: FontUse) -> TextWriter:
        return TextWriter(self.fonts, self.codes, use)

    def embed(self, face_id: str, used: dict) -> EmbeddedFace:
        return embed_face(self.fonts.faces[face_id], self.codes(face_id), used, self.subsetter)

    def unembeddable(self, face_ids) -> list[Diagnostic]:
        """An error for each face HarfBuzz cannot subset for a PDF (a WOFF web
        font, a damaged file), found before anything is written. A face found
        good once is remembered in the font cache."""
        out = []
        cache = self.fonts.cache
        for face_id in sorted(face_ids):
            face = self.fonts.faces[face_id]
            if cache.known_embeddable(face.path, face.index):
                continue
            try:
                if self.subsetter.hb_face(face.path, face.index).glyph_count < 2:
                    raise ValueError("HarfBuzz finds no glyphs in it")
                self.subsetter.subset(face, {0, 1})
            except Exception as exc:  # noqa: BLE001 - HarfBuzz and fontTools raise many kinds
                out.append(error(f"font face '{face_id}': {face.path} cannot be embedded in a PDF "
                                 f"({type(exc).__name__}: {exc})", face.spec.where,
                                 "use a TrueType or OpenType file (.ttf, .otf, .ttc); convert a WOFF "
                                 "web font first (e.g. fontTools: pyftsubset or ttx)", code="font-bad"))
                continue
            cache.mark_embeddable(face.path, face.index)
        return out


@dataclass(frozen=True)
class PageDrawing:
    """A page drawn once, ready for any file that shows it: its boxes, its
    content operators, the photos they paint (press-ready JPEGs) and the
    glyphs they show (codes valid for any subset of the same faces)."""
    boxes: pdfx.PageBoxes
    code: tuple[str, ...]
    images: tuple[tuple[str, PressImage], ...]
    fonts: FontUse = field(compare=False)
    dump: str = ""              # the plan as text: the file's /ID and XMP instance follow it
    cmyk_photos: bool = False

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
    """A canvas whose pages carry the ink graphics states above and open with
    no font of ReportLab's (its Helvetica would be an unembedded font)."""

    def _make_preamble(self):
        self._preamble = "1 0 0 1 0 0 cm"

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


def image_name(image: PressImage) -> str:
    """The photo's XObject name: its bytes decide it, so a photo shown twice is stored once."""
    return "BMimg" + hashlib.sha256(image.data).hexdigest()[:16]


def _draw_picture(c, pic, h: float, colour: str, settings: PrintSettings, profile,
                  images: dict, cache=None) -> None:
    prepared = _press_image(pic, colour, settings, profile, cache)
    name = image_name(prepared)
    images.setdefault(name, prepared)
    c.saveState()
    c.translate(pic.x, h - pic.y - pic.height)
    c.scale(pic.width, pic.height)
    c._code.append(f"/{pdfdoc.xObjectName(name)} Do")
    c.restoreState()


def _press_image(pic, colour: str, settings: PrintSettings, profile, cache) -> PressImage:
    """The photo ready for the press, from the font cache's directory when an
    earlier run made it from the same file and settings (press_cache)."""
    def make() -> PressImage:
        return prepare_photo(pic.path, pic.crop, pic.width, pic.height, colour, settings.image_ppi, profile)
    if cache is None:
        return make()
    try:
        photo = file_sha256(pic.path)
    except OSError:
        return make()   # gone since the spec read it: prepare_photo says so
    key = press_key(photo, pic.crop, pic.width, pic.height, colour, settings.image_ppi,
                    profile.sha256 if profile else None)
    return cached_press_image(cache.directory, key, make)


def _draw_page(c, plan: PagePlan, text: TextWriter, images: dict,
               settings: PrintSettings = PrintSettings(), profile=None, cache=None) -> None:
    """Draw a page in trim coordinates: the caller has put the origin at the
    trim's lower-left corner."""
    h = plan.height
    for pic in plan.pictures:
        _draw_picture(c, pic, h, plan.colour, settings, profile, images, cache)
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
    seq = 0
    if plan.lines:
        code, seq = text.text_object(plan.lines, h, white=False, style=plan.style)
        c._code.append(code)
    c.restoreState()
    if plan.reversed_lines:
        c.saveState()
        _gs(c, KNOCKOUT)
        code, seq = text.text_object(plan.reversed_lines, h, white=True, style=plan.style, seq=seq)
        c._code.append(code)
        c.restoreState()
    c.restoreState()


def _draw_crop_marks(c, boxes: pdfx.PageBoxes) -> None:
    c.saveState()
    _gs(c, KNOCKOUT)
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setLineWidth(pdfx.MARK_WIDTH)
    c.lines(boxes.marks)
    c.restoreState()


def _profile(settings: PrintSettings, cmyk_photos: bool) -> pdfx.OutputProfile | None:
    """The output profile: PDF/X's output intent, or the target of CMYK photos."""
    own = (settings.profile, settings.condition)
    if pdfx.conformance(settings.pdfx) is not None:
        return pdfx.output_profile(True, *own)
    return pdfx.output_profile(False, *own) if cmyk_photos else None


def draw_pages(plans: list[PagePlan], fonts: FontRegistrar,
               settings: PrintSettings = PrintSettings()) -> list[PageDrawing]:
    """Draw each page once. Raises InputError when a photo cannot be read or
    the output profile PDF/X needs is not installed."""
    profile = _profile(settings, any(plan.colour == "cmyk" and plan.pictures for plan in plans))
    out = []
    for plan in plans:
        boxes = pdfx.page_boxes(plan.width, plan.height, settings.bleed_mm, settings.crop_marks)
        c = _PressCanvas(None, pagesize=boxes.media, invariant=1)
        use = FontUse()
        images: dict[str, PressImage] = {}
        if boxes.marks:
            _draw_crop_marks(c, boxes)
        c.translate(boxes.offset, boxes.offset)
        _draw_page(c, plan, fonts.text_writer(use), images, settings, profile, fonts.fonts.cache)
        out.append(PageDrawing(boxes, tuple(c._code), tuple(sorted(images.items())), use,
                               plan.dump(), plan.colour == "cmyk" and bool(plan.pictures)))
    return out


def _content_digest(drawings: list[PageDrawing], settings: PrintSettings) -> str:
    text = "\n".join(d.dump for d in drawings) + "\n" + repr(settings)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _output_intent(doc, level: pdfx.Conformance, profile: pdfx.OutputProfile, cache_dir) -> None:
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": profile.components, "Filter": pdfdoc.PDFName("FlateDecode")}),
                           deflated(profile.data, profile.sha256, cache_dir), filters=[])
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


def _image_object(image: PressImage):
    entries = {"Type": pdfdoc.PDFName("XObject"), "Subtype": pdfdoc.PDFName("Image"),
               "Width": image.pixels[0], "Height": image.pixels[1], "BitsPerComponent": 8,
               "ColorSpace": pdfdoc.PDFName("DeviceCMYK" if image.mode == "CMYK" else "DeviceGray"),
               "Filter": pdfdoc.PDFArray([pdfdoc.PDFName("DCTDecode")])}
    if image.mode == "CMYK":
        # Pillow writes Adobe-style CMYK JPEGs, stored inverted
        entries["Decode"] = pdfdoc.PDFArray([1, 0, 1, 0, 1, 0, 1, 0])
    return pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), image.data, filters=[])


def _font_objects(doc, face: EmbeddedFace) -> dict:
    """The Type 0 fonts of a face, one per ToUnicode variant, each with its own
    CIDFont (Ghostscript merges Type 0 fonts that share one, and their
    ToUnicode maps with them) but all with one descriptor and one font
    program; returns resource name → Type 0 reference."""
    name = pdfdoc.PDFName
    program = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Subtype": name("CIDFontType0C")} if face.cff else
                                                    {"Length1": len(face.program)}),
                               face.program, filters=[pdfdoc.PDFZCompress])
    descriptor = dict(face.descriptor)
    descriptor["FontFile3" if face.cff else "FontFile2"] = doc.Reference(program)
    descriptor = doc.Reference(pdfdoc.PDFDictionary(descriptor))
    cid_to_gid = None
    if face.cid_to_gid is not None:
        cid_to_gid = doc.Reference(pdfdoc.PDFStream(pdfdoc.PDFDictionary({}), face.cid_to_gid,
                                                    filters=[pdfdoc.PDFZCompress]))
    # §9.7.6.1: a Type 0 font over a CIDFontType0 is named after the font and its CMap
    base = face.base_font + ("-Identity-H" if face.cff else "")
    out = {}
    for variant, cmap in face.to_unicode.items():
        cid_font = {"Type": "/Font", "Subtype": "/CIDFontType0" if face.cff else "/CIDFontType2",
                    "BaseFont": "/" + face.base_font,
                    "CIDSystemInfo": pdfdoc.PDFDictionary({
                        "Registry": pdfdoc.PDFString(face.registry),
                        "Ordering": pdfdoc.PDFString(face.ordering), "Supplement": face.supplement}),
                    "FontDescriptor": descriptor, "DW": 1000, "W": face.widths[variant]}
        if cid_to_gid is not None:
            cid_font["CIDToGIDMap"] = cid_to_gid
        to_unicode = pdfdoc.PDFStream(pdfdoc.PDFDictionary({}), cmap, filters=[pdfdoc.PDFZCompress])
        out[resource_name(face.face_id, variant)] = doc.Reference(pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": "/Type0", "BaseFont": "/" + base,
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(pdfdoc.PDFDictionary(cid_font))]),
            "ToUnicode": doc.Reference(to_unicode)}))
    return out


def write_pdf(plans: list[PagePlan], path: str, fonts: FontRegistrar, title: str,
              subject: str = "", settings: PrintSettings = PrintSettings()) -> list[PageDrawing]:
    """Draw pages and write them to `path` (see `write_drawings`); returns the
    drawings, for another file that shows the same pages."""
    drawings = draw_pages(plans, fonts, settings)
    write_drawings(drawings, path, fonts, title, subject, settings)
    return drawings


def write_drawings(drawings: list[PageDrawing], path: str, fonts: FontRegistrar, title: str,
                   subject: str = "", settings: PrintSettings = PrintSettings()) -> None:
    """Write drawn pages to `path` atomically: a failed run leaves no half-written PDF.

    Each page gets a TrimBox (the planned page), a BleedBox `settings.bleed_mm`
    beyond it and a MediaBox that is the BleedBox, or larger by the slug for
    trim marks when `settings.crop_marks`; with `settings.pdfx` x1a or x4 the
    file is identified as PDF/X-1a:2003 or PDF/X-4 with an output intent, its
    profile embedded once. Each face is embedded once, as a subset of the
    glyphs all pages show, and each photo once however often it is shown.
    Raises InputError when the output profile PDF/X needs is not installed."""
    level = pdfx.conformance(settings.pdfx)
    profile = _profile(settings, any(d.cmyk_photos for d in drawings)) if level is not None else None
    # Binary streams: ASCII85 only makes the file bigger.
    rl_config.useA85 = 0
    with replacing(path, ".pdf") as tmp:
        c = _PressCanvas(tmp, pagesize=drawings[0].boxes.media, invariant=1, pageCompression=1,
                         pdfVersion=level.pdf_version if level else None)
        doc = c._doc
        info = doc.info = _Info()
        if level is not None:
            info.extra = pdfx.info_keys(level)
        c.setTitle(title)
        c.setSubject(subject)
        c.setCreator(CREATOR)
        c.setProducer(CREATOR)
        digest = _content_digest(drawings, settings)
        doc.updateSignature(digest)   # the trailer /ID follows the content
        if level is not None:
            _output_intent(doc, level, profile, fonts.fonts.cache.directory)
            if level.xmp:
                _metadata(doc, level, title, subject, digest)
        use = FontUse()
        for drawing in drawings:
            use.update(drawing.fonts)
            boxes = drawing.boxes
            c.setPageSize(boxes.media)
            c.setTrimBox(boxes.trim)
            c.setBleedBox(boxes.bleed)
            for name, image in drawing.images:
                if not doc.hasForm(name):
                    doc.Reference(_image_object(image), pdfdoc.xObjectName(name))
                c._formsinuse.append(name)
                c._currentPageHasImages = 1
            c._code.extend(drawing.code)
            c.showPage()
        fonts_dict = doc.idToObject[pdfdoc.BasicFonts].dict
        for face_id in sorted(use.faces):
            fonts_dict.update(_font_objects(doc, fonts.embed(face_id, use.faces[face_id])))
        c.save()
