"""Browser tests: Debian's chromium driven by Playwright, against pytest-django's live server.

Never `playwright install`: the browser is the system's (docs/decisions.md). Where it is missing the
tests skip and say so; CI installs it (.ci/run).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


# Flags found on these machines: without the background-networking ones Chromium keeps calling home.
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


@pytest.fixture(autouse=True)
def wagtail_tree(transactional_db):
    """Browser tests need committed data (the live server reads it from another thread),
    so they run in transactional tests, and the flush after each one empties every table,
    Wagtail's root page and locale included: put them back."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        with translation.override(settings.LANGUAGE_CODE):
            Page.add_root(instance=Page(title="Root", slug="root"))


# Package scope: torn down (and the variable below removed) right after the browser tests,
# which pytest-django orders before the tests without a database.
@pytest.fixture(scope="package")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium fonts-noto-core")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in the test thread, and Django refuses ORM
    # calls where a loop runs; the fixtures' calls are plain synchronous code all the same.
    # Set only while the browser runs, so that no subprocess started by a test inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        # Playwright starts the browser with a new, empty profile of its own.
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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
