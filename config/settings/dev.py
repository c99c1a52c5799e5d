"""The embedded default: `make demo` on a laptop. SQLite and the filesystem broker under var/."""

import os

# A fixed key is acceptable only here: the dev server listens on 127.0.0.1 and holds demo data.
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-used-in-production")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

DEBUG = True
PORTAL_DEMO = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

# The demo's web server and its Celery worker are two processes: they share one cache,
# in files under var/, so that a translation the worker publishes shows on the site at
# once (cms/cache.py). CACHE_URL (Redis) wins where it is set.
if not env("CACHE_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
