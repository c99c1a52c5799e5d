"""The content pages in a real browser: accessible in German and Arabic, and the main
paths usable in Arabic on a 360 px screen without JavaScript."""

import json
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from cms.constants import LegalKind
from cms.models import LanguageCoursePage, LegalPage
from portal.municipalities import Municipality
from tests.content_factories import offer_index, place, publish_page, republish, target_group
from tests.e2e.test_reading import _violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(home_page):
    index = offer_index(home_page)
    course = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs A1 in Winsen", "ar": "دورة اللغة الألمانية A1 في Winsen"},
        slugs={"de": "deutschkurs-a1-winsen", "ar": "dawrat-a1-winsen"},
        cefr_level="A1",
        childcare=True,
        intro_de="Sie lernen die ersten Wörter und Sätze.",
        intro_ar="تتعلمون أول الكلمات والجمل.",
        schedule_de="Mo und Mi 9:00–12:15 Uhr",
        schedule_ar="الاثنين والأربعاء 9:00–12:15",
        cost_de="kostenlos",
        cost_ar="مجانًا",
        contact_phone="040 66969 201",
        contact_email="kurs@example.org",
        body_de=json.dumps(
            [
                {"type": "heading", "value": "So läuft der Kurs"},
                {"type": "steps", "value": ["Anrufen", "Beratung", "Kurs"]},
            ]
        ),
        body_ar=json.dumps(
            [
                {"type": "heading", "value": "كيف تسير الدورة"},
                {"type": "steps", "value": ["اتصلوا", "الاستشارة", "الدورة"]},
            ]
        ),
    )
    course.places.set([place("KVHS Winsen", Municipality.WINSEN)])
    course.target_groups.set([target_group("gefluechtete", "Geflüchtete")])
    republish(course)
    legal = publish_page(
        home_page,
        LegalPage,
        titles={"de": "Erklärung zur Barrierefreiheit", "ar": "بيان إمكانية الوصول"},
        slugs={"de": "barrierefreiheit", "ar": "bayan-imkaniyat-al-wusul"},
        kind=LegalKind.ACCESSIBILITY,
        body_de=json.dumps(
            [{"type": "paragraph", "value": "<p>Diese Website ist teilweise barrierefrei.</p>"}]
        ),
        body_ar=json.dumps([{"type": "paragraph", "value": "<p>هذا الموقع متاح جزئيًا.</p>"}]),
    )
    home_page.paths_de = json.dumps(
        [{"type": "path", "value": {"title": "Deutsch lernen", "text": "Kurse", "page": index.pk}}]
    )
    home_page.paths_ar = json.dumps(
        [{"type": "path", "value": {"title": "تعلم الألمانية", "text": "دورات", "page": index.pk}}]
    )
    republish(home_page)
    urls = {}
    for code in ("de", "ar"):
        with translation.override(code):
            urls[code] = {
                "home": f"/{code}/",
                "index": index.get_url(),
                "course": course.get_url(),
                "legal": legal.get_url(),
            }
    return urls


@pytest.mark.parametrize("code", ["de", "ar"])
@pytest.mark.parametrize("name", ["home", "index", "course", "legal"])
def test_content_pages_have_no_serious_accessibility_violation(open_page, site, code, name):
    page, watch = open_page(site[code][name])
    assert _violations(page) == []
    assert watch.console_errors == []


def test_arabic_reader_finds_a_course_on_a_small_phone_without_javascript(open_page, site):
    page, watch = open_page("/ar/", width=360, height=740, javascript=False, locale="ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.get_by_role("link", name="تعلم الألمانية").click()
    page.wait_for_load_state()
    # The filters work as a plain form: choose the level, press the button.
    page.select_option("select[name=level]", "A1")
    page.get_by_role("button", name=page.locator(".filters button").inner_text()).click()
    page.wait_for_load_state()
    assert "level=A1" in page.url
    page.get_by_role("link", name="دورة اللغة الألمانية A1 في Winsen").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == site["ar"]["course"]
    assert page.locator("main h1").inner_text() == "دورة اللغة الألمانية A1 في Winsen"
    assert "040 66969 201" in page.inner_text("main")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The read-aloud button needs JavaScript: without it, it stays hidden.
    assert page.locator("[data-read-aloud]").is_hidden()


FAKE_SPEECH = """
(() => {
  window.__spoken = [];
  const voices = [{ lang: "ar-SA", name: "Test Arabic" }];
  Object.defineProperty(window, "speechSynthesis", { value: {
    speaking: false,
    getVoices: () => voices,
    addEventListener: () => {},
    onvoiceschanged: null,
    speak(u) { this.speaking = true; window.__spoken.push({ lang: u.lang, text: u.text }); },
    cancel() { this.speaking = false; },
  }});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def test_read_aloud_appears_where_the_browser_speaks_the_language(browser, live_server, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(FAKE_SPEECH)
    page = context.new_page()
    page.goto(live_server.url + site["ar"]["course"])
    button = page.locator("[data-read-aloud]")
    assert button.is_visible()
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "ar"
    assert "دورة اللغة الألمانية A1 في Winsen" in spoken[0]["text"]
    assert button.get_attribute("aria-pressed") == "true"
    # A German page has no German voice here: no button.
    page.goto(live_server.url + site["de"]["course"])
    assert page.locator("[data-read-aloud]").is_hidden()
    context.close()
