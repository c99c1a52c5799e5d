"""The interpreter service figures of the committee report (issue 6).

`interpreter_report` turns the requests of a period into the tables of
portal/reporting.py; `report_period_from_query` reads the period from the report page's
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
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    ExtractYear,
    Greatest,
    RowNumber,
    TruncDate,
    TruncMonth,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.reporting import (
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
from .models import Event, Request, Tariff

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


def _with_active(requests: QuerySet) -> QuerySet:
    """Joins the request's active assignment once (at most one: the one that took place);
    its fields are then `active__outcome`, `active__minutes_worked`, … (NULL without one)."""
    return requests.annotate(
        active=FilteredRelation(
            "assignments", condition=Q(assignments__status=AssignmentStatus.ACTIVE)
        )
    )


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
    counts = (
        _with_active(requests)
        .annotate(
            ever_approved=Exists(Event.objects.filter(request=OuterRef("pk"), action="approve")),
            outcome=F("active__outcome"),
        )
        .aggregate(
            **{f"n{index}": Count("pk", filter=q) for index, (_label, q) in enumerate(measures)}
        )
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
    # One pass over the period's events, grouped by request: the five times of each.
    timed = (
        Event.objects.filter(request__in=requests.values("pk"))
        .values("request")
        .annotate(
            submitted_at=Min("at", filter=Q(action="submit")),
            decided_at=Min("at", filter=Q(action__in=("approve", "reject"))),
            approved_at=Min("at", filter=Q(action="approve")),
            confirmed_at=Min("at", filter=Q(action="accept")),
            # The confirmation that held: after a withdrawal only the later one counts.
            last_confirmed_at=Max("at", filter=Q(action="accept")),
            starts_at=Max("request__starts_at"),
        )
        .order_by()
    )
    decision = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    confirmation = ExpressionWrapper(
        F("confirmed_at") - F("approved_at"), output_field=DurationField()
    )
    counts = timed.aggregate(
        decided=Count("request", filter=Q(submitted_at__isnull=False, decided_at__isnull=False)),
        confirmed=Count("request", filter=Q(approved_at__isnull=False, confirmed_at__isnull=False)),
        held=Count("request", filter=Q(last_confirmed_at__isnull=False)),
        early=Count(
            "request", filter=Q(last_confirmed_at__lte=F("starts_at") - EARLY_CONFIRMATION)
        ),
    )
    medians = _medians_p90(
        timed,
        {
            "decision": (decision, counts["decided"]),
            "confirmation": (confirmation, counts["confirmed"]),
        },
    )
    rows = []
    for name, key, count in (
        (_("Eingang bis Entscheidung"), "decision", counts["decided"]),
        (_("Entscheidung bis Bestätigung"), "confirmation", counts["confirmed"]),
    ):
        median, p90 = medians[key]
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


def _positions(count: int) -> tuple[list[int], int]:
    """The 1-based ranks of the median (the middle value, both middle ones for an even
    count) and of the 90th percentile (nearest rank: ⌈0.9·n⌉)."""
    return list(range((count - 1) // 2 + 1, count // 2 + 2)), (9 * count + 9) // 10


def _medians_p90(timed: QuerySet, leads: dict) -> dict:
    """Median (the mean of the two middle values for an even count) and 90th percentile of
    each lead {key: (expression, count)}: one query numbering the per-request leads in
    order (ROW_NUMBER, the NULLs last) and returning only the rows at the wanted ranks,
    the same on SQLite and PostgreSQL."""
    result = dict.fromkeys(leads, (None, None))
    wanted = {key: count for key, (_expression, count) in leads.items() if count}
    if not wanted:
        return result
    ranked = timed.annotate(**{key: leads[key][0] for key in wanted})
    ranked = ranked.annotate(
        **{
            f"{key}_rank": Window(RowNumber(), order_by=F(key).asc(nulls_last=True))
            for key in wanted
        }
    )
    condition = Q()
    for key, count in wanted.items():
        middle, p90 = _positions(count)
        condition |= Q(**{f"{key}_rank__in": [*middle, p90]})
    found = {key: {} for key in wanted}
    for row in ranked.filter(condition).values(*wanted, *(f"{key}_rank" for key in wanted)):
        for key in wanted:
            found[key][row[f"{key}_rank"]] = row[key]
    for key, count in wanted.items():
        middle, p90 = _positions(count)
        values = [found[key][rank] for rank in middle]
        median = sum(values, timedelta()) / len(values)
        result[key] = (_lead_hours(median), _lead_hours(found[key][p90]))
    return result


def _lead_hours(lead: timedelta) -> Decimal:
    return (Decimal(lead.total_seconds()) / 3600).quantize(HOUR, ROUND_HALF_UP)


def _hours_costs(requests: QuerySet) -> Table:
    # The tariffs are a handful of rows: the one valid on the appointment's local day is
    # chosen per row by a CASE over them (the latest valid_from first), grouped by, and its
    # rate and travel allowance applied to the grouped sums.
    tariffs = list(Tariff.objects.order_by("-valid_from"))
    local_day = TruncDate("starts_at", tzinfo=LOCAL)
    valid = [
        Q(local_day__gte=tariff.valid_from)
        & (Q() if tariff.valid_until is None else Q(local_day__lte=tariff.valid_until))
        for tariff in tariffs
    ]
    billed = (
        _with_active(requests)
        .filter(budget_line__isnull=False)
        .annotate(local_day=local_day)
        .annotate(
            outcome=F("active__outcome"),
            worked=Coalesce("active__minutes_worked", 0),
            travel=Coalesce("active__travel_minutes", 0),
            tariff=Case(
                *(When(q, then=Value(index)) for index, q in enumerate(valid)),
                default=Value(None),
                output_field=IntegerField(),
            ),
            minimum=Case(
                *(
                    When(q, then=Value(tariff.late_cancel_minimum_minutes))
                    for tariff, q in zip(tariffs, valid, strict=True)
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
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
    grouped = (
        billed.values(
            "budget_line",
            "budget_line__code",
            "budget_line__name",
            "budget_line__amount",
            "tariff",
        )
        .annotate(
            assignments=Count("pk", filter=Q(outcome=Outcome.COMPLETED)),
            minutes_worked=Sum("worked", filter=took_place),
            travel_minutes=Sum("travel", filter=took_place),
            billable_minutes=Sum("billable"),
            travelled=Count("pk", filter=travelled),
        )
        .order_by()
    )
    lines = {}
    for row in grouped:  # one row per budget line and tariff
        line = lines.setdefault(
            row["budget_line"],
            {
                "code": row["budget_line__code"],
                "name": row["budget_line__name"],
                "amount": row["budget_line__amount"],
                "assignments": 0,
                "minutes_worked": 0,
                "travel_minutes": 0,
                "billable_minutes": 0,
                "fees": Decimal(0),
                "allowances": Decimal(0),
            },
        )
        line["assignments"] += row["assignments"]
        line["minutes_worked"] += row["minutes_worked"] or 0
        line["travel_minutes"] += row["travel_minutes"] or 0
        line["billable_minutes"] += row["billable_minutes"] or 0
        if row["tariff"] is not None:
            tariff = tariffs[row["tariff"]]
            line["fees"] += (row["billable_minutes"] or 0) * tariff.hourly_rate
            line["allowances"] += row["travelled"] * tariff.travel_allowance
    rows = []
    for line in sorted(lines.values(), key=lambda line: line["code"]):
        cost = (line["fees"] / 60 + line["allowances"]).quantize(CENT, ROUND_HALF_UP)
        rows.append(
            {
                "budget_line": f"{line['code']} – {line['name']}",
                "assignments": line["assignments"],
                "minutes_worked": line["minutes_worked"],
                "travel_minutes": line["travel_minutes"],
                "billable_minutes": line["billable_minutes"],
                "cost": cost,
                "budget": line["amount"],
                "share": _percent(cost, line["amount"]),
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
    # One grouped query over the three years (a few hundred rows), rolled up below.
    carried_out = (
        _with_active(
            _filtered(
                Request.objects.filter(
                    starts_at__gte=_local_midnight(date(years[0], 1, 1)),
                    starts_at__lt=_local_midnight(date(last + 1, 1, 1)),
                ),
                filters,
            )
        )
        .filter(active__outcome=Outcome.COMPLETED)
        .annotate(year=ExtractYear("starts_at", tzinfo=LOCAL))
        .values("year", "topic", "language", "language_variant", "mode")
        .annotate(count=Count("pk"), minutes=Sum("active__minutes_worked"))
        .order_by()
    )
    grouped = list(carried_out)
    columns_per_year = [
        column
        for year in years
        for column in (
            (f"assignments_{year}", _("Einsätze %(year)s") % {"year": year}),
            (f"hours_{year}", _("Stunden %(year)s") % {"year": year}),
        )
    ]

    def table(key, title, heading, fields, label) -> Table:
        totals = {}
        for row in grouped:
            group = tuple(row[field] for field in fields)
            counted = totals.setdefault(group, {year: [0, 0] for year in years})
            if row["year"] in counted:
                counted[row["year"]][0] += row["count"]
                counted[row["year"]][1] += row["minutes"] or 0
        rows = []
        for group in sorted(totals):
            cells = {"group": label(dict(zip(fields, group, strict=True)))}
            for year in years:
                cells[f"assignments_{year}"] = totals[group][year][0]
                cells[f"hours_{year}"] = _hours(totals[group][year][1])
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
