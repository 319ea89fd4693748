"""IIIF: level-0 image tiles of each page, their info.json, and a
Presentation 3 manifest of the edition.

Tiles. libvips (`dzsave`, layout iiif3) cuts the page image into 512-pixel
tiles at every power-of-two scale, about four times faster than Pillow. A
level-0 service is only the files a client asks for, so what libvips leaves
out is added here: the `sizes` of the whole page and their images
(`full/w,h/…`), the whole page at full size (`full/max/…`, the canonical
form of Image API 3 §4.7), and the smallest scale under its canonical region
`full` (libvips names it `0,0,w,h`). The info.json is written here in full.

Manifest (Presentation API 3.0). A canvas per page whose coordinates are the
page image's pixels, the tiles as its image service, the page's ALTO and PDF
as renderings; each article part an annotation on its region carrying its
text, and each article a Range over the regions of its parts (across a jump,
on two canvases). Plain dictionaries, checked against the official JSON
Schema by the tests.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes
from .edition_view import EditionView, Part, Story
from .geometry import Rect
from .paths import PackagePaths, page_name

TILE = 512
JPEG_QUALITY = 85
IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
LANGUAGE = "zh-CN"
ALTO_PROFILE = "http://www.loc.gov/standards/alto/v4/alto.xsd"


@dataclass(frozen=True)
class ImageInfo:
    """A tiled page image: its size in pixels and how many pixels a point is."""
    width: int
    height: int
    scale: float                              # pixels per point of the plan
    scale_factors: tuple[int, ...]
    sizes: tuple[tuple[int, int], ...]        # whole-page sizes below full, smallest first


def scale_factors(width: int, height: int, tile: int = TILE) -> tuple[int, ...]:
    """1, 2, 4 … down to the first scale at which the page fits in one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) > tile or math.ceil(height / factors[-1]) > tile:
        factors.append(factors[-1] * 2)
    return tuple(factors)


def level_size(width: int, height: int, factor: int) -> tuple[int, int]:
    return math.ceil(width / factor), math.ceil(height / factor)


STAMP = ".banmian-source"   # what the tree was cut from: a tree cut from the same pixels is kept


