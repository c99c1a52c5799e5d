"""A page's texts as segments for machine translation, and the translation written back."""

import re

import pytest
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import InformationPage, LanguageCoursePage
from tests.content_factories import publish_page
from translations.backends import FakeBackend
from translations.protect import translate_protected
from translations.segments import (
    page_apply,
    page_segments,
    page_source_hashes,
    source_hash,
    translatable_fields,
)

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    '<p>Melden Sie sich <b>bis Montag</b> bei <a linktype="page" id="{home}">uns</a> an.</p>'
    "<p>Der Kurs ist kostenlos.</p>"
)


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Kurs", file=get_test_image_file(size=(16, 12)))


def body(home, image):
    return [
        {"type": "heading", "value": "So läuft der Kurs", "id": "b-heading"},
        {"type": "paragraph", "value": PARAGRAPH.format(home=home.pk), "id": "b-text"},
        {
            "type": "steps",
            "value": [
                {"type": "item", "value": "Formular ausfüllen", "id": "s-1"},
                {"type": "item", "value": "Zum Termin kommen", "id": "s-2"},
            ],
            "id": "b-steps",
        },
        {"type": "notice", "value": "Bringen Sie Ihren Ausweis mit.", "id": "b-notice"},
        {
            "type": "image",
            "value": {"image": image.pk, "alt": "Eine Kursgruppe", "caption": ""},
            "id": "b-image",
        },
    ]


@pytest.fixture
def page(home_page, image):
    return publish_page(
        home_page,
        InformationPage,
        titles={"de": "Deutsch lernen"},
        slugs={"de": "deutsch-lernen"},
        intro_de="Kurse für Erwachsene.",
        body_de=body(home_page, image),
    )


def fake_translations(segments, target="ar"):
    return dict(
        zip(
            [s.key for s in segments],
            FakeBackend().translate([s.text for s in segments], "de", target),
            strict=True,
        )
    )


def raw(stream):
    return stream.get_prep_value()


def test_translatable_fields_in_a_stable_order(page):
    assert translatable_fields(page) == [
        "title",
        "seo_title",
        "search_description",
        "intro",
        "body",
    ]
    # Inherited offer fields count too; slug and url_path are not text to translate.
    assert translatable_fields(LanguageCoursePage()) == [
        "title",
        "seo_title",
        "search_description",
        "intro",
        "contact",
        "how_to_take_part",
        "cost",
        "body",
        "schedule",
        "registration",
    ]


def test_segments_of_an_information_page(page, home_page):
    segments = page_segments(page, "de")
    assert [(s.key, s.field, s.text, s.html) for s in segments] == [
        ("title", "title", "Deutsch lernen", False),
        ("intro", "intro", "Kurse für Erwachsene.", False),
        ("body.b-heading", "body", "So läuft der Kurs", False),
        (
            "body.b-text#0",
            "body",
            "Melden Sie sich <b>bis Montag</b> bei "
            f'<a linktype="page" id="{home_page.pk}">uns</a> an.',
            True,
        ),
        ("body.b-text#1", "body", "Der Kurs ist kostenlos.", True),
        ("body.b-steps.items.0", "body", "Formular ausfüllen", False),
        ("body.b-steps.items.1", "body", "Zum Termin kommen", False),
        ("body.b-notice", "body", "Bringen Sie Ihren Ausweis mit.", False),
        ("body.b-image.alt", "body", "Eine Kursgruppe", False),
    ]


def test_segments_read_the_language_asked_for_not_the_active_one(page):
    page.title_ar = "تعلّم الألمانية"
    with translation.override("ar"):
        assert [s.text for s in page_segments(page, "de")][:2] == [
            "Deutsch lernen",
            "Kurse für Erwachsene.",
        ]
        # Arabic has only a title: no German fallback comes in.
        assert [(s.key, s.text) for s in page_segments(page, "ar")] == [("title", "تعلّم الألمانية")]


