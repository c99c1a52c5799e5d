"""The editors' side in a real browser: the admin runs under its Content-Security-Policy,
and Arabic and Farsi inputs are typed right to left."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_signs_in_and_types_arabic_right_to_left(browser, live_server, info_page):
    get_user_model().objects.create_superuser("rita", "rita@example.org", "ein-langes-passwort")
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, hosts = [], set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "rita")
    page.fill("input[name=password]", "ein-langes-passwort")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.wait_for_load_state("networkidle")  # the dashboard
    page.goto(f"{live_server.url}/admin/pages/{info_page.pk}/edit/")
    page.wait_for_load_state("networkidle")
    arabic = page.locator("input[name=title_ar]")
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert (
        page.locator("input[name=title_de]").evaluate("el => getComputedStyle(el).direction")
        == "ltr"
    )
    # Slugs stay Latin script, left to right, in every language.
    assert (
        page.locator("input[name=slug_ar]").evaluate("el => getComputedStyle(el).direction")
        == "ltr"
    )
    # Nothing leaves the district's server: no avatar service, no update check.
    assert hosts == {urlsplit(live_server.url).netloc}, hosts
    csp = [e for e in errors if "Content Security Policy" in e or "Refused to" in e]
    assert csp == [], csp
    context.close()