def write_tiles(image, out_dir: str | os.PathLike, service_id: str, scale: float,
                tile: int = TILE) -> ImageInfo:
    """Cut `image` (a pyvips.Image) into a level-0 IIIF tree at `out_dir`
    (replacing it whole) and write its info.json; `scale` is pixels per point.
    A tree already cut from the same pixels, the same way, is kept as it is
    (only its info.json is written again): republishing an unchanged page
    costs a hash instead of some hundred files and folders."""
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    if image.bands == 4:
        image = image.flatten(background=[255, 255, 255])
    image = image.copy_memory()   # read once: the sizes below read it again
    width, height = image.width, image.height
    factors = scale_factors(width, height, tile)
    sizes = tuple(level_size(width, height, f) for f in reversed(factors[1:]))
    info = ImageInfo(width, height, scale, factors, sizes)
    stamp = _stamp(image, tile)
    if (out / STAMP).is_file() and (out / STAMP).read_text("utf-8") == stamp and (out / "info.json").is_file():
        write_bytes(out / "info.json", _json(info_json(info, service_id)))
        return info
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        tree = work / "tree"
        image.dzsave(str(tree), layout="iiif3", tile_size=tile,
                     overlap=0, suffix=f".jpg[Q={JPEG_QUALITY},strip]")
        _canonical_full(tree, width, height)
        level = image
        for factor in factors[1:]:
            # each size halves the one before, averaging 2×2 pixels as libvips
            # does for the tiles (a Lanczos resize took four times as long)
            level = level.shrink(2, 2)
            w, h = level_size(width, height, factor)
            _save(level, tree / "full" / f"{w},{h}" / "0" / "default.jpg", w, h)
        _save(image, tree / "full" / "max" / "0" / "default.jpg", width, height)
        write_bytes(tree / "info.json", _json(info_json(info, service_id)))
        write_bytes(tree / STAMP, stamp.encode("utf-8"))
        if out.exists():
            os.replace(out, work / "old")   # removed with the work folder
        os.replace(tree, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return info


def _stamp(image, tile: int) -> str:
    digest = hashlib.sha256(image.write_to_memory()).hexdigest()
    return f"{digest} {image.width}x{image.height}x{image.bands} tile {tile} q {JPEG_QUALITY} v1\n"


def _save(image, path: Path, width: int, height: int) -> None:
    if (image.width, image.height) != (width, height):
        # resize rounds; a level-0 size must be exactly what info.json says
        image = image.gravity("north-west", width, height, extend="copy") \
            if image.width < width or image.height < height else image.crop(0, 0, width, height)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.jpegsave(str(path), Q=JPEG_QUALITY, strip=True)


def _canonical_full(tree: Path, width: int, height: int) -> None:
    """libvips names the whole-page region `0,0,w,h`; Image API 3 asks for `full`."""
    whole = tree / f"0,0,{width},{height}"
    if whole.exists():
        target = tree / "full"
        target.mkdir(exist_ok=True)
        for size in whole.iterdir():
            os.replace(size, target / size.name)
        whole.rmdir()
    leftover = tree / "vips-properties.xml"
    if leftover.exists():
        leftover.unlink()


def info_json(info: ImageInfo, service_id: str) -> dict:
    return {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": info.width,
        "height": info.height,
        "sizes": [{"width": w, "height": h} for w, h in info.sizes],
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": list(info.scale_factors)}],
        "preferredFormats": ["jpg"],
    }


def tile_urls(info: ImageInfo, tile: int = TILE) -> list[str]:
    """Every image a level-0 client may ask for, relative to the service:
    each tile of each scale, each listed size, and full/max."""
    urls = []
    for factor in info.scale_factors:
        lw, lh = level_size(info.width, info.height, factor)
        if lw <= tile and lh <= tile:
            size = "max" if factor == 1 else f"{lw},{lh}"
            urls.append(f"full/{size}/0/default.jpg")
            continue
        step = tile * factor
        for y in range(0, info.height, step):
            for x in range(0, info.width, step):
                w, h = min(step, info.width - x), min(step, info.height - y)
                urls.append(f"{x},{y},{w},{h}/{math.ceil(w / factor)},{math.ceil(h / factor)}/0/default.jpg")
    urls += [f"full/{w},{h}/0/default.jpg" for w, h in info.sizes]
    urls.append("full/max/0/default.jpg")
    return list(dict.fromkeys(urls))


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- the manifest -----------------------------------------------------------------------

def _lang(text: str) -> dict:
    return {LANGUAGE: [text]}


def _xywh(rect: Rect, scale: float) -> str:
    x, y = math.floor(rect.x * scale), math.floor(rect.y * scale)
    right, bottom = math.ceil(rect.right * scale), math.ceil(rect.bottom * scale)
    return f"xywh={max(0, x)},{max(0, y)},{right - max(0, x)},{bottom - max(0, y)}"


def _image_service(paths: PackagePaths, number: int) -> list[dict]:
    return [{"id": paths.url(paths.image_service(number)), "type": "ImageService3", "profile": "level0"}]


def _canvas(view: EditionView, page, info: ImageInfo, paths: PackagePaths) -> dict:
    number = page.number
    canvas_id = paths.url(paths.canvas(number))
    thumb_w, thumb_h = info.sizes[-1] if info.sizes else (info.width, info.height)
    thumb = paths.sized_image(number, thumb_w, thumb_h) if info.sizes else paths.full_image(number)
    return {
        "id": canvas_id,
        "type": "Canvas",
        "label": _lang(page.label),
        "width": info.width,
        "height": info.height,
        "thumbnail": [{"id": paths.url(thumb), "type": "Image", "format": "image/jpeg",
                       "width": thumb_w, "height": thumb_h, "service": _image_service(paths, number)}],
        "items": [{
            "id": f"{canvas_id}/page",
            "type": "AnnotationPage",
            "items": [{
                "id": f"{canvas_id}/image",
                "type": "Annotation",
                "motivation": "painting",
                "body": {"id": paths.url(paths.full_image(number)), "type": "Image", "format": "image/jpeg",
                         "width": info.width, "height": info.height,
                         "service": _image_service(paths, number)},
                "target": canvas_id,
            }],
        }],
        "annotations": [{
            "id": f"{canvas_id}/text",
            "type": "AnnotationPage",
            "items": [_text_annotation(view.story(sid), part, canvas_id, info, paths)
                      for sid in page.stories for part in view.story(sid).parts if part.page == number],
        }],
        "rendering": [
            {"id": paths.url(paths.alto(number)), "type": "Dataset", "label": _lang(f"{page.label} ALTO 全文"),
             "format": "application/xml", "profile": ALTO_PROFILE},
            {"id": paths.url(paths.page_pdf(number)), "type": "Text", "label": _lang(f"{page.label} PDF"),
             "format": "application/pdf"},
        ],
    }


def _part_text(part: Part) -> str:
    module = part.module
    text = getattr(module, "text", None)
    if text is None:   # a photo item: its caption lines
        text = "".join(line.text for line in module.lines)
    return text.replace("\u3000", " ").strip()


def _text_annotation(story: Story, part: Part, canvas_id: str, info: ImageInfo, paths: PackagePaths) -> dict:
    suffix = "" if part.kind == "whole" else f"-{part.kind}"
    return {
        "id": f"{canvas_id}/text/{story.id}{suffix}",
        "type": "Annotation",
        "motivation": "supplementing",
        "label": _lang(story.title),
        "body": {"type": "TextualBody", "value": _part_text(part), "format": "text/plain",
                 "language": LANGUAGE},
        "target": f"{canvas_id}#{_xywh(part.bounds, info.scale)}",
    }


def _range(story: Story, images: dict[int, ImageInfo], paths: PackagePaths) -> dict:
    return {
        "id": paths.url(f"iiif/range/{story.id}"),
        "type": "Range",
        "label": _lang(story.title),
        "items": [{"id": f"{paths.url(paths.canvas(part.page))}#{_xywh(part.bounds, images[part.page].scale)}",
                   "type": "Canvas"} for part in story.parts],
        "rendering": [{"id": paths.url(paths.article(story.id)), "type": "Text",
                       "label": _lang(story.title), "format": "text/html"}],
    }


def manifest(view: EditionView, images: dict[int, ImageInfo], paths: PackagePaths) -> dict:
    """The edition's IIIF Presentation 3 manifest; `images` by page number."""
    ranges = []
    for page in view.pages:
        firsts = [view.story(sid) for sid in page.stories if view.story(sid).page == page.number]
        if firsts:
            ranges.append({"id": paths.url(f"iiif/range/{page_name(page.number)}"), "type": "Range",
                           "label": _lang(page.label),
                           "items": [_range(s, images, paths) for s in firsts]})
    return {
        "@context": PRESENTATION_CONTEXT,
        "id": paths.url(paths.manifest),
        "type": "Manifest",
        "label": _lang(f"{view.paper} {view.date_text}"),
        "summary": _lang(f"{view.paper} {view.date_text}，共{len(view.pages)}版"),
        "metadata": [
            {"label": _lang("报名"), "value": _lang(view.paper)},
            {"label": _lang("出版日期"), "value": _lang(view.date.isoformat())},
            {"label": _lang("版数"), "value": _lang(str(len(view.pages)))},
        ],
        "navDate": f"{view.date.isoformat()}T00:00:00+08:00",
        "viewingDirection": "left-to-right",
        "behavior": ["individuals"],
        "homepage": [{"id": paths.url(paths.index), "type": "Text", "label": _lang(view.title),
                      "format": "text/html", "language": [LANGUAGE]}],
        "rendering": [{"id": paths.url(paths.archival_pdf), "type": "Text",
                       "label": _lang(f"{view.title} PDF/A"), "format": "application/pdf"}],
        "seeAlso": [{"id": paths.url(paths.mets), "type": "Dataset", "label": _lang("METS"),
                     "format": "application/xml", "profile": "http://www.loc.gov/METS/"}],
        "items": [_canvas(view, page, images[page.number], paths) for page in view.pages],
        "structures": ranges,
    }


def write_manifest(view: EditionView, images: dict[int, ImageInfo], paths: PackagePaths,
                   out_dir: str | os.PathLike) -> Path:
    target = Path(out_dir) / paths.manifest
    write_bytes(target, _json(manifest(view, images, paths)))
    return target
