"""The archival PDF: PDF/A-2a (ISO 19005-2, level A: tagged) of the whole
edition, made from the print PDF that `pdf.write_pdf` wrote, with pikepdf
(qpdf) — never through Ghostscript, which rebuilds fonts and loses the CJK
text layer.

What changes from the print PDF:

* identification: XMP metadata with `pdfaid:part 2, conformance A` (§6.6.4)
  that agrees with the document information dictionary (Title, Creator,
  Producer and the dates; the PDF/X keys go), and /Lang zh-CN (§6.7.4);
* the output intent: GTS_PDFA1 on the print PDF's CMYK profile (§6.2.3),
  which also makes its DeviceCMYK and DeviceGray legal (§6.2.4.3);
* a logical structure (§6.7): the line marks `/BanmianLine <<…/Seq n>> BDC`
  that pdf.py writes around every text line get an MCID, and a structure
  tree is built from the plan — per page a Sect, per article an Art with its
  kicker (P), headline (H1), deck and author (P), paragraphs (P) and subheads
  (H2) whose lines may lie on two pages (a jump), its photos (Figure with
  the caption as /Alt) and captions (Caption); the masthead a Sect of its own.
  Running heads, folios, footers, jump lines (下转第X版) and the repeated
  headline over a continuation are pagination artifacts; rules, boxes, trim
  marks and placeholder frames are layout artifacts (ISO 32000-1 §14.8.2.2);
* the CropBox is the TrimBox, so a reader shows the page as cut; page
  transitions go;
* streams are written by qpdf, which ends every stream's data with an EOL
  before `endstream` (§6.1.7.1).

Fonts, images and drawing are left exactly as pdf.py made them; the checks
of `layout/check/pdfa.py` hold the result to the clauses they name.
"""
from __future__ import annotations

import hashlib
import re
import uuid
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..atomic import replacing
from ..plan import ArticleBox, PagePlan, PhotoBox, TextLine
from . import pdfx
from .edition_view import EditionView

LANGUAGE = "zh-CN"
PART, CONFORMANCE = 2, "A"
MARK = "/BanmianLine"
PATH_OPS = frozenset("m l c v y h re".split())
PAINT_OPS = frozenset("S s f F f* B B* b b* n".split())
# headline kinds and the structure type each line becomes
HEAD_TYPES = {"kicker": "P", "headline": "H1", "deck": "P", "author": "P"}
PAGINATION = frozenset({"header", "folio", "section", "credits", "footer", "continued", "jump-headline"})
MASTHEAD = frozenset({"paper", "masthead", "ear"})


@dataclass
class _Elem:
    """A structure element being built."""
    type: str
    parent: "_Elem | None" = None
    title: str = ""
    alt: str = ""
    kids: list = field(default_factory=list)      # _Elem or (page index, mcid)

    def add(self, kid: "_Elem") -> "_Elem":
        kid.parent = self
        self.kids.append(kid)
        return kid


@dataclass
class _Page:
    """What each marked line and each painted picture of a page is in the tree."""
    lines: dict[int, object] = field(default_factory=dict)      # seq → _Elem, or an artifact dict
    pictures: list = field(default_factory=list)                # in drawing order: _Elem or None


def _flat_lines(plan: PagePlan) -> list[tuple[object, TextLine]]:
    """(owner, line) in the order pdf.py numbers them (/Seq): every line of
    every module, the furniture's, then the reversed ones."""
    out = [(m, line) for m in plan.modules for line in m.lines]
    out += [(plan.furniture, line) for line in plan.furniture.lines]
    out += [(m, line) for m in plan.modules for line in m.reversed_lines]
    out += [(plan.furniture, line) for line in plan.furniture.reversed_lines]
    return out


def _artifact(line: TextLine, plan: PagePlan) -> Dictionary:
    subtype = "/Footer" if line.baseline > plan.height / 2 else "/Header"
    return Dictionary(Type=Name.Pagination, Subtype=Name(subtype))


