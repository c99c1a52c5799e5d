"""Every change of a request, offer or assignment: one function per transition.

Each checks role, object permission and state against workflow.TRANSITIONS, saves,
writes the Event and queues the notifications after commit (notifications.py writes
them to an outbox in the same transaction, so a broker outage loses nothing).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_INTERPRETER,
    ROLE_REPORT,
    ROLE_REQUESTER,
)

from .constants import (
    AssignmentStatus,
    CancelParty,
    Mode,
    OfferStatus,
    Outcome,
    RejectReason,
    RequestStatus,
)
from .models import Assignment, Event, Interpreter, Offer, Request
from .workflow import TransitionError, transition_check

STAFF_ROLES = {ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REPORT}
# Fields whose change after confirmation needs the interpreter to confirm again.
ESSENTIAL_FIELDS = ("starts_at", "duration_minutes", "language", "language_variant", "mode",
                    "municipality", "place")  # fmt: skip
EDITABLE_FIELDS = (
    "onsite_contact", "language", "language_variant", "language_other", "starts_at",
    "duration_minutes", "mode", "municipality", "place", "topic", "description",
    "case_reference", "participants", "gender_preference", "other_gender_ok",
    "note_dispatcher", "note_interpreter", "urgent", "urgent_reason", "scope_confirmed",
)  # fmt: skip


# --- who is who -----------------------------------------------------------------------


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(STAFF_ROLES)
    return set(user.groups.values_list("name", flat=True)) & STAFF_ROLES


def user_department(user):
    profile = getattr(user, "staff_profile", None)
    return profile.department if profile else None


def user_interpreter(user) -> Interpreter | None:
    return getattr(user, "interpreter", None)


# --- rules ------------------------------------------------------------------------------


def add_working_days(start, days: int):
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def earliest_regular_start(now=None):
    """The first moment a non-urgent request may start: the lead time in working days."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day = add_working_days(local.date(), settings.SPRACHMITTLER_LEAD_WORKING_DAYS)
    return local.replace(year=day.year, month=day.month, day=day.day)


def request_validate(data: dict, *, now=None, check_start: bool = True) -> None:
    """The booking rules, in words the requester understands (raised per field).

    check_start=False for a change that keeps the start: a request confirmed three days
    ahead may still get a new contact person without being called urgent."""
    now = now or timezone.now()
    errors: dict[str, list] = {}
    starts_at = data.get("starts_at")
    if starts_at is not None and check_start:
        if starts_at <= now:
            errors.setdefault("starts_at", []).append(_("Der Termin muss in der Zukunft liegen."))
        elif starts_at < earliest_regular_start(now) and not data.get("urgent"):
            errors.setdefault("starts_at", []).append(
                _(
                    "Termine müssen mindestens %(days)s Werktage im Voraus angefragt werden. "
                    "Ist es dringend, kreuzen Sie „Dringend“ an und nennen Sie den Grund."
                )
                % {"days": settings.SPRACHMITTLER_LEAD_WORKING_DAYS}
            )
    duration = data.get("duration_minutes")
    if duration is not None and not (15 <= duration <= settings.SPRACHMITTLER_MAX_DURATION_MINUTES):
        errors.setdefault("duration_minutes", []).append(
            _("Die Dauer muss zwischen 15 und %(max)s Minuten liegen.")
            % {"max": settings.SPRACHMITTLER_MAX_DURATION_MINUTES}
        )
    if data.get("urgent") and not (data.get("urgent_reason") or "").strip():
        errors.setdefault("urgent_reason", []).append(
            _("Bitte nennen Sie den Grund für die Dringlichkeit.")
        )
    if data.get("language") == "other" and not (data.get("language_other") or "").strip():
        errors.setdefault("language_other", []).append(_("Bitte nennen Sie die Sprache."))
    variant = data.get("language_variant")
    if variant:
        from .constants import VARIANTS

        allowed = [code for code, _label in VARIANTS.get(data.get("language"), ())]
        if variant not in allowed:
            errors.setdefault("language_variant", []).append(
                _("Diese Variante gehört nicht zur gewählten Sprache.")
            )
    if data.get("mode") == Mode.ON_SITE and not (data.get("place") or "").strip():
        errors.setdefault("place", []).append(
            _("Für einen Termin vor Ort brauchen wir den Ort (Straße, Raum oder Treffpunkt).")
        )
    if not data.get("scope_confirmed"):
        errors.setdefault("scope_confirmed", []).append(
            _("Bitte bestätigen Sie, dass die Regeln des Pools eingehalten sind.")
        )
    if errors:
        raise ValidationError(errors)


