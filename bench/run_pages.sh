#!/usr/bin/env bash
# Page benchmark: the production settings under gunicorn (2 sync workers) on a
# throwaway SQLite database holding the demo content, with the Redis cache as in
# production, measured with wrk next to references served in the same run: a minimal
# Django view (same gunicorn, same middleware), the same view behind Django's
# `cache_page` (same Redis) and Wagtail's own bare default home page (`wagtail start`,
# its own gunicorn). See bench/README.md; the shared set-up is in bench/lib.sh.
#
# Everything it creates lives in a temporary folder that is removed on exit: the
# databases, static files, compiled catalogs, broker folder, the Wagtail reference
# project. It does not read or write var/. The cache is a Redis database of its own
# (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14): it must be empty at the start,
# is emptied again after the set-up and at the end. The Markdown result goes to stdout
# and bench/results/pages-<date>.md.
#
# Four gunicorn servers run side by side: "main" with the settings as they are (page
# cache on, in Redis), "nocache" with PAGE_CACHE_SECONDS=0 on the same database and
# Redis, to show what a page costs when it is not in the cache, "wagtail" (the bare
# Wagtail project) and "wagtailpc" (the same with connections kept open). Only the
# server being measured is busy; the others sleep.
#
# Each URL is measured for BENCH_SECONDS in total, split into BENCH_ROUNDS rounds that
# go through all URLs in turn, so that load from other processes on the machine hits
# the references and the pages alike and the ratios stay comparable.
#
# Tunables (environment): BENCH_SECONDS (15), BENCH_ROUNDS (3), BENCH_WARMUP (3),
# BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_WORKERS (2), VENV (.venv),
# BENCH_REDIS_URL (redis://127.0.0.1:6379/14: a Redis database for this run alone),
# BENCH_OUTPUT (result file, default bench/results/pages-<date>.md),
# BENCH_BROWSER (1; 0 skips the first-visit check in headless Chromium),
# BENCH_INPROCESS_REPEAT (50 requests per URL for the in-process CPU timing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRIPT_NAME=run_pages.sh
SECONDS_PER_URL=${BENCH_SECONDS:-15}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
BROWSER=${BENCH_BROWSER:-1}

