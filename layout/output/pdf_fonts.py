"""Fonts for the PDF: one composite font per face, a HarfBuzz subset of the
face's own outlines, and a text layer that gives back every character.

Each face used in a file becomes one Type 0 font with the Identity-H encoding
(ISO 32000-1 §9.7): a glyph is shown by a 2-byte code, and the code is fixed
per face, not per file — the glyph index for TrueType and name-keyed CFF, the
CID for a CID-keyed CFF (Noto CJK) — so a page's content stream stays valid
in any file that embeds a subset of the same face (the edition's PDF reuses
the pages' streams). CFF outlines are kept as CFF (FontFile3 /CIDFontType0C,
allowed in PDF 1.3 and so in PDF/X-1a), TrueType ones as TrueType (FontFile2,
with a CIDToGIDMap from the codes to the subset's glyphs); widths go in a W
array; the layout and naming tables a PDF never reads are dropped.

The text layer: each font has its own ToUnicode CMap (§9.10.3), in blocks of
at most 100 entries (the CMap format's limit, which Ghostscript enforces),
with UTF-16BE values (a surrogate pair for a character beyond the BMP such
as 𠮷 U+20BB7), one bfchar entry per code. A code maps to one character only, so when a face draws two
characters with the same glyph (a Kangxi radical and its ideograph, say), the
second is shown through a second Type 0 font that differs only in its
ToUnicode map (and has a CIDFont dictionary of its own, or Ghostscript
merges the two): still one font program per face per file.

Plain data only: `pdf.py` turns `EmbeddedFace` into PDF objects.
"""
from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass

from ..fonts.book import Face

# Tables a PDF renderer never reads: layout (OpenType shaping is done by the
# time a glyph code is written), vertical metrics (we set vertical headlines
# with rotated horizontal glyphs), naming, colour, and embedded bitmaps.
_DROP = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG", "DSIG", "kern",
         "morx", "mort", "feat", "meta", "name", "post", "OS/2", "cmap", "gasp", "hdmx", "LTSH",
         "VDMX", "PCLT", "EBDT", "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "COLR", "CPAL", "SVG ",
         "STAT", "fvar", "avar", "HVAR", "MVAR", "VVAR", "gvar", "cvar")
CMAP_BLOCK = 100  # entries per beginbfchar/beginbfrange block (Adobe TN #5014)
DEFAULT_WIDTH = 1000


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("latin-1"), "big")


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class FaceCodes:
    """How one face's characters are shown: glyph (HarfBuzz reads the cmap),
    code, width, and which of the face's Type 0 fonts (its variant) carries
    the character in ToUnicode."""

    def __init__(self, face: Face, hb_face):
        import uharfbuzz as hb
        self.face = face
        m = face.metrics
        self._font = hb.Font(hb_face)
        self._glyphs: dict[int, int] = {}
        self._cids = m.cids if m.cid_keyed else {}
        self._variants = _shared_glyph_variants(m.shared)
        self._shown: dict[int, tuple] = {}

    def has(self, cp: int) -> bool:
        return self.face.metrics.advance_of(cp) is not None

    def glyph(self, cp: int, half: bool = False) -> int:
        """The glyph of a character, or of its half-width form (hwid)."""
        if half:
            return self.face.metrics.half_forms[cp]
        gid = self._glyphs.get(cp)
        if gid is None:
            gid = self._glyphs[cp] = self._font.get_nominal_glyph(cp) or 0
        return gid

    def code(self, cp: int, half: bool = False) -> int:
        gid = self.glyph(cp, half)
        return self._cids.get(gid, gid)

    def width(self, cp: int, half: bool = False) -> float:
        """The advance in thousandths of an em, as the W array gives it."""
        return 500.0 if half else round(self.face.metrics.advance_of(cp) * 1000.0, 3)

    def variant(self, cp: int) -> int:
        """0, or n when n characters more usual in text share this character's glyph."""
        return self._variants.get(cp, 0)

    def shown(self, cp: int, half: bool = False) -> tuple[str, int, int, float] | None:
        """(font resource, variant, code, width) of a character (in its
        half-width form when `half`); None if the face lacks it."""
        key = (cp, half)
        found = self._shown.get(key)
        if found is None and self.has(cp):
            variant = HALF_VARIANT if half else self.variant(cp)
            found = self._shown[key] = (resource_name(self.face.id, variant), variant,
                                        self.code(cp, half), self.width(cp, half))
        return found