def is_late(request: Request, now=None) -> bool:
    """Cancelled or changed after the cut-off (a setting: hours before the start)."""
    now = now or timezone.now()
    return request.starts_at - now < timedelta(hours=settings.SPRACHMITTLER_LATE_CANCEL_HOURS)


def travel_buffer(request: Request) -> timedelta:
    if request.mode == Mode.ON_SITE:
        return timedelta(minutes=settings.SPRACHMITTLER_TRAVEL_BUFFER_MINUTES)
    return timedelta(0)


def interpreter_is_busy(interpreter: Interpreter, request: Request, *, exclude=None) -> bool:
    """Another active assignment of this interpreter overlaps the request (with buffers)."""
    buffer = travel_buffer(request)
    busy = Assignment.objects.filter(
        interpreter=interpreter,
        status=AssignmentStatus.ACTIVE,
        blocked_from__lt=request.ends_at + buffer,
        blocked_until__gt=request.starts_at - buffer,
    )
    if exclude is not None:
        busy = busy.exclude(pk=exclude.pk)
    return busy.exists()


# --- the audit trail and notifications ------------------------------------------------


def _event(request: Request, *, by, action: str, from_status: str, reason: str = "") -> Event:
    from .notifications import notifications_queue

    event = Event.objects.create(
        request=request,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=from_status or "",
        to_status=request.status,
        reason=reason[:300],
    )
    notifications_queue(event)
    return event


def _check(action: str, request: Request, by) -> None:
    roles = user_roles(by)
    transition_check(action, request.status, roles)
    if not request_may_change(by, request, roles):
        raise TransitionError(_("Diese Anfrage gehört nicht zu Ihrem Bereich."))


def request_may_change(user, request: Request, roles=None) -> bool:
    roles = roles if roles is not None else user_roles(user)
    if roles & {ROLE_COORDINATOR, ROLE_DISPATCHER}:
        return True
    if ROLE_REQUESTER in roles and user_department(user) == request.department:
        return True
    interpreter = user_interpreter(user)
    if ROLE_INTERPRETER in roles and interpreter is not None:
        return request.offers.filter(interpreter=interpreter).exists()
    return False


def _locked(request: Request) -> Request:
    """The request row, locked until the end of the transaction (PostgreSQL)."""
    return Request.objects.select_for_update().get(pk=request.pk)


# --- requester ------------------------------------------------------------------------


@transaction.atomic
def request_submit(*, by, data: dict) -> Request:
    if ROLE_REQUESTER not in user_roles(by):
        raise TransitionError(_("Dazu fehlt Ihnen die Berechtigung."))
    department = user_department(by)
    if department is None:
        raise TransitionError(
            _(
                "Ihr Konto ist keiner Abteilung zugeordnet. Bitte wenden Sie sich an die Koordination."  # noqa: E501
            )
        )
    request_validate(data)
    request = Request(department=department, requested_by=by, status=RequestStatus.SUBMITTED)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    if data.get("follow_up_of") is not None:
        request.follow_up_of = data["follow_up_of"]
    request.full_clean(exclude=["requested_by"])
    request.save()
    _event(request, by=by, action="submit", from_status="")
    return request


@transaction.atomic
def request_complete(*, request: Request, by, data: dict) -> Request:
    request = _locked(request)
    _check("complete", request, by)
    request_validate({**_fields(request), **data}, check_start=_start_changes(request, data))
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    previous = request.status
    request.status = RequestStatus.SUBMITTED
    request.save()
    _event(request, by=by, action="complete", from_status=previous)
    return request


def _start_changes(request: Request, data: dict) -> bool:
    return "starts_at" in data and data["starts_at"] != request.starts_at


def _fields(request: Request) -> dict:
    return {name: getattr(request, name) for name in EDITABLE_FIELDS}