def test_apply_translates_only_the_texts_and_keeps_the_stream(page, home_page, image):
    page_apply(page, "ar", fake_translations(page_segments(page, "de")))

    assert page.title_ar == "[ar] Deutsch lernen"
    assert page.intro_ar == "[ar] Kurse für Erwachsene."
    german, arabic = raw(page.body_de), raw(page.body_ar)
    assert [(b["type"], b["id"]) for b in arabic] == [(b["type"], b["id"]) for b in german]
    heading, paragraph, steps, notice, picture = arabic
    assert heading["value"] == "[ar] So läuft der Kurs"
    assert paragraph["value"] == (
        f'<p>[ar] Melden Sie sich <b>bis Montag</b> bei <a linktype="page" id="{home_page.pk}">'
        "uns</a> an.</p><p>[ar] Der Kurs ist kostenlos.</p>"
    )
    assert [(i["id"], i["value"]) for i in steps["value"]] == [
        ("s-1", "[ar] Formular ausfüllen"),
        ("s-2", "[ar] Zum Termin kommen"),
    ]
    assert notice["value"] == "[ar] Bringen Sie Ihren Ausweis mit."
    assert picture["value"] == {"image": image.pk, "alt": "[ar] Eine Kursgruppe", "caption": ""}
    # The German page is untouched.
    assert raw(page.body_de)[0]["value"] == "So läuft der Kurs"


def test_a_translated_page_is_published_and_read_in_arabic(client, page):
    """The whole way: segments, protected translation, apply, publish, read."""
    segments = page_segments(page, "de")
    translated = {}
    for is_html in (False, True):
        group = [s for s in segments if s.html == is_html]
        outcomes = translate_protected(
            [s.text for s in group], source="de", target="ar", backend=FakeBackend(), html=is_html
        )
        assert all(o.missing == [] for o in outcomes)
        translated |= {s.key: o.text for s, o in zip(group, outcomes, strict=True)}
    page_apply(page, "ar", translated)
    page.save_revision().publish()

    html = client.get(f"/ar/{page.slug_ar}/").content.decode()
    assert "<h1" in html and "[ar] Deutsch lernen</h1>" in html
    assert "[ar] So läuft der Kurs" in html
    assert re.search(
        r"\[ar\] Melden Sie sich <b>bis Montag</b> bei <a href=\"[^\"]+\">uns</a> an.", html
    )
    assert "[ar] Formular ausfüllen" in html
    assert 'alt="[ar] Eine Kursgruppe"' in html


def test_rich_text_field_keeps_its_structure(db):
    course = LanguageCoursePage(
        title_de="Kurs",
        how_to_take_part_de=(
            '<ul><li>Anmelden bei <a href="mailto:kurs@example.org">uns</a></li>'
            "<li>Hingehen</li></ul><p><br/></p>"
            '<embed embedtype="image" id="7" format="left" alt="Plan"/><h2>Fragen?</h2>'
        ),
    )
    segments = [s for s in page_segments(course, "de") if s.field == "how_to_take_part"]
    assert [(s.key, s.text, s.html) for s in segments] == [
        ("how_to_take_part#0", 'Anmelden bei <a href="mailto:kurs@example.org">uns</a>', True),
        ("how_to_take_part#1", "Hingehen", True),
        ("how_to_take_part#2", "Fragen?", True),
    ]
    page_apply(course, "uk", fake_translations(segments, "uk"))
    assert course.how_to_take_part_uk == (
        '<ul><li>[uk] Anmelden bei <a href="mailto:kurs@example.org">uns</a></li>'
        "<li>[uk] Hingehen</li></ul><p><br/></p>"
        '<embed embedtype="image" id="7" format="left" alt="Plan"/><h2>[uk] Fragen?</h2>'
    )