# Where text is written, most usual first: ASCII, Latin-1, CJK punctuation,
# the unified ideographs and their extensions, full-width forms, general
# punctuation. A glyph shared with a Kangxi radical, a compatibility
# ideograph or a mathematical symbol goes to the character found here first
# (一 before ⼀, 、 before a look-alike, … before ⋯, 　 before an em space).
_USUAL = ((0x20, 0x7E), (0xA0, 0xFF), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0x3400, 0x4DBF),
          (0x20000, 0x3134F), (0xFF00, 0xFFEF), (0x2000, 0x206F))


def _preference(cp: int) -> tuple:
    ch = chr(cp)
    rank = next((n for n, (lo, hi) in enumerate(_USUAL) if lo <= cp <= hi), len(_USUAL))
    return (rank, unicodedata.normalize("NFKC", ch) != ch, cp)


def _shared_glyph_variants(shared) -> dict[int, int]:
    out = {}
    for cps in shared:
        for n, cp in enumerate(sorted(cps, key=_preference)[1:], start=1):
            out[cp] = n
    return out


class FontUse:
    """The glyphs a file shows, per face and variant: code → code point.
    Plain dictionaries, so page workers can hand it to the edition's writer."""

    def __init__(self):
        self.faces: dict[str, dict[int, dict[int, int]]] = {}

    def add(self, face_id: str, variant: int, code: int, cp: int) -> None:
        self.faces.setdefault(face_id, {}).setdefault(variant, {})[code] = cp

    def update(self, other: "FontUse") -> None:
        for face_id, variants in other.faces.items():
            for variant, codes in variants.items():
                self.faces.setdefault(face_id, {}).setdefault(variant, {}).update(codes)


# The half-width forms (二分数字) are shown through a Type 0 font of their own
# (the same embedded program): a reader looking a character up by its Unicode
# value, as PDFium does for widths, then finds one code per font, never the
# proportional 8 where the half-width 8 was drawn.
HALF_VARIANT = 1000


def resource_name(face_id: str, variant: int = 0) -> str:
    """The font's name in page resources: the same for a face in every file."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", face_id)
    if safe != face_id:
        safe += "-" + hashlib.sha256(face_id.encode("utf-8")).hexdigest()[:6]
    if variant == HALF_VARIANT:
        return f"BM-{safe}-half"
    return f"BM-{safe}" + (f"-v{variant}" if variant else "")


@dataclass(frozen=True)
class EmbeddedFace:
    """One face's font objects for one file, as PDF syntax and stream data."""
    face_id: str
    cff: bool
    base_font: str                   # TAG+PostScriptName
    program: bytes                   # bare CFF, or a TrueType file
    registry: str
    ordering: str
    supplement: int
    widths: dict                     # variant → its W array
    descriptor: dict                 # FontDescriptor entries (PDF syntax), without the font file
    cid_to_gid: bytes | None         # TrueType: CIDToGIDMap stream data
    to_unicode: dict                 # variant → ToUnicode CMap stream data


class Subsetter:
    """HarfBuzz subsets of the faces, the font files opened once per process."""

    def __init__(self):
        self._faces: dict[tuple[str, int], object] = {}

    def hb_face(self, path: str, index: int):
        import uharfbuzz as hb
        key = (path, index)
        if key not in self._faces:
            self._faces[key] = hb.Face(hb.Blob.from_file_path(path), index)
        return self._faces[key]

    def subset(self, face: Face, gids: set[int]) -> tuple[bytes, dict[int, int]]:
        """The subset's font program and its old → new glyph map."""
        import uharfbuzz as hb
        m = face.metrics
        hb_face = self.hb_face(face.path, face.index)
        request = hb.SubsetInput()
        request.glyph_set.update({0} | gids)
        # Desubroutinized CFF is smaller once deflated and quicker to make;
        # hints only matter on screens at small sizes, never on a plate.
        flags = (hb.SubsetFlags.NO_LAYOUT_CLOSURE | hb.SubsetFlags.DOWNGRADE_CFF2
                 | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING)
        if m.is_cff and not m.cid_keyed:
            # a name-keyed CFF in a CIDFont is indexed by glyph (§9.7.4.2): keep them
            flags |= hb.SubsetFlags.RETAIN_GIDS
        request.flags = flags
        for name in _DROP:
            request.drop_table_tag_set.add(_tag(name))
        plan = hb.SubsetPlan(hb_face, request)
        font = plan.execute()
        if font is None:
            raise ValueError(f"HarfBuzz could not subset {face.path} (face {face.index})")
        mapping = dict(plan.old_to_new_glyph_mapping)
        if m.is_cff:
            return font.reference_table("CFF ").data, mapping
        return font.blob.data, mapping


