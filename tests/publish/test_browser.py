"""The digital edition in a real browser: Debian's chromium driven by
selenium through /usr/bin/chromedriver (setup.sh installs both), on the
site opened from file://, as a reader uses it: click an article's area on
the page, follow a jump, tab through the articles, search, read on a phone.
The page view's time to its first tiles is measured and printed."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.render

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20.0


def _driver(width: int = 1366, height: int = 900, phone: bool = False):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not Path(tool).exists():
            pytest.fail(f"{tool} is missing: run `bash setup.sh setup` (it installs chromium and "
                        "chromium-driver)", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--lang=zh-CN", f"--window-size={width},{height}"):
        options.add_argument(argument)
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _driver()
    yield driver
    driver.quit()


def _wait(condition, what: str, timeout: float = WAIT):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = condition()
        except (NoSuchElementException, StaleElementReferenceException):
            value = None
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _first_tiles(driver) -> int:
    return int(_wait(lambda: driver.find_element("id", "viewer").get_attribute("data-first-tile-ms"),
                     f"the first tiles of {driver.current_url}"))


def _url(result, relative: str) -> str:
    path, _, fragment = relative.partition("#")
    return (result.web_dir / path).resolve().as_uri() + (f"#{fragment}" if fragment else "")


def test_the_page_view_shows_its_first_tiles_soon(browser, demo_published, tmp_path):
    times = []
    for number in (1, 3):
        browser.get(_url(demo_published, f"p{number:02d}.html"))
        times.append(_first_tiles(browser))
    print(f"\npage view: first tiles shown {times[0]} ms and {times[1]} ms after the viewer started "
          f"(file://, headless chromium)")
    assert max(times) < 5000
    # the tiles are drawn: the viewer is not blank
    shot = tmp_path / "p03.png"
    time.sleep(0.5)
    browser.find_element("id", "viewer").screenshot(str(shot))
    from PIL import Image, ImageStat
    with Image.open(shot) as image:
        grey = image.convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 20, "the viewer shows no page"


def _zone_point(driver, story: str):
    """A point inside the story's area that shows that area (not a neighbour's)."""
    script = """
      const story = arguments[0];
      const path = document.querySelector(`svg.zones a[data-story="${story}"].article path, svg.zones a[data-story="${story}"] path`);
      const box = path.getBoundingClientRect();
      for (const fy of [0.5, 0.6, 0.4, 0.7, 0.3, 0.8]) {
        for (const fx of [0.5, 0.3, 0.7, 0.2, 0.8]) {
          const x = box.left + box.width * fx, y = box.top + box.height * fy;
          const hit = document.elementFromPoint(x, y);
          const link = hit && hit.closest('a');
          if (link && link.getAttribute('data-story') === story) return [x, y];
        }
      }
      return null;"""
    return _wait(lambda: driver.execute_script(script, story), f"the area of {story}")


def _click_at(driver, x: float, y: float) -> None:
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.pointer_action.click()
    actions.perform()


def test_clicking_an_article_area_opens_the_article(browser, demo_published):
    browser.get(_url(demo_published, "p01.html"))
    _first_tiles(browser)
    x, y = _zone_point(browser, "02-changwu")
    _click_at(browser, x, y)
    _wait(lambda: browser.current_url.endswith("/articles/02-changwu.html"), "the article page")
    assert browser.find_element("css selector", "h1").text == "市政府召开常务会议"
    # and back to the page, where the article is shown
    browser.find_element("css selector", "a.back").click()
    _wait(lambda: "p01.html#story-02-changwu" in browser.current_url, "the page view")
    _wait(lambda: "active" in (browser.find_element(
        "css selector", 'svg.zones a[data-story="02-changwu"]').get_attribute("class") or ""), "the lit area")


def test_a_jump_leads_to_the_other_part(browser, demo_published):
    browser.get(_url(demo_published, "p01.html"))
    _first_tiles(browser)
    x, y = _zone_point(browser, "03-laojiu")
    # the jump line's own small area leads to the continuation on page 3
    jump = browser.find_element("css selector", 'svg.zones a.jump[data-story="03-laojiu"] path')
    box = browser.execute_script("const b = arguments[0].getBoundingClientRect(); "
                                 "return [b.left + b.width / 2, b.top + b.height / 2];", jump)
    _click_at(browser, *box)
    _wait(lambda: browser.current_url.endswith("p03.html#story-03-laojiu"), "page 3")
    _first_tiles(browser)
    _wait(lambda: "active" in (browser.find_element(
        "css selector", 'svg.zones a.article[data-story="03-laojiu"]').get_attribute("class") or ""),
        "the continuation lit")
    assert x and y


def test_tab_reaches_every_article_link_of_the_page_in_order(browser, demo_published):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    browser.get(_url(demo_published, "p03.html"))
    _first_tiles(browser)
    seen = []
    for _ in range(60):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = browser.switch_to.active_element
        seen.append((element.tag_name, element.get_attribute("data-story"), element.get_attribute("href") or ""))
    stories = [s for tag, s, _ in seen if s]
    expected = list(demo_published.view.page(3).stories)
    assert stories[:len(expected)] == expected
    # the areas over the image are not tab stops (the list holds the same links)
    assert not any(tag == "a" and "svg" in href for tag, _, href in seen)
    assert not any(tag in ("path", "svg") for tag, _, _ in seen)
    # the first stop is the link that skips to the list
    assert seen[0][2].endswith("p03.html#toc")


def test_searching_a_phrase_finds_its_article(browser, demo_published, reference_published):
    from selenium.webdriver.common.keys import Keys
    browser.get(_url(demo_published, "p02.html"))
    box = browser.find_element("id", "q")
    box.send_keys("老旧小区")
    box.send_keys(Keys.ENTER)
    _wait(lambda: "search.html" in browser.current_url, "the search page")
    results = _wait(lambda: browser.find_elements("css selector", "#results a.title"), "results")
    assert results[0].text == "全市老旧小区改造今年惠及2.3万户"
    assert browser.find_elements("css selector", "#results mark")[0].text == "老旧小区"
    results[0].click()
    _wait(lambda: browser.current_url.endswith("/articles/03-laojiu.html"), "the article")
    # a two-character word inside a run of Han characters, in the reference edition
    browser.get(_url(reference_published, "search.html") + "?q=攻坚")
    titles = [e.text for e in _wait(lambda: browser.find_elements("css selector", "#results a.title"), "results")]
    assert "高新区满弓紧弦铆足劲 聚力攻坚后半程" in titles
    summary = browser.find_element("id", "summary").text
    assert summary.startswith(f"找到 {len(titles)} 篇")


def test_the_page_view_on_a_phone(demo_published, tmp_path):
    driver = _driver(390, 844, phone=True)
    try:
        driver.get(_url(demo_published, "p01.html"))
        _first_tiles(driver)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "the page is wider than the phone"
        viewer = driver.find_element("id", "viewer").rect
        toc = driver.find_element("id", "toc").rect
        assert toc["y"] >= viewer["y"] + viewer["height"], "the list comes under the page"
        assert viewer["width"] >= 340
        driver.save_screenshot(str(tmp_path / "phone.png"))
    finally:
        driver.quit()


def test_a_screenshot_of_the_page_view(browser, demo_published, tmp_path_factory):
    browser.set_window_size(1366, 900)
    browser.get(_url(demo_published, "p01.html#story-03-laojiu"))
    _first_tiles(browser)
    time.sleep(1.5)      # the zoom to the article settles
    folder = tmp_path_factory.mktemp("screenshots")
    shot = folder / "p01-laojiu.png"
    browser.save_screenshot(str(shot))
    print(f"\nscreenshot of the page view: {shot}")
    from PIL import Image, ImageChops
    with Image.open(shot) as image:
        # the lit article's red outline is on the screen
        r, g, b = image.convert("RGB").split()
        mask = ImageChops.multiply(ImageChops.multiply(r.point(lambda v: 255 if v > 150 else 0),
                                                       g.point(lambda v: 255 if v < 60 else 0)),
                                   b.point(lambda v: 255 if v < 60 else 0))
        assert mask.histogram()[255] > 500
