"""Translation states and machine translation of pages, through the services and what a
reader sees (with the fast fake backend: it writes "[ar] " before each text).

The real argostranslate on tiny models: tests/test_translations_argos.py and
tests/test_translations_worker.py.
"""

import pytest
from django.test import override_settings
from django.utils import translation

from cms.models import InformationPage
from tests.content_factories import LANGUAGES, publish_page
from translations.backends import FakeBackend, backend_reset
from translations.constants import TranslationJobError, TranslationJobStatus
from translations.constants import TranslationStatus as Status
from translations.models import GlossaryTerm, PageTranslation, TranslationJob, TranslationMemory
from translations.services import (
    ReviewedTranslationKept,
    page_translate,
    translation_jobs_queue,
    translation_mark_reviewed,
    translation_status,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_backend")]


def german_page(home, **fields):
    return publish_page(
        home,
        InformationPage,
        titles={"de": "Kinderbetreuung während des Kurses"},
        slugs={"de": "kinderbetreuung"},
        intro="Während des Kurses betreut die KVHS Ihre Kinder. Rufen Sie 04171 693-0 an.",
        **fields,
    )


def latest(page):
    """The page as its editor opens it: the latest revision, read afresh."""
    return InformationPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def edit_german(page, *, minor=False, **fields):
    revision_page = latest(page)
    for name, value in fields.items():
        setattr(revision_page, f"{name}_de", value)
    revision_page.translation_minor_edit = minor
    with translation.override("de"):
        revision_page.save_revision().publish()
    return InformationPage.objects.get(pk=page.pk)


def read(client, page, language):
    page = InformationPage.objects.get(pk=page.pk)  # its address in every language, as saved
    with translation.override(language):
        url = page.get_url()
    return client.get(url)


def test_a_page_written_only_in_german_is_missing_in_every_other_language(home_page):
    page = german_page(home_page)
    assert all(translation_status(page, code) == Status.MISSING for code in LANGUAGES[1:])
    assert not PageTranslation.objects.filter(page=page).exists()


def test_text_an_editor_wrote_into_a_language_counts_as_reviewed_by_that_person(
    home_page, django_user_model
):
    editor = django_user_model.objects.create_user("redakteurin")
    page = german_page(home_page)
    revision_page = latest(page)
    revision_page.title_en = "Childcare during the course"
    revision_page.save_revision(user=editor).publish()
    state = PageTranslation.objects.get(page=page, language="en")
    assert state.status == Status.REVIEWED and state.reviewed_by == editor
    assert state.engine == ""
    assert translation_status(page, "ar") == Status.MISSING


def test_machine_translation_is_published_and_readers_see_the_notice(home_page, client):
    page = german_page(home_page)
    result = page_translate(page, "ar")
    assert result.published
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == "[ar] Kinderbetreuung während des Kurses"
    assert page.intro_ar.startswith("[ar] ")
    # Protected: the organisation and the phone number are untouched by the machine.
    assert "KVHS" in page.intro_ar and "04171 693-0" in page.intro_ar
    assert page.slug_ar and page.slug_ar.isascii()
    state = PageTranslation.objects.get(page=page, language="ar")
    assert state.status == Status.MACHINE and state.engine == "fake"
    assert state.machine_fields == ["intro", "title"]

    arabic = read(client, page, "ar").content.decode()
    assert "[ar] Kinderbetreuung" in arabic
    assert 'class="notice notice--machine"' in arabic
    with translation.override("de"):
        german_url = page.get_url()
    assert f'href="{german_url}" hreflang="de"' in arabic
    assert "notice--machine" not in read(client, page, "de").content.decode()
    # Languages not translated still show the German page with its own notice.
    english = read(client, page, "en").content.decode()
    assert "notice--machine" not in english and "notice--language" in english


def test_the_notice_is_in_the_readers_language(home_page, client):
    page = german_page(home_page)
    page_translate(page, "uk")
    page = InformationPage.objects.get(pk=page.pk)
    with translation.override("uk"):
        expected = translation.gettext(
            "Diese Seite wurde automatisch übersetzt und kann Fehler enthalten."
        )
    assert expected != "Diese Seite wurde automatisch übersetzt und kann Fehler enthalten."
    assert expected in read(client, page, "uk").content.decode()


def test_a_german_edit_turns_exactly_the_translations_made_from_the_old_text_outdated(
    home_page, client
):
    page = german_page(home_page)
    page_translate(page, "ar")
    page_translate(page, "tr")
    page = edit_german(page, intro="Die KVHS betreut Ihre Kinder jetzt auch samstags.")
    assert translation_status(page, "ar") == Status.OUTDATED
    assert translation_status(page, "tr") == Status.OUTDATED
    assert translation_status(page, "fa") == Status.MISSING  # was never translated
    outdated = read(client, page, "ar").content.decode()
    with translation.override("ar"):
        expected = translation.gettext(
            "Der deutsche Text dieser Seite wurde geändert. Diese Übersetzung ist noch nicht "
            "auf dem neuen Stand."
        )
    assert expected in outdated

    # Translated again from the new text: machine again, the outdated notice gone, and
    # the address readers may have shared stays the same.
    slug = InformationPage.objects.get(pk=page.pk).slug_ar
    page_translate(page, "ar")
    assert translation_status(page, "ar") == Status.MACHINE
    assert InformationPage.objects.get(pk=page.pk).slug_ar == slug
    assert translation_status(page, "tr") == Status.OUTDATED


def test_an_edit_of_a_field_that_is_not_translated_outdates_nothing(home_page):
    page = german_page(home_page)
    page_translate(page, "ar")
    revision_page = latest(page)
    revision_page.show_in_menus = not revision_page.show_in_menus
    revision_page.save_revision().publish()
    assert translation_status(page, "ar") == Status.MACHINE


def test_a_minor_edit_keeps_the_translations_current_for_that_edit_only(home_page):
    page = german_page(home_page)
    page_translate(page, "ar")
    page = edit_german(page, minor=True, intro="Während des Kurses betreut die KVHS Ihre Kinder.")
    assert translation_status(page, "ar") == Status.MACHINE
    assert InformationPage.objects.get(pk=page.pk).translation_minor_edit is False
    page = edit_german(page, intro="Ganz neuer Text.")
    assert translation_status(page, "ar") == Status.OUTDATED


def test_a_reviewed_translation_is_not_overwritten_unless_asked(home_page, django_user_model):
    editor = django_user_model.objects.create_user("pruefer")
    page = german_page(home_page)
    page_translate(page, "ar")
    page = InformationPage.objects.get(pk=page.pk)
    revision_page = latest(page)
    revision_page.title_ar = "رعاية الأطفال أثناء الدورة"
    revision_page.save_revision().publish()
    translation_mark_reviewed(page, "ar", user=editor)
    with pytest.raises(ReviewedTranslationKept):
        page_translate(page, "ar")
    assert InformationPage.objects.get(pk=page.pk).title_ar == "رعاية الأطفال أثناء الدورة"

    page_translate(page, "ar", overwrite_reviewed=True)
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == "[ar] Kinderbetreuung während des Kurses"
    assert translation_status(page, "ar") == Status.MACHINE


def test_reviewed_segments_are_reused_and_only_changed_fields_go_to_the_machine(
    home_page, django_user_model, client
):
    editor = django_user_model.objects.create_user("pruefer")
    page = german_page(home_page)
    page_translate(page, "ar")
    revision_page = InformationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    revision_page.title_ar = "رعاية الأطفال أثناء الدورة"
    revision_page.save_revision().publish()
    state = translation_mark_reviewed(page, "ar", user=editor)
    assert state.reviewed_by == editor and state.status == Status.REVIEWED
    assert TranslationMemory.objects.filter(
        language="ar", source_text="Kinderbetreuung während des Kurses"
    ).exists()
    assert "notice--machine" not in read(client, page, "ar").content.decode()

    page = edit_german(page, intro="Die KVHS betreut Ihre Kinder jetzt auch samstags.")
    assert translation_status(page, "ar") == Status.OUTDATED
    result = page_translate(page, "ar")
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == "رعاية الأطفال أثناء الدورة"  # the reviewed title, kept
    assert page.intro_ar == "[ar] Die KVHS betreut Ihre Kinder jetzt auch samstags."
    assert result.from_memory == 1 and result.from_machine == 1
    assert PageTranslation.objects.get(page=page, language="ar").machine_fields == ["intro"]


def test_glossary_terms_keep_their_fixed_translation(home_page):
    GlossaryTerm.objects.create(term="KVHS", term_de="KVHS", term_ar="الجامعة الشعبية KVHS")
    page = german_page(home_page)
    page_translate(page, "ar")
    page_translate(page, "en")
    page = InformationPage.objects.get(pk=page.pk)
    assert "الجامعة الشعبية KVHS" in page.intro_ar
    assert "KVHS" in page.intro_en and "الجامعة" not in page.intro_en


class AcronymDroppingBackend(FakeBackend):
    """Like a model that leaves out what it doesn't know (the capitalised placeholders
    protected items travel as): the check after translation must notice."""

    name = "acronym-dropper"

    def translate(self, texts, source, target):
        import re

        translated = super().translate(texts, source, target)
        return [re.sub(r"\b[A-Z]{4,}\b", "", text) for text in translated]


def test_a_protected_item_the_machine_changed_is_flagged_on_the_field(home_page, settings):
    settings.PORTAL_TRANSLATION_BACKEND = "tests.test_translations_states.AcronymDroppingBackend"
    backend_reset()
    page = german_page(home_page)
    page_translate(page, "ar")
    state = PageTranslation.objects.get(page=page, language="ar")
    assert "intro" in state.problems and "title" not in state.problems


def test_a_german_draft_is_never_published_by_a_translation(home_page):
    page = german_page(home_page)
    draft = latest(page)
    draft.intro_de = "Noch nicht freigegebener Entwurf."
    draft.save_revision()
    result = page_translate(page, "ar")
    assert not result.published
    live = InformationPage.objects.get(pk=page.pk)
    assert live.intro_de.startswith("Während des Kurses")
    assert not live.title_ar  # readers still see German until the editor publishes
    newest = live.get_latest_revision_as_object()
    assert newest.intro_ar == "[ar] Noch nicht freigegebener Entwurf."
    assert newest.intro_de == "Noch nicht freigegebener Entwurf."


@override_settings(PORTAL_PUBLISH_MACHINE_TRANSLATION=False)
def test_a_district_can_require_review_before_machine_output_goes_live(home_page):
    page = german_page(home_page)
    result = page_translate(page, "ar")
    assert not result.published
    live = InformationPage.objects.get(pk=page.pk)
    assert not live.title_ar
    assert live.get_latest_revision_as_object().title_ar.startswith("[ar] ")


def test_one_job_per_page_and_language_however_often_it_is_asked_for(home_page):
    page = german_page(home_page)
    first = translation_jobs_queue(pages=[page], languages=["ar", "fa"])
    again = translation_jobs_queue(pages=[page], languages=["ar"])
    assert again[0].pk == first[0].pk
    assert TranslationJob.objects.filter(page=page).count() == 2


def test_a_queued_job_runs_once_and_records_the_result(home_page, run_on_commit):
    page = german_page(home_page)
    (job,) = translation_jobs_queue(pages=[page], languages=["ar"])
    job.refresh_from_db()
    assert job.status == TranslationJobStatus.DONE and job.published
    assert job.started_at and job.finished_at and job.attempts == 1
    from translations.tasks import page_translate_task

    assert page_translate_task.delay(job.pk).get() == "skipped"  # delivered twice: once
    job.refresh_from_db()
    assert job.attempts == 1


class NoFarsiBackend(FakeBackend):
    languages = ("de", "en", "ar", "uk", "ru", "tr")


def test_a_job_for_a_language_without_model_fails_with_the_reason(
    home_page, run_on_commit, settings
):
    settings.PORTAL_TRANSLATION_BACKEND = "tests.test_translations_states.NoFarsiBackend"
    backend_reset()
    page = german_page(home_page)
    (job,) = translation_jobs_queue(pages=[page], languages=["fa"])
    job.refresh_from_db()
    assert job.status == TranslationJobStatus.FAILED
    assert job.error == TranslationJobError.NO_MODEL
    with translation.override("de"):
        assert "kein Übersetzungsmodell" in job.get_error_display()


def test_a_job_that_would_overwrite_a_reviewed_translation_says_so(
    home_page, run_on_commit, django_user_model
):
    page = german_page(home_page)
    page_translate(page, "ar")
    translation_mark_reviewed(page, "ar", user=django_user_model.objects.create_user("p"))
    (job,) = translation_jobs_queue(pages=[page], languages=["ar"])
    job.refresh_from_db()
    assert job.status == TranslationJobStatus.FAILED and job.error == TranslationJobError.REVIEWED
    (job,) = translation_jobs_queue(pages=[page], languages=["ar"], overwrite_reviewed=True)
    job.refresh_from_db()
    assert job.status == TranslationJobStatus.DONE


def test_jobs_whose_message_was_lost_are_taken_up_again(home_page):
    """The broker was away when the job was asked for, or the worker died in the middle:
    the periodic task (beat, every 5 minutes) sends them again, and they run once."""
    from datetime import timedelta

    from django.utils import timezone

    from translations.tasks import translation_jobs_resume_task

    page = german_page(home_page)
    lost = TranslationJob.objects.create(page=page, language="ar")
    TranslationJob.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - timedelta(minutes=5)
    )
    stuck = TranslationJob.objects.create(
        page=page,
        language="tr",
        status=TranslationJobStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
    )
    fresh = TranslationJob.objects.create(page=page, language="uk")  # its message is on the way
    assert translation_jobs_resume_task.delay().get() == 2
    for job in (lost, stuck, fresh):
        job.refresh_from_db()
    assert lost.status == stuck.status == TranslationJobStatus.DONE
    assert fresh.status == TranslationJobStatus.QUEUED
    assert translation_status(page, "ar") == translation_status(page, "tr") == Status.MACHINE


