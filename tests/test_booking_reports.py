"""The interpreter service figures (issue 6) against numbers worked out by hand.

The data set: ten requests with appointments in 2025 (one at 23:30 on New Year's Eve),
one just after midnight into 2026, one in 2024 and one in 2023 for the year comparison.
Events carry known times, so every lead time below is a number a reader can check.
Two tariffs: 40 €/h, 60 min minimum, 10 € travel until 30 June 2025; then 50 €/h, 90 min,
12 €.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal.reporting import Period, custom_period, year_period
from sprachmittler import tasks
from sprachmittler.models import Assignment, BudgetLine, Event, Request, Tariff
from sprachmittler.reports import interpreter_report, report_period_from_query
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
YEAR_2025 = year_period(2025)


def at(day: str, clock: str = "10:00") -> datetime:
    """A local (Europe/Berlin) time: at("2025-03-10", "08:00")."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=BERLIN)


def h(value: str) -> Decimal:
    return Decimal(value)


def make_request(department, *, starts, status, events=(), assignment=None, **fields):
    values = {
        "language": "ar",
        "topic": "health",
        "mode": "on_site",
        "municipality": "winsen",
        "place": "Kreishaus Winsen, Raum 1.12",
        "case_reference": "AZ-2025-17",
        "description": "Gespräch zur Schulanmeldung",
        "onsite_contact": "Frau Muster",
        "duration_minutes": 90,
    }
    values.update(fields)
    request = Request.objects.create(
        department=department, starts_at=starts, status=status, **values
    )
    for action, when in events:
        event = Event.objects.create(request=request, action=action, to_status=status)
        Event.objects.filter(pk=event.pk).update(at=when)  # auto_now_add: set afterwards
    for spec in (assignment or {}).get("all", [assignment] if assignment else []):
        spec = dict(spec)
        Assignment.objects.create(
            request=request,
            interpreter=spec.pop("interpreter"),
            blocked_from=starts - timedelta(hours=1),
            blocked_until=starts + timedelta(hours=3),
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            recorded_at=starts + timedelta(hours=3) if spec.get("outcome") else None,
            **spec,
        )
    return request


