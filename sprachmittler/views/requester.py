"""The requester screens (Anfragende): the department's requests with the next step, the
request form, change, cancel, answering a question, confirming the hours, and the
appointment note for the client. The request's detail page is shared by every role that
sees requests; interpreters get a 404 there (they have their own screens)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER

from .. import selectors, services
from ..constants import (
    OPEN_STATUSES,
    CancelParty,
    Language,
    Outcome,
    RejectReason,
    RequestStatus,
)
from ..forms_requester import CancelForm, NoteLanguageForm, RequestForm
from ..workflow import OUTCOMES, TRANSITIONS, actions_for
from .common import role_required, run_transition

ROLE_LABELS = {
    ROLE_REQUESTER: gettext_lazy("Anfragende Stelle"),
    ROLE_COORDINATOR: gettext_lazy("Koordination"),
    ROLE_DISPATCHER: gettext_lazy("Disposition"),
    ROLE_INTERPRETER: gettext_lazy("Sprachmittler/in"),
}
# Reasons a requester may read in the history. Others stay with coordination and
# dispatch: an offer's reason names the interpreters asked, a decline the interpreter's
# own reason.
REASONS_FOR_REQUESTER = {"reject", "ask", "cancel", "mark_unfilled", "reopen"}
COORDINATOR_ACTIONS = {"approve", "reject", "ask", "reopen"}
DISPATCHER_ACTIONS = {"offer", "mark_unfilled", "verify"}
WITH_INTERPRETER = (RequestStatus.CONFIRMED, *OUTCOMES, RequestStatus.SETTLED)
PERIODS = {"kommend": "upcoming", "vergangen": "past"}
PAGE_SIZE = 50


def _detail(booking):
    return redirect("sprachmittler:request_detail", reference=booking.reference)


def _hours_to_confirm(booking):
    """The assignment whose recorded hours the requester has yet to confirm, if any."""
    if booking.status not in OUTCOMES:
        return None
    assignment = booking.active_assignment
    if assignment is None or assignment.recorded_at is None:
        return None
    return None if assignment.confirmed_by_requester_at else assignment


def next_step(booking) -> tuple[str, bool]:
    """The next step in words, and whether it is the requester's to take."""
    status = booking.status
    if status == RequestStatus.NEEDS_INFO:
        return _("Rückfrage beantworten"), True
    if status in OUTCOMES:
        if _hours_to_confirm(booking):
            return _("Stunden bestätigen"), True
        assignment = booking.active_assignment
        if assignment is not None and assignment.confirmed_by_requester_at:
            return _("Warten auf Prüfung durch die Disposition"), False
        return _("Warten auf die Erfassung der Stunden"), False
    if status == RequestStatus.CONFIRMED and booking.starts_at < timezone.now():
        return _("Warten auf die Erfassung der Stunden"), False
    steps = {
        RequestStatus.SUBMITTED: _("Warten auf Genehmigung"),
        RequestStatus.APPROVED: _("Warten auf Vermittlung"),
        RequestStatus.IN_DISPATCH: _("Sprachmittler/in wird gesucht"),
        RequestStatus.CONFIRMED: _("Termin steht – Terminhinweis drucken"),
        RequestStatus.REJECTED: _("Abgelehnt – keine weiteren Schritte"),
        RequestStatus.UNFILLED: _("Nicht besetzt – bei Bedarf neue Anfrage stellen"),
        RequestStatus.SETTLED: _("Abgeschlossen"),
        RequestStatus.CANCELLED: _("Storniert – keine weiteren Schritte"),
    }
    return steps.get(status, ""), False


def _with_next_step(bookings):
    return [(booking, *next_step(booking)) for booking in bookings]


@role_required(ROLE_REQUESTER)
def requester_list(request):
    period = request.GET.get("zeitraum", "")
    period = period if period in PERIODS else "alle"
    bookings = selectors.request_list_department(request.user, period=PERIODS.get(period, "all"))
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "sprachmittler/requester/list.html",
        {
            "period": period,
            "periods": (
                ("alle", _("Alle")),
                ("kommend", _("Anstehende")),
                ("vergangen", _("Vergangene")),
            ),
            "page_obj": page,
            "rows": _with_next_step(page.object_list),
            "todo": _with_next_step(selectors.request_list_department_todo(request.user)),
            "has_department": services.user_department(request.user) is not None,
        },
    )


def _form_context(request, form, **extra):
    return {
        "form": form,
        "lead_days": settings.SPRACHMITTLER_LEAD_WORKING_DAYS,
        "earliest": services.earliest_regular_start(),
        "max_duration": settings.SPRACHMITTLER_MAX_DURATION_MINUTES,
        "cut_off_hours": settings.SPRACHMITTLER_LATE_CANCEL_HOURS,
        **extra,
    }


def _service_errors(form, error: ValidationError) -> None:
    """A ValidationError of a service (the model's own checks) shown on the form."""
    for field, field_messages in error.message_dict.items():
        field = "date" if field == "starts_at" else field
        form.add_error(field if field in form.fields else None, field_messages)


