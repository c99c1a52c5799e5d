"""The embedded default: `make demo` on a laptop. SQLite and the filesystem broker under var/."""

import os

# A fixed key is acceptable only here: the dev server listens on 127.0.0.1 and holds demo data.
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-used-in-production")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

DEBUG = True
PORTAL_DEMO = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
