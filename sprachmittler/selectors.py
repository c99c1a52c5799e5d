"""Reads of the booking, each limited to what the reader's role may see (docs/booking.md):
a requester their department's requests, the dispatcher only approved ones, an
interpreter only their offers and assignments. Views never query the models directly."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from portal.roles import ROLE_COORDINATOR, ROLE_DISPATCHER, ROLE_REQUESTER

from .constants import AssignmentStatus, Mode, OfferStatus, RequestStatus
from .models import (
    Absence,
    Assignment,
    DoNotSend,
    Event,
    Interpreter,
    InterpreterArea,
    InterpreterLanguage,
    Offer,
    Request,
    WeeklyAvailability,
)
from .services import travel_buffer, user_department, user_interpreter, user_roles

FAIRNESS_WEEKS = 4
# Languages whose variants are not mutually understood: only an exact match is offered.
STRICT_VARIANTS = {"ku"}


def _approved_q() -> Q:
    return Q(Exists(Event.objects.filter(request=OuterRef("pk"), action="approve")))


def request_list_visible(user):
    """Every request this user may see (none for an interpreter: they see offers)."""
    roles = user_roles(user)
    base = Request.objects.select_related("department", "budget_line")
    if ROLE_COORDINATOR in roles:
        return base
    visible = Q(pk__in=[])
    if ROLE_DISPATCHER in roles:
        visible |= _approved_q()
    if ROLE_REQUESTER in roles:
        department = user_department(user)
        if department is not None:
            visible |= Q(department=department)
    return base.filter(visible)


def request_get_visible(user, reference) -> Request:
    """One request by its (unguessable) reference, or 404 if the user may not see it."""
    try:
        return request_list_visible(user).get(reference=reference)
    except (Request.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _local_day_start(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def request_list_queue(*, filters: dict | None = None):
    """The coordinator's queue: new and questioned requests, soonest first."""
    filters = filters or {}
    requests = Request.objects.filter(
        status__in=(RequestStatus.SUBMITTED, RequestStatus.NEEDS_INFO)
    ).select_related("department")
    if filters.get("department"):
        requests = requests.filter(department=filters["department"])
    if filters.get("language"):
        requests = requests.filter(language=filters["language"])
    # Bounds of local days, so that the (status, starts_at) index serves the range
    # (starts_at__date would convert every row's time first).
    if filters.get("date_from"):
        requests = requests.filter(starts_at__gte=_local_day_start(filters["date_from"]))
    if filters.get("date_until"):
        day_after = filters["date_until"] + timedelta(days=1)
        requests = requests.filter(starts_at__lt=_local_day_start(day_after))
    if filters.get("urgent"):
        requests = requests.filter(urgent=True)
    return requests.order_by("-urgent", "starts_at")


def request_list_dispatch():
    """The dispatcher's list: approved requests still to be filled, by date."""
    return (
        Request.objects.filter(status__in=(RequestStatus.APPROVED, RequestStatus.IN_DISPATCH))
        .select_related("department")
        .order_by("starts_at")
    )


def offer_list_open(interpreter: Interpreter):
    return (
        Offer.objects.filter(
            interpreter=interpreter,
            status=OfferStatus.PENDING,
            request__status=RequestStatus.IN_DISPATCH,
            request__starts_at__gt=timezone.now(),
        )
        .select_related("request")
        .order_by("request__starts_at")
    )