def _submit_form(request, form, action, *, success: str):
    """Run the service for a valid form; its field errors go back onto the form."""
    try:
        return run_transition(request, action, success=success)
    except ValidationError as error:
        _service_errors(form, error)
        return False


@role_required(ROLE_REQUESTER)
def requester_create(request):
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created = []

        def submit():
            created.append(services.request_submit(by=request.user, data=form.request_data))

        if _submit_form(
            request,
            form,
            submit,
            success=_("Ihre Anfrage ist eingegangen. Die Koordination prüft sie."),
        ):
            return _detail(created[0])
    return render(
        request,
        "sprachmittler/requester/form.html",
        _form_context(
            request,
            form,
            mode="create",
            has_department=services.user_department(request.user) is not None,
        ),
    )


def _history(booking, *, staff_view: bool) -> list[dict]:
    rows = []
    for event in selectors.event_list_for_request(booking):
        transition = TRANSITIONS.get(event.action)
        roles = transition.roles if transition else ()
        if staff_view and event.actor is not None:
            who = event.actor.get_full_name() or event.actor.get_username()
        else:
            groups = {group.name for group in event.actor.groups.all()} if event.actor else set()
            role = next((r for r in roles if r in groups), roles[0] if roles else None)
            who = ROLE_LABELS.get(role, _("System"))
        reason = event.reason
        if not staff_view and event.action not in REASONS_FOR_REQUESTER:
            reason = ""
        if event.action == "reject" and reason in RejectReason.values:
            reason = RejectReason(reason).label
        rows.append(
            {
                "at": event.at,
                "who": who,
                "what": transition.label if transition else event.action,
                "from": _status_label(event.from_status),
                "to": _status_label(event.to_status),
                "reason": reason,
            }
        )
    return rows


def _status_label(value: str) -> str:
    return RequestStatus(value).label if value in RequestStatus.values else (value or "–")


@role_required(ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER)
def request_detail(request, reference):
    # Interpreters see no request here (the selector gives them none, hence a 404):
    # they read their offers and assignments on their own screens, with minimal data.
    booking = selectors.request_get_visible(request.user, reference)
    roles = services.user_roles(request.user)
    actions = actions_for(booking.status, roles)
    staff_view = bool(roles & {ROLE_COORDINATOR, ROLE_DISPATCHER})
    assignment = booking.active_assignment
    step, mine = next_step(booking)
    possible = set(actions)
    return render(
        request,
        "sprachmittler/requester/detail.html",
        {
            "booking": booking,
            "step": step,
            "step_is_mine": mine and ROLE_REQUESTER in roles,
            "staff_view": staff_view,
            "history": _history(booking, staff_view=staff_view),
            "assignment": assignment if booking.status in WITH_INTERPRETER else None,
            "is_requester": ROLE_REQUESTER in roles,
            "can_complete": "complete" in actions,
            "can_change": "change" in actions and not services.is_late(booking),
            "change_too_late": "change" in actions and services.is_late(booking),
            "can_cancel": "cancel" in actions,
            "hours_to_confirm": _hours_to_confirm(booking) if "confirm_hours" in actions else None,
            "can_print_note": ROLE_REQUESTER in roles and booking.status in OPEN_STATUSES,
            "can_report_absent": "report_absent" in actions and timezone.now() >= booking.starts_at,
            "coordinator_link": ROLE_COORDINATOR in roles and bool(COORDINATOR_ACTIONS & possible),
            "dispatcher_link": ROLE_DISPATCHER in roles and bool(DISPATCHER_ACTIONS & possible),
            "cut_off_hours": settings.SPRACHMITTLER_LATE_CANCEL_HOURS,
        },
    )


def _may(request, booking, action: str) -> bool:
    return action in actions_for(booking.status, services.user_roles(request.user))


@role_required(ROLE_REQUESTER)
def requester_change(request, reference):
    booking = selectors.request_get_visible(request.user, reference)
    if not _may(request, booking, "change"):
        messages.error(request, _("Diese Anfrage kann nicht mehr geändert werden."))
        return _detail(booking)
    if services.is_late(booking):
        messages.error(
            request,
            _("So kurz vor dem Termin ist keine Änderung mehr möglich. Bitte stornieren Sie."),
        )
        return _detail(booking)
    form = RequestForm(request.POST or None, instance=booking, user=request.user, follow_up=False)
    if request.method == "POST" and form.is_valid():
        success = _("Die Änderung ist gespeichert.")
        if booking.status == RequestStatus.CONFIRMED:
            success = _(
                "Die Änderung ist gespeichert. Wenn sich Termin, Sprache oder Ort geändert "
                "haben, muss die Sprachmittlerin/der Sprachmittler neu zusagen."
            )
        if _submit_form(
            request,
            form,
            lambda: services.request_change(
                request=booking, by=request.user, data=form.request_data
            ),
            success=success,
        ):
            return _detail(booking)
    return render(
        request,
        "sprachmittler/requester/form.html",
        _form_context(request, form, mode="change", booking=booking),
    )


