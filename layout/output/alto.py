"""ALTO 4.4: the text of a page with the position of every line, word and
character, from the plan — exact by construction, not recognised.

Layout. The page's PrintSpace holds one ComposedBlock (TYPE "article" or
"photo") per article part: TextBlocks for its headline group and its author,
an Illustration and a caption TextBlock per photo, and a TextBlock for each
paragraph's lines within one text column, chained in reading order by
IDNEXT. The METS file points at these blocks by ID (`block ids` below), so a
jumped article's body is found on both pages. Furniture (running header,
masthead, footer) are TextBlocks of their own.

Strings. Chinese has no spaces between words, and the ALTO schema defines a
String as a sequence of characters between white space. We do not guess word
boundaries with a dictionary (a wrong guess would be baked into the archive);
we use the default word boundaries of Unicode UAX #29, which put a boundary
on each side of every ideograph: each Han character and each punctuation
mark is a String of its own, a run of Latin letters or digits (2024, 2.3,
CN00-0000's parts) is one String with a Glyph per character. Blank glyphs
(the ideographic space after a dateline) are SP elements. Every String has
WC 1.0 and CC all 0 (ALTO's CC runs 0 = sure … 9 = unsure), every Glyph
GC 1.0: the text is what was set, not what was read.

Coordinates are pixels of the page image the IIIF service serves (its
`scale` pixels per point), measured from the page's top-left corner: glyph
em boxes (geometry.glyph_box) and their unions.
"""
from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..fonts.book import FontBook
from ..plan import HEADLINE_KINDS, ArticleBox, PagePlan, PhotoBox, TextLine
from .edition_view import EditionView, Part, Story
from .geometry import Rect, bounding, glyph_box, line_box, picture_rect

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XLINK = "http://www.w3.org/1999/xlink"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
LANGUAGE = "zh-CN"
BLANKS = frozenset(" \u3000\u00a0")
ALIGN = {"justify": "Block", "left": "Left", "center": "Center", "right": "Right"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _box(element, rect: Rect, scale: float) -> None:
    element.set("HPOS", _num(rect.x * scale))
    element.set("VPOS", _num(rect.y * scale))
    element.set("WIDTH", _num(rect.width * scale))
    element.set("HEIGHT", _num(rect.height * scale))


# -- ids, shared with METS ---------------------------------------------------------------

def part_id(page: int, story: Story) -> str:
    return f"p{page:02d}_{story.id}"


@dataclass(frozen=True)
class Block:
    """A TextBlock or Illustration of an article part, for METS."""
    id: str
    role: str                 # heading, author, body, figure, caption, jump


# -- text styles --------------------------------------------------------------------------

class _Styles:
    """One TextStyle per face and size used on the page."""

    def __init__(self, fonts: FontBook):
        self.fonts = fonts
        self.used: dict[tuple[str, float], str] = {}

    def of(self, face: str | None, size: float) -> str:
        key = (face or "missing", size)
        if key not in self.used:
            self.used[key] = f"font_{key[0]}_{_num(size).replace('.', '_')}"
        return self.used[key]

    def elements(self) -> list[ET.Element]:
        out = []
        for (face_id, size), style_id in sorted(self.used.items(), key=lambda kv: kv[1]):
            element = ET.Element(_q("TextStyle"), ID=style_id)
            face = self.fonts.faces.get(face_id)
            family = face.metrics.family if face else "missing"
            element.set("FONTFAMILY", family)
            element.set("FONTTYPE", "sans-serif" if "sans" in family.lower() else "serif")
            element.set("FONTWIDTH", "proportional")
            element.set("FONTSIZE", _num(size))
            if any(w in family.lower() for w in ("bold", "black", "heavy")):
                element.set("FONTSTYLE", "bold")
            out.append(element)
        return out


def _line_style(line: TextLine, styles: _Styles) -> str | None:
    counts: dict[str, int] = {}
    for g in line.glyphs:
        key = styles.of(g.face, g.size)
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get) if counts else None


# -- strings ----------------------------------------------------------------------------

def _is_word_char(ch: str) -> bool:
    """Letters and digits that UAX #29 joins into one word (not ideographs)."""
    if ch.isascii():
        return ch.isalnum()
    category = unicodedata.category(ch)
    if category == "Nd":
        return True
    return category.startswith("L") and unicodedata.east_asian_width(ch) not in ("W", "F") \
        and not unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA"))


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each String or space of a line, kind "word" or
    "space": UAX #29 default boundaries (a word of letters and digits, with
    . , : between digits as in 2.3 or 1,200; every other character alone)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in BLANKS:
            j = i + 1
            while j < n and text[j] in BLANKS:
                j += 1
            out.append((i, j, "space"))
        elif _is_word_char(ch):
            j = i + 1
            while j < n and (_is_word_char(text[j]) or (
                    text[j] in ".,:" and j + 1 < n and text[j - 1].isdigit() and text[j + 1].isdigit())):
                j += 1
            out.append((i, j, "word"))
        else:
            j = i + 1
            out.append((i, j, "word"))
        i = j
    return out


