"""Checks of a PDF against the clauses of ISO 19005-2 (PDF/A-2) that can be
tested mechanically, with pikepdf, qpdf and fontTools. No PDF/A validator
can be installed here; this is not one either. It checks what Banmian's
archival PDF relies on, clause by clause (the numbering of ISO 19005-2:2011,
as veraPDF's profiles use it), and says which clause each finding breaks.
`CHECKED` lists the clauses covered; docs/web-and-archive.md lists the
ones that are not.
"""
from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

CHECKED = {
    "6.1.2": "file header and the binary comment after it",
    "6.1.3": "trailer /ID, no /Encrypt, nothing after the last %%EOF but one EOL",
    "6.1.4": "one EOL between `xref` and the subsection header",
    "6.1.7.1": "stream keyword + EOL, /Length exact, EOL before endstream, no F/FFilter/FDecodeParms",
    "6.1.7.2": "no LZWDecode, no Crypt filter",
    "6.1.8": "font, colourant and structure type names are UTF-8",
    "6.1.9": "obj/endobj syntax",
    "6.1.10": "inline images: no LZW or Crypt filters",
    "6.1.12": "permissions: only UR3 and DocMDP",
    "6.1.13": "implementation limits (numbers, strings, names, objects, q nesting, DeviceN, page boxes)",
    "6.2.2": "content streams: only ISO 32000-1 operators, resources present",
    "6.2.3": "output intents: one profile, a printer or monitor profile of GRAY, RGB or CMYK",
    "6.2.4.2": "ICC profiles of version 4 or lower; no OPM 1 with ICCBased CMYK",
    "6.2.4.3": "device colour spaces only with a matching PDF/A output intent",
    "6.2.4.4": "Separation and DeviceN colourants",
    "6.2.5": "extended graphics states: no TR, TR2 other than Default, HTP; halftones 1 or 5",
    "6.2.6": "rendering intents are the four of ISO 32000-1",
    "6.2.8": "images: no Alternates, OPI, Interpolate true; bits per component",
    "6.2.9": "form XObjects: no OPI, PS; no reference or PostScript XObjects",
    "6.2.10": "blend modes of ISO 32000-1",
    "6.2.11.2": "font dictionaries: required keys, Widths as long as FirstChar..LastChar",
    "6.2.11.3": "composite fonts: CIDSystemInfo, CIDToGIDMap, embedded CMaps",
    "6.2.11.4.1": "every font used is embedded and defines every glyph used",
    "6.2.11.5": "widths in the font dictionary agree with the embedded font",
    "6.2.11.6": "TrueType encodings and cmap subtables",
    "6.2.11.7.2": "ToUnicode maps every code used, never to 0, U+FEFF or U+FFFE",
    "6.2.11.7.3": "no Private Use Area characters (level A)",
    "6.2.11.8": "no reference to .notdef",
    "6.3": "annotations",
    "6.4": "interactive forms: no NeedAppearances, XFA, NeedsRendering",
    "6.5": "actions: none forbidden, no AA in the catalog or pages",
    "6.6.2.1": "metadata stream: Type/Subtype, packet header, well-formed UTF-8 XML",
    "6.6.2.3.1": "XMP properties only from predefined schemas",
    "6.6.4": "pdfaid:part 2 and conformance",
    "6.7.2.2": "MarkInfo /Marked true (level A)",
    "6.7.3.3": "a structure tree (level A), every marked content referenced, every painting tagged",
    "6.7.3.4": "structure types standard or role-mapped (level A)",
    "6.7.4": "/Lang a language identifier (level A)",
    "6.8": "no embedded files",
    "6.9": "optional content configurations named",
    "6.10": "no AlternatePresentations, no PresSteps",
    "6.11": "no Requirements",
    "info-xmp": "the document information dictionary agrees with the XMP (as PDF/A-1 §6.7.3 required)",
}

