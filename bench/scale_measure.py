"""In-process measurements of the scale benchmark (bench/run_scale.sh), and its report.

Usage (DJANGO_SETTINGS_MODULE must be set for the measurements):

    scale_measure.py pages SIZE      # run with PAGE_CACHE_SECONDS=0
    scale_measure.py sitemap SIZE    # page cache on; empties the cache (CACHE_URL) first
    scale_measure.py publish SIZE    # page cache on
    scale_measure.py report FILE     # the Markdown tables from the RESULT lines in FILE

Each measurement prints `RESULT {json}` lines on stdout (SIZE is "demo" or "scale").
Requests go through Django's test client (full middleware, host 127.0.0.1, https as
behind the proxy). Per URL: BENCH_SCALE_WARMUP requests (5) to warm up, then up to
BENCH_SCALE_REPEAT (30) measured ones, fewer where they would take longer than
BENCH_SCALE_BUDGET seconds (20), but at least 3 (only 1 or 2 where a single request
takes so long that 3 would exceed twice the budget); median and minimum of
time.process_time() (this process's CPU) and the median wall time (which includes the
database's and Redis's work and whatever else the machine does). Queries are those of
the last measured request (a counting execute_wrapper, far cheaper than capturing).

Only public things are used, so that the same measurement runs before and after a
rework of the site: the URLs of the offer index and the news index (from their pages,
in German), `/de/suche/`, `/sitemap.xml` and whatever its <loc> entries point to, the
models for the publication.
"""

import json
import os
import re
import statistics
import sys
import time
from urllib.parse import urlsplit

HOST = "127.0.0.1"
SITEMAP = os.environ.get("BENCH_SCALE_SITEMAP", "/sitemap.xml")
FILTER = os.environ.get("BENCH_SCALE_FILTER", "category=course")
SITEMAP_LANGUAGE = os.environ.get("BENCH_SCALE_SITEMAP_LANGUAGE", "de")


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


WARMUP = _int_env("BENCH_SCALE_WARMUP", 5)
REPEAT = _int_env("BENCH_SCALE_REPEAT", 30)
BUDGET = float(os.environ.get("BENCH_SCALE_BUDGET", "20"))
MIN_RUNS = 3


def emit(size: str, key: str, **values) -> None:
    print("RESULT " + json.dumps({"size": size, "key": key, **values}, ensure_ascii=False))
    sys.stdout.flush()


class QueryCounter:
    """connection.execute_wrapper: counts queries, far cheaper than capturing them."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _counted(call):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = call()
    return result, counter.count


def _once(call):
    """(result, cpu ms, wall ms) of one call."""
    c0, w0 = time.process_time(), time.perf_counter()
    result = call()
    return result, (time.process_time() - c0) * 1000, (time.perf_counter() - w0) * 1000


def _series(call, *, warmup: int = WARMUP, repeat: int = REPEAT) -> dict:
    """Warm-up calls, then up to `repeat` measured ones: at least MIN_RUNS, unless one
    call takes so long that they would run past twice BUDGET (a sitemap of thousands of
    pages today), and no more once BUDGET has passed. Queries: those of the last call."""
    for _ in range(warmup):
        call()
    cpu, wall = [], []
    start = time.monotonic()
    result = queries = None
    while True:
        (result, c, w), queries = _counted(lambda: _once(call))
        cpu.append(c)
        wall.append(w)
        elapsed = time.monotonic() - start
        if (
            len(cpu) >= max(repeat, 1)
            or (len(cpu) >= MIN_RUNS and elapsed > BUDGET)
            or elapsed + statistics.median(wall) / 1000 > 2 * BUDGET
        ):
            break
    return {
        "cpu_ms": round(statistics.median(cpu), 2),
        "cpu_min_ms": round(min(cpu), 2),
        "wall_ms": round(statistics.median(wall), 2),
        "runs": len(cpu),
        "queries": queries,
        "_result": result,
    }


def _client():
    from django.test import Client

    return Client(HTTP_HOST=HOST)


def _get(client, url):
    def call():
        return client.get(url, secure=True)

    return call


def _request_row(size, key, client, url, **extra):
    values = _series(_get(client, url))
    response = values.pop("_result")
    if response.status_code != 200:
        print(f"scale_measure.py: {url} answered {response.status_code}", file=sys.stderr)
    emit(
        size,
        key,
        url=url,
        status=response.status_code,
        bytes=len(response.content),
        **values,
        **extra,
    )
    return response


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _german_urls() -> dict[str, str]:
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from cms.models import NewsIndexPage, OfferIndexPage

    with translation.override("de"):
        offers = OfferIndexPage.objects.live().order_by("path").first()
        news = NewsIndexPage.objects.live().order_by("path").first()
        try:
            search = reverse("search")
        except NoReverseMatch:
            search = "/de/suche/"
        return {
            "offers": _path(offers.get_url()),
            "news": _path(news.get_url()),
            "search": search,
        }


def _form_field_names(html: str) -> set[str]:
    return set(re.findall(r'<(?:select|input)[^>]*\bname="([^"]+)"', html))


def measure_pages(size: str) -> int:
    from scale_grow import COMMON_WORD, RARE_WORD

    urls = _german_urls()
    client = _client()
    _request_row(size, "reference", client, "/bench/hello/")
    index = _request_row(size, "offer_index", client, urls["offers"])
    separator = "&" if "?" in urls["offers"] else "?"
    filtered = f"{urls['offers']}{separator}{FILTER}"
    wanted = {pair.split("=", 1)[0] for pair in FILTER.split("&") if pair}
    unknown = sorted(wanted - _form_field_names(index.content.decode()))
    if unknown:
        note = (
            f"the offer index's form has no field {', '.join(unknown)}: "
            f"the filter {FILTER} may be ignored (set BENCH_SCALE_FILTER)"
        )
        print(f"scale_measure.py: {note}", file=sys.stderr)
        emit(size, "note", text=note)
    _request_row(size, "filtered_index", client, filtered)
    _request_row(size, "news_index", client, urls["news"])
    _request_row(size, "search_rare", client, f"{urls['search']}?q={RARE_WORD}")
    _request_row(size, "search_common", client, f"{urls['search']}?q={COMMON_WORD}")
    return 0


def _sitemap_locations(content: bytes) -> tuple[str, list[str]]:
    """(root tag without namespace, the <loc> values)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(content)  # noqa: S314 - our own response
    tag = root.tag.rsplit("}", 1)[-1]
    locations = [el.text.strip() for el in root.iter() if el.tag.endswith("loc") and el.text]
    return tag, locations


