"""Test settings: SQLite and eager Celery by default; PostgreSQL and Redis when
DATABASE_URL / CELERY_BROKER_URL are set (as .ci/run does in its second pass)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: E402,F403
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# A new connection per request, as Django's default: the browser tests' live server
# shares the test's in-memory SQLite connection between two threads, and the health
# check a kept connection gets at each request start can then collide with the test's own
# statements ("database table is locked", about one run in three; none with the health
# check off or with a connection per request). Production keeps connections (base.py).
DATABASES["default"]["CONN_MAX_AGE"] = 0

# Unit tests run tasks in-process. tests/test_celery_worker.py starts a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test (tests/test_booking_worker.py) writes its mail to files.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Static files straight from site/static, no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The page and list caches are on, as in production: a test that changes content sees
# what a reader would see after it, stale cache included. tests/conftest.py empties the
# cache before each test; a test that needs them off says why.
PAGE_CACHE_SECONDS = 600
LIST_CACHE_SECONDS = 600
# The fast fake; tests/test_translations_argos.py runs the real argostranslate on tiny models, and
# tests/test_translations_worker.py starts a worker with the real backend through the environment.
PORTAL_TRANSLATION_BACKEND = os.environ.get(
    "PORTAL_TRANSLATION_BACKEND", "translations.backends.FakeBackend"
)