OPERATORS = frozenset("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h
i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W
W* y ' \"""".split())
TEXT_SHOWING = frozenset(["Tj", "TJ", "'", '"'])
STANDARD_TYPES = frozenset("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code
Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
RENDERING_INTENTS = frozenset(["/RelativeColorimetric", "/AbsoluteColorimetric", "/Perceptual", "/Saturation"])
BLEND_MODES = frozenset("/Normal /Compatible /Multiply /Screen /Overlay /Darken /Lighten /ColorDodge "
                        "/ColorBurn /HardLight /SoftLight /Difference /Exclusion /Hue /Saturation /Color "
                        "/Luminosity".split())
XMP_NAMESPACES = frozenset([
    "adobe:ns:meta/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/pdf/1.3/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "http://ns.adobe.com/xap/1.0/sType/Version#",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/", "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/exif/1.0/", "http://www.aiim.org/pdfa/ns/id/",
    "http://www.aiim.org/pdfa/ns/extension/", "http://www.aiim.org/pdfa/ns/schema#",
    "http://www.aiim.org/pdfa/ns/property#", "http://www.aiim.org/pdfa/ns/type#",
    "http://www.aiim.org/pdfa/ns/field#", "http://www.w3.org/XML/1998/namespace"])
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,8})(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Finding:
    clause: str
    message: str

    def __str__(self) -> str:
        return f"ISO 19005-2 {self.clause}: {self.message}"


class _Report:
    def __init__(self):
        self.findings: list[Finding] = []

    def add(self, clause: str, message: str) -> None:
        finding = Finding(clause, message)
        if finding not in self.findings and len(self.findings) < 500:
            self.findings.append(finding)


def check_pdfa(path: str) -> list[Finding]:
    """Every finding against the checked clauses; [] when none."""
    with open(path, "rb") as handle:
        data = handle.read()
    report = _Report()
    _file_structure(data, path, report)
    with pikepdf.open(path) as pdf:
        level = _identification(pdf, report)
        _objects(pdf, report)
        _catalog(pdf, report, level)
        _output_intents(pdf, report)
        used = _content(pdf, report, level)
        _fonts(pdf, used, report, level)
        if level == "A":
            _structure(pdf, report)
    return report.findings


# -- 6.1: file structure --------------------------------------------------------------------

def _file_structure(data: bytes, path: str, report: _Report) -> None:
    if not re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)", data):
        report.add("6.1.2", "the file does not begin with %PDF-1.n and one EOL")
    else:
        second = data.split(b"\n", 1)[1] if b"\n" in data[:20] else data[10:]
        if not (second[:1] == b"%" and len(second) > 4 and all(b > 127 for b in second[1:5])):
            report.add("6.1.2", "the header is not followed by a comment of four bytes above 127")
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5:] not in (b"", b"\n", b"\r\n", b"\r"):
        report.add("6.1.3", "data follows the last %%EOF")
    for m in re.finditer(rb"(?<![a-z])xref(\s+)\d+ \d+", data):
        if m.group(1) not in (b"\n", b"\r\n", b"\r"):
            report.add("6.1.4", "`xref` and the subsection header are not separated by one EOL")
    offsets = _object_offsets(path)
    for (num, gen), offset in offsets.items():
        head = re.match(rb"(\d+) (\d+) obj", data[offset:offset + 40])
        if not head or (int(head.group(1)), int(head.group(2))) != (num, gen):
            report.add("6.1.9", f"object {num} {gen} does not begin with `{num} {gen} obj` at its offset")
    _streams(data, offsets, path, report)


def _object_offsets(path: str) -> dict[tuple[int, int], int]:
    """Where each uncompressed object begins, from qpdf's reading of the xref."""
    # a damaged file makes qpdf warn (and rebuild the table): its offsets then say where objects are
    out = subprocess.run(["qpdf", "--show-xref", path], capture_output=True, text=True).stdout
    offsets = {}
    for m in re.finditer(r"^(\d+)/(\d+): uncompressed; offset = (\d+)", out, re.M):
        offsets[(int(m.group(1)), int(m.group(2)))] = int(m.group(3))
    return offsets


def _streams(data: bytes, offsets: dict, path: str, report: _Report) -> None:
    with pikepdf.open(path) as pdf:
        for (num, gen), offset in offsets.items():
            try:
                obj = pdf.get_object((num, gen))
            except Exception:
                continue
            if not isinstance(obj, Stream):
                end = data.find(b"endobj", offset)
                if end < 0 or data[end - 1:end] not in (b"\n", b"\r", b" "):
                    report.add("6.1.9", f"object {num} {gen}: endobj is not preceded by white space")
                continue
            length = int(obj.stream_dict.get("/Length", -1))
            m = re.compile(rb"stream(\r\n|\n)").search(data, offset)
            if m is None or data[m.start() - 1:m.start()] == b"d":   # not `endstream`
                report.add("6.1.7.1", f"object {num}: `stream` is not followed by CRLF or LF")
                continue
            start = m.end()
            tail = data[start + length:start + length + 12]
            if not re.match(rb"(\r\n|\n|\r)endstream", tail):
                report.add("6.1.7.1", f"object {num}: /Length {length} does not end at an EOL before endstream")


