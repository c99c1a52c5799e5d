"""What a first visit fetches, seen by headless Chromium (bench/run_pages.sh).

Usage: first_visit.py BASE_URL PATH [PATH ...]

Opens each path in a fresh browser context (empty cache, 360 px wide, as a phone),
waits until the network is idle and the fonts are loaded, and prints Markdown: per
page the bytes transferred by type (response bodies as sent, so gzip where the
server compresses), and every font file fetched. Requests to any other host than
BASE_URL's are listed as third-party requests.

Uses Playwright from the virtualenv with Debian's Chromium (/usr/bin/chromium, or
BENCH_CHROMIUM); it never downloads a browser. Exit status 3 if Playwright or
Chromium is missing, so that the caller can skip this part.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("BENCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TYPES = ("document", "stylesheet", "script", "font")


def visit(browser, url: str, headers: dict[str, str]) -> list[dict]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        extra_http_headers=headers,
    )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    failed = []
    page.on("requestfailed", lambda request: failed.append(request))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    rows = []
    for request in finished:
        response = request.response()
        sizes = request.sizes()
        rows.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "status": response.status if response else 0,
                "encoding": (response.headers.get("content-encoding") if response else None)
                or "identity",
                "bytes": sizes["responseBodySize"],
            }
        )
    for request in failed:
        rows.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "status": 0,
                "encoding": "failed",
                "bytes": 0,
            }
        )
    context.close()
    return rows


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, paths = argv[1].rstrip("/"), argv[2:]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("first_visit.py: Playwright is not installed in this virtualenv", file=sys.stderr)
        return 3
    if not Path(CHROMIUM).exists():
        print(f"first_visit.py: {CHROMIUM} not found", file=sys.stderr)
        return 3
    own_host = urlsplit(base).netloc
    headers = {"X-Forwarded-Proto": "https"}
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in paths:
            results[path] = visit(browser, base + path, headers)
        browser.close()

    print("| page | requests | HTML | CSS | JS | HTML + CSS + JS | fonts | other | third-party |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path, rows in results.items():
        by_type = {name: sum(r["bytes"] for r in rows if r["type"] == name) for name in TYPES}
        fonts = [r for r in rows if r["type"] == "font"]
        other = sum(r["bytes"] for r in rows if r["type"] not in TYPES)
        third = [r for r in rows if urlsplit(r["url"]).netloc != own_host]
        weight = by_type["document"] + by_type["stylesheet"] + by_type["script"]
        print(
            f"| `{path}` | {len(rows)} | {by_type['document']} | {by_type['stylesheet']} "
            f"| {by_type['script']} | **{weight}** | {by_type['font']} ({len(fonts)} files) "
            f"| {other} | {len(third)} |"
        )
    print()
    print("Every request (bytes = response body as transferred):")
    print()
    print("| page | resource | type | status | encoding | bytes |")
    print("| --- | --- | --- | ---: | --- | ---: |")
    bad = 0
    for path, rows in results.items():
        for r in rows:
            split = urlsplit(r["url"])
            shown = r["url"] if split.netloc != own_host else (split.path or "/")
            print(
                f"| `{path}` | `{shown}` | {r['type']} | {r['status']} | {r['encoding']} "
                f"| {r['bytes']} |"
            )
            bad += r["status"] == 0 or r["status"] >= 400
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
