"""A whole page through the real pipeline and the real argostranslate, on tiny models
built here: German → English → Ukrainian through two models, markup and Wagtail's link
tags kept, numbers, addresses and glossary terms exactly as they went in, the check
after translation clean, a readable Latin slug."""

import json

import pytest

from cms.models import InformationPage
from tests.content_factories import publish_page
from translations.constants import TranslationStatus as Status
from translations.models import GlossaryTerm, PageTranslation
from translations.services import page_translate

pytestmark = pytest.mark.django_db


def test_a_page_keeps_its_markup_and_protected_items_through_real_models(tiny_argos, home_page):
    tiny_argos(("de", "en"), ("en", "uk"), ("en", "ar"))
    GlossaryTerm.objects.create(term="KVHS", term_de="KVHS")
    paragraph = (
        f"<p>Der Kurs ist <b>kostenlos</b> für Kinder. Anmeldung bei der "
        f'<a linktype="page" id="{home_page.pk}">KVHS</a> unter 04171 693-0 oder '
        f'<a href="mailto:kurs@example.org">kurs@example.org</a>.</p>'
    )
    body = [
        {"type": "heading", "value": "Hallo Welt", "id": "h1"},
        {"type": "paragraph", "value": paragraph, "id": "p1"},
        {"type": "steps", "value": [{"type": "item", "value": "Termin am 24.11.2026", "id": "s1"}],
         "id": "st"},
    ]  # fmt: skip
    page = publish_page(
        home_page,
        InformationPage,
        titles={"de": "Hallo Welt"},
        slugs={"de": "hallo-welt"},
        intro="Deutsch lernen mit Kinder und Familie.",
        body_de=json.dumps(body),
    )

    page_translate(page, "uk")
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_uk == "Привіт світ"
    assert page.slug_uk == "privit-svit"
    blocks = {block.id: block for block in page.body_uk}
    assert blocks["h1"].value == "Привіт світ"
    html = blocks["p1"].value.source
    # Only text was translated: the markup, the page link and the mail link as they were.
    assert html.startswith("<p>") and html.endswith("</p>")
    assert "<b>безкоштовно</b>" in html
    assert f'<a linktype="page" id="{home_page.pk}">KVHS</a>' in html
    assert '<a href="mailto:kurs@example.org">kurs@example.org</a>' in html
    assert "04171 693-0" in html and "курс" in html.lower()
    assert "24.11.2026" in blocks["st"].value[0]
    state = PageTranslation.objects.get(page=page, language="uk")
    assert state.status == Status.MACHINE and state.problems == {}
    assert state.model_version == "de→en 0.0-tiny · en→uk 0.0-tiny"

    # Arabic through the other model of the same worker process: right-to-left text.
    page_translate(page, "ar")
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == "مرحبا العالم"
