"""Content reach: page views and searches without result are counted without any trace
of the reader, and the report adds them up per page, language and term."""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone, translation

from analytics import counting, reach
from analytics.models import PageViewDay, SearchMissDay
from cms.models import InformationPage
from portal.reporting import month_period
from tests.content_factories import publish_page
from translations.selectors import translation_states_read

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
READER = {"User-Agent": BROWSER}


def _reach_report(period):
    """The reach tables as the committee report asks for them (reporting.views)."""
    return reach.reach_report(period=period, translation_states=translation_states_read)


@pytest.fixture(autouse=True)
def empty_buffer():
    # Views counted by other tests' requests must not land in this test's pages.
    counting._views.clear()
    yield
    counting._views.clear()


@pytest.fixture
def course(home_page):
    return publish_page(
        home_page,
        InformationPage,
        titles={"de": "Deutschkurse", "ar": "دورات اللغة الألمانية"},
        slugs={"de": "deutschkurse", "ar": "dawrat"},
    )


@pytest.fixture
def advice(home_page):
    return publish_page(
        home_page, InformationPage, titles={"de": "Beratung"}, slugs={"de": "beratung"}
    )


def _views() -> dict:
    counting.page_views_flush()
    return {
        (row.page_id, row.language): row.views
        for row in PageViewDay.objects.filter(day=timezone.localdate())
    }


def test_a_reader_is_counted_per_page_and_language(client, course):
    for _ in range(2):
        assert client.get("/ar/dawrat/", headers=READER).status_code == 200
    client.get("/de/deutschkurse/", headers=READER)
    assert _views() == {(course.pk, "ar"): 2, (course.pk, "de"): 1}
    # No cookie set for counting.
    assert not client.get("/ar/dawrat/", headers=READER).cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "WhatsApp/2.23 link preview"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": "Mozilla/5.0 HeadlessChrome/120.0"},
        {},
        {"User-Agent": BROWSER, "Sec-Purpose": "prefetch;prerender"},
        {"User-Agent": BROWSER, "Purpose": "prefetch"},
    ],
    ids=["crawler", "link-preview", "curl", "headless", "no-user-agent", "sec-purpose", "purpose"],
)
def test_bots_and_prefetches_are_not_counted(client, course, headers):
    assert client.get("/ar/dawrat/", headers=headers).status_code == 200
    assert _views() == {}


def test_editors_head_requests_and_missing_pages_are_not_counted(client, course):
    assert client.head("/ar/dawrat/", headers=READER).status_code == 200
    assert client.get("/ar/gibt-es-nicht/", headers=READER).status_code == 404
    editor = get_user_model().objects.create_user("rita", password="x" * 20)
    client.force_login(editor)
    assert client.get("/ar/dawrat/", headers=READER).status_code == 200
    assert _views() == {}


