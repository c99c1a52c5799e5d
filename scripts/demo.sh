#!/usr/bin/env bash
# Runs the demo: a Celery worker on the filesystem broker under var/ and the
# development server on 127.0.0.1:8000. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.dev
VENV=${VENV:-.venv}
PORT=${PORT:-8000}

# -B: beat in the same process (reminders, outbox, retention); production runs it apart.
"$VENV/bin/celery" -A config worker -B --schedule var/celerybeat-schedule --loglevel=INFO --concurrency=2 &
worker=$!
stop() {
  trap - EXIT INT TERM
  kill "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop EXIT INT TERM

echo
echo "Teilhabe-Portal: http://127.0.0.1:$PORT/  (Redaktion: http://127.0.0.1:$PORT/admin/)"
echo "Demo users (password 'demo'): redaktion moderation anfragende koordination disposition sprachmittler bericht"
echo "Ctrl-C stops the server and the worker."
echo
"$VENV/bin/python" manage.py runserver "127.0.0.1:$PORT"
