"""Public pages come from the page cache; a publish shows at once, in every language."""

import re

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
    """Lists are kept with the versions they were read with (cms.cache): after a
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


@pytest.fixture
def stored_pages(monkeypatch):
    """The keys of the page entries written (whatever the cache backend: local memory,
    or Redis in the PostgreSQL pass)."""
    keys = set()
    set_many = cache.set_many

    def recording(data, *args, **kwargs):
        keys.update(key for key in data if key.startswith("portal:page:"))
        return set_many(data, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", recording)
    return lambda: len(keys)


def test_a_query_parameter_the_page_does_not_understand_adds_no_entry(client, course, stored_pages):
    url = "/de/angebote/deutschkurs-a1/"
    client.get(url)
    stored = stored_pages()
    for n in range(20):
        response = client.get(f"{url}?utm_source=newsletter{n}&seite={n}")
        assert response["X-Page-Cache"] == "hit"  # the same page, from the same entry
    assert stored_pages() == stored


def test_the_offer_index_keys_only_its_filters_and_valid_pages(client, course, stored_pages):
    client.get("/de/angebote/")
    stored = stored_pages()
    assert client.get("/de/angebote/?fbclid=x1")["X-Page-Cache"] == "hit"
    # A real filter is its own entry …
    assert client.get("/de/angebote/?level=A1")["X-Page-Cache"] == "miss"
    assert client.get("/de/angebote/?level=A1&utm=1")["X-Page-Cache"] == "hit"
    assert stored_pages() == stored + 1
    # … input the site never gave out is answered but not kept.
    for query in ("level=Z9", "level=Z8", "seite=5", "seite=6"):
        response = client.get(f"/de/angebote/?{query}")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert stored_pages() == stored + 1


def test_a_moved_page_is_not_served_at_its_old_address(client, home_page, course):
    other = publish_page(home_page, NewsIndexPage, titles={"de": "Aktuelles"})
    old = "/de/angebote/deutschkurs-a1/"
    client.get(old)
    assert client.get(old)["X-Page-Cache"] == "hit"
    course.move(other, pos="last-child")
    assert (
        client.get(old).status_code != 200
        or "Deutschkurs A1" not in client.get(old).content.decode()
    )


def test_a_page_made_private_is_not_served_from_the_cache(client, course):
    from wagtail.models import PageViewRestriction

    url = "/de/angebote/deutschkurs-a1/"
    client.get(url)
    PageViewRestriction.objects.create(page=course, restriction_type="password", password="x")
    response = client.get(url)
    assert 'name="password"' in response.content.decode()
    assert "X-Page-Cache" not in response  # Wagtail's password form, never cached


def test_a_private_page_seen_with_its_password_is_never_shown_to_others(client, course):
    from django.test import Client
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=course, restriction_type="password", password="geheim")
    url = "/de/angebote/deutschkurs-a1/"
    form = client.get(url)
    assert 'name="password"' in form.content.decode()
    action = re.search(r'<form action="([^"]+)"', form.content.decode()).group(1)
    assert client.post(action, {"password": "geheim", "return_url": url}).status_code == 302
    seen = client.get(url)
    assert "Deutschkurs A1" in seen.content.decode()  # the reader who knows the password
    stranger = Client().get(url)
    assert 'name="password"' in stranger.content.decode()
    assert "X-Page-Cache" not in stranger
