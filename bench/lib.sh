# Shared part of bench/run_pages.sh and bench/run_lighthouse.sh (sourced, not run):
# a throwaway folder with a fresh SQLite database holding the demo content, gunicorn
# servers on free ports under the production settings, and Wagtail's bare default
# project as a second reference. Everything lives in $TMP, removed on exit.
#
# The cache is Redis, as production requires (CACHE_URL): a database of the bench's own,
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/14). It must be empty at the start
# (the script refuses one that holds keys: another run may be using it) and is emptied
# at the end, also on error or Ctrl-C; redis_flush empties it in between.
#
# The caller sets ROOT (the repository) and may set VENV, BENCH_WORKERS and
# BENCH_REDIS_URL first.
# shellcheck shell=bash

VENV=${VENV:-.venv}
PY="$ROOT/$VENV/bin/python"
GUNICORN="$ROOT/$VENV/bin/gunicorn"
WORKERS=${BENCH_WORKERS:-2}
SCRIPT_NAME=${SCRIPT_NAME:-bench}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}

die() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }
log() { echo "-- $*" >&2; }

[ -x "$PY" ] || die "$PY not found: run 'make install' first."
[ -x "$GUNICORN" ] || die "$GUNICORN not found: run 'make install' first."
command -v curl >/dev/null || die "curl not found"

redis_py() { # redis_py CODE: runs CODE with `r`, a client of $REDIS_URL
  REDIS_URL="$REDIS_URL" "$PY" -c "import os, redis
r = redis.Redis.from_url(os.environ['REDIS_URL'], socket_timeout=5)
$1"
}
REDIS_OURS=0

TMP=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
declare -A SERVER_PID=() SERVER_BASE=()
cleanup() {
  local rc=$? server pid log_file
  trap - EXIT INT TERM
  for server in "${!SERVER_PID[@]}"; do
    pid=${SERVER_PID[$server]}
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # After the servers: nothing writes to it any more.
  if [ "$REDIS_OURS" = 1 ]; then
    redis_py 'r.flushdb()' || echo "$SCRIPT_NAME: could not empty $REDIS_URL" >&2
  fi
  if [ "$rc" -ne 0 ]; then
    for log_file in "$TMP"/gunicorn-*.log; do
      [ -s "$log_file" ] || continue
      echo "--- last lines of ${log_file##*/}:" >&2
      tail -n 30 "$log_file" >&2 || true
    done
  fi
  rm -rf "$TMP"
  exit "$rc"
}
# Ctrl-C stops wrk and the script at once; a TERM sent to the script alone takes effect
# when the running command ends (bash runs traps between commands).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Redis: a database of our own -------------------------------------------------------
keys=$(redis_py 'print(r.dbsize())' 2>"$TMP/redis.log") \
  || { cat "$TMP/redis.log" >&2; die "Redis at $REDIS_URL does not answer (set BENCH_REDIS_URL)"; }
[ "$keys" = 0 ] || die "$REDIS_URL holds $keys keys: another run may be using it. Empty it" \
  "(redis-cli -n <db> flushdb) if it is a leftover, or set BENCH_REDIS_URL to another database."
REDIS_OURS=1
# redis_flush: empties the bench's Redis database (the page cache, the lists, the version
# tokens and cache_page's entries), e.g. between set-up and measurement.
redis_flush() { redis_py 'r.flushdb()' || die "could not empty $REDIS_URL"; }

# --- Bench-only environment: nothing from the caller's deployment leaks in ----------
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_BROKER_FOLDER \
  STATIC_ROOT MEDIA_ROOT DATABASE_CONN_MAX_AGE PORTAL_LANGUAGES CSRF_TRUSTED_ORIGINS \
  SECURE_HSTS_SECONDS SECURE_HSTS_PRELOAD DJANGO_DEBUG PAGE_CACHE_SECONDS \
  LIST_CACHE_SECONDS BENCH_PORTAL_DEMO
# The cache production requires (config/settings/production.py): Redis, shared by every
# process and gunicorn worker of the run.
export CACHE_URL="$REDIS_URL"
export VAR_DIR="$TMP/var"
export DATABASE_URL="sqlite:///$VAR_DIR/db.sqlite3"
random_key() {
  "$PY" -c 'import secrets, string
abc = string.ascii_letters + string.digits
print("".join(secrets.choice(abc) for _ in range(64)))'
}
DJANGO_SECRET_KEY=$(random_key)
export DJANGO_SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export LOG_LEVEL=WARNING
export BENCH_LOCALE_DIR="$TMP/locale"
export DJANGO_SETTINGS_MODULE=bench_settings
export PYTHONPATH="$ROOT/bench:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$VAR_DIR"
# TLS ends at the reverse proxy in production; it tells Django so with this header.
PROXY_HEADER="X-Forwarded-Proto: https"

manage() { "$PY" manage.py "$@" >>"$TMP/setup.log" 2>&1 || { cat "$TMP/setup.log" >&2; die "manage.py $* failed"; }; }