def offer_get_own(user, reference) -> Offer:
    interpreter = user_interpreter(user)
    if interpreter is None:
        raise Http404
    try:
        return Offer.objects.select_related("request").get(
            reference=reference, interpreter=interpreter
        )
    except (Offer.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def assignment_list_own(interpreter: Interpreter):
    return (
        Assignment.objects.filter(interpreter=interpreter)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("request", "request__department")
        .order_by("-blocked_from")
    )


def assignment_get_own(user, pk) -> Assignment:
    interpreter = user_interpreter(user)
    if interpreter is None:
        raise Http404
    try:
        return Assignment.objects.select_related("request").get(pk=pk, interpreter=interpreter)
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- the dispatcher's candidates -------------------------------------------------------


@dataclass
class Candidate:
    interpreter: Interpreter
    score: int
    reasons: list = field(default_factory=list)
    recent_minutes: int = 0


def interpreter_candidates(request: Request, *, limit: int = 30) -> list[Candidate]:
    """Interpreters who can take the request, best first.

    Hard conditions (in the query): active, speaks the language, offers the mode, goes to
    the municipality for appointments on site, not absent that day, no overlapping active
    assignment (travel buffer included), not on the department's do-not-send list, and
    the gender where no other is acceptable. Ranked by: the exact variant, the weekly
    availability covering the time, the same interpreter as the request followed up,
    the gender preference, then fewest minutes worked in the last weeks (fairness).
    A fixed number of queries, whatever the pool's size.
    """
    start, end = request.starts_at, request.ends_at
    buffer = travel_buffer(request)
    local_start = timezone.localtime(start)
    local_end = timezone.localtime(end)
    language_q = InterpreterLanguage.objects.filter(
        interpreter=OuterRef("pk"), language=request.language
    )
    if request.language in STRICT_VARIANTS and request.language_variant:
        # Kurmanji and Sorani speakers do not understand each other: the variant must match.
        language_q = language_q.filter(variant=request.language_variant)
    pool = Interpreter.objects.filter(active=True).filter(Exists(language_q))
    mode_field = {Mode.ON_SITE: "on_site", Mode.PHONE: "phone_mode", Mode.VIDEO: "video"}
    pool = pool.filter(**{mode_field[request.mode]: True})
    if request.mode == Mode.ON_SITE:
        pool = pool.filter(
            Exists(
                InterpreterArea.objects.filter(
                    interpreter=OuterRef("pk"), municipality=request.municipality
                )
            )
        )
    pool = pool.exclude(
        Exists(
            Absence.objects.filter(
                interpreter=OuterRef("pk"),
                starts_on__lte=local_start.date(),
                ends_on__gte=local_start.date(),
            )
        )
    )
    pool = pool.exclude(
        Exists(
            Assignment.objects.filter(
                interpreter=OuterRef("pk"),
                status=AssignmentStatus.ACTIVE,
                blocked_from__lt=end + buffer,
                blocked_until__gt=start - buffer,
            ).exclude(request=request)
        )
    )
    pool = pool.exclude(
        Exists(DoNotSend.objects.filter(interpreter=OuterRef("pk"), department=request.department))
    )
    if request.gender_preference and not request.other_gender_ok:
        pool = pool.filter(gender=request.gender_preference)
    since = timezone.now() - timedelta(weeks=FAIRNESS_WEEKS)
    recent = (
        Assignment.objects.filter(
            interpreter=OuterRef("pk"), recorded_at__gte=since, minutes_worked__isnull=False
        )
        .values("interpreter")
        .annotate(total=Sum("minutes_worked"))
        .values("total")
    )
    available = WeeklyAvailability.objects.filter(
        interpreter=OuterRef("pk"),
        weekday=local_start.weekday(),
        starts_at__lte=local_start.time(),
        ends_at__gte=local_end.time(),
    )
    exact_variant = (
        InterpreterLanguage.objects.filter(
            interpreter=OuterRef("pk"),
            language=request.language,
            variant=request.language_variant,
        )
        if request.language_variant
        else None
    )
    previous = (
        Assignment.objects.filter(
            request_id=request.follow_up_of_id,
            interpreter=OuterRef("pk"),
            recorded_at__isnull=False,
        ).exclude(outcome="interpreter_absent")
        if request.follow_up_of_id
        else None
    )
    pool = pool.annotate(
        recent_minutes=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)),
        is_available=Exists(available),
        has_variant=Exists(exact_variant) if exact_variant is not None else Value(False),
        served_before=Exists(previous) if previous is not None else Value(False),
        already_offered=Exists(Offer.objects.filter(interpreter=OuterRef("pk"), request=request)),
    )
    candidates = []
    for interpreter in pool:
        score, reasons = 0, []
        if interpreter.served_before:
            score += 50
            reasons.append("follow_up")
        if interpreter.has_variant:
            score += 30
            reasons.append("variant")
        if interpreter.is_available:
            score += 20
            reasons.append("available")
        if request.gender_preference and interpreter.gender == request.gender_preference:
            score += 10
            reasons.append("gender")
        if interpreter.already_offered:
            reasons.append("already_offered")
        candidates.append(
            Candidate(
                interpreter=interpreter,
                score=score,
                reasons=reasons,
                recent_minutes=interpreter.recent_minutes,
            )
        )
    candidates.sort(key=lambda c: (-c.score, c.recent_minutes, c.interpreter.last_name))
    return candidates[:limit]


