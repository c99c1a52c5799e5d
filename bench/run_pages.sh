#!/usr/bin/env bash
# Page benchmark: the production settings under gunicorn (2 sync workers) on a
# throwaway SQLite database, measured with wrk next to a reference view served by
# the same gunicorn and Django. See bench/README.md.
#
# Everything it creates lives in a temporary folder that is removed on exit: the
# database, static files, compiled catalogs, broker folder. It does not read or
# write var/. The Markdown result goes to stdout and bench/results/pages-<date>.md.
#
# Two gunicorn servers run side by side on the same database: "main" with the
# settings as they are (page cache on, if the product has one), and "nocache" with
# PAGE_CACHE_SECONDS=0, to show what a page costs when it is not in the cache. Only
# the server being measured is busy; the other one sleeps.
#
# Each URL is measured for BENCH_SECONDS in total, split into BENCH_ROUNDS rounds that
# go through all URLs in turn, so that load from other processes on the machine hits
# the reference and the pages alike and the ratios stay comparable.
#
# Tunables (environment): BENCH_SECONDS (15), BENCH_ROUNDS (3), BENCH_WARMUP (3),
# BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_WORKERS (2), VENV (.venv),
# BENCH_OUTPUT (result file, default bench/results/pages-<date>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
PY="$ROOT/$VENV/bin/python"
GUNICORN="$ROOT/$VENV/bin/gunicorn"
SECONDS_PER_URL=${BENCH_SECONDS:-15}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
WORKERS=${BENCH_WORKERS:-2}

die() { echo "run_pages.sh: $*" >&2; exit 1; }
log() { echo "-- $*" >&2; }