def _pick_language_sitemap(locations: list[str]) -> str:
    paths = [_path(loc) for loc in locations]
    pattern = re.compile(rf"(^|[^a-z]){re.escape(SITEMAP_LANGUAGE)}([^a-z]|$)")
    for path in paths:
        if pattern.search(path):
            return path
    return paths[0]


def _sitemap_rows(size: str, key: str, client, url: str):
    """The first request of `url` in this process, then the warm ones."""
    (response, cpu, wall), queries = _counted(lambda: _once(_get(client, url)))
    tag, locations = _sitemap_locations(response.content)
    common = {"url": url, "status": response.status_code, "bytes": len(response.content)}
    common["entries"] = len(locations)
    emit(size, f"{key}_first", cpu_ms=round(cpu, 2), wall_ms=round(wall, 2), runs=1,
         queries=queries, **common)  # fmt: skip
    values = _series(_get(client, url), warmup=0)
    values.pop("_result")
    emit(size, f"{key}_warm", **values, **common)
    return tag, locations


def measure_sitemap(size: str) -> int:
    from django.core.cache import cache

    cache.clear()  # the dedicated Redis database (run_scale.sh): a cold start
    client = _client()
    for _ in range(WARMUP):  # Django itself warm, nothing of the portal's pages
        client.get("/bench/hello/", secure=True)
    tag, locations = _sitemap_rows(size, "sitemap", client, SITEMAP)
    if tag == "sitemapindex" and locations:
        _sitemap_rows(size, "sitemap_language", client, _pick_language_sitemap(locations))
    return 0


def measure_publish(size: str) -> int:
    from django.utils import translation

    from cms.models import LanguageCoursePage, OfferPage

    urls = _german_urls()
    client = _client()
    _request_row(size, "reference_cached", client, "/bench/hello/")
    _request_row(size, "offer_index_cached", client, urls["offers"])
    target = (
        LanguageCoursePage.objects.live().order_by("path").first()
        or OfferPage.objects.live().order_by("path").first()
    )
    base = OfferPage.objects.get(pk=target.pk).intro_de
    edits = iter(range(1, 10_000))

    def publish():
        # As the editor's form does: the page as stored (read in the timed part too,
        # one query), its intro changed, a new revision, published.
        with translation.override("de"):
            page = type(target).objects.get(pk=target.pk)
            page.intro_de = f"{base} Stand {next(edits)}."
            return page.save_revision().publish()

    values = _series(publish, warmup=1, repeat=_int_env("BENCH_SCALE_PUBLISH_REPEAT", 7))
    values.pop("_result")
    emit(size, "publish", url=f"page {target.pk} ({type(target).__name__})", **values)
    return 0


# --- report ------------------------------------------------------------------------------

# key: (what, target kind, target value); kinds: "ratio" (scale ÷ demo at most),
# "ms" (the scale value below, in ms), None (no target).
ROWS = [
    ("reference", "minimal Django view (reference), page cache off", None, None),
    ("offer_index", "offer index, page cache off", "ratio", 2.0),
    ("filtered_index", "offer index filtered, page cache off", "ratio", 2.0),
    ("news_index", "news index, page cache off", "ratio", 2.0),
    ("search_rare", "search, rare word (1 page)", "ratio", 2.0),
    ("search_common", "search, word in every offer", "ms", 100.0),
    ("sitemap_first", "sitemap.xml, first request (cold cache)", "ms", 2000.0),
    ("sitemap_warm", "sitemap.xml, warm", "ms", 50.0),
    ("sitemap_language_first", "language sitemap, first request (cold cache)", "ms", 2000.0),
    ("sitemap_language_warm", "language sitemap, warm", "ms", 50.0),
    ("publish", "publish one offer (save_revision().publish())", "ratio", 1.5),
    ("reference_cached", "minimal Django view (reference), page cache on", None, None),
    ("offer_index_cached", "offer index, page cache hit", None, None),
]
# Wall time counts for these targets too (a crawler waits for it): a second row each.
WALL_TOO = {"sitemap_first", "sitemap_warm", "sitemap_language_first", "sitemap_language_warm"}


