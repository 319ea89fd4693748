"""The digital edition (数字报): a static site under `web/` that works from
any static host and from file://. See pages.py for what each page holds,
search_index.py for the search, assets/ for the style sheet, the viewer
script and the vendored OpenSeadragon."""
from __future__ import annotations

import shutil
from pathlib import Path

from ...atomic import write_bytes
from ..edition_view import EditionView
from ..iiif import ImageInfo
from ..paths import PackagePaths
from . import pages
from .photos import write_photo
from .search_index import build_index, index_script

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ("site.css", "viewer.js", "search.js", "openseadragon.min.js", "openseadragon-LICENSE.txt",
               "README.md")


def write_site(view: EditionView, images: dict[int, ImageInfo], paths: PackagePaths, web_dir: str | Path,
               fonts) -> list[Path]:
    """Write the site's pages, photos, search index and assets into `web_dir`
    (the tiles, ALTO, PDFs and manifest are written beside them by their own
    writers); returns the files written."""
    web = Path(web_dir)
    written = []

    def put(relative: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        write_bytes(web / relative, data)
        written.append(web / relative)

    for name in ASSET_FILES:
        target = web / paths.assets / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / name, target)
        written.append(target)
    photos = {}
    for story in view.stories:
        for k, figure in enumerate(story.figures):
            size = write_photo(figure, web / paths.photo(story.id, k))
            if size:
                photos[(story.id, k)] = size
                written.append(web / paths.photo(story.id, k))
    put(paths.index, pages.edition_page(view, images, paths))
    for page in view.pages:
        put(paths.page_view(page.number), pages.page_view(view, page.number, images[page.number], paths, fonts))
    for number, story in enumerate(view.stories):
        put(paths.article(story.id), pages.article_page(view, number, paths, photos))
    put(paths.search, pages.search_page(view, paths))
    put(paths.search_index, index_script(build_index(view, paths)))
    return written