def test_home_page_paths_translate_title_and_text_but_keep_the_page(home_page, page):
    home_page.paths_de = [
        {
            "type": "path",
            "value": {"title": "Deutsch lernen", "text": "Kurse in Ihrer Nähe", "page": page.pk},
            "id": "p-1",
        }
    ]
    segments = page_segments(home_page, "de")
    assert [(s.key, s.text) for s in segments if s.field == "paths"] == [
        ("paths.p-1.title", "Deutsch lernen"),
        ("paths.p-1.text", "Kurse in Ihrer Nähe"),
    ]
    page_apply(home_page, "fa", fake_translations(segments, "fa"))
    assert raw(home_page.paths_fa) == [
        {
            "type": "path",
            "value": {
                "title": "[fa] Deutsch lernen",
                "text": "[fa] Kurse in Ihrer Nähe",
                "page": page.pk,
            },
            "id": "p-1",
        }
    ]


def test_missing_keys_keep_the_german_text(page):
    translated = fake_translations(page_segments(page, "de"))
    del translated["body.b-notice"], translated["body.b-text#1"], translated["intro"]
    page_apply(page, "ar", translated)
    arabic = raw(page.body_ar)
    assert arabic[3]["value"] == "Bringen Sie Ihren Ausweis mit."
    assert arabic[1]["value"].endswith("</p><p>Der Kurs ist kostenlos.</p>")
    assert arabic[1]["value"].startswith("<p>[ar] Melden Sie sich")
    assert page.intro_ar == "Kurse für Erwachsene."


def test_an_empty_german_field_empties_the_target(page):
    page.intro_ar = "Alter Text"
    page.body_ar = raw(page.body_de)
    page.intro_de = ""
    page.body_de = []
    page_apply(page, "ar", {"title": "تعلّم الألمانية"})
    assert page.intro_ar == ""
    assert len(page.body_ar) == 0


def test_slug_is_latin_readable_and_free_among_the_siblings(home_page, page):
    publish_page(
        home_page,
        InformationPage,
        titles={"de": "Beratung", "uk": "Вивчення німецької"},
        slugs={"de": "beratung", "uk": "vivchennya-nimetskoi"},
    )
    # A sibling without a Ukrainian slug is reached in Ukrainian by its German one.
    publish_page(
        home_page,
        InformationPage,
        titles={"de": "Sprachkurse"},
        slugs={"de": "vivchennya-nimetskoi-2"},
    )
    page_apply(page, "uk", {"title": "Вивчення німецької"})
    assert page.slug_uk == "vivchennya-nimetskoi-3"

    page_apply(page, "ru", {"title": "Изучение немецкого"})
    assert page.slug_ru == "izuchenie-nemetskogo"

    page_apply(page, "ar", {"title": "تعلّم اللغة الألمانية"})
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", page.slug_ar)

    page_apply(page, "fa", {"title": "؟!"})
    assert page.slug_fa == "deutsch-lernen"

    page_apply(page, "uk", {"title": "Щука " * 50})  # "shchuka-" 50 times: too long
    assert len(page.slug_uk) <= 255 and page.slug_uk.startswith("shchuka-shchuka")
    assert not page.slug_uk.endswith("-")

    page.save_revision().publish()  # Wagtail's own slug check agrees


def test_hashes_change_for_exactly_the_field_that_changed(page):
    before = page_source_hashes(page)
    assert set(before) == {"title", "seo_title", "search_description", "intro", "body"}
    assert page_source_hashes(page) == before
    page_apply(page, "ar", fake_translations(page_segments(page, "de")))
    assert page_source_hashes(page) == before  # a translation is not a change of the source

    stream = raw(page.body_de)
    stream[3]["value"] = "Bringen Sie Ihren Pass mit."
    page.body_de = stream
    after = page_source_hashes(page)
    assert [name for name in before if before[name] != after[name]] == ["body"]
    assert source_hash(after) != source_hash(before)

    page.intro_de = "Kurse für Jugendliche."
    changed = page_source_hashes(page)
    assert [name for name in after if after[name] != changed[name]] == ["intro"]
    assert source_hash(dict(reversed(changed.items()))) == source_hash(changed)