def _walk(obj, seen: set):
    """Every direct and indirect object reachable from obj, once."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, (Dictionary, Array, Stream)):
            key = item.objgen if item.is_indirect else None
            if key is not None and key != (0, 0):
                if key in seen:
                    continue
                seen.add(key)
            yield item
            if isinstance(item, Stream):
                stack.extend(item.stream_dict.values())
            elif isinstance(item, Dictionary):
                stack.extend(item.values())
            else:
                stack.extend(list(item))
        else:
            yield item


def _check_value(value, report: _Report, where: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        if not -2147483648 <= value <= 2147483647:
            report.add("6.1.13", f"{where}: integer {value} out of range")
    elif isinstance(value, pikepdf.String):
        if len(bytes(value)) > 32767:
            report.add("6.1.13", f"{where}: a string longer than 32767 bytes")
    elif isinstance(value, Name):
        if len(str(value).encode("utf-8")) - 1 > 127:
            report.add("6.1.13", f"{where}: a name longer than 127 bytes")
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return
        if abs(number) > 3.403e38 or (number != 0 and abs(number) < 1.175e-38):
            report.add("6.1.13", f"{where}: real {number} out of range")


def _objects(pdf: pikepdf.Pdf, report: _Report) -> None:
    if len(pdf.objects) > 8388607:
        report.add("6.1.13", "more than 8388607 indirect objects")
    # every dictionary, direct or not: an ExtGState in a page's resources is direct
    for item in _walk(pdf.trailer, set()):
        number = item.objgen[0] if isinstance(item, (Dictionary, Array, Stream)) else 0
        if isinstance(item, Stream):
            d = item.stream_dict
            for key in ("/F", "/FFilter", "/FDecodeParms"):
                if key in d:
                    report.add("6.1.7.1", f"object {number}: stream dictionary has {key}")
            filters = d.get("/Filter")
            names = [str(f) for f in (filters if isinstance(filters, Array) else [filters] if filters else [])]
            if "/LZWDecode" in names or "/Crypt" in names:
                report.add("6.1.7.2", f"object {number}: {', '.join(names)} filter")
            _dictionary_rules(d, number, report)
        elif isinstance(item, Dictionary):
            _dictionary_rules(item, number, report)
        elif not isinstance(item, Array):
            _check_value(item, report, "object")
    for page in pdf.pages:
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
            if box in page.obj:
                x1, y1, x2, y2 = (float(v) for v in page.obj[box])
                if not (3 <= abs(x2 - x1) <= 14400 and 3 <= abs(y2 - y1) <= 14400):
                    report.add("6.1.13", f"page {box} is smaller than 3 or larger than 14400 units")


def _dictionary_rules(d: Dictionary, num: int, report: _Report) -> None:
    kind = str(d.get("/Type", ""))
    subtype = str(d.get("/Subtype", ""))
    if kind == "/ExtGState" or "/OPM" in d or "/TR" in d:
        if "/TR" in d:
            report.add("6.2.5", f"object {num}: ExtGState has /TR")
        if "/TR2" in d and str(d.TR2) != "/Default":
            report.add("6.2.5", f"object {num}: ExtGState has /TR2 other than /Default")
        if "/HTP" in d:
            report.add("6.2.5", f"object {num}: ExtGState has /HTP")
        if "/RI" in d and str(d.RI) not in RENDERING_INTENTS:
            report.add("6.2.6", f"object {num}: rendering intent {d.RI}")
        bm = d.get("/BM")
        for mode in (bm if isinstance(bm, Array) else [bm] if bm is not None else []):
            if str(mode) not in BLEND_MODES:
                report.add("6.2.10", f"object {num}: blend mode {mode}")
    if "/HalftoneType" in d:
        if int(d.HalftoneType) not in (1, 5):
            report.add("6.2.5", f"object {num}: halftone type {d.HalftoneType}")
        if "/HalftoneName" in d:
            report.add("6.2.5", f"object {num}: halftone has /HalftoneName")
    if subtype == "/Image":
        for key in ("/Alternates", "/OPI"):
            if key in d:
                report.add("6.2.8", f"object {num}: image has {key}")
        if d.get("/Interpolate") is True:
            report.add("6.2.8", f"object {num}: image has /Interpolate true")
        bpc = d.get("/BitsPerComponent")
        if bpc is not None and int(bpc) not in (1, 2, 4, 8, 16):
            report.add("6.2.8", f"object {num}: BitsPerComponent {bpc}")
        if d.get("/ImageMask") is True and bpc is not None and int(bpc) != 1:
            report.add("6.2.8", f"object {num}: image mask with BitsPerComponent {bpc}")
        if "/Intent" in d and str(d.Intent) not in RENDERING_INTENTS:
            report.add("6.2.6", f"object {num}: rendering intent {d.Intent}")
        filters = d.get("/Filter")
        if filters is not None and "/JPXDecode" in [str(f) for f in (filters if isinstance(filters, Array) else [filters])]:
            report.add("6.2.8.3", f"object {num}: a JPEG 2000 image (its colour channels are not checked here)")
    if subtype == "/Form":
        for key in ("/OPI", "/PS", "/Ref"):
            if key in d:
                report.add("6.2.9", f"object {num}: form XObject has {key}")
        if str(d.get("/Subtype2", "")) == "/PS":
            report.add("6.2.9", f"object {num}: PostScript form XObject")
    if subtype == "/PS" and kind == "/XObject":
        report.add("6.2.9", f"object {num}: a PostScript XObject")
    if kind == "/Annot" or "/Rect" in d and "/Subtype" in d and str(d.get("/Type", "/Annot")) == "/Annot":
        _annotation(d, num, report)
    if "/S" in d and str(d.S) in ("/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
                                  "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript",
                                  "/SetState", "/NOP"):
        if kind in ("", "/Action"):
            report.add("6.5", f"object {num}: a {d.S} action")
    if "/S" in d and str(d.S) == "/Named" and str(d.get("/N", "")) not in ("/NextPage", "/PrevPage",
                                                                          "/FirstPage", "/LastPage"):
        report.add("6.5", f"object {num}: named action {d.get('/N')}")


def _annotation(d: Dictionary, num: int, report: _Report) -> None:
    subtype = str(d.get("/Subtype", ""))
    if subtype in ("/3D", "/Sound", "/Screen", "/Movie"):
        report.add("6.3", f"object {num}: {subtype} annotation")
    if subtype != "/Popup":
        flags = int(d.get("/F", -1))
        if flags < 0:
            report.add("6.3", f"object {num}: annotation without /F")
        elif not flags & 4 or flags & (1 | 2 | 32 | 256):
            report.add("6.3", f"object {num}: annotation flags {flags} (Print must be set; Hidden, "
                              "Invisible, NoView, ToggleNoView not)")
    if subtype not in ("/Popup", "/Link") and "/AP" not in d:
        report.add("6.3", f"object {num}: annotation without an appearance")
    if "/AP" in d and set(d.AP.keys()) - {"/N"}:
        report.add("6.3", f"object {num}: appearance dictionary with keys other than /N")


# -- the catalog ------------------------------------------------------------------------------

def _catalog(pdf: pikepdf.Pdf, report: _Report, level: str) -> None:
    root = pdf.Root
    if "/ID" not in pdf.trailer or len(pdf.trailer.ID) != 2:
        report.add("6.1.3", "the trailer has no /ID of two strings")
    if "/Encrypt" in pdf.trailer:
        report.add("6.1.3", "the trailer has /Encrypt")
    perms = root.get("/Perms")
    if perms is not None and set(perms.keys()) - {"/UR3", "/DocMDP"}:
        report.add("6.1.12", "the permissions dictionary has keys other than UR3 and DocMDP")
    form = root.get("/AcroForm")
    if form is not None:
        if form.get("/NeedAppearances") is True:
            report.add("6.4", "NeedAppearances is true")
        if "/XFA" in form:
            report.add("6.4", "the form has XFA")
    if "/NeedsRendering" in root:
        report.add("6.4", "the catalog has NeedsRendering")
    if "/AA" in root:
        report.add("6.5", "the catalog has AA")
    for page in pdf.pages:
        if "/AA" in page.obj:
            report.add("6.5", "a page has AA")
        if "/PresSteps" in page.obj:
            report.add("6.10", "a page has PresSteps")
    names = root.get("/Names")
    if names is not None:
        if "/AlternatePresentations" in names:
            report.add("6.10", "the name dictionary has AlternatePresentations")
        if "/EmbeddedFiles" in names:
            report.add("6.8", "the file embeds files")
    if "/Requirements" in root:
        report.add("6.11", "the catalog has Requirements")
    oc = root.get("/OCProperties")
    if oc is not None:
        configs = [oc.D] + list(oc.get("/Configs", []))
        seen = set()
        for config in configs:
            if "/Name" not in config:
                report.add("6.9", "an optional content configuration has no Name")
            elif str(config.Name) in seen:
                report.add("6.9", "two optional content configurations share a Name")
            else:
                seen.add(str(config.Name))
            if "/AS" in config:
                report.add("6.9", "an optional content configuration has AS")
    if level == "A":
        mark = root.get("/MarkInfo")
        if mark is None or mark.get("/Marked") is not True:
            report.add("6.7.2.2", "the catalog has no MarkInfo with Marked true")
        lang = root.get("/Lang")
        if lang is None or not (str(lang) == "" or LANGUAGE_TAG.match(str(lang))):
            report.add("6.7.4", f"/Lang {lang!r} is not a language identifier")


# -- 6.6: metadata ----------------------------------------------------------------------------

def _identification(pdf: pikepdf.Pdf, report: _Report) -> str:
    """The conformance level the XMP claims ("" when it claims none)."""
    meta = pdf.Root.get("/Metadata")
    if meta is None or not isinstance(meta, Stream):
        report.add("6.6.2.1", "the catalog has no metadata stream")
        return ""
    if str(meta.stream_dict.get("/Type")) != "/Metadata" or str(meta.stream_dict.get("/Subtype")) != "/XML":
        report.add("6.6.2.1", "the metadata stream is not /Type /Metadata /Subtype /XML")
    packet = meta.read_bytes()
    try:
        text = packet.decode("utf-8")
    except UnicodeDecodeError:
        report.add("6.6.2.1", "the XMP packet is not UTF-8")
        return ""
    header = re.search(r"<\?xpacket begin=[^?]*\?>", text)
    if header and re.search(r"\b(bytes|encoding)=", header.group(0)):
        report.add("6.6.2.1", "the xpacket header has a bytes or encoding attribute")
    body = re.sub(r"<\?xpacket[^?]*\?>", "", text).strip()
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        report.add("6.6.2.1", f"the XMP is not well-formed XML: {exc}")
        return ""
    for element in root.iter():
        for name in [element.tag] + list(element.attrib):
            if name.startswith("{"):
                namespace = name[1:].split("}")[0]
                if namespace not in XMP_NAMESPACES:
                    report.add("6.6.2.3.1", f"XMP property in namespace {namespace} has no schema")
    part = _xmp_value(root, "{http://www.aiim.org/pdfa/ns/id/}part")
    conformance = _xmp_value(root, "{http://www.aiim.org/pdfa/ns/id/}conformance")
    if part != "2":
        report.add("6.6.4", f"pdfaid:part is {part!r}, not 2")
    if conformance not in ("A", "B", "U"):
        report.add("6.6.4", f"pdfaid:conformance is {conformance!r}")
    _info_agrees(pdf, root, report)
    return conformance or ""


def _xmp_value(root: ET.Element, tag: str) -> str | None:
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        if tag in description.attrib:
            return description.attrib[tag]
        element = description.find(tag)
        if element is not None:
            items = element.findall(".//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")
            return (items[0].text if items else element.text) or ""
    return None


def _pdf_date_to_xmp(value: str) -> str | None:
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?", value)
    if not m:
        return None
    y, mo, d, h, mi, s, zone = m.groups()
    tz = "Z" if not zone or zone == "Z" else f"{zone.replace(chr(39), '')[:3]}:{zone.replace(chr(39), '')[3:5]}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{tz}"


def _same_instant(a: str, b: str) -> bool:
    norm = lambda t: t.replace("+00:00", "Z")  # noqa: E731
    return norm(a) == norm(b)


def _info_agrees(pdf: pikepdf.Pdf, xmp: ET.Element, report: _Report) -> None:
    info = pdf.docinfo
    pairs = {"/Title": "{http://purl.org/dc/elements/1.1/}title",
             "/Subject": "{http://purl.org/dc/elements/1.1/}description",
             "/Author": "{http://purl.org/dc/elements/1.1/}creator",
             "/Creator": "{http://ns.adobe.com/xap/1.0/}CreatorTool",
             "/Producer": "{http://ns.adobe.com/pdf/1.3/}Producer",
             "/Keywords": "{http://ns.adobe.com/pdf/1.3/}Keywords"}
    for key, tag in pairs.items():
        if key in info and _xmp_value(xmp, tag) != str(info[key]):
            report.add("info-xmp", f"Info {key} {str(info[key])!r} differs from the XMP")
    for key, tag in (("/CreationDate", "{http://ns.adobe.com/xap/1.0/}CreateDate"),
                     ("/ModDate", "{http://ns.adobe.com/xap/1.0/}ModifyDate")):
        if key in info:
            converted = _pdf_date_to_xmp(str(info[key]))
            value = _xmp_value(xmp, tag)
            if converted is None or value is None or not _same_instant(converted, value):
                report.add("info-xmp", f"Info {key} {str(info[key])!r} differs from the XMP ({value!r})")


# -- 6.2.3 and 6.2.4: colour ------------------------------------------------------------------

def _icc_header(stream: Stream) -> tuple[str, str, int]:
    data = stream.read_bytes()
    return data[12:16].decode("latin-1"), data[16:20].decode("latin-1"), data[8] if len(data) > 8 else 0


def _output_intents(pdf: pikepdf.Pdf, report: _Report) -> None:
    intents = list(pdf.Root.get("/OutputIntents", []))
    profiles = {i.DestOutputProfile.objgen for i in intents if "/DestOutputProfile" in i}
    if len(profiles) > 1:
        report.add("6.2.3", "output intents with different DestOutputProfiles")
    for intent in intents:
        if "/DestOutputProfileRef" in intent:
            report.add("6.2.3", "an output intent has DestOutputProfileRef")
        if "/DestOutputProfile" in intent:
            device, space, major = _icc_header(intent.DestOutputProfile)
            if device not in ("prtr", "mntr") or space.strip() not in ("GRAY", "RGB", "CMYK"):
                report.add("6.2.3", f"the output profile is a {device!r} profile of {space!r}")
            if major > 4:
                report.add("6.2.4.2", f"the output profile is ICC version {major}")


def _pdfa_intent_space(pdf: pikepdf.Pdf) -> str | None:
    for intent in pdf.Root.get("/OutputIntents", []):
        if str(intent.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in intent:
            return _icc_header(intent.DestOutputProfile)[1].strip()
    return None


# -- content streams ---------------------------------------------------------------------------

@dataclass
class _Used:
    """Codes shown per font (by object id), with the font objects."""
    codes: dict
    fonts: dict


def _content(pdf: pikepdf.Pdf, report: _Report, level: str) -> _Used:
    used = _Used({}, {})
    space = _pdfa_intent_space(pdf)
    spaces_used: set[str] = set()
    done: set = set()
    for number, page in enumerate(pdf.pages, 1):
        if "/Resources" not in page.obj:
            report.add("6.2.2", f"page {number} has no Resources")
            continue
        _stream(page, page.obj.Resources, f"page {number}", used, spaces_used, report, done, level)
    for name, needed in (("DeviceRGB", "RGB"), ("DeviceCMYK", "CMYK")):
        if name in spaces_used and space != needed:
            report.add("6.2.4.3", f"{name} is used without a PDF/A output intent of {needed}")
    if "DeviceGray" in spaces_used and space is None:
        report.add("6.2.4.3", "DeviceGray is used without a PDF/A output intent")
    return used


def _colour_space(value, resources, spaces_used: set, report: _Report, where: str) -> None:
    if isinstance(value, Name):
        name = str(value)
        if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray"):
            spaces_used.add(name[1:])
            return
        cs = resources.get("/ColorSpace", {}).get(name) if resources is not None else None
        if cs is not None:
            _colour_space(cs, None, spaces_used, report, where)
        return
    if isinstance(value, Array) and len(value):
        family = str(value[0])
        if family == "/ICCBased":
            device, space, major = _icc_header(value[1])
            if major > 4:
                report.add("6.2.4.2", f"{where}: ICC profile version {major}")
        elif family in ("/Separation", "/DeviceN"):
            if family == "/DeviceN" and len(value[1]) > 32:
                report.add("6.1.13", f"{where}: DeviceN with more than 32 colourants")
            if family == "/DeviceN" and any(str(c) != "/None" for c in value[1]):
                attrs = value[4] if len(value) > 4 else None
                colorants = attrs.get("/Colorants", {}) if attrs is not None else {}
                for c in value[1]:
                    if str(c) not in ("/None", "/Cyan", "/Magenta", "/Yellow", "/Black") and str(c) not in colorants:
                        report.add("6.2.4.4", f"{where}: DeviceN colourant {c} without a Colorants entry")
            _colour_space(value[2], None, spaces_used, report, where)
        elif family == "/Indexed":
            _colour_space(value[1], None, spaces_used, report, where)
        elif family == "/Pattern" and len(value) > 1:
            _colour_space(value[1], None, spaces_used, report, where)


def _stream(owner, resources, where: str, used: _Used, spaces_used: set, report: _Report, done: set,
            level: str) -> None:
    fonts = resources.get("/Font", Dictionary()) if resources is not None else Dictionary()
    xobjects = resources.get("/XObject", Dictionary()) if resources is not None else Dictionary()
    font = None
    depth = max_depth = 0
    marks: list[str] = []        # open marked content: "mcid", "artifact" or "other"
    try:
        instructions = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError as exc:
        report.add("6.2.2", f"{where}: the content stream cannot be parsed: {exc}")
        return
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            image = instruction.iimage
            filters = str(image.obj.get("/F", image.obj.get("/Filter", "")))
            if "LZW" in filters or "Crypt" in filters:
                report.add("6.1.10", f"{where}: an inline image with {filters}")
            continue
        operands, operator = instruction.operands, str(instruction.operator)
        if operator not in OPERATORS:
            report.add("6.2.2", f"{where}: operator {operator!r} is not defined in ISO 32000-1")
        for value in operands:
            _check_value(value, report, where)
        if operator == "q":
            depth += 1
            max_depth = max(max_depth, depth)
        elif operator == "Q":
            depth -= 1
        elif operator in ("rg", "RG"):
            spaces_used.add("DeviceRGB")
        elif operator in ("k", "K"):
            spaces_used.add("DeviceCMYK")
        elif operator in ("g", "G"):
            spaces_used.add("DeviceGray")
        elif operator in ("cs", "CS"):
            _colour_space(operands[0], resources, spaces_used, report, where)
        elif operator == "ri" and str(operands[0]) not in RENDERING_INTENTS:
            report.add("6.2.6", f"{where}: rendering intent {operands[0]}")
        elif operator in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if operator == "BDC" and len(operands) > 1 else None
            if isinstance(props, Name) and resources is not None:
                props = resources.get("/Properties", {}).get(str(props))
            if tag == "/Artifact":
                marks.append("artifact")
            elif isinstance(props, Dictionary) and "/MCID" in props:
                marks.append("mcid")
            else:
                marks.append("other")
        elif operator == "EMC":
            if marks:
                marks.pop()
        elif operator == "Tf":
            name = str(operands[0])
            font = fonts.get(name)
            if font is None:
                report.add("6.2.2", f"{where}: font {name} is not in the resources")
        elif operator in TEXT_SHOWING:
            if font is not None:
                key = font.objgen
                used.fonts[key] = font
                codes = used.codes.setdefault(key, set())
                for value in operands:
                    if isinstance(value, pikepdf.String):
                        codes.update(_codes(font, bytes(value)))
                    elif isinstance(value, Array):
                        for item in value:
                            if isinstance(item, pikepdf.String):
                                codes.update(_codes(font, bytes(item)))
            if level == "A" and not ("mcid" in marks or "artifact" in marks):
                report.add("6.7.3.3", f"{where}: text shown outside tagged content and artifacts")
        elif operator == "Do":
            name = str(operands[0])
            xobject = xobjects.get(name)
            if xobject is None:
                report.add("6.2.2", f"{where}: XObject {name} is not in the resources")
                continue
            if level == "A" and not ("mcid" in marks or "artifact" in marks):
                report.add("6.7.3.3", f"{where}: XObject {name} painted outside tagged content and artifacts")
            if str(xobject.get("/Subtype")) == "/Image":
                cs = xobject.get("/ColorSpace")
                if cs is not None:
                    _colour_space(cs, resources, spaces_used, report, f"{where} image {name}")
            elif str(xobject.get("/Subtype")) == "/Form" and xobject.objgen not in done:
                done.add(xobject.objgen)
                _stream(xobject, xobject.get("/Resources", resources), f"{where} form {name}", used,
                        spaces_used, report, done, level)
        elif operator in ("m", "re", "sh") and level == "A" and not ("mcid" in marks or "artifact" in marks):
            report.add("6.7.3.3", f"{where}: a path painted outside tagged content and artifacts")
    if max_depth > 28:
        report.add("6.1.13", f"{where}: q/Q nested {max_depth} deep")


def _codes(font: Dictionary, data: bytes) -> list[int]:
    if str(font.get("/Subtype")) == "/Type0":
        return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
    return list(data)


# -- 6.2.11: fonts -----------------------------------------------------------------------------

def _to_unicode(font: Dictionary) -> dict[int, str] | None:
    stream = font.get("/ToUnicode")
    if not isinstance(stream, Stream):
        return None
    text = stream.read_bytes().decode("latin-1")
    out: dict[int, str] = {}

    def utf16(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for k, dst in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    out[lo + k] = utf16(dst)
            else:
                start = bytes.fromhex(rest[1:-1])
                for k in range(hi - lo + 1):
                    value = int.from_bytes(start, "big") + k
                    out[lo + k] = utf16(value.to_bytes(len(start), "big").hex())
    return out


def _font_program(font: Dictionary):
    """(descendant or the font, its FontFile stream, which key) or Nones."""
    target = font.DescendantFonts[0] if str(font.get("/Subtype")) == "/Type0" else font
    descriptor = target.get("/FontDescriptor")
    if descriptor is None:
        return target, None, None
    for key in ("/FontFile2", "/FontFile", "/FontFile3"):
        if key in descriptor:
            return target, descriptor[key], key
    return target, None, None


def _fonts(pdf: pikepdf.Pdf, used: _Used, report: _Report, level: str) -> None:
    from fontTools.ttLib import TTFont
    for key, font in used.fonts.items():
        name = str(font.get("/BaseFont", key))
        codes = sorted(used.codes.get(key, ()))
        _font_names(font, report)
        subtype = str(font.get("/Subtype"))
        if subtype in ("/TrueType", "/Type1", "/MMType1"):
            if not all(k in font for k in ("/FirstChar", "/LastChar", "/Widths")):
                report.add("6.2.11.2", f"{name}: a simple font without FirstChar, LastChar and Widths")
            elif len(font.Widths) != int(font.LastChar) - int(font.FirstChar) + 1:
                report.add("6.2.11.2", f"{name}: Widths is not LastChar - FirstChar + 1 long")
        target, program, program_key = _font_program(font)
        if subtype == "/Type3":
            continue
        if program is None:
            report.add("6.2.11.4.1", f"{name}: the font program is not embedded")
            continue
        if subtype == "/Type0":
            _composite(font, target, report, name)
        unicode_map = _to_unicode(font)
        for code in codes:
            text = unicode_map.get(code) if unicode_map is not None else None
            if text is None:
                report.add("6.2.11.7.2", f"{name}: code {code} has no Unicode mapping")
            elif any(ord(c) in (0, 0xFEFF, 0xFFFE) for c in text) or not text:
                report.add("6.2.11.7.2", f"{name}: code {code} maps to {text!r}")
            elif level == "A" and any(_private_use(c) for c in text):
                report.add("6.2.11.7.3", f"{name}: code {code} maps to a Private Use Area character")
        if program_key == "/FontFile3" and subtype == "/Type0":
            _cff_composite(target, program, codes, report, name)
            continue
        if program_key != "/FontFile2":
            continue
        try:
            tt = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        except Exception as exc:
            report.add("6.2.11.2", f"{name}: the embedded TrueType program cannot be read: {exc}")
            continue
        _truetype(font, target, tt, codes, report, name)


def _private_use(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o <= 0xFFFFD or 0x100000 <= o <= 0x10FFFD


def _font_names(font: Dictionary, report: _Report) -> None:
    for value in (font.get("/BaseFont"),):
        if isinstance(value, Name):
            raw = value.unparse()[1:]
            decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
            try:
                decoded.decode("utf-8")
            except UnicodeDecodeError:
                report.add("6.1.8", f"font name {value} is not UTF-8")


def _composite(font: Dictionary, cid_font: Dictionary, report: _Report, name: str) -> None:
    encoding = font.get("/Encoding")
    if isinstance(encoding, Name):
        if str(encoding) not in ("/Identity-H", "/Identity-V"):
            report.add("6.2.11.3.3", f"{name}: CMap {encoding} is not embedded")
    elif isinstance(encoding, Stream):
        info = encoding.stream_dict.get("/CIDSystemInfo")
        own = cid_font.get("/CIDSystemInfo")
        if info is not None and own is not None and (str(info.Registry) != str(own.Registry)
                                                     or str(info.Ordering) != str(own.Ordering)):
            report.add("6.2.11.3.1", f"{name}: CIDSystemInfo differs from the CMap's")
    if str(cid_font.get("/Subtype")) == "/CIDFontType2":
        gid_map = cid_font.get("/CIDToGIDMap")
        if gid_map is None or not (isinstance(gid_map, Stream) or str(gid_map) == "/Identity"):
            report.add("6.2.11.3.2", f"{name}: a CIDFontType2 without CIDToGIDMap")
    descriptor = cid_font.get("/FontDescriptor")
    if descriptor is not None and "/CIDSet" in descriptor:
        report.add("6.2.11.4.2", f"{name}: CIDSet present (not checked against the program)")


def _truetype(font: Dictionary, target: Dictionary, tt, codes: list[int], report: _Report, name: str) -> None:
    upem = tt["head"].unitsPerEm
    order = tt.getGlyphOrder()
    hmtx = tt["hmtx"].metrics
    if str(font.get("/Subtype")) == "/Type0":
        gid_map = target.get("/CIDToGIDMap")
        mapping = gid_map.read_bytes() if isinstance(gid_map, Stream) else None
        widths = _cid_widths(target)
        default = float(target.get("/DW", 1000))
        for cid in codes:
            gid = int.from_bytes(mapping[2 * cid:2 * cid + 2], "big") if mapping is not None else cid
            _glyph(gid, order, hmtx, upem, widths.get(cid, default), report, name, cid)
        return
    descriptor = target.FontDescriptor
    symbolic = int(descriptor.get("/Flags", 0)) & 4
    tables = tt["cmap"].tables
    if symbolic:
        if "/Encoding" in font:
            report.add("6.2.11.6", f"{name}: a symbolic TrueType font with an Encoding")
        if len(tables) != 1 and not any((t.platformID, t.platEncID) == (3, 0) for t in tables):
            report.add("6.2.11.6", f"{name}: the cmap has neither one subtable nor a (3,0) subtable")
    elif str(font.get("/Encoding", "")) not in ("/MacRomanEncoding", "/WinAnsiEncoding") and not (
            isinstance(font.get("/Encoding"), Dictionary)
            and str(font.Encoding.get("/BaseEncoding")) in ("/MacRomanEncoding", "/WinAnsiEncoding")):
        report.add("6.2.11.6", f"{name}: a non-symbolic TrueType font without MacRoman or WinAnsi encoding")
    first = int(font.get("/FirstChar", 0))
    for code in codes:
        glyph_name = None
        for table in tables:
            key = (table.platformID, table.platEncID)
            if symbolic and key == (3, 0):
                glyph_name = table.cmap.get(0xF000 + code) or table.cmap.get(code)
            elif symbolic and key == (1, 0):
                glyph_name = table.cmap.get(code)
            elif not symbolic and key == (3, 1):
                glyph_name = table.cmap.get(ord(bytes([code]).decode("cp1252", errors="replace")))
            if glyph_name:
                break
        gid = order.index(glyph_name) if glyph_name in order else 0
        width = float(font.Widths[code - first]) if 0 <= code - first < len(font.Widths) else None
        _glyph(gid, order, hmtx, upem, width, report, name, code)


def _glyph(gid: int, order, hmtx, upem: int, width, report: _Report, name: str, code: int) -> None:
    if gid == 0:
        report.add("6.2.11.8", f"{name}: code {code} shows .notdef")
        return
    if gid >= len(order):
        report.add("6.2.11.4.1", f"{name}: code {code} names glyph {gid}, which the program lacks")
        return
    advance = hmtx[order[gid]][0] * 1000 / upem
    if width is not None and abs(advance - width) > 1:
        report.add("6.2.11.5", f"{name}: code {code} is {width} wide in the dictionary, {advance:.1f} in the font")


def _cff_composite(cid_font: Dictionary, program: Stream, codes: list[int], report: _Report, name: str) -> None:
    """A Type 0 font over a bare CFF program (FontFile3 /CIDFontType0C): every
    code shown is a glyph the program has (CID-keyed: its CID; else its glyph
    index), not .notdef, and as wide as the W array says."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.misc.psCharStrings import T2WidthExtractor
    try:
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(program.read_bytes()), None)
        top = cff[cff.fontNames[0]]
    except Exception as exc:
        report.add("6.2.11.2", f"{name}: the embedded CFF program cannot be read: {exc}")
        return
    order = top.getGlyphOrder()
    cid_keyed = hasattr(top, "ROS")
    by_cid = {int(g[3:]): gid for gid, g in enumerate(order) if g.startswith("cid")} if cid_keyed else None
    scale = 1000 * (top.FontMatrix[0] if hasattr(top, "FontMatrix") else 0.001)
    widths = _cid_widths(cid_font)
    default = float(cid_font.get("/DW", 1000))
    for code in codes:
        gid = by_cid.get(code) if cid_keyed else code
        if gid is None or gid >= len(order):
            report.add("6.2.11.4.1", f"{name}: code {code} names a glyph the program lacks")
            continue
        if gid == 0:
            report.add("6.2.11.8", f"{name}: code {code} shows .notdef")
            continue
        cs, fd = top.CharStrings.getItemAndSelector(order[gid])
        private = top.FDArray[fd].Private if fd is not None and hasattr(top, "FDArray") else top.Private
        extractor = T2WidthExtractor(getattr(private, "Subrs", []), cs.globalSubrs,
                                     private.nominalWidthX, private.defaultWidthX)
        extractor.execute(cs)
        advance = extractor.width * scale
        width = widths.get(code, default)
        if abs(advance - width) > 1:
            report.add("6.2.11.5", f"{name}: code {code} is {width} wide in the dictionary, {advance:.1f} in the font")


