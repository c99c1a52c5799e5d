#!/usr/bin/env bash
# Scale benchmark: the portal's pages, search, sitemap and a publication measured in one
# process (Django's test client, CPU time and queries) at the demo site's size and again
# after the content has grown through the models to BENCH_SCALE_OFFERS offers (2000)
# and BENCH_SCALE_NEWS news pages (300). See bench/README.md, "Scale mode".
#
# Production settings (bench/bench_settings.py) on a throwaway PostgreSQL database
# (PG_URL, default postgres://postgres@127.0.0.1:5432; dropped on exit) with Redis as
# the cache (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14: a database of its
# own, which must be empty at the start and is emptied at the end; the script refuses
# one that holds keys). Nothing is read from or written to var/; the Markdown result
# goes to stdout and bench/results/scale-<date>.md. Growth and measurements run the
# project's code as it is, nothing patched (page saves validate with the project's own
# sibling slug check, cms/modeltranslation_fixes.py; the report names the check used).
#
# Tunables (environment): BENCH_SCALE_OFFERS (2000), BENCH_SCALE_NEWS (300),
# BENCH_SCALE_FILTER (category=course: the offer index's filter query),
# BENCH_SCALE_COLD_RUNS (3 processes for the first sitemap request),
# BENCH_SCALE_WARMUP (5), BENCH_SCALE_REPEAT (30), BENCH_SCALE_BUDGET (20 s per
# measure), BENCH_SCALE_PUBLISH_REPEAT (7), BENCH_SCALE_SITEMAP (/sitemap.xml),
# BENCH_SCALE_SITEMAP_LANGUAGE (de), BENCH_SCALE_JOBS (1 process growing the content;
# 2 were slower on the 2-core machine), PG_URL, BENCH_REDIS_URL, VENV (.venv),
# BENCH_OUTPUT (result file, default bench/results/scale-<date>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ME=run_scale.sh
PY="$ROOT/${VENV:-.venv}/bin/python"
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
OFFERS=${BENCH_SCALE_OFFERS:-2000}
NEWS=${BENCH_SCALE_NEWS:-300}
COLD_RUNS=${BENCH_SCALE_COLD_RUNS:-3}
JOBS=${BENCH_SCALE_JOBS:-1}

die() { echo "$ME: $*" >&2; exit 1; }
log() { echo "-- $(date +%H:%M:%S) $*" >&2; }

[ -x "$PY" ] || die "$PY not found: run 'make install' first."
command -v createdb >/dev/null || die "createdb (postgresql-client) not found"
[[ "$OFFERS" =~ ^[0-9]+$ && "$NEWS" =~ ^[0-9]+$ && "$COLD_RUNS" =~ ^[1-9][0-9]*$ \
  && "$JOBS" =~ ^[1-9][0-9]*$ ]] \
  || die "BENCH_SCALE_OFFERS, _NEWS, _COLD_RUNS and _JOBS must be whole numbers"

redis_py() { # redis_py CODE: runs CODE with `r`, a client of $REDIS_URL
  REDIS_URL="$REDIS_URL" "$PY" -c "import os, redis
r = redis.Redis.from_url(os.environ['REDIS_URL'], socket_timeout=5)
$1"
}

DB="bench_scale_$(date +%s)_$$_${RANDOM}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scale-bench.XXXXXX")
DB_CREATED=0
REDIS_OURS=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$REDIS_OURS" = 1 ]; then
    redis_py 'r.flushdb()' || echo "$ME: could not empty $REDIS_URL" >&2
  fi
  if [ "$DB_CREATED" = 1 ]; then
    # --force ends connections a killed run left behind (PostgreSQL 13+).
    dropdb --if-exists --force --maintenance-db="$PG_URL/postgres" "$DB" 2>/dev/null \
      || dropdb --if-exists --maintenance-db="$PG_URL/postgres" "$DB" \
      || echo "$ME: could not drop database $DB" >&2
  fi
  if [ "$rc" -ne 0 ] && [ -s "$TMP/setup.log" ]; then
    echo "--- last lines of the set-up log:" >&2
    tail -n 30 "$TMP/setup.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Redis: a database of our own ------------------------------------------------------
keys=$(redis_py 'print(r.dbsize())' 2>"$TMP/redis.log") \
  || { cat "$TMP/redis.log" >&2; die "Redis at $REDIS_URL does not answer"; }