# --- interpreter screens and calendar feed (views/interpreter.py, calendar.py) ---------

CALENDAR_PAST_DAYS = 30


def assignment_list_upcoming(interpreter: Interpreter):
    """The interpreter's coming appointments, soonest first; cancelled ones stay visible
    (marked) so that a cancellation is noticed."""
    return (
        assignment_list_own(interpreter)
        .filter(request__starts_at__gt=timezone.now())
        .order_by("request__starts_at")
    )


def assignment_list_to_record(interpreter: Interpreter):
    """Appointments that have begun and whose outcome and hours are still missing."""
    return (
        assignment_list_own(interpreter)
        .filter(
            status=AssignmentStatus.ACTIVE,
            recorded_at__isnull=True,
            request__status=RequestStatus.CONFIRMED,
            request__starts_at__lte=timezone.now(),
        )
        .order_by("request__starts_at")
    )


def interpreter_get_by_calendar_token(token: str) -> Interpreter:
    """The feed's owner; an unknown (or renewed, hence old) token is a 404."""
    try:
        return Interpreter.objects.get(calendar_token=token)
    except Interpreter.DoesNotExist as error:
        raise Http404 from error


def assignment_list_calendar(interpreter: Interpreter):
    """Active and cancelled assignments from CALENDAR_PAST_DAYS ago on, each annotated with
    `sequence`: how many changes its request had since the acceptance (events are
    append-only, so the number only grows, as iCalendar's SEQUENCE must)."""
    from django.db.models import Count

    since = timezone.now() - timedelta(days=CALENDAR_PAST_DAYS)
    changes = (
        Event.objects.filter(request=OuterRef("request"), at__gt=OuterRef("created_at"))
        .exclude(action="accept")
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Assignment.objects.filter(
            interpreter=interpreter,
            status__in=(AssignmentStatus.ACTIVE, AssignmentStatus.CANCELLED),
            request__starts_at__gte=since,
        )
        .select_related("request")
        .annotate(sequence=Coalesce(Subquery(changes, output_field=IntegerField()), Value(0)))
        .order_by("request__starts_at")
    )


# --- coordinator and dispatcher screens (area: coordinator, dispatcher) ----------------


def department_list_active():
    from .models import Department

    return Department.objects.filter(active=True).order_by("name")


def budget_line_list_active():
    from .models import BudgetLine

    return BudgetLine.objects.filter(active=True)


def request_list_all(*, status: str = "", search: str = ""):
    """The coordinator's archive: every request, newest appointment first."""
    requests = Request.objects.select_related("department")
    if status:
        requests = requests.filter(status=status)
    if search:
        requests = requests.filter(case_reference__icontains=search.strip())
    return requests.order_by("-starts_at", "-pk")


def request_list_by_references(user, references) -> list[Request]:
    """The requests among `references` this user may see (for bulk decisions)."""
    return list(
        request_list_visible(user)
        .filter(reference__in=list(references))
        .order_by("starts_at", "pk")
    )


