"""The request workflow of docs/booking.md, transition by transition, with its rules."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services
from sprachmittler.constants import AssignmentStatus, OfferStatus, RequestStatus
from sprachmittler.models import Assignment, Event, Notification, Request
from sprachmittler.workflow import TRANSITIONS, TransitionError, actions_for
from tests import booking_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commit(run_on_commit):
    """On-commit work (mail) runs at once: tests/conftest.py."""


@pytest.fixture
def people():
    jobcenter = f.department("Jobcenter-Leistung")
    jugendamt = f.department("Jugendamt")
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    lina_user = f.user_with_role("lina", ROLE_INTERPRETER)
    return {
        "jobcenter": jobcenter,
        "jugendamt": jugendamt,
        "anna": f.user_with_role("anfragende", ROLE_REQUESTER, department=jobcenter),
        "other": f.user_with_role("jugendamt", ROLE_REQUESTER, department=jugendamt),
        "konrad": f.user_with_role("koordination", ROLE_COORDINATOR),
        "dilara": f.user_with_role("disposition", ROLE_DISPATCHER),
        "samir_user": samir_user,
        "samir": f.interpreter("Samir", user=samir_user),
        "lina_user": lina_user,
        "lina": f.interpreter("Lina", user=lina_user, gender="female"),
        "budget": f.budget_line(),
    }


def _submitted(people, **overrides) -> Request:
    return services.request_submit(by=people["anna"], data=f.request_data(**overrides))


def _in_dispatch(people, **overrides) -> Request:
    request = _submitted(people, **overrides)
    services.request_approve(request=request, by=people["konrad"], budget_line=people["budget"])
    services.offer_create(
        request=request, by=people["dilara"], interpreters=[people["samir"], people["lina"]]
    )
    request.refresh_from_db()
    return request


def _confirmed(people, **overrides) -> Request:
    request = _in_dispatch(people, **overrides)
    offer = request.offers.get(interpreter=people["samir"])
    services.offer_accept(offer=offer, by=people["samir_user"])
    request.refresh_from_db()
    return request


# --- submitting ------------------------------------------------------------------------


def test_submitted_request_is_recorded_and_the_coordinator_told(people):
    request = _submitted(people)
    assert request.status == RequestStatus.SUBMITTED
    assert request.department == people["jobcenter"]
    assert list(request.events.values_list("action", "to_status")) == [("submit", "submitted")]
    assert [m.to for m in mail.outbox] == [["koordination@example.org"]]
    message = mail.outbox[0]
    assert f"/sprachmittlung/anfragen/{request.reference}/" in message.body
    # No details of the appointment in the mail.
    assert "JC-2026-0815" not in message.body and "Kreishaus" not in message.body


@pytest.mark.parametrize(
    "overrides,field,words",
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at", "Zukunft"),
        ({"starts_at": f.next_weekday_at(1)}, "starts_at", "Werktage im Voraus"),
        ({"urgent": True, "starts_at": f.next_weekday_at(1)}, "urgent_reason", "Grund"),
        ({"duration_minutes": 600}, "duration_minutes", "zwischen 15 und 180"),
        ({"language": "other"}, "language_other", "Sprache"),
        ({"language": "ar", "language_variant": "dari"}, "language_variant", "Variante"),
        ({"place": ""}, "place", "Ort"),
        ({"scope_confirmed": False}, "scope_confirmed", "Regeln"),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_nothing_is_saved(
    people, overrides, field, words
):
    with pytest.raises(ValidationError) as error:
        _submitted(people, **overrides)
    assert words in " ".join(error.value.message_dict[field])
    assert not Request.objects.exists()


def test_urgent_request_with_a_reason_may_be_short_notice(people):
    request = _submitted(
        people, urgent=True, urgent_reason="Kindeswohl", starts_at=f.next_weekday_at(1)
    )
    assert request.urgent


def test_only_requesters_with_a_department_submit(people):
    with pytest.raises(TransitionError):
        services.request_submit(by=people["konrad"], data=f.request_data())


# --- the coordinator ---------------------------------------------------------------------


def test_approval_needs_a_budget_line_and_tells_requester_and_dispatch(people):
    request = _submitted(people)
    with pytest.raises(TransitionError, match="Kostenstelle"):
        services.request_approve(request=request, by=people["konrad"], budget_line=None)
    mail.outbox.clear()
    services.request_approve(request=request, by=people["konrad"], budget_line=people["budget"])
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.budget_line == people["budget"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anfragende@example.org",
        "disposition@example.org",
    ]


def test_question_and_answer_then_approval(people):
    request = _submitted(people)
    services.request_ask(request=request, by=people["konrad"], question="Welcher Dialekt?")
    request.refresh_from_db()
    assert request.status == RequestStatus.NEEDS_INFO
    with pytest.raises(TransitionError):
        services.request_approve(request=request, by=people["konrad"], budget_line=people["budget"])
    services.request_complete(
        request=request, by=people["anna"], data={"language_variant": "levantine"}
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.language_variant == "levantine"


def test_rejected_request_is_kept_with_its_reason_and_can_be_reopened(people):
    request = _submitted(people)
    services.request_reject(request=request, by=people["konrad"], reason_code="private")
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED and request.reject_reason == "private"
    services.request_reopen(request=request, by=people["konrad"])
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_roles_cannot_take_each_others_steps(people):
    request = _submitted(people)
    with pytest.raises(TransitionError, match="Berechtigung"):
        services.request_approve(request=request, by=people["anna"], budget_line=people["budget"])
    with pytest.raises(TransitionError, match="Berechtigung"):
        services.request_approve(request=request, by=people["dilara"], budget_line=people["budget"])
    with pytest.raises(TransitionError):
        services.offer_create(request=request, by=people["dilara"], interpreters=[people["samir"]])
    # Another department's requester may not cancel it.
    with pytest.raises(TransitionError, match="Bereich"):
        services.request_cancel(request=request, by=people["other"], party="department")


# --- dispatch and acceptance --------------------------------------------------------------


def test_first_accept_wins_and_the_others_hear_of_it(people):
    request = _in_dispatch(people)
    samir_offer = request.offers.get(interpreter=people["samir"])
    lina_offer = request.offers.get(interpreter=people["lina"])
    mail.outbox.clear()
    assignment = services.offer_accept(offer=samir_offer, by=people["samir_user"])
    request.refresh_from_db()
    lina_offer.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert assignment.interpreter == people["samir"]
    assert lina_offer.status == OfferStatus.FILLED_BY_OTHER
    assert "lina@example.org" in [m.to[0] for m in mail.outbox]
    with pytest.raises(TransitionError, match="schon vergeben"):
        services.offer_accept(offer=lina_offer, by=people["lina_user"])


def test_an_interpreter_cannot_accept_someone_elses_offer(people):
    request = _in_dispatch(people)
    with pytest.raises(TransitionError, match="nicht Ihnen"):
        services.offer_accept(
            offer=request.offers.get(interpreter=people["lina"]), by=people["samir_user"]
        )


def test_no_interpreter_is_booked_twice_including_travel_time(people):
    first = _confirmed(people)
    # A second appointment 30 minutes after the first ends: inside the travel buffer.
    second = _in_dispatch(
        people, starts_at=first.ends_at + timedelta(minutes=30), case_reference="JC-2"
    )
    with pytest.raises(TransitionError, match="schon einen Einsatz"):
        services.offer_accept(
            offer=second.offers.get(interpreter=people["samir"]), by=people["samir_user"]
        )
    assert Assignment.objects.filter(interpreter=people["samir"]).count() == 1


def test_calls_by_phone_need_no_travel_time_between_them(people):
    first = _confirmed(people, mode="phone", place="")
    second = _in_dispatch(
        people, starts_at=first.ends_at, mode="phone", place="", case_reference="JC-2"
    )
    services.offer_accept(
        offer=second.offers.get(interpreter=people["samir"]), by=people["samir_user"]
    )
    assert Assignment.objects.filter(interpreter=people["samir"]).count() == 2


def test_withdrawal_sends_the_request_back_to_dispatch(people):
    request = _confirmed(people)
    assignment = request.assignments.get()
    services.assignment_withdraw(assignment=assignment, by=people["samir_user"], reason="krank")
    request.refresh_from_db()
    assignment.refresh_from_db()
    assert request.status == RequestStatus.IN_DISPATCH
    assert assignment.status == AssignmentStatus.WITHDRAWN


def test_withdrawal_after_the_cut_off_is_refused(people):
    request = _confirmed(people)
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() + timedelta(hours=5))
    with pytest.raises(TransitionError, match="kurz vor dem Termin"):
        services.assignment_withdraw(assignment=request.assignments.get(), by=people["samir_user"])


def test_unfilled_request_is_kept_and_the_requester_told(people):
    request = _in_dispatch(people)
    mail.outbox.clear()
    services.request_mark_unfilled(request=request, by=people["dilara"], reason="niemand frei")
    request.refresh_from_db()
    assert request.status == RequestStatus.UNFILLED
    assert not request.offers.filter(status=OfferStatus.PENDING).exists()
    assert "anfragende@example.org" in [m.to[0] for m in mail.outbox]


# --- changes and cancellations ------------------------------------------------------------


def test_a_new_time_after_confirmation_asks_the_interpreter_again(people):
    request = _confirmed(people)
    services.request_change(
        request=request,
        by=people["anna"],
        data={"starts_at": request.starts_at + timedelta(days=1)},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DISPATCH
    assert request.offers.get(status=OfferStatus.PENDING).interpreter == people["samir"]
    assert not request.assignments.filter(status=AssignmentStatus.ACTIVE).exists()


def test_a_note_change_keeps_the_confirmation(people):
    request = _confirmed(people)
    services.request_change(request=request, by=people["anna"], data={"onsite_contact": "Frau B."})
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED


@pytest.mark.parametrize("hours_before,late", [(72, False), (5, True)])
def test_cancellation_is_kept_and_marked_late_after_the_cut_off(people, hours_before, late):
    request = _confirmed(people)
    Request.objects.filter(pk=request.pk).update(
        starts_at=timezone.now() + timedelta(hours=hours_before)
    )
    request.refresh_from_db()
    services.request_cancel(request=request, by=people["anna"], party="client", reason="krank")
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.cancelled_by == "client" and request.cancelled_late is late
    assert request.assignments.get().status == AssignmentStatus.CANCELLED


# --- after the appointment -----------------------------------------------------------------


def test_hours_are_recorded_after_the_appointment_confirmed_and_settled(people):
    request = _confirmed(people)
    assignment = request.assignments.get()
    with pytest.raises(TransitionError, match="erst nach dem Termin"):
        services.assignment_record(
            assignment=assignment, by=people["samir_user"], outcome="completed", minutes_worked=90
        )
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    services.assignment_record(
        assignment=assignment, by=people["samir_user"], outcome="completed", minutes_worked=95
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    services.assignment_confirm_hours(assignment=assignment, by=people["anna"])
    services.assignment_verify(assignment=assignment, by=people["dilara"])
    request.refresh_from_db()
    assert request.status == RequestStatus.SETTLED
    actions = list(request.events.values_list("action", flat=True))
    assert actions == [
        "submit",
        "approve",
        "offer",
        "accept",
        "record",
        "confirm_hours",
        "verify",
    ]


def test_events_cannot_be_edited_or_deleted(people):
    event = _submitted(people).events.get()
    event.reason = "geändert"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_transition_table_names_every_action_a_role_has(people):
    assert set(actions_for("submitted", {ROLE_COORDINATOR})) == {
        "approve",
        "reject",
        "ask",
        "cancel",
    }
    assert "approve" not in actions_for("submitted", {ROLE_REQUESTER})
    assert set(actions_for("confirmed", {ROLE_INTERPRETER})) == {"withdraw", "record"}
    assert all(t.roles for t in TRANSITIONS.values())


# --- outbox ---------------------------------------------------------------------------------


def test_a_broker_outage_loses_neither_request_nor_mail(people, monkeypatch):
    from sprachmittler import tasks

    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.notification_send_task, "delay", broker_down)
    request = _submitted(people)
    assert Request.objects.filter(pk=request.pk).exists()
    assert mail.outbox == []
    waiting = Notification.objects.get(request=request)
    assert waiting.sent_at is None
    monkeypatch.undo()
    Notification.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )
    assert tasks.notifications_send_pending_task() == 1
    assert [m.to for m in mail.outbox] == [["koordination@example.org"]]
    # Sent once only.
    assert tasks.notifications_send_pending_task() == 0


def test_event_count_matches_transitions(people):
    request = _confirmed(people)
    assert Event.objects.filter(request=request).count() == 4


def test_the_department_reports_an_interpreter_who_did_not_come(people, client):
    request = _confirmed(people)
    assignment = request.assignments.get()
    with pytest.raises(TransitionError, match="ab dem Beginn"):
        services.assignment_report_absent(assignment=assignment, by=people["anna"])
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(minutes=20))
    # The interpreter cannot record it about themselves.
    with pytest.raises(TransitionError):
        services.assignment_record(
            assignment=assignment, by=people["samir_user"], outcome="interpreter_absent",
            minutes_worked=0,
        )  # fmt: skip
    client.force_login(people["anna"])
    response = client.post(f"/sprachmittlung/anfragen/{request.reference}/nicht-erschienen/")
    assert response.status_code == 302
    request.refresh_from_db()
    assignment.refresh_from_db()
    assert request.status == RequestStatus.INTERPRETER_ABSENT
    assert (assignment.outcome, assignment.minutes_worked) == ("interpreter_absent", 0)


def test_changing_only_the_contact_close_to_the_date_is_no_urgent_request(people):
    request = _confirmed(people)
    Request.objects.filter(pk=request.pk).update(starts_at=f.next_weekday_at(3))
    request.refresh_from_db()
    services.request_change(request=request, by=people["anna"], data={"onsite_contact": "Herr C."})
    request.refresh_from_db()
    assert request.onsite_contact == "Herr C." and request.status == RequestStatus.CONFIRMED


def test_kurmanji_is_not_offered_to_a_sorani_speaker(people):
    from sprachmittler.selectors import interpreter_candidates

    sorani = f.interpreter("Hawar", language="ku", variant="sorani")
    kurmanji = f.interpreter("Rojda", language="ku", variant="kurmanji", gender="female")
    request = _submitted(people, language="ku", language_variant="kurmanji")
    found = [c.interpreter for c in interpreter_candidates(request)]
    assert kurmanji in found and sorani not in found


def test_a_rejection_without_note_reads_as_words_in_the_history(people):
    request = _submitted(people)
    services.request_reject(request=request, by=people["konrad"], reason_code="private")
    assert request.events.last().reason == "Private Anfrage"


def test_the_queue_date_filter_uses_local_days(people):
    from sprachmittler.selectors import request_list_queue

    # 00:30 in Berlin is the evening before in UTC: it still belongs to its local day.
    late = f.next_weekday_at(14, hour=0).replace(minute=30)
    request = _submitted(people, starts_at=late, urgent=False)
    day = late.date()
    assert request in request_list_queue(filters={"date_from": day, "date_until": day})
    before = day - timedelta(days=1)
    assert request not in request_list_queue(filters={"date_until": before})
    assert request not in request_list_queue(filters={"date_from": day + timedelta(days=1)})


def test_a_request_never_has_two_active_assignments(people):
    from django.db import IntegrityError, transaction

    request = _confirmed(people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=request,
            interpreter=people["lina"],
            blocked_from=request.starts_at,
            blocked_until=request.ends_at,
        )