@pytest.fixture
def data():
    jobcenter = f.department("Jobcenter-Leistung")
    jugendamt = f.department("Jugendamt")
    samir = f.interpreter("Samir")
    lina = f.interpreter("Lina", gender="female")
    line_1 = BudgetLine.objects.create(code="4711", name="Jobcenter", year=2025, amount=1000)
    line_2 = BudgetLine.objects.create(code="4712", name="Jugendhilfe", year=2025, amount=500)
    Tariff.objects.create(
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 6, 30),
        hourly_rate=h("40.00"),
        late_cancel_minimum_minutes=60,
        travel_allowance=h("10.00"),
    )
    Tariff.objects.create(
        valid_from=date(2025, 7, 1),
        hourly_rate=h("50.00"),
        late_cancel_minimum_minutes=90,
        travel_allowance=h("12.00"),
    )

    def done(interpreter, outcome, worked, travel=0):
        return {
            "interpreter": interpreter,
            "outcome": outcome,
            "minutes_worked": worked,
            "travel_minutes": travel,
        }

    r = {}
    # R1: settled, on site, 90 min (+30 travel), tariff 1. 2 h to decision, 24 h to confirmation.
    r[1] = make_request(
        jobcenter,
        starts=at("2025-03-10"),
        status="settled",
        budget_line=line_1,
        events=[
            ("submit", at("2025-02-01", "08:00")),
            ("approve", at("2025-02-01", "10:00")),
            ("accept", at("2025-02-02", "10:00")),
        ],
        assignment=done(samir, "completed", 90, 30),
    )
    # R2: video, 60 min. First accepted after 73 h, withdrawn, accepted again a day ahead.
    r[2] = make_request(
        jobcenter,
        starts=at("2025-03-20", "09:00"),
        status="completed",
        language="fa",
        language_variant="dari",
        topic="school",
        mode="video",
        budget_line=line_1,
        events=[
            ("submit", at("2025-03-01", "08:00")),
            ("approve", at("2025-03-02", "08:00")),
            ("accept", at("2025-03-05", "09:00")),
            ("withdraw", at("2025-03-06", "09:00")),
            ("accept", at("2025-03-19", "09:00")),
        ],
        assignment={
            "all": [
                {"interpreter": samir, "status": "withdrawn"},
                done(lina, "completed", 60),
            ]
        },
    )
    # R3: the client did not come (30 min waited, minimum 90 of tariff 2). 4 h, 36 h.
    r[3] = make_request(
        jugendamt,
        starts=at("2025-08-05"),
        status="no_show_client",
        topic="youth",
        budget_line=line_2,
        events=[
            ("submit", at("2025-07-01", "08:00")),
            ("approve", at("2025-07-01", "12:00")),
            ("accept", at("2025-07-03", "00:00")),
        ],
        assignment=done(samir, "no_show_client", 30, 20),
    )
    # R4: cancelled late by the client: 90 min billable (tariff 2). 24 h, 24 h.
    r[4] = make_request(
        jobcenter,
        starts=at("2025-08-12"),
        status="cancelled",
        language="ku",
        language_variant="sorani",
        topic="benefits",
        cancelled_by="client",
        cancelled_late=True,
        budget_line=line_1,
        events=[
            ("submit", at("2025-07-10", "08:00")),
            ("approve", at("2025-07-11", "08:00")),
            ("accept", at("2025-07-12", "08:00")),
            ("cancel", at("2025-08-12", "06:00")),
        ],
        assignment={"interpreter": lina, "status": "cancelled"},
    )
    # R5: no one found. 12 h to decision.
    r[5] = make_request(
        jobcenter,
        starts=at("2025-09-01"),
        status="unfilled",
        language="ku",
        language_variant="sorani",
        topic="benefits",
        mode="phone",
        budget_line=line_1,
        events=[
            ("submit", at("2025-08-01", "08:00")),
            ("approve", at("2025-08-01", "20:00")),
            ("mark_unfilled", at("2025-08-20", "08:00")),
        ],
    )
    # R6: rejected as a private request after 48 h.
    r[6] = make_request(
        jugendamt,
        starts=at("2025-10-01"),
        status="rejected",
        language="ti",
        topic="residence",
        reject_reason="private",
        events=[("submit", at("2025-09-01", "08:00")), ("reject", at("2025-09-03", "08:00"))],
    )
    # R7: cancelled in time by the department: nothing billable. 1 h to decision.
    r[7] = make_request(
        jugendamt,
        starts=at("2025-11-03"),
        status="cancelled",
        cancelled_by="department",
        budget_line=line_2,
        events=[
            ("submit", at("2025-10-01", "08:00")),
            ("approve", at("2025-10-01", "09:00")),
            ("cancel", at("2025-10-20", "09:00")),
        ],
    )
    # R8: the interpreter did not come (not billable). 6 h, 30 h.
    r[8] = make_request(
        jobcenter,
        starts=at("2025-04-07"),
        status="interpreter_absent",
        budget_line=line_1,
        events=[
            ("submit", at("2025-03-01", "08:00")),
            ("approve", at("2025-03-01", "14:00")),
            ("accept", at("2025-03-02", "20:00")),
        ],
        assignment=done(lina, "interpreter_absent", 0),
    )
    # R9: completed on site, 105 min (+40 travel), tariff 2. 48 h, 24 h.
    r[9] = make_request(
        jugendamt,
        starts=at("2025-12-15"),
        status="completed",
        language="fa",
        language_variant="farsi",
        budget_line=line_2,
        events=[
            ("submit", at("2025-11-01", "08:00")),
            ("approve", at("2025-11-03", "08:00")),
            ("accept", at("2025-11-04", "08:00")),
        ],
        assignment=done(samir, "completed", 105, 40),
    )
    # R10: submitted, not decided; 23:30 on New Year's Eve is still 2025.
    r[10] = make_request(
        jobcenter,
        starts=at("2025-12-31", "23:30"),
        status="submitted",
        topic="school",
        mode="phone",
        events=[("submit", at("2025-12-01", "08:00"))],
    )
    # Outside 2025: 00:30 on New Year's Day (22:30 UTC the day before), 2024 and 2023.
    make_request(
        jobcenter,
        starts=at("2026-01-01", "00:30"),
        status="completed",
        budget_line=line_1,
        assignment=done(lina, "completed", 60),
    )
    make_request(
        jobcenter,
        starts=at("2024-05-06"),
        status="completed",
        assignment=done(samir, "completed", 45),
    )
    make_request(
        jugendamt,
        starts=at("2023-06-01"),
        status="settled",
        language="fa",
        language_variant="dari",
        topic="school",
        mode="video",
        assignment=done(lina, "completed", 75),
    )
    return {"jobcenter": jobcenter, "jugendamt": jugendamt, "requests": r}


