"""The interpreter service figures of the committee report (issue 6).

`interpreter_report` turns the requests of a period into the tables of
config/reporting.py; `report_period_from_query` reads the period from the report page's
query string. Every figure is an aggregate the database computes (a fixed number of
queries, however many requests there are): Python only labels the few grouped rows.

A request belongs to the period of its appointment (starts_at as a local date in
Europe/Berlin). Requests anonymised by the retention task count like any other: the
figures read only status, language and variant, department, topic, mode, times, budget
line, the assignment's outcome and minutes, and the audit trail (Event) whose times stay.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.reporting import (
    Period,
    Table,
    custom_period,
    month_period,
    quarter_period,
    year_period,
)

from .constants import (
    VARIANT_CHOICES,
    AssignmentStatus,
    CancelParty,
    Language,
    Mode,
    Outcome,
    RejectReason,
    RequestStatus,
    Topic,
)
from .models import Assignment, Event, Request, Tariff

# The district's days: an appointment at 00:30 on 1 January local time is in January.
LOCAL = ZoneInfo("Europe/Berlin")
# A late cancellation is paid (the tariff's minimum) when the requesting side cancelled;
# an interpreter or the pool cancelling late earns the interpreter nothing.
BILLABLE_CANCEL_PARTIES = (CancelParty.DEPARTMENT, CancelParty.CLIENT, CancelParty.DISTRICT)
EARLY_CONFIRMATION = timedelta(hours=48)
YEARS_COMPARED = 3

HOUR = Decimal("0.1")
CENT = Decimal("0.01")

REQUESTS = gettext_lazy("Anfragen")
COUNT_COLUMN = ("count", REQUESTS)
LANGUAGE_COLUMN = ("language", gettext_lazy("Sprache"))


# --- the period -------------------------------------------------------------------------


def report_period_from_query(query: dict) -> Period:
    """kind=month|quarter|year|custom with year, month, quarter, from, until (both dates
    included, ISO or DD.MM.YYYY). Without a kind: the current funding year.

    Errors name their field ({"year": …}), so the form shows them where they belong."""
    today = timezone.localdate()
    kind = (query.get("kind") or "year").strip()
    year = _number(
        query.get("year"), today.year, 2000, 2100, _("Bitte geben Sie ein Jahr an."), "year"
    )
    if kind == "year":
        return year_period(year)
    if kind == "month":
        month = _number(
            query.get("month"),
            today.month,
            1,
            12,
            _("Bitte wählen Sie einen Monat (1 bis 12)."),
            "month",
        )
        return month_period(year, month)
    if kind == "quarter":
        quarter = _number(
            query.get("quarter"),
            (today.month - 1) // 3 + 1,
            1,
            4,
            _("Bitte wählen Sie ein Quartal (1 bis 4)."),
            "quarter",
        )
        return quarter_period(year, quarter)
    if kind == "custom":
        first = _field(
            "from", _day, query.get("from"), _("Bitte geben Sie das Anfangsdatum an (TT.MM.JJJJ).")
        )
        last = _field(
            "until", _day, query.get("until"), _("Bitte geben Sie das Enddatum an (TT.MM.JJJJ).")
        )
        if last < first:
            raise ValidationError(
                {"until": _("Das Enddatum darf nicht vor dem Anfangsdatum liegen.")}
            )
        return custom_period(first, last)
    raise ValidationError(
        {"kind": _("Bitte wählen Sie Monat, Quartal, Jahr oder einen eigenen Zeitraum.")}
    )


def _field(name: str, parse, raw, message: str):
    try:
        return parse(raw, message)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def _number(raw, default: int, low: int, high: int, message: str, name: str) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValidationError({name: message}) from None
    if not low <= value <= high:
        raise ValidationError({name: message})
    return value


def _day(raw, message: str) -> date:
    text = (raw or "").strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            day = parse(text)
        except ValueError:
            continue
        if 2000 <= day.year <= 2100:
            return day
    raise ValidationError(message)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL)


# --- the requests counted ---------------------------------------------------------------


def _filtered(requests: QuerySet, filters: dict) -> QuerySet:
    department = filters.get("department")
    if department not in (None, ""):
        if isinstance(department, str) and not department.isdigit():
            raise ValidationError(_("Diese Abteilung gibt es nicht."))
        requests = requests.filter(department=department)
    for name in ("language", "topic", "mode"):
        if filters.get(name):
            requests = requests.filter(**{name: filters[name]})
    return requests


def _in_period(period: Period, filters: dict) -> QuerySet:
    return _filtered(
        Request.objects.filter(
            starts_at__gte=_local_midnight(period.start), starts_at__lt=_local_midnight(period.end)
        ),
        filters,
    )


def _assignment(field: str) -> Subquery:
    """A field of the request's active assignment (at most one: the one that took place)."""
    active = Assignment.objects.filter(request=OuterRef("pk"), status=AssignmentStatus.ACTIVE)
    return Subquery(active.values(field)[:1])