def _text_line(line: TextLine, line_id: str, fonts: FontBook, styles: _Styles, scale: float):
    box = line_box(fonts, line)
    element = ET.Element(_q("TextLine"), ID=line_id)
    _box(element, box, scale)
    element.set("BASELINE", f"{_num(box.x * scale)},{_num(line.baseline * scale)} "
                            f"{_num(box.right * scale)},{_num(line.baseline * scale)}")
    style = _line_style(line, styles)
    if style:
        element.set("STYLEREFS", style)
    glyphs = line.glyphs
    text = "".join(g.ch for g in glyphs)
    for k, (start, end, kind) in enumerate(segments(text)):
        boxes = [glyph_box(fonts, line, g) for g in glyphs[start:end]]
        rect = bounding(boxes)
        if kind == "space":
            sp = ET.SubElement(element, _q("SP"))
            _box(sp, rect, scale)
            continue
        string = ET.SubElement(element, _q("String"), ID=f"{line_id}_s{k}", CONTENT=text[start:end])
        _box(string, rect, scale)
        own = styles.of(glyphs[start].face, glyphs[start].size)
        if own != style:
            string.set("STYLEREFS", own)
        string.set("WC", "1.0")
        string.set("CC", "0" * (end - start))
        if end - start > 1:
            for g, gbox in zip(glyphs[start:end], boxes):
                glyph = ET.SubElement(string, _q("Glyph"), CONTENT=g.ch)
                _box(glyph, gbox, scale)
                glyph.set("GC", "1.0")
    return element


def _text_block(block_id: str, lines: list[TextLine], tag: str, fonts: FontBook, styles: _Styles,
                scale: float) -> ET.Element | None:
    lines = [line for line in lines if line.glyphs]
    if not lines:
        return None
    element = ET.Element(_q("TextBlock"), ID=block_id)
    _box(element, bounding(line_box(fonts, line) for line in lines), scale)
    element.set("TAGREFS", f"tag_{tag}")
    element.set("LANG", LANGUAGE)
    for k, line in enumerate(lines):
        element.append(_text_line(line, f"{block_id}_l{k}", fonts, styles, scale))
    return element


# -- blocks of an article part ----------------------------------------------------------

def _body_groups(module: ArticleBox) -> list[tuple[str, list[TextLine]]]:
    """Body lines in reading order (column by column, top down), grouped by
    column and paragraph: (role, lines)."""
    body = [line for line in module.lines
            if line.kind not in HEADLINE_KINDS and line.kind != "caption"]
    body.sort(key=lambda line: (line.column if line.column is not None else -1, line.baseline))
    groups: list[tuple[tuple, str, list[TextLine]]] = []
    for line in body:
        role = "jump" if line.kind == "continued" else ("subhead" if line.kind == "subhead" else "body")
        key = (line.column, line.paragraph, role)
        if groups and groups[-1][0] == key:
            groups[-1][2].append(line)
        else:
            groups.append((key, role, [line]))
    return [(role, lines) for _, role, lines in groups]


def part_blocks(part: Part, story: Story) -> list[tuple[Block, list[TextLine] | None, Rect | None]]:
    """The blocks of an article part in reading order: (block, its lines, or
    for an illustration its rectangle)."""
    base = part_id(part.page, story)
    module = part.module
    out = []
    if isinstance(module, ArticleBox):
        heads = [line for line in module.headline_lines if line.kind != "author"]
        roles = {line.kind for line in heads}
        head_role = "jump" if roles == {"jump-headline"} else "heading"
        if heads:
            out.append((Block(f"{base}_head", head_role), heads, None))
        authors = [line for line in module.headline_lines if line.kind == "author"]
        if authors:
            out.append((Block(f"{base}_author", "author"), authors, None))
    if isinstance(module, ArticleBox):
        for k, (role, lines) in enumerate(_body_groups(module)):
            out.append((Block(f"{base}_b{k + 1}", role), lines, None))
    for k, picture in enumerate(module.pictures):
        rect = picture_rect(picture)
        if rect is not None:
            out.append((Block(f"{base}_fig{k + 1}", "figure"), None, rect))
        caption = list(picture.caption) or (list(module.lines) if isinstance(module, PhotoBox) else [])
        if caption:
            out.append((Block(f"{base}_cap{k + 1}", "caption"), caption, None))
    return out