@transaction.atomic
def request_change(*, request: Request, by, data: dict) -> Request:
    request = _locked(request)
    _check("change", request, by)
    if is_late(request):
        raise TransitionError(
            _("So kurz vor dem Termin ist keine Änderung mehr möglich. Bitte stornieren Sie.")
        )
    request_validate({**_fields(request), **data}, check_start=_start_changes(request, data))
    essential_changed = any(
        name in data and data[name] != getattr(request, name) for name in ESSENTIAL_FIELDS
    )
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    previous = request.status
    if previous == RequestStatus.CONFIRMED and essential_changed:
        # The interpreter confirms again: the assignment ends and they get a new offer first.
        assignment = request.assignments.get(status=AssignmentStatus.ACTIVE)
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
        request.status = RequestStatus.IN_DISPATCH
        request.save()
        Offer.objects.create(request=request, interpreter=assignment.interpreter)
    else:
        request.save()
    _event(request, by=by, action="change", from_status=previous)
    return request


# --- coordinator ----------------------------------------------------------------------


@transaction.atomic
def request_approve(*, request: Request, by, budget_line, note: str = "") -> Request:
    request = _locked(request)
    _check("approve", request, by)
    if budget_line is None:
        raise TransitionError(_("Bitte wählen Sie eine Kostenstelle."))
    previous = request.status
    request.status = RequestStatus.APPROVED
    request.budget_line = budget_line
    request.save()
    _event(request, by=by, action="approve", from_status=previous, reason=note)
    return request


@transaction.atomic
def request_reject(*, request: Request, by, reason_code: str, note: str = "") -> Request:
    request = _locked(request)
    _check("reject", request, by)
    if not reason_code:
        raise TransitionError(_("Bitte wählen Sie einen Ablehnungsgrund."))
    previous = request.status
    request.status = RequestStatus.REJECTED
    request.reject_reason = reason_code
    request.save()
    label = str(RejectReason(reason_code).label) if reason_code in RejectReason.values else ""
    _event(request, by=by, action="reject", from_status=previous, reason=note or label)
    return request


@transaction.atomic
def request_ask(*, request: Request, by, question: str) -> Request:
    request = _locked(request)
    _check("ask", request, by)
    if not question.strip():
        raise TransitionError(_("Bitte schreiben Sie Ihre Rückfrage."))
    previous = request.status
    request.status = RequestStatus.NEEDS_INFO
    request.question = question
    request.save()
    _event(request, by=by, action="ask", from_status=previous, reason=question)
    return request


@transaction.atomic
def request_reopen(*, request: Request, by, note: str = "") -> Request:
    request = _locked(request)
    _check("reopen", request, by)
    previous = request.status
    request.status = RequestStatus.SUBMITTED
    request.cancelled_by = ""
    request.cancelled_late = False
    request.reject_reason = ""
    request.save()
    _event(request, by=by, action="reopen", from_status=previous, reason=note)
    return request


@transaction.atomic
def request_cancel(*, request: Request, by, party: str, reason: str = "") -> Request:
    request = _locked(request)
    _check("cancel", request, by)
    if party not in CancelParty.values:
        raise TransitionError(_("Bitte wählen Sie, wer storniert."))
    previous = request.status
    request.status = RequestStatus.CANCELLED
    request.cancelled_by = party
    request.cancel_reason = reason
    request.cancelled_late = previous == RequestStatus.CONFIRMED and is_late(request)
    request.save()
    request.assignments.filter(status=AssignmentStatus.ACTIVE).update(
        status=AssignmentStatus.CANCELLED
    )
    request.offers.filter(status=OfferStatus.PENDING).update(
        status=OfferStatus.WITHDRAWN, responded_at=timezone.now()
    )
    _event(request, by=by, action="cancel", from_status=previous, reason=reason)
    return request


# --- dispatcher -----------------------------------------------------------------------