def _event_at(actions: tuple[str, ...], *, last: bool = False) -> Subquery:
    events = Event.objects.filter(request=OuterRef("pk"), action__in=actions)
    return Subquery(events.order_by("-at" if last else "at").values("at")[:1])


def _language_label(code: str, variant: str) -> str:
    if code not in Language.values:
        return code
    # "Other" is one row: its free text is personal enough to be erased on anonymisation.
    label = str(Language(code).label)
    variants = dict(VARIANT_CHOICES)
    if variant in variants:
        label += f" ({variants[variant]})"
    return label


def _hours(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(HOUR, ROUND_HALF_UP)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HOUR, ROUND_HALF_UP)


def _bar(key, title, columns, rows, label, value, description) -> Table:
    return Table(
        key=key,
        title=title,
        columns=columns,
        rows=rows,
        chart="bar",
        chart_label=label,
        chart_value=value,
        description=description,
    )


# --- the report -------------------------------------------------------------------------


def interpreter_report(*, period: Period, filters: dict) -> list[Table]:
    """The interpreter service figures of a period. filters (each optional): department
    (a Department or its id), language (code, all variants), topic, mode."""
    requests = _in_period(period, filters)
    return [
        _by_month(requests, period),
        _by_language(requests),
        _by_department(requests),
        _by_choice(
            requests,
            "topic",
            Topic,
            "by_topic",
            gettext_lazy("Anfragen nach Thema"),
            gettext_lazy("Thema"),
            gettext_lazy("Alle Anfragen nach dem Thema des Termins."),
        ),
        _by_choice(
            requests,
            "mode",
            Mode,
            "by_mode",
            gettext_lazy("Anfragen nach Art des Einsatzes"),
            gettext_lazy("Art"),
            gettext_lazy("Alle Anfragen nach Art: vor Ort, Telefon oder Video."),
        ),
        _outcomes(requests),
        _unmet_demand(requests),
        _lead_times(requests),
        _hours_costs(requests),
        *_year_comparison(period, filters),
    ]


def _by_month(requests: QuerySet, period: Period) -> Table:
    counted = {
        (row["month"].year, row["month"].month): row["count"]
        for row in requests.annotate(month=TruncMonth("starts_at", tzinfo=LOCAL))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    }
    rows = []
    month = period.start.replace(day=1)
    while month < period.end:  # every month of the period, the empty ones too
        rows.append(
            {
                "month": date_format(month, "YEAR_MONTH_FORMAT"),
                "count": counted.get((month.year, month.month), 0),
            }
        )
        month = (month + timedelta(days=32)).replace(day=1)
    return _bar(
        "by_month",
        gettext_lazy("Anfragen nach Monat"),
        [("month", gettext_lazy("Monat")), COUNT_COLUMN],
        rows,
        "month",
        "count",
        gettext_lazy("Alle Anfragen nach dem Monat des Termins, in jedem Status."),
    )


def _by_language(requests: QuerySet) -> Table:
    grouped = (
        requests.values("language", "language_variant")
        .annotate(count=Count("pk"))
        .order_by("-count", "language", "language_variant")
    )
    rows = [
        {
            "language": _language_label(row["language"], row["language_variant"]),
            "count": row["count"],
        }
        for row in grouped
    ]
    return _bar(
        "by_language",
        gettext_lazy("Anfragen nach Sprache"),
        [LANGUAGE_COLUMN, COUNT_COLUMN],
        rows,
        "language",
        "count",
        gettext_lazy("Alle Anfragen nach Sprache und Variante."),
    )


