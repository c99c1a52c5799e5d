#!/usr/bin/env bash
# Benchmark of machine translation (see bench/translation.md): the demo site through
# page_translate with tiny models and with a copy model of real size, against
# argostranslate called directly on the same texts; the worker's memory; CTranslate2's
# sentences per second on this CPU.
#
#   bench/run_translation.sh [--skip-real] [--real-languages en,ar] [--second-pass] [> result.md]
#
# Creates a temporary folder with a fresh SQLite database (migrate, portal_setup,
# demo_content), builds the models there (translations/tiny.py; bench/translation_model.py),
# installs them with `manage.py translation_models install --from DIR` into argos folders
# inside it, runs bench/run_translation.py (arguments are passed on) and removes the
# folder on exit, also on error or Ctrl-C. Nothing is written into var/ or the tree.
# Tables go to stdout, progress to stderr. About 10 minutes (11 with --second-pass);
# --skip-real (tiny models only): about 6.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY="$ROOT/${VENV:-.venv}/bin/python"
[ -x "$PY" ] || { echo "run_translation.sh: $PY not found: run 'make install' first." >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/translation-bench.XXXXXX")
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "-- $*" >&2; }
manage() {
  "$PY" manage.py "$@" >>"$TMP/setup.log" 2>&1 \
    || { cat "$TMP/setup.log" >&2; echo "run_translation.sh: manage.py $* failed" >&2; exit 1; }
}

SKIP_REAL=0
for arg in "$@"; do
  if [ "$arg" = "--skip-real" ]; then SKIP_REAL=1; fi
done

# Only what the benchmark sets: nothing from the caller's deployment leaks in. The
# argos threads and batch size keep the caller's values if set (the report prints them).
unset CACHE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_BROKER_FOLDER \
  DATABASE_CONN_MAX_AGE DJANGO_DEBUG PAGE_CACHE_SECONDS LIST_CACHE_SECONDS \
  PORTAL_LANGUAGES STATIC_ROOT MEDIA_ROOT PORTAL_PUBLISH_MACHINE_TRANSLATION \
  XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
export BENCH_TMP="$TMP"
export VAR_DIR="$TMP/var"
export DATABASE_URL="sqlite:///$VAR_DIR/db.sqlite3"
# config.settings.dev (PORTAL_DEMO, so demo_content loads) with DEBUG off.
export DJANGO_SETTINGS_MODULE=translation_settings
export PYTHONPATH="$ROOT/bench:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PORTAL_TRANSLATION_BACKEND=translations.argos.ArgosBackend
export ARGOS_PACKAGES_DIR="$TMP/argos-tiny/packages"
export LOG_LEVEL=WARNING
export PYTHONDONTWRITEBYTECODE=1
mkdir -p "$VAR_DIR"

log "migrate, portal_setup, demo_content into $TMP"
manage migrate --noinput
manage portal_setup
manage demo_content
# A consistent copy also if the database is in WAL mode (config/settings/base.py).
"$PY" -c 'import sqlite3, sys
with sqlite3.connect(sys.argv[2]) as copy:
    sqlite3.connect(sys.argv[1]).backup(copy)' "$VAR_DIR/db.sqlite3" "$TMP/pristine.sqlite3"

log "building and installing the tiny models"
"$PY" bench/run_translation.py --phase build-tiny --dir "$TMP/models-tiny" --out "$TMP/built-tiny.json"
ARGOS_PACKAGES_DIR="$TMP/argos-tiny/packages" \
  manage translation_models install de en ar fa uk ru tr --from "$TMP/models-tiny"

if [ "$SKIP_REAL" = 0 ]; then
  log "building and installing the copy models of real size"
  "$PY" bench/run_translation.py --phase build-copy --dir "$TMP/models-copy" \
    --vocab-50k "$TMP/model-50k" --out "$TMP/built-copy.json"
  ARGOS_PACKAGES_DIR="$TMP/argos-copy/packages" \
    manage translation_models install de en ar fa uk ru tr --from "$TMP/models-copy"
  rm -rf "$TMP/models-copy" # installed (unpacked) now
fi

"$PY" bench/run_translation.py "$@"
