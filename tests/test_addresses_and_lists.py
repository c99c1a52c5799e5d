"""The shortcuts an uncached page view takes (cms.lookups, cms.selectors) give what
Wagtail and Django's paginator would: the same addresses, the same site, the same view
restrictions, kept in the list cache and dropped the moment an administrator changes
them."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from cms.models import LanguageCoursePage, VolunteeringPage
from cms.selectors import OFFERS_PER_PAGE, offer_list_paginated
from portal.municipalities import Municipality
from tests.content_factories import offer_index, place, publish_page, republish

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")


@pytest.fixture
def list_cache_on(settings):
    settings.LIST_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(home_page):
    return offer_index(home_page)


@pytest.fixture
def course(index):
    return publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs A1", "ar": "دورة A1", "fa": "کلاس A1"},
        # An Arabic address in Arabic letters: Wagtail allows Unicode slugs.
        slugs={"de": "deutschkurs-a1", "ar": "دورة-a1", "fa": "kelas-a1"},
        cefr_level="A1",
    )


def test_every_page_address_is_the_one_wagtail_writes(rf, home_page, index, course):
    german_only = publish_page(
        index, VolunteeringPage, titles={"de": "Lesepaten"}, slugs={"de": "lesepaten"}
    )
    request = rf.get("/")
    for page in Page.objects.filter(depth__gt=1).specific():
        for code in LANGUAGES:
            with translation.override(code):
                expected = Page.get_url_parts(page, request)  # Wagtail's, not the shortcut
                assert page.get_url_parts(request) == expected, (page, code)
    with translation.override("ar"):
        assert course.get_url() == "/ar/al-urud/%D8%AF%D9%88%D8%B1%D8%A9-a1/"
        assert german_only.get_url() == "/ar/al-urud/lesepaten/"


def test_the_arabic_address_in_arabic_letters_serves_the_page(client, course):
    response = client.get("/ar/al-urud/%D8%AF%D9%88%D8%B1%D8%A9-a1/")
    assert response.status_code == 200
    assert "دورة A1" in response.content.decode()


def test_the_site_is_looked_up_once_and_a_changed_site_shows_at_once(
    client, list_cache_on, home_page, course
):
    client.get("/de/")
    with CaptureQueriesContext(connection) as queries:
        assert "Willkommen" in client.get("/de/").content.decode()
    assert not any("wagtailcore_site" in q["sql"] for q in queries.captured_queries)
    # An administrator points the site at another root: the next request follows.
    other_root = Page.get_first_root_node().add_child(title="Leer", slug="leer")
    site = Site.objects.get(is_default_site=True)
    site.root_page = other_root
    site.save()
    assert "Willkommen" not in client.get("/de/").content.decode()
    assert client.get("/de/angebote/").status_code == 404
    site.root_page = home_page
    site.save()
    assert "Willkommen" in client.get("/de/").content.decode()
    assert client.get("/de/angebote/").status_code == 200


def test_a_new_view_restriction_applies_at_once_to_the_page_and_the_lists(
    client, list_cache_on, index, course
):
    assert client.get("/de/angebote/deutschkurs-a1/").status_code == 200
    assert "Deutschkurs A1" in client.get("/de/angebote/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/de/angebote/deutschkurs-a1/")
    assert not any("pageviewrestriction" in q["sql"] for q in queries.captured_queries)

    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Intern")])
    response = client.get("/de/angebote/deutschkurs-a1/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert "Deutschkurs A1" not in client.get("/de/angebote/").content.decode()

    restriction.delete()
    assert client.get("/de/angebote/deutschkurs-a1/").status_code == 200
    assert "Deutschkurs A1" in client.get("/de/angebote/").content.decode()


def test_a_restriction_on_the_index_covers_the_offers_below_it(client, list_cache_on, course):
    PageViewRestriction.objects.create(
        page=course.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/ar/al-urud/%D8%AF%D9%88%D8%B1%D8%A9-a1/")
    assert response.status_code == 200  # Wagtail's password form, not the page
    assert "دورة A1" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_an_alias_keeps_its_sources_restriction(client, list_cache_on, home_page, index, course):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.get("/de/")  # the cached restrictions, read before the alias exists
    with translation.override("de"):
        alias = course.create_alias(parent=home_page, update_slug="kurs-kopie")
    assert alias.alias_of_id == course.pk
    response = client.get("/de/kurs-kopie/")
    assert 'name="password"' in response.content.decode()


@pytest.fixture
def many_offers(index):
    winsen, also_winsen = (
        place("KVHS Winsen", Municipality.WINSEN),
        place("Rathaus Winsen", Municipality.WINSEN),
    )
    pages = []
    for n in range(OFFERS_PER_PAGE + 3):
        page = publish_page(index, VolunteeringPage, titles={"de": f"Ehrenamt {n:02d}"})
        # Two places in the same town: the offer must still be listed and counted once.
        page.places.set([winsen, also_winsen])
        republish(page)
        pages.append(page)
    return pages


def test_the_list_counts_each_offer_once_and_pages_like_djangos_paginator(many_offers):
    filters = {"municipality": Municipality.WINSEN}
    first = offer_list_paginated(filters=filters)
    assert first.paginator.count == OFFERS_PER_PAGE + 3
    assert first.paginator.num_pages == 2
    assert first.number == 1 and len(first.object_list) == OFFERS_PER_PAGE
    titles = [offer.title for offer in first.object_list]
    assert len(set(titles)) == len(titles)
    second = offer_list_paginated(filters=filters, page_number="2")
    assert second.number == 2 and len(second.object_list) == 3
    assert second.has_previous() and not second.has_next()
    # Past the end: the last page; not a number: the first; as Paginator.get_page().
    assert offer_list_paginated(filters=filters, page_number="99").number == 2
    assert offer_list_paginated(filters=filters, page_number="zwei").number == 1
    assert offer_list_paginated(filters=filters, page_number="-3").number == 1
    nothing = offer_list_paginated(filters={"municipality": Municipality.TOSTEDT})
    assert nothing.paginator.count == 0 and list(nothing.object_list) == []


def test_the_index_says_how_many_offers_match(client, many_offers):
    content = client.get("/de/angebote/?municipality=winsen&seite=2").content.decode()
    assert f"{OFFERS_PER_PAGE + 3} Angebote gefunden" in content
    assert "Seite 2 von 2" in content


def test_the_page_read_for_a_view_is_the_page_the_orm_reads(home_page, index, course):
    """cms.models.pages reads the page to serve with SQL the ORM built once per type and
    language: every field must come back as the ORM gives it, in every language."""
    from cms.models.pages import _page_at, _page_to_serve
    from translations.services import translation_status

    course.schedule_de = "Montags 9 Uhr"
    course.schedule_ar = "الاثنين 9:00"
    republish(course)
    for page in (home_page, index, course):
        expected = type(page).objects.get(pk=page.pk)
        for code in LANGUAGES:
            with translation.override(code):
                served = _page_to_serve(page.pk, page.content_type_id)
                assert type(served) is type(page)
                for field in type(page)._meta.concrete_fields:
                    assert getattr(served, field.attname) == getattr(expected, field.attname), (
                        field.attname,
                        code,
                    )
                assert translation_status(served, code) == translation_status(expected, code)
    with translation.override("ar"):
        assert _page_at(home_page, ["al-urud", "دورة-a1"]) == (course.pk, course.content_type_id)
        assert _page_at(home_page, ["al-urud", "gibt-es-nicht"]) is None


def test_a_prepared_query_gives_the_rows_the_orm_gives_for_any_values(index, course):
    from cms.prepared import PreparedQuery

    query = PreparedQuery(
        Page,
        lambda language, depth, slug: (
            Page.objects.filter(depth__gte=depth)
            .exclude(slug=slug)
            .order_by("path")
            .values("id", f"title_{language}")
        ),
        depth=int,
        slug=str,
    )
    for language in ("de", "ar"):
        for depth, slug in ((2, "angebote"), (3, "nichts"), (1, "deutschkurs-a1")):
            expected = list(
                Page.objects.filter(depth__gte=depth)
                .exclude(slug=slug)
                .order_by("path")
                .values("id", f"title_{language}")
            )
            assert query.rows(language, depth=depth, slug=slug) == expected
    with pytest.raises(TypeError):
        query.rows("de", depth=2)
    with pytest.raises(ValueError):  # a parameter the query does not use
        PreparedQuery(Page, lambda key, unused: Page.objects.values("id"), unused=int).rows(
            "de", unused=1
        )


def test_the_language_switcher_links_each_page_as_wagtail_would(rf, home_page, index, course):
    from cms.languages import url_in_language

    publish_page(index, VolunteeringPage, titles={"de": "Lesepaten"}, slugs={"de": "lesepaten"})
    request = rf.get("/")
    for page in Page.objects.filter(depth__gt=1).specific():
        for code in LANGUAGES:
            with translation.override(code):
                expected = Page.get_url(page, request)  # Wagtail's, with the language active
            with translation.override("ar"):  # the reader's language is another one
                assert url_in_language(request, code, page) == expected, (page, code)


def test_prepared_sql_kept_per_query_stays_bounded_whatever_readers_ask(
    client, monkeypatch, index, course
):
    from cms import prepared
    from cms.selectors import _offer_list_query

    monkeypatch.setattr(prepared, "MAX_COMPILED", 5)
    for number in range(1, 30):  # each page number is its own SQL (LIMIT/OFFSET)
        assert client.get(f"/de/angebote/?seite={number}").status_code == 200
    assert len(_offer_list_query(()).__dict__["_compiled"]) <= 5


def test_a_page_view_reads_no_column_it_left_unread(client, monkeypatch, home_page, course):
    """The page to serve leaves other languages' fields unread (other_languages_fields):
    nothing on the page may ask for one, which would cost a query per field."""
    from django.db.models import Model

    def no_deferred_loading(self, *args, **kwargs):
        raise AssertionError(f"a deferred field of {self!r} was read: {args} {kwargs}")

    monkeypatch.setattr(Model, "refresh_from_db", no_deferred_loading)
    for page in (home_page, course.get_parent().specific, course):
        for code in LANGUAGES:
            with translation.override(code):
                url = page.get_url()
            assert client.get(url).status_code == 200, (url, code)
