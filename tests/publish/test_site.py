"""The digital edition as files: self-contained (every link leads to a file
of the site, nothing comes from elsewhere), every page and story present,
article pages with their parts, page views with their areas and lists."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.render


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, dict]] = []    # (tag, url, attrs)
        self.html_lang = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        for key in ("href", "src", "action"):
            if key in a:
                self.links.append((tag, a[key], a))
        self._script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        self._script = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._script:
            self.scripts.append(data)
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def _html_files(result):
    return sorted(result.web_dir.rglob("*.html"))


def test_every_page_is_chinese_titled_and_fits_a_phone(published):
    for path in _html_files(published):
        page = _parse(path)
        assert page.html_lang == "zh-CN", path
        assert page.title.strip(), path
        assert "width=device-width" in page.meta.get("viewport", ""), path


def test_every_link_leads_to_a_file_of_the_site_and_nothing_comes_from_elsewhere(published):
    web = published.web_dir
    for path in _html_files(published):
        for tag, url, _ in _parse(path).links:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{path.name}: {url} leaves the site"
            if not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(web)}: {url} leads nowhere"
            assert web.resolve() in target.parents, f"{path.name}: {url} leaves the site's folder"


def test_the_edition_page_shows_every_page_and_every_headline(published):
    page = _parse(published.web_dir / "index.html")
    hrefs = [url for tag, url, _ in page.links if tag == "a"]
    for view_page in published.view.pages:
        assert f"p{view_page.number:02d}.html" in hrefs
        assert view_page.section in "".join(page.text)
    for story in published.view.stories:
        assert f"articles/{story.id}.html" in hrefs
    images = [url for tag, url, _ in page.links if tag == "img"]
    assert len(images) == len(published.view.pages)
    text = "".join(page.text)
    assert published.view.paper in text and published.view.date_text in text


def _page_data(path: Path) -> dict:
    script = next(s for s in _parse(path).scripts if "BANMIAN_PAGE" in s)
    return json.loads(re.search(r"window\.BANMIAN_PAGE = (.*);\s*$", script, re.S).group(1))


def test_a_page_view_has_an_area_and_a_listed_link_for_each_story(demo_published):
    view = demo_published.view
    for page in view.pages:
        path = demo_published.web_dir / f"p{page.number:02d}.html"
        data = _page_data(path)
        listed = [a for tag, url, a in _parse(path).links if tag == "a" and "data-story" in a]
        assert [a["data-story"] for a in listed] == list(page.stories)
        zones = [z for z in data["zones"] if z["kind"] == "article"]
        assert sorted(z["story"] for z in zones) == sorted(page.stories)
        assert data["info"]["id"] == f"iiif/p{page.number:02d}"       # relative: works from file://
        for zone in zones:
            assert zone["d"].startswith("M") and zone["d"].endswith("Z")
            assert zone["href"] == f"articles/{zone['story']}.html"


def test_a_jump_links_both_parts(demo_published):
    first = _page_data(demo_published.web_dir / "p01.html")
    second = _page_data(demo_published.web_dir / "p03.html")
    jump_out = [z for z in first["zones"] if z["kind"] == "jump"]
    jump_back = [z for z in second["zones"] if z["kind"] == "jump"]
    assert [(z["story"], z["href"]) for z in jump_out] == [("03-laojiu", "p03.html#story-03-laojiu")]
    assert [(z["story"], z["href"]) for z in jump_back] == [("03-laojiu", "p01.html#story-03-laojiu")]
    listed = [url for tag, url, a in _parse(demo_published.web_dir / "p01.html").links if "jump" in a.get("class", "")]
    assert listed == ["p03.html#story-03-laojiu"]


def test_an_article_page_has_its_parts_and_its_neighbours(demo_published):
    view = demo_published.view
    stories = list(view.stories)
    for number, story in enumerate(stories):
        path = demo_published.web_dir / "articles" / f"{story.id}.html"
        page = _parse(path)
        text = "".join(page.text)
        for part in (story.kicker, story.deck, story.author):
            assert part in text
        if story.kind == "article":
            assert story.headline in text
        rels = {a.get("rel"): url for tag, url, a in page.links if a.get("rel")}
        assert ("prev" in rels) == (number > 0) and ("next" in rels) == (number + 1 < len(stories))
        if number > 0:
            assert rels["prev"] == f"../articles/{stories[number - 1].id}.html"
        back = [url for tag, url, a in page.links if a.get("class") == "back"]
        assert back == [f"../p{story.page:02d}.html#story-{story.id}"]
    laojiu = "".join(_parse(demo_published.web_dir / "articles" / "03-laojiu.html").text)
    # the whole text, both parts of the jump, and no jump line in it
    assert "居民们最迫切的愿望" in laojiu and "让居民早日住上“好房子”" in laojiu
    assert "下转" not in laojiu and "上接" not in laojiu
    assert laojiu.count("加装电梯圆了“下楼梦”") == 1


def test_photos_and_captions_are_on_their_article_pages(demo_published):
    for story in demo_published.view.stories:
        page = _parse(demo_published.web_dir / "articles" / f"{story.id}.html")
        images = [a for tag, url, a in page.links if tag == "img"]
        present = [f for f in story.figures if f.path]
        assert len(images) == len(present), story.id
        for image, figure in zip(images, present):
            assert image["alt"] == (figure.caption or story.title)
            assert figure.caption in "".join(page.text)


def test_the_viewer_is_shipped_with_its_licence(demo_published):
    assets = demo_published.web_dir / "assets"
    osd = (assets / "openseadragon.min.js").read_text("utf-8")
    assert osd.startswith("//! openseadragon 6.1.1")
    assert "BSD" in (assets / "openseadragon-LICENSE.txt").read_text("utf-8") or \
        "Redistribution and use" in (assets / "openseadragon-LICENSE.txt").read_text("utf-8")
    assert (assets / "search-index.js").read_text("utf-8").startswith("window.BANMIAN_SEARCH = ")


def test_every_article_area_is_one_shape(published):
    """Headline, columns and photos of a part join into one outline, however
    they stand (a centred headline, a photo under it, columns of unequal
    length): one area to click, not pieces."""
    for story in published.view.stories:
        for part in story.parts:
            assert len(part.outline) == 1, (story.id, part.page)