[ "$keys" = 0 ] || die "$REDIS_URL holds $keys keys: another run may be using it. Empty it" \
  "(redis-cli -n <db> flushdb) if it is a leftover, or set BENCH_REDIS_URL to another database."
REDIS_OURS=1

# --- Bench-only environment: nothing from the caller's deployment leaks in ------------
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_BROKER_FOLDER STATIC_ROOT MEDIA_ROOT \
  DATABASE_CONN_MAX_AGE PORTAL_LANGUAGES CSRF_TRUSTED_ORIGINS SECURE_HSTS_SECONDS \
  SECURE_HSTS_PRELOAD DJANGO_DEBUG PAGE_CACHE_SECONDS LIST_CACHE_SECONDS BENCH_PORTAL_DEMO
export DATABASE_URL="$PG_URL/$DB"
export CACHE_URL="$REDIS_URL"
export VAR_DIR="$TMP/var"
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets, string
abc = string.ascii_letters + string.digits
print("".join(secrets.choice(abc) for _ in range(64)))')
export DJANGO_SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export LOG_LEVEL=WARNING
export BENCH_LOCALE_DIR="$TMP/locale"
export DJANGO_SETTINGS_MODULE=bench_settings
export PYTHONPATH="$ROOT/bench:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$VAR_DIR"

manage() { "$PY" manage.py "$@" >>"$TMP/setup.log" 2>&1 || die "manage.py $* failed"; }
LOADS=()
note_load() { LOADS+=("$1: $(cut -d' ' -f1-3 /proc/loadavg)"); }

START=$SECONDS
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
note_load "start"

# --- Fresh database with the demo content ---------------------------------------------
log "creating database $DB, migrate, portal_setup, demo_content"
createdb --maintenance-db="$PG_URL/postgres" "$DB"
DB_CREATED=1
manage migrate --noinput
manage portal_setup
# demo_content refuses unless PORTAL_DEMO: bench_settings turns it on for this call only.
BENCH_PORTAL_DEMO=1 manage demo_content
cp -r "$ROOT/locale" "$BENCH_LOCALE_DIR"
manage compilecatalogs
manage collectstatic --noinput
log "the search words into the demo offers (republished)"
"$PY" bench/scale_grow.py mark >>"$TMP/setup.log" 2>&1 || die "scale_grow.py mark failed"
SETUP_SECONDS=$((SECONDS - START))

# --- Measurements ---------------------------------------------------------------------
RESULTS="$TMP/results.txt"
count() { # count SIZE: offers and news pages in the database
  "$PY" manage.py shell -c '
from cms.models import NewsPage, OfferPage
print("COUNT", OfferPage.objects.live().count(), NewsPage.objects.live().count())
' 2>>"$TMP/setup.log" | grep '^COUNT ' || die "counting the pages failed"
}
measure() { # measure SIZE: every in-process measurement at the current size
  local size=$1 run t0=$SECONDS line n_offers n_news
  line=$(count)
  read -r _ n_offers n_news <<<"$line"
  log "[$size: $n_offers offers, $n_news news] pages, page cache off"
  note_load "before the $size measurements"
  PAGE_CACHE_SECONDS=0 "$PY" bench/scale_measure.py pages "$size" >>"$RESULTS" 2>>"$TMP/setup.log" \
    || die "scale_measure.py pages $size failed"
  for run in $(seq "$COLD_RUNS"); do
    log "[$size] sitemap, cold cache, process $run of $COLD_RUNS"
    "$PY" bench/scale_measure.py sitemap "$size" >>"$RESULTS" 2>>"$TMP/setup.log" \
      || die "scale_measure.py sitemap $size failed"
  done
  log "[$size] publish"
  "$PY" bench/scale_measure.py publish "$size" >>"$RESULTS" 2>>"$TMP/setup.log" \
    || die "scale_measure.py publish $size failed"
  eval "${size^^}_OFFERS=$n_offers ${size^^}_NEWS=$n_news ${size^^}_SECONDS=$((SECONDS - t0))"
}

measure demo

log "growing to $OFFERS offers and $NEWS news pages through the models (progress below)"
note_load "before growing"
t0=$SECONDS
"$PY" bench/scale_grow.py grow "$OFFERS" "$NEWS" "$JOBS" 2> >(tee -a "$TMP/setup.log" >&2) \
  | grep '^GROWN ' >"$TMP/grown.txt" || die "scale_grow.py grow failed"
