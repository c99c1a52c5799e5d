"""The coordinator's screens (Koordination): the queue of new requests with bulk
decisions, one request's decision page with its history, and all requests."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.roles import ROLE_COORDINATOR

from .. import selectors, services
from ..constants import RequestStatus
from ..forms_coordinator import (
    AllFilterForm,
    ApproveForm,
    AskForm,
    BulkDecisionForm,
    CancelForm,
    QueueFilterForm,
    RejectForm,
    ReopenForm,
)
from ..workflow import TRANSITIONS, TransitionError, actions_for
from .common import role_required, run_transition

PER_PAGE = 25

# The decisions the decision page offers, by workflow action (the action is the prefix).
DECISION_FORMS = {
    "approve": ApproveForm,
    "reject": RejectForm,
    "ask": AskForm,
    "cancel": CancelForm,
    "reopen": ReopenForm,
}


def _queue_url(request) -> str:
    query = request.GET.urlencode()
    return reverse("sprachmittler:coordinator_queue") + (f"?{query}" if query else "")


@role_required(ROLE_COORDINATOR)
@require_http_methods(["GET", "POST"])
def coordinator_queue(request):
    filter_form = QueueFilterForm(request.GET or None)
    filters = {}
    if filter_form.is_bound:
        filter_form.is_valid()  # the errors are shown, the valid filters still apply
        filters = filter_form.filters()
    page = Paginator(selectors.request_list_queue(filters=filters), PER_PAGE).get_page(
        request.GET.get("seite")
    )
    bulk_form = BulkDecisionForm(request.POST or None)
    if request.method == "POST" and bulk_form.is_valid():
        _bulk_decide(request, bulk_form.cleaned_data)
        return redirect(_queue_url(request))
    selected = set(bulk_form["references"].value() or []) if bulk_form.is_bound else set()
    return render(
        request,
        "sprachmittler/coordinator/queue.html",
        {
            "filter_form": filter_form,
            "bulk_form": bulk_form,
            "page_obj": page,
            "selected": selected,
            "action_url": _queue_url(request),
        },
    )


def _bulk_decide(request, data: dict) -> None:
    """Each ticked request goes through the service on its own: one that fails (it was
    decided meanwhile, say) does not stop the others; the message names each."""
    found = selectors.request_list_by_references(request.user, data["references"])
    done, failed = [], []
    for item in found:
        try:
            if data["action"] == BulkDecisionForm.APPROVE:
                services.request_approve(
                    request=item,
                    by=request.user,
                    budget_line=data["budget_line"],
                    note=data["note"],
                )
            else:
                services.request_reject(
                    request=item,
                    by=request.user,
                    reason_code=data["reject_reason"],
                    note=data["note"],
                )
        except TransitionError as error:
            failed.append(f"{item.case_reference}: {error}")
        else:
            done.append(item.case_reference)
    missing = len(set(data["references"])) - len(found)
    if done:
        template = (
            _("Genehmigt: %(list)s.")
            if data["action"] == BulkDecisionForm.APPROVE
            else _("Abgelehnt: %(list)s.")
        )
        messages.success(request, template % {"list": ", ".join(done)})
    for line in failed:
        messages.error(request, _("Nicht erledigt – %(line)s") % {"line": line})
    if missing:
        messages.error(
            request, _("%(count)s ausgewählte Anfrage(n) gibt es nicht.") % {"count": missing}
        )


def _history(request_obj) -> list[dict]:
    rows = []
    for event in selectors.event_list_for_request(request_obj):
        transition = TRANSITIONS.get(event.action)
        rows.append(
            {
                "event": event,
                "label": transition.label if transition else event.action,
                "from": RequestStatus(event.from_status).label if event.from_status else "",
                "to": RequestStatus(event.to_status).label,
            }
        )
    return rows


@role_required(ROLE_COORDINATOR)
@require_http_methods(["GET", "POST"])
def coordinator_decide(request, reference):
    item = selectors.request_get_visible(request.user, reference)
    allowed = [
        action
        for action in actions_for(item.status, services.user_roles(request.user))
        if action in DECISION_FORMS
    ]
    forms = {action: DECISION_FORMS[action](prefix=action) for action in allowed}
    posted = request.POST.get("action")
    if request.method == "POST":
        if posted not in forms:
            messages.error(
                request,
                _("Das geht im Status „%(status)s“ nicht mehr.")
                % {"status": item.get_status_display()},
            )
            return redirect("sprachmittler:coordinator_decide", reference=item.reference)
        form = DECISION_FORMS[posted](request.POST, prefix=posted)
        forms[posted] = form
        if form.is_valid() and _decide(request, item, posted, form.cleaned_data):
            if posted in ("approve", "reject"):
                return redirect("sprachmittler:coordinator_queue")
            return redirect("sprachmittler:coordinator_decide", reference=item.reference)
    return render(
        request,
        "sprachmittler/coordinator/decide.html",
        {
            "item": item,
            "forms": forms,
            "error_form": forms.get(posted) if posted in forms and forms[posted].errors else None,
            "history": _history(item),
            "assignment": selectors.assignment_get_current(item),
        },
    )


def _decide(request, item, action: str, data: dict) -> bool:
    by = request.user
    calls = {
        "approve": (
            lambda: services.request_approve(
                request=item, by=by, budget_line=data["budget_line"], note=data["note"]
            ),
            _("Die Anfrage %(ref)s ist genehmigt und geht an die Disposition."),
        ),
        "reject": (
            lambda: services.request_reject(
                request=item, by=by, reason_code=data["reason_code"], note=data["note"]
            ),
            _("Die Anfrage %(ref)s ist abgelehnt; die Anfragenden sind informiert."),
        ),
        "ask": (
            lambda: services.request_ask(request=item, by=by, question=data["question"]),
            _("Ihre Rückfrage zu %(ref)s ist verschickt."),
        ),
        "cancel": (
            lambda: services.request_cancel(
                request=item, by=by, party=data["party"], reason=data["reason"]
            ),
            _("Die Anfrage %(ref)s ist storniert."),
        ),
        "reopen": (
            lambda: services.request_reopen(request=item, by=by, note=data["note"]),
            _("Die Anfrage %(ref)s ist wieder geöffnet und steht im Eingang."),
        ),
    }
    call, success = calls[action]
    return run_transition(request, call, success=success % {"ref": item.case_reference})


@role_required(ROLE_COORDINATOR)
def coordinator_all(request):
    form = AllFilterForm(request.GET or None)
    status = search = ""
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"]
    page = Paginator(selectors.request_list_all(status=status, search=search), PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(
        request, "sprachmittler/coordinator/all.html", {"filter_form": form, "page_obj": page}
    )
