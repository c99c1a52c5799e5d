"""What a reader notices in a real browser: accessibility, small screens, both directions,
fonts from this site only, and reading without JavaScript."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import INFO_SLUGS, INFO_TITLES

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


def _violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def pages(info_page):
    """Paths of the pages a reader meets: home and an information page in LTR and RTL."""
    return {
        "home_de": "/de/",
        "home_ar": "/ar/",
        "home_fa": "/fa/",
        "info_de": f"/de/{INFO_SLUGS['de']}/",
        "info_ar": f"/ar/{INFO_SLUGS['ar']}/",
        "info_ru": f"/ru/{INFO_SLUGS['ru']}/",
    }


@pytest.mark.parametrize("name", ["home_de", "home_ar", "info_de", "info_ar", "info_ru"])
def test_axe_finds_no_serious_violation(open_page, pages, name):
    page, _watch = open_page(pages[name])
    assert _violations(page) == []


def test_not_found_page_is_accessible(browser, live_server, home_page):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(live_server.url + "/de/gibt-es-nicht/")
    assert response.status == 404
    assert "Seite nicht gefunden" in page.inner_text("h1")
    assert _violations(page) == []
    context.close()


@pytest.mark.parametrize("name", ["home_de", "home_ar", "info_ru", "info_ar"])
@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_at_320_px_and_at_200_percent_zoom(open_page, pages, name, width):
    # 640 CSS pixels is what a 1280 px wide window shows at 200 % zoom.
    page, _watch = open_page(pages[name], width=width, height=640)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{pages[name]} scrolls sideways by {overflow}px at {width}px"
    # Every link of the language switcher stays on screen and is big enough to tap.
    for box in page.locator(".language-switcher a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().toJSON())"
    ):
        assert box["left"] >= 0 and box["right"] <= width, box
        assert box["height"] >= 24, box


@pytest.mark.parametrize("path,first_side", [("/de/", "left"), ("/ar/", "right")])
def test_skip_link_is_first_visible_on_focus_and_jumps_to_content(
    open_page, home_page, path, first_side
):
    page, _watch = open_page(path, width=375, height=700)
    skip = page.locator(".skip-link")
    assert not _in_viewport(page, skip), "the skip link is hidden until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert _in_viewport(page, skip), "the focused skip link is visible"
    box = skip.bounding_box()
    if first_side == "left":
        assert box["x"] < 375 / 2
    else:
        assert box["x"] + box["width"] > 375 / 2
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(
        box
        and box["y"] + box["height"] > 0
        and box["y"] < size["height"]
        and box["x"] + box["width"] > 0
        and box["x"] < size["width"]
    )


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_right_to_left_pages_run_right_to_left(open_page, pages, code):
    page, _watch = open_page(pages.get(f"info_{code}", f"/{code}/{INFO_SLUGS[code]}/"))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = page.locator("main h1")
    assert heading.inner_text() == INFO_TITLES[code]
    # The heading starts at the right edge of the content column.
    main_box = page.locator("main .wrap").bounding_box()
    text_end = page.evaluate(
        """() => { const r = document.createRange();
                   r.selectNodeContents(document.querySelector('main h1'));
                   return r.getBoundingClientRect().toJSON(); }"""
    )
    assert text_end["right"] > main_box["x"] + main_box["width"] - 40
    assert text_end["left"] > main_box["x"] + 40


def test_fonts_come_from_this_site_and_cover_every_script(open_page, pages, live_server):
    origin = urlsplit(live_server.url).netloc
    for name in ("home_de", "info_ar", "info_ru"):
        page, watch = open_page(pages[name])
        page.evaluate("document.fonts.ready.then(() => true)")
        foreign = [url for url in watch.requests if urlsplit(url).netloc != origin]
        assert foreign == [], f"requests to other hosts from {pages[name]}: {foreign}"
        fonts = [url for url in watch.requests if url.endswith(".woff2")]
        assert fonts, f"{pages[name]} uses the site's own fonts"
        assert watch.console_errors == [], watch.console_errors
    loaded = page.evaluate(
        """async () => { await document.fonts.ready;
             return [...document.fonts].filter(f => f.status === 'loaded')
                                        .map(f => f.family.replaceAll('"', '')); }"""
    )
    assert "Noto Sans" in loaded  # Cyrillic text of the Russian page
    page, watch = open_page(pages["info_ar"])
    families = page.evaluate(
        """async () => { await document.fonts.ready;
             return [...document.fonts].filter(f => f.status === 'loaded')
                                        .map(f => f.family.replaceAll('"', '')); }"""
    )
    assert "Vazirmatn" in families  # Arabic script
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'تعلّم')")


def test_a_german_page_downloads_no_arabic_or_cyrillic_font(open_page, pages):
    page, watch = open_page(pages["info_de"])
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = [url.rsplit("/", 1)[-1] for url in watch.requests if url.endswith(".woff2")]
    assert fonts and all("latin" in name for name in fonts), fonts


def test_no_content_security_policy_violation_on_public_pages(open_page, pages):
    for name in ("home_de", "info_ar"):
        page, watch = open_page(pages[name])
        assert watch.console_errors == [], watch.console_errors


def test_reading_and_switching_language_work_without_javascript(open_page, pages):
    page, _watch = open_page(pages["info_de"], javascript=False, width=360)
    assert page.locator("main h1").inner_text() == INFO_TITLES["de"]
    page.locator(".language-switcher a[hreflang='fa']").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/fa/{INFO_SLUGS['fa']}/")
    assert page.locator("main h1").inner_text() == INFO_TITLES["fa"]
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_root_sends_an_arabic_browser_to_arabic(browser, live_server, home_page):
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert urlsplit(page.url).path == "/ar/"
    assert page.evaluate("document.documentElement.lang") == "ar"
    context.close()
