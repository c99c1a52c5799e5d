#!/usr/bin/env bash
# Benchmark of the interpreter booking on PostgreSQL (issue 4, "Measured"); see bench/booking.md.
# bench/pg_throwaway.sh creates and migrates a throwaway database, runs
# bench/run_booking.py (arguments are passed on, e.g. --seconds 5 --threads 1,4) and drops the
# database on exit, also on error or Ctrl-C. Nothing is written into var/.
#
#   bench/run_booking.sh [--seconds 10] [--threads 1,4,8] [--repeat 30] [> result.md]
#
# PG_URL is the server (default postgres://postgres@127.0.0.1:5432); the tables go to
# stdout, progress to stderr.
exec "$(dirname "$0")/pg_throwaway.sh" booking run_booking.py "$@"