GROW_SECONDS=$((SECONDS - t0))
read -r _ GROWN_OFFERS GROWN_NEWS _ <"$TMP/grown.txt"
# Which sibling slug check the saves ran (the project's code as it is, nothing patched).
SLUG_CHECK=$(sed -n 's/^-- sibling slug check: //p' "$TMP/setup.log" | tail -n 1)
note_load "after growing"

measure scale
note_load "end"
ENDLOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Report -----------------------------------------------------------------------------
DATE=$(date +%Y-%m-%d)
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
VERSIONS=$("$PY" -c 'import sys
from importlib.metadata import version
names = ("Django", "wagtail", "wagtail-modeltranslation", "redis", "psycopg")
print(", ".join([f"Python {sys.version.split()[0]}"] + [f"{n} {version(n)}" for n in names]))')
PG_VERSION=$(psql "$PG_URL/postgres" -tAc 'SHOW server_version' 2>/dev/null || echo unknown)
REDIS_VERSION=$(redis_py 'print(r.info("server")["redis_version"])' 2>/dev/null || echo unknown)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
# bench/ itself does not count: the result file is written there.
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no -- . ':!bench' 2>/dev/null)" ] \
  || DIRTY=" (uncommitted changes in the tree outside bench/)"
minutes() { awk -v s="$1" 'BEGIN {printf "%.1f min", s / 60}'; }

report() {
  echo "## Scale benchmark, $DATE"
  echo
  echo "- machine: $(nproc) cores ($CPU), $(uname -sr); shared with other work"
  echo "- load average (1, 5, 15 min) before the run: $LOADAVG; after: $ENDLOAD; during:"
  for load in "${LOADS[@]}"; do echo "  - $load"; done
  echo "- $VERSIONS; PostgreSQL $PG_VERSION, Redis $REDIS_VERSION; commit $COMMIT$DIRTY"
  echo "- bench_settings (production + the bench's reference views), PostgreSQL (throwaway database),"
  echo "  CACHE_URL=Redis (a database of its own); page cache off (PAGE_CACHE_SECONDS=0)"
  echo "  for the pages and searches, on (as configured) for the sitemap, the publication"
  echo "  and the cache hit"
  echo "- demo size: $DEMO_OFFERS offers, $DEMO_NEWS news pages (\`demo_content\`, every offer"
  echo "  republished with the search words); scale size: $SCALE_OFFERS offers, $SCALE_NEWS news"
  echo "  pages ($GROWN_OFFERS offers and $GROWN_NEWS news pages added through the models:"
  echo "  add_child + save_revision().publish() each, all receivers on)"
  echo "- the project's code unpatched in growth and measurements alike; sibling slug check"
  echo "  of the validated saves: ${SLUG_CHECK:-unknown}"
  echo "- durations: set-up $(minutes "$SETUP_SECONDS"), demo measurements $(minutes "$DEMO_SECONDS"),"
  echo "  growing $(minutes "$GROW_SECONDS") ($(awk -v s="$GROW_SECONDS" -v n="$((GROWN_OFFERS + GROWN_NEWS))" \
    'BEGIN {printf "%.0f", n ? s * 1000 / n : 0}') ms per page), scale measurements $(minutes "$SCALE_SECONDS"),"
  echo "  in all $(minutes "$((SECONDS - START))")"
  echo "- in-process (Django's test client, full middleware): CPU time of this process"
  echo "  (time.process_time), median of up to ${BENCH_SCALE_REPEAT:-30} requests after ${BENCH_SCALE_WARMUP:-5}"
  echo "  warm-up ones (fewer where they exceed ${BENCH_SCALE_BUDGET:-20} s, at least 3); wall time includes"
  echo "  PostgreSQL's and Redis's work and the machine's other load. The first sitemap"
  echo "  request: the first one in a fresh process after the Redis database was emptied,"
  echo "  median of $COLD_RUNS processes. Filter query: \`${BENCH_SCALE_FILTER:-category=course}\`."
  echo "- targets: offer index, filtered index, news index and rare search ≤ 2× demo;"
  echo "  common search ≤ 100 ms CPU; sitemap warm < 50 ms, first < 2 s (CPU rows, and the"
  echo "  same targets on the wall rows below them); publish ≤ 1.5× demo"
  echo
  "$PY" bench/scale_measure.py report "$RESULTS"
}

OUT=${BENCH_OUTPUT:-$ROOT/bench/results/scale-$DATE.md}
mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
log "written to $OUT"
