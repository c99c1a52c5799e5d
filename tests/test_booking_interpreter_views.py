"""The interpreter's screens (Sprachmittelnde): offers with minimal data, accept and
decline, own assignments with full details, give back, record outcome and hours."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.constants import AssignmentStatus, OfferStatus, RequestStatus
from sprachmittler.models import Assignment, Request
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

HOME = reverse("sprachmittler:interpreter_home")
CALENDAR = reverse("sprachmittler:interpreter_calendar")
LOGIN = reverse("sprachmittler:login")


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    lina_user = f.user_with_role("lina", ROLE_INTERPRETER)
    return {
        "jobcenter": jobcenter,
        ROLE_REQUESTER: f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        ROLE_COORDINATOR: f.user_with_role("koordination", ROLE_COORDINATOR),
        ROLE_DISPATCHER: f.user_with_role("disposition", ROLE_DISPATCHER),
        ROLE_INTERPRETER: samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "lina_user": lina_user,
        "lina": f.interpreter("Lina", user=lina_user, gender="female"),
        "budget": f.budget_line(),
    }


PERSONAL = {
    "case_reference": "JC-2026-0815",
    "place": "Kreishaus Winsen, Raum 1.12",
    "onsite_contact": "Frau Vogelsang",
    "note_interpreter": "Bitte am Empfang melden",
    "description": "Erstgespräch zu Leistungen",
}


def _in_dispatch(people, **overrides) -> Request:
    data = f.request_data(**{**PERSONAL, **overrides})
    request = services.request_submit(by=people[ROLE_REQUESTER], data=data)
    services.request_approve(
        request=request, by=people[ROLE_COORDINATOR], budget_line=people["budget"]
    )
    services.offer_create(
        request=request, by=people[ROLE_DISPATCHER], interpreters=[people["samir"], people["lina"]]
    )
    request.refresh_from_db()
    return request


def _confirmed(people, **overrides) -> Assignment:
    request = _in_dispatch(people, **overrides)
    offer = request.offers.get(interpreter=people["samir"])
    return services.offer_accept(offer=offer, by=people[ROLE_INTERPRETER])


def _move(assignment: Assignment, delta: timedelta) -> None:
    """Put the appointment `delta` from now (negative: it has begun)."""
    Request.objects.filter(pk=assignment.request_id).update(starts_at=timezone.now() + delta)
    assignment.request.refresh_from_db()


def _text(response) -> str:
    return response.content.decode()


def _not_found(response, url: str) -> None:
    """The selector's 404, as a plain 404 (config.locale keeps staff 404s unredirected)."""
    assert response.status_code == 404, url


# --- who may open what ---------------------------------------------------------------------

ROLES = (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER)


def _get_urls(assignment):
    return [
        HOME,
        reverse("sprachmittler:interpreter_assignment", args=[assignment.pk]),
        CALENDAR,
    ]


@pytest.mark.parametrize("role", [*ROLES, None])
def test_every_screen_against_every_role(client, people, role):
    assignment = _confirmed(people)
    for url in _get_urls(assignment):
        if role is not None:
            client.force_login(people[role])
        response = client.get(url)
        if role is None:
            assert response.status_code == 302 and response["Location"].startswith(LOGIN), url
        elif role == ROLE_INTERPRETER:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", [ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, None])
def test_no_other_role_can_act_for_an_interpreter(client, people, role):
    request = _in_dispatch(people)
    offer = request.offers.get(interpreter=people["samir"])
    assignment = _confirmed(people, starts_at=f.next_weekday_at(21))
    token = people["samir"].calendar_token
    posts = [
        (reverse("sprachmittler:interpreter_offer_accept", args=[offer.reference]), {}),
        (reverse("sprachmittler:interpreter_offer_decline", args=[offer.reference]), {}),
        (
            reverse("sprachmittler:interpreter_assignment_withdraw", args=[assignment.pk]),
            {"reason": "krank"},
        ),
        (
            reverse("sprachmittler:interpreter_assignment_record", args=[assignment.pk]),
            {"outcome": "completed", "minutes_worked": 60, "travel_minutes": 0},
        ),
        (CALENDAR, {}),
    ]
    if role is not None:
        client.force_login(people[role])
    for url, data in posts:
        response = client.post(url, data)
        if role is None:
            assert response.status_code == 302 and response["Location"].startswith(LOGIN), url
        else:
            assert response.status_code == 403, url
    offer.refresh_from_db()
    assignment.refresh_from_db()
    people["samir"].refresh_from_db()
    assert offer.status == OfferStatus.PENDING
    assert assignment.status == AssignmentStatus.ACTIVE and assignment.recorded_at is None
    assert people["samir"].calendar_token == token


