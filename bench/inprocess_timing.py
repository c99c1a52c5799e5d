"""CPU time of one request inside the process, without gunicorn and wrk (bench/run_pages.sh).

Usage: inprocess_timing.py LABEL URL [URL ...]   (DJANGO_SETTINGS_MODULE must be set)

Requests each URL through Django's test client (the full middleware stack), first
5 times to warm up, then BENCH_INPROCESS_REPEAT times (50), and prints one line per URL:

    TIMING label url status queries cpu_ms_median cpu_ms_min wall_ms_median

CPU time (time.process_time) of this process only, so it depends much less on what
else runs on the machine than wrk's throughput does: it complements the load figures
when the machine is shared. Queries are counted on the last request. The cache is the
one the settings name (under bench_settings: Redis, CACHE_URL, as the servers use it),
so a page-cache hit here includes its round trips to Redis.
"""

import os
import statistics
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    label, urls = argv[1], argv[2:]
    repeat = int(os.environ.get("BENCH_INPROCESS_REPEAT", "50"))
    client = Client(HTTP_HOST="127.0.0.1")
    for url in urls:
        for _ in range(5):
            client.get(url, secure=True)
        cpu, wall = [], []
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(url, secure=True)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, secure=True).status_code
        print(
            f"TIMING {label} {url} {status} {len(queries.captured_queries)} "
            f"{statistics.median(cpu) * 1000:.1f} {min(cpu) * 1000:.1f} "
            f"{statistics.median(wall) * 1000:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