# setup_portal: fresh database with the home pages and the demo content, compiled
# catalogs (in a copy of locale/, *.mo are not in git) and collected static files.
setup_portal() {
  log "setting up a fresh SQLite database with the demo content in $TMP"
  manage migrate --noinput
  manage portal_setup
  # demo_content refuses unless PORTAL_DEMO: bench_settings turns it on for this call only.
  BENCH_PORTAL_DEMO=1 manage demo_content
  cp -r "$ROOT/locale" "$BENCH_LOCALE_DIR"
  manage compilecatalogs
  manage collectstatic --noinput
}

# find_pages: sets OFFERS_AR and COURSE_AR, the Arabic URLs of the offer index and of
# the first (in tree order) language course that is live, valid today and has an
# Arabic title, from the loaded demo content.
find_pages() {
  local line
  line=$("$PY" manage.py shell -c '
from django.utils import timezone, translation
from cms.models import LanguageCoursePage, OfferIndexPage

today = timezone.localdate()
with translation.override("ar"):
    index = OfferIndexPage.objects.live().order_by("path").first()
    course = next(
        page
        for page in LanguageCoursePage.objects.live().order_by("path")
        if page.title_ar and page.is_valid_on(today)
    )
    print("PAGES", index.get_url(), course.get_url())
' 2>>"$TMP/setup.log" | grep '^PAGES ') || { cat "$TMP/setup.log" >&2; die "finding the offer index and a course failed"; }
  read -r _ OFFERS_AR COURSE_AR <<<"$line"
  [[ "$OFFERS_AR" == /ar/* && "$COURSE_AR" == /ar/* ]] \
    || die "unexpected Arabic URLs: '$OFFERS_AR' '$COURSE_AR'"
}

# setup_wagtail_reference: Wagtail's own default project (`wagtail start`) with the
# installed Wagtail, migrated on SQLite, static files collected, DEBUG off.
WAGTAIL_REF_DIR="$TMP/wagtail-ref"
wagtail_ref_env() { # the environment of the reference project, nothing of the portal's
  echo DJANGO_SETTINGS_MODULE="${1:-benchref.settings.production}" PYTHONPATH="$WAGTAIL_REF_DIR"
}
setup_wagtail_reference() {
  log "creating Wagtail's bare default project in $WAGTAIL_REF_DIR"
  mkdir -p "$WAGTAIL_REF_DIR"
  "$ROOT/$VENV/bin/wagtail" start benchref "$WAGTAIL_REF_DIR" >>"$TMP/setup.log" 2>&1 \
    || { cat "$TMP/setup.log" >&2; die "wagtail start failed"; }
  # production.py of the template imports local.py: the bench-only values.
  cat >"$WAGTAIL_REF_DIR/benchref/settings/local.py" <<EOF
SECRET_KEY = "$(random_key)"
ALLOWED_HOSTS = ["127.0.0.1"]
DEBUG = False
EOF
  # The same project with database connections kept open between requests (Django's
  # CONN_MAX_AGE, which the portal sets to 60 s as in production): the like-for-like
  # reference for the portal's uncached pages. `wagtail start` leaves it at 0.
  cat >"$WAGTAIL_REF_DIR/benchref/settings/persistent.py" <<EOF
from .production import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
EOF
  local step
  for step in "migrate --noinput" "collectstatic --noinput"; do
    # shellcheck disable=SC2046,SC2086
    (cd "$WAGTAIL_REF_DIR" && env $(wagtail_ref_env) "$PY" manage.py $step) >>"$TMP/setup.log" 2>&1 \
      || { cat "$TMP/setup.log" >&2; die "wagtail reference: manage.py $step failed"; }
  done
}

# --- gunicorn --------------------------------------------------------------------------
free_port() {
  "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
start_server() { # start_server NAME WSGI_APP CHDIR [VAR=value ...]
  local name=$1 app=$2 dir=$3 port
  shift 3
  port=$(free_port)
  log "starting gunicorn '$name' ($app, $WORKERS workers) on 127.0.0.1:$port $*"
  env "$@" "$GUNICORN" "$app" --chdir "$dir" --bind "127.0.0.1:$port" \
    --workers "$WORKERS" --log-level warning --error-logfile "$TMP/gunicorn-$name.log" &
  SERVER_PID[$name]=$!
  SERVER_BASE[$name]="http://127.0.0.1:$port"
}
wait_ready() { # wait_ready NAME PATH: until PATH answers and all its workers have booted
  local name=$1 path=$2 pid=${SERVER_PID[$1]}
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || die "gunicorn '$name' exited during start-up"
    if curl -fsS -o /dev/null -H "$PROXY_HEADER" "${SERVER_BASE[$name]}$path" 2>/dev/null; then
      for _ in $(seq 50); do
        [ "$(pgrep -P "$pid" | wc -l)" -ge "$WORKERS" ] && return 0
        sleep 0.1
      done
      return 0
    fi
    sleep 0.2
  done
  die "gunicorn '$name' did not answer within 30 s"
}
fetch() { # fetch URL OUTFILE [extra curl args]: writes the body, prints the HTTP status
  local url=$1 out=$2
  shift 2
  curl -sS -o "$out" -w '%{http_code}' -H "$PROXY_HEADER" "$@" "$url"
}