[[ "$SECONDS_PER_URL" =~ ^[0-9]+$ && "$ROUNDS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[0-9]+$ ]] \
  || die "BENCH_SECONDS, BENCH_ROUNDS and BENCH_WARMUP must be whole numbers"
ROUND_SECONDS=$((SECONDS_PER_URL / ROUNDS))
[ "$ROUND_SECONDS" -ge 1 ] || die "BENCH_SECONDS / BENCH_ROUNDS must be at least 1 s"
[ -x "$PY" ] || die "$PY not found: run 'make install' first."
[ -x "$GUNICORN" ] || die "$GUNICORN not found: run 'make install' first."
command -v wrk >/dev/null || die "wrk not found: apt-get install -y wrk"
command -v curl >/dev/null || die "curl not found"
command -v gzip >/dev/null || die "gzip not found"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
declare -A SERVER_PID=() SERVER_BASE=()
cleanup() {
  local rc=$? server pid
  trap - EXIT INT TERM
  for server in "${!SERVER_PID[@]}"; do
    pid=${SERVER_PID[$server]}
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
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
# when the running wrk round ends (bash runs traps between commands).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Bench-only environment: nothing from the caller's deployment leaks in ----------
unset CACHE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_BROKER_FOLDER \
  STATIC_ROOT MEDIA_ROOT DATABASE_CONN_MAX_AGE PORTAL_LANGUAGES CSRF_TRUSTED_ORIGINS \
  SECURE_HSTS_SECONDS SECURE_HSTS_PRELOAD DJANGO_DEBUG PAGE_CACHE_SECONDS
export VAR_DIR="$TMP/var"
export DATABASE_URL="sqlite:///$VAR_DIR/db.sqlite3"
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
# TLS ends at the reverse proxy in production; it tells Django so with this header.
PROXY_HEADER="X-Forwarded-Proto: https"

# --- Fresh database, content, catalogs and static files ------------------------------
log "setting up a fresh SQLite database in $TMP"
manage() { "$PY" manage.py "$@" >>"$TMP/setup.log" 2>&1 || { cat "$TMP/setup.log" >&2; die "manage.py $* failed"; }; }
manage migrate --noinput
manage portal_setup
# The catalogs are compiled in a copy, so that the tree is not written to (*.mo are not in git).
cp -r "$ROOT/locale" "$BENCH_LOCALE_DIR"
manage compilecatalogs
manage collectstatic --noinput

# Database queries of one warm request per URL (Django's test client, same settings).
count_queries() { # count_queries [VAR=value ...]: prints "QUERIES url status count" lines
  env "$@" "$PY" manage.py shell -c '
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
for url in ("/bench/hello/", "/de/", "/ar/", "/healthz"):
    client.get(url, secure=True)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url, secure=True).status_code
    print(f"QUERIES {url} {status} {len(queries.captured_queries)}")
' 2>>"$TMP/setup.log" | grep '^QUERIES ' || { cat "$TMP/setup.log" >&2; die "counting queries failed"; }
}
count_queries >"$TMP/queries-main.txt"
count_queries PAGE_CACHE_SECONDS=0 >"$TMP/queries-nocache.txt"
declare -A NQUERIES=()
while read -r _ url _ n; do NQUERIES[main$url]=$n; done <"$TMP/queries-main.txt"
while read -r _ url _ n; do NQUERIES[nocache$url]=$n; done <"$TMP/queries-nocache.txt"
[ "${NQUERIES[nocache/de/]:-0}" -gt 0 ] \
  || die "with PAGE_CACHE_SECONDS=0, /de/ still needs no database query: is a cache still on?"

# --- gunicorn --------------------------------------------------------------------------
free_port() {
  "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
start_server() { # start_server NAME [VAR=value ...]
  local name=$1 port
  shift
  port=$(free_port)
  log "starting gunicorn '$name' (config.wsgi, $WORKERS workers) on 127.0.0.1:$port $*"
  env "$@" "$GUNICORN" config.wsgi:application --chdir "$ROOT" --bind "127.0.0.1:$port" \
    --workers "$WORKERS" --log-level warning --error-logfile "$TMP/gunicorn-$name.log" &
  SERVER_PID[$name]=$!
  SERVER_BASE[$name]="http://127.0.0.1:$port"
}
wait_ready() { # wait_ready NAME: until it answers and all its workers have booted
  local name=$1 pid=${SERVER_PID[$1]}
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || die "gunicorn '$name' exited during start-up"
    if curl -fsS -o /dev/null -H "$PROXY_HEADER" "${SERVER_BASE[$name]}/bench/hello/" 2>/dev/null; then
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
start_server main
start_server nocache PAGE_CACHE_SECONDS=0
wait_ready main
wait_ready nocache

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
server_pids() { echo "${SERVER_PID[$1]}"; pgrep -P "${SERVER_PID[$1]}" | sort -n; }
declare -A RSS_START=()
for server in main nocache; do
  for pid in $(server_pids "$server"); do RSS_START[$pid]=$(rss_kb "$pid"); done
done

# --- The URLs: each must answer 200 before it is measured -----------------------------
fetch() { # fetch URL OUTFILE [extra curl args]: writes the body, prints the HTTP status
  local url=$1 out=$2
  shift 2
  curl -sS -o "$out" -w '%{http_code}' -H "$PROXY_HEADER" "$@" "$url"
}
MAIN=${SERVER_BASE[main]}
status=$(fetch "$MAIN/de/" "$TMP/de.html")
[ "$status" = 200 ] || die "/de/ answered $status"
css_link() { grep -o "href=\"/static/css/$1[^\"]*\\.css\"" "$TMP/de.html" | head -n 1 | sed 's/^href="//; s/"$//'; }
CSS_PATH=$(css_link site)
[ -n "$CSS_PATH" ] || die "/de/ links no /static/css/site*.css"
PRINT_CSS_PATH=$(css_link print)
grep -q '<html lang="ar" dir="rtl"' <(curl -sS -H "$PROXY_HEADER" "$MAIN/ar/") \
  || die "/ar/ is not served as Arabic right to left"

NAMES=(reference home-de home-ar home-de-nocache home-ar-nocache healthz static-css)
declare -A SERVER=(
  [reference]=main [home-de]=main [home-ar]=main [home-de-nocache]=nocache
  [home-ar-nocache]=nocache [healthz]=main [static-css]=main
)
declare -A URLS=(
  [reference]="/bench/hello/"
  [home-de]="/de/"
  [home-ar]="/ar/"
  [home-de-nocache]="/de/"
  [home-ar-nocache]="/ar/"
  [healthz]="/healthz"
  [static-css]="$CSS_PATH"
)
declare -A WHAT=(
  [reference]="minimal Django view (reference)"
  [home-de]="German home page"
  [home-ar]="Arabic home page (RTL)"
  [home-de-nocache]="German home page, page cache off"
  [home-ar-nocache]="Arabic home page, page cache off"
  [healthz]="health check (DB + broker)"
  [static-css]="site.css via whitenoise"
)
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
for server in main nocache; do
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

# --- Sizes -----------------------------------------------------------------------------
size() { wc -c <"$1" | tr -d ' '; }
gz_size() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
served_size() { # bytes on the wire with Accept-Encoding: gzip, br (what the server sends)
  curl -sS -o /dev/null -w '%{size_download} %header{content-encoding}' -H "$PROXY_HEADER" \
    -H 'Accept-Encoding: gzip, br' "$1"
}
SIZE_ROWS=""
add_size_row() { # add_size_row LABEL FILE URL
  local served enc
  read -r served enc <<<"$(served_size "$3")"
  SIZE_ROWS+="| $1 | $(size "$2") | $(gz_size "$2") | $served (${enc:-identity}) |"$'\n'
}
fetch "$MAIN$CSS_PATH" "$TMP/site.css" >/dev/null
add_size_row "/de/ HTML" "$TMP/de.html" "$MAIN/de/"
add_size_row "site.css" "$TMP/site.css" "$MAIN$CSS_PATH"
if [ -n "$PRINT_CSS_PATH" ]; then
  fetch "$MAIN$PRINT_CSS_PATH" "$TMP/print.css" >/dev/null
  add_size_row "print.css (media=print)" "$TMP/print.css" "$MAIN$PRINT_CSS_PATH"
fi

# --- Report ----------------------------------------------------------------------------
DATE=$(date +%Y-%m-%d)
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
VERSIONS=$("$PY" -c 'import sys
from importlib.metadata import version
names = ("Django", "wagtail", "gunicorn", "whitenoise")
print(", ".join([f"Python {sys.version.split()[0]}"] + [f"{n} {version(n)}" for n in names]))')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
# bench/ itself does not count: the result file is written there.
[ -z "$(git -C "$ROOT" status --porcelain -- . ':!bench' 2>/dev/null)" ] \
  || DIRTY=" (uncommitted changes in the tree outside bench/)"
REF=${RPS[reference]}
LOAD1=${LOADAVG%% *}
BUSY=""
if awk -v l="$LOAD1" 'BEGIN {exit !(l > 0.5)}'; then
  BUSY="- **The machine was not idle before the run (1-min load $LOAD1): absolute figures are low.**"
fi
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

report() {
  echo "## Page benchmark, $DATE"
  echo
  echo "- machine: $(nproc) cores ($CPU), $(uname -sr)"
  echo "- load average (1, 5, 15 min) before the run: $LOADAVG; after: $ENDLOAD"
  echo "- $VERSIONS; commit $COMMIT$DIRTY"
  echo "- gunicorn config.wsgi, $WORKERS sync workers, config.settings.production (+ bench/hello/),"
  echo "  SQLite, content of \`portal_setup\` only; header \`$PROXY_HEADER\`; page cache as"
  echo "  configured (no CACHE_URL: local memory per worker), and a second server with"
  echo "  PAGE_CACHE_SECONDS=0 for the \"page cache off\" rows"
  echo "- wrk $THREADS threads, $CONNECTIONS connections, on the same machine, no Accept-Encoding;"
  echo "  per URL ${WARMUP}s warm-up, then $ROUNDS rounds of ${ROUND_SECONDS}s, the URLs taking turns"
  echo "- req/s over all rounds (min–max of the rounds), p50 = median of the rounds,"
  echo "  p99 = worst round; DB queries of one warm request (Django's test client)"
  [ -z "$BUSY" ] || echo "$BUSY"
  echo
  echo "| benchmark | URL | req/s | rounds | p50 ms | p99 ms | vs reference | DB queries | non-2xx + errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for name in "${NAMES[@]}"; do
    ratio=$(awk -v a="${RPS[$name]}" -v b="$REF" 'BEGIN {printf "%.2f", a / b}')
    queries=${NQUERIES[${SERVER[$name]}${URLS[$name]}]:-0}
    echo "| ${WHAT[$name]} | \`${URLS[$name]}\` | ${RPS[$name]} | ${SPREAD[$name]} | ${P50[$name]} | ${P99[$name]} | ${ratio}× | $queries | ${BAD[$name]} |"
  done
  echo
  echo "Memory (VmRSS from /proc/<pid>/status), right after start and after the run:"
  echo
  echo "| process | at start (MB) | after the run (MB) |"
  echo "| --- | ---: | ---: |"
  for server in main nocache; do
    for pid in $(server_pids "$server"); do
      role="worker (pid $pid)"
      [ "$pid" = "${SERVER_PID[$server]}" ] && role="master"
      start=${RSS_START[$pid]:-}
      echo "| $server: gunicorn $role | $([ -n "$start" ] && mb "$start" || echo "n/a (new worker)") | $(mb "${RSS_END[$pid]:-0}") |"
    done
  done
  echo
  echo "Sizes in bytes (gzip -9 computed here; \"served\" = what the server sends for"
  echo "\`Accept-Encoding: gzip, br\`):"
  echo
  echo "| resource | uncompressed | gzip -9 | served |"
  echo "| --- | ---: | ---: | ---: |"
  printf '%s' "$SIZE_ROWS"
}

OUT=${BENCH_OUTPUT:-$ROOT/bench/results/pages-$DATE.md}
mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
log "written to $OUT"

failed=0
for name in "${NAMES[@]}"; do [ "${BAD[$name]}" -eq 0 ] || failed=1; done
[ "$failed" -eq 0 ] || die "some requests failed (non-2xx or socket errors): see the table"