@transaction.atomic
def offer_create(*, request: Request, by, interpreters) -> list[Offer]:
    """Offer the request to one interpreter, or broadcast it to several: first accept wins."""
    request = _locked(request)
    _check("offer", request, by)
    interpreters = list(interpreters)
    if not interpreters:
        raise TransitionError(_("Bitte wählen Sie mindestens eine Person aus."))
    offers = []
    for interpreter in interpreters:
        if not interpreter.active:
            raise TransitionError(_("%(name)s ist nicht aktiv.") % {"name": interpreter})
        if request.offers.filter(interpreter=interpreter, status=OfferStatus.PENDING).exists():
            continue
        offers.append(Offer.objects.create(request=request, interpreter=interpreter))
    previous = request.status
    request.status = RequestStatus.IN_DISPATCH
    request.save()
    names = ", ".join(str(offer.interpreter) for offer in offers)
    _event(request, by=by, action="offer", from_status=previous, reason=names)
    return offers


@transaction.atomic
def request_mark_unfilled(*, request: Request, by, reason: str = "") -> Request:
    request = _locked(request)
    _check("mark_unfilled", request, by)
    previous = request.status
    request.status = RequestStatus.UNFILLED
    request.save()
    request.offers.filter(status=OfferStatus.PENDING).update(
        status=OfferStatus.EXPIRED, responded_at=timezone.now()
    )
    _event(request, by=by, action="mark_unfilled", from_status=previous, reason=reason)
    return request


@transaction.atomic
def assignment_verify(*, assignment: Assignment, by) -> Request:
    request = _locked(assignment.request)
    _check("verify", request, by)
    if assignment.recorded_at is None:
        raise TransitionError(_("Die Stunden sind noch nicht erfasst."))
    assignment.verified_at = timezone.now()
    assignment.save(update_fields=["verified_at"])
    previous = request.status
    request.status = RequestStatus.SETTLED
    request.save()
    _event(request, by=by, action="verify", from_status=previous)
    return request


# --- interpreter ----------------------------------------------------------------------


def _own_offer(offer: Offer, by) -> None:
    interpreter = user_interpreter(by)
    if interpreter is None or offer.interpreter_id != interpreter.pk:
        raise TransitionError(_("Dieses Angebot gehört nicht Ihnen."))


@transaction.atomic
def offer_accept(*, offer: Offer, by) -> Assignment:
    """First accept wins: the request row is locked, re-checked, and the interpreter's
    calendar checked for overlaps (PostgreSQL's exclusion constraint is the last guard)."""
    _own_offer(offer, by)
    request = _locked(offer.request)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING or request.status != RequestStatus.IN_DISPATCH:
        raise TransitionError(_("Dieser Einsatz ist schon vergeben oder nicht mehr offen."))
    transition_check("accept", request.status, user_roles(by))
    # Lock the interpreter too: two accepts by the same person serialise here.
    Interpreter.objects.select_for_update().get(pk=offer.interpreter_id)
    if interpreter_is_busy(offer.interpreter, request):
        raise TransitionError(
            _("Sie haben zu dieser Zeit schon einen Einsatz (inklusive Fahrzeit).")
        )
    buffer = travel_buffer(request)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                request=request,
                interpreter=offer.interpreter,
                offer=offer,
                blocked_from=request.starts_at - buffer,
                blocked_until=request.ends_at + buffer,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
            )
    except IntegrityError as error:  # the exclusion constraint on PostgreSQL
        raise TransitionError(
            _("Sie haben zu dieser Zeit schon einen Einsatz (inklusive Fahrzeit).")
        ) from error
    now = timezone.now()
    offer.status = OfferStatus.ACCEPTED
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at"])
    request.offers.filter(status=OfferStatus.PENDING).exclude(pk=offer.pk).update(
        status=OfferStatus.FILLED_BY_OTHER, responded_at=now
    )
    previous = request.status
    request.status = RequestStatus.CONFIRMED
    request.save()
    _event(request, by=by, action="accept", from_status=previous)
    return assignment


@transaction.atomic
def offer_decline(*, offer: Offer, by, reason: str = "") -> Offer:
    _own_offer(offer, by)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.PENDING:
        raise TransitionError(_("Auf dieses Angebot haben Sie schon geantwortet."))
    offer.status = OfferStatus.DECLINED
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at"])
    request = offer.request
    _event(request, by=by, action="decline", from_status=request.status, reason=reason)
    return offer


def _own_assignment(assignment: Assignment, by) -> None:
    interpreter = user_interpreter(by)
    if interpreter is None or assignment.interpreter_id != interpreter.pk:
        raise TransitionError(_("Dieser Einsatz gehört nicht Ihnen."))