def _by_department(requests: QuerySet) -> Table:
    grouped = (
        requests.values("department__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "department__name")
    )
    rows = [{"department": row["department__name"], "count": row["count"]} for row in grouped]
    return _bar(
        "by_department",
        gettext_lazy("Anfragen nach Abteilung"),
        [("department", gettext_lazy("Abteilung")), COUNT_COLUMN],
        rows,
        "department",
        "count",
        gettext_lazy("Alle Anfragen nach der anfragenden Abteilung."),
    )


def _by_choice(requests: QuerySet, field, choices, key, title, heading, description) -> Table:
    grouped = requests.values(field).annotate(count=Count("pk")).order_by("-count", field)
    rows = [{field: str(choices(row[field]).label), "count": row["count"]} for row in grouped]
    return _bar(
        key,
        title,
        [(field, heading), COUNT_COLUMN],
        rows,
        field,
        "count",
        description,
    )


def _outcomes(requests: QuerySet) -> Table:
    S = RequestStatus
    cancelled = Q(status=S.CANCELLED)
    measures = [
        (_("Anfragen insgesamt"), Q()),
        (_("Genehmigt"), Q(ever_approved=True)),
        (_("Abgelehnt"), Q(status=S.REJECTED)),
        *(
            (
                _("Abgelehnt: %(reason)s") % {"reason": label},
                Q(status=S.REJECTED, reject_reason=code),
            )
            for code, label in RejectReason.choices
        ),
        (_("Storniert"), cancelled),
        (_("Storniert, kurzfristig"), cancelled & Q(cancelled_late=True)),
        (_("Storniert, rechtzeitig"), cancelled & Q(cancelled_late=False)),
        *(
            (_("Storniert durch: %(party)s") % {"party": label}, cancelled & Q(cancelled_by=code))
            for code, label in CancelParty.choices
        ),
        (_("Nicht besetzt"), Q(status=S.UNFILLED)),
        # By the assignment's outcome, so that a settled request still counts as held.
        (_("Durchgeführt"), Q(outcome=Outcome.COMPLETED)),
        (_("Klient/in nicht erschienen"), Q(outcome=Outcome.NO_SHOW_CLIENT)),
        (_("Sprachmittler/in nicht erschienen"), Q(outcome=Outcome.INTERPRETER_ABSENT)),
        (_("Abgerechnet"), Q(status=S.SETTLED)),
    ]
    counts = requests.annotate(
        ever_approved=Exists(Event.objects.filter(request=OuterRef("pk"), action="approve")),
        outcome=_assignment("outcome"),
    ).aggregate(
        **{f"n{index}": Count("pk", filter=q) for index, (_label, q) in enumerate(measures)}
    )
    rows = [
        {"measure": label, "count": counts[f"n{index}"]}
        for index, (label, _q) in enumerate(measures)
    ]
    return Table(
        key="outcomes",
        title=gettext_lazy("Ergebnis der Anfragen"),
        columns=[("measure", gettext_lazy("Kennzahl")), ("count", gettext_lazy("Anzahl"))],
        rows=rows,
        description=gettext_lazy(
            "Genehmigt zählt jede je genehmigte Anfrage; abgelehnt, storniert und nicht besetzt "
            "den heutigen Stand; durchgeführt und nicht erschienen auch, wenn schon abgerechnet."
        ),
    )


def _unmet_demand(requests: QuerySet) -> Table:
    grouped = (
        requests.values("language", "language_variant")
        .annotate(unfilled=Count("pk", filter=Q(status=RequestStatus.UNFILLED)), total=Count("pk"))
        .filter(unfilled__gt=0)
        .order_by("-unfilled", "language", "language_variant")
    )
    rows = [
        {
            "language": _language_label(row["language"], row["language_variant"]),
            "unfilled": row["unfilled"],
            "total": row["total"],
            "share": _percent(row["unfilled"], row["total"]),
        }
        for row in grouped
    ]
    return _bar(
        "unmet_demand",
        gettext_lazy("Nicht besetzte Anfragen nach Sprache"),
        [
            LANGUAGE_COLUMN,
            ("unfilled", gettext_lazy("Nicht besetzt")),
            ("total", gettext_lazy("Anfragen insgesamt")),
            ("share", gettext_lazy("Anteil nicht besetzt (%)")),
        ],
        rows,
        "language",
        "unfilled",
        gettext_lazy(
            "Anfragen, für die sich niemand fand: für diese Sprachen sucht der Pool "
            "Sprachmittlerinnen und Sprachmittler."
        ),
    )


def _lead_times(requests: QuerySet) -> Table:
    timed = requests.annotate(
        submitted_at=_event_at(("submit",)),
        decided_at=_event_at(("approve", "reject")),
        approved_at=_event_at(("approve",)),
        confirmed_at=_event_at(("accept",)),
        # The confirmation that held: after a withdrawal only the later one counts.
        last_confirmed_at=_event_at(("accept",), last=True),
    )
    decision = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    confirmation = ExpressionWrapper(
        F("confirmed_at") - F("approved_at"), output_field=DurationField()
    )
    counts = timed.aggregate(
        decided=Count("pk", filter=Q(submitted_at__isnull=False, decided_at__isnull=False)),
        confirmed=Count("pk", filter=Q(approved_at__isnull=False, confirmed_at__isnull=False)),
        held=Count("pk", filter=Q(last_confirmed_at__isnull=False)),
        early=Count("pk", filter=Q(last_confirmed_at__lte=F("starts_at") - EARLY_CONFIRMATION)),
    )
    rows = []
    for name, expression, count in (
        (_("Eingang bis Entscheidung"), decision, counts["decided"]),
        (_("Entscheidung bis Bestätigung"), confirmation, counts["confirmed"]),
    ):
        median, p90 = _median_p90(timed, expression, count)
        rows += [
            {"measure": _("%(name)s: Median (Stunden)") % {"name": name}, "value": median,
             "count": count},
            {"measure": _("%(name)s: 90. Perzentil (Stunden)") % {"name": name}, "value": p90,
             "count": count},
        ]  # fmt: skip
    rows.append(
        {
            "measure": _("Mindestens 48 Stunden vor dem Termin bestätigt (%)"),
            "value": _percent(counts["early"], counts["held"]),
            "count": counts["held"],
        }
    )
    return Table(
        key="lead_times",
        title=gettext_lazy("Bearbeitungszeiten"),
        columns=[
            ("measure", gettext_lazy("Kennzahl")),
            ("value", gettext_lazy("Wert")),
            ("count", gettext_lazy("Anfragen")),
        ],
        rows=rows,
        description=gettext_lazy(
            "Aus dem Protokoll: vom Eingang bis zur Genehmigung oder Ablehnung, von der "
            "Genehmigung bis zur ersten Zusage; Anteil der zugesagten Anfragen, deren Zusage "
            "mindestens 48 Stunden vor dem Termin vorlag."
        ),
    )


def _median_p90(timed: QuerySet, expression, count: int) -> tuple:
    """Median (the middle value, the mean of the two middle ones for an even count) and
    90th percentile (nearest rank: the value at position ⌈0.9·n⌉), each one ORDER BY +
    OFFSET query, the same on SQLite and PostgreSQL."""
    if not count:
        return None, None
    ordered = (
        timed.annotate(lead=expression)
        .filter(lead__isnull=False)
        .order_by("lead")
        .values_list("lead", flat=True)
    )
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    median = sum(middle, timedelta()) / len(middle)
    rank = (9 * count + 9) // 10
    p90 = ordered[rank - 1 : rank].get()
    return _lead_hours(median), _lead_hours(p90)


def _lead_hours(lead: timedelta) -> Decimal:
    return (Decimal(lead.total_seconds()) / 3600).quantize(HOUR, ROUND_HALF_UP)


def _hours_costs(requests: QuerySet) -> Table:
    tariff = Tariff.objects.filter(valid_from__lte=OuterRef("local_day")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("local_day"))
    )
    tariff = tariff.order_by("-valid_from")
    billed = requests.filter(budget_line__isnull=False).annotate(
        local_day=TruncDate("starts_at", tzinfo=LOCAL),
        outcome=_assignment("outcome"),
        worked=Coalesce(_assignment("minutes_worked"), 0),
        travel=Coalesce(_assignment("travel_minutes"), 0),
        rate=Subquery(tariff.values("hourly_rate")[:1]),
        minimum=Coalesce(Subquery(tariff.values("late_cancel_minimum_minutes")[:1]), 0),
        allowance=Subquery(tariff.values("travel_allowance")[:1]),
    )
    billed = billed.annotate(
        billable=Case(
            When(outcome=Outcome.COMPLETED, then=F("worked")),
            When(outcome=Outcome.NO_SHOW_CLIENT, then=Greatest("worked", "minimum")),
            When(
                status=RequestStatus.CANCELLED,
                cancelled_late=True,
                cancelled_by__in=BILLABLE_CANCEL_PARTIES,
                then=F("minimum"),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    took_place = Q(outcome__in=(Outcome.COMPLETED, Outcome.NO_SHOW_CLIENT))
    travelled = took_place & Q(mode=Mode.ON_SITE)
    money = DecimalField(max_digits=14, decimal_places=4)
    grouped = (
        billed.values(
            "budget_line", "budget_line__code", "budget_line__name", "budget_line__amount"
        )
        .annotate(
            assignments=Count("pk", filter=Q(outcome=Outcome.COMPLETED)),
            minutes_worked=Sum("worked", filter=took_place),
            travel_minutes=Sum("travel", filter=took_place),
            billable_minutes=Sum("billable"),
            fees=Sum(ExpressionWrapper(F("billable") * F("rate"), output_field=money)),
            allowances=Sum("allowance", filter=travelled, output_field=money),
        )
        .order_by("budget_line__code")
    )
    rows = []
    for row in grouped:
        cost = (Decimal(row["fees"] or 0) / 60 + Decimal(row["allowances"] or 0)).quantize(
            CENT, ROUND_HALF_UP
        )
        rows.append(
            {
                "budget_line": f"{row['budget_line__code']} – {row['budget_line__name']}",
                "assignments": row["assignments"],
                "minutes_worked": row["minutes_worked"] or 0,
                "travel_minutes": row["travel_minutes"] or 0,
                "billable_minutes": row["billable_minutes"] or 0,
                "cost": cost,
                "budget": row["budget_line__amount"],
                "share": _percent(cost, row["budget_line__amount"]),
            }
        )
    return _bar(
        "hours_costs",
        gettext_lazy("Stunden und Kosten nach Kostenstelle"),
        [
            ("budget_line", gettext_lazy("Kostenstelle")),
            ("assignments", gettext_lazy("Einsätze")),
            ("minutes_worked", gettext_lazy("Minuten gedolmetscht")),
            ("travel_minutes", gettext_lazy("Fahrzeit (Minuten)")),
            ("billable_minutes", gettext_lazy("Abrechenbare Minuten")),
            ("cost", gettext_lazy("Kosten (€)")),
            ("budget", gettext_lazy("Budget (€)")),
            ("share", gettext_lazy("Anteil am Budget (%)")),
        ],
        rows,
        "budget_line",
        "cost",
        gettext_lazy(
            "Abrechenbar sind die gedolmetschten Minuten, bei nicht erschienenen Klient/innen "
            "und kurzfristiger Absage durch Abteilung, Klient/in oder Landkreis mindestens die "
            "Mindestzeit; Kosten nach dem am Tag des Termins gültigen Vergütungssatz, dazu die "
            "Fahrtpauschale je Einsatz vor Ort."
        ),
    )


def _year_comparison(period: Period, filters: dict) -> list[Table]:
    """Assignments carried out and their hours per year, the last three years up to the
    period's, by sector (topic), language and mode: the form of the Swiss national
    interpreting statistics (INTERPRET), years side by side."""
    last = (period.end - timedelta(days=1)).year
    years = list(range(last - YEARS_COMPARED + 1, last + 1))
    carried_out = (
        _filtered(
            Request.objects.filter(
                starts_at__gte=_local_midnight(date(years[0], 1, 1)),
                starts_at__lt=_local_midnight(date(last + 1, 1, 1)),
            ),
            filters,
        )
        .annotate(outcome=_assignment("outcome"), worked=_assignment("minutes_worked"))
        .filter(outcome=Outcome.COMPLETED)
    )
    per_year = {}
    for year in years:
        in_year = Q(
            starts_at__gte=_local_midnight(date(year, 1, 1)),
            starts_at__lt=_local_midnight(date(year + 1, 1, 1)),
        )
        per_year[f"assignments_{year}"] = Count("pk", filter=in_year)
        per_year[f"minutes_{year}"] = Sum("worked", filter=in_year)
    columns_per_year = [
        column
        for year in years
        for column in (
            (f"assignments_{year}", _("Einsätze %(year)s") % {"year": year}),
            (f"hours_{year}", _("Stunden %(year)s") % {"year": year}),
        )
    ]

    def table(key, title, heading, fields, label) -> Table:
        rows = []
        for row in carried_out.values(*fields).annotate(**per_year).order_by(*fields):
            cells = {"group": label(row)}
            for year in years:
                cells[f"assignments_{year}"] = row[f"assignments_{year}"]
                cells[f"hours_{year}"] = _hours(row[f"minutes_{year}"])
            rows.append(cells)
        return Table(
            key=key,
            title=title,
            columns=[("group", heading), *columns_per_year],
            rows=rows,
            description=gettext_lazy(
                "Durchgeführte Einsätze und gedolmetschte Stunden je Kalenderjahr, wie in der "
                "Schweizer Dolmetschstatistik (INTERPRET)."
            ),
        )

    return [
        table(
            "year_by_topic",
            gettext_lazy("Jahresvergleich nach Bereich"),
            gettext_lazy("Bereich"),
            ("topic",),
            lambda row: str(Topic(row["topic"]).label),
        ),
        table(
            "year_by_language",
            gettext_lazy("Jahresvergleich nach Sprache"),
            gettext_lazy("Sprache"),
            ("language", "language_variant"),
            lambda row: _language_label(row["language"], row["language_variant"]),
        ),
        table(
            "year_by_mode",
            gettext_lazy("Jahresvergleich nach Art des Einsatzes"),
            gettext_lazy("Art"),
            ("mode",),
            lambda row: str(Mode(row["mode"]).label),
        ),
    ]