def test_pages_from_the_page_cache_are_counted(client, course, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        first = client.get("/ar/dawrat/", headers=READER)
        second = client.get("/ar/dawrat/", headers=READER)
        head = client.head("/ar/dawrat/", headers=READER)
        bot = client.get("/ar/dawrat/", headers={"User-Agent": "Googlebot"})
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert head["X-Page-Cache"] == bot["X-Page-Cache"] == "hit"
        assert _views() == {(course.pk, "ar"): 2}
    finally:
        cache.clear()


def test_the_view_that_crosses_the_threshold_writes_the_counts(client, course, monkeypatch):
    monkeypatch.setattr(counting, "FLUSH_VIEWS", 3)
    for _ in range(2):
        client.get("/ar/dawrat/", headers=READER)
    assert not PageViewDay.objects.exists()
    client.get("/de/deutschkurse/", headers=READER)
    rows = PageViewDay.objects.values_list("language", "views").order_by("language")
    assert list(rows) == [("ar", 2), ("de", 1)]


def test_nothing_about_the_reader_is_stored(client, course):
    client.get("/ar/dawrat/", headers=READER, REMOTE_ADDR="203.0.113.7")
    client.get("/ar/suche/", {"q": "nichtsda"}, headers=READER, REMOTE_ADDR="203.0.113.7")
    counting.page_views_flush()
    assert {field.name for field in PageViewDay._meta.get_fields()} == {
        "id",
        "page",
        "language",
        "day",
        "views",
    }
    assert {field.name for field in SearchMissDay._meta.get_fields()} == {
        "id",
        "language",
        "term",
        "day",
        "count",
    }
    stored = [*PageViewDay.objects.values(), *SearchMissDay.objects.values()]
    assert len(stored) == 2
    text = repr(stored)
    assert "203.0.113" not in text and "Mozilla" not in text


def test_views_from_many_threads_add_up(course, advice, monkeypatch):
    # Threads only count (the database stays with the test); the sums are written once.
    monkeypatch.setattr(counting, "FLUSH_VIEWS", 10**9)
    monkeypatch.setattr(counting, "FLUSH_SECONDS", 10**9)
    request = RequestFactory().get("/ar/dawrat/", headers=READER)
    request.LANGUAGE_CODE = "ar"

    def read(page, times):
        for _ in range(times):
            counting.page_view_count(request, page)

    threads = [
        threading.Thread(target=read, args=(course if n % 2 else advice.pk, 500)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counting.page_views_flush() == 4000
    counting.page_view_count(request, course)  # the next flush adds to the existing row
    assert _views() == {(course.pk, "ar"): 2001, (advice.pk, "ar"): 2000}


def test_searches_without_result_are_counted_by_normalized_term(client, course):
    client.get("/de/suche/", {"q": "  Wohnberechtigungs   SCHEIN "}, headers=READER)
    client.get("/de/suche/", {"q": "wohnberechtigungs schein"}, headers=READER)
    client.get("/ar/suche/", {"q": "Wohnberechtigungs Schein"}, headers=READER)
    client.get("/de/suche/", {"q": "Deutschkurse"}, headers=READER)  # found: not counted
    client.get("/de/suche/", {"q": "x" * 150}, headers=READER)
    client.get("/de/suche/", {"q": "Zeppelin"}, headers={"User-Agent": "Bingbot"})
    rows = SearchMissDay.objects.values_list("language", "term", "count")
    assert set(rows) == {
        ("de", "wohnberechtigungs schein", 2),
        ("ar", "wohnberechtigungs schein", 1),
        ("de", "x" * 100, 1),
    }


# --- the report ---------------------------------------------------------------------


@pytest.fixture
def november(course, advice):
    """Deutschkurse: own Arabic title; Beratung: German only."""
    rows = [
        (course, "de", date(2026, 11, 2), 10),
        (course, "de", date(2026, 11, 30), 5),
        (course, "ar", date(2026, 11, 3), 7),
        (course, "uk", date(2026, 11, 3), 4),  # no Ukrainian title
        (advice, "de", date(2026, 11, 4), 3),
        (advice, "ar", date(2026, 11, 4), 6),  # no Arabic title
        (advice, "ar", date(2026, 11, 5), 2),
        (course, "de", date(2026, 10, 31), 100),  # before the period
        (advice, "ar", date(2026, 12, 1), 100),  # after it
    ]
    for page, language, day, views in rows:
        PageViewDay.objects.create(page=page, language=language, day=day, views=views)
    misses = [
        ("de", "kita platz", date(2026, 11, 1), 3),
        ("de", "kita platz", date(2026, 11, 20), 2),
        ("ar", "kita platz", date(2026, 11, 20), 1),
        ("ru", "jobcenter", date(2026, 11, 9), 4),
        ("de", "wohngeld", date(2026, 12, 1), 9),  # after the period
    ]
    for language, term, day, count in misses:
        SearchMissDay.objects.create(language=language, term=term, day=day, count=count)
    with translation.override("de"):
        return {
            table.key: table
            for table in reach.reach_report(
                period=month_period(2026, 11), translation_states=translation_states_read
            )
        }


def _rows(table, *keys):
    return [tuple(row[key] for key in keys) for row in table.rows]


def test_views_by_page(november):
    assert _rows(november["views_by_page"], "title", "language", "views") == [
        ("Deutschkurse", "Deutsch", 15),
        ("Beratung", "Arabisch", 8),
        ("Deutschkurse", "Arabisch", 7),
        ("Deutschkurse", "Ukrainisch", 4),
        ("Beratung", "Deutsch", 3),
    ]


def test_views_by_language_lists_every_language_as_a_chart(november):
    table = november["views_by_language"]
    assert _rows(table, "language", "views") == [
        ("Deutsch", 18),
        ("Arabisch", 15),
        ("Ukrainisch", 4),
        ("Englisch", 0),
        ("Persisch (Farsi)", 0),
        ("Russisch", 0),
        ("Türkisch", 0),
    ]
    assert (table.chart, table.chart_label, table.chart_value) == ("bar", "language", "views")


def test_search_misses_leave_out_terms_searched_only_once(november):
    # ("Arabisch", "kita platz", 1) stays out: a single search may be a typed name.
    assert _rows(november["search_misses"], "language", "term", "count") == [
        ("Deutsch", "kita platz", 5),
        ("Russisch", "jobcenter", 4),
    ]


def test_untranslated_reads_are_pages_read_in_a_language_they_lack(november):
    # The course's Arabic title was written by an editor: reviewed, so not listed.
    table = november["untranslated_reads"]
    assert _rows(table, "title", "language", "views", "status") == [
        ("Beratung", "Arabisch", 8, "fehlt"),
        ("Deutschkurse", "Ukrainisch", 4, "fehlt"),
    ]
    assert "geprüft" in str(table.description)


def test_reads_of_a_machine_translation_count_as_without_reviewed_translation(november, course):
    from translations.constants import TranslationStatus
    from translations.models import PageTranslation

    PageTranslation.objects.filter(page=course, language="ar").update(
        status=TranslationStatus.MACHINE
    )
    with translation.override("de"):
        tables = {
            t.key: t
            for t in reach.reach_report(
                period=month_period(2026, 11), translation_states=translation_states_read
            )
        }
    assert _rows(tables["untranslated_reads"], "title", "language", "views", "status") == [
        ("Beratung", "Arabisch", 8, "fehlt"),
        ("Deutschkurse", "Arabisch", 7, "maschinell"),
        ("Deutschkurse", "Ukrainisch", 4, "fehlt"),
    ]


def test_an_empty_period_gives_empty_tables(course):
    with translation.override("de"):
        tables = reach.reach_report(
            period=month_period(2020, 1), translation_states=translation_states_read
        )
    assert [table.key for table in tables] == [
        "views_by_page",
        "views_by_language",
        "search_misses",
        "untranslated_reads",
    ]
    assert all(not table.rows for table in tables if table.key != "views_by_language")
