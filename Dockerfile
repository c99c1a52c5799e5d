# syntax=docker/dockerfile:1
# Production image of the Teilhabe-Portal. Its CMD is gunicorn; the Celery worker and beat
# run the same image with another command (docker-compose.yml).
#
#   docker build -t teilhabe-portal .
#
# tests/test_deploy_files.py checks this file against the Makefile and runs the same
# collectstatic; there is no Docker engine in CI, so the image itself is not built there.
FROM python:3.11.14-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The application runs as this user. The code stays owned by root, so the running
# application cannot change it; it owns only VAR_DIR, STATIC_ROOT and MEDIA_ROOT.
RUN groupadd --system --gid 10001 portal \
 && useradd --system --uid 10001 --gid portal --home-dir /home/portal --create-home \
      --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. The SAME two steps as
# the Makefile's install (without -e and [dev]): everything pinned, then argostranslate and
# translatehtml with --no-deps, whose declared requirements would pull torch (docs/decisions.md).
# pyproject.toml has `packages = []`: installing "." installs the dependencies only; the
# code is copied below and runs from /app. README.md is copied because pyproject names it.
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
RUN pip install -c requirements/constraints.txt . \
 && pip install --no-deps -c requirements/constraints.txt -r requirements/no-deps.txt \
 && rm -rf build ./*.egg-info

# Runtime defaults. Secrets and host names come from the environment at run time
# (docker-compose.yml, .env.example); nothing secret is in the image.
# manage.py and config/celery.py default to the dev settings: this makes
# `docker compose run web python manage.py …` use the production ones.
# XDG_*: argostranslate keeps its language models there (a volume in docker-compose.yml).
# ARGOS_INTRA_THREADS=1: one thread per worker process was 2.2x faster than two on these
# CPUs; scale with Celery's --concurrency (processes) instead (docs/decisions.md).
ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/var/media \
    XDG_DATA_HOME=/app/var/argos/data \
    XDG_CONFIG_HOME=/app/var/argos/config \
    XDG_CACHE_HOME=/app/var/argos/cache \
    ARGOS_INTRA_THREADS=1 \
    GUNICORN_WORKERS=2 \
    GUNICORN_THREADS=4

COPY . .

# STATIC_ROOT is deliberately outside VAR_DIR: the volumes go below VAR_DIR, and static
# files in a volume would stay those of the first image after an upgrade. The folders that
# become volumes exist here, owned by the user, so that new volumes get that owner.
RUN mkdir -p "$VAR_DIR" "$MEDIA_ROOT" "$VAR_DIR/beat" "$VAR_DIR/argos" "$STATIC_ROOT" \
 && chown -R portal:portal "$VAR_DIR" "$STATIC_ROOT"

# The message catalogs (.mo files are not in git; our own command, no gettext needed) and
# the static files (whitenoise's manifest storage, which fails on a file referenced from CSS
# that does not exist) are built into the image. The production settings refuse to load
# without the four variables below: these dummies exist for this RUN step only, never as
# ENV in the image, and neither command touches the database or the cache.
RUN DJANGO_SECRET_KEY=build-time-only-dummy-key-for-collectstatic-never-used-at-runtime \
    DATABASE_URL=postgres://build:build@build.invalid:5432/build \
    ALLOWED_HOSTS=build.invalid \
    CACHE_URL=redis://build.invalid:6379/0 \
    sh -c 'python manage.py compilecatalogs && python manage.py collectstatic --noinput' \
 && chown -R portal:portal "$STATIC_ROOT"

USER portal

EXPOSE 8000

# /healthz (config/health.py) checks the database and the broker and answers before host
# validation and the HTTPS redirect. No curl in the slim image: python's urllib, which
# raises (exit 1) on a 503 or a refused connection.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=8).status == 200 else 1)"]

# sh -c so that the worker and thread counts come from the environment; exec makes gunicorn
# PID 1, so that `docker stop` (SIGTERM) shuts it down gracefully. TLS ends at a reverse
# proxy that sets X-Forwarded-Proto (config/settings/production.py).
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers \"$GUNICORN_WORKERS\" --threads \"$GUNICORN_THREADS\" --access-logfile -"]
