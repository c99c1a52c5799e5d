"""Browser tests: Debian's chromium driven by Playwright, against pytest-django's live server.

Never `playwright install`: the browser is the system's (STACK.md). Where it is missing the
tests skip and say so; CI installs it (.ci/run).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are plain synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Flags from STACK.md: without the background-networking ones Chromium keeps calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium fonts-noto-core")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright starts the browser with a new, empty profile of its own.
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageWatch:
    """What a page did besides rendering: requests, console errors, page errors."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, width=…, javascript=…) -> (page, watch); contexts closed afterwards."""
    contexts = []

    def _open(path, width=1280, height=900, javascript=True, locale="de-DE"):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale=locale,
        )
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page)
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.ok, (path, response and response.status)
        return page, watch

    yield _open
    for context in contexts:
        context.close()
