#!/usr/bin/env bash
# Lighthouse (mobile) on the Arabic home page and an Arabic course page, served as in
# bench/run_pages.sh: production settings under gunicorn, throwaway SQLite database with
# the demo content, page cache on in Redis (BENCH_REDIS_URL, a database of the bench's
# own, as in run_pages.sh; each page is requested before Lighthouse runs).
# Needs npm's lighthouse and Debian's Chromium; see bench/README.md. Separate from
# run_pages.sh so that the load benchmark needs no npm.
#
# Lighthouse is found as $LIGHTHOUSE, else /tmp/lh/node_modules/.bin/lighthouse, else on
# PATH. Install it outside the repository, without any browser download:
#   mkdir -p /tmp/lh && cd /tmp/lh && \
#     PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm install lighthouse@12
#
# Tunables (environment): LIGHTHOUSE, CHROME_PATH (/usr/bin/chromium), BENCH_WORKERS (2),
# BENCH_REDIS_URL (redis://127.0.0.1:6379/14), VENV (.venv), BENCH_OUTPUT (default bench/results/lighthouse-<date>.md),
# BENCH_LIGHTHOUSE_JSON (a folder to keep the full JSON reports in; default: not kept).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRIPT_NAME=run_lighthouse.sh

LIGHTHOUSE=${LIGHTHOUSE:-}
if [ -z "$LIGHTHOUSE" ]; then
  if [ -x /tmp/lh/node_modules/.bin/lighthouse ]; then
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse
  else
    LIGHTHOUSE=$(command -v lighthouse || true)
  fi
fi
[ -n "$LIGHTHOUSE" ] && [ -x "$LIGHTHOUSE" ] || {
  echo "run_lighthouse.sh: lighthouse not found: install it as the header of this script says" >&2
  exit 1
}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME_PATH" ] || { echo "run_lighthouse.sh: $CHROME_PATH not found (apt-get install -y chromium)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

setup_portal
find_pages
log "course: $COURSE_AR"
start_server main config.wsgi:application "$ROOT"
wait_ready main /bench/hello/
MAIN=${SERVER_BASE[main]}

PAGES=(/ar/ "$COURSE_AR")
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for path in "${PAGES[@]}"; do
  # Fill the page cache (in Redis, shared by the workers), so that Lighthouse measures
  # cached pages; the later requests are hits.
  for _ in 1 2; do
    status=$(fetch "$MAIN$path" /dev/null)
    [ "$status" = 200 ] || die "$path answered $status"
  done
done

LH_VERSION=$("$LIGHTHOUSE" --version)
i=0
for path in "${PAGES[@]}"; do
  i=$((i + 1))
  log "lighthouse $LH_VERSION (mobile) on $path"
  # The header tells Django that TLS ended at a proxy, as in production; Chromium counts
  # http://127.0.0.1 as a secure origin, so HTTPS audits do not fail on the bench's http.
  "$LIGHTHOUSE" "$MAIN$path" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="$CHROME_FLAGS" \
    --extra-headers="{\"X-Forwarded-Proto\": \"https\"}" \
    --output=json --output-path="$TMP/lighthouse-$i.json" >>"$TMP/lighthouse.log" 2>&1 \
    || { cat "$TMP/lighthouse.log" >&2; die "lighthouse failed on $path"; }
done
if [ -n "${BENCH_LIGHTHOUSE_JSON:-}" ]; then
  mkdir -p "$BENCH_LIGHTHOUSE_JSON"
  cp "$TMP"/lighthouse-*.json "$BENCH_LIGHTHOUSE_JSON/"
fi

DATE=$(date +%Y-%m-%d)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
[ -z "$(git -C "$ROOT" status --porcelain -- . ':!bench' 2>/dev/null)" ] \
  || DIRTY=" (uncommitted changes in the tree outside bench/)"
report() {
  echo "## Lighthouse, $DATE"
  echo
  echo "- machine: $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(uname -sr)"
  echo "- Lighthouse $LH_VERSION, $("$CHROME_PATH" --version 2>/dev/null | head -n 1), mobile form factor,"
  echo "  default (simulated) throttling; commit $COMMIT$DIRTY"
  echo "- pages from gunicorn (config.settings.production, SQLite with the demo content),"
  echo "  page cache on and filled, in Redis (CACHE_URL=$REDIS_URL); header \`$PROXY_HEADER\`"
  echo
  "$PY" "$ROOT/bench/lighthouse_summary.py" "$TMP"/lighthouse-*.json
}
OUT=${BENCH_OUTPUT:-$ROOT/bench/results/lighthouse-$DATE.md}
mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
log "written to $OUT"
