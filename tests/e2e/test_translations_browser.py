"""The machine translation issue's "done when", in a real browser: an editor changes a
German offer, sees its Arabic turn outdated in the matrix, translates it with one click,
watches the job finish, reviews Arabic side by side and marks it reviewed; a reader of
the Arabic page sees the notice until then, and not after.

Celery is eager in the test settings, so the job runs when its request commits (the
worker itself: tests/test_translations_worker.py); the backend is the fast fake ("[ar] …")."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from cms.models import LanguageCoursePage
from cms.services import site_ensure_home_page
from portal.roles import ROLE_MODERATOR, roles_ensure
from tests.content_factories import offer_index, publish_page
from translations.backends import backend_reset
from translations.constants import TranslationStatus as Status
from translations.models import PageTranslation
from translations.services import page_translate

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE = "notice--machine"


@pytest.fixture
def course():
    backend_reset()
    home = site_ensure_home_page()
    roles_ensure()
    page = publish_page(
        offer_index(home),
        LanguageCoursePage,
        titles={"de": "Deutschkurs am Abend"},
        slugs={"de": "deutschkurs-abend"},
        cefr_level="A2",
        intro_de="Der Kurs findet dienstags um 18:00 Uhr statt.",
    )
    page_translate(page, "ar")
    return LanguageCoursePage.objects.get(pk=page.pk)


def arabic_url(page) -> str:
    page = LanguageCoursePage.objects.get(pk=page.pk)
    with translation.override("ar"):
        return page.get_url()


def read_arabic(browser, live_server, page):
    context = browser.new_context(locale="ar", java_script_enabled=False)
    reader = context.new_page()
    reader.goto(live_server.url + arabic_url(page))
    html = reader.content()
    context.close()
    return html


def test_editor_translates_an_outdated_offer_and_reviews_it(browser, live_server, course):
    user = get_user_model().objects.create_user("moritz", password="ein-langes-passwort")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=ROLE_MODERATOR))
    assert NOTICE in read_arabic(browser, live_server, course)

    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "moritz")
    page.fill("input[name=password]", "ein-langes-passwort")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    # The editor changes the German introduction and publishes.
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=intro_de]", "Der Kurs findet jetzt mittwochs um 18:00 Uhr statt.")
    page.locator("button[name=action-publish]").evaluate("button => button.click()")
    page.wait_for_url(f"{live_server.url}/admin/pages/*/")

    # The matrix shows Arabic as outdated; the reader sees the outdated notice.
    page.goto(f"{live_server.url}/admin/uebersetzungen/?sprache=ar&status=outdated")
    row = page.locator("table.translation-matrix tbody tr", has_text="Deutschkurs am Abend")
    assert row.locator("td.translation-state--outdated").count() == 1
    assert NOTICE in read_arabic(browser, live_server, course)

    # One click on the page's "Translate": outdated Arabic is preselected.
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Aktionen").click()
    page.get_by_role("link", name="Übersetzen").click()
    assert page.locator("input[name=languages][value=ar]").is_checked()
    page.get_by_role("button", name="Übersetzung starten").click()
    page.wait_for_url(f"{live_server.url}/admin/uebersetzungen/auftraege/*")
    job_row = page.locator("tr.translation-job[data-language=ar]", has_text="Deutschkurs am Abend")
    assert job_row.locator("strong").inner_text() == "fertig"
    assert "Veröffentlicht" in job_row.inner_text()

    # Machine output is live, with the notice; then review side by side.
    arabic = read_arabic(browser, live_server, course)
    assert "[ar] Der Kurs findet jetzt mittwochs" in arabic and NOTICE in arabic
    job_row.get_by_role("link", name="Prüfen").click()
    translated_cell = page.locator("td[lang=ar]", has_text="mittwochs")
    assert translated_cell.get_attribute("dir") == "rtl"
    assert page.locator("td[lang=de]", has_text="mittwochs").count() == 1
    page.get_by_role("button", name="Als geprüft markieren").click()
    page.get_by_text("als geprüft markiert").wait_for()  # the confirmation, after reload

    state = PageTranslation.objects.get(page=course, language="ar")
    assert state.status == Status.REVIEWED and state.reviewed_by == user
    assert NOTICE not in read_arabic(browser, live_server, course)
    context.close()