def _composed_block(part: Part, story: Story, fonts: FontBook, styles: _Styles, scale: float):
    composed = ET.Element(_q("ComposedBlock"), ID=part_id(part.page, story))
    composed.set("TYPE", "photo" if story.kind == "photo" else "article")
    children, rects = [], []
    for block, lines, rect in part_blocks(part, story):
        if lines is None:
            element = ET.Element(_q("Illustration"), ID=block.id, TYPE="photo")
            _box(element, rect, scale)
            rects.append(rect)
        else:
            element = _text_block(block.id, lines, block.role, fonts, styles, scale)
            rects.extend(line_box(fonts, line) for line in lines if line.glyphs)
        if element is not None:
            children.append(element)
    # the blocks' own extent: a hanging quote may stand outside the module
    _box(composed, bounding(rects) or part.bounds, scale)
    text_blocks = [c for c in children if c.tag == _q("TextBlock")]
    for a, b in zip(text_blocks, text_blocks[1:]):
        a.set("IDNEXT", b.get("ID"))
    composed.extend(children)
    return composed


def _furniture(plan: PagePlan, fonts: FontBook, styles: _Styles, scale: float) -> list[ET.Element]:
    groups: list[tuple[str, list[TextLine]]] = []
    for line in plan.furniture.lines:
        if groups and groups[-1][0] == line.kind:
            groups[-1][1].append(line)
        else:
            groups.append((line.kind, [line]))
    out = []
    for k, (kind, lines) in enumerate(groups):
        block = _text_block(f"p{plan.number:02d}_furniture{k + 1}", lines, kind, fonts, styles, scale)
        if block is not None:
            out.append(block)
    return out


TAG_LABELS = {
    "heading": "headline group (kicker, headline, deck) / 引题、主题、副题",
    "author": "author / 作者", "body": "body paragraph / 正文", "subhead": "subhead / 小标题",
    "caption": "photo caption / 图片说明", "jump": "jump line / 转版提示",
    "paper": "paper's name / 报名", "masthead": "masthead / 报头", "ear": "ear / 报眼",
    "section": "section / 版名", "folio": "folio / 版次、日期", "credits": "page credits / 责任编辑",
    "footer": "footer / 报脚", "header": "running header / 报眉",
}


def _tags(used: set[str]) -> ET.Element:
    tags = ET.Element(_q("Tags"))
    for name in sorted(used):
        ET.SubElement(tags, _q("StructureTag"), ID=f"tag_{name}", TYPE="role",
                      LABEL=TAG_LABELS.get(name, name))
    return tags


def alto_page(view: EditionView, number: int, fonts: FontBook, scale: float, image_width: int,
              image_height: int, image_file: str, software_version: str = "") -> bytes:
    """The ALTO file of page `number` as UTF-8 bytes."""
    page = view.page(number)
    plan = page.plan
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    ET.register_namespace("xlink", XLINK)
    root = ET.Element(_q("alto"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION, "SCHEMAVERSION": "4.4"})
    description = ET.SubElement(root, _q("Description"))
    ET.SubElement(description, _q("MeasurementUnit")).text = "pixel"
    source = ET.SubElement(description, _q("sourceImageInformation"))
    ET.SubElement(source, _q("fileName")).text = image_file
    processing = ET.SubElement(description, _q("Processing"), ID="typesetting")
    ET.SubElement(processing, _q("processingCategory")).text = "contentGeneration"
    ET.SubElement(processing, _q("processingStepDescription")).text = (
        "Text and positions written by the typesetter from its page plan; no recognition "
        "(every confidence is certain)")
    software = ET.SubElement(processing, _q("processingSoftware"))
    ET.SubElement(software, _q("softwareName")).text = "Banmian"
    if software_version:
        ET.SubElement(software, _q("softwareVersion")).text = software_version
    styles = _Styles(fonts)
    styles_element = ET.SubElement(root, _q("Styles"))
    tags_slot = len(root)
    layout = ET.SubElement(root, _q("Layout"))
    page_element = ET.SubElement(layout, _q("Page"), ID=f"p{number:02d}", PHYSICAL_IMG_NR=str(number),
                                 PRINTED_IMG_NR=str(number), WIDTH=str(image_width), HEIGHT=str(image_height),
                                 PROCESSINGREFS="typesetting", PC="1.0", LANG=LANGUAGE)
    space = ET.SubElement(page_element, _q("PrintSpace"))
    _box(space, Rect(0, 0, plan.width, plan.height), scale)
    for story_id in page.stories:
        story = view.story(story_id)
        for part in story.parts:
            if part.page == number:
                space.append(_composed_block(part, story, fonts, styles, scale))
    space.extend(_furniture(plan, fonts, styles, scale))
    styles_element.extend(styles.elements())
    used = {e.get("TAGREFS")[4:] for e in root.iter(_q("TextBlock")) if e.get("TAGREFS")}
    root.insert(tags_slot, _tags(used))
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