def embed_face(face: Face, codes: FaceCodes, used: dict[int, dict[int, int]],
               subsetter: Subsetter) -> EmbeddedFace:
    """The objects of `face` for the glyphs `used` (variant → code → code point)."""
    m = face.metrics
    by_code: dict[int, int] = {}
    gid_of: dict[int, int] = {}      # code → glyph: a half-width form's variant says which glyph
    for variant, variant_codes in used.items():
        by_code.update(variant_codes)
        half = variant == HALF_VARIANT
        gid_of.update((code, codes.glyph(cp, half)) for code, cp in variant_codes.items())
    gids = set(gid_of.values())
    program, mapping = subsetter.subset(face, gids)
    d = m.descriptor
    tag = _subset_tag(d.postscript_name, sorted(by_code))
    base = f"{tag}+{d.postscript_name}"
    cid_to_gid = None
    if not m.is_cff:
        cid_to_gid = _cid_to_gid(gid_of, mapping)
    widths = {v: _width_array({code: codes.width(cp, v == HALF_VARIANT) for code, cp in c.items()})
              for v, c in used.items()}
    registry, ordering, supplement = m.ros if m.cid_keyed else ("Adobe", "Identity", 0)
    return EmbeddedFace(face.id, m.is_cff, base, program, registry, ordering, supplement, widths,
                        _descriptor(face, base), cid_to_gid,
                        {v: to_unicode_cmap(c) for v, c in sorted(used.items())})


def _subset_tag(name: str, codes: list[int]) -> str:
    """Six capitals naming this subset (§9.6.4): the same glyphs, the same tag."""
    digest = hashlib.sha256((name + ":" + ",".join(map(str, codes))).encode("ascii")).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _cid_to_gid(gid_of: dict[int, int], mapping: dict[int, int]) -> bytes:
    table = bytearray(2 * (max(gid_of) + 1))
    for code, gid in gid_of.items():
        struct.pack_into(">H", table, 2 * code, mapping[gid])
    return bytes(table)


def _width_array(widths: dict[int, float]) -> str:
    """`[c [w …] …]` for the codes whose width is not the default: consecutive
    codes share one bracket."""
    out = []
    run: list[str] = []
    start = prev = None
    for code in sorted(widths):
        w = widths[code]
        if w == DEFAULT_WIDTH:
            continue
        if prev is not None and code == prev + 1:
            run.append(_num(w))
        else:
            if run:
                out.append(f"{start} [{' '.join(run)}]")
            start, run = code, [_num(w)]
        prev = code
    if run:
        out.append(f"{start} [{' '.join(run)}]")
    return "[" + " ".join(out) + "]"


def _descriptor(face: Face, base: str) -> dict:
    m = face.metrics
    d = m.descriptor
    s = 1000.0 / m.upem
    # Flags (Table 123): 1 fixed pitch, 2 serif, 4 symbolic (a CJK face's
    # glyphs lie outside the standard Latin set)
    flags = 4 | (1 if d.fixed_pitch else 0) | (2 if d.serif else 0)
    return {"Type": "/FontDescriptor", "FontName": "/" + base, "Flags": str(flags),
            "FontBBox": "[" + " ".join(_num(v * s) for v in d.bbox) + "]",
            "ItalicAngle": _num(d.italic_angle), "Ascent": _num(d.ascent * s),
            "Descent": _num(d.descent * s), "CapHeight": _num(d.cap_height * s),
            # StemV is required but unknown for an OpenType face; 80 is the usual guess
            "StemV": "80"}


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def to_unicode_cmap(codes: dict[int, int]) -> bytes:
    """A ToUnicode CMap: each code → its character, ≤ 100 entries a block.
    Single entries only: Ghostscript reads a bfrange onto two-byte values
    wrongly (、。 came back as 1 2 after a pdfwrite pass)."""
    entries = sorted(codes.items())
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for k in range(0, len(entries), CMAP_BLOCK):
        block = entries[k:k + CMAP_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{code:04X}> <{_utf16_hex(cp)}>" for code, cp in block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMapResource defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")
