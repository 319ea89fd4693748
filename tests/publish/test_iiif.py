"""IIIF: level-0 tiles a client can walk without a server, a complete
info.json, and a Presentation 3 manifest that validates against the
official JSON Schema, with an article Range across a jump."""
from __future__ import annotations

import json
import math
import re

import pytest
from PIL import Image
from publishing import BASE_URL, SCHEMAS

from layout.output.iiif import tile_urls
from layout.output.paths import page_name

pytestmark = pytest.mark.render


def _info(result, number):
    return json.loads((result.web_dir / "iiif" / page_name(number) / "info.json").read_text("utf-8"))


def _manifest(result):
    return json.loads((result.web_dir / "iiif" / "manifest.json").read_text("utf-8"))


def test_the_manifest_validates_against_the_official_schema(published):
    import jsonschema
    schema = json.loads((SCHEMAS / "iiif-presentation-3.json").read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(_manifest(published)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_info_json_is_complete(published):
    for page in published.view.pages:
        info = _info(published, page.number)
        assert info["profile"] == "level0" and info["type"] == "ImageService3"
        assert info["id"].endswith(f"/iiif/{page_name(page.number)}")
        assert info["sizes"], "libvips writes no sizes; they are added"
        widths = [s["width"] for s in info["sizes"]]
        assert widths == sorted(widths) and widths[-1] < info["width"]
        factors = info["tiles"][0]["scaleFactors"]
        assert factors[0] == 1 and all(b == 2 * a for a, b in zip(factors, factors[1:]))
        # the smallest scale fits one tile
        assert math.ceil(info["width"] / factors[-1]) <= 512 and math.ceil(info["height"] / factors[-1]) <= 512


def _osd_urls(info) -> set[str]:
    """The URLs OpenSeadragon's IIIFTileSource asks a level-0 service for,
    worked out as it does (levels from the largest scale factor down)."""
    width, height = info["width"], info["height"]
    tile = info["tiles"][0]["width"]
    max_level = round(math.log2(max(info["tiles"][0]["scaleFactors"])))
    urls = set()
    for level in range(max_level + 1):
        scale = 0.5 ** (max_level - level)
        lw, lh = math.ceil(width * scale), math.ceil(height * scale)
        if lw < tile and lh < tile:
            size = "max" if (lw, lh) == (width, height) else f"{lw},{lh}"
            urls.add(f"full/{size}/0/default.jpg")
            continue
        step_w = round(tile / scale)
        for y in range(math.ceil(lh / tile)):
            for x in range(math.ceil(lw / tile)):
                rx, ry = x * step_w, y * step_w
                rw, rh = min(step_w, width - rx), min(step_w, height - ry)
                region = "full" if (rx, ry, rw, rh) == (0, 0, width, height) else f"{rx},{ry},{rw},{rh}"
                sw, sh = min(tile, lw - x * tile), min(tile, lh - y * tile)
                size = "max" if (sw, sh) == (width, height) else f"{sw},{sh}"
                urls.add(f"{region}/{size}/0/default.jpg")
    return urls


def test_every_image_a_level0_client_asks_for_exists(published):
    for page in published.view.pages:
        info = _info(published, page.number)
        service = published.web_dir / "iiif" / page_name(page.number)
        asked = _osd_urls(info) | {f"full/{s['width']},{s['height']}/0/default.jpg" for s in info["sizes"]}
        asked.add("full/max/0/default.jpg")
        missing = sorted(u for u in asked if not (service / u).is_file())
        assert not missing, missing[:5]
        # and the package's own list of its images says the same
        assert asked <= set(tile_urls(published_info(published, page.number)))


def published_info(result, number):
    from layout.output.iiif import ImageInfo
    info = _info(result, number)
    return ImageInfo(info["width"], info["height"], 1.0, tuple(info["tiles"][0]["scaleFactors"]),
                     tuple((s["width"], s["height"]) for s in info["sizes"]))


def test_tiles_and_sizes_have_the_size_their_urls_say(demo_published):
    service = demo_published.web_dir / "iiif" / "p01"
    info = _info(demo_published, 1)
    with Image.open(service / "full" / "max" / "0" / "default.jpg") as image:
        assert image.size == (info["width"], info["height"])
    for size in info["sizes"]:
        with Image.open(service / "full" / f"{size['width']},{size['height']}" / "0" / "default.jpg") as image:
            assert image.size == (size["width"], size["height"])
    for path in list(service.glob("*,*,*,*/*/0/default.jpg"))[:40]:
        w, h = (int(v) for v in path.parent.parent.name.split(","))
        with Image.open(path) as image:
            assert image.size == (w, h)


def test_a_canvas_per_page_with_its_image_service_alto_and_pdf(published):
    manifest = _manifest(published)
    assert [c["label"]["zh-CN"][0] for c in manifest["items"]] == [p.label for p in published.view.pages]
    for canvas, page in zip(manifest["items"], published.view.pages):
        info = _info(published, page.number)
        assert (canvas["width"], canvas["height"]) == (info["width"], info["height"])
        body = canvas["items"][0]["items"][0]["body"]
        assert body["service"][0]["id"] == info["id"]
        formats = {r["format"] for r in canvas["rendering"]}
        assert formats == {"application/xml", "application/pdf"}
        base = manifest["homepage"][0]["id"].removesuffix("index.html")
        for rendering in canvas["rendering"]:
            assert (published.web_dir / rendering["id"].removeprefix(base)).is_file()


def test_each_article_part_is_an_annotation_with_its_region_and_text(demo_published):
    manifest = _manifest(demo_published)
    canvas = manifest["items"][0]
    annotations = canvas["annotations"][0]["items"]
    view = demo_published.view
    parts = [(s, p) for s in view.stories for p in s.parts if p.page == 1]
    assert len(annotations) == len(parts)
    for annotation, (story, part) in zip(annotations, parts):
        assert annotation["label"]["zh-CN"] == [story.title]
        x, y, w, h = (int(v) for v in re.search(r"#xywh=(.*)$", annotation["target"]).group(1).split(","))
        assert 0 <= x and x + w <= canvas["width"] and 0 <= y and y + h <= canvas["height"]
        text = annotation["body"]["value"]
        assert story.headline.replace(" ", "")[:4] in text.replace(" ", "") or story.kind == "photo"


def test_an_article_that_jumps_is_one_range_over_two_canvases(demo_published):
    manifest = _manifest(demo_published)
    ranges = [r for section in manifest["structures"] for r in section["items"]]
    laojiu = next(r for r in ranges if r["id"].endswith("/03-laojiu"))
    canvases = [item["id"].split("#")[0] for item in laojiu["items"]]
    assert canvases == [f"{BASE_URL}iiif/canvas/p01", f"{BASE_URL}iiif/canvas/p03"]
    # every story is a range, once
    assert sorted(r["id"].rsplit("/", 1)[1] for r in ranges) == sorted(s.id for s in demo_published.view.stories)
