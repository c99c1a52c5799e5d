"""The request workflow as one visible table: which action moves a request from which
states to which state, and which role may take it. Services (services.py) look every
transition up here; an action not in the table raises TransitionError, which views turn
into a clear message."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_INTERPRETER, ROLE_REQUESTER

from .constants import RequestStatus as S

OPEN = (S.SUBMITTED, S.NEEDS_INFO, S.APPROVED, S.IN_DISPATCH, S.CONFIRMED)
OUTCOMES = (S.COMPLETED, S.NO_SHOW_CLIENT, S.INTERPRETER_ABSENT)


@dataclass(frozen=True)
class Transition:
    sources: tuple
    target: object  # a RequestStatus, or None where the service decides (outcome, change)
    roles: tuple
    label: object


TRANSITIONS: dict[str, Transition] = {
    # requester
    "submit": Transition((), S.SUBMITTED, (ROLE_REQUESTER,), _("Anfrage gestellt")),
    "complete": Transition(
        (S.NEEDS_INFO,), S.SUBMITTED, (ROLE_REQUESTER,), _("Rückfrage beantwortet")
    ),
    "change": Transition(
        (S.SUBMITTED, S.NEEDS_INFO, S.APPROVED, S.IN_DISPATCH, S.CONFIRMED),
        None,  # a confirmed request whose time, language or place changed goes back to dispatch
        (ROLE_REQUESTER,),
        _("Anfrage geändert"),
    ),
    "confirm_hours": Transition(OUTCOMES, None, (ROLE_REQUESTER,), _("Stunden bestätigt")),
    # coordinator
    "approve": Transition((S.SUBMITTED,), S.APPROVED, (ROLE_COORDINATOR,), _("Genehmigt")),
    "reject": Transition(
        (S.SUBMITTED, S.NEEDS_INFO), S.REJECTED, (ROLE_COORDINATOR,), _("Abgelehnt")
    ),
    "ask": Transition((S.SUBMITTED,), S.NEEDS_INFO, (ROLE_COORDINATOR,), _("Rückfrage gestellt")),
    "reopen": Transition(
        (S.REJECTED, S.CANCELLED, S.UNFILLED),
        S.SUBMITTED,
        (ROLE_COORDINATOR,),
        _("Wieder geöffnet"),
    ),
    # dispatcher
    "offer": Transition(
        (S.APPROVED, S.IN_DISPATCH), S.IN_DISPATCH, (ROLE_DISPATCHER,), _("Angeboten")
    ),
    "mark_unfilled": Transition(
        (S.APPROVED, S.IN_DISPATCH), S.UNFILLED, (ROLE_DISPATCHER,), _("Nicht besetzt")
    ),
    "verify": Transition(
        OUTCOMES, S.SETTLED, (ROLE_DISPATCHER,), _("Stunden geprüft, abgerechnet")
    ),
    # interpreter
    "accept": Transition((S.IN_DISPATCH,), S.CONFIRMED, (ROLE_INTERPRETER,), _("Angenommen")),
    "decline": Transition((S.IN_DISPATCH,), None, (ROLE_INTERPRETER,), _("Angebot abgelehnt")),
    "withdraw": Transition(
        (S.CONFIRMED,), S.IN_DISPATCH, (ROLE_INTERPRETER,), _("Einsatz zurückgegeben")
    ),
    "record": Transition((S.CONFIRMED,), None, (ROLE_INTERPRETER,), _("Einsatz erfasst")),
    # the department (or the pool) reports that the interpreter did not come
    "report_absent": Transition(
        (S.CONFIRMED,),
        S.INTERPRETER_ABSENT,
        (ROLE_REQUESTER, ROLE_DISPATCHER),
        _("Sprachmittler/in nicht erschienen"),
    ),
    # anyone responsible, from any open state
    "cancel": Transition(
        OPEN,
        S.CANCELLED,
        (ROLE_REQUESTER, ROLE_COORDINATOR, ROLE_DISPATCHER),
        _("Storniert"),
    ),
}


class TransitionError(Exception):
    """A move the workflow does not allow; its message is shown to the user."""


def transition_check(action: str, status: str, roles: set[str]) -> Transition:
    transition = TRANSITIONS[action]
    if not roles.intersection(transition.roles):
        raise TransitionError(_("Dazu fehlt Ihnen die Berechtigung."))
    if transition.sources and status not in transition.sources:
        raise TransitionError(
            _("Das geht im Status „%(status)s“ nicht mehr.") % {"status": S(status).label}
        )
    return transition


def actions_for(status: str, roles: set[str]) -> list[str]:
    """The actions a user with these roles may take on a request in this state."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if transition.sources
        and status in transition.sources
        and roles.intersection(transition.roles)
    ]
