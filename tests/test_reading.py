"""Reading in one's own language: search per language with German as marked fallback,
German content marked as German, sitemap with alternates, robots.txt, the API, forms
in the reader's language first, legal pages in every footer."""

import re
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from cms.constants import LegalKind
from cms.models import (
    Brochure,
    BrochureFile,
    BrochureIndexPage,
    InformationPage,
    LanguageCoursePage,
    LegalPage,
)
from tests.conftest import LANGUAGES
from tests.content_factories import days, offer_index, publish_page, republish

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return offer_index(home_page)


@pytest.fixture
def course(index):
    page = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs für Frauen", "ar": "دورة اللغة الألمانية للنساء"},
        slugs={"de": "deutschkurs-frauen", "ar": "dawrat-lil-nisa"},
        cefr_level="A1",
        intro_de="Mit Kinderbetreuung in Seevetal.",
        intro_ar="مع رعاية الأطفال في Seevetal.",
    )
    return page


@pytest.fixture
def german_only(home_page):
    return publish_page(
        home_page,
        InformationPage,
        titles={"de": "Hinweise für Fachkräfte"},
        slugs={"de": "hinweise-fachkraefte"},
        intro_de="Kinderbetreuung während der Beratung ist möglich.",
    )


# --- search ---------------------------------------------------------------------


def _result_titles(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_search_in_arabic_finds_the_arabic_page(client, course):
    response = client.get("/ar/suche/", {"q": "للنساء"})
    assert _result_titles(response) == ["دورة اللغة الألمانية للنساء"]


def test_search_in_arabic_does_not_mix_in_german_versions_of_translated_pages(client, course):
    # The course has an Arabic translation: its German words are not searched in Arabic.
    assert _result_titles(client.get("/ar/suche/", {"q": "Frauen"})) == []
    assert _result_titles(client.get("/de/suche/", {"q": "Frauen"})) == ["Deutschkurs für Frauen"]


def test_search_finds_words_of_fields_a_page_type_inherits(client, course):
    # The course's introduction is a field of every offer (OfferPage), not of the course
    # type itself: it is searched all the same.
    assert _result_titles(client.get("/ar/suche/", {"q": "رعاية"})) == [
        "دورة اللغة الألمانية للنساء"
    ]
    assert _result_titles(client.get("/de/suche/", {"q": "Seevetal"})) == ["Deutschkurs für Frauen"]


def test_untranslated_page_is_found_in_german_and_marked_as_german(client, course, german_only):
    response = client.get("/ar/suche/", {"q": "Kinderbetreuung"})
    content = response.content.decode()
    assert _result_titles(response) == ["Hinweise für Fachkräfte"]
    assert '<li class="card" lang="de" dir="ltr">' in content
    # The label saying so is in the reader's language.
    assert '<p class="card__meta" lang="ar" dir="rtl">بالألمانية فقط</p>' in content


def test_search_ignores_case_in_every_script(client, index):
    publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Sprachkurs", "ru": "Курс немецкого языка"},
        slugs={"de": "sprachkurs", "ru": "kurs-nemetskogo"},
        cefr_level="A2",
    )
    assert _result_titles(client.get("/ru/suche/", {"q": "КУРС"})) == ["Курс немецкого языка"]


def test_search_leaves_out_offers_that_ended(client, index):
    publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Alter Kurs Salzhausen"},
        cefr_level="A1",
        valid_until=days(-1),
    )
    assert _result_titles(client.get("/de/suche/", {"q": "Salzhausen"})) == []


def test_search_with_no_result_offers_the_main_paths(client, home_page, german_only):
    home_page.paths_de = [
        {"type": "path", "value": {"title": "Deutsch lernen", "text": "", "page": german_only.pk}}
    ]
    republish(home_page)
    response = client.get("/de/suche/", {"q": "Zeppelin"})
    content = response.content.decode()
    assert "Zu „Zeppelin“ haben wir nichts gefunden." in content
    assert "Hier finden Sie Hilfe" in content
    assert f'href="{german_only.url}">Deutsch lernen</a>' in content


def test_search_keeps_what_was_typed_and_survives_very_long_input(client, course):
    response = client.get("/de/suche/", {"q": "x" * 500})
    assert response.status_code == 200
    assert "Ihre Suche war sehr lang" in response.content.decode()
    response = client.get("/de/suche/", {"q": "Frauen <script>"})
    assert 'value="Frauen &lt;script&gt;"' in response.content.decode()


# --- German shown where a translation is missing ----------------------------------


def test_field_without_translation_is_marked_german(client, course):
    course.intro_ar = ""
    republish(course)
    content = client.get("/ar/al-urud/dawrat-lil-nisa/").content.decode()
    assert '<p class="lead" lang="de" dir="ltr">Mit Kinderbetreuung in Seevetal.</p>' in content
    assert "<h1>دورة اللغة الألمانية للنساء</h1>" in content  # translated: no mark


