"""METS for the issue: valid against METS 1.12.1, every file it names
present with its checksum, articles pointing into the ALTO blocks, and an
article that jumps one logical unit over two pages."""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import pytest

from layout.output.alto import NS as ALTO_NS

pytestmark = pytest.mark.render

M = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _mets(result):
    return ET.parse(result.web_dir / "mets.xml").getroot()


def test_it_validates_against_mets_1_12_1(published, mets_schema):
    mets_schema.validate(str(published.web_dir / "mets.xml"))


def test_every_file_is_there_with_its_checksum(published):
    mets = _mets(published)
    files = list(mets.iter(M + "file"))
    assert {f.get("MIMETYPE") for f in files} == {"image/jpeg", "text/xml", "application/pdf"}
    for f in files:
        path = published.web_dir / f.find(M + "FLocat").get(XLINK + "href")
        assert path.is_file()
        assert f.get("CHECKSUMTYPE") == "SHA-256"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == f.get("CHECKSUM")
        assert int(f.get("SIZE")) == path.stat().st_size


def test_each_page_has_its_image_alto_and_pdf(published):
    mets = _mets(published)
    physical = next(s for s in mets.iter(M + "structMap") if s.get("TYPE") == "PHYSICAL")
    pages = [d for d in physical.iter(M + "div") if d.get("TYPE") == "page"]
    assert [d.get("LABEL") for d in pages] == [p.label for p in published.view.pages]
    for div in pages:
        assert len(div.findall(M + "fptr")) == 3


def test_every_area_points_at_a_block_of_its_alto(published):
    mets = _mets(published)
    hrefs = {f.get("ID"): f.find(M + "FLocat").get(XLINK + "href") for f in mets.iter(M + "file")}
    ids: dict[str, set] = {}
    for area in mets.iter(M + "area"):
        href = hrefs[area.get("FILEID")]
        if href not in ids:
            root = ET.parse(published.web_dir / href).getroot()
            ids[href] = {e.get("ID") for e in root.iter() if e.get("ID")}
        assert area.get("BETYPE") == "IDREF"
        assert area.get("BEGIN") in ids[href], (href, area.get("BEGIN"))


def test_an_article_across_a_jump_is_one_logical_unit(demo_published):
    mets = _mets(demo_published)
    article = next(d for d in mets.iter(M + "div") if d.get("ID") == "log_03-laojiu")
    assert article.get("TYPE") == "article"
    kinds = [d.get("TYPE") for d in article.findall(M + "div")]
    assert kinds[:2] == ["heading", "body"]
    body = next(d for d in article.findall(M + "div") if d.get("TYPE") == "body")
    parts = body.findall(M + "div")
    assert [p.get("TYPE") for p in parts] == ["body-part", "body-part"]
    files = [{a.get("FILEID") for a in p.iter(M + "area")} for p in parts]
    assert files == [{"ALTO_p01"}, {"ALTO_p03"}]
    links = {(link.get(XLINK + "from"), link.get(XLINK + "to")) for link in mets.iter(M + "smLink")}
    assert {("log_03-laojiu", "phys_p01"), ("log_03-laojiu", "phys_p03")} <= links


def test_heading_and_author_point_at_their_blocks(reference_published):
    mets = _mets(reference_published)
    article = next(d for d in mets.iter(M + "div") if d.get("ID") == "log_04-wushiburao")
    author = next(d for d in article.findall(M + "div") if d.get("TYPE") == "author")
    block_id = author.find(f"{M}fptr/{M}area").get("BEGIN")
    alto = ET.parse(reference_published.web_dir / "alto" / "p03.xml").getroot()
    block = next(e for e in alto.iter(f"{{{ALTO_NS}}}TextBlock") if e.get("ID") == block_id)
    assert "".join(s.get("CONTENT") for s in block.iter(f"{{{ALTO_NS}}}String")) == "张璠"
