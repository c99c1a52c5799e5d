"""The committee report page: who may open it, the period form, the charts beside their
tables, the print view and the CSV/XLSX exports.

The producers (sprachmittler.reports, analytics.reach) are replaced by fixed tables here, so
these tests check the presentation; the figures themselves are tested with the
producers. One test runs the real producers once they exist.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.reporting import Period, Table, custom_period, month_period, year_period
from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_EDITOR,
    ROLE_INTERPRETER,
    ROLE_REPORT,
    ROLE_REQUESTER,
)
from reporting import charts, exports
from reporting import views as report_views
from tests import booking_factories as f

pytestmark = pytest.mark.django_db

REPORT_URL = "/sprachmittlung/bericht/"


def _requests_by_language() -> Table:
    return Table(
        key="requests_by_language",
        title="Anfragen nach Sprache",
        description="Anfragen mit Termin im Zeitraum.",
        columns=[("language", "Sprache"), ("requests", "Anfragen"), ("hours", "Stunden")],
        rows=[
            {"language": "Arabisch", "requests": 12, "hours": Decimal("30.50")},
            {"language": "Persisch (Dari)", "requests": 5, "hours": Decimal("7.25")},
            {"language": "Türkisch", "requests": 0, "hours": Decimal("0.00")},
        ],
        chart="bar",
        chart_label="language",
        chart_value="requests",
    )


def _lead_times() -> Table:
    # A row holding more than its columns: the export must not write the extra key.
    return Table(
        key="lead_times",
        title="Vorlaufzeiten",
        columns=[("month", "Monat"), ("median_hours", "Median (Stunden)")],
        rows=[{"month": date(2026, 3, 1), "median_hours": 26.5, "case_reference": "AZ-4711"}],
    )


def _search_misses() -> Table:
    return Table(
        key="search_misses",
        title="Suchen ohne Treffer",
        columns=[("term", "Suchbegriff"), ("language", "Sprache"), ("count", "Anzahl")],
        rows=[
            {"term": "Kita-Gutschein", "language": "de", "count": 4},
            {"term": '=HYPERLINK("http://example.org")', "language": "de", "count": 1},
        ],
    )


@pytest.fixture
def producers(monkeypatch):
    """Fixed tables instead of the producers; records what the page asked them for."""
    calls = {}

    def interpreter_report(*, period, filters):
        calls["interpreter"] = (period, filters)
        return [_requests_by_language(), _lead_times()]

    def reach_report(*, period):
        calls["reach"] = period
        return [_search_misses()]

    def report_period_from_query(query):
        calls["query"] = query
        if query.get("kind") == "custom":
            try:
                first, last = date.fromisoformat(query["from"]), date.fromisoformat(query["until"])
            except ValueError:
                raise ValidationError({"from": "Bitte geben Sie ein gültiges Datum an."}) from None
            if last < first:
                raise ValidationError({"until": "„Bis“ darf nicht vor „Von“ liegen."})
            return custom_period(first, last)
        if query.get("kind") == "month":
            return month_period(int(query["year"]), int(query["month"]))
        if query.get("kind") == "year":
            if not query.get("year", "").isdigit():
                raise ValidationError("Bitte geben Sie ein Jahr an.")
            return year_period(int(query["year"]))
        raise ValidationError("Unbekannter Zeitraum.")

    monkeypatch.setattr(report_views, "_interpreter_tables", interpreter_report)
    monkeypatch.setattr(report_views, "_reach_tables", reach_report)
    monkeypatch.setattr(report_views, "_period_from_query", report_period_from_query)
    return calls


@pytest.fixture
def people():
    return {
        role: f.user_with_role(f"user-{index}", role)
        for index, role in enumerate(
            (
                ROLE_REQUESTER,
                ROLE_COORDINATOR,
                ROLE_DISPATCHER,
                ROLE_INTERPRETER,
                ROLE_REPORT,
                ROLE_EDITOR,
            )
        )
    }


@pytest.fixture
def committee(client, people):
    client.force_login(people[ROLE_REPORT])
    return client


# --- who may open what ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (ROLE_COORDINATOR, 200),
        (ROLE_REPORT, 200),
        (ROLE_REQUESTER, 403),
        (ROLE_DISPATCHER, 403),
        (ROLE_INTERPRETER, 403),
        (ROLE_EDITOR, 403),
    ],
)
def test_report_and_exports_by_role(client, people, producers, role, status):
    client.force_login(people[role])
    assert client.get(REPORT_URL).status_code == status
    assert client.get(f"{REPORT_URL}export/requests_by_language.csv").status_code == status


def test_anonymous_goes_to_the_login(client, producers):
    for url in (REPORT_URL, f"{REPORT_URL}export/requests_by_language.xlsx"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sprachmittler:login"))


def test_committee_member_starts_on_the_report_and_sees_only_it_in_the_navigation(
    committee, producers
):
    response = committee.get("/sprachmittlung/", follow=True)
    assert response.redirect_chain[-1][0] == REPORT_URL
    assert response.context["booking_nav"] == [(REPORT_URL, "Bericht")]


def test_coordinator_finds_the_report_in_the_navigation(client, people, producers):
    client.force_login(people[ROLE_COORDINATOR])
    response = client.get(REPORT_URL)
    assert (REPORT_URL, "Bericht") in response.context["booking_nav"]


# --- the page ---------------------------------------------------------------------------


def test_without_a_choice_the_page_shows_the_current_funding_year(committee, producers):
    response = committee.get(REPORT_URL)
    period = producers["interpreter"][0]
    assert period.start == date(timezone.localdate().year, 1, 1)
    assert response.context["form"]["kind"].value() == "year"


def test_period_and_filters_reach_the_producers(committee, producers):
    department = f.department("Jugendamt")
    committee.get(
        REPORT_URL,
        {"kind": "month", "year": "2026", "month": "3", "department": department.pk,
         "language": "fa", "topic": "health", "mode": "video"},
    )  # fmt: skip
    period, filters = producers["interpreter"]
    assert period == Period(date(2026, 3, 1), date(2026, 4, 1), "03/2026")
    assert filters == {"department": department.pk, "language": "fa", "topic": "health",
                       "mode": "video"}  # fmt: skip
    assert producers["reach"] == period


def test_a_wrong_filter_is_reported_and_the_others_still_apply(committee, producers):
    response = committee.get(REPORT_URL, {"kind": "year", "year": "2026", "language": "xx",
                                          "mode": "phone"})  # fmt: skip
    assert response.context["form"].errors["language"]
    assert producers["interpreter"][1] == {"mode": "phone"}


def test_bad_period_is_shown_next_to_its_field_keeping_the_input(committee, producers):
    response = committee.get(
        REPORT_URL, {"kind": "custom", "from": "2026-03-31", "until": "2026-03-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "„Bis“ darf nicht vor „Von“ liegen." in html
    assert 'aria-invalid="true"' in _input(html, "until")
    assert 'value="2026-03-01"' in _input(html, "until")
    assert 'value="2026-03-31"' in _input(html, "from")
    assert "interpreter" not in producers  # no figures for a period that is not one
    assert "Vorlaufzeiten" not in html


def test_a_period_error_without_a_field_is_shown_at_the_kind_of_period(committee, producers):
    response = committee.get(REPORT_URL, {"kind": "year", "year": "zwanzig"})
    assert response.context["form"].errors["kind"] == ["Bitte geben Sie ein Jahr an."]
    assert 'value="zwanzig"' in _input(response.content.decode(), "year")


def test_each_table_has_its_title_chart_numbers_and_exports(committee, producers):
    response = committee.get(REPORT_URL, {"kind": "year", "year": "2026"})
    html = response.content.decode()
    table_html = _section(html, "requests_by_language")
    assert "Anfragen nach Sprache" in table_html
    assert "Anfragen mit Termin im Zeitraum." in table_html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in table_html
    assert "<caption>Anfragen nach Sprache</caption>" in table_html
    assert '<th scope="col" class="num">Stunden</th>' in table_html
    assert '<th scope="row">Persisch (Dari)</th>' in table_html
    assert '<td class="num">30,50</td>' in table_html
    assert f"{REPORT_URL}export/requests_by_language.csv?kind=year&amp;year=2026" in table_html
    assert f"{REPORT_URL}export/requests_by_language.xlsx?kind=year&amp;year=2026" in table_html
    # A table without chart gets none; dates read German.
    lead = _section(html, "lead_times")
    assert "<svg" not in lead
    assert "01.03.2026" in lead
    assert "AZ-4711" not in html
    assert "Druckansicht" in html
    assert ' style="' not in html  # the CSP forbids inline styles


def test_print_view_has_the_figures_without_form_and_links(committee, producers):
    response = committee.get(
        REPORT_URL, {"kind": "month", "year": "2026", "month": "3", "mode": "phone", "druck": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "reporting/print.html" in [t.name for t in response.templates]
    assert "01.03.2026 – 31.03.2026" in html
    assert "Telefon" in html  # the filter is named in the heading
    assert "Anfragen nach Sprache" in html and "<svg" in html
    assert 'method="get"' not in html
    assert "export/" not in html
    assert (
        'href="/sprachmittlung/bericht/?kind=month&amp;year=2026&amp;month=3&amp;mode=phone"'
        in html
    )
    assert "druck" not in producers["query"]


# --- the chart --------------------------------------------------------------------------


def test_chart_has_title_description_and_a_number_on_every_bar():
    svg = str(charts.bar_chart_svg(_requests_by_language()))
    assert re.search(
        r'<title id="chart-requests_by_language-title">Anfragen nach Sprache</title>', svg
    )
    desc = re.search(r"<desc [^>]*>(.*?)</desc>", svg).group(1)
    assert "Anfragen mit Termin im Zeitraum." in desc
    assert "Arabisch: 12; Persisch (Dari): 5; Türkisch: 0" in desc
    bars = re.findall(r'<g class="chart__bar">(.*?)</g>', svg)
    assert len(bars) == 3
    for bar, (label, number) in zip(bars, [("Arabisch", "12"), ("Persisch (Dari)", "5"),
                                          ("Türkisch", "0")], strict=True):  # fmt: skip
        texts = re.findall(r"<text [^>]*>(.*?)</text>", bar)
        assert texts == [label, number]
        # Black outline on a hatched fill: readable without colour.
        assert 'fill="url(#chart-requests_by_language-hatch)" stroke="#1b1b1b"' in bar
    assert "<script" not in svg and "style=" not in svg


def test_chart_is_mirrored_in_a_right_to_left_page():
    def first_bar_x(svg):
        return float(re.search(r'<rect x="([\d.]+)" y=', svg.split("</defs>")[1]).group(1))

    ltr = str(charts.bar_chart_svg(_requests_by_language()))
    rtl = str(charts.bar_chart_svg(_requests_by_language(), rtl=True))
    assert 'direction="rtl"' in rtl
    width = float(
        re.search(r'width="([\d.]+)" height="[\d.]+" fill=', rtl.split("</defs>")[1]).group(1)
    )
    assert first_bar_x(rtl) == pytest.approx(charts.WIDTH - first_bar_x(ltr) - width, abs=0.2)


# --- exports ----------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM German Excel needs
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_with_german_headings_separator_and_numbers(committee, producers):
    response = committee.get(
        f"{REPORT_URL}export/requests_by_language.csv", {"kind": "year", "year": "2026"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="requests_by_language_2026-01-01_2026-12-31.csv"'
        in response["Content-Disposition"]
    )
    assert b";" in response.content.splitlines()[0]
    assert _csv(response) == [
        ["Sprache", "Anfragen", "Stunden"],
        ["Arabisch", "12", "30,50"],
        ["Persisch (Dari)", "5", "7,25"],
        ["Türkisch", "0", "0,00"],
    ]


def test_csv_export_writes_dates_german_and_only_the_declared_columns(committee, producers):
    rows = _csv(committee.get(f"{REPORT_URL}export/lead_times.csv"))
    assert rows == [["Monat", "Median (Stunden)"], ["01.03.2026", "26,5"]]


def test_a_search_term_is_never_a_spreadsheet_formula(committee, producers):
    rows = _csv(committee.get(f"{REPORT_URL}export/search_misses.csv"))
    assert rows[2][0] == '\'=HYPERLINK("http://example.org")'
    sheet = _sheet(committee.get(f"{REPORT_URL}export/search_misses.xlsx"))
    assert sheet["A3"].data_type == "s"
    assert sheet["A3"].value == '=HYPERLINK("http://example.org")'


def _sheet(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content)).active


def test_xlsx_export_keeps_numbers_and_dates_as_cells(committee, producers):
    sheet = _sheet(committee.get(f"{REPORT_URL}export/requests_by_language.xlsx"))
    assert sheet.title == "Anfragen nach Sprache"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Sprache", "Anfragen", "Stunden"],
        ["Arabisch", 12, 30.5],
        ["Persisch (Dari)", 5, 7.25],
        ["Türkisch", 0, 0],
    ]
    lead = _sheet(committee.get(f"{REPORT_URL}export/lead_times.xlsx"))
    assert lead["A2"].value.date() == date(2026, 3, 1)
    assert lead["A2"].number_format == "DD.MM.YYYY"
    assert lead.max_column == 2  # the case reference the row carried is not written


def test_export_of_a_field_no_column_declares_is_impossible():
    table = _lead_times()
    csv_text = exports.table_csv(table).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(exports.table_xlsx(table))).active
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row]
    assert "AZ-4711" not in csv_text
    assert "AZ-4711" not in cells
    assert "case_reference" not in csv_text


def test_export_of_an_unknown_table_or_format_is_not_found(committee, producers):
    assert committee.get(f"{REPORT_URL}export/nothing.csv").status_code == 404
    assert committee.get(f"{REPORT_URL}export/lead_times.pdf").status_code == 404


def test_export_with_a_bad_period_says_why(committee, producers):
    response = committee.get(f"{REPORT_URL}export/lead_times.csv", {"kind": "year", "year": "x"})
    assert response.status_code == 400
    assert "Bitte geben Sie ein Jahr an." in response.content.decode()


# --- with the real producers -------------------------------------------------------------


def test_page_and_exports_with_the_real_producers(committee):
    pytest.importorskip("sprachmittler.reports")
    pytest.importorskip("analytics.reach")
    response = committee.get(REPORT_URL, {"kind": "quarter", "year": "2026", "quarter": "1"})
    assert response.status_code == 200
    tables = [shown["table"] for _h, shown_tables in response.context["sections"]
              for shown in shown_tables]  # fmt: skip
    assert tables
    for table in tables:
        query = {"kind": "quarter", "year": "2026", "quarter": "1"}
        csv_rows = _csv(committee.get(f"{REPORT_URL}export/{table.key}.csv", query))
        assert csv_rows[0] == [str(heading) for _key, heading in table.columns]
        sheet = _sheet(committee.get(f"{REPORT_URL}export/{table.key}.xlsx", query))
        assert sheet.max_row == len(table.rows) + 1


# --- helpers ----------------------------------------------------------------------------


def _input(html: str, name: str) -> str:
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)


def _section(html: str, key: str) -> str:
    start = html.index(f'id="tabelle-{key}"')
    return html[start : html.index("</section>", start)]


def test_a_wrong_year_with_the_real_producer_is_shown_at_the_year(committee):
    response = committee.get(REPORT_URL, {"kind": "year", "year": "zwanzig"})
    html = response.content.decode()
    assert "Bitte geben Sie ein Jahr an." in html
    assert 'aria-invalid="true"' in _input(html, "year")
    assert 'value="zwanzig"' in _input(html, "year")
