"""The coordinator's screens: the queue with filters and bulk decisions, one request's
decision page with its history, and the search over all requests."""

import uuid

import pytest
from django.urls import reverse

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.constants import RequestStatus
from sprachmittler.views import coordinator as coordinator_views
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

ROLES = (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER)


@pytest.fixture(autouse=True)
def commit(run_on_commit):
    """On-commit work (mail) runs at once: tests/conftest.py."""


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    jugendamt = f.department("Jugendamt")
    interpreter_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    f.interpreter("Samir", user=interpreter_user)
    return {
        "jobcenter": jobcenter,
        "jugendamt": jugendamt,
        ROLE_REQUESTER: f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        "other_requester": f.user_with_role("jugend", ROLE_REQUESTER, department=jugendamt),
        ROLE_COORDINATOR: f.user_with_role("koordination", ROLE_COORDINATOR),
        ROLE_DISPATCHER: f.user_with_role("disposition", ROLE_DISPATCHER),
        ROLE_INTERPRETER: interpreter_user,
        "budget": f.budget_line(),
    }


def _submit(people, requester=ROLE_REQUESTER, **overrides):
    return services.request_submit(by=people[requester], data=f.request_data(**overrides))


def _login(client, people, role=ROLE_COORDINATOR):
    client.force_login(people[role])
    return client


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# --- who may open what ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["coordinator_queue", "coordinator_all", "coordinator_decide"])
@pytest.mark.parametrize("role", [*ROLES, None])
def test_only_the_coordinator_opens_the_coordinator_screens(client, people, name, role):
    request = _submit(people)
    kwargs = {"reference": request.reference} if name == "coordinator_decide" else {}
    url = reverse(f"sprachmittler:{name}", kwargs=kwargs)
    if role is not None:
        client.force_login(people[role])
    response = client.get(url)
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sprachmittler:login"))
    else:
        assert response.status_code == (200 if role == ROLE_COORDINATOR else 403)


