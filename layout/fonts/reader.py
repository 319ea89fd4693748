"""What a face's file says, read once with fontTools: the cmap with each
character's glyph and advance, and the few facts a PDF font descriptor needs.

The result is plain data (`FaceRecord`) that the cache stores as JSON, so a
warm run never parses a font: it reads the record and lets HarfBuzz subset the
file when a PDF is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass



@dataclass(frozen=True)
class Descriptor:
    """Font-descriptor values in font units (ISO 32000-1 §9.8)."""
    postscript_name: str
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    fixed_pitch: bool
    serif: bool


@dataclass(frozen=True)
class FaceRecord:
    upem: int
    cps: tuple[int, ...]            # every code point the cmap maps, ascending
    advances: tuple[int, ...]       # advance of each, in font units
    gids: tuple[int, ...]           # glyph of each
    cff: bool                       # CFF outlines (else TrueType glyf)
    cid_keyed: bool                 # a CID-keyed CFF (its charset maps glyphs to CIDs)
    cids: dict                      # glyph → CID where they differ (CID-keyed CFF only)
    ros: tuple[str, str, int]       # CIDSystemInfo: registry, ordering, supplement
    family: str
    descriptor: Descriptor
    half: tuple = ()                # (code point, glyph) of the ASCII characters that have a
                                    # half-width form (OpenType hwid) exactly half an em wide

    @property
    def shared(self) -> tuple[tuple[int, ...], ...]:
        """Groups of code points drawn with one glyph (一 and the radical ⼀)."""
        by_glyph: dict[int, list[int]] = {}
        for cp, gid in zip(self.cps, self.gids):
            by_glyph.setdefault(gid, []).append(cp)
        return tuple(sorted(tuple(cps) for cps in by_glyph.values() if len(cps) > 1))


_CID_NAME = re.compile(r"cid(\d+)$")


def is_cff(font) -> bool:
    return "CFF " in font or "CFF2" in font


from .outlines import blank_codepoints


def read_face(path: str, index: int) -> FaceRecord:
    from fontTools.ttLib import TTFont   # only on a cache miss: a warm run never loads fontTools
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap() or {}
        # characters whose glyphs draw nothing are left out: the next face draws them
        blank = blank_codepoints(font, cmap)
        cmap = {cp: glyph for cp, glyph in cmap.items() if cp not in blank}
        order = font.getGlyphOrder()
        gid_of = {name: gid for gid, name in enumerate(order)}
        hmtx = font["hmtx"].metrics
        cps = tuple(sorted(cmap))
        advances = tuple(hmtx[cmap[cp]][0] for cp in cps)
        gids = tuple(gid_of[cmap[cp]] for cp in cps)
        half = _half_width_forms(font, cmap, gid_of, hmtx, upem)
        cff = is_cff(font)
        cid_keyed, cids, ros = False, {}, ("Adobe", "Identity", 0)
        if "CFF " in font:
            top = font["CFF "].cff.topDictIndex[0]
            if hasattr(top, "ROS"):
                cid_keyed = True
                registry, ordering, supplement = top.ROS
                ros = (str(registry), str(ordering), int(supplement))
                cids = _cids(order, set(gids) | {g for _, g in half})
        name = font["name"]
        family = name.getDebugName(4) or name.getDebugName(1) or ""
        return FaceRecord(upem, cps, advances, gids, cff, cid_keyed, cids, ros, family,
                          _descriptor(font, family), half)
    finally:
        font.close()


def _half_width_forms(font, cmap: dict, gid_of: dict, hmtx: dict, upem: int) -> tuple:
    """The half-width forms (GSUB feature hwid) of printable ASCII, each half an
    em wide: the figures a Chinese daily sets its numbers in (二分数字)."""
    try:
        subst = _hwid_substitutions(font)
    except Exception:  # noqa: BLE001 - a damaged GSUB only costs the forms: digits are scaled
        return ()
    out = []
    for cp in range(0x21, 0x7F):
        new = subst.get(cmap.get(cp))
        if new is not None and new in gid_of and hmtx[new][0] * 2 == upem:
            out.append((cp, gid_of[new]))
    return tuple(out)


def _hwid_substitutions(font) -> dict[str, str]:
    """Glyph → its half-width form, from the GSUB lookups of feature hwid."""
    if "GSUB" not in font or font["GSUB"].table.FeatureList is None:
        return {}
    table = font["GSUB"].table
    subst: dict[str, str] = {}
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag != "hwid":
            continue
        for index in record.Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                sub = getattr(sub, "ExtSubTable", sub)     # extension lookups (type 7)
                for old, new in (getattr(sub, "mapping", None) or {}).items():
                    subst.setdefault(old, new)
    return subst


def _cids(order: list[str], used: set[int]) -> dict:
    """Glyph → CID for the glyphs the cmap reaches whose CID is not their index
    (fontTools names the glyphs of a CID-keyed font cidNNNNN after the charset)."""
    out = {}
    for gid in used:
        match = _CID_NAME.match(order[gid])
        cid = int(match.group(1)) if match else gid
        if cid != gid:
            out[gid] = cid
    return out


def _descriptor(font, family: str) -> Descriptor:
    head, hhea = font["head"], font["hhea"]
    os2 = font["OS/2"] if "OS/2" in font else None
    post = font["post"] if "post" in font else None
    ascent = os2.sTypoAscender if os2 is not None else hhea.ascent
    descent = os2.sTypoDescender if os2 is not None else hhea.descent
    cap = getattr(os2, "sCapHeight", 0) if os2 is not None else 0
    if not cap:
        cap = ascent
    ps = font["name"].getDebugName(6) or family or "Font"
    ps = re.sub(r"[^A-Za-z0-9_.-]", "", ps) or "Font"
    # sFamilyClass 1–7 are the serif classes (OpenType OS/2 spec); Song/Ming faces say so
    serif = os2 is not None and 1 <= (os2.sFamilyClass >> 8) <= 7
    return Descriptor(ps, (head.xMin, head.yMin, head.xMax, head.yMax), int(ascent), int(descent),
                      int(cap), float(post.italicAngle) if post is not None else 0.0,
                      bool(post.isFixedPitch) if post is not None else False, serif)