def report(period=YEAR_2025, **filters) -> dict:
    with translation.override("de"):
        tables = interpreter_report(period=period, filters=filters)
        return {table.key: table for table in tables}


def rows(table, *keys) -> list[tuple]:
    keys = keys or [key for key, _heading in table.columns]
    return [tuple(row[key] for key in keys) for row in table.rows]


def measures(table) -> dict:
    return {
        row["measure"]: row["count"] if "value" not in row else row["value"] for row in table.rows
    }


def test_the_report_has_every_table_with_german_headings(data):
    tables = report()
    assert list(tables) == [
        "by_month", "by_language", "by_department", "by_topic", "by_mode", "outcomes",
        "unmet_demand", "lead_times", "hours_costs", "year_by_topic", "year_by_language",
        "year_by_mode",
    ]  # fmt: skip
    assert str(tables["by_language"].title) == "Anfragen nach Sprache"
    assert [str(heading) for _key, heading in tables["hours_costs"].columns][:2] == [
        "Kostenstelle",
        "Einsätze",
    ]
    for table in tables.values():
        assert table.description
        if table.chart:
            assert table.chart_label in dict(table.columns)
            assert table.chart_value in dict(table.columns)


def test_requests_by_month_count_the_local_day_and_show_empty_months(data):
    table = report()["by_month"]
    assert rows(table) == [
        ("Januar 2025", 0), ("Februar 2025", 0), ("März 2025", 2), ("April 2025", 1),
        ("Mai 2025", 0), ("Juni 2025", 0), ("Juli 2025", 0), ("August 2025", 2),
        ("September 2025", 1), ("Oktober 2025", 1), ("November 2025", 1),
        ("Dezember 2025", 2),
    ]  # fmt: skip
    assert table.chart == "bar"


def test_a_custom_period_counts_only_its_days(data):
    table = report(custom_period(date(2025, 3, 15), date(2025, 4, 10)))["by_month"]
    assert rows(table) == [("März 2025", 1), ("April 2025", 1)]


def test_requests_by_language_department_topic_and_mode(data):
    tables = report()
    assert rows(tables["by_language"]) == [
        ("Arabisch", 5),
        ("Kurdisch (Sorani)", 2),
        ("Persisch (Dari)", 1),
        ("Persisch (Farsi)", 1),
        ("Tigrinya", 1),
    ]
    assert rows(tables["by_department"]) == [("Jobcenter-Leistung", 6), ("Jugendamt", 4)]
    assert rows(tables["by_topic"]) == [
        ("Gesundheit", 4),
        ("Leistungen/Jobcenter", 2),
        ("Schule/Kita", 2),
        ("Aufenthalt", 1),
        ("Jugendhilfe", 1),
    ]
    assert rows(tables["by_mode"]) == [("Vor Ort", 7), ("Telefon", 2), ("Video", 1)]


def test_outcomes(data):
    counts = measures(report()["outcomes"])
    assert counts == {
        "Anfragen insgesamt": 10,
        "Genehmigt": 8,
        "Abgelehnt": 1,
        "Abgelehnt: Außerhalb der Regeln (Gericht, Diagnose, keine Fachkraft)": 0,
        "Abgelehnt: Private Anfrage": 1,
        "Abgelehnt: Kein Budget": 0,
        "Abgelehnt: Anderer Kostenträger zuständig": 0,
        "Abgelehnt: Doppelte Anfrage": 0,
        "Abgelehnt: Sonstiges": 0,
        "Storniert": 2,
        "Storniert, kurzfristig": 1,
        "Storniert, rechtzeitig": 1,
        "Storniert durch: Abteilung": 1,
        "Storniert durch: Klient/in": 1,
        "Storniert durch: Sprachmittler/in": 0,
        "Storniert durch: Pool (AWO)": 0,
        "Storniert durch: Landkreis": 0,
        "Nicht besetzt": 1,
        "Durchgeführt": 3,  # R9, R2, and R1 although already settled
        "Klient/in nicht erschienen": 1,
        "Sprachmittler/in nicht erschienen": 1,
        "Abgerechnet": 1,
    }


def test_unmet_demand_names_the_languages_to_recruit_for(data):
    table = report()["unmet_demand"]
    assert rows(table) == [("Kurdisch (Sorani)", 1, 2, h("50.0"))]
    assert (table.chart_label, table.chart_value) == ("language", "unfilled")


