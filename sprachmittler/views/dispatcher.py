"""The dispatcher's screens (Disposition, AWO): approved requests by date, one request
with its ranked candidates, offers and hours, the hours still to verify, and the pool."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.roles import ROLE_DISPATCHER

from .. import selectors, services
from ..constants import RequestStatus
from ..forms_dispatcher import (
    WEEKDAYS,
    AbsenceForm,
    AvailabilityForm,
    DoNotSendForm,
    InterpreterForm,
    OfferForm,
    UnfilledForm,
)
from ..workflow import OUTCOMES, TransitionError
from .common import role_required, run_transition

PER_PAGE = 50

# Why a candidate ranks where it does (selectors.interpreter_candidates' reasons), in words.
REASON_WORDS = {
    "follow_up": gettext_lazy("Folgetermin"),
    "variant": gettext_lazy("gleiche Variante"),
    "available": gettext_lazy("verfügbar"),
    "gender": gettext_lazy("Geschlecht"),
    "already_offered": gettext_lazy("schon angefragt"),
}
DISPATCHABLE = (RequestStatus.APPROVED, RequestStatus.IN_DISPATCH)


@role_required(ROLE_DISPATCHER)
def dispatch_list(request):
    page = Paginator(selectors.request_list_dispatch_counted(), PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "sprachmittler/dispatcher/list.html",
        {"page_obj": page, "unverified": selectors.assignment_list_unverified().count()},
    )


def _candidate_rows(candidates) -> list[dict]:
    return [
        {
            "candidate": candidate,
            "interpreter": candidate.interpreter,
            "words": [REASON_WORDS.get(reason, reason) for reason in candidate.reasons],
            "recent_hours": candidate.recent_minutes / 60,
        }
        for candidate in candidates
    ]


@role_required(ROLE_DISPATCHER)
@require_http_methods(["GET", "POST"])
def dispatch_detail(request, reference):
    item = selectors.request_get_visible(request.user, reference)
    dispatchable = item.status in DISPATCHABLE
    candidates = selectors.interpreter_candidates(item) if dispatchable else []
    assignment = selectors.assignment_get_current(item)
    offer_form = OfferForm(candidates=candidates, prefix="offer")
    unfilled_form = UnfilledForm(prefix="unfilled")
    error_form = None
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "offer":
            offer_form = OfferForm(request.POST, candidates=candidates, prefix="offer")
            if offer_form.is_valid() and _offer(request, item, candidates, offer_form):
                return redirect("sprachmittler:dispatch_detail", reference=item.reference)
            error_form = offer_form
        elif action == "unfilled":
            unfilled_form = UnfilledForm(request.POST, prefix="unfilled")
            if unfilled_form.is_valid() and run_transition(
                request,
                lambda: services.request_mark_unfilled(
                    request=item, by=request.user, reason=unfilled_form.cleaned_data["reason"]
                ),
                success=_(
                    "Als nicht besetzbar markiert; Anfragende und Koordination sind informiert."
                ),
            ):
                return redirect("sprachmittler:dispatch_list")
            error_form = unfilled_form
        elif action == "verify":
            return _verify(request, item, assignment)
        else:
            messages.error(request, _("Unbekannte Aktion."))
            return redirect("sprachmittler:dispatch_detail", reference=item.reference)
    selected = set(offer_form["interpreters"].value() or []) if offer_form.is_bound else set()
    return render(
        request,
        "sprachmittler/dispatcher/detail.html",
        {
            "item": item,
            "dispatchable": dispatchable,
            "candidates": _candidate_rows(candidates),
            "selected": {str(value) for value in selected},
            "offers": selectors.offer_list_for_request(item),
            "assignment": assignment,
            "can_verify": item.status in OUTCOMES
            and assignment is not None
            and assignment.recorded_at is not None
            and assignment.verified_at is None,
            "offer_form": offer_form,
            "unfilled_form": unfilled_form,
            "error_form": error_form,
        },
    )


def _offer(request, item, candidates, form) -> bool:
    chosen = set(form.cleaned_data["interpreters"])
    people = [c.interpreter for c in candidates if c.interpreter.pk in chosen]
    try:
        offers = services.offer_create(request=item, by=request.user, interpreters=people)
    except TransitionError as error:
        form.add_error(None, str(error))
        return False
    if offers:
        messages.success(
            request,
            _("Angebot verschickt an: %(names)s.")
            % {"names": ", ".join(str(offer.interpreter) for offer in offers)},
        )
    else:
        messages.info(request, _("Alle Ausgewählten haben schon ein offenes Angebot."))
    return True


def _verify(request, item, assignment):
    """Verify the recorded hours; after success (or from the hours list) the next ones."""
    if assignment is None:
        messages.error(request, _("Zu dieser Anfrage gibt es keinen Einsatz."))
        done = False
    else:
        done = run_transition(
            request,
            lambda: services.assignment_verify(assignment=assignment, by=request.user),
            success=_("Stunden geprüft; der Einsatz ist zur Abrechnung freigegeben."),
        )
    if done or request.POST.get("return") == "hours":
        return redirect("sprachmittler:dispatch_hours")
    return redirect("sprachmittler:dispatch_detail", reference=item.reference)


@role_required(ROLE_DISPATCHER)
def dispatch_hours(request):
    page = Paginator(selectors.assignment_list_unverified(), PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(request, "sprachmittler/dispatcher/hours.html", {"page_obj": page})


# --- the pool ---------------------------------------------------------------------------


@role_required(ROLE_DISPATCHER)
def pool_list(request):
    page = Paginator(selectors.interpreter_list_pool(), PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "sprachmittler/dispatcher/pool_list.html", {"page_obj": page})


def _save_interpreter(request, form, interpreter=None):
    """The service's verdict on a valid form: the saved interpreter, or None with the
    errors put next to the fields."""
    try:
        return services.interpreter_save(
            by=request.user, interpreter=interpreter, data=form.service_data()
        )
    except ValidationError as error:
        form.add_error(None, error)
    except TransitionError as error:
        form.add_error(None, str(error))
    return None


@role_required(ROLE_DISPATCHER)
@require_http_methods(["GET", "POST"])
def pool_create(request):
    form = InterpreterForm(request.POST or None, prefix="person")
    if request.method == "POST" and form.is_valid():
        interpreter = _save_interpreter(request, form)
        if interpreter is not None:
            messages.success(
                request,
                _(
                    "%(name)s ist im Pool. Tragen Sie jetzt die Zeiten ein, zu denen die Person verfügbar ist."  # noqa: E501
                )
                % {"name": interpreter},
            )
            return redirect("sprachmittler:pool_edit", pk=interpreter.pk)
    return render(
        request,
        "sprachmittler/dispatcher/pool_form.html",
        {"form": form, "error_form": form if form.errors else None},
    )


@role_required(ROLE_DISPATCHER)
@require_http_methods(["GET", "POST"])
def pool_edit(request, pk):
    interpreter = selectors.interpreter_get(pk)
    details = selectors.interpreter_get_pool_details(interpreter)
    forms = {
        "save": InterpreterForm(
            initial=InterpreterForm.initial_for(interpreter, details), prefix="person"
        ),
        "absence_add": AbsenceForm(prefix="absence"),
        "availability_add": AvailabilityForm(prefix="availability"),
        "dns_add": DoNotSendForm(prefix="dns"),
    }
    action = request.POST.get("action")
    error_form = None
    weekdays = dict(WEEKDAYS)
    if request.method == "POST":
        if action in forms:
            form = type(forms[action])(request.POST, prefix=forms[action].prefix)
            forms[action] = form
            if form.is_valid() and _pool_change(request, interpreter, action, form):
                return redirect("sprachmittler:pool_edit", pk=interpreter.pk)
            error_form = form if form.errors else None
        elif action in ("absence_remove", "availability_remove", "dns_remove"):
            _pool_remove(request, interpreter, action, details)
            return redirect("sprachmittler:pool_edit", pk=interpreter.pk)
        else:
            messages.error(request, _("Unbekannte Aktion."))
            return redirect("sprachmittler:pool_edit", pk=interpreter.pk)
    return render(
        request,
        "sprachmittler/dispatcher/pool_form.html",
        {
            "interpreter": interpreter,
            "details": details,
            "form": forms["save"],
            "absence_form": forms["absence_add"],
            "availability_form": forms["availability_add"],
            "dns_form": forms["dns_add"],
            "error_form": error_form,
            "availability": [(slot, weekdays[slot.weekday]) for slot in details["availability"]],
        },
    )


def _pool_change(request, interpreter, action: str, form) -> bool:
    by, data = request.user, form.cleaned_data
    if action == "save":
        if _save_interpreter(request, form, interpreter) is None:
            return False
        messages.success(request, _("Die Angaben sind gespeichert."))
        return True
    calls = {
        "absence_add": (
            lambda: services.absence_add(
                by=by, interpreter=interpreter, starts_on=data["starts_on"], ends_on=data["ends_on"]
            ),
            _("Die Abwesenheit ist eingetragen."),
        ),
        "availability_add": (
            lambda: services.availability_add(
                by=by,
                interpreter=interpreter,
                weekday=data["weekday"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            ),
            _("Die Verfügbarkeit ist eingetragen."),
        ),
        "dns_add": (
            lambda: services.do_not_send_add(
                by=by, department=data["department"], interpreter=interpreter
            ),
            _("%(name)s wird dieser Abteilung nicht mehr angeboten.") % {"name": interpreter},
        ),
    }
    call, success = calls[action]
    try:
        call()
    except TransitionError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, success)
    return True


def _pool_remove(request, interpreter, action: str, details: dict) -> None:
    by = request.user
    try:
        item_id = int(request.POST.get("id", ""))
    except ValueError:
        messages.error(request, _("Diesen Eintrag gibt es nicht mehr."))
        return
    if action == "absence_remove":
        call = lambda: services.absence_remove(  # noqa: E731
            by=by, interpreter=interpreter, absence_id=item_id
        )
        success = _("Die Abwesenheit ist gelöscht.")
    elif action == "availability_remove":
        call = lambda: services.availability_remove(  # noqa: E731
            by=by, interpreter=interpreter, availability_id=item_id
        )
        success = _("Die Verfügbarkeit ist gelöscht.")
    else:
        entry = next((e for e in details["do_not_send"] if e.department_id == item_id), None)
        if entry is None:
            messages.error(request, _("Diesen Eintrag gibt es nicht mehr."))
            return
        call = lambda: services.do_not_send_remove(  # noqa: E731
            by=by, department=entry.department, interpreter=interpreter
        )
        success = _("%(name)s kann %(department)s wieder angeboten werden.") % {
            "name": interpreter,
            "department": entry.department,
        }
    run_transition(request, call, success=success)
