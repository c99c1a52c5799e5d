"""Production: PostgreSQL, Redis, gunicorn behind TLS. Refuses to start without its secrets.

Passes `manage.py check --deploy --fail-level WARNING` (tests/test_settings.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before anything else is read, so the error names every missing variable at once.
# CACHE_URL: several processes (gunicorn workers, Celery) must see one cache, or a page
# published in one is served old by the others (cms/cache.py).
_REQUIRED = ("DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL")
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Production settings refuse to start without these environment variables: "
        + ", ".join(_missing)
    )

from .base import *  # noqa: E402,F403
from .base import ALLOWED_HOSTS, SECRET_KEY, env, env_bool, env_int  # noqa: E402

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random value of at least 50 characters."
    )

DEBUG = False

# Links in the admin's notification e-mails: the public address, not the dev server's.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "") or f"https://{ALLOWED_HOSTS[0]}"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# TLS ends at the reverse proxy in front of gunicorn, which sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# "preload" in the header only allows submitting the domain to the browsers' list; that
# submission stays a deliberate, manual step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "teilhabe-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

if not env("CACHE_URL").startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a Redis URL (redis://host:port/db).")
