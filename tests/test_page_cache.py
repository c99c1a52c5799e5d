"""Public pages come from the page cache; a publish shows at once, in every language."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from cms.models import LanguageCoursePage, LegalPage, NewsIndexPage, NewsPage
from portal.municipalities import Municipality
from tests.content_factories import offer_index, place, publish_page, republish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.LIST_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course(home_page):
    index = offer_index(home_page)
    page = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs A1", "ar": "دورة A1"},
        slugs={"de": "deutschkurs-a1", "ar": "dawra-a1"},
        cefr_level="A1",
    )
    return page


def test_second_visit_is_served_from_the_cache(client, course):
    first = client.get("/ar/al-urud/dawra-a1/")
    second = client.get("/ar/al-urud/dawra-a1/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Security headers are set on cached answers too.
    assert "Content-Security-Policy" in second
    assert second["Content-Type"].startswith("text/html")


def test_publishing_shows_the_change_in_every_language_and_in_the_list(client, course):
    urls = ["/de/angebote/deutschkurs-a1/", "/ar/al-urud/dawra-a1/", "/de/angebote/"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    course.title_de = "Deutschkurs A1 (neu)"
    course.title_ar = "دورة A1 (جديد)"
    republish(course)
    assert "Deutschkurs A1 (neu)" in client.get(urls[0]).content.decode()
    assert "دورة A1 (جديد)" in client.get(urls[1]).content.decode()
    assert "Deutschkurs A1 (neu)" in client.get(urls[2]).content.decode()


def test_unpublished_page_is_gone_at_once(client, course):
    url = "/de/angebote/deutschkurs-a1/"
    client.get(url)
    course.unpublish()
    assert client.get(url).status_code == 404


def test_changing_a_place_shows_on_the_pages_that_name_it(client, course):
    winsen = place("KVHS Winsen", Municipality.WINSEN)
    course.places.set([winsen])
    republish(course)
    url = "/de/angebote/deutschkurs-a1/"
    client.get(url)
    winsen.name_de = "KVHS Lernzentrum Winsen"
    winsen.save()
    assert "KVHS Lernzentrum Winsen" in client.get(url).content.decode()


def test_editors_and_the_search_are_never_cached(client, course):
    editor = get_user_model().objects.create_user("rita", password="x" * 20)
    client.force_login(editor)
    client.get("/de/angebote/deutschkurs-a1/")
    assert "X-Page-Cache" not in client.get("/de/angebote/deutschkurs-a1/")
    client.logout()
    client.get("/de/suche/?q=Deutsch")
    assert "X-Page-Cache" not in client.get("/de/suche/?q=Deutsch")


def test_a_new_legal_page_shows_in_every_footer_at_once(client, home_page, course):
    url = "/de/angebote/deutschkurs-a1/"
    assert "Impressum" not in client.get(url).content.decode()
    publish_page(
        home_page,
        LegalPage,
        titles={"de": "Impressum"},
        slugs={"de": "impressum"},
        kind="impressum",
    )
    assert 'href="/de/impressum/"' in client.get(url).content.decode()


def test_news_on_the_home_page_follow_publishing(client, home_page):
    news_index = publish_page(
        home_page, NewsIndexPage, titles={"de": "Aktuelles"}, slugs={"de": "aktuelles"}
    )
    client.get("/de/")
    publish_page(news_index, NewsPage, titles={"de": "Neue Kurse ab Februar"})
    assert "Neue Kurse ab Februar" in client.get("/de/").content.decode()


def test_lists_read_by_this_process_are_not_used_after_the_cache_was_emptied(home_page):
    """The process keeps the lists it read with their version (cms.page_cache): after a
    flush of the cache the versions start afresh and must not meet the ones it holds."""
    from wagtail.models import Page

    from cms.selectors import legal_page_links

    imprint = publish_page(
        home_page,
        LegalPage,
        titles={"de": "Impressum"},
        slugs={"de": "impressum"},
        kind="impressum",
    )
    cache.clear()  # a fresh version, as after a flush
    assert [page.title for page in legal_page_links()] == ["Impressum"]
    # Changed behind the receivers' back (no signal), then the cache is emptied again.
    Page.objects.filter(pk=imprint.pk).update(title_de="Impressum (neu)")
    assert [page.title for page in legal_page_links()] == ["Impressum"]  # still held
    cache.clear()
    assert [page.title for page in legal_page_links()] == ["Impressum (neu)"]


def test_a_new_or_renamed_target_group_shows_in_the_filter_at_once(client, course):
    from cms.models import TargetGroup

    assert "Senioren" not in client.get("/de/angebote/").content.decode()
    group = TargetGroup.objects.create(slug="senioren", name="Senioren", name_de="Senioren")
    assert (
        '<option value="senioren">Senioren</option>' in client.get("/de/angebote/").content.decode()
    )
    group.name_de = "Ältere Menschen"
    group.save()
    content = client.get("/de/angebote/?target_group=senioren").content.decode()
    assert '<option value="senioren" selected>Ältere Menschen</option>' in content
