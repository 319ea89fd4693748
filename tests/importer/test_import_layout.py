"""`banmian import` of OCR layouts: the seed page as hOCR and as ALTO, its
blocks where the reference edition places its articles. The boxes snapped to
the grid give back the reference's `at` and `span`; the text is the text
import's; nothing of the source is lost."""
from __future__ import annotations

from layout.output.report import compiler_line

import re
from pathlib import Path

import pytest
import yaml

from layout.diagnostics import InputError
from layout.importer import ImportOptions, import_pages, read_page
from layout.importer.writer import PLACING_KNOWN
from layout.spec.article import parse_article
from ocr_pages import reference_places, write_seed_pages
from provenance import check_nothing_lost
from test_import_text import OPTIONS, SEED_COPY

REFERENCE = Path(__file__).resolve().parents[2] / "editions" / "xinxiang-daily-2024-11-06"
# the reference's photos: (text columns, grid lines) of 02, 06 and 08
REFERENCE_PHOTOS = {"02": (3, 32), "06": (5, 33), "08": (3, 23)}


@pytest.fixture(scope="module")
def imports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ocr")
    hocr, alto = write_seed_pages(folder / "scans")
    out = {}
    for name, files, options in (("text", [SEED_COPY], OPTIONS),
                                 ("hocr", [hocr], ImportOptions(paper="新乡日报", pages=(3,), section="区县新闻")),
                                 ("alto", [alto], ImportOptions(paper="新乡日报", pages=(3,), section="区县新闻"))):
        out[name] = folder / name
        import_pages([str(f) for f in files], str(out[name]), options)
    return out


def _items(edition: Path) -> list[dict]:
    return yaml.safe_load((edition / "edition.yaml").read_text("utf-8"))["pages"][0]["items"]


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_boxes_snap_to_the_reference_places(imports, fmt):
    items = _items(imports[fmt])
    assert [(tuple(i["at"]), tuple(i["span"])) for i in items] == reference_places()
    # placed from the original's boxes: its rank, but no kind whose treatment
    # (a commentary's box) would set it narrower than the page it rebuilds
    assert all(("rank" in i) == PLACING_KNOWN and "kind" not in i for i in items)


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_pictures_become_the_articles_photos(imports, fmt):
    for path in sorted((imports[fmt] / "articles").glob("*.md")):
        article, _ = parse_article(str(path))
        n = path.stem[-2:]
        if n in REFERENCE_PHOTOS:
            assert (article.photo.columns, article.photo.lines) == REFERENCE_PHOTOS[n], n
        else:
            assert article.photo is None, n


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_the_text_is_the_text_imports(imports, fmt):
    for a_path in sorted((imports["text"] / "articles").glob("*.md")):
        a, _ = parse_article(str(a_path))
        b, _ = parse_article(str(imports[fmt] / "articles" / a_path.name))
        for key in ("kicker", "headline", "deck", "author", "lead", "byline", "continued"):
            assert getattr(a, key) == getattr(b, key), (a.id, key)
        assert [(x.kind, x.text) for x in a.blocks] == [(x.kind, x.text) for x in b.blocks], a.id
        assert (a.photo and a.photo.credit) == (b.photo and b.photo.credit)


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_nothing_of_the_scan_is_lost(imports, fmt):
    check_nothing_lost(imports[fmt])
    # and the page's text holds every word the file holds, in order
    scan = next((imports[fmt] / "source").glob("p03.[hx]*"))
    words = (re.findall(r'class="ocrx_word"[^>]*>([^<]*)<', scan.read_text("utf-8")) if fmt == "hocr"
             else re.findall(r'CONTENT="([^"]*)"', scan.read_text("utf-8")))
    text = (imports[fmt] / "source" / "p03.text").read_text("utf-8")
    assert "".join(text.split()) == "".join(w.replace("&quot;", '"').replace("&amp;", "&") for w in words)


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_the_header_gives_the_date_and_the_tallest_headline_leads(imports, fmt):
    data = yaml.safe_load((imports[fmt] / "edition.yaml").read_text("utf-8"))
    assert str(data["date"]) == "2024-11-06"
    sizes = [i["headline_size"] for i in data["pages"][0]["items"]]
    assert sizes[0] == max(sizes)                # 01's headline is the page's largest
    log = (imports[fmt] / "import-log.txt").read_text("utf-8")
    assert "header: '2024年11月6日 星期三 区县新闻 第3版' → ''" in log


