"""Where each file of the published package lies, relative to its root
(`build/<edition>/web/`), and its address on the host that serves it.

One place names them, so the site's links, the METS file's references and
the IIIF manifest's ids cannot disagree. The site itself only ever uses the
relative paths (it works from file:// and from any folder of any host); the
IIIF and METS files need absolute addresses, made from `base_url`.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE_URL = "http://localhost:8000/"


def page_name(number: int) -> str:
    return f"p{number:02d}"


@dataclass(frozen=True)
class PackagePaths:
    edition: str
    base_url: str = DEFAULT_BASE_URL

    def url(self, relative: str) -> str:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return base + relative

    # -- the site ---------------------------------------------------------------------
    index = "index.html"
    search = "search.html"
    assets = "assets"
    search_index = "assets/search-index.js"

    def page_view(self, number: int) -> str:
        return f"{page_name(number)}.html"

    def article(self, story_id: str) -> str:
        return f"articles/{story_id}.html"

    def photo(self, story_id: str, index: int) -> str:
        return f"images/{story_id}-{index + 1}.jpg"

    # -- images (IIIF level 0) ----------------------------------------------------------
    def image_service(self, number: int) -> str:
        return f"iiif/{page_name(number)}"

    def full_image(self, number: int) -> str:
        return f"iiif/{page_name(number)}/full/max/0/default.jpg"

    def sized_image(self, number: int, width: int, height: int) -> str:
        return f"iiif/{page_name(number)}/full/{width},{height}/0/default.jpg"

    manifest = "iiif/manifest.json"

    def canvas(self, number: int) -> str:
        return f"iiif/canvas/{page_name(number)}"

    # -- text and print ---------------------------------------------------------------
    def alto(self, number: int) -> str:
        return f"alto/{page_name(number)}.xml"

    def page_pdf(self, number: int) -> str:
        return f"pdf/{page_name(number)}.pdf"

    @property
    def archival_pdf(self) -> str:
        return f"pdf/{self.edition}.pdfa.pdf"

    mets = "mets.xml"