def _cid_widths(cid_font: Dictionary) -> dict[int, float]:
    out: dict[int, float] = {}
    w = list(cid_font.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, value in enumerate(w[i + 1]):
                out[first + k] = float(value)
            i += 2
        else:
            last, value = int(w[i + 1]), float(w[i + 2])
            for cid in range(first, last + 1):
                out[cid] = value
            i += 3
    return out


# -- 6.7: logical structure (level A) ------------------------------------------------------------

def _structure(pdf: pikepdf.Pdf, report: _Report) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        report.add("6.7.3.3", "no StructTreeRoot")
        return
    role_map = root.get("/RoleMap", Dictionary())
    referenced: set[tuple] = set()
    seen: set = set()
    stack = list(root.K) if isinstance(root.K, Array) else [root.K]
    while stack:
        elem = stack.pop()
        if not isinstance(elem, Dictionary) or elem.objgen in seen:
            continue
        seen.add(elem.objgen)
        kind = str(elem.get("/S", ""))[1:]
        mapped = kind
        hops = 0
        while mapped not in STANDARD_TYPES and ("/" + mapped) in role_map and hops < 20:
            mapped = str(role_map["/" + mapped])[1:]
            hops += 1
        if hops >= 20:
            report.add("6.7.3.4", f"circular role mapping from {kind}")
        elif mapped not in STANDARD_TYPES:
            report.add("6.7.3.4", f"structure type {kind} is neither standard nor role-mapped")
        if kind in STANDARD_TYPES and ("/" + kind) in role_map:
            report.add("6.7.3.4", f"standard structure type {kind} is remapped")
        page = elem.get("/Pg")
        kids = elem.get("/K")
        for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            if isinstance(kid, int):
                referenced.add((page.objgen if page is not None else None, int(kid)))
            elif isinstance(kid, Dictionary) and str(kid.get("/Type", "")) == "/MCR":
                referenced.add((kid.Pg.objgen if "/Pg" in kid else page.objgen, int(kid.MCID)))
            elif isinstance(kid, Dictionary):
                stack.append(kid)
    for number, page in enumerate(pdf.pages, 1):
        mcids = set()
        for instruction in pikepdf.parse_content_stream(page):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            if str(instruction.operator) == "BDC" and isinstance(instruction.operands[1], Dictionary):
                props = instruction.operands[1]
                if "/MCID" in props:
                    mcids.add(int(props.MCID))
        missing = {m for m in mcids if (page.objgen, m) not in referenced}
        if missing:
            report.add("6.7.3.3", f"page {number}: marked content {sorted(missing)[:5]} is in no structure element")
        if mcids and "/StructParents" not in page.obj:
            report.add("6.7.3.3", f"page {number} has marked content but no StructParents")