def test_phone_numbers_keep_their_digit_order_in_right_to_left_text(client, course):
    course.contact_phone = "040 66969 201"
    republish(course)
    content = client.get("/ar/al-urud/dawrat-lil-nisa/").content.decode()
    # Without an LTR island the groups of digits would be shown in reverse order.
    assert '<a href="tel:04066969201" dir="ltr">040 66969 201</a>' in content


def test_untranslated_page_tells_the_reader_in_their_language(client, german_only):
    content = client.get("/ar/hinweise-fachkraefte/").content.decode()
    assert 'lang="ar" dir="rtl"' in content
    assert '<h1 lang="de" dir="ltr">Hinweise für Fachkräfte</h1>' in content
    assert "هذه الصفحة غير متوفرة بلغتك بعد. ستراها بالألمانية." in content


# --- sitemap, robots.txt, API -------------------------------------------------------

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_sitemap_lists_each_language_version_with_alternates(client, course, german_only):
    """/sitemap.xml is an index of one sitemap per language; together they list every
    language version of every page, each with its alternates."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert sections == [f"http://testserver/sitemap-{code}.xml" for code in LANGUAGES]
    entries = {}
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        root = ElementTree.fromstring(response.content)
        entries.update(
            {
                url.find("s:loc", NS).text: {
                    link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
                }
                for url in root.findall("s:url", NS)
            }
        )
    course_de = "http://testserver/de/angebote/deutschkurs-frauen/"
    course_ar = "http://testserver/ar/al-urud/dawrat-lil-nisa/"
    assert course_de in entries and course_ar in entries
    assert entries[course_de]["ar"] == course_ar
    # A page only in German is listed only in German.
    assert "http://testserver/de/hinweise-fachkraefte/" in entries
    assert not any("hinweise-fachkraefte" in loc for loc in entries if "/de/" not in loc)


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    content = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_api_serves_pages_in_the_language_of_its_address(client, course):
    params = {"type": "cms.LanguageCoursePage", "fields": "intro"}
    arabic = client.get("/ar/api/v2/pages/", params).json()
    german = client.get("/de/api/v2/pages/", params).json()
    assert arabic["items"][0]["title"] == "دورة اللغة الألمانية للنساء"
    assert arabic["items"][0]["intro"] == "مع رعاية الأطفال في Seevetal."
    assert german["items"][0]["title"] == "Deutschkurs für Frauen"


def test_api_gives_a_course_with_all_its_fields(client, course):
    listing = client.get("/de/api/v2/pages/", {"type": "cms.LanguageCoursePage"}).json()
    detail = client.get(f"/de/api/v2/pages/{listing['items'][0]['id']}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["cefr_level"] == "A1"
    assert data["intro"] == "Mit Kinderbetreuung in Seevetal."


def test_api_is_read_only(client, course):
    assert client.post("/de/api/v2/pages/", {}).status_code in (403, 405)


# --- forms in my language, legal pages ------------------------------------------------


def _document(name: str):
    document = get_document_model()(title=name)
    document.file.save(f"{name}.txt", ContentFile(b"demo"), save=False)
    document.save()
    return document


def test_forms_page_offers_the_readers_language_first_then_german(client, home_page):
    publish_page(
        home_page,
        BrochureIndexPage,
        titles={"de": "Formulare", "fa": "فرم‌ها"},
        slugs={"de": "formulare", "fa": "formha"},
    )
    brochure = Brochure.objects.create(title="Antrag Kita", title_de="Antrag Kita")
    for order, code in enumerate(["en", "de", "fa", "ti"]):
        BrochureFile.objects.create(
            brochure=brochure, language=code, document=_document(code), sort_order=order
        )
    content = client.get("/fa/formha/").content.decode()
    labels = re.findall(r'hreflang="(\w+)" download>', content)
    assert labels == ["fa", "de", "en", "ti"]
    # Each file is labelled with its language, named in that language where published.
    assert "فارسی" in content and "Deutsch" in content and "Tigrinya" in content


def test_every_page_footer_links_the_legal_pages(client, home_page, german_only):
    for kind, title in (
        (LegalKind.IMPRESSUM, "Impressum"),
        (LegalKind.PRIVACY, "Datenschutzerklärung"),
        (LegalKind.ACCESSIBILITY, "Erklärung zur Barrierefreiheit"),
    ):
        publish_page(home_page, LegalPage, titles={"de": title}, slugs={"de": kind}, kind=kind)
    content = client.get("/ar/hinweise-fachkraefte/").content.decode()
    footer = content[content.index('<footer class="site-footer">') :]
    assert re.findall(r'<a href="/ar/(\w+)/" lang="de" dir="ltr">([^<]+)</a>', footer) == [
        ("impressum", "Impressum"),
        ("privacy", "Datenschutzerklärung"),
        ("accessibility", "Erklärung zur Barrierefreiheit"),
    ]


def test_every_page_with_an_intro_has_a_description_for_search_engines(client, course):
    content = client.get("/ar/al-urud/dawrat-lil-nisa/").content.decode()
    assert '<meta name="description" content="مع رعاية الأطفال في Seevetal.">' in content


# --- routing --------------------------------------------------------------------------


def test_routing_is_wagtails_own_and_its_cost_does_not_grow_with_the_siblings(
    rf, home_page, course, german_only
):
    """Wagtail decides which site and page answer (no replacement of its functions);
    the page types' route() asks the database for the one child by its slug in the
    reader's language, so a page among many siblings costs what it costs among few."""
    import wagtail.models.pages
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page, sites

    assert Page.route_for_request.__module__ == "wagtail.models.pages"
    assert sites.get_site_for_hostname.__module__ == "wagtail.models.sites"
    assert wagtail.models.pages.Page.route_for_request is Page.route_for_request

    def queries_for(path):
        with translation.override("ar"), CaptureQueriesContext(connection) as queries:
            page, _args, _kwargs = Page.route_for_request(rf.get("/"), path)
        assert page.pk == course.pk
        return len(queries)

    few = queries_for("/al-urud/dawrat-lil-nisa/")
    index = course.get_parent()
    for number in range(30):
        publish_page(
            index,
            LanguageCoursePage,
            titles={"de": f"Kurs {number}", "ar": f"دورة {number}"},
            slugs={"de": f"kurs-{number}", "ar": f"dawra-{number}"},
            cefr_level="A1",
        )
    assert queries_for("/al-urud/dawrat-lil-nisa/") == few
    with translation.override("ar"):
        # Not translated into Arabic: its German slug leads to it in Arabic too.
        page, _args, _kwargs = Page.route_for_request(rf.get("/"), "/hinweise-fachkraefte/")
        assert page.pk == german_only.pk
    with translation.override("ar"):
        assert Page.route_for_request(rf.get("/"), "/al-urud/gibt-es-nicht/") is None
        # The Arabic page is not reached by its German slug in Arabic.
        assert Page.route_for_request(rf.get("/"), "/al-urud/deutschkurs-frauen/") is None


