"""Level-0 IIIF tiles of a page image: every image a client asks for is
there at the size its URL says, and an unchanged image is not cut again."""
from __future__ import annotations

import json

from PIL import Image

from layout.output.iiif import STAMP, level_size, scale_factors, tile_urls, write_tiles
from layout.output.vips import load_pyvips

pyvips = load_pyvips()


def _page(width=1300, height=1800, shade=0):
    image = pyvips.Image.black(width, height, bands=3) + 255
    # a dark block, so that levels differ from one another
    return image.draw_rect([shade, shade, shade], 100, 200, 400, 300, fill=True)


def test_scale_factors_go_down_to_one_tile():
    assert scale_factors(2303, 3224) == (1, 2, 4, 8)
    assert scale_factors(400, 300) == (1,)
    assert level_size(2303, 3224, 8) == (288, 403)


def test_every_url_exists_with_the_size_it_names(tmp_path):
    info = write_tiles(_page(), tmp_path / "p01", "https://example.org/iiif/p01", 2.0)
    assert info.scale_factors == (1, 2, 4)
    assert info.sizes == ((325, 450), (650, 900))
    for url in tile_urls(info):
        path = tmp_path / "p01" / url
        assert path.is_file(), url
        size = url.split("/")[1]
        if size != "max":
            with Image.open(path) as image:
                assert image.size == tuple(int(v) for v in size.split(",")), url
    with Image.open(tmp_path / "p01" / "full" / "max" / "0" / "default.jpg") as image:
        assert image.size == (1300, 1800)
    # the whole page at the smallest scale is named by the canonical region
    assert not list((tmp_path / "p01").glob("0,0,1300,1800"))
    document = json.loads((tmp_path / "p01" / "info.json").read_text("utf-8"))
    assert document["sizes"] == [{"width": 325, "height": 450}, {"width": 650, "height": 900}]
    assert document["id"] == "https://example.org/iiif/p01"
    assert document["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]


def test_an_unchanged_image_keeps_its_tree_and_a_changed_one_is_cut_again(tmp_path):
    target = tmp_path / "p01"
    write_tiles(_page(), target, "https://example.org/iiif/p01", 2.0)
    tile = target / "0,0,512,512" / "512,512" / "0" / "default.jpg"
    first = tile.stat().st_mtime_ns
    write_tiles(_page(), target, "https://example.org/other/p01", 2.0)
    assert tile.stat().st_mtime_ns == first
    # the info.json is written again: its id may change
    assert json.loads((target / "info.json").read_text("utf-8"))["id"] == "https://example.org/other/p01"
    stamp = (target / STAMP).read_text("utf-8")
    write_tiles(_page(shade=80), target, "https://example.org/iiif/p01", 2.0)
    assert (target / STAMP).read_text("utf-8") != stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p01"]     # no work folders left