def test_lead_times_from_the_audit_trail(data):
    values = measures(report()["lead_times"])
    # Submission → decision, 9 requests: 1 2 4 6 [12] 24 24 48 48; 90 %: 9th of 9.
    assert values["Eingang bis Entscheidung: Median (Stunden)"] == h("12.0")
    assert values["Eingang bis Entscheidung: 90. Perzentil (Stunden)"] == h("48.0")
    # Approval → first acceptance, 6 requests: 24 24 [24 30] 36 73; 90 %: 6th of 6.
    assert values["Entscheidung bis Bestätigung: Median (Stunden)"] == h("27.0")
    assert values["Entscheidung bis Bestätigung: 90. Perzentil (Stunden)"] == h("73.0")
    # 5 of 6 confirmed at least 48 h ahead: R2's confirmation that held came a day ahead.
    assert values["Mindestens 48 Stunden vor dem Termin bestätigt (%)"] == h("83.3")
    counts = [row["count"] for row in report()["lead_times"].rows]
    assert counts == [9, 9, 6, 6, 6]


def test_hours_and_costs_per_budget_line_with_the_tariff_of_the_day(data):
    table = report()["hours_costs"]
    # 4711: R1 90 min × 40 € + 10 € travel; R2 60 min × 40 €; R4 late cancellation 90 min × 50 €
    #   = (3600 + 2400 + 4500) / 60 + 10 = 185.00 € of 1000 €.
    # 4712: R3 no-show 90 min × 50 € + 12 €; R9 105 min × 50 € + 12 €; R7 nothing
    #   = (4500 + 5250) / 60 + 24 = 186.50 € of 500 €.
    assert rows(table) == [
        ("4711 – Jobcenter", 2, 150, 30, 240, h("185.00"), h("1000.00"), h("18.5")),
        ("4712 – Jugendhilfe", 1, 135, 60, 195, h("186.50"), h("500.00"), h("37.3")),
    ]


def test_a_tariff_change_applies_from_the_local_day_it_starts(data):
    line = BudgetLine.objects.create(code="4800", name="Grenzfall", year=2025, amount=100)
    # 23:00 on 30 June (40 €/h) and 00:30 on 1 July (50 €/h): both 30 June in UTC.
    for starts, name in ((at("2025-06-30", "23:00"), "Mira"), (at("2025-07-01", "00:30"), "Omid")):
        make_request(
            data["jobcenter"],
            starts=starts,
            status="completed",
            mode="phone",
            budget_line=line,
            assignment={
                "interpreter": f.interpreter(name),
                "outcome": "completed",
                "minutes_worked": 60,
                "travel_minutes": 0,
            },
        )
    table = report()["hours_costs"]
    assert rows(table)[-1] == (
        "4800 – Grenzfall",
        2,
        120,
        0,
        120,
        h("90.00"),
        h("100.00"),
        h("90.0"),
    )


def test_a_late_cancellation_by_the_interpreter_costs_nothing(data):
    request = data["requests"][4]
    Request.objects.filter(pk=request.pk).update(cancelled_by="interpreter")
    first = rows(report()["hours_costs"])[0]
    assert first[4:6] == (150, h("110.00"))  # R4's 90 minutes (75 €) are gone


def test_year_comparison_by_sector_language_and_mode(data):
    tables = report()
    headings = [str(heading) for _key, heading in tables["year_by_topic"].columns]
    assert headings == [
        "Bereich", "Einsätze 2023", "Stunden 2023", "Einsätze 2024", "Stunden 2024",
        "Einsätze 2025", "Stunden 2025",
    ]  # fmt: skip
    zero = h("0.0")
    assert rows(tables["year_by_topic"]) == [
        ("Gesundheit", 0, zero, 1, h("0.8"), 2, h("3.3")),  # R12 45 min; R1 90 + R9 105
        ("Schule/Kita", 1, h("1.3"), 0, zero, 1, h("1.0")),  # 75 min; R2 60 min
    ]
    assert rows(tables["year_by_language"]) == [
        ("Arabisch", 0, zero, 1, h("0.8"), 1, h("1.5")),
        ("Persisch (Dari)", 1, h("1.3"), 0, zero, 1, h("1.0")),
        ("Persisch (Farsi)", 0, zero, 0, zero, 1, h("1.8")),
    ]
    assert rows(tables["year_by_mode"]) == [
        ("Vor Ort", 0, zero, 1, h("0.8"), 2, h("3.3")),
        ("Video", 1, h("1.3"), 0, zero, 1, h("1.0")),
    ]