def request_list_dispatch_counted():
    """request_list_dispatch with the number of offers still waiting for an answer.

    A correlated subquery rather than Count() over a join: the database then counts for
    the rows of the page only, not for the whole list (bench/booking.md)."""
    from django.db.models import Count

    pending = (
        Offer.objects.filter(request=OuterRef("pk"), status=OfferStatus.PENDING)
        .values("request")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return request_list_dispatch().annotate(
        pending_offers=Coalesce(Subquery(pending, output_field=IntegerField()), Value(0))
    )


def offer_list_for_request(request: Request):
    return request.offers.select_related("interpreter").order_by("-created_at")


def assignment_get_current(request: Request) -> Assignment | None:
    """The request's active assignment (holding outcome and hours once recorded)."""
    return (
        request.assignments.filter(status=AssignmentStatus.ACTIVE)
        .select_related("interpreter")
        .first()
    )


def assignment_list_unverified():
    """Recorded hours the dispatcher has not verified yet, oldest appointment first."""
    return (
        Assignment.objects.filter(
            status=AssignmentStatus.ACTIVE,
            recorded_at__isnull=False,
            verified_at__isnull=True,
            request__status__in=(
                RequestStatus.COMPLETED,
                RequestStatus.NO_SHOW_CLIENT,
                RequestStatus.INTERPRETER_ABSENT,
            ),
        )
        .select_related("request", "request__department", "interpreter")
        .order_by("blocked_from")
    )


def interpreter_list_pool():
    return Interpreter.objects.prefetch_related("languages", "areas").order_by(
        "last_name", "first_name"
    )


def interpreter_get(pk) -> Interpreter:
    try:
        return Interpreter.objects.get(pk=pk)
    except (Interpreter.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def interpreter_get_pool_details(interpreter: Interpreter) -> dict:
    """What the pool's edit page lists beside the form."""
    return {
        "languages": list(interpreter.languages.all()),
        "areas": list(interpreter.areas.all()),
        "absences": list(interpreter.absences.order_by("starts_on")),
        "availability": list(interpreter.availability.order_by("weekday", "starts_at")),
        "do_not_send": list(
            DoNotSend.objects.filter(interpreter=interpreter)
            .select_related("department")
            .order_by("department__name")
        ),
    }


# --- requester screens (area: requester) ----------------------------------------------


def _department_requests(user):
    """The user's department's requests (a requester who also coordinates sees only
    their own department on the requester screens)."""
    department = user_department(user)
    if department is None:
        return Request.objects.none()
    return request_list_visible(user).filter(department=department)


def request_list_department(user, *, period: str = "all", now=None):
    """The department's requests: upcoming (from today on, soonest first), past (latest
    first) or all (upcoming first, then past). Assignments are prefetched for the next
    step shown in the list."""
    from django.db.models import Case, F, When

    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    requests = _department_requests(user).prefetch_related("assignments")
    if period == "upcoming":
        return requests.filter(starts_at__gte=today).order_by("starts_at")
    if period == "past":
        return requests.filter(starts_at__lt=today).order_by("-starts_at")
    return requests.annotate(
        upcoming_start=Case(When(starts_at__gte=today, then=F("starts_at")), default=None)
    ).order_by(F("upcoming_start").asc(nulls_last=True), "-starts_at")


def request_list_department_todo(user):
    """The department's requests waiting for the requester: a question to answer or
    recorded hours to confirm."""
    from .workflow import OUTCOMES

    unconfirmed_hours = Assignment.objects.filter(
        request=OuterRef("pk"),
        status=AssignmentStatus.ACTIVE,
        recorded_at__isnull=False,
        confirmed_by_requester_at__isnull=True,
    )
    return (
        _department_requests(user)
        .filter(
            Q(status=RequestStatus.NEEDS_INFO)
            | Q(status__in=OUTCOMES) & Q(Exists(unconfirmed_hours))
        )
        .prefetch_related("assignments")
        .order_by("starts_at")
    )


def request_list_follow_up_choices(user):
    """Earlier requests of the department that had an interpreter: a new request may
    follow one up (the same interpreter is asked first)."""
    from .workflow import OUTCOMES

    return (
        _department_requests(user)
        .filter(status__in=(RequestStatus.CONFIRMED, *OUTCOMES, RequestStatus.SETTLED))
        .order_by("-starts_at")
    )


def event_list_for_request(request: Request):
    """A request's audit trail, oldest first, with the actors and their groups (roles)."""
    return request.events.select_related("actor").prefetch_related("actor__groups")
