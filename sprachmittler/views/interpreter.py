"""The interpreter's screens (Sprachmittelnde), made for a phone: open offers with the
minimal data of docs/booking.md, accept or decline; own assignments with full details once
accepted; give back before the cut-off; record outcome and hours; the calendar feed.

Every object is read through a selector that 404s for another interpreter's offer or
assignment; every change goes through a service (TransitionError becomes a message)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.roles import ROLE_INTERPRETER

from .. import selectors, services
from ..calendar import calendar_build
from ..constants import AssignmentStatus, RequestStatus
from ..forms_interpreter import RecordForm, WithdrawForm
from .common import role_required, run_transition


def _interpreter(request):
    """The pool entry of the logged-in person (None for an account not linked to one)."""
    return services.user_interpreter(request.user)


@require_GET
@role_required(ROLE_INTERPRETER)
def home(request):
    interpreter = _interpreter(request)
    context = {"interpreter": interpreter, "offers": [], "upcoming": [], "to_record": []}
    if interpreter is not None:
        context.update(
            offers=selectors.offer_list_open(interpreter),
            upcoming=selectors.assignment_list_upcoming(interpreter),
            to_record=selectors.assignment_list_to_record(interpreter),
        )
    return render(request, "sprachmittler/interpreter/home.html", context)


@require_POST
@role_required(ROLE_INTERPRETER)
def offer_accept(request, reference):
    offer = selectors.offer_get_own(request.user, reference)
    result = {}

    def accept():
        result["assignment"] = services.offer_accept(offer=offer, by=request.user)

    if run_transition(
        request, accept, success=_("Einsatz angenommen. Hier finden Sie jetzt alle Angaben.")
    ):
        return redirect("sprachmittler:interpreter_assignment", pk=result["assignment"].pk)
    return redirect("sprachmittler:interpreter_home")


@require_POST
@role_required(ROLE_INTERPRETER)
def offer_decline(request, reference):
    offer = selectors.offer_get_own(request.user, reference)
    run_transition(
        request,
        lambda: services.offer_decline(offer=offer, by=request.user),
        success=_("Angebot abgelehnt. Danke für die schnelle Antwort."),
    )
    return redirect("sprachmittler:interpreter_home")


def _assignment_context(request, assignment, *, withdraw_form=None, record_form=None):
    job = assignment.request
    now = timezone.now()
    active = assignment.status == AssignmentStatus.ACTIVE
    confirmed = active and job.status == RequestStatus.CONFIRMED
    late = services.is_late(job, now)
    return {
        "assignment": assignment,
        "job": job,
        # Place, department, contact, notes and case reference only while it is theirs.
        "show_details": active,
        "may_withdraw": confirmed and job.starts_at > now and not late,
        "too_late_to_withdraw": confirmed and job.starts_at > now and late,
        "may_record": confirmed and job.starts_at <= now and assignment.recorded_at is None,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "record_form": record_form
        or RecordForm(initial={"minutes_worked": job.duration_minutes, "travel_minutes": 0}),
        "late_hours": settings.SPRACHMITTLER_LATE_CANCEL_HOURS,
    }


def _render_assignment(request, assignment, status=200, **forms):
    context = _assignment_context(request, assignment, **forms)
    return render(request, "sprachmittler/interpreter/assignment.html", context, status=status)


@require_GET
@role_required(ROLE_INTERPRETER)
def assignment_detail(request, pk):
    assignment = selectors.assignment_get_own(request.user, pk)
    return _render_assignment(request, assignment)


@require_POST
@role_required(ROLE_INTERPRETER)
def assignment_withdraw(request, pk):
    assignment = selectors.assignment_get_own(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_assignment(request, assignment, status=400, withdraw_form=form)
    if run_transition(
        request,
        lambda: services.assignment_withdraw(
            assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("Sie haben den Einsatz zurückgegeben. Die Disposition sucht neu."),
    ):
        return redirect("sprachmittler:interpreter_home")
    return redirect("sprachmittler:interpreter_assignment", pk=assignment.pk)


@require_POST
@role_required(ROLE_INTERPRETER)
def assignment_record(request, pk):
    assignment = selectors.assignment_get_own(request.user, pk)
    form = RecordForm(request.POST)
    if not form.is_valid():
        return _render_assignment(request, assignment, status=400, record_form=form)
    run_transition(
        request,
        lambda: services.assignment_record(
            assignment=assignment, by=request.user, **form.cleaned_data
        ),
        success=_("Danke, der Einsatz ist erfasst. Die anfragende Stelle bestätigt die Stunden."),
    )
    return redirect("sprachmittler:interpreter_assignment", pk=assignment.pk)


def _feed_urls(request, interpreter) -> dict:
    https = request.build_absolute_uri(
        reverse("sprachmittler:interpreter_calendar_feed", args=[interpreter.calendar_token])
    )
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@role_required(ROLE_INTERPRETER)
def calendar_page(request):
    """The subscription address, and a button that renews it (the old one stops working)."""
    interpreter = _interpreter(request)
    if request.method == "POST" and interpreter is not None:
        run_transition(
            request,
            lambda: services.interpreter_renew_calendar_token(
                interpreter=interpreter, by=request.user
            ),
            success=_(
                "Neue Kalender-Adresse erstellt. Die alte funktioniert nicht mehr: "
                "bitte abonnieren Sie die neue."
            ),
        )
        return redirect("sprachmittler:interpreter_calendar")
    context = {"interpreter": interpreter}
    if interpreter is not None:
        context["feed"] = _feed_urls(request, interpreter)
    response = render(request, "sprachmittler/interpreter/calendar.html", context)
    response["Cache-Control"] = "no-store"  # the page shows a secret address
    return response


@require_GET
def calendar_feed(request, token):
    """No login: calendar apps cannot log in. The secret token in the address is the key."""
    interpreter = selectors.interpreter_get_by_calendar_token(token)
    body = calendar_build(
        assignments=selectors.assignment_list_calendar(interpreter),
        base_url=request.build_absolute_uri("/"),
        assignment_url=lambda a: reverse("sprachmittler:interpreter_assignment", args=[a.pk]),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sprachmittlung.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
