"""The periodic booking tasks: reminders before appointments and for missing hours, and
the erasure of personal data after the retention period."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER
from sprachmittler import services, tasks
from sprachmittler.models import Event, Request
from tests import booking_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def commit(run_on_commit):
    """On-commit work (mail) runs at once: tests/conftest.py."""


@pytest.fixture
def confirmed():
    department = f.department()
    anna = f.user_with_role("anfragende", ROLE_REQUESTER, department=department)
    konrad = f.user_with_role("koordination", ROLE_COORDINATOR)
    dilara = f.user_with_role("disposition", ROLE_DISPATCHER)
    samir_user = f.user_with_role("sprachmittler", ROLE_INTERPRETER)
    samir = f.interpreter("Samir", user=samir_user)
    request = services.request_submit(by=anna, data=f.request_data())
    services.request_approve(request=request, by=konrad, budget_line=f.budget_line())
    (offer,) = services.offer_create(request=request, by=dilara, interpreters=[samir])
    services.offer_accept(offer=offer, by=samir_user)
    request.refresh_from_db()
    mail.outbox.clear()
    return {"request": request, "anna": anna, "samir_user": samir_user, "dilara": dilara}


def _move(request, **delta):
    starts = timezone.now() + timedelta(**delta)
    Request.objects.filter(pk=request.pk).update(starts_at=starts)
    request.assignments.update(
        blocked_from=starts, blocked_until=starts + timedelta(minutes=request.duration_minutes)
    )


def test_reminders_48_and_2_hours_before_each_once(confirmed):
    request = confirmed["request"]
    _move(request, hours=30)
    tasks.reminders_task()
    assert sorted(m.to[0] for m in mail.outbox) == ["anfragende@example.org", "samir@example.org"]
    assert all("48 Stunden" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    tasks.reminders_task()
    assert mail.outbox == []  # not twice
    _move(request, minutes=90)
    tasks.reminders_task()
    assert {m.subject.split(" – ")[0] for m in mail.outbox} == {"Erinnerung: Einsatz in 2 Stunden"}


def test_missing_hours_are_asked_for_a_day_after_the_appointment(confirmed):
    request = confirmed["request"]
    _move(request, hours=-30)
    tasks.reminders_task()
    assert [m.to[0] for m in mail.outbox] == ["samir@example.org"]
    assert "erfassen" in mail.outbox[0].subject
    mail.outbox.clear()
    tasks.reminders_task()
    assert mail.outbox == []  # again only after three days


def test_retention_erases_personal_data_and_keeps_the_figures(confirmed, settings):
    request = confirmed["request"]
    services.request_cancel(request=request, by=confirmed["anna"], party="client", reason="krank")
    settings.SPRACHMITTLER_RETENTION_DAYS = 30
    Request.objects.filter(pk=request.pk).update(starts_at=timezone.now() - timedelta(days=31))
    open_request = services.request_submit(by=confirmed["anna"], data=f.request_data())
    assert tasks.retention_task() == 1
    request.refresh_from_db()
    assert request.anonymised_at is not None
    assert (request.case_reference, request.place, request.description) == ("", "", "")
    assert request.requested_by is None and request.cancel_reason == ""
    # The figures stay: state, language, department, times, the history's steps.
    assert request.status == "cancelled" and request.language == "ar"
    assert list(Event.objects.filter(request=request).values_list("reason", flat=True)) == [""] * 5
    # Open requests are untouched, and a second run erases nothing more.
    open_request.refresh_from_db()
    assert open_request.case_reference == "JC-2026-0815"
    assert tasks.retention_task() == 0


def test_staff_mail_is_german_whatever_language_is_active():
    """A reader's Arabic page view in the same thread must not turn staff mail Arabic."""
    from django.utils import translation

    from sprachmittler.notifications import notification_text

    with translation.override("ar"):
        subject, body = notification_text("reminder_48h", "https://example.org/x/")
    assert subject.startswith("Erinnerung: Einsatz in 48 Stunden – ")
    assert body.startswith("Guten Tag,")
