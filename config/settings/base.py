"""Settings shared by every environment. dev, test and production only override.

Everything that differs between machines is read from the environment (config/env.py).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.broker import filesystem_transport_options
from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state of the embedded set-up (SQLite, broker folders, media) lives here.
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the apps whose models it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    # The project's apps (docs/architecture.md): portal is shared by all; content,
    # booking and counting are independent; translations knows content; reporting
    # brings booking and counting together.
    "portal",
    "cms",
    "translations",
    "analytics",
    "sprachmittler",
    "reporting",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First, so that container health checks bypass host validation and the HTTPS redirect.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed for slow connections (whitenoise serves static files pre-compressed).
    # Django adds random padding against BREACH; the public pages hold no secrets anyway.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.locale.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "portal.security.PortalCSPMiddleware",
    # Outside the page cache, so that cached pages count as views too.
    "analytics.middleware.PageViewCountMiddleware",
    # After authentication (editors are never served from the cache), after the security
    # headers (a cached page gets them too).
    "cms.cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cms.context_processors.portal",
                "sprachmittler.context_processors.booking",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Kept open between requests (as docker-compose.yml and .env.example set): a new
        # SQLite connection parses the whole schema (seven columns per translated field)
        # on its first statement, about 1 ms, and a PostgreSQL one costs a login.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent over a second compiling the committee report's
    # queries that then ran in milliseconds (bench/report.md); the site's queries are
    # short, and gain nothing from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's worker and web server write to the same file. A transaction that starts
    # reading and then writes cannot wait for the lock ("database is locked" at once);
    # IMMEDIATE takes it at the start and waits up to `timeout`. WAL lets readers go on
    # while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache every process must share (cms/cache.py: pages, lists, version tokens): Redis
# with CACHE_URL (production requires it); without, each process keeps its own, which is
# right only for a single process (the tests; dev.py shares a file cache instead).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: it refuses locked-out logins before any other backend.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Languages -----------------------------------------------------------------
# The one setting that lists the published languages. German is the source of all
# content and the fallback. Right-to-left comes from Django's language info (bidi).
PORTAL_LANGUAGE_CODES = env_list("PORTAL_LANGUAGES", ["de", "en", "ar", "fa", "uk", "ru", "tr"])
_LANGUAGE_NAMES = {
    "de": _("Deutsch"),
    "en": _("Englisch"),
    "ar": _("Arabisch"),
    "fa": _("Persisch (Farsi)"),
    "uk": _("Ukrainisch"),
    "ru": _("Russisch"),
    "tr": _("Türkisch"),
}
LANGUAGE_CODE = "de"
LANGUAGES = [(code, _LANGUAGE_NAMES.get(code, code)) for code in PORTAL_LANGUAGE_CODES]
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = tuple(PORTAL_LANGUAGE_CODES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]

TIME_ZONE = "Europe/Berlin"  # on screen; the database stores UTC (USE_TZ)
USE_TZ = True

# --- Static and media ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -------------------------------------------------------------------
# Seconds a public page stays in the page cache (cms/cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Seconds the lists shown on every page (footer links, latest news) stay cached, also
# when the page itself is not; 0 turns it off.
LIST_CACHE_SECONDS = env_int("LIST_CACHE_SECONDS", 600)

WAGTAIL_SITE_NAME = "Teilhabe-Portal Landkreis Harburg"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # modeltranslation does i18n; Wagtail's own is another model
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt"]
# No avatar images from gravatar.com: nothing goes to third-party services, not even an
# e-mail hash. The admin shows its built-in default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask releases.wagtail.org for new versions (updates are our job).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Interpreter booking (sprachmittler) ---------------------------------------------
SPRACHMITTLER_LEAD_WORKING_DAYS = env_int("SPRACHMITTLER_LEAD_WORKING_DAYS", 5)
SPRACHMITTLER_MAX_DURATION_MINUTES = env_int("SPRACHMITTLER_MAX_DURATION_MINUTES", 180)
# Cancelling or changing later than this before the start counts as late (billable hour).
SPRACHMITTLER_LATE_CANCEL_HOURS = env_int("SPRACHMITTLER_LATE_CANCEL_HOURS", 24)
# Time an interpreter needs between two appointments on site.
SPRACHMITTLER_TRAVEL_BUFFER_MINUTES = env_int("SPRACHMITTLER_TRAVEL_BUFFER_MINUTES", 60)
# Personal and free-text data of finished requests is erased after this many days.
SPRACHMITTLER_RETENTION_DAYS = env_int("SPRACHMITTLER_RETENTION_DAYS", 365)

# --- Celery --------------------------------------------------------------------
# The embedded default is kombu's filesystem transport: a real broker that needs no
# server. Production sets CELERY_BROKER_URL to Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = Path(env("CELERY_BROKER_FOLDER", str(VAR_DIR / "celery")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(CELERY_BROKER_FOLDER)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat (the `beat` service in production; the demo runs the worker with -B).
CELERY_BEAT_SCHEDULE = {
    "sprachmittler-notifications": {
        "task": "sprachmittler.notifications_send_pending",
        "schedule": 60.0,
    },
    "sprachmittler-reminders": {"task": "sprachmittler.reminders", "schedule": 15 * 60.0},
    "sprachmittler-retention": {"task": "sprachmittler.retention", "schedule": 24 * 3600.0},
    # Translation jobs whose message was lost (broker away when they were queued).
    "translation-jobs-resume": {
        "task": "translations.translation_jobs_resume",
        "schedule": 300.0,
    },
}

# --- Security (production tightens further) --------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# The public site runs no inline script or style. Wagtail's admin needs inline
# styles and scripts (see portal/security.py), so it gets a looser policy there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Failed logins: locked on the pair (user name, address), with a cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# How many reverse proxies append to X-Forwarded-For in front of gunicorn (0: none, the
# client is REMOTE_ADDR). See portal.lockout.client_ip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_ip"
# The address is REMOTE_ADDR: X-Forwarded-For is not trusted, since anyone can send it.

# Machine translation (translations/). The backend is a class path; argostranslate runs offline
# on this server, no text leaves it. Models live in ARGOS_PACKAGES_DIR (installed with
# `manage.py translation_models install`), never in git.
PORTAL_TRANSLATION_BACKEND = env("PORTAL_TRANSLATION_BACKEND", "translations.argos.ArgosBackend")
ARGOS_PACKAGES_DIR = Path(env("ARGOS_PACKAGES_DIR", str(VAR_DIR / "argos" / "packages")))
# One intra-op thread per worker process: on these 2-core machines two threads were
# 2.2x slower than one, and worker processes scale linearly (docs/decisions.md).
ARGOS_INTRA_THREADS = env_int("ARGOS_INTRA_THREADS", 1)
ARGOS_BATCH_SIZE = env_int("ARGOS_BATCH_SIZE", 1024)  # tokens per batch: a page at once
# Machine output goes live with the page (readers see the "translated automatically"
# notice). False: it stays a draft until an editor has reviewed and published it.
PORTAL_PUBLISH_MACHINE_TRANSLATION = env_bool("PORTAL_PUBLISH_MACHINE_TRANSLATION", True)

# Demo users and content only exist where this is set (config/settings/dev.py).
PORTAL_DEMO = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
