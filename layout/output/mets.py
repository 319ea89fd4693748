"""METS 1.12 for the issue: every file of the package (page images, ALTO,
page PDFs, the archival PDF of the edition) with its SHA-256, the physical
structure (the issue's pages, each with its image, ALTO and PDF) and the
logical structure (the issue, its sections, and each article with its
heading, author, body and illustrations, pointing into the ALTO blocks).

An article that jumps (转版) is one logical div whose body has a part on each
page, in reading order; structLink ties it to every page it is on. File
references are relative to the METS file, which lies at the root of the
published package. Descriptive metadata are MODS (title, date, language for
the issue; headline, deck and author for each article).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..file_digest import file_sha256
from .alto import part_blocks, part_id
from .edition_view import EditionView, Story
from .paths import PackagePaths, page_name

METS = "http://www.loc.gov/METS/"
MODS = "http://www.loc.gov/mods/v3"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{METS} http://www.loc.gov/standards/mets/mets.xsd"
LANGUAGE = "zh-CN"


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _mods(tag: str) -> str:
    return f"{{{MODS}}}{tag}"


def _xlink(name: str) -> str:
    return f"{{{XLINK}}}{name}"


def _dmd(parent: ET.Element, dmd_id: str, title: str, subtitle: str = "", author: str = "",
         date: str = "", genre: str = "") -> None:
    section = ET.SubElement(parent, _m("dmdSec"), ID=dmd_id)
    wrap = ET.SubElement(section, _m("mdWrap"), MDTYPE="MODS")
    mods = ET.SubElement(ET.SubElement(wrap, _m("xmlData")), _mods("mods"))
    title_info = ET.SubElement(mods, _mods("titleInfo"))
    ET.SubElement(title_info, _mods("title")).text = title
    if subtitle:
        ET.SubElement(title_info, _mods("subTitle")).text = subtitle
    if author:
        name = ET.SubElement(mods, _mods("name"))
        ET.SubElement(name, _mods("namePart")).text = author
        role = ET.SubElement(name, _mods("role"))
        ET.SubElement(role, _mods("roleTerm"), type="text").text = "author"
    if genre:
        ET.SubElement(mods, _mods("genre")).text = genre
    if date:
        origin = ET.SubElement(mods, _mods("originInfo"))
        ET.SubElement(origin, _mods("dateIssued"), encoding="iso8601").text = date
    language = ET.SubElement(mods, _mods("language"))
    ET.SubElement(language, _mods("languageTerm"), type="code", authority="rfc5646").text = LANGUAGE


def _file(group: ET.Element, file_id: str, mimetype: str, href: str, root: Path, seq: int | None = None) -> None:
    path = root / href
    attrs = {"ID": file_id, "MIMETYPE": mimetype, "SIZE": str(path.stat().st_size),
             "CHECKSUM": file_sha256(path), "CHECKSUMTYPE": "SHA-256"}
    if seq is not None:
        attrs["SEQ"] = str(seq)
    element = ET.SubElement(group, _m("file"), attrs)
    ET.SubElement(element, _m("FLocat"), {"LOCTYPE": "URL", _xlink("href"): href})


def _file_ids(number: int) -> dict[str, str]:
    name = page_name(number)
    return {"image": f"IMG_{name}", "alto": f"ALTO_{name}", "pdf": f"PDF_{name}"}


def _file_sec(root: ET.Element, view: EditionView, paths: PackagePaths, package: Path) -> None:
    files = ET.SubElement(root, _m("fileSec"))
    images = ET.SubElement(files, _m("fileGrp"), USE="IMAGE")
    alto = ET.SubElement(files, _m("fileGrp"), USE="ALTO")
    pdfs = ET.SubElement(files, _m("fileGrp"), USE="PDF")
    for seq, page in enumerate(view.pages, 1):
        ids = _file_ids(page.number)
        _file(images, ids["image"], "image/jpeg", paths.full_image(page.number), package, seq)
        _file(alto, ids["alto"], "text/xml", paths.alto(page.number), package, seq)
        _file(pdfs, ids["pdf"], "application/pdf", paths.page_pdf(page.number), package, seq)
    archival = ET.SubElement(files, _m("fileGrp"), USE="ARCHIVE")
    _file(archival, "PDFA_issue", "application/pdf", paths.archival_pdf, package)


def _physical(root: ET.Element, view: EditionView) -> None:
    struct = ET.SubElement(root, _m("structMap"), TYPE="PHYSICAL")
    issue = ET.SubElement(struct, _m("div"), ID="phys_issue", TYPE="physSequence", LABEL=view.title)
    ET.SubElement(issue, _m("fptr"), FILEID="PDFA_issue")
    for order, page in enumerate(view.pages, 1):
        div = ET.SubElement(issue, _m("div"), ID=f"phys_{page_name(page.number)}", TYPE="page",
                            ORDER=str(order), ORDERLABEL=str(page.number), LABEL=page.label)
        for file_id in _file_ids(page.number).values():
            ET.SubElement(div, _m("fptr"), FILEID=file_id)


def _areas(parent: ET.Element, areas: list[tuple[int, str]]) -> None:
    """An fptr to one ALTO block, or a sequence of them."""
    fptr = ET.SubElement(parent, _m("fptr"))
    holder = ET.SubElement(fptr, _m("seq")) if len(areas) > 1 else fptr
    for page, block_id in areas:
        ET.SubElement(holder, _m("area"), FILEID=_file_ids(page)["alto"], BEGIN=block_id, BETYPE="IDREF")


def _article(parent: ET.Element, story: Story, order: int) -> ET.Element:
    div = ET.SubElement(parent, _m("div"), ID=f"log_{story.id}", TYPE="photo" if story.kind == "photo"
                        else "article", ORDER=str(order), LABEL=story.title, DMDID=f"dmd_{story.id}")
    heading, authors, figures, body = [], [], [], []
    for part in story.parts:
        part_body = []
        for block, _, _ in part_blocks(part, story):
            if block.role == "heading":
                heading.append((part.page, block.id))
            elif block.role == "author":
                authors.append((part.page, block.id))
            elif block.role in ("figure", "caption"):
                figures.append((block.role, part.page, block.id))
            elif block.role in ("body", "subhead"):
                part_body.append((part.page, block.id))
        if part_body:
            body.append((part, part_body))
    if heading:
        _areas(ET.SubElement(div, _m("div"), ID=f"log_{story.id}_heading", TYPE="heading",
                             LABEL=story.headline or story.title), heading)
    if authors:
        _areas(ET.SubElement(div, _m("div"), ID=f"log_{story.id}_author", TYPE="author",
                             LABEL=story.author), authors)
    if body:
        body_div = ET.SubElement(div, _m("div"), ID=f"log_{story.id}_body", TYPE="body")
        for k, (part, areas) in enumerate(body, 1):
            label = f"第{part.page}版" + ({"first": "（转下）", "continuation": "（续）"}.get(part.kind, ""))
            part_div = ET.SubElement(body_div, _m("div"), ID=f"log_{part_id(part.page, story)}_body",
                                     TYPE="body-part", ORDER=str(k), LABEL=label)
            _areas(part_div, areas)
    figure_index = 0
    for role, page, block_id in figures:
        if role == "figure":
            figure_index += 1
            caption = story.figures[figure_index - 1].caption if figure_index <= len(story.figures) else ""
            figure_div = ET.SubElement(div, _m("div"), ID=f"log_{block_id}", TYPE="illustration",
                                       LABEL=caption or "图片")
            _areas(figure_div, [(page, block_id)])
        else:
            parent_div = figure_div if figure_index else div
            _areas(ET.SubElement(parent_div, _m("div"), ID=f"log_{block_id}", TYPE="caption"),
                   [(page, block_id)])
    return div


def _logical(root: ET.Element, view: EditionView) -> None:
    struct = ET.SubElement(root, _m("structMap"), TYPE="LOGICAL")
    issue = ET.SubElement(struct, _m("div"), ID="log_issue", TYPE="issue", LABEL=view.title, DMDID="dmd_issue")
    order = 0
    for page in view.pages:
        firsts = [view.story(sid) for sid in page.stories if view.story(sid).page == page.number]
        if not firsts:
            continue
        section = ET.SubElement(issue, _m("div"), ID=f"log_section_{page_name(page.number)}", TYPE="section",
                                LABEL=page.label)
        for story in firsts:
            order += 1
            _article(section, story, order)


def _struct_link(root: ET.Element, view: EditionView) -> None:
    links = ET.SubElement(root, _m("structLink"))
    for story in view.stories:
        for page in story.pages:
            ET.SubElement(links, _m("smLink"), {_xlink("from"): f"log_{story.id}",
                                                _xlink("to"): f"phys_{page_name(page)}"})


def mets_document(view: EditionView, paths: PackagePaths, package: str | Path,
                  software_version: str = "") -> bytes:
    """The METS file of the issue; `package` is the folder the paths are in
    (the files must exist: their sizes and checksums are recorded)."""
    package = Path(package)
    ET.register_namespace("mets", METS)
    ET.register_namespace("mods", MODS)
    ET.register_namespace("xlink", XLINK)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_m("mets"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION, "OBJID": view.name,
                                   "TYPE": "newspaper issue", "LABEL": view.title})
    header = ET.SubElement(root, _m("metsHdr"))
    agent = ET.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    ET.SubElement(agent, _m("name")).text = "Banmian" + (f" {software_version}" if software_version else "")
    _dmd(root, "dmd_issue", view.paper, date=view.date.isoformat(), genre="newspaper")
    for story in view.stories:
        _dmd(root, f"dmd_{story.id}", story.title, story.deck, story.author)
    _file_sec(root, view, paths, package)
    _physical(root, view)
    _logical(root, view)
    _struct_link(root, view)
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