class OtherLanguageMeanwhileBackend(FakeBackend):
    """While Ukrainian is being translated, the Arabic job of the same page finishes
    (two worker processes): the Ukrainian result must not undo the Arabic one."""

    name = "meanwhile"
    page_id = None

    def translate(self, texts, source, target):
        if target == "uk" and OtherLanguageMeanwhileBackend.page_id:
            page_id, OtherLanguageMeanwhileBackend.page_id = self.page_id, None
            page_translate(InformationPage.objects.get(pk=page_id), "ar")
        return super().translate(texts, source, target)


def test_two_languages_translated_at_the_same_time_both_stay(home_page, settings):
    settings.PORTAL_TRANSLATION_BACKEND = (
        "tests.test_translations_states.OtherLanguageMeanwhileBackend"
    )
    backend_reset()
    page = german_page(home_page)
    OtherLanguageMeanwhileBackend.page_id = page.pk
    page_translate(page, "uk")
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_uk == "[uk] Kinderbetreuung während des Kurses"
    assert page.title_ar == "[ar] Kinderbetreuung während des Kurses"
    assert translation_status(page, "ar") == translation_status(page, "uk") == Status.MACHINE


class GermanChangedMeanwhileBackend(FakeBackend):
    name = "german-meanwhile"
    page_id = None

    def translate(self, texts, source, target):
        if GermanChangedMeanwhileBackend.page_id:
            page_id, GermanChangedMeanwhileBackend.page_id = self.page_id, None
            edit_german(InformationPage.objects.get(pk=page_id), intro="Neuer Text.")
        return super().translate(texts, source, target)


def test_a_translation_of_german_that_changed_while_it_ran_is_outdated(home_page, settings):
    settings.PORTAL_TRANSLATION_BACKEND = (
        "tests.test_translations_states.GermanChangedMeanwhileBackend"
    )
    backend_reset()
    page = german_page(home_page)
    GermanChangedMeanwhileBackend.page_id = page.pk
    page_translate(page, "ar")
    assert translation_status(page, "ar") == Status.OUTDATED


def test_apps_learn_the_state_of_a_pages_text_from_the_api(home_page, client):
    """Apps owe readers the same notice as the site: the API says which text is
    machine-made."""
    page = german_page(home_page)
    page_translate(page, "ar")

    def status(language):
        url = f"/{language}/api/v2/pages/{page.pk}/"
        return client.get(url, {"fields": "translation_status"}).json()["translation_status"]

    assert status("ar") == "machine"
    assert status("de") == "source"
    assert status("fa") == "missing"  # shown in German
    page = edit_german(page, intro="Neuer Text.")
    assert status("ar") == "outdated"