def _load(path: str) -> tuple[dict, list[str]]:
    rows: dict[tuple[str, str], list[dict]] = {}
    notes: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("RESULT "):
                continue
            row = json.loads(line[len("RESULT ") :])
            if row["key"] == "note":
                notes.append(f"{row['size']}: {row['text']}")
                continue
            rows.setdefault((row["size"], row["key"]), []).append(row)
    merged = {}
    for (size, key), found in rows.items():
        row = dict(found[-1])
        for name in ("cpu_ms", "wall_ms", "cpu_min_ms"):
            if all(name in r for r in found):
                row[name] = statistics.median(r[name] for r in found)
        row["processes"] = len(found)
        merged[size, key] = row
    return merged, notes


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _verdict(kind, target, demo, scale) -> tuple[str, str]:
    if kind is None or scale is None:
        return "–", "–"
    if kind == "ratio":
        if not demo:
            return f"≤ {target:g}× demo", "n/a"
        met = scale / demo <= target
        return f"≤ {target:g}× demo", "met" if met else "**missed**"
    comparison = "<" if target in (50.0, 2000.0) else "≤"
    met = scale < target if comparison == "<" else scale <= target
    return f"{comparison} {target:g} ms", "met" if met else "**missed**"


def report(path: str) -> int:
    merged, notes = _load(path)
    lines = [
        "| measure (CPU time unless marked wall) | URL / object | demo ms | scale ms "
        "| scale ÷ demo | target | | scale ÷ demo of the minima |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    details = [
        "| measure | size | status | DB queries | CPU ms (median) | CPU ms (min) "
        "| wall ms (median) | runs | processes | bytes | entries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, what, kind, target in ROWS:
        demo, scale = merged.get(("demo", key)), merged.get(("scale", key))
        if demo is None and scale is None:
            continue
        d_cpu = demo["cpu_ms"] if demo else None
        s_cpu = scale["cpu_ms"] if scale else None
        ratio = f"{s_cpu / d_cpu:.2f}×" if d_cpu and s_cpu is not None else "–"
        d_min = demo.get("cpu_min_ms") if demo else None
        s_min = scale.get("cpu_min_ms") if scale else None
        min_ratio = f"{s_min / d_min:.2f}×" if d_min and s_min is not None else "–"
        url = (scale or demo).get("url", "")
        target_text, verdict = _verdict(kind, target, d_cpu, s_cpu)
        lines.append(
            f"| {what} | `{url}` | {_fmt(d_cpu)} | {_fmt(s_cpu)} | {ratio} | "
            f"{target_text} | {verdict} | {min_ratio} |"
        )
        if key in WALL_TOO:
            d_wall = demo["wall_ms"] if demo else None
            s_wall = scale["wall_ms"] if scale else None
            w_ratio = f"{s_wall / d_wall:.2f}×" if d_wall and s_wall is not None else "–"
            w_target, w_verdict = _verdict(kind, target, d_wall, s_wall)
            lines.append(
                f"| {what}, **wall** | `{url}` | {_fmt(d_wall)} | {_fmt(s_wall)} | {w_ratio} | "
                f"{w_target} | {w_verdict} | – |"
            )
        for size, row in (("demo", demo), ("scale", scale)):
            if row is None:
                continue
            details.append(
                f"| {what} | {size} | {row.get('status', '–')} | {row.get('queries', '–')} | "
                f"{_fmt(row.get('cpu_ms'))} | {_fmt(row.get('cpu_min_ms'))} | "
                f"{_fmt(row.get('wall_ms'))} | {row.get('runs', '–')} | {row['processes']} | "
                f"{row.get('bytes', '–')} | {row.get('entries', '–')} |"
            )
    print("\n".join(lines))
    print()
    print("Verdicts on the medians. The last column, the ratio of the fastest runs, moves")
    print("less with the machine's load; the minimal view's ratio shows how much that load")
    print("changed between the two sizes (1.00× if not at all).")
    print()
    print("Details (DB queries of the last measured request; bytes of the response body;")
    print("entries: <loc> elements in the sitemap; processes: the first sitemap request is")
    print("measured once per process, the figures are the median over the processes):")
    print()
    print("\n".join(details))
    if notes:
        print()
        for note in notes:
            print(f"- **Note**: {note}")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "report":
        return report(argv[2])
    kinds = {"pages": measure_pages, "sitemap": measure_sitemap, "publish": measure_publish}
    if len(argv) != 3 or argv[1] not in kinds or argv[2] not in ("demo", "scale"):
        print(__doc__, file=sys.stderr)
        return 2
    import django

    django.setup()
    return kinds[argv[1]](argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