@transaction.atomic
def assignment_withdraw(*, assignment: Assignment, by, reason: str = "") -> Request:
    _own_assignment(assignment, by)
    request = _locked(assignment.request)
    transition_check("withdraw", request.status, user_roles(by))
    if assignment.status != AssignmentStatus.ACTIVE:
        raise TransitionError(_("Dieser Einsatz ist nicht mehr aktiv."))
    if is_late(request):
        raise TransitionError(
            _(
                "So kurz vor dem Termin können Sie nicht mehr zurückgeben. Bitte rufen Sie die Disposition an."  # noqa: E501
            )
        )
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.save(update_fields=["status"])
    previous = request.status
    request.status = RequestStatus.IN_DISPATCH
    request.save()
    _event(request, by=by, action="withdraw", from_status=previous, reason=reason)
    return request


@transaction.atomic
def assignment_record(
    *, assignment: Assignment, by, outcome: str, minutes_worked: int, travel_minutes: int = 0
) -> Request:
    _own_assignment(assignment, by)
    request = _locked(assignment.request)
    transition_check("record", request.status, user_roles(by))
    if timezone.now() < request.starts_at:
        raise TransitionError(_("Den Einsatz können Sie erst nach dem Termin erfassen."))
    if outcome not in (Outcome.COMPLETED, Outcome.NO_SHOW_CLIENT):
        # That the interpreter did not come is reported by the department or the pool.
        raise TransitionError(_("Bitte wählen Sie, wie der Termin verlaufen ist."))
    if not (0 <= minutes_worked <= 12 * 60) or not (0 <= travel_minutes <= 8 * 60):
        raise TransitionError(_("Bitte prüfen Sie die Minuten."))
    assignment.outcome = outcome
    assignment.minutes_worked = minutes_worked
    assignment.travel_minutes = travel_minutes
    assignment.recorded_at = timezone.now()
    assignment.save()
    previous = request.status
    request.status = outcome  # the outcome names the request's next state
    request.save()
    _event(request, by=by, action="record", from_status=previous)
    return request


@transaction.atomic
def assignment_report_absent(*, assignment: Assignment, by, note: str = "") -> Request:
    """The department or the pool reports that the interpreter did not come (not billable)."""
    request = _locked(assignment.request)
    _check("report_absent", request, by)
    if timezone.now() < request.starts_at:
        raise TransitionError(_("Das können Sie erst ab dem Beginn des Termins melden."))
    if assignment.status != AssignmentStatus.ACTIVE or assignment.request_id != request.pk:
        raise TransitionError(_("Dieser Einsatz ist nicht mehr aktiv."))
    assignment.outcome = Outcome.INTERPRETER_ABSENT
    assignment.minutes_worked = 0
    assignment.travel_minutes = 0
    assignment.recorded_at = timezone.now()
    assignment.save()
    previous = request.status
    request.status = RequestStatus.INTERPRETER_ABSENT
    request.save()
    _event(request, by=by, action="report_absent", from_status=previous, reason=note)
    return request


@transaction.atomic
def assignment_confirm_hours(*, assignment: Assignment, by) -> Assignment:
    request = _locked(assignment.request)
    _check("confirm_hours", request, by)
    if assignment.recorded_at is None:
        raise TransitionError(_("Die Stunden sind noch nicht erfasst."))
    assignment.confirmed_by_requester_at = timezone.now()
    assignment.save(update_fields=["confirmed_by_requester_at"])
    _event(request, by=by, action="confirm_hours", from_status=request.status)
    return assignment


def interpreter_renew_calendar_token(*, interpreter: Interpreter, by) -> str:
    from .models import new_calendar_token

    if user_interpreter(by) != interpreter:
        raise TransitionError(_("Dieser Kalender gehört nicht Ihnen."))
    interpreter.calendar_token = new_calendar_token()
    interpreter.save(update_fields=["calendar_token"])
    return interpreter.calendar_token


# --- requester screens (area: requester) ----------------------------------------------


def request_cancel_is_late(request: Request, now=None) -> bool:
    """What request_cancel records as a late cancellation (one paid hour): only a
    confirmed appointment cancelled after the cut-off."""
    return request.status == RequestStatus.CONFIRMED and is_late(request, now)