def test_home_page_paths_link_in_the_readers_language_and_skip_unpublished_pages(
    client, home_page, german_only, course
):
    home_page.paths_de = [
        {"type": "path", "value": {"title": "Deutsch lernen", "text": "Kurse", "page": course.pk}},
        {"type": "path", "value": {"title": "Hinweise", "text": "", "page": german_only.pk}},
    ]
    home_page.paths_ar = [
        {"type": "path", "value": {"title": "تعلم الألمانية", "text": "دورات", "page": course.pk}},
        {"type": "path", "value": {"title": "ملاحظات", "text": "", "page": german_only.pk}},
    ]
    republish(home_page)
    arabic = client.get("/ar/").content.decode()
    assert f'<a class="path__link" href="{_url(course, "ar")}">تعلم الألمانية</a>' in arabic
    assert "<p>دورات</p>" in arabic
    # A page without an Arabic address is linked by its German one, as Wagtail does.
    assert f'<a class="path__link" href="{_url(german_only, "ar")}">ملاحظات</a>' in arabic
    german_only.unpublish()
    arabic = client.get("/ar/").content.decode()
    assert "ملاحظات" not in arabic  # no dead link to an unpublished page
    assert "تعلم الألمانية" in arabic


def _url(page, code):
    with translation.override(code):
        return page.get_url()


def test_our_route_finds_what_modeltranslations_route_finds(
    rf, monkeypatch, home_page, course, german_only
):
    """cms.apps puts the page types' route() back after wagtail-modeltranslation replaced
    it with one that loads every child (docs/decisions.md): for every address, in every
    language, ours answers with the page modeltranslation's answers with, or both 404."""
    from django.http import Http404
    from wagtail.models import get_page_models
    from wagtail_modeltranslation.patch_wagtailadmin import _new_route

    index = course.get_parent().specific
    partly = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Kurs B1", "en": "Course B1"},
        slugs={"de": "kurs-b1", "en": "course-b1"},
        cefr_level="B1",
    )
    paths = set()
    for page in (course, german_only, partly, index):
        for code in LANGUAGES:
            with translation.override(code):
                paths.add(tuple(part for part in page.url_path.split("/") if part)[1:])
    paths |= {("angebote", "gibt-es-nicht"), ("al-urud", "kurs-b1"), ("nirgends",), ()}

    def outcomes():
        found = {}
        for code in LANGUAGES:
            for components in sorted(paths):
                with translation.override(code):
                    try:
                        result = home_page.specific.route(rf.get("/"), list(components))
                        found[code, components] = result.page.pk
                    except Http404:
                        found[code, components] = None
        return found

    ours = outcomes()
    with monkeypatch.context() as patched:
        for model in get_page_models():
            patched.setattr(model, "route", _new_route)
        theirs = outcomes()
    assert ours == theirs
    assert ours["ar", ("al-urud", "dawrat-lil-nisa")] == course.pk  # the test tests something