class _TreeBuilder:
    """Builds the structure tree of the edition from the view and the plans."""

    def __init__(self, view: EditionView):
        self.view = view
        self.root = _Elem("Document", title=view.title)
        self.pages: list[_Page] = [_Page() for _ in view.pages]
        self.articles: dict[str, _Elem] = {}
        self.paragraphs: dict[tuple[str, int], _Elem] = {}

    def build(self) -> _Elem:
        for index, page in enumerate(self.view.pages):
            sect = self.root.add(_Elem("Sect", title=page.label))
            self._masthead(index, page.plan, sect)
            for story_id in page.stories:
                story = self.view.story(story_id)
                if story.page == page.number:
                    self.articles[story.id] = sect.add(_Elem("Art", title=story.title))
            self._page(index, page.plan)
        return self.root

    def _masthead(self, index: int, plan: PagePlan, sect: _Elem) -> None:
        lines = [line for line in plan.furniture.lines if line.kind in MASTHEAD]
        if not lines and not plan.furniture.pictures:
            return
        head = sect.add(_Elem("Sect", title="报头"))
        ear = None
        for line in lines:
            # the ear box (报眼) is one paragraph set in several lines; the rest are items
            if line.kind == "ear":
                ear = ear or head.add(_Elem("P"))
                self.pages[index].lines[id(line)] = ear
            else:
                self.pages[index].lines[id(line)] = head.add(_Elem("P"))
        for _ in plan.furniture.pictures:
            figure = head.add(_Elem("Figure", alt=self.view.paper))
            self.pages[index].pictures.append(("furniture", figure))

    def _page(self, index: int, plan: PagePlan) -> None:
        record = self.pages[index]
        for line in plan.furniture.lines:
            if line.kind not in MASTHEAD:
                record.lines[id(line)] = _artifact(line, plan)
        module_figures = []
        for module in plan.modules:
            art = self.articles.get(self._story_id(plan, module))
            if art is None:
                continue
            heads: dict[str, _Elem] = {}
            for line in module.lines:
                record.lines[id(line)] = self._line_elem(plan, module, line, art, heads)
            for picture in module.pictures:
                story = self.view.story(self._story_id(plan, module))
                caption = next((f.caption for f in story.figures if f.caption), "")
                figure = _Elem("Figure", alt=caption or story.title)
                if picture.picture is not None:
                    art.add(figure)
                    module_figures.append(figure)
                cap = art.add(_Elem("Caption")) if picture.caption else None
                for line in picture.caption:
                    record.lines[id(line)] = cap
        # pictures are painted modules first, then the furniture's (plan.pictures)
        record.pictures = [("module", f) for f in module_figures] + record.pictures

    def _story_id(self, plan: PagePlan, module) -> str:
        if isinstance(module, ArticleBox):
            return module.id
        page = self.view.page(plan.number)
        photos = [sid for sid in page.stories if self.view.story(sid).kind == "photo"
                  and any(p.module is module for p in self.view.story(sid).parts)]
        return photos[0] if photos else ""

    def _line_elem(self, plan: PagePlan, module, line: TextLine, art: _Elem, heads: dict):
        if line.kind in PAGINATION:
            return _artifact(line, plan)
        if line.kind == "caption" or isinstance(module, PhotoBox):
            return None   # set with its picture
        if line.kind in HEAD_TYPES:
            if line.kind not in heads:
                heads[line.kind] = self._head_elem(art, line.kind)
            return heads[line.kind]
        key = (module.id, line.paragraph if line.paragraph is not None else -1)
        if key not in self.paragraphs:
            self.paragraphs[key] = self._insert_paragraph(art, key[1], "H2" if line.kind == "subhead" else "P")
        return self.paragraphs[key]

    def _head_elem(self, art: _Elem, kind: str) -> _Elem:
        """Headline group elements stay before the body, in kicker, headline,
        deck, author order, whatever order their lines come in."""
        order = ("kicker", "headline", "deck", "author")
        elem = _Elem(HEAD_TYPES[kind], title=kind)
        elem.parent = art
        position = 0
        for k, kid in enumerate(art.kids):
            if isinstance(kid, _Elem) and kid.title in order and order.index(kid.title) < order.index(kind):
                position = k + 1
        art.kids.insert(position, elem)
        return elem

    def _insert_paragraph(self, art: _Elem, block: int, kind: str) -> _Elem:
        """Paragraphs in block order, after the headline group, before the figures."""
        elem = _Elem(kind, title=f"block {block}")
        elem.parent = art
        position = len(art.kids)
        for k, kid in enumerate(art.kids):
            if isinstance(kid, _Elem) and kid.type in ("Figure", "Caption"):
                position = k
                break
            if isinstance(kid, _Elem) and kid.title.startswith("block ") and int(kid.title[6:]) > block:
                position = k
                break
        art.kids.insert(position, elem)
        return elem


# -- content streams ----------------------------------------------------------------------

