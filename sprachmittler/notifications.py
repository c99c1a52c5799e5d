"""Who hears about which change, and the outbox the e-mails go through.

Mails carry what happened and a link, never the appointment's details (no case
reference, no place, no names): whoever opens the link sees what their role allows.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER
from portal.tasks import task_enqueue

from .constants import AssignmentStatus, OfferStatus
from .models import Event, Notification, Request

logger = logging.getLogger(__name__)

NOTIFICATION_SEND_TASK = "sprachmittler.notification_send"  # tasks.notification_send_task


def _role_emails(role: str) -> list[str]:
    users = get_user_model().objects.filter(groups__name=role, is_active=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})


def _requester_emails(request: Request) -> list[str]:
    emails = []
    if request.requested_by and request.requested_by.email:
        emails.append(request.requested_by.email)
    elif request.department.email:
        emails.append(request.department.email)
    return emails


def _assigned_interpreter_emails(request: Request) -> list[str]:
    return [
        a.interpreter.email
        for a in request.assignments.select_related("interpreter")
        if a.status == AssignmentStatus.ACTIVE and a.interpreter.email
    ]


def _offered_interpreter_emails(request: Request, status=OfferStatus.PENDING) -> list[str]:
    return [
        o.interpreter.email
        for o in request.offers.select_related("interpreter").filter(status=status)
        if o.interpreter.email
    ]


def _link(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def request_link(request: Request) -> str:
    return _link(f"/sprachmittlung/anfragen/{request.reference}/")


INTERPRETER_LINK = "/sprachmittlung/einsaetze/"

# action -> [(recipients(request, event), subject, link kind)]
# Lazy: resolved when a mail is written, in German (notification_text), not at import.
SUBJECTS = {
    "submit": gettext_lazy("Neue Sprachmittlungs-Anfrage"),
    "complete": gettext_lazy("Rückfrage beantwortet"),
    "approve": gettext_lazy("Anfrage genehmigt"),
    "reject": gettext_lazy("Anfrage abgelehnt"),
    "ask": gettext_lazy("Rückfrage zu Ihrer Anfrage"),
    "offer": gettext_lazy("Neues Einsatzangebot"),
    "accept": gettext_lazy("Einsatz bestätigt"),
    "filled": gettext_lazy("Einsatz anderweitig besetzt"),
    "decline": gettext_lazy("Angebot abgelehnt"),
    "withdraw": gettext_lazy("Einsatz zurückgegeben"),
    "change": gettext_lazy("Anfrage geändert"),
    "cancel": gettext_lazy("Anfrage storniert"),
    "mark_unfilled": gettext_lazy("Keine Sprachmittlung gefunden"),
    "record": gettext_lazy("Einsatz erfasst: bitte Stunden bestätigen"),
    "reminder_48h": gettext_lazy("Erinnerung: Einsatz in 48 Stunden"),
    "reminder_2h": gettext_lazy("Erinnerung: Einsatz in 2 Stunden"),
    "hours_missing": gettext_lazy("Bitte erfassen Sie Ihren Einsatz"),
}


def recipients_for(event: Event) -> list[tuple[str, str, str]]:
    """[(kind, e-mail, link)] for one event."""
    request = event.request
    staff = request_link(request)
    interpreters = _link(INTERPRETER_LINK)
    out: list[tuple[str, str, str]] = []

    def add(kind, emails, link):
        out.extend((kind, email, link) for email in emails)

    action = event.action
    if action in ("submit", "complete"):
        add(action, _role_emails(ROLE_COORDINATOR), staff)
    elif action == "approve":
        add(action, _requester_emails(request), staff)
        add(action, _role_emails(ROLE_DISPATCHER), staff)
    elif action in ("reject", "ask", "record"):
        add(action, _requester_emails(request), staff)
    elif action == "offer":
        add(action, _offered_interpreter_emails(request), interpreters)
    elif action == "accept":
        add(action, _requester_emails(request), staff)
        add(action, _role_emails(ROLE_DISPATCHER), staff)
        add(
            "filled",
            _offered_interpreter_emails(request, OfferStatus.FILLED_BY_OTHER),
            interpreters,
        )
    elif action in ("decline", "withdraw"):
        add(action, _role_emails(ROLE_DISPATCHER), staff)
        if action == "withdraw":
            add(action, _requester_emails(request), staff)
    elif action == "change":
        add(action, _role_emails(ROLE_DISPATCHER), staff)
        add(action, _assigned_interpreter_emails(request), interpreters)
        add("offer", _offered_interpreter_emails(request), interpreters)
    elif action == "cancel":
        add(action, _requester_emails(request), staff)
        add(action, _role_emails(ROLE_COORDINATOR), staff)
        if event.from_status in ("approved", "in_dispatch", "confirmed"):
            add(action, _role_emails(ROLE_DISPATCHER), staff)
        add(action, _offered_interpreter_emails(request, OfferStatus.WITHDRAWN), interpreters)
        interpreters_cancelled = [
            a.interpreter.email
            for a in request.assignments.select_related("interpreter")
            if a.status == AssignmentStatus.CANCELLED and a.interpreter.email
        ]
        add(action, interpreters_cancelled, interpreters)
    elif action == "mark_unfilled":
        add(action, _requester_emails(request), staff)
        add(action, _role_emails(ROLE_COORDINATOR), staff)
    # A person appears once per event, even with several roles.
    seen, unique = set(), []
    for kind, email, link in out:
        if email not in seen:
            seen.add(email)
            unique.append((kind, email, link))
    return unique


def notification_text(kind: str, link: str) -> tuple[str, str]:
    # Staff mail is German (the staff interface's language), whatever language the
    # request or task that queues it has active: a reader's Arabic page view in the same
    # thread must not turn a coordinator's mail Arabic.
    with translation.override(settings.LANGUAGE_CODE):
        return _notification_text(kind, link)


def _notification_text(kind: str, link: str) -> tuple[str, str]:
    subject = (
        f"{SUBJECTS.get(kind, _('Sprachmittlung'))} – {_('Teilhabe-Portal Landkreis Harburg')}"
    )
    body = "\n\n".join(
        [
            _("Guten Tag,"),
            _("es gibt eine Neuigkeit in der Sprachmittlung: %(what)s.")
            % {"what": SUBJECTS.get(kind, "")},
            _("Bitte öffnen Sie: %(link)s") % {"link": link},
            _("Aus Datenschutzgründen stehen die Einzelheiten nur im Portal."),
        ]
    )
    return subject, body


def notifications_queue(event: Event) -> list[Notification]:
    """Write the event's mails to the outbox now; send them once the change is committed."""
    rows = []
    for kind, email, link in recipients_for(event):
        subject, body = notification_text(kind, link)
        rows.append(
            Notification(
                event=event,
                request=event.request,
                kind=kind,
                recipient=email,
                subject=subject,
                body=body,
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None] or list(
        Notification.objects.filter(event=event).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def notification_queue_single(*, request: Request, kind: str, emails, link: str) -> None:
    for email in emails:
        subject, body = notification_text(kind, link)
        note = Notification.objects.create(
            request=request, kind=kind, recipient=email, subject=subject, body=body
        )
        transaction.on_commit(lambda pk=note.pk: _enqueue([pk]))


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        try:
            task_enqueue(NOTIFICATION_SEND_TASK, pk)
        except Exception:  # broker down: the periodic task sends it later
            logger.warning("Broker unavailable; notification %s stays in the outbox", pk)


def notification_send(notification_id: int) -> bool:
    """Send one mail once. Returns whether it was sent now."""
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.sent_at is not None:
            return False
        note.attempts += 1
        send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.recipient])
        note.sent_at = timezone.now()
        note.save(update_fields=["attempts", "sent_at"])
    return True