def test_filters_narrow_every_table(data):
    jugendamt = report(department=data["jugendamt"])
    assert measures(jugendamt["outcomes"])["Anfragen insgesamt"] == 4
    assert rows(jugendamt["by_department"]) == [("Jugendamt", 4)]
    assert [row[0] for row in rows(jugendamt["hours_costs"])] == ["4712 – Jugendhilfe"]
    assert rows(jugendamt["year_by_topic"]) == [
        ("Gesundheit", 0, h("0.0"), 0, h("0.0"), 1, h("1.8")),
        ("Schule/Kita", 1, h("1.3"), 0, h("0.0"), 0, h("0.0")),
    ]
    by_id = report(department=str(data["jugendamt"].pk))
    assert rows(by_id["by_topic"]) == rows(jugendamt["by_topic"])

    kurdish = report(language="ku")
    assert rows(kurdish["by_language"]) == [("Kurdisch (Sorani)", 2)]
    assert rows(kurdish["unmet_demand"]) == [("Kurdisch (Sorani)", 1, 2, h("50.0"))]

    health_on_site = report(topic="health", mode="on_site")
    assert sum(row["count"] for row in health_on_site["by_month"].rows) == 4  # R1 R7 R8 R9
    assert rows(report(language="ti")["hours_costs"]) == []


def test_anonymised_requests_count_the_same(data, settings):
    before = {key: rows(table) for key, table in report().items()}
    settings.SPRACHMITTLER_RETENTION_DAYS = 0
    assert tasks.retention_task() == 12  # every finished request; R10 is still open
    assert Request.objects.filter(anonymised_at__isnull=False, case_reference="").count() == 12
    assert {key: rows(table) for key, table in report().items()} == before


def _grow(count: int):
    department = f.department(f"Abteilung {count}")
    line = BudgetLine.objects.create(code=f"L{count}", name="Pool", year=2025, amount=10000)
    person = f.interpreter(f"Person{count}")
    Tariff.objects.create(valid_from=date(2025, 1, 1), hourly_rate=h("45.00"))
    statuses = ["completed", "unfilled", "cancelled", "rejected", "no_show_client"]
    for index in range(count):
        starts = at("2025-01-06") + timedelta(days=7 * index)
        status = statuses[index % len(statuses)]
        make_request(
            department,
            starts=starts,
            status=status,
            language=["ar", "fa", "ku", "tr"][index % 4],
            topic=["health", "school", "housing"][index % 3],
            budget_line=line,
            cancelled_late=status == "cancelled",
            cancelled_by="client" if status == "cancelled" else "",
            events=[
                ("submit", starts - timedelta(days=20, hours=index)),
                ("approve", starts - timedelta(days=18)),
                ("accept", starts - timedelta(days=10, hours=index)),
            ],
            assignment={
                "interpreter": person,
                "outcome": status,
                "minutes_worked": 60 + index,
            }
            if status in ("completed", "no_show_client")
            else None,
        )


def test_the_query_count_does_not_grow_with_the_requests(db):
    f.budget_line()
    _grow(10)
    with CaptureQueriesContext(connection) as small:
        report()
    Request.objects.all().delete()
    _grow(40)
    with CaptureQueriesContext(connection) as large:
        tables = report()
    assert measures(tables["outcomes"])["Anfragen insgesamt"] == 40
    assert len(large.captured_queries) == len(small.captured_queries) <= 20


def test_report_period_from_query():
    assert report_period_from_query({"kind": "month", "year": "2025", "month": "3"}) == Period(
        date(2025, 3, 1), date(2025, 4, 1), "03/2025"
    )
    quarter = report_period_from_query({"kind": "quarter", "year": "2025", "quarter": "4"})
    assert (quarter.start, quarter.end) == (date(2025, 10, 1), date(2026, 1, 1))
    custom = report_period_from_query(
        {"kind": "custom", "from": "2025-02-01", "until": "15.03.2025"}
    )
    assert (custom.start, custom.end) == (date(2025, 2, 1), date(2025, 3, 16))
    assert report_period_from_query({}) == year_period(timezone.localdate().year)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"kind": "month", "year": "2025", "month": "13"}, "Monat"),
        ({"kind": "quarter", "quarter": "5"}, "Quartal"),
        ({"kind": "year", "year": "zwanzig"}, "Jahr"),
        ({"kind": "custom", "from": "2025-03-01", "until": "2025-02-01"}, "Enddatum"),
        ({"kind": "custom", "from": "gestern"}, "Anfangsdatum"),
        ({"kind": "woche"}, "Zeitraum"),
    ],
)
def test_a_bad_period_is_explained_in_german(query, words):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        report_period_from_query(query)
    assert words in error.value.messages[0]
