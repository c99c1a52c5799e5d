#!/usr/bin/env bash
# Benchmark of the committee report on PostgreSQL (issue 6, "Measured"); see
# bench/report.md. Creates a throwaway database, migrates it, runs bench/run_report.py
# (arguments are passed on, e.g. --repeat 5 --requests 20000) and drops the database on
# exit, also on error or Ctrl-C. Nothing is written into var/.
#
#   bench/run_report.sh [--repeat 15] [--requests 100000] [> result.md]
#
# PG_URL is the server (default postgres://postgres@127.0.0.1:5432); the tables go to
# stdout, progress to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY="$ROOT/${VENV:-.venv}/bin/python"
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
[ -x "$PY" ] || { echo "run_report.sh: $PY not found: run 'make install' first." >&2; exit 1; }
command -v createdb >/dev/null || { echo "run_report.sh: createdb (postgresql-client) not found" >&2; exit 1; }

DB="bench_report_$(date +%s)_$$_${RANDOM}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/report-bench.XXXXXX")
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # --force ends connections a killed run left behind (PostgreSQL 13+).
  dropdb --if-exists --force --maintenance-db="$PG_URL/postgres" "$DB" 2>/dev/null \
    || dropdb --if-exists --maintenance-db="$PG_URL/postgres" "$DB" \
    || echo "run_report.sh: could not drop database $DB" >&2
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
# Test settings: eager Celery, locmem e-mail, fast password hashing for the bench users.
export DJANGO_SETTINGS_MODULE=config.settings.test
export VAR_DIR="$TMP/var"
export LOG_LEVEL=WARNING
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$VAR_DIR"

echo "-- migrate" >&2
"$PY" manage.py migrate --noinput >"$TMP/migrate.log" 2>&1 \
  || { cat "$TMP/migrate.log" >&2; echo "run_report.sh: migrate failed" >&2; exit 1; }

"$PY" bench/run_report.py "$@"