def _tag_page(pdf: pikepdf.Pdf, page: pikepdf.Page, plan: PagePlan, record: _Page, page_index: int,
              parent_tree: list) -> None:
    """Give each line mark an MCID (or wrap it as an artifact), each picture a
    Figure mark, each path an artifact mark; rewrite the page's content."""
    by_seq = {seq: line for seq, (_, line) in enumerate(_flat_lines(plan))}
    ops = pikepdf.parse_content_stream(page)
    out = []
    mcid = 0
    pictures = iter(record.pictures)
    stack = []           # open marked-content sequences: True where we must close an artifact after
    in_text = in_path = False

    def mark(elem) -> Dictionary:
        nonlocal mcid
        elem.kids.append((page_index, mcid))
        parent_tree.append(elem)
        props = Dictionary(MCID=mcid)
        mcid += 1
        return props

    for operands, operator in ops:
        op = str(operator)
        if op == "BT":
            in_text = True
        elif op == "ET":
            in_text = False
        if op == "BDC" and str(operands[0]) == MARK:
            props = operands[1]
            line = by_seq.get(int(props.get("/Seq", -1)))
            target = record.lines.get(id(line)) if line is not None else None
            if isinstance(target, _Elem):
                props.MCID = mark(target)["/MCID"]
                out.append(pikepdf.ContentStreamInstruction([operands[0], props], operator))
                stack.append(False)
            else:
                artifact = target if isinstance(target, Dictionary) else Dictionary(Type=Name.Layout)
                out.append(pikepdf.ContentStreamInstruction([Name.Artifact, artifact], pikepdf.Operator("BDC")))
                out.append(pikepdf.ContentStreamInstruction(operands, operator))
                stack.append(True)
            continue
        if op in ("BDC", "BMC"):
            stack.append(False)
        if op == "EMC":
            out.append(pikepdf.ContentStreamInstruction(operands, operator))
            if stack and stack.pop():
                out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            continue
        if op == "Do" and not in_text:
            kind, figure = next(pictures, (None, None))
            if figure is None:
                raise ValueError(f"page {plan.number}: more pictures painted than the plan has")
            props = mark(figure)
            out.append(pikepdf.ContentStreamInstruction([Name.Figure, props], pikepdf.Operator("BDC")))
            out.append(pikepdf.ContentStreamInstruction(operands, operator))
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            continue
        if op in PATH_OPS and not in_path and not in_text:
            artifact = Dictionary(Type=Name.Layout)
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact, artifact], pikepdf.Operator("BDC")))
            in_path = True
        out.append(pikepdf.ContentStreamInstruction(operands, operator))
        if op in PAINT_OPS and in_path:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
            in_path = False
    if next(pictures, None) is not None:
        raise ValueError(f"page {plan.number}: the plan has pictures the PDF does not paint")
    data = pikepdf.unparse_content_stream(out)
    stream = pikepdf.Stream(pdf, b"")
    stream.write(zlib.compress(data, 6), filter=Name.FlateDecode)
    page.obj.Contents = pdf.make_indirect(stream)


# -- the structure tree as PDF objects -----------------------------------------------------

def _struct_objects(pdf: pikepdf.Pdf, root: _Elem, pages, parent_trees: list[list]) -> Dictionary:
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    made: dict[int, pikepdf.Object] = {}

    def make(elem: _Elem, parent) -> pikepdf.Object:
        obj = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.type), P=parent))
        made[id(elem)] = obj
        if elem.alt:
            obj.Alt = String(elem.alt)
        if elem.type in ("Document", "Sect", "Art") and elem.title:
            obj.T = String(elem.title)
        kid_pages = {k[0] for k in elem.kids if isinstance(k, tuple)}
        own_page = min(kid_pages) if kid_pages else None
        if own_page is not None:
            obj.Pg = pages[own_page].obj
        kids = Array()
        for kid in elem.kids:
            if isinstance(kid, _Elem):
                if kid.kids:
                    kids.append(make(kid, obj))
            elif kid[0] == own_page:
                kids.append(kid[1])
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid[0]].obj, MCID=kid[1]))
        obj.K = kids
        return obj

    document = make(root, tree_root)
    nums = Array()
    for index, elems in enumerate(parent_trees):
        nums.append(index)
        nums.append(pdf.make_indirect(Array([made[id(e)] for e in elems])))
    tree_root.K = Array([document])
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree_root.ParentTreeNextKey = len(parent_trees)
    return tree_root


# -- metadata ---------------------------------------------------------------------------

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?")


def xmp_date(pdf_date: str) -> str:
    """D:20000101000000+00'00' → 2000-01-01T00:00:00+00:00 (the same instant)."""
    m = _PDF_DATE.match(pdf_date)
    if not m:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    y, mo, d, h, mi, s, zone = m.groups()
    if not zone or zone == "Z":
        tz = "Z"
    else:
        digits = zone.replace("'", "")
        tz = f"{digits[:3]}:{digits[3:5]}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{tz}"


