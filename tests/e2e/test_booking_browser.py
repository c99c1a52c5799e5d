"""The four roles carry one interpreter request from submission to settled hours in a
real browser, each logged in on their own, without JavaScript being needed; the
interpreter on a phone-sized screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_INTERPRETER,
    ROLE_REPORT,
    ROLE_REQUESTER,
)
from sprachmittler.constants import RequestStatus
from sprachmittler.models import Request
from tests import booking_factories as f

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "ein-langes-passwort"


@pytest.fixture
def staff():
    jobcenter = f.department("Jobcenter-Leistung")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    f.interpreter("Samir", user=samir_user)
    f.budget_line()
    return {
        "anfragende": f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        "koordination": f.user_with_role("koordination", ROLE_COORDINATOR),
        "disposition": f.user_with_role("disposition", ROLE_DISPATCHER),
        "sprachmittler": samir_user,
        "bericht": f.user_with_role("bericht", ROLE_REPORT),
    }


def _login(browser, live_server, username, *, width=1280, javascript=False):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="de-DE", java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/sprachmittlung/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    return context, page


def _no_horizontal_scroll(page):
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


def test_a_request_travels_from_submission_to_settled_hours(browser, live_server, staff):
    # 1. The Jobcenter asks for an Arabic interpreter.
    context, page = _login(browser, live_server, "anfragende")
    page.get_by_role("link", name="Neue Anfrage").first.click()
    day = f.next_weekday_at(14)
    page.select_option("select[name=language]", "ar")
    page.fill("input[name=date]", day.strftime("%Y-%m-%d"))
    page.fill("input[name=start_time]", "10:00")
    page.fill("input[name=duration_minutes]", "90")
    page.select_option("select[name=municipality]", "winsen")
    page.fill("input[name=place]", "Kreishaus Winsen, Raum 1.12")
    page.select_option("select[name=topic]", "benefits")
    page.fill("input[name=case_reference]", "JC-E2E-1")
    page.check("input[name=scope_confirmed]")
    page.get_by_role("button", name="Anfrage absenden").click()
    page.wait_for_load_state()
    request = Request.objects.get(case_reference="JC-E2E-1")
    assert request.status == RequestStatus.SUBMITTED
    assert "JC-E2E-1" in page.inner_text("main")
    context.close()

    # 2. The coordination office approves it with a budget line.
    context, page = _login(browser, live_server, "koordination")
    page.goto(f"{live_server.url}/sprachmittlung/koordination/{request.reference}/")
    page.select_option("select[name=approve-budget_line]", index=1)
    page.get_by_role("button", name="Genehmigen und an die Disposition geben").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    context.close()

    # 3. The AWO's dispatcher offers it to the best candidate.
    context, page = _login(browser, live_server, "disposition")
    assert "Jobcenter-Leistung" in page.inner_text("main")  # on the dispatcher's list
    page.goto(f"{live_server.url}/sprachmittlung/vermittlung/{request.reference}/")
    page.locator("input[name=offer-interpreters]").first.check()
    page.get_by_role("button", name="Angebot an die Ausgewählten senden").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DISPATCH
    context.close()

    # 4. The interpreter accepts on the phone: only minimal data before accepting.
    context, page = _login(browser, live_server, "sprachmittler", width=360)
    offers = page.inner_text("main")
    assert "Winsen" in offers and "JC-E2E-1" not in offers and "Kreishaus" not in offers
    assert _no_horizontal_scroll(page)
    page.get_by_role("button", name="Annehmen").first.click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert "Kreishaus Winsen" in page.inner_text("main")  # full details once accepted
    assignment_url = page.url
    # 5. After the appointment the interpreter records it.
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    page.goto(assignment_url)
    page.select_option("select[name=outcome]", "completed")
    page.fill("input[name=minutes_worked]", "95")
    page.get_by_role("button", name="Einsatz erfassen").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert _no_horizontal_scroll(page)
    context.close()

    # 6. The department confirms the hours, 7. the dispatcher verifies them.
    context, page = _login(browser, live_server, "anfragende")
    page.goto(f"{live_server.url}/sprachmittlung/anfragen/{request.reference}/")
    page.get_by_role("link", name="Stunden bestätigen").click()
    page.wait_for_load_state()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert request.assignments.get().confirmed_by_requester_at is not None
    context.close()
    context, page = _login(browser, live_server, "disposition")
    page.goto(f"{live_server.url}/sprachmittlung/vermittlung/{request.reference}/")
    page.get_by_role("button", name="Stunden geprüft – zur Abrechnung freigeben").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.SETTLED
    assert list(request.events.values_list("action", flat=True)) == [
        "submit",
        "approve",
        "offer",
        "accept",
        "record",
        "confirm_hours",
        "verify",
    ]
    context.close()


@pytest.mark.parametrize(
    "username", ["anfragende", "koordination", "disposition", "sprachmittler", "bericht"]
)
def test_each_role_lands_on_an_accessible_screen(browser, live_server, staff, username):
    from tests.e2e.test_reading import _violations

    context, page = _login(browser, live_server, username, javascript=True)
    assert "/sprachmittlung/" in page.url and "anmelden" not in page.url
    assert _violations(page) == []
    context.close()
