#!/usr/bin/env bash
# The PostgreSQL benchmarks' shared set-up (bench/run_booking.sh, bench/run_report.sh):
#
#   bench/pg_throwaway.sh NAME SCRIPT.py [arguments passed on to the script]
#
# Creates a throwaway database bench_NAME_…, migrates it with the test settings (eager
# Celery, locmem e-mail, fast password hashing), runs bench/SCRIPT.py and drops the
# database on exit, also on error or Ctrl-C. Nothing is written into var/. PG_URL is the
# server (default postgres://postgres@127.0.0.1:5432); the script's tables go to stdout,
# progress to stderr.
set -euo pipefail

NAME=$1
SCRIPT=$2
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY="$ROOT/${VENV:-.venv}/bin/python"
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
ME="run_$NAME.sh"
[ -x "$PY" ] || { echo "$ME: $PY not found: run 'make install' first." >&2; exit 1; }
command -v createdb >/dev/null || { echo "$ME: createdb (postgresql-client) not found" >&2; exit 1; }

DB="bench_${NAME}_$(date +%s)_$$_${RANDOM}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/$NAME-bench.XXXXXX")
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # --force ends connections a killed run left behind (PostgreSQL 13+).
  dropdb --if-exists --force --maintenance-db="$PG_URL/postgres" "$DB" 2>/dev/null \
    || dropdb --if-exists --maintenance-db="$PG_URL/postgres" "$DB" \
    || echo "$ME: could not drop database $DB" >&2
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "-- creating database $DB" >&2
createdb --maintenance-db="$PG_URL/postgres" "$DB"

# Only what the benchmark sets: nothing from the caller's deployment leaks in.
unset CACHE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_BROKER_FOLDER \
  DATABASE_CONN_MAX_AGE DJANGO_DEBUG PAGE_CACHE_SECONDS LIST_CACHE_SECONDS
export DATABASE_URL="$PG_URL/$DB"
export DJANGO_SETTINGS_MODULE=config.settings.test
export VAR_DIR="$TMP/var"
export LOG_LEVEL=WARNING
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$VAR_DIR"

echo "-- migrate" >&2
"$PY" manage.py migrate --noinput >"$TMP/migrate.log" 2>&1 \
  || { cat "$TMP/migrate.log" >&2; echo "$ME: migrate failed" >&2; exit 1; }

"$PY" "bench/$SCRIPT" "$@"