def xmp_packet(title: str, creator: str, producer: str, created: str, modified: str,
               document_id: str, instance_id: str) -> bytes:
    """XMP for PDF/A-2: only schemas the XMP specification and ISO 19005
    predefine (§6.6.2.3.1), no `bytes` or `encoding` in the packet header
    (§6.6.2.1), the identification last (§6.6.4)."""
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
      <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
      <xmp:CreateDate>{created}</xmp:CreateDate>
      <xmp:ModifyDate>{modified}</xmp:ModifyDate>
      <xmp:MetadataDate>{modified}</xmp:MetadataDate>
      <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
      <pdf:Producer>{escape(producer)}</pdf:Producer>
      <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
      <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
      <pdfaid:part>{PART}</pdfaid:part>
      <pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
"""
    return (body + (" " * 99 + "\n") * 20 + '<?xpacket end="w"?>').encode("utf-8")


def _ids(title: str, source: bytes) -> tuple[str, str]:
    doc = uuid.UUID(bytes=hashlib.sha256(("banmian-pdfa:" + title).encode("utf-8")).digest()[:16], version=4)
    inst = uuid.UUID(bytes=hashlib.sha256(b"banmian-pdfa:" + source).digest()[:16], version=4)
    return f"uuid:{doc}", f"uuid:{inst}"


def _identify(pdf: pikepdf.Pdf, title: str, source_digest: bytes) -> None:
    info = pdf.docinfo
    creator = str(info.get("/Creator", "Banmian"))
    producer = str(info.get("/Producer", "Banmian"))
    created = str(info.get("/CreationDate", "D:20000101000000Z"))
    modified = str(info.get("/ModDate", created))
    for key in list(info.keys()):
        del info[key]
    # the Info dictionary says what the XMP says (and nothing it does not)
    info.Title = String(title)
    info.Creator = String(creator)
    info.Producer = String(producer)
    info.CreationDate = String(created)
    info.ModDate = String(modified)
    document_id, instance_id = _ids(title, source_digest)
    packet = xmp_packet(title, creator, producer, xmp_date(created), xmp_date(modified),
                        document_id, instance_id)
    stream = pikepdf.Stream(pdf, packet)
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def _output_intent(pdf: pikepdf.Pdf, profile: pdfx.OutputProfile | None) -> None:
    """One GTS_PDFA1 intent, on the CMYK profile the print PDF already embeds
    (or `profile` when it has none)."""
    existing = None
    for intent in pdf.Root.get("/OutputIntents", Array()):
        if "/DestOutputProfile" in intent:
            existing = intent.DestOutputProfile
            source = {k: intent[k] for k in ("/OutputConditionIdentifier", "/OutputCondition", "/Info",
                                             "/RegistryName") if k in intent}
            break
    if existing is None:
        if profile is None:
            raise ValueError("no CMYK output profile for the PDF/A output intent")
        existing = pdf.make_indirect(pikepdf.Stream(pdf, zlib.compress(profile.data), Filter=Name.FlateDecode,
                                                    N=profile.components))
        source = {"/" + k: String(v) for k, v in pdfx.output_intent(profile).items()}
    intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, DestOutputProfile=existing)
    for key, value in source.items():
        intent[key] = value
    pdf.Root.OutputIntents = Array([intent])


def make_pdfa(source: str, target: str, view: EditionView, plans: list[PagePlan],
              profile: pdfx.OutputProfile | None = None) -> None:
    """Write the PDF/A-2a of the edition at `target` from the print PDF
    `source` (every page of `plans`, in order, as pdf.write_pdf draws them)."""
    with open(source, "rb") as handle:
        digest = hashlib.sha256(handle.read()).digest()
    with pikepdf.open(source) as pdf:
        if len(pdf.pages) != len(plans):
            raise ValueError(f"{source} has {len(pdf.pages)} pages, the plan {len(plans)}")
        builder = _TreeBuilder(view)
        root = builder.build()
        parent_trees = []
        for index, (page, plan) in enumerate(zip(pdf.pages, plans)):
            elems: list = []
            _tag_page(pdf, page, plan, builder.pages[index], index, elems)
            page.obj.StructParents = index
            parent_trees.append(elems)
            page.obj.CropBox = page.obj.get("/TrimBox", page.obj.MediaBox)
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        pdf.Root.StructTreeRoot = _struct_objects(pdf, root, pdf.pages, parent_trees)
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = String(LANGUAGE)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        _output_intent(pdf, profile)
        _identify(pdf, view.title, digest)
        with replacing(target, ".pdf") as tmp:
            pdf.save(tmp, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     deterministic_id=True, qdf=False, linearize=False)
