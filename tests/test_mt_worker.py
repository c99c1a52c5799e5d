"""Machine translation by a real Celery worker process with the real argostranslate
backend on tiny models: the job is taken once, the page gets its Arabic text through
the German→English→Arabic pivot, the state and the job say so.

The worker is another process, so it needs a database both can reach: PostgreSQL
(DATABASE_URL, as .ci/run's second pass, with Redis as broker); skipped on the
in-memory SQLite of the first pass."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.core.management import call_command
from django.db import connection

from cms.constants import TranslationJobStatus
from cms.constants import TranslationStatus as Status
from cms.models import InformationPage, PageTranslation, TranslationJob
from cms.mt.argos import ArgosBackend, argos_reset
from cms.mt.tiny import build_tiny_package
from tests.content_factories import publish_page
from tests.test_booking_worker import _database_url
from tests.test_celery_worker import broker  # noqa: F401 - the same broker fixture

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture
def tiny_models(postgres, tmp_path, settings):
    folder = tmp_path / "models"
    build_tiny_package("de", "en", folder)
    build_tiny_package("en", "ar", folder)
    settings.ARGOS_PACKAGES_DIR = tmp_path / "argos" / "packages"
    argos_reset()
    call_command("translation_models", "install", "de", "en", "ar", "--from", str(folder))
    yield settings.ARGOS_PACKAGES_DIR
    argos_reset()


def test_a_real_worker_translates_a_page_once(broker, tiny_models, site):  # noqa: F811
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

    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        **broker["env"],
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker["url"],
        "CELERY_RESULT_BACKEND": broker["backend"],
        "PORTAL_TRANSLATION_BACKEND": "cms.mt.argos.ArgosBackend",
        "ARGOS_PACKAGES_DIR": str(tiny_models),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--queues", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    producer = Celery("probe", broker=broker["url"], backend=broker["backend"])
    producer.conf.broker_transport_options = broker["options"]
    try:
        first = producer.send_task("cms.page_translate", args=[job.pk], queue=queue)
        second = producer.send_task("cms.page_translate", args=[job.pk], queue=queue)
        assert first.get(timeout=90) == "done"
        assert second.get(timeout=30) == "skipped"  # asked twice, run once
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()

    job.refresh_from_db()
    assert job.status == TranslationJobStatus.DONE and job.attempts == 1, output
    assert job.published
    page = InformationPage.objects.get(pk=page.pk)
    assert page.title_ar == expected_title
    assert page.intro_ar == expected_intro and "25" in page.intro_ar
    state = PageTranslation.objects.get(page=page, language="ar")
    assert state.status == Status.MACHINE and state.engine == "argos"
    assert "de→en" in state.model_version and "en→ar" in state.model_version
