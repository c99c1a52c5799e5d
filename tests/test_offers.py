"""The offers a reader finds: only valid ones, filtered without JavaScript, paginated,
with a fixed number of queries; expired offers say so on their page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import (
    CounsellingPage,
    HomePage,
    LanguageCoursePage,
    OfferIndexPage,
    OfferPage,
    VolunteeringPage,
)
from cms.selectors import OFFERS_PER_PAGE
from portal.municipalities import Municipality
from tests.content_factories import (
    days,
    offer_index,
    place,
    publish_page,
    republish,
    spoken_language,
    target_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return offer_index(home_page)


@pytest.fixture
def offers(index):
    winsen = place("KVHS Winsen", Municipality.WINSEN)
    tostedt = place("Rathaus Tostedt", Municipality.TOSTEDT)
    refugees = target_group("gefluechtete", "Geflüchtete")
    arabic = spoken_language("ar", "Arabisch")
    a1 = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs A1 Winsen", "ar": "دورة ألمانية A1 في Winsen"},
        cefr_level="A1",
        childcare=True,
    )
    a1.places.set([winsen])
    a1.target_groups.set([refugees])
    republish(a1)
    b1 = publish_page(
        index, LanguageCoursePage, titles={"de": "Deutschkurs B1 Tostedt"}, cefr_level="B1"
    )
    b1.places.set([tostedt])
    republish(b1)
    advice = publish_page(
        index, CounsellingPage, titles={"de": "Migrationsberatung Tostedt"}, topics="Aufenthalt"
    )
    advice.places.set([tostedt])
    advice.languages_spoken.set([arabic])
    advice.target_groups.set([refugees])
    republish(advice)
    volunteer = publish_page(index, VolunteeringPage, titles={"de": "Sprachpatenschaft"})
    expired = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs A1 Salzhausen"},
        cefr_level="A1",
        valid_until=days(-1),
    )
    upcoming = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Deutschkurs B2 Neu Wulmstorf"},
        cefr_level="B2",
        valid_from=days(30),
    )
    return {
        "a1": a1,
        "b1": b1,
        "advice": advice,
        "volunteer": volunteer,
        "expired": expired,
        "upcoming": upcoming,
    }


def _titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_editors_can_only_build_a_sensible_tree(home_page, index):
    assert not LanguageCoursePage.can_create_at(home_page)
    assert LanguageCoursePage.can_create_at(index)
    assert not OfferPage.is_creatable  # only its types are
    assert not OfferIndexPage.can_create_at(index)
    assert not HomePage.can_create_at(home_page)


def test_index_lists_only_valid_offers(client, offers):
    titles = _titles(client.get("/de/angebote/"))
    assert set(titles) == {
        "Deutschkurs A1 Winsen",
        "Deutschkurs B1 Tostedt",
        "Migrationsberatung Tostedt",
        "Sprachpatenschaft",
    }
    assert titles[0].startswith("Deutschkurs")  # courses first


def test_offer_that_ended_says_so_and_links_current_offers(client, offers):
    response = client.get(offers["expired"].url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dieses Angebot gibt es nicht mehr." in content
    assert 'href="/de/angebote/"' in content


def test_offer_that_starts_later_names_its_start(client, offers):
    content = client.get(offers["upcoming"].url).content.decode()
    assert "Dieses Angebot beginnt am" in content
    assert offers["upcoming"].valid_from.strftime("%d.%m.%Y") in content


@pytest.mark.parametrize(
    "query,expected",
    [
        ("category=course", {"Deutschkurs A1 Winsen", "Deutschkurs B1 Tostedt"}),
        ("category=counselling", {"Migrationsberatung Tostedt"}),
        ("municipality=tostedt", {"Deutschkurs B1 Tostedt", "Migrationsberatung Tostedt"}),
        ("level=A1", {"Deutschkurs A1 Winsen"}),
        ("target_group=gefluechtete", {"Deutschkurs A1 Winsen", "Migrationsberatung Tostedt"}),
        ("language=ar", {"Migrationsberatung Tostedt"}),
        ("category=course&municipality=tostedt", {"Deutschkurs B1 Tostedt"}),
        ("category=volunteering&municipality=winsen", set()),
    ],
)
def test_filters_narrow_the_list(client, offers, query, expected):
    response = client.get(f"/de/angebote/?{query}")
    assert set(_titles(response)) == expected
    if not expected:
        assert "Kein Angebot passt zu diesen Filtern." in response.content.decode()


def test_filters_are_a_plain_form_that_keeps_the_choice(client, offers):
    content = client.get("/de/angebote/?municipality=tostedt").content.decode()
    assert '<form class="filters" method="get"' in content
    assert '<button type="submit">' in content
    assert '<option value="tostedt" selected>' in content
    assert "Alle Filter löschen" in content


def test_an_unknown_filter_value_is_explained_and_the_others_still_apply(client, offers):
    response = client.get("/de/angebote/?level=Z9&municipality=tostedt")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ein Filter hatte einen unbekannten Wert" in content
    assert set(_titles(response)) == {"Deutschkurs B1 Tostedt", "Migrationsberatung Tostedt"}
    # The list that was not understood is marked for screen readers and points to the notice.
    level = re.search(r'<select [^>]*name="level"[^>]*>', content).group(0)
    assert 'aria-invalid="true"' in level and 'aria-describedby="filter-error"' in level
    # The understood ones are not.
    municipality = re.search(r'<select [^>]*name="municipality"[^>]*>', content).group(0)
    assert "aria-invalid" not in municipality
    assert 'id="filter-error"' in content


def test_pagination_keeps_the_filters(client, index):
    for n in range(OFFERS_PER_PAGE + 2):
        publish_page(index, VolunteeringPage, titles={"de": f"Ehrenamt {n:02d}"})
    first = client.get("/de/angebote/?category=volunteering")
    assert len(_titles(first)) == OFFERS_PER_PAGE
    content = first.content.decode()
    assert 'href="?category=volunteering&amp;seite=2"' in content
    second = client.get("/de/angebote/?category=volunteering&seite=2")
    assert len(_titles(second)) == 2
    assert "Seite 2 von 2" in second.content.decode()


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_index_needs_the_same_queries_for_few_and_many_offers(client, index):
    client.get("/de/angebote/")  # warm the content-type and site caches
    for model, n in ((LanguageCoursePage, 0), (CounsellingPage, 1)):
        extra = {"cefr_level": "A1"} if model is LanguageCoursePage else {}
        page = publish_page(index, model, titles={"de": f"Angebot {n}"}, **extra)
        page.places.set([place(f"Ort {n}", Municipality.WINSEN)])
        republish(page)
    client.get("/de/angebote/")  # Wagtail's cached site root paths, dropped by publishing
    few = _count_queries(client, "/de/angebote/")
    for n in range(2, 9):
        model = (LanguageCoursePage, CounsellingPage, VolunteeringPage)[n % 3]
        extra = {"cefr_level": "B1"} if model is LanguageCoursePage else {}
        page = publish_page(index, model, titles={"de": f"Angebot {n}"}, **extra)
        page.places.set([place(f"Ort {n}", Municipality.SEEVETAL)])
        republish(page)
    client.get("/de/angebote/")
    many = _count_queries(client, "/de/angebote/")
    assert many == few


def test_offer_page_shows_what_a_reader_needs(client, offers):
    content = client.get(offers["a1"].url).content.decode()
    assert "Deutschkurs A1 Winsen" in content
    assert "Kinderbetreuung" in content and "Ja" in content
    assert "KVHS Winsen" in content
    assert "Winsen (Luhe)" in content


def test_an_offer_page_costs_the_same_queries_however_many_offers_exist(client, index):
    course = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Kurs", "ar": "دورة"},
        slugs={"de": "kurs", "ar": "dawra"},
        cefr_level="A1",
    )
    client.get("/ar/al-urud/dawra/")
    few = _count_queries(client, "/ar/al-urud/dawra/")
    for n in range(15):
        publish_page(index, VolunteeringPage, titles={"de": f"Ehrenamt {n}"})
    assert _count_queries(client, "/ar/al-urud/dawra/") == few
    assert course.pk  # the page itself was served each time (status checked above)


def test_an_untranslated_offer_is_reached_by_its_german_slug_in_every_language(client, index):
    publish_page(
        index, VolunteeringPage, titles={"de": "Lesepatenschaft"}, slugs={"de": "lesepaten"}
    )
    assert client.get("/en/offers/lesepaten/").status_code == 200
    assert client.get("/ar/al-urud/lesepaten/").status_code == 200
    assert client.get("/ar/al-urud/gibt-es-nicht/").status_code == 404


def test_an_offer_page_shows_its_snippets_in_the_readers_language_or_marked_german(client, index):
    from cms.models import Organisation

    kvhs = Organisation.objects.create(name="Kreisvolkshochschule", name_de="Kreisvolkshochschule")
    kvhs.name_ar = "الجامعة الشعبية"
    kvhs.save()
    women = target_group("frauen", "Frauen")
    women.name_ar = "النساء"
    women.save()
    refugees = target_group("gefluechtete", "Geflüchtete")  # no Arabic name
    tostedt = place("Rathaus Tostedt", Municipality.TOSTEDT)
    winsen = place("KVHS Winsen", Municipality.WINSEN)
    winsen.name_ar = "مبنى KVHS في Winsen"
    winsen.street, winsen.postcode = "Musterstraße 1", "21423"
    winsen.opening_hours_de = "Mo–Fr 9–12 Uhr"
    winsen.save()
    course = publish_page(
        index,
        LanguageCoursePage,
        titles={"de": "Kurs", "ar": "دورة"},
        slugs={"de": "kurs", "ar": "dawra"},
        cefr_level="A1",
        organisation=kvhs,
    )
    course.places.set([winsen, tostedt])
    course.target_groups.set([women, refugees])
    republish(course)

    arabic = client.get("/ar/al-urud/dawra/").content.decode()
    assert "<dd>الجامعة الشعبية</dd>" in arabic
    assert "<span>النساء</span>" in arabic
    assert '<span lang="de" dir="ltr">Geflüchtete</span>' in arabic
    assert "<h3>مبنى KVHS في Winsen</h3>" in arabic
    assert '<h3 lang="de" dir="ltr">Rathaus Tostedt</h3>' in arabic
    assert "Musterstraße 1, 21423 Winsen (Luhe)" in arabic
    assert '<span lang="de" dir="ltr">Mo–Fr 9–12 Uhr</span>' in arabic
    # The places in the order of the snippets: by town, then name (Tostedt before Winsen).
    assert arabic.index("Rathaus Tostedt") < arabic.index("مبنى KVHS في Winsen")

    german = client.get("/de/angebote/kurs/").content.decode()
    assert "<dd>Kreisvolkshochschule</dd>" in german
    assert "<span>Frauen</span>" in german and "<span>Geflüchtete</span>" in german
    assert "<h3>KVHS Winsen</h3>" in german
    main = german[german.index("<main") : german.index("</main>")]
    assert 'lang="de" dir="ltr"' not in main.replace('<p lang="de" dir="ltr" translate="no">', "")


def test_filter_options_and_cards_are_escaped(client, index):
    target_group('eltern"x', "Eltern & <Kinder>")
    page = publish_page(
        index,
        VolunteeringPage,
        titles={"de": "Lesen <b>&</b> Vorlesen"},
        slugs={"de": "lesen"},
        intro="1 < 2",
    )
    page.places.set([place("Ort", Municipality.WINSEN)])
    republish(page)
    content = client.get("/de/angebote/").content.decode()
    assert '<option value="eltern&quot;x">Eltern &amp; &lt;Kinder&gt;</option>' in content
    assert ">Lesen &lt;b&gt;&amp;&lt;/b&gt; Vorlesen</a></h2>" in content
    assert "<p>1 &lt; 2</p>" in content