def test_a_picture_outside_every_article_is_a_photo_item(tmp_path):
    hocr = tmp_path / "p.hocr"
    hocr.write_text(
        '<html><body><div class="ocr_page" title="bbox 0 0 1000 1400">'
        '<div class="ocr_carea" title="bbox 100 100 500 160"><span class="ocr_line" title="bbox 100 100 400 160">'
        '<span class="ocrx_word" title="bbox 100 100 400 160">今日大雪</span></span></div>'
        '<div class="ocr_carea" title="bbox 100 200 500 700"><span class="ocr_line" title="bbox 140 200 500 220">'
        '<span class="ocrx_word" title="bbox 140 200 500 220">本报讯 今天下了大雪。</span></span></div>'
        '<div class="ocr_photo" title="bbox 600 100 900 700"></div></div></body></html>', "utf-8")
    out = tmp_path / "e"
    import_pages([str(hocr)], str(out), ImportOptions(paper="示例日报", date="2024-12-01"))
    items = _items(out)
    assert items[0]["article"] == "articles/p01-01.md" and items[1]["photo"] == {"file": "photos/p01-picture1.jpg"}
    assert items[0]["at"] == [1, 1] and items[1]["at"][0] > items[0]["at"][0] + items[0]["span"][0] - 1


@pytest.mark.parametrize("name, content, message", [
    ("bad.xml", '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page>\n<TextBlock>',
     "bad.xml:2:12: error: not well-formed XML"),
    ("notalto.xml", "<html><body/></html>", "notalto.xml:1: error: not an ALTO file"),
    ("bomb.xml", '<?xml version="1.0"?>\n<!DOCTYPE alto [<!ENTITY a "aaaa">]><alto/>',
     "bomb.xml:2:16: error: the file declares a document type or entities"),
    ("two.hocr", '<div class="ocr_page"></div><div class="ocr_page"></div>', "the file holds 2 pages"),
    ("none.hocr", "<html><body><p>text</p></body></html>", "none.hocr:1: error: no ocr_page in this file")])
def test_bad_layout_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as exc:
        read_page(str(path))
    assert message in compiler_line(exc.value.diagnostics[0])


@pytest.mark.render
def test_the_regenerated_page_renders_with_nothing_overset(imports, tmp_path):
    from layout.pipeline import RenderOptions, render
    result = render(str(imports["hocr"]), RenderOptions(out_dir=str(tmp_path / "out"), previews=False, jobs=1))
    codes = [d.code for d in result.diagnostics]
    assert "overset" not in codes and "missing-glyph" not in codes, \
        [d.message for d in result.diagnostics if d.code == "overset"]
    assert codes.count("photo-missing") == 3            # the photos an archivist adds later


def test_boxes_without_extent_place_nothing(tmp_path):
    hocr = tmp_path / "p.hocr"
    hocr.write_text(
        '<div class="ocr_page" title="bbox 0 0 100 100"><span class="ocr_line" title="bbox 5 5 5 5">'
        '<span class="ocrx_word" title="bbox 5 5 5 5">今日大雪</span></span>'
        '<span class="ocr_line" title="bbox 5 5 5 5"><span class="ocrx_word" title="bbox 5 5 5 5">'
        '本报讯 今天下了大雪。</span></span></div>', "utf-8")
    out = tmp_path / "e"
    result = import_pages([str(hocr)], str(out), ImportOptions(paper="示例日报", date="2024-12-01"))
    assert result.placed == 0 and _items(out)[0]["rank"] == "lead"


@pytest.mark.parametrize("fmt", ["hocr", "alto"])
def test_boxes_as_an_ocr_engine_gives_them_snap_the_same(tmp_path, fmt):
    """Every box off by up to 1.5 pt, blocks as large as their text only."""
    from ocr_pages import alto, as_scanned, hocr, seed_page
    page = as_scanned(seed_page())
    path = tmp_path / f"p03.{'hocr' if fmt == 'hocr' else 'xml'}"
    path.write_text(hocr(page) if fmt == "hocr" else alto(page), "utf-8")
    import_pages([str(path)], str(tmp_path / "e"), ImportOptions(paper="新乡日报", pages=(3,)))
    assert [(tuple(i["at"]), tuple(i["span"])) for i in _items(tmp_path / "e")] == reference_places()
    check_nothing_lost(tmp_path / "e")
