#!/usr/bin/env bash
# Benchmark of the committee report on PostgreSQL (issue 6, "Measured"); see bench/report.md.
# bench/pg_throwaway.sh creates and migrates a throwaway database, runs
# bench/run_report.py (arguments are passed on, e.g. --repeat 5 --requests 20000) and drops the
# database on exit, also on error or Ctrl-C. Nothing is written into var/.
#
#   bench/run_report.sh [--repeat 15] [--requests 100000] [> result.md]
#
# PG_URL is the server (default postgres://postgres@127.0.0.1:5432); the tables go to
# stdout, progress to stderr.
exec "$(dirname "$0")/pg_throwaway.sh" report run_report.py "$@"