def test_an_interpreter_account_without_pool_entry_is_told_so(client, people):
    client.force_login(f.user_with_role("neu", ROLE_INTERPRETER))
    for url in (HOME, CALENDAR):
        response = client.get(url)
        assert response.status_code == 200
        assert "mit keinem Eintrag" in _text(response)


# --- offers ----------------------------------------------------------------------------------


def test_an_offer_shows_only_language_time_mode_and_municipality(client, people):
    request = _in_dispatch(people, language_variant="levantine")
    client.force_login(people[ROLE_INTERPRETER])
    text = _text(client.get(HOME))
    assert "Arabisch (Levantinisch)" in text
    assert "Winsen (Luhe)" in text and "Vor Ort" in text and "90 Minuten" in text
    local = timezone.localtime(request.starts_at)
    assert local.strftime("%d.%m.%Y") in text and local.strftime("%H:%M") in text
    for value in [*PERSONAL.values(), "Jobcenter-Leistung"]:
        assert value not in text
    assert (
        reverse(
            "sprachmittler:interpreter_offer_accept",
            args=[request.offers.get(interpreter=people["samir"]).reference],
        )
        in text
    )


def test_accepting_shows_the_full_details(client, people):
    request = _in_dispatch(people)
    offer = request.offers.get(interpreter=people["samir"])
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(
        reverse("sprachmittler:interpreter_offer_accept", args=[offer.reference]), follow=True
    )
    assignment = Assignment.objects.get(request=request)
    assert assignment.interpreter == people["samir"]
    assert response.redirect_chain[-1][0] == reverse(
        "sprachmittler:interpreter_assignment", args=[assignment.pk]
    )
    text = _text(response)
    assert "Einsatz angenommen" in text
    for value in [*PERSONAL.values(), "Jobcenter-Leistung"]:
        assert value in text
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED


def test_an_offer_someone_else_took_says_so(client, people):
    request = _in_dispatch(people)
    services.offer_accept(
        offer=request.offers.get(interpreter=people["lina"]), by=people["lina_user"]
    )
    offer = request.offers.get(interpreter=people["samir"])
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(
        reverse("sprachmittler:interpreter_offer_accept", args=[offer.reference]), follow=True
    )
    assert response.redirect_chain[-1][0] == HOME
    assert "schon vergeben" in _text(response)
    assert not Assignment.objects.filter(interpreter=people["samir"]).exists()


def test_an_offer_overlapping_my_assignment_says_so(client, people):
    first = _confirmed(people)
    second = _in_dispatch(
        people, starts_at=first.request.ends_at + timedelta(minutes=30), case_reference="JC-2"
    )
    offer = second.offers.get(interpreter=people["samir"])
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(
        reverse("sprachmittler:interpreter_offer_accept", args=[offer.reference]), follow=True
    )
    assert "schon einen Einsatz" in _text(response)
    assert Assignment.objects.filter(interpreter=people["samir"]).count() == 1


