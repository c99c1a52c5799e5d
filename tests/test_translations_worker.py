"""Machine translation by a real Celery worker process with the real argostranslate
backend on tiny models: the job is taken once, the page gets its Arabic text through
the German→English→Arabic pivot, the state and the job say so.

The worker is another process, so it needs a database both can reach: PostgreSQL
(DATABASE_URL, as .ci/run's second pass, with Redis as broker); skipped on the
in-memory SQLite of the first pass."""

import pytest
from django.db import connection

from cms.models import InformationPage
from tests.celery_worker import database_url, running_worker
from tests.content_factories import publish_page
from translations.argos import ArgosBackend
from translations.constants import TranslationJobStatus
from translations.constants import TranslationStatus as Status
from translations.models import PageTranslation, TranslationJob

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it shares with the test: set DATABASE_URL")


@pytest.fixture
def site(postgres):
    """A transactional test starts after another one's flush, which also emptied
    Wagtail's root page and locale: put them back, then the site."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.models import Locale, Page

    from cms.services import site_ensure_home_page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        with translation.override(settings.LANGUAGE_CODE):
            Page.add_root(instance=Page(title="Root", slug="root"))
    return site_ensure_home_page()


def test_a_real_worker_translates_a_page_once(broker, tiny_argos, site):
    packages = tiny_argos(("de", "en"), ("en", "ar"))
    page = publish_page(
        site,
        InformationPage,
        titles={"de": "Hallo Welt"},
        slugs={"de": "hallo-welt"},
        intro="Der Kurs kostet 25 Euro.",
    )
    expected_title, expected_intro = ArgosBackend().translate(
        ["Hallo Welt", "Der Kurs kostet 25 Euro."], "de", "ar"
    )
    assert expected_title != "Hallo Welt"  # the tiny models really translate
    job = TranslationJob.objects.create(page=page, language="ar")

    with running_worker(
        broker,
        DATABASE_URL=database_url(),
        PORTAL_TRANSLATION_BACKEND="translations.argos.ArgosBackend",
        ARGOS_PACKAGES_DIR=str(packages),
    ) as worker:
        first = worker.send("translations.page_translate", job.pk)
        second = worker.send("translations.page_translate", job.pk)
        assert first.get(timeout=90) == "done"
        assert second.get(timeout=30) == "skipped"  # asked twice, run once

    job.refresh_from_db()
    assert job.status == TranslationJobStatus.DONE and job.attempts == 1, worker.output
    assert job.published
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == expected_title
    assert page.intro_ar == expected_intro and "25" in page.intro_ar
    state = PageTranslation.objects.get(page=page, language="ar")
    assert state.status == Status.MACHINE and state.engine == "argos"
    assert "de→en" in state.model_version and "en→ar" in state.model_version
