"""The translation screens in the Wagtail admin, as an editor uses them: the matrix with
its counts and filters, translating with one click, watching the job, reviewing side by
side and marking reviewed; and who may do it."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from cms.models import InformationPage
from tests.content_factories import publish_page
from translations.backends import FakeBackend, backend_reset
from translations.constants import TranslationJobStatus
from translations.constants import TranslationStatus as Status
from translations.models import GlossaryTerm, PageTranslation, TranslationJob
from translations.services import page_translate, translation_status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_backend")]


def login(client, roles, role, name):
    user = get_user_model().objects.create_user(name, password="ein-langes-passwort")
    user.groups.add(roles[role])
    client.force_login(user)
    return user


@pytest.fixture
def editor(client, roles):
    return login(client, roles, "Redaktion", "rita")


@pytest.fixture
def offer(home_page):
    return publish_page(
        home_page,
        InformationPage,
        titles={"de": "Sprachcafé in Tostedt", "en": "Language café in Tostedt"},
        slugs={"de": "sprachcafe", "en": "language-cafe"},
        intro="Jeden Dienstag um 17:00 Uhr.",
    )


def test_the_matrix_shows_each_pages_state_per_language_with_counts(client, editor, offer):
    page_translate(offer, "ar")
    response = client.get("/admin/uebersetzungen/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sprachcafé in Tostedt" in content
    assert 'translation-state--machine"' in content  # ar
    assert 'translation-state--reviewed"' in content  # en, written by an editor
    assert 'translation-state--missing"' in content  # fa, uk, ru, tr
    counts = response.context["matrix"].counts
    pages = response.context["matrix"].total  # the home page and the offer
    assert pages == 2
    assert counts["ar"][Status.MACHINE] == 1 and counts["ar"][Status.MISSING] == 0
    assert counts["fa"][Status.MISSING] == 1
    assert counts["en"][Status.REVIEWED] == 2


def test_the_matrix_filters_by_language_and_state(client, editor, offer, home_page):
    page_translate(offer, "ar")
    machine = client.get("/admin/uebersetzungen/?sprache=ar&status=machine").context["matrix"]
    assert [row.page.pk for row in machine.rows] == [offer.pk]
    missing = client.get("/admin/uebersetzungen/?sprache=ar&status=missing").context["matrix"]
    assert [row.page.pk for row in missing.rows] == []
    by_title = client.get("/admin/uebersetzungen/?q=Sprachcaf").context["matrix"]
    assert [row.page.pk for row in by_title.rows] == [offer.pk]
    # Unknown filter values are ignored rather than failing.
    assert client.get("/admin/uebersetzungen/?status=kaputt&sprache=xx").status_code == 200


def test_an_editor_translates_a_page_with_one_click_and_watches_the_job(
    client, editor, offer, run_on_commit
):
    form = client.get(f"/admin/uebersetzungen/uebersetzen/?seite={offer.pk}")
    assert form.status_code == 200
    preselected = form.context["form"].initial["languages"]
    assert "en" not in preselected  # reviewed by the editor who wrote it
    assert set(preselected) == {"ar", "fa", "uk", "ru", "tr"}
    response = client.post(
        "/admin/uebersetzungen/uebersetzen/", {"seite": [offer.pk], "languages": preselected}
    )
    assert response.status_code == 302 and "/admin/uebersetzungen/auftraege/" in response.url
    jobs = client.get(response.url)
    content = jobs.content.decode()
    assert content.count("translation-job--done") == 5
    assert 'http-equiv="refresh"' not in content  # nothing left running
    for code in ("ar", "fa", "uk", "ru", "tr"):
        assert translation_status(offer, code) == Status.MACHINE


def test_while_jobs_wait_the_jobs_page_refreshes_itself(client, editor, offer):
    # No on-commit run in this test: the job stays queued, as while a worker is busy.
    client.post("/admin/uebersetzungen/uebersetzen/", {"seite": [offer.pk], "languages": ["ar"]})
    job = TranslationJob.objects.get(page=offer, language="ar")
    assert job.status == TranslationJobStatus.QUEUED
    content = client.get("/admin/uebersetzungen/auftraege/").content.decode()
    assert 'http-equiv="refresh"' in content and "translation-job--queued" in content


def test_translating_without_a_language_explains_and_keeps_the_choice(client, editor, offer):
    response = client.post(
        "/admin/uebersetzungen/uebersetzen/", {"seite": [offer.pk], "overwrite_reviewed": "on"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Wählen Sie mindestens eine Sprache." in content
    checkbox = content.split('name="overwrite_reviewed"')[1].split(">")[0]
    assert "checked" in checkbox  # what the editor ticked is still ticked
    assert not TranslationJob.objects.exists()


def test_review_side_by_side_then_mark_reviewed(client, editor, offer):
    page_translate(offer, "ar")
    response = client.get(f"/admin/uebersetzungen/seite/{offer.pk}/ar/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sprachcafé in Tostedt" in content and "[ar] Sprachcafé in Tostedt" in content
    assert 'lang="ar" dir="rtl"' in content
    assert "maschinell" in content
    response = client.post(f"/admin/uebersetzungen/seite/{offer.pk}/ar/")
    assert response.status_code == 302
    state = PageTranslation.objects.get(page=offer, language="ar")
    assert state.status == Status.REVIEWED and state.reviewed_by == editor
    follow = client.get(response.url).content.decode()
    assert "als geprüft markiert" in follow


def test_review_marks_the_fields_whose_german_changed(client, editor, offer):
    page_translate(offer, "ar")
    revision_page = InformationPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
    revision_page.intro_de = "Jeden Mittwoch um 18:00 Uhr."
    with translation.override("de"):
        revision_page.save_revision().publish()
    rows = client.get(f"/admin/uebersetzungen/seite/{offer.pk}/ar/").context["rows"]
    changed = {row.field for row in rows if row.changed}
    assert changed == {"intro"}


def test_a_language_without_text_cannot_be_marked_reviewed(client, editor, offer):
    response = client.post(f"/admin/uebersetzungen/seite/{offer.pk}/fa/", follow=True)
    assert "noch keinen Text" in response.content.decode()
    assert translation_status(offer, "fa") == Status.MISSING


def test_the_page_editor_has_a_translate_button(client, editor, offer):
    content = client.get(f"/admin/pages/{offer.pk}/edit/").content.decode()
    assert f"/admin/uebersetzungen/uebersetzen/?seite={offer.pk}" in content
    assert 'name="translation_minor_edit"' in content


def test_the_explorers_bulk_action_leads_to_the_translate_form(client, editor, offer, home_page):
    response = client.get(
        f"/admin/bulk/wagtailcore/page/translate/?id={offer.pk}&id={home_page.pk}"
    )
    assert response.status_code == 302
    assert response.url.startswith("/admin/uebersetzungen/uebersetzen/?")
    assert f"seite={offer.pk}" in response.url and f"seite={home_page.pk}" in response.url


def test_the_models_screen_names_languages_that_cannot_be_machine_translated(
    client, editor, settings
):
    settings.PORTAL_TRANSLATION_BACKEND = "tests.test_translations_states.NoFarsiBackend"
    backend_reset()
    response = client.get("/admin/uebersetzungen/modelle/")
    assert response.status_code == 200
    missing = response.context["missing"]
    assert len(missing) == 1 and "فارسی" in missing[0]


def test_editors_keep_the_glossary(client, editor):
    response = client.post(
        "/admin/snippets/translations/glossaryterm/add/",
        {"term_de": "Jobcenter", "term_ar": "مركز العمل (Jobcenter)", "note": "Behörde"},
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get()
    assert term.term_de == "Jobcenter" and term.term_ar == "مركز العمل (Jobcenter)"


@pytest.mark.parametrize("role", ["Anfragende", "Koordination", "Sprachmittelnde", "Bericht"])
def test_staff_without_page_rights_cannot_translate_or_review(client, roles, offer, role):
    login(client, roles, role, f"user-{role}")
    for url in (
        f"/admin/uebersetzungen/uebersetzen/?seite={offer.pk}",
        f"/admin/uebersetzungen/seite/{offer.pk}/ar/",
    ):
        assert client.get(url).status_code in (302, 403), (role, url)
    client.post(f"/admin/uebersetzungen/seite/{offer.pk}/ar/")
    assert not PageTranslation.objects.filter(page=offer, language="ar").exists()
    client.post("/admin/uebersetzungen/uebersetzen/", {"seite": [offer.pk], "languages": ["ar"]})
    assert not TranslationJob.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, offer):
    response = client.get("/admin/uebersetzungen/")
    assert response.status_code == 302 and "/admin/login/" in response.url


class NoModelsBackend(FakeBackend):
    languages = ()


def test_without_any_model_the_form_says_so_instead_of_offering_a_button(
    client, editor, offer, settings
):
    settings.PORTAL_TRANSLATION_BACKEND = "tests.test_translations_admin.NoModelsBackend"
    backend_reset()
    content = client.get(f"/admin/uebersetzungen/uebersetzen/?seite={offer.pk}").content.decode()
    assert "kein Übersetzungsmodell installiert" in content
    assert "Übersetzung starten" not in content


def test_translating_a_page_that_does_not_exist_is_not_found(client, editor, offer):
    assert client.get("/admin/uebersetzungen/uebersetzen/?seite=987654").status_code == 404
    response = client.get(f"/admin/uebersetzungen/uebersetzen/?seite={offer.pk}&seite=987654")
    assert response.status_code == 404
    assert client.get("/admin/uebersetzungen/seite/987654/ar/").status_code == 404