def test_declining_removes_the_offer_from_my_list(client, people):
    request = _in_dispatch(people)
    offer = request.offers.get(interpreter=people["samir"])
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(
        reverse("sprachmittler:interpreter_offer_decline", args=[offer.reference]), follow=True
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    text = _text(response)
    assert "Angebot abgelehnt" in text
    assert str(offer.reference) not in text
    # A second answer is refused with a message, not an error page.
    response = client.post(
        reverse("sprachmittler:interpreter_offer_accept", args=[offer.reference]), follow=True
    )
    assert "nicht mehr offen" in _text(response)


def test_other_interpreters_offers_and_assignments_are_not_found(client, people):
    request = _in_dispatch(people)
    lina_offer = request.offers.get(interpreter=people["lina"])
    client.force_login(people[ROLE_INTERPRETER])
    for name in ("interpreter_offer_accept", "interpreter_offer_decline"):
        for reference in (lina_offer.reference, uuid4()):
            url = reverse(f"sprachmittler:{name}", args=[reference])
            _not_found(client.post(url), url)
    lina_assignment = services.offer_accept(offer=lina_offer, by=people["lina_user"])
    url = reverse("sprachmittler:interpreter_assignment", args=[lina_assignment.pk])
    _not_found(client.get(url), url)
    for name, data in (
        ("interpreter_assignment_withdraw", {"reason": "krank"}),
        ("interpreter_assignment_record", {"outcome": "completed", "minutes_worked": 60}),
    ):
        url = reverse(f"sprachmittler:{name}", args=[lina_assignment.pk])
        _not_found(client.post(url, data), url)
    lina_assignment.refresh_from_db()
    lina_offer.refresh_from_db()
    assert lina_assignment.status == AssignmentStatus.ACTIVE
    assert lina_assignment.recorded_at is None
    assert lina_offer.status == OfferStatus.ACCEPTED
    text = _text(client.get(HOME))
    assert str(lina_offer.reference) not in text
    assert reverse("sprachmittler:interpreter_assignment", args=[lina_assignment.pk]) not in text


# --- my assignments ----------------------------------------------------------------------------


def test_home_lists_upcoming_and_those_to_record(client, people):
    upcoming = _confirmed(people)
    past = _confirmed(people, starts_at=f.next_weekday_at(21), case_reference="JC-2")
    _move(past, -timedelta(hours=3))
    client.force_login(people[ROLE_INTERPRETER])
    text = _text(client.get(HOME))
    upcoming_url = reverse("sprachmittler:interpreter_assignment", args=[upcoming.pk])
    past_url = reverse("sprachmittler:interpreter_assignment", args=[past.pk])
    assert text.index("Meine nächsten Einsätze") < text.index(upcoming_url)
    assert text.index("Bitte erfassen") < text.index(past_url)
    assert text.index(upcoming_url) < text.index("Bitte erfassen")


def test_a_cancelled_assignment_shows_it_and_hides_the_details(client, people):
    assignment = _confirmed(people)
    services.request_cancel(
        request=assignment.request, by=people[ROLE_REQUESTER], party="client", reason="krank"
    )
    client.force_login(people[ROLE_INTERPRETER])
    assert "Storniert" in _text(client.get(HOME))
    text = _text(client.get(reverse("sprachmittler:interpreter_assignment", args=[assignment.pk])))
    assert "storniert" in text
    for value in PERSONAL.values():
        assert value not in text
    assert "Einsatz zurückgeben" not in text


# --- giving back --------------------------------------------------------------------------------


def test_withdrawing_needs_a_reason_and_keeps_it(client, people):
    assignment = _confirmed(people)
    url = reverse("sprachmittler:interpreter_assignment_withdraw", args=[assignment.pk])
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    text = _text(response)
    assert "Bitte nennen Sie den Grund" in text
    assert (
        'aria-invalid="true"' in text
        and 'aria-describedby="id_reason_helptext id_reason_error"' in text
    )
    assert 'id="id_reason_error"' in text
    response = client.post(url, {"reason": "x" * 301})
    assert response.status_code == 400 and "x" * 301 in _text(response)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACTIVE

    response = client.post(url, {"reason": "krank"}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "zurückgegeben" in _text(response)
    assignment.refresh_from_db()
    assignment.request.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert assignment.request.status == RequestStatus.IN_DISPATCH
    # Given back: no longer theirs, so the details are gone.
    text = _text(client.get(reverse("sprachmittler:interpreter_assignment", args=[assignment.pk])))
    assert PERSONAL["place"] not in text and PERSONAL["case_reference"] not in text


def test_after_the_cut_off_the_interpreter_is_told_to_call(client, people):
    assignment = _confirmed(people)
    _move(assignment, timedelta(hours=5))
    client.force_login(people[ROLE_INTERPRETER])
    page = reverse("sprachmittler:interpreter_assignment", args=[assignment.pk])
    text = _text(client.get(page))
    assert "rufen Sie die Disposition an" in text
    assert 'name="reason"' not in text
    response = client.post(
        reverse("sprachmittler:interpreter_assignment_withdraw", args=[assignment.pk]),
        {"reason": "krank"},
        follow=True,
    )
    assert "kurz vor dem Termin" in _text(response)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACTIVE


# --- recording ---------------------------------------------------------------------------


def test_recording_is_offered_only_after_the_start(client, people):
    assignment = _confirmed(people)
    client.force_login(people[ROLE_INTERPRETER])
    page = reverse("sprachmittler:interpreter_assignment", args=[assignment.pk])
    assert 'name="minutes_worked"' not in _text(client.get(page))
    response = client.post(
        reverse("sprachmittler:interpreter_assignment_record", args=[assignment.pk]),
        {"outcome": "completed", "minutes_worked": 60, "travel_minutes": 0},
        follow=True,
    )
    assert "erst nach dem Termin" in _text(response)
    assignment.refresh_from_db()
    assert assignment.recorded_at is None


def _hours(outcome="completed", worked="90", travel="0") -> dict:
    return {"outcome": outcome, "minutes_worked": worked, "travel_minutes": travel}


@pytest.mark.parametrize(
    "data,field,words,kept",
    [
        (_hours(outcome="", travel="20"), "outcome", "wie der Termin", 'value="20"'),
        (_hours(worked="neunzig"), "minutes_worked", "ganze Minuten", 'value="neunzig"'),
        (_hours(worked="-5"), "minutes_worked", "nicht negativ", 'value="-5"'),
        (_hours(worked="1000"), "minutes_worked", "Höchstens 720", 'value="1000"'),
        (
            _hours(outcome="no_show_client", travel="600"),
            "travel_minutes",
            "Höchstens 480",
            '<option value="no_show_client" selected>',
        ),
        (_hours(worked=""), "minutes_worked", "tragen Sie die Minuten ein", 'value="0"'),
    ],
)
def test_bad_hours_are_refused_next_to_the_field_keeping_the_input(
    client, people, data, field, words, kept
):
    assignment = _confirmed(people)
    _move(assignment, -timedelta(hours=2))
    client.force_login(people[ROLE_INTERPRETER])
    response = client.post(
        reverse("sprachmittler:interpreter_assignment_record", args=[assignment.pk]), data
    )
    assert response.status_code == 400
    text = _text(response)
    assert "Bitte prüfen Sie Ihre Eingaben" in text  # the summary at the top
    error = text[text.index(f'id="id_{field}_error"') :]
    assert words in error[: error.index("</ul>")]
    assert kept in text
    assignment.refresh_from_db()
    assert assignment.recorded_at is None


def test_recording_outcome_and_hours(client, people):
    assignment = _confirmed(people)
    _move(assignment, -timedelta(hours=2))
    client.force_login(people[ROLE_INTERPRETER])
    page = reverse("sprachmittler:interpreter_assignment", args=[assignment.pk])
    assert 'name="minutes_worked"' in _text(client.get(page))
    response = client.post(
        reverse("sprachmittler:interpreter_assignment_record", args=[assignment.pk]),
        {"outcome": "completed", "minutes_worked": "95", "travel_minutes": "40"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    text = _text(response)
    assert "ist erfasst" in text and "95 Minuten" in text and "40 Minuten" in text
    assert 'name="minutes_worked"' not in text
    assignment.refresh_from_db()
    assert (assignment.outcome, assignment.minutes_worked, assignment.travel_minutes) == (
        "completed",
        95,
        40,
    )
    assert assignment.request.status == RequestStatus.COMPLETED
    assert reverse("sprachmittler:interpreter_assignment", args=[assignment.pk]) not in _text(
        client.get(HOME)
    )
