"""Addresses, sites, view restrictions and the offer list, with the page and list
caches on: what an administrator changes shows at once, and the list is counted and
paged by the database."""

import pytest
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from cms.models import LanguageCoursePage, VolunteeringPage
from cms.selectors import OFFERS_PER_PAGE, offer_list_paginated
from portal.municipalities import Municipality
from tests.content_factories import offer_index, place, publish_page, republish

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")


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


def test_the_arabic_address_in_arabic_letters_serves_the_page(client, course):
    response = client.get("/ar/al-urud/%D8%AF%D9%88%D8%B1%D8%A9-a1/")
    assert response.status_code == 200
    assert "دورة A1" in response.content.decode()


def test_a_changed_site_shows_at_once(client, home_page, course):
    assert "Willkommen" in client.get("/de/").content.decode()
    assert client.get("/de/")["X-Page-Cache"] == "hit"
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


def test_a_new_view_restriction_applies_at_once_to_the_page_and_the_lists(client, index, course):
    assert client.get("/de/angebote/deutschkurs-a1/").status_code == 200
    assert "Deutschkurs A1" in client.get("/de/angebote/").content.decode()

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


def test_a_restriction_on_the_index_covers_the_offers_below_it(client, course):
    PageViewRestriction.objects.create(
        page=course.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get("/ar/al-urud/%D8%AF%D9%88%D8%B1%D8%A9-a1/")
    assert response.status_code == 200  # Wagtail's password form, not the page
    assert "دورة A1" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_an_alias_keeps_its_sources_restriction(client, home_page, index, course):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.get("/de/")  # the home page cached before the alias exists
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
    # Past the end: the last page. No page of any list (not a number, zero, negative,
    # absurdly large): no such page, a 404 and never an error.
    assert offer_list_paginated(filters=filters, page_number="99").number == 2
    assert offer_list_paginated(filters=filters, page_number="").number == 1
    for number in ("zwei", "-3", "0", "1.5", "99999999999999999999", "\x00"):
        with pytest.raises(Http404):
            offer_list_paginated(filters=filters, page_number=number)
    nothing = offer_list_paginated(filters={"municipality": Municipality.TOSTEDT})
    assert nothing.paginator.count == 0 and list(nothing.object_list) == []


def test_the_index_says_how_many_offers_match(client, many_offers):
    content = client.get("/de/angebote/?municipality=winsen&seite=2").content.decode()
    assert f"{OFFERS_PER_PAGE + 3} Angebote gefunden" in content
    assert "Seite 2 von 2" in content


@pytest.mark.parametrize(
    "number", ["99999999999999999999", "-1", "0", "zwei", "%00", "1e9", "10001"]
)
def test_no_page_number_a_reader_types_gives_an_error(client, many_offers, number):
    response = client.get(f"/de/angebote/?municipality=winsen&seite={number}")
    assert response.status_code == 404


def test_a_page_number_past_the_end_gives_the_last_page(client, many_offers):
    response = client.get("/de/angebote/?municipality=winsen&seite=7")
    assert response.status_code == 200
    assert "Seite 2 von 2" in response.content.decode()