[[ "$SECONDS_PER_URL" =~ ^[0-9]+$ && "$ROUNDS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[0-9]+$ ]] \
  || { echo "run_pages.sh: BENCH_SECONDS, BENCH_ROUNDS and BENCH_WARMUP must be whole numbers" >&2; exit 1; }
ROUND_SECONDS=$((SECONDS_PER_URL / ROUNDS))
[ "$ROUND_SECONDS" -ge 1 ] || { echo "run_pages.sh: BENCH_SECONDS / BENCH_ROUNDS must be at least 1 s" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run_pages.sh: wrk not found: apt-get install -y wrk" >&2; exit 1; }
command -v gzip >/dev/null || { echo "run_pages.sh: gzip not found" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# --- Fresh databases, content, catalogs and static files -------------------------------
setup_portal
find_pages
log "offer index: $OFFERS_AR, course: $COURSE_AR"
setup_wagtail_reference
# The measurements start from an empty cache: nothing the set-up cached is left over.
redis_flush

# Database queries of one warm request per URL (Django's test client, same settings).
PAGE_URLS=("/bench/hello/" "/bench/hello-cached/" "/de/" "/ar/" "$OFFERS_AR" "$COURSE_AR" "/healthz")
count_queries() { # count_queries [VAR=value ...]: prints "QUERIES url status count" lines
  env "$@" BENCH_URLS="${PAGE_URLS[*]}" "$PY" manage.py shell -c '
import os

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
for url in os.environ["BENCH_URLS"].split():
    client.get(url, secure=True)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url, secure=True).status_code
    print(f"QUERIES {url} {status} {len(queries.captured_queries)}")
' 2>>"$TMP/setup.log" | grep '^QUERIES ' || { cat "$TMP/setup.log" >&2; die "counting queries failed"; }
}
count_queries >"$TMP/queries-main.txt"
count_queries PAGE_CACHE_SECONDS=0 >"$TMP/queries-nocache.txt"
# shellcheck disable=SC2046
(cd "$WAGTAIL_REF_DIR" && env $(wagtail_ref_env) "$PY" manage.py shell -c '
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
client.get("/")
with CaptureQueriesContext(connection) as queries:
    status = client.get("/").status_code
print(f"QUERIES / {status} {len(queries.captured_queries)}")
' 2>>"$TMP/setup.log" | grep '^QUERIES ') >"$TMP/queries-wagtail.txt" \
  || { cat "$TMP/setup.log" >&2; die "counting the Wagtail reference's queries failed"; }
declare -A NQUERIES=()
for server in main nocache wagtail; do
  while read -r _ url status n; do
    [ "$status" = 200 ] || die "$url answered $status in Django's test client ($server)"
    NQUERIES[$server$url]=$n
  done <"$TMP/queries-$server.txt"
done
NQUERIES[wagtailpc/]=${NQUERIES[wagtail/]}  # the same project and page
[ "${NQUERIES[nocache/ar/]:-0}" -gt 0 ] \
  || die "with PAGE_CACHE_SECONDS=0, /ar/ still needs no database query: is a cache still on?"

# CPU time per request inside one process (Django's test client, no gunicorn, no wrk):
# less sensitive to other load on the machine than throughput. See inprocess_timing.py.
log "in-process timing (test client)"
timing() { "$@" 2>>"$TMP/setup.log" | grep '^TIMING ' || { cat "$TMP/setup.log" >&2; die "in-process timing failed"; }; }
timing "$PY" bench/inprocess_timing.py "page cache on" /bench/hello/ /bench/hello-cached/ \
  /ar/ "$OFFERS_AR" "$COURSE_AR" >"$TMP/timing.txt"
timing env PAGE_CACHE_SECONDS=0 "$PY" bench/inprocess_timing.py "page cache off" /ar/ "$OFFERS_AR" "$COURSE_AR" /de/ >>"$TMP/timing.txt"
# shellcheck disable=SC2046
(cd "$WAGTAIL_REF_DIR" && timing env $(wagtail_ref_env) "$PY" "$ROOT/bench/inprocess_timing.py" "Wagtail bare" /) >>"$TMP/timing.txt"
WAGTAIL_CPU=$(awk '$2 == "Wagtail" {print $(NF - 2)}' "$TMP/timing.txt")

# --- gunicorn --------------------------------------------------------------------------
start_server main config.wsgi:application "$ROOT"
start_server nocache config.wsgi:application "$ROOT" PAGE_CACHE_SECONDS=0
# shellcheck disable=SC2046
start_server wagtail benchref.wsgi:application "$WAGTAIL_REF_DIR" $(wagtail_ref_env)
# shellcheck disable=SC2046
start_server wagtailpc benchref.wsgi:application "$WAGTAIL_REF_DIR" \
  $(wagtail_ref_env benchref.settings.persistent)
wait_ready main /bench/hello/
wait_ready nocache /bench/hello/
wait_ready wagtail /
wait_ready wagtailpc /

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
server_pids() { echo "${SERVER_PID[$1]}"; pgrep -P "${SERVER_PID[$1]}" | sort -n; }
declare -A RSS_START=()
for server in main nocache wagtail wagtailpc; do
  for pid in $(server_pids "$server"); do RSS_START[$pid]=$(rss_kb "$pid"); done
done

# --- The URLs: each must answer 200 before it is measured -----------------------------
MAIN=${SERVER_BASE[main]}
status=$(fetch "$MAIN/ar/" "$TMP/ar.html")
[ "$status" = 200 ] || die "/ar/ answered $status"
grep -q '<html lang="ar" dir="rtl"' "$TMP/ar.html" || die "/ar/ is not served as Arabic right to left"
CSS_PATH=$(grep -o 'href="/static/css/site[^"]*\.css"' "$TMP/ar.html" | head -n 1 | sed 's/^href="//; s/"$//')
[ -n "$CSS_PATH" ] || die "/ar/ links no /static/css/site*.css"

NAMES=(reference reference-cached wagtail-bare wagtail-persistent home-ar offers-ar course-ar home-ar-nocache
  offers-ar-nocache course-ar-nocache home-de home-de-nocache healthz static-css)
declare -A SERVER=(
  [reference]=main [reference-cached]=main [wagtail-bare]=wagtail [wagtail-persistent]=wagtailpc
  [home-ar]=main [offers-ar]=main [course-ar]=main
  [home-ar-nocache]=nocache [offers-ar-nocache]=nocache [course-ar-nocache]=nocache
  [home-de]=main [home-de-nocache]=nocache [healthz]=main [static-css]=main
)
declare -A URLS=(
  [reference]="/bench/hello/" [reference-cached]="/bench/hello-cached/" [wagtail-bare]="/" [wagtail-persistent]="/"
  [home-ar]="/ar/" [offers-ar]="$OFFERS_AR" [course-ar]="$COURSE_AR"
  [home-ar-nocache]="/ar/" [offers-ar-nocache]="$OFFERS_AR" [course-ar-nocache]="$COURSE_AR"
  [home-de]="/de/" [home-de-nocache]="/de/" [healthz]="/healthz" [static-css]="$CSS_PATH"
)
declare -A WHAT=(
  [reference]="minimal Django view (reference 1)"
  [reference-cached]="the same behind Django's cache_page, Redis (reference 4)"
  [wagtail-bare]="Wagtail's bare default home page (reference 2)"
  [wagtail-persistent]="the same, connections kept open (reference 3)"
  [home-ar]="Arabic home page, from the page cache"
  [offers-ar]="Arabic offer index, from the page cache"
  [course-ar]="Arabic course page, from the page cache"
  [home-ar-nocache]="Arabic home page, page cache off"
  [offers-ar-nocache]="Arabic offer index, page cache off"
  [course-ar-nocache]="Arabic course page, page cache off"
  [home-de]="German home page, from the page cache"
  [home-de-nocache]="German home page, page cache off"
  [healthz]="health check (DB + broker)"
  [static-css]="site.css via whitenoise"
)
# The targets (req/s ratios from the same rounds): pages from the portal's page cache
# >= CACHED_VS_CACHE_PAGE x the minimal view behind cache_page and >= CACHED_VS_MINIMAL x
# the bare minimal view; pages with the page cache off >= UNCACHED_VS_WAGTAIL x Wagtail's
# bare default page, with at most UNCACHED_MAX_QUERIES database queries each.
CACHED_TARGETS=(home-ar offers-ar course-ar)
UNCACHED_TARGETS=(home-ar-nocache offers-ar-nocache course-ar-nocache)
CACHED_VS_CACHE_PAGE=0.85
CACHED_VS_MINIMAL=0.60
UNCACHED_VS_WAGTAIL=0.50
UNCACHED_MAX_QUERIES=10
for name in "${NAMES[@]}"; do
  status=$(fetch "${SERVER_BASE[${SERVER[$name]}]}${URLS[$name]}" /dev/null)
  [ "$status" = 200 ] || die "${URLS[$name]} ($name) answered $status, not 200"
done

# --- Load ------------------------------------------------------------------------------
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
run_wrk() { # run_wrk SECONDS URL: prints wrk's BENCH line
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${1}s" --timeout 10s -H "$PROXY_HEADER" \
    -s "$ROOT/bench/wrk_report.lua" "$2" | grep '^BENCH '
}
# Per URL: requests and microseconds summed over the rounds; per-round req/s, p50, p99.
declare -A REQS=() USECS=() ROUND_RPS=() ROUND_P50=() ROUND_P99=() BAD=()
for name in "${NAMES[@]}"; do
  REQS[$name]=0 USECS[$name]=0 ROUND_RPS[$name]="" ROUND_P50[$name]="" ROUND_P99[$name]="" BAD[$name]=0
done
for round in $(seq "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    url="${SERVER_BASE[${SERVER[$name]}]}${URLS[$name]}"
    if [ "$round" -eq 1 ] && [ "$WARMUP" -gt 0 ]; then
      log "$name: warm-up ${WARMUP}s on ${URLS[$name]}"
      run_wrk "$WARMUP" "$url" >/dev/null || die "wrk failed on $url"
    fi
    log "$name: round $round/$ROUNDS, ${ROUND_SECONDS}s on ${URLS[$name]}"
    line=$(run_wrk "$ROUND_SECONDS" "$url") || die "wrk failed on $url"
    declare -A m=()
    for kv in ${line#BENCH }; do m[${kv%%=*}]=${kv#*=}; done
    REQS[$name]=$((REQS[$name] + m[requests]))
    USECS[$name]=$((USECS[$name] + m[duration_us]))
    ROUND_RPS[$name]+="$(awk -v r="${m[requests]}" -v d="${m[duration_us]}" 'BEGIN {printf "%.0f", r / (d / 1e6)}') "
    ROUND_P50[$name]+="${m[p50_us]} "
    ROUND_P99[$name]+="${m[p99_us]} "
    BAD[$name]=$((BAD[$name] + m[non2xx] + m[errors]))
    unset m
  done
done
ENDLOAD=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A RSS_END=()
for server in main nocache wagtail wagtailpc; do
  for pid in $(server_pids "$server"); do RSS_END[$pid]=$(rss_kb "$pid"); done
done

# The figures per URL: req/s over all rounds, min-max of the rounds, median p50, max p99.
declare -A RPS=() SPREAD=() P50=() P99=()
ms() { awk -v v="$1" 'BEGIN {printf "%.1f", v / 1000}'; }
for name in "${NAMES[@]}"; do
  RPS[$name]=$(awk -v r="${REQS[$name]}" -v d="${USECS[$name]}" 'BEGIN {printf "%.0f", r / (d / 1e6)}')
  read -r -a rps <<<"${ROUND_RPS[$name]}"
  SPREAD[$name]="$(printf '%s\n' "${rps[@]}" | sort -n | head -n 1)–$(printf '%s\n' "${rps[@]}" | sort -n | tail -n 1)"
  read -r -a p50 <<<"${ROUND_P50[$name]}"
  P50[$name]=$(ms "$(printf '%s\n' "${p50[@]}" | sort -n | sed -n "$(((${#p50[@]} + 1) / 2))p")")
  read -r -a p99 <<<"${ROUND_P99[$name]}"
  P99[$name]=$(ms "$(printf '%s\n' "${p99[@]}" | sort -n | tail -n 1)")
done

# --- First-visit weight ------------------------------------------------------------------
# Per page: the HTML (uncompressed, as Django sends it, and gzip -9 as a compressing proxy
# could send it) plus every stylesheet and script it links, as whitenoise serves them to
# a browser (Accept-Encoding: gzip, br). Fonts are counted apart, by the browser check.
size() { wc -c <"$1" | tr -d ' '; }
gz_size() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
served() { # served URL: "bytes encoding" as sent for Accept-Encoding: gzip, br
  curl -sS -o /dev/null -w '%{size_download} %header{content-encoding}' -H "$PROXY_HEADER" \
    -H 'Accept-Encoding: gzip, br' "$1"
}
WEIGHT_PAGES=("/ar/" "$OFFERS_AR" "$COURSE_AR" "/de/")
WEIGHT_ROWS="" ASSET_ROWS=""
declare -A ASSET_SEEN=() WEIGHT_TOTAL=()
for path in "${WEIGHT_PAGES[@]}"; do
  fetch "$MAIN$path" "$TMP/page.html" >/dev/null
  read -r html_served html_enc <<<"$(served "$MAIN$path")"
  html_size=$(size "$TMP/page.html")
  html_gz=$(gz_size "$TMP/page.html")
  css=0 js=0 assets=""
  for asset in $(grep -oE '(href|src)="/static/[^"]+\.(css|js)"' "$TMP/page.html" | sed -E 's/^(href|src)="//; s/"$//'); do
    read -r bytes enc <<<"$(served "$MAIN$asset")"
    case $asset in *.css) css=$((css + bytes)) ;; *.js) js=$((js + bytes)) ;; esac
    assets+="${asset##*/} "
    if [ -z "${ASSET_SEEN[$asset]:-}" ]; then
      ASSET_SEEN[$asset]=1
      fetch "$MAIN$asset" "$TMP/asset" >/dev/null
      ASSET_ROWS+="| \`$asset\` | $(size "$TMP/asset") | $bytes (${enc:-identity}) |"$'\n'
    fi
  done
  total=$((html_served + css + js))
  total_gz=$((html_gz + css + js))
  WEIGHT_TOTAL[$path]=$total
  WEIGHT_ROWS+="| \`$path\` | $html_size | $html_served (${html_enc:-identity}) | $html_gz | $css | $js | **$total** | $total_gz |"$'\n'
done

BROWSER_TABLE=""
if [ "$BROWSER" = 1 ]; then
  log "first visit of /ar/ and $COURSE_AR in headless Chromium"
  set +e
  BROWSER_TABLE=$("$PY" "$ROOT/bench/first_visit.py" "$MAIN" /ar/ "$COURSE_AR" 2>"$TMP/browser.log")
  browser_rc=$?
  set -e
  case $browser_rc in
    0) ;;
    3) BROWSER_TABLE="Skipped: $(cat "$TMP/browser.log")" ;;
    *) cat "$TMP/browser.log" >&2; die "the headless Chromium check failed (see above)" ;;
  esac
fi

# --- Report ----------------------------------------------------------------------------
DATE=$(date +%Y-%m-%d)
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
VERSIONS=$("$PY" -c 'import sys
from importlib.metadata import version
names = ("Django", "wagtail", "wagtail-modeltranslation", "gunicorn", "whitenoise")
print(", ".join([f"Python {sys.version.split()[0]}"] + [f"{n} {version(n)}" for n in names]))')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
# bench/ itself does not count: the result file is written there.
[ -z "$(git -C "$ROOT" status --porcelain -- . ':!bench' 2>/dev/null)" ] \
  || DIRTY=" (uncommitted changes in the tree outside bench/)"
REF=${RPS[reference]}
CREF=${RPS[reference-cached]}
WREF=${RPS[wagtail-bare]}
WPREF=${RPS[wagtail-persistent]}
LOAD1=${LOADAVG%% *}
BUSY=""
if awk -v l="$LOAD1" 'BEGIN {exit !(l > 0.5)}'; then
  BUSY="- **The machine was not idle before the run (1-min load $LOAD1): absolute figures are low.**"
fi
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# A reference without a single request in its rounds (a very short trial run) has no ratio.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "n/a"}'; }
at_least() { awk -v v="$1" -v t="$2" 'BEGIN {exit !(v ~ /^[0-9.]+$/ && v >= t)}'; }

# The verdicts, computed once: rows of the targets table and how many were met.
TARGET_ROWS="" TARGETS_MET=0 TARGETS_ALL=0
target_row() { # target_row PAGE TARGET MEASURED OK [WHY]
  TARGETS_ALL=$((TARGETS_ALL + 1))
  local verdict="**missed**${5:+ ($5)}"
  if [ "$4" = 1 ]; then verdict=met; TARGETS_MET=$((TARGETS_MET + 1)); fi
  TARGET_ROWS+="| $1 | $2 | $3 | $verdict |"$'\n'
}
met() { if "$@"; then echo 1; else echo 0; fi; } # met TEST...: 1 if TEST succeeds
for name in "${CACHED_TARGETS[@]}"; do
  r=$(ratio "${RPS[$name]}" "$CREF")
  target_row "${WHAT[$name]}" "≥ ${CACHED_VS_CACHE_PAGE}× the minimal view behind \`cache_page\` (reference 4)" \
    "${r}×" "$(met at_least "$r" "$CACHED_VS_CACHE_PAGE")"
  r=$(ratio "${RPS[$name]}" "$REF")
  target_row "${WHAT[$name]}" "≥ ${CACHED_VS_MINIMAL}× the bare minimal view (reference 1)" \
    "${r}×" "$(met at_least "$r" "$CACHED_VS_MINIMAL")"
done
for name in "${UNCACHED_TARGETS[@]}"; do
  r=$(ratio "${RPS[$name]}" "$WREF")
  queries=${NQUERIES[${SERVER[$name]}${URLS[$name]}]}
  fast=$(met at_least "$r" "$UNCACHED_VS_WAGTAIL")
  few=$(met test "$queries" -le "$UNCACHED_MAX_QUERIES")
  why=""
  [ "$fast" = 1 ] || why="req/s"
  [ "$few" = 1 ] || why="${why:+$why and }queries"
  target_row "${WHAT[$name]}" \
    "≥ ${UNCACHED_VS_WAGTAIL}× Wagtail's bare default page (reference 2), ≤ $UNCACHED_MAX_QUERIES DB queries" \
    "${r}×, $queries queries" "$([ -z "$why" ] && echo 1 || echo 0)" "$why"
done

report() {
  echo "## Page benchmark, $DATE"
  echo
  echo "- machine: $(nproc) cores ($CPU), $(uname -sr)"
  echo "- load average (1, 5, 15 min) before the run: $LOADAVG; after: $ENDLOAD"
  echo "- $VERSIONS; commit $COMMIT$DIRTY"
  echo "- portal: gunicorn config.wsgi, $WORKERS sync workers, config.settings.production"
  echo "  (+ \`/bench/hello/\` and \`/bench/hello-cached/\`), SQLite with \`portal_setup\` +"
  echo "  \`demo_content\`; header \`$PROXY_HEADER\`; the cache in Redis as in production"
  echo "  (CACHE_URL=$REDIS_URL, a database of the bench's own, emptied after the"
  echo "  set-up and at the end: page cache, lists and \`cache_page\` shared by all workers);"
  echo "  page cache as configured, and a second server with PAGE_CACHE_SECONDS=0 (same"
  echo "  database and Redis) for the \"page cache off\" rows"
  echo "- Wagtail reference: \`wagtail start benchref\` with the same Wagtail, its production"
  echo "  settings (DEBUG off), SQLite, its own gunicorn with $WORKERS sync workers; reference 3"
  echo "  the same with CONN_MAX_AGE=60 (a third gunicorn)"
  echo "- wrk $THREADS threads, $CONNECTIONS connections, on the same machine, no Accept-Encoding;"
  echo "  per URL ${WARMUP}s warm-up, then $ROUNDS rounds of ${ROUND_SECONDS}s, the URLs taking turns"
  echo "- req/s over all rounds (min–max of the rounds), p50 = median of the rounds,"
  echo "  p99 = worst round; DB queries of one warm request (Django's test client)"
  [ -z "$BUSY" ] || echo "$BUSY"
  echo
  echo "| benchmark | URL | req/s | rounds | p50 ms | p99 ms | vs minimal view | vs cache_page view | vs Wagtail bare | DB queries | non-2xx + errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for name in "${NAMES[@]}"; do
    queries=${NQUERIES[${SERVER[$name]}${URLS[$name]}]:-0}
    echo "| ${WHAT[$name]} | \`${URLS[$name]}\` | ${RPS[$name]} | ${SPREAD[$name]} | ${P50[$name]} | ${P99[$name]} | $(ratio "${RPS[$name]}" "$REF")× | $(ratio "${RPS[$name]}" "$CREF")× | $(ratio "${RPS[$name]}" "$WREF")× | $queries | ${BAD[$name]} |"
  done
  echo
  echo "Targets (req/s ratios from the same rounds; DB queries of one warm request):"
  echo "**$TARGETS_MET of $TARGETS_ALL met.**"
  echo
  echo "| page | target | measured | |"
  echo "| --- | --- | ---: | --- |"
  printf '%s' "$TARGET_ROWS"
  echo
  echo "Like for like (not a target of the issue): the uncached pages against Wagtail's bare"
  echo "page with its database connections kept open too (reference 3). The portal keeps them"
  echo "open for 60 s (DATABASE_CONN_MAX_AGE, as in production); \`wagtail start\` does not."
  echo
  echo "| page | vs reference 3 |"
  echo "| --- | ---: |"
  for name in "${UNCACHED_TARGETS[@]}"; do
    echo "| ${WHAT[$name]} | $(ratio "${RPS[$name]}" "$WPREF")× |"
  done
  echo
  echo "CPU time of one request in one process (Django's test client, full middleware, no"
  echo "gunicorn and no wrk; median and minimum of ${BENCH_INPROCESS_REPEAT:-50} requests after 5 warm-up requests)."
  echo "\"Wagtail bare ÷ page\" ≥ 1.00 means the page costs no more CPU than Wagtail's bare home page:"
  echo
  echo "| server | URL | CPU ms (median) | CPU ms (min) | wall ms (median) | DB queries | Wagtail bare ÷ page |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  sed 's/^TIMING //; s/^page cache on /page-cache-on /; s/^page cache off /page-cache-off /; s/^Wagtail bare /Wagtail-bare /' "$TMP/timing.txt" \
    | while read -r label url _status queries cpu cpu_min wall; do
      echo "| ${label//-/ } | \`$url\` | $cpu | $cpu_min | $wall | $queries | $(ratio "$WAGTAIL_CPU" "$cpu")× |"
    done
  echo
  echo "Memory (VmRSS from /proc/<pid>/status), right after start and after the run:"
  echo
  echo "| process | at start (MB) | after the run (MB) |"
  echo "| --- | ---: | ---: |"
  for server in main nocache wagtail wagtailpc; do
    for pid in $(server_pids "$server"); do
      role="worker (pid $pid)"
      [ "$pid" = "${SERVER_PID[$server]}" ] && role="master"
      start=${RSS_START[$pid]:-}
      echo "| $server: gunicorn $role | $([ -n "$start" ] && mb "$start" || echo "n/a (new worker)") | $(mb "${RSS_END[$pid]:-0}") |"
    done
  done
  echo
  echo "First-visit weight in bytes: the HTML plus every stylesheet and script it links"
  echo "(print.css included: browsers fetch it too, at low priority), CSS and JS as whitenoise"
  echo "serves them for \`Accept-Encoding: gzip, br\`; HTML uncompressed, as served for the same"
  echo "Accept-Encoding and, in the last column, at gzip -9. Fonts are not included (below)."
  echo "Target: under 100 KB (102400 bytes)."
  echo
  echo "| page | HTML | HTML served | HTML gzip -9 | CSS served | JS served | total as served | total, HTML gzipped |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s' "$WEIGHT_ROWS"
  echo
  echo "| asset | uncompressed | served |"
  echo "| --- | ---: | ---: |"
  printf '%s' "$ASSET_ROWS"
  echo
  for path in /ar/ "$COURSE_AR"; do
    if [ "${WEIGHT_TOTAL[$path]}" -lt 102400 ]; then v="under 100 KB: met"; else v="**over 100 KB: missed**"; fi
    echo "- \`$path\`: ${WEIGHT_TOTAL[$path]} bytes of HTML + CSS + JS as served, $v"
  done
  if [ "$BROWSER" = 1 ]; then
    echo
    echo "First visit in headless Chromium (Playwright, /usr/bin/chromium, 360 px, empty cache),"
    echo "bytes as transferred (Chromium sends \`Accept-Encoding: gzip, deflate, br, zstd\`):"
    echo
    echo "$BROWSER_TABLE"
  fi
}

OUT=${BENCH_OUTPUT:-$ROOT/bench/results/pages-$DATE.md}
mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
log "written to $OUT"
log "targets: $TARGETS_MET of $TARGETS_ALL met"

failed=0
for name in "${NAMES[@]}"; do [ "${BAD[$name]}" -eq 0 ] || failed=1; done
[ "$failed" -eq 0 ] || die "some requests failed (non-2xx or socket errors): see the table"