# --- the pool, kept by the dispatcher (area: dispatcher) ------------------------------

INTERPRETER_FIELDS = (
    "first_name", "last_name", "email", "phone", "gender", "home_municipality", "on_site",
    "phone_mode", "video", "qualification", "pledge_signed_on", "active",
)  # fmt: skip


def _require_dispatcher(by) -> None:
    if ROLE_DISPATCHER not in user_roles(by):
        raise TransitionError(_("Dazu fehlt Ihnen die Berechtigung."))


@transaction.atomic
def interpreter_save(*, by, interpreter: Interpreter | None = None, data: dict) -> Interpreter:
    """Create or change a pool member. `languages` is a list of (language, variant) pairs,
    `areas` a list of municipalities; both replace what was there."""
    from .models import InterpreterArea, InterpreterLanguage

    _require_dispatcher(by)
    interpreter = interpreter if interpreter is not None else Interpreter()
    for name in INTERPRETER_FIELDS:
        if name in data:
            setattr(interpreter, name, data[name])
    interpreter.full_clean(exclude=["user", "calendar_token"])
    interpreter.save()
    if "languages" in data:
        wanted = {(language, variant or "") for language, variant in data["languages"]}
        current = {(row.language, row.variant): row for row in interpreter.languages.all()}
        for key, row in current.items():
            if key not in wanted:
                row.delete()
        for language, variant in sorted(wanted - current.keys()):
            InterpreterLanguage.objects.create(
                interpreter=interpreter, language=language, variant=variant
            )
    if "areas" in data:
        wanted_areas = set(data["areas"])
        interpreter.areas.exclude(municipality__in=wanted_areas).delete()
        have = set(interpreter.areas.values_list("municipality", flat=True))
        for municipality in sorted(wanted_areas - have):
            InterpreterArea.objects.create(interpreter=interpreter, municipality=municipality)
    return interpreter


@transaction.atomic
def absence_add(*, by, interpreter: Interpreter, starts_on, ends_on):
    from .models import Absence

    _require_dispatcher(by)
    if ends_on < starts_on:
        raise TransitionError(_("Das Ende darf nicht vor dem Beginn liegen."))
    return Absence.objects.create(interpreter=interpreter, starts_on=starts_on, ends_on=ends_on)


@transaction.atomic
def absence_remove(*, by, interpreter: Interpreter, absence_id: int) -> None:
    _require_dispatcher(by)
    deleted, _rows = interpreter.absences.filter(pk=absence_id).delete()
    if not deleted:
        raise TransitionError(_("Diesen Eintrag gibt es nicht mehr."))


@transaction.atomic
def availability_add(*, by, interpreter: Interpreter, weekday: int, starts_at, ends_at):
    from .models import WeeklyAvailability

    _require_dispatcher(by)
    if not 0 <= weekday <= 6:
        raise TransitionError(_("Bitte wählen Sie einen Wochentag."))
    if ends_at <= starts_at:
        raise TransitionError(_("Das Ende muss nach dem Beginn liegen."))
    return WeeklyAvailability.objects.create(
        interpreter=interpreter, weekday=weekday, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def availability_remove(*, by, interpreter: Interpreter, availability_id: int) -> None:
    _require_dispatcher(by)
    deleted, _rows = interpreter.availability.filter(pk=availability_id).delete()
    if not deleted:
        raise TransitionError(_("Diesen Eintrag gibt es nicht mehr."))


@transaction.atomic
def do_not_send_add(*, by, department, interpreter: Interpreter):
    from .models import DoNotSend

    _require_dispatcher(by)
    entry, created = DoNotSend.objects.get_or_create(department=department, interpreter=interpreter)
    if not created:
        raise TransitionError(
            _("%(name)s steht für diese Abteilung schon auf der Sperrliste.")
            % {"name": interpreter}
        )
    return entry


@transaction.atomic
def do_not_send_remove(*, by, department, interpreter: Interpreter) -> None:
    from .models import DoNotSend

    _require_dispatcher(by)
    deleted, _rows = DoNotSend.objects.filter(
        department=department, interpreter=interpreter
    ).delete()
    if not deleted:
        raise TransitionError(_("Diesen Eintrag gibt es nicht mehr."))
