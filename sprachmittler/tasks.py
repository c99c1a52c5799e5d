"""Celery tasks of the booking: they take ids, re-read the rows and call a service."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .constants import FINISHED_STATUSES, AssignmentStatus, RequestStatus
from .models import Assignment, Event, Notification, Request
from .notifications import NOTIFICATION_SEND_TASK


@shared_task(
    name=NOTIFICATION_SEND_TASK,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def notification_send_task(notification_id: int) -> bool:
    from .notifications import notification_send

    return notification_send(notification_id)


@shared_task(name="sprachmittler.notifications_send_pending")
def notifications_send_pending_task() -> int:
    """Whatever the outbox still holds (the broker was down, a send failed)."""
    from .notifications import notification_send

    sent = 0
    cutoff = timezone.now() - timedelta(seconds=30)  # leave fresh ones to their own task
    pending = Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff)
    for pk in pending.values_list("pk", flat=True)[:500]:
        try:
            sent += notification_send(pk)
        except OSError:
            continue
    return sent


@shared_task(name="sprachmittler.reminders")
def reminders_task() -> int:
    """48 h and 2 h before an appointment, and for hours not recorded a day after it."""
    from .notifications import INTERPRETER_LINK, _link, notification_queue_single, request_link

    now = timezone.now()
    count = 0
    active = Assignment.objects.filter(
        status=AssignmentStatus.ACTIVE, request__status=RequestStatus.CONFIRMED
    ).select_related("request", "interpreter", "request__requested_by")
    for field, hours, kind in (
        ("reminded_48h_at", 48, "reminder_48h"),
        ("reminded_2h_at", 2, "reminder_2h"),
    ):
        due = active.filter(
            **{f"{field}__isnull": True},
            request__starts_at__gt=now,
            request__starts_at__lte=now + timedelta(hours=hours),
        )
        for assignment in due:
            with transaction.atomic():
                emails = [assignment.interpreter.email] if assignment.interpreter.email else []
                notification_queue_single(
                    request=assignment.request,
                    kind=kind,
                    emails=emails,
                    link=_link(INTERPRETER_LINK),
                )
                requester = assignment.request.requested_by
                if requester and requester.email:
                    notification_queue_single(
                        request=assignment.request,
                        kind=kind,
                        emails=[requester.email],
                        link=request_link(assignment.request),
                    )
                setattr(assignment, field, now)
                assignment.save(update_fields=[field])
                count += 1
    missing = active.filter(recorded_at__isnull=True, blocked_until__lt=now - timedelta(hours=24))
    missing = missing.filter(models_q_hours_reminder(now))
    for assignment in missing:
        with transaction.atomic():
            if assignment.interpreter.email:
                notification_queue_single(
                    request=assignment.request,
                    kind="hours_missing",
                    emails=[assignment.interpreter.email],
                    link=_link(INTERPRETER_LINK),
                )
            assignment.hours_reminded_at = now
            assignment.save(update_fields=["hours_reminded_at"])
            count += 1
    return count


def models_q_hours_reminder(now):
    from django.db.models import Q

    return Q(hours_reminded_at__isnull=True) | Q(hours_reminded_at__lt=now - timedelta(days=3))


@shared_task(name="sprachmittler.retention")
def retention_task() -> int:
    """Erase the personal and free-text fields of requests finished longer ago than the
    retention period; the request rows and their states stay for the figures."""
    cutoff = timezone.now() - timedelta(days=settings.SPRACHMITTLER_RETENTION_DAYS)
    due = Request.objects.filter(
        status__in=FINISHED_STATUSES, starts_at__lt=cutoff, anonymised_at__isnull=True
    )
    ids = list(due.values_list("pk", flat=True)[:5000])
    with transaction.atomic():
        Request.objects.filter(pk__in=ids).update(
            onsite_contact="",
            place="",
            description="",
            case_reference="",
            language_other="",
            note_dispatcher="",
            note_interpreter="",
            urgent_reason="",
            question="",
            cancel_reason="",
            requested_by=None,
            anonymised_at=timezone.now(),
        )
        # The audit trail keeps who-did-what-when, not the words.
        Event.objects.filter(request_id__in=ids).update(reason="")
        Notification.objects.filter(request_id__in=ids).delete()
    return len(ids)