@pytest.mark.parametrize("role", [ROLE_REQUESTER, ROLE_DISPATCHER, ROLE_INTERPRETER])
def test_other_roles_cannot_decide_by_posting(client, people, role):
    request = _submit(people)
    client.force_login(people[role])
    response = client.post(
        reverse("sprachmittler:coordinator_decide", kwargs={"reference": request.reference}),
        {"action": "approve", "approve-budget_line": people["budget"].pk},
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_an_unknown_reference_is_not_found(client, people):
    _login(client, people)
    url = reverse("sprachmittler:coordinator_decide", kwargs={"reference": uuid.uuid4()})
    # LocaleMiddleware turns a 404 outside i18n_patterns into a redirect to /de/<path>
    # (Wagtail's catch-all matches it), which is a 404 as well.
    assert client.get(url, follow=True).status_code == 404


# --- the queue ----------------------------------------------------------------------------


def test_the_queue_lists_new_and_questioned_requests_only(client, people):
    new = _submit(people, case_reference="JC-NEU")
    asked = _submit(people, case_reference="JC-FRAGE")
    services.request_ask(request=asked, by=people[ROLE_COORDINATOR], question="Welche Variante?")
    approved = _submit(people, case_reference="JC-GENEHMIGT")
    services.request_approve(
        request=approved, by=people[ROLE_COORDINATOR], budget_line=people["budget"]
    )
    response = _login(client, people).get(reverse("sprachmittler:coordinator_queue"))
    page = response.content.decode()
    assert "JC-NEU" in page and "JC-FRAGE" in page and "JC-GENEHMIGT" not in page
    assert reverse("sprachmittler:coordinator_decide", kwargs={"reference": new.reference}) in page


def test_the_queue_filters_without_javascript(client, people):
    _submit(people, case_reference="JC-ARABISCH")
    _submit(people, case_reference="JC-FARSI", language="fa", language_variant="farsi")
    _submit(
        people,
        requester="other_requester",
        case_reference="JA-DRINGEND",
        urgent=True,
        urgent_reason="Inobhutnahme",
        starts_at=f.next_weekday_at(2),
    )
    _login(client, people)
    url = reverse("sprachmittler:coordinator_queue")

    page = client.get(url, {"language": "fa"}).content.decode()
    assert "JC-FARSI" in page and "JC-ARABISCH" not in page

    page = client.get(url, {"department": people["jugendamt"].pk}).content.decode()
    assert "JA-DRINGEND" in page and "JC-FARSI" not in page

    page = client.get(url, {"urgent": "on"}).content.decode()
    assert "JA-DRINGEND" in page and "JC-ARABISCH" not in page

    soon = f.next_weekday_at(2).date().isoformat()
    page = client.get(url, {"date_until": soon}).content.decode()
    assert "JA-DRINGEND" in page and "JC-ARABISCH" not in page
    page = client.get(url, {"date_from": f.next_weekday_at(10).date().isoformat()})
    assert "JA-DRINGEND" not in page.content.decode()


def test_a_bad_filter_is_reported_and_the_rest_still_applies(client, people):
    _submit(people, case_reference="JC-ARABISCH")
    _submit(people, case_reference="JC-FARSI", language="fa")
    response = _login(client, people).get(
        reverse("sprachmittler:coordinator_queue"),
        {"language": "fa", "date_from": "morgen", "date_until": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert 'aria-invalid="true"' in page and 'value="morgen"' in page
    assert "JC-FARSI" in page and "JC-ARABISCH" not in page


def test_the_queue_is_paginated_and_keeps_the_filters(client, people, monkeypatch):
    monkeypatch.setattr(coordinator_views, "PER_PAGE", 2)
    for number in range(3):
        _submit(people, case_reference=f"JC-{number}", starts_at=f.next_weekday_at(14 + number))
    _login(client, people)
    url = reverse("sprachmittler:coordinator_queue")
    first = client.get(url, {"language": "ar"}).content.decode()
    assert "JC-0" in first and "JC-2" not in first
    assert "language=ar" in first and "seite=2" in first
    second = client.get(url, {"language": "ar", "seite": 2}).content.decode()
    assert "JC-2" in second and "JC-0" not in second


def test_bulk_approval_reports_each_request(client, people):
    first = _submit(people, case_reference="JC-EINS")
    second = _submit(people, case_reference="JC-ZWEI")
    decided = _submit(people, case_reference="JC-SCHON")
    # Decided meanwhile by a colleague: the bulk approval must name it, not stop.
    services.request_reject(request=decided, by=people[ROLE_COORDINATOR], reason_code="private")
    response = _login(client, people).post(
        reverse("sprachmittler:coordinator_queue") + "?language=ar",
        {
            "references": [first.reference, second.reference, decided.reference],
            "action": "approve",
            "budget_line": people["budget"].pk,
            "note": "Sammelfreigabe",
        },
        follow=True,
    )
    assert response.redirect_chain[0][0].endswith("?language=ar")
    text = _messages(response)
    assert "Genehmigt: JC-EINS, JC-ZWEI." in text
    assert "JC-SCHON" in text and "Abgelehnt" in text  # the status it is in now
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == RequestStatus.APPROVED
        assert request.budget_line == people["budget"]
    decided.refresh_from_db()
    assert decided.status == RequestStatus.REJECTED


def test_bulk_rejection_with_one_reason(client, people):
    first = _submit(people, case_reference="JC-EINS")
    second = _submit(people, case_reference="JC-ZWEI")
    response = _login(client, people).post(
        reverse("sprachmittler:coordinator_queue"),
        {
            "references": [first.reference, second.reference],
            "action": "reject",
            "reject_reason": "duplicate",
        },
        follow=True,
    )
    assert "Abgelehnt: JC-EINS, JC-ZWEI." in _messages(response)
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == RequestStatus.REJECTED
        assert request.reject_reason == "duplicate"


@pytest.mark.parametrize(
    "data,words",
    [
        ({"action": "approve", "budget_line": ""}, "Kostenstelle"),
        ({"action": "reject", "reject_reason": ""}, "Ablehnungsgrund"),
    ],
)
def test_bulk_decision_without_its_choice_keeps_the_ticks_and_says_why(client, people, data, words):
    request = _submit(people, case_reference="JC-EINS")
    other = _submit(people, case_reference="JC-ZWEI")
    response = _login(client, people).post(
        reverse("sprachmittler:coordinator_queue"),
        {"references": [request.reference], "note": "mein Vermerk", **data},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"bitte {'eine' if words == 'Kostenstelle' else 'einen'} {words}" in page
    assert f'value="{request.reference}" id="sel-{request.reference}" checked' in page
    assert f'value="{other.reference}" id="sel-{other.reference}">' in page
    assert 'value="mein Vermerk"' in page
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_bulk_decision_without_a_tick_says_so(client, people):
    _submit(people)
    response = _login(client, people).post(
        reverse("sprachmittler:coordinator_queue"),
        {"action": "approve", "budget_line": people["budget"].pk},
    )
    assert "Bitte kreuzen Sie mindestens eine Anfrage an." in response.content.decode()


# --- one request --------------------------------------------------------------------------


def _decide_url(request):
    return reverse("sprachmittler:coordinator_decide", kwargs={"reference": request.reference})


def test_the_decision_page_shows_the_request_and_the_next_steps(client, people):
    request = _submit(people, note_dispatcher="Bitte Frau Demir fragen")
    page = _login(client, people).get(_decide_url(request)).content.decode()
    assert "JC-2026-0815" in page and "Jobcenter-Leistung" in page
    assert "Kreishaus Winsen" in page and "Bitte Frau Demir fragen" in page
    for legend in ("Genehmigen", "Rückfrage stellen", "Ablehnen", "Stornieren"):
        assert f">{legend}</legend>" in page
    assert ">Wieder öffnen</legend>" not in page
    assert "Anfrage gestellt" in page  # the history


def test_approval_with_a_budget_line_goes_back_to_the_queue(client, people):
    request = _submit(people)
    response = _login(client, people).post(
        _decide_url(request),
        {"action": "approve", "approve-budget_line": people["budget"].pk, "approve-note": "ok"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sprachmittler:coordinator_queue")
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.budget_line == people["budget"]


def test_only_active_budget_lines_are_offered(client, people):
    old = f.budget_line("9999")
    old.active = False
    old.save()
    request = _submit(people)
    page = _login(client, people).get(_decide_url(request)).content.decode()
    assert ">4711 –" in page and ">9999 –" not in page
    response = client.post(
        _decide_url(request), {"action": "approve", "approve-budget_line": old.pk}
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


@pytest.mark.parametrize(
    "action,data,message,kept",
    [
        ("approve", {"approve-note": "mein Vermerk"}, "Bitte wählen Sie eine Kostenstelle.", "mein Vermerk"),  # noqa: E501
        ("reject", {"reject-note": "Text bleibt"}, "Bitte wählen Sie einen Ablehnungsgrund.", "Text bleibt"),  # noqa: E501
        ("ask", {"ask-question": ""}, "Bitte schreiben Sie Ihre Rückfrage.", ""),
        ("cancel", {"cancel-reason": "Termin entfällt"}, "Bitte wählen Sie, wer storniert.", "Termin entfällt"),  # noqa: E501
    ],
)  # fmt: skip
def test_a_decision_with_missing_input_keeps_it_and_says_why(
    client, people, action, data, message, kept
):
    request = _submit(people)
    response = _login(client, people).post(_decide_url(request), {"action": action, **data})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    assert page.count(message) == 2  # in the summary and next to the field
    assert 'aria-invalid="true"' in page and f"id_{action}-" in page
    assert kept in page
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_rejection_with_reason_code(client, people):
    request = _submit(people)
    _login(client, people).post(
        _decide_url(request),
        {"action": "reject", "reject-reason_code": "out_of_scope", "reject-note": "Gericht"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED and request.reject_reason == "out_of_scope"


def test_a_question_goes_to_the_requester(client, people):
    request = _submit(people)
    response = _login(client, people).post(
        _decide_url(request),
        {"action": "ask", "ask-question": "Kurmandschi oder Sorani?"},
        follow=True,
    )
    assert "Rückfrage" in _messages(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEEDS_INFO
    assert request.question == "Kurmandschi oder Sorani?"
    # The answered question shows in the history, with its text.
    assert "Kurmandschi oder Sorani?" in response.content.decode()


def test_cancellation_records_who_and_why(client, people):
    request = _submit(people)
    _login(client, people).post(
        _decide_url(request),
        {"action": "cancel", "cancel-party": "client", "cancel-reason": "verzogen"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert (request.cancelled_by, request.cancel_reason) == ("client", "verzogen")


def test_reopening_a_rejected_request_puts_it_back_in_the_queue(client, people):
    request = _submit(people)
    services.request_reject(request=request, by=people[ROLE_COORDINATOR], reason_code="budget")
    _login(client, people)
    page = client.get(_decide_url(request)).content.decode()
    assert ">Wieder öffnen</legend>" in page and ">Genehmigen</legend>" not in page
    response = client.post(_decide_url(request), {"action": "reopen", "reopen-note": ""})
    assert "Bitte nennen Sie den Grund." in response.content.decode()
    client.post(_decide_url(request), {"action": "reopen", "reopen-note": "Budget da"})
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.reject_reason == ""
    history = client.get(_decide_url(request)).content.decode()
    assert "Abgelehnt" in history and "Wieder geöffnet" in history and "Budget da" in history


def test_a_decision_the_state_no_longer_allows_changes_nothing(client, people):
    request = _submit(people)
    services.request_approve(
        request=request, by=people[ROLE_COORDINATOR], budget_line=people["budget"]
    )
    response = _login(client, people).post(
        _decide_url(request),
        {"action": "reject", "reject-reason_code": "budget"},
        follow=True,
    )
    assert "Das geht im Status „Genehmigt“ nicht mehr." in _messages(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


# --- all requests -------------------------------------------------------------------------


def test_all_requests_filter_by_status_and_search_the_case_reference(client, people, monkeypatch):
    _submit(people, case_reference="JC-4711-A")
    rejected = _submit(people, case_reference="JC-0815-B")
    services.request_reject(request=rejected, by=people[ROLE_COORDINATOR], reason_code="private")
    _submit(people, requester="other_requester", case_reference="JA-0815-C")
    _login(client, people)
    url = reverse("sprachmittler:coordinator_all")

    page = client.get(url).content.decode()
    assert all(ref in page for ref in ("JC-4711-A", "JC-0815-B", "JA-0815-C"))
    page = client.get(url, {"q": "0815"}).content.decode()
    assert "JC-0815-B" in page and "JA-0815-C" in page and "JC-4711-A" not in page
    page = client.get(url, {"q": "0815", "status": "rejected"}).content.decode()
    assert "JC-0815-B" in page and "JA-0815-C" not in page

    response = client.get(url, {"status": "erfunden"})
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()

    monkeypatch.setattr(coordinator_views, "PER_PAGE", 2)
    page = client.get(url).content.decode()
    assert "Seite 1 von 2" in page
