"""What a print PDF carries besides its pages: the page boxes and trim marks,
the PDF/X identification, and the output intent with its ICC profile.

Plain data only; `pdf.py` turns it into PDF objects (it is the only module
that imports ReportLab).

Boxes. The trim (TrimBox) is the page as planned; the BleedBox is the trim
plus `bleed_mm` on every side; the MediaBox is the BleedBox, or the BleedBox
plus a slug of `SLUG_MM` for the trim marks when they are asked for. Content
is drawn in trim coordinates shifted by `PageBoxes.offset`.

Output intent. PDF/X needs the characterised printing condition the file was
made for, with its ICC profile. The free CMYK profile Debian provides is
basICColor's "ISO Coated v2 300%" (FOGRA39L data, zlib licence) from the
scribus-data package. It describes offset on coated paper, not newsprint
(IFRA26 / ISOnewspaper26v4), which no Debian package carries: a plant's own
profile should replace it.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import InputError, Where, error
from ..units import mm

SLUG_MM = 10.0          # room beyond the bleed for the trim marks
MARK_MIN_OFFSET_MM = 3.0  # trim marks start at least this far from the trim …
MARK_END_MM = 2.0       # … and stop this far inside the media edge
MARK_WIDTH = 0.25       # pt


@dataclass(frozen=True)
class PageBoxes:
    """A page's boxes in PDF points, origin at the MediaBox's lower left."""
    offset: float                                   # the trim's lower-left corner (x = y)
    media: tuple[float, float]                      # width, height
    trim: tuple[float, float, float, float]         # llx, lly, urx, ury
    bleed: tuple[float, float, float, float]
    marks: tuple[tuple[float, float, float, float], ...] = ()   # trim-mark strokes x1, y1, x2, y2


def page_boxes(width: float, height: float, bleed_mm: float, crop_marks: bool) -> PageBoxes:
    bleed = mm(bleed_mm)
    slug = mm(SLUG_MM) if crop_marks else 0.0
    offset = bleed + slug
    trim = (offset, offset, offset + width, offset + height)
    bleed_box = (slug, slug, slug + width + 2 * bleed, slug + height + 2 * bleed)
    media = (width + 2 * offset, height + 2 * offset)
    marks: tuple = ()
    if crop_marks:
        start = max(bleed, mm(MARK_MIN_OFFSET_MM))   # outside the BleedBox
        end = offset - mm(MARK_END_MM)
        left, bottom, right, top = trim
        strokes = []
        for x, sx in ((left, -1), (right, 1)):
            for y, sy in ((bottom, -1), (top, 1)):
                strokes.append((x + sx * start, y, x + sx * end, y))   # horizontal, on the trim line y
                strokes.append((x, y + sy * start, x, y + sy * end))   # vertical, on the trim line x
        marks = tuple(strokes)
    return PageBoxes(offset, media, trim, bleed_box, marks)


@dataclass(frozen=True)
class Conformance:
    version: str                  # GTS_PDFXVersion
    pdf_version: tuple[int, int]  # the file header's version
    xmp: bool                     # XMP metadata carries the identification (PDF/X-4)


CONFORMANCE = {
    # PDF/X-1a:2003 (ISO 15930-4): PDF 1.4, CMYK and grey only, no transparency.
    "x1a": Conformance("PDF/X-1a:2003", (1, 4), xmp=False),
    # PDF/X-4 (ISO 15930-7): PDF 1.6, identification in XMP metadata.
    "x4": Conformance("PDF/X-4", (1, 6), xmp=True),
}


def conformance(pdfx: str) -> Conformance | None:
    """The PDF/X level `print.pdfx` names; None for "none"."""
    if pdfx == "none":
        return None
    try:
        return CONFORMANCE[pdfx]
    except KeyError:
        raise ValueError(f"unknown PDF/X level {pdfx!r}: x1a, x4 or none") from None


@dataclass(frozen=True)
class ProfileSource:
    path: str
    package: str          # the Debian package that installs it
    identifier: str       # OutputConditionIdentifier: a characterisation in the ICC registry
    condition: str        # OutputCondition, for people
    licence: str


@dataclass(frozen=True)
class OutputProfile:
    source: ProfileSource
    data: bytes
    components: int       # /N of the ICC stream
    sha256: str

    @property
    def path(self) -> str:
        return self.source.path


REGISTRY = "http://www.color.org"

# Searched in order; the first present is the output intent.
PROFILE_SOURCES: tuple[ProfileSource, ...] = (
    ProfileSource(
        "/usr/share/scribus/profiles/ISOcoated_v2_300_bas.icc", "scribus-data", "FOGRA39",
        "ISO Coated v2 300% (basICColor): offset on coated paper, ISO 12647-2:2004/Amd 1, "
        "FOGRA39L characterisation", "zlib (c) 2007-2010 basICColor GmbH"),
)


def output_profile(required: bool = True, own: str | None = None,
                   condition: str | None = None) -> OutputProfile | None:
    """The CMYK output profile; when none is installed, an InputError if it is
    `required` (PDF/X), else None (photos then get Pillow's naive conversion).
    `own` is the plant's profile (a path) with its registry `condition`."""
    if own:
        source = ProfileSource(own, "", condition or "Custom", f"{condition or 'custom'} output profile",
                               "supplied by the edition")
        found = _load((source,))
        if found is None:
            raise InputError(error("the output profile is not a CMYK printer profile", Where(own),
                                   "ask the printing plant for its CMYK output profile (.icc)"))
        return found
    found = _load(PROFILE_SOURCES)
    if found is None and required:
        first = PROFILE_SOURCES[0]
        raise InputError(error(
            "no CMYK output profile for the PDF/X output intent: "
            + ", ".join(s.path for s in PROFILE_SOURCES) + " missing",
            Where(first.path),
            f"install the Debian package {first.package} "
            f"(apt-get install --no-install-recommends {first.package}), "
            "or set `print: {pdfx: none}` in edition.yaml"))
    return found


@lru_cache(maxsize=None)
def _load(sources: tuple[ProfileSource, ...]) -> OutputProfile | None:
    for source in sources:
        try:
            with open(source.path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if len(data) < 128 or data[36:40] != b"acsp":
            continue   # not an ICC profile
        space = data[16:20]
        components = {b"CMYK": 4, b"GRAY": 1, b"RGB ": 3}.get(space)
        if components != 4 or data[12:16] != b"prtr":
            continue   # an output intent needs a CMYK printer profile
        return OutputProfile(source, data, components, hashlib.sha256(data).hexdigest())
    return None


def output_intent(profile: OutputProfile) -> dict[str, str]:
    """The OutputIntent's text entries (/DestOutputProfile is the profile's data)."""
    return {"OutputConditionIdentifier": profile.source.identifier,
            "OutputCondition": profile.source.condition,
            "Info": profile.source.condition,
            "RegistryName": REGISTRY}


def info_keys(level: Conformance) -> dict[str, str]:
    """Extra keys of the document information dictionary (besides /Trapped /False)."""
    return {"GTS_PDFXVersion": level.version}


def document_ids(title: str, content: str) -> tuple[str, str]:
    """DocumentID and InstanceID: the same page of the same edition keeps its
    document ID; the instance changes with what is on it. Never random."""
    doc = uuid.UUID(bytes=hashlib.sha256(("banmian:" + title).encode("utf-8")).digest()[:16], version=4)
    inst = uuid.UUID(bytes=hashlib.sha256(("banmian:" + title + "\n" + content).encode("utf-8"))
                     .digest()[:16], version=4)
    return f"uuid:{doc}", f"uuid:{inst}"


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils.escape, without its imports: a
    tenth of a render's start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_date(ymdhms: tuple[int, ...], dhh: int = 0, dmm: int = 0) -> str:
    y, mo, d, h, mi, s = ymdhms[:6]
    zone = "Z" if dhh == 0 and dmm == 0 else f"{'+' if dhh >= 0 else '-'}{abs(dhh):02d}:{dmm:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}"


def xmp_packet(level: Conformance, title: str, subject: str, creator: str, producer: str,
               date: str, document_id: str, instance_id: str) -> bytes:
    """XMP metadata agreeing with the information dictionary (PDF/X-4 §6.7)."""
    description = (f"\n      <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(subject)}"
                   "</rdf:li></rdf:Alt></dc:description>") if subject else ""
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
        xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>{description}
      <xmp:CreateDate>{date}</xmp:CreateDate>
      <xmp:ModifyDate>{date}</xmp:ModifyDate>
      <xmp:MetadataDate>{date}</xmp:MetadataDate>
      <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
      <pdf:Producer>{escape(producer)}</pdf:Producer>
      <pdf:Trapped>False</pdf:Trapped>
      <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
      <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
      <xmpMM:VersionID>1</xmpMM:VersionID>
      <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
      <pdfxid:GTS_PDFXVersion>{escape(level.version)}</pdfxid:GTS_PDFXVersion>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
"""
    # padding lets a later tool edit the packet in place
    return (body + (" " * 99 + "\n") * 20 + '<?xpacket end="w"?>').encode("utf-8")