@role_required(ROLE_REQUESTER)
def requester_complete(request, reference):
    booking = selectors.request_get_visible(request.user, reference)
    if not _may(request, booking, "complete"):
        messages.info(request, _("Zu dieser Anfrage gibt es keine offene Rückfrage."))
        return _detail(booking)
    form = RequestForm(request.POST or None, instance=booking, user=request.user, follow_up=False)
    if (
        request.method == "POST"
        and form.is_valid()
        and _submit_form(
            request,
            form,
            lambda: services.request_complete(
                request=booking, by=request.user, data=form.request_data
            ),
            success=_("Danke. Die Koordination prüft Ihre Anfrage erneut."),
        )
    ):
        return _detail(booking)
    return render(
        request,
        "sprachmittler/requester/form.html",
        _form_context(request, form, mode="complete", booking=booking),
    )


DEFAULT_CANCEL_PARTY = (
    (ROLE_REQUESTER, CancelParty.DEPARTMENT),
    (ROLE_COORDINATOR, CancelParty.DISTRICT),
    (ROLE_DISPATCHER, CancelParty.POOL),
)


@role_required(ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER)
def requester_cancel(request, reference):
    booking = selectors.request_get_visible(request.user, reference)
    if not _may(request, booking, "cancel"):
        messages.error(request, _("Diese Anfrage kann nicht mehr storniert werden."))
        return _detail(booking)
    roles = services.user_roles(request.user)
    party = next(party for role, party in DEFAULT_CANCEL_PARTY if role in roles)
    form = CancelForm(request.POST or None, initial={"party": party})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_transition(
            request,
            lambda: services.request_cancel(
                request=booking,
                by=request.user,
                party=form.cleaned_data["party"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Die Anfrage ist storniert. Alle Beteiligten werden benachrichtigt."),
        )
    ):
        return _detail(booking)
    return render(
        request,
        "sprachmittler/requester/cancel.html",
        {
            "booking": booking,
            "form": form,
            "late": services.request_cancel_is_late(booking),
            "cut_off_hours": settings.SPRACHMITTLER_LATE_CANCEL_HOURS,
        },
    )


@role_required(ROLE_REQUESTER)
def requester_confirm_hours(request, reference):
    booking = selectors.request_get_visible(request.user, reference)
    assignment = _hours_to_confirm(booking) if _may(request, booking, "confirm_hours") else None
    if assignment is None:
        messages.info(request, _("Hier gibt es keine Stunden zu bestätigen."))
        return _detail(booking)
    if request.method == "POST" and run_transition(
        request,
        lambda: services.assignment_confirm_hours(assignment=assignment, by=request.user),
        success=_("Danke. Die Stunden sind bestätigt."),
    ):
        return _detail(booking)
    return render(
        request,
        "sprachmittler/requester/confirm_hours.html",
        {
            "booking": booking,
            "assignment": assignment,
            "outcome": Outcome(assignment.outcome).label if assignment.outcome else "",
        },
    )


@role_required(ROLE_REQUESTER, ROLE_DISPATCHER)
def report_absent(request, reference):
    """POST: the interpreter did not come (the department or the pool reports it)."""
    booking = selectors.request_get_visible(request.user, reference)
    assignment = booking.active_assignment
    if request.method == "POST" and assignment is not None:
        run_transition(
            request,
            lambda: services.assignment_report_absent(assignment=assignment, by=request.user),
            success=_(
                "Gemeldet: Die Sprachmittlung ist nicht erschienen. Es wird nichts abgerechnet."
            ),
        )
    elif assignment is None:
        messages.error(request, _("Für diese Anfrage gibt es keinen aktiven Einsatz."))
    return _detail(booking)


@role_required(ROLE_REQUESTER)
def requester_note(request, reference):
    """The appointment note for the client, in the client's language: only reviewed
    interface strings (gettext), never machine translation; the address stays as typed."""
    booking = selectors.request_get_visible(request.user, reference)
    published = [code for code, _name in settings.LANGUAGES]
    default = booking.language if booking.language in published else settings.LANGUAGE_CODE
    form = NoteLanguageForm(
        request.GET if "sprache" in request.GET else None, initial={"sprache": default}
    )
    language = form.cleaned_data["sprache"] if form.is_bound and form.is_valid() else default
    note = None
    if booking.status in OPEN_STATUSES:
        with translation.override(language):
            if booking.language == Language.OTHER:
                language_name = format_html('<span lang="de">{}</span>', booking.language_other)
            else:
                language_name = booking.language_label
            note = render_to_string(
                "sprachmittler/requester/_note.html",
                {
                    "booking": booking,
                    "language": language,
                    "direction": "rtl" if translation.get_language_bidi() else "ltr",
                    "language_name": language_name,
                },
            )
    return render(
        request,
        "sprachmittler/requester/note.html",
        {"booking": booking, "form": form, "note": note},
    )
