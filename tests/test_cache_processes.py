"""One cache every process sees (cms/cache.py): what one process changes, another
process serves at its next request, without waiting for anything to expire.

Real processes, not threads: a reader (full middleware stack, page cache on) and
writers (`manage.py shell`, as an editor's request or a Celery worker would change
things), on one SQLite file and the cache of the environment: Redis where CACHE_URL is
set (.ci/run's PostgreSQL pass), otherwise the file cache the demo's web server and
worker share (config/settings/dev.py).
"""

import json
import os
import subprocess
import sys

import pytest

from tests.processes import ROOT, demo_environment, manage

READER = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
print("ready", flush=True)
for line in sys.stdin:
    response = client.get(line.strip())
    print(json.dumps({
        "status": response.status_code,
        "cache": response.get("X-Page-Cache", ""),
        "body": response.content.decode(),
    }), flush=True)
"""

SETUP = """
from django.utils import translation
from cms.models import HomePage, LanguageCoursePage, OfferIndexPage
home = HomePage.objects.get()
with translation.override("de"):
    index = OfferIndexPage(title="Angebote", slug="angebote", slug_ar="al-urud",
                           title_ar="العروض")
    home.add_child(instance=index)
    index.save_revision().publish()
    course = LanguageCoursePage(title="Deutschkurs A1", slug="kurs-a1", cefr_level="A1",
                                intro="Ein Kurs für den Anfang.")
    index.add_child(instance=course)
    course.save_revision().publish()
"""

PUBLISH = """
from cms.models import LanguageCoursePage
course = LanguageCoursePage.objects.get(slug_de="kurs-a1")
course.title_de = "Deutschkurs A1 – neuer Termin"
course.save_revision().publish()
"""

TRANSLATE = """
from cms.models import LanguageCoursePage
from translations.models import TranslationJob
from translations.services import translation_job_run
course = LanguageCoursePage.objects.get(slug_de="kurs-a1")
job = TranslationJob.objects.create(page=course, language="ar")
print(translation_job_run(job.pk))  # what the Celery task does in the worker process
from django.utils import translation
with translation.override("ar"):
    print(LanguageCoursePage.objects.get(pk=course.pk).url)  # its Arabic slug is new
"""

MAKE_PRIVATE = """
from wagtail.models import PageViewRestriction
from cms.models import LanguageCoursePage
course = LanguageCoursePage.objects.get(slug_de="kurs-a1")
PageViewRestriction.objects.create(page=course, restriction_type="password", password="x")
"""


@pytest.fixture
def environment(tmp_path):
    env = demo_environment(
        tmp_path,
        PORTAL_TRANSLATION_BACKEND="translations.backends.FakeBackend",
        PORTAL_PUBLISH_MACHINE_TRANSLATION="true",
        CELERY_BROKER_URL="memory://",
    )
    if os.environ.get("CACHE_URL"):
        _manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    for command in (("migrate", "--noinput"), ("portal_setup",), ("shell", "-c", SETUP)):
        _manage(env, *command)
    return env


def _manage(env, *args) -> str:
    return manage(env, *args, timeout=300)


class Reader:
    """Another process that serves pages, as a second gunicorn worker would."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def get(self, path: str) -> dict:
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def reader(environment):
    reader = Reader(environment)
    yield reader
    reader.close()


def test_another_process_sees_a_publish_a_translation_and_a_private_page_at_once(
    environment, reader
):
    german, arabic = "/de/angebote/kurs-a1/", "/ar/al-urud/kurs-a1/"
    for path in (german, arabic):
        assert reader.get(path)["cache"] == "miss"
        assert reader.get(path)["cache"] == "hit"

    # An editor publishes in another process: the next request shows it.
    _manage(environment, "shell", "-c", PUBLISH)
    page = reader.get(german)
    assert page["cache"] == "miss"
    assert "Deutschkurs A1 – neuer Termin" in page["body"]
    assert reader.get(german)["cache"] == "hit"

    # A worker finishes a machine translation into Arabic: Arabic readers get it, with
    # the notice that it was translated automatically.
    assert reader.get(arabic)["cache"] == "miss"  # the publish renewed every language
    assert reader.get(arabic)["cache"] == "hit"
    result, arabic_now = _manage(environment, "shell", "-c", TRANSLATE).split()[-2:]
    assert result == "done"
    page = reader.get(arabic_now)
    assert "[ar] Deutschkurs A1 – neuer Termin" in page["body"]
    assert 'class="notice notice--machine"' in page["body"]

    # The page is made private: no process hands out the copy it cached.
    reader.get(german)  # the translation renewed every language of the page
    assert reader.get(german)["cache"] == "hit"
    _manage(environment, "shell", "-c", MAKE_PRIVATE)
    page = reader.get(german)
    assert page["cache"] != "hit"
    assert "Deutschkurs A1 – neuer Termin" not in page["body"]
    assert 'name="password"' in page["body"]
