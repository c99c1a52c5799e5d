"""The committee report (issue 6): the coordinator's figures for a period, read-only for
the Bericht role (committee members). Each table of the producers
(sprachmittler/reports.py, analytics/reach.py) is shown as an accessible SVG chart with its
numbers as a table beside it, exported as CSV or XLSX, and printed from ?druck=1.

The period and the filters are a GET form: the page works without script, and its
address (bookmarkable, the same for the exports) says what the figures are of.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from analytics.reach import reach_report
from portal.roles import ROLE_COORDINATOR, ROLE_REPORT
from sprachmittler.constants import Language, Mode, Topic
from sprachmittler.selectors import department_list_active
from sprachmittler.views.common import role_required
from translations.selectors import translation_states_read

from . import charts, exports

PERIOD_FIELDS = ("kind", "year", "month", "quarter", "from", "until")
FILTER_FIELDS = ("department", "language", "topic", "mode")
# The keys of analytics.reach.reach_report's tables; every other key is the booking report's.
REACH_KEYS = {"views_by_page", "views_by_language", "search_misses", "untranslated_reads"}
EXPORTS = {
    "csv": (exports.table_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        exports.table_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


class DateInput(forms.DateInput):
    input_type = "date"


class ReportForm(forms.Form):
    """The period (checked by the producer's report_period_from_query, whose message is
    shown next to the field) and the filters of the interpreter figures."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Art des Zeitraums"),
        choices=[
            ("month", gettext_lazy("Monat")),
            ("quarter", gettext_lazy("Quartal")),
            ("year", gettext_lazy("Förderjahr")),
            ("custom", gettext_lazy("Frei wählen")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    year = forms.CharField(
        label=gettext_lazy("Jahr"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    month = forms.ChoiceField(
        label=gettext_lazy("Monat"),
        choices=[(str(number), name) for number, name in MONTHS.items()],
        required=False,
    )
    quarter = forms.ChoiceField(
        label=gettext_lazy("Quartal"),
        choices=[(str(number), f"Q{number}") for number in range(1, 5)],
        required=False,
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Abteilung"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Alle"),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Sprache"),
        choices=[("", gettext_lazy("Alle")), *Language.choices],
        required=False,
    )
    topic = forms.ChoiceField(
        label=gettext_lazy("Thema"),
        choices=[("", gettext_lazy("Alle")), *Topic.choices],
        required=False,
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Art"),
        choices=[("", gettext_lazy("Alle")), *Mode.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_list_active()
        # "from" is a Python keyword, so the two dates are added here, after "quarter".
        # Plain text reaches the producer: it parses the dates and says what is wrong.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("quarter") + 1
        dates = [
            ("from", forms.CharField(label=gettext_lazy("Von"), required=False, widget=DateInput)),
            ("until", forms.CharField(label=gettext_lazy("Bis"), required=False, widget=DateInput)),
        ]
        self.fields = dict(fields[:at] + dates + fields[at:])

    def period_fields(self):
        return [self[name] for name in PERIOD_FIELDS]

    def filter_fields(self):
        return [self[name] for name in FILTER_FIELDS]

    def filters(self) -> dict:
        """The valid, chosen filters (call after is_valid()): the department by its id,
        language, topic and mode by their codes."""
        data = getattr(self, "cleaned_data", {})
        chosen = {name: data.get(name) for name in FILTER_FIELDS if data.get(name)}
        if "department" in chosen:
            chosen["department"] = chosen["department"].pk
        return chosen

    def add_period_error(self, error: ValidationError) -> None:
        """The producer's message next to the field it names, else next to "Zeitraum"."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in PERIOD_FIELDS else "kind", messages)
        else:
            self.add_error("kind", error.messages)


def _query(request) -> dict:
    """The GET parameters, the current funding year when no period is chosen."""
    query = request.GET.dict()
    query.pop("druck", None)
    if not query.get("kind"):
        query.setdefault("kind", "year")
        query.setdefault("year", str(timezone.localdate().year))
    return query


# The producers are imported when called: the report page is built next to them.
def _period_from_query(query: dict):
    from sprachmittler.reports import report_period_from_query

    return report_period_from_query(query)


def _period(form: ReportForm, query: dict):
    try:
        return _period_from_query({name: query.get(name, "") for name in PERIOD_FIELDS})
    except ValidationError as error:
        form.add_period_error(error)
        return None


def _interpreter_tables(*, period, filters):
    from sprachmittler.reports import interpreter_report

    return interpreter_report(period=period, filters=filters)


def _reach_tables(*, period):
    return reach_report(period=period, translation_states=translation_states_read)


def _shown(table, *, query: str, rtl: bool) -> dict:
    """A table as the template shows it: chart, cells as German text, export links."""
    rows = [
        [(exports.cell_text(value), exports.is_number(value)) for value in values]
        for values in exports.table_rows(table)
    ]
    links = {
        kind: reverse("reporting:export", kwargs={"key": table.key, "fmt": kind}) + f"?{query}"
        for kind in EXPORTS
    }
    chart = charts.bar_chart_svg(table, rtl=rtl) if table.chart == "bar" else ""
    headings = [
        (heading, any(cells[index][1] for cells in rows))
        for index, (_key, heading) in enumerate(table.columns)
    ]
    return {"table": table, "headings": headings, "rows": rows, "chart": chart, "links": links}


@role_required(ROLE_COORDINATOR, ROLE_REPORT)
@require_GET
def report(request):
    query = _query(request)
    form = ReportForm(query)
    form.is_valid()  # a wrong filter is reported and ignored, the others still apply
    period = _period(form, query)
    sections = []
    if period is not None:
        filters = form.filters()
        export_query = _export_query(query)
        rtl = translation.get_language_bidi()
        sections = [
            (
                _("Sprachmittlung"),
                [
                    _shown(table, query=export_query, rtl=rtl)
                    for table in _interpreter_tables(period=period, filters=filters)
                ],
            ),
            (
                _("Reichweite der Inhalte"),
                [
                    _shown(table, query=export_query, rtl=rtl)
                    for table in _reach_tables(period=period)
                ],
            ),
        ]
    printing = request.GET.get("druck") == "1"
    context = {
        "form": form,
        "period": period,
        "last_day": period.end - timedelta(days=1) if period else None,
        "filter_labels": _filter_labels(form),
        "sections": sections,
        "print_url": f"{reverse('reporting:report')}?{_export_query(query, druck='1')}",
        "screen_url": f"{reverse('reporting:report')}?{_export_query(query)}",
    }
    template = "reporting/print.html" if printing else "reporting/page.html"
    return render(request, template, context)


def _export_query(query: dict, **extra) -> str:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name in (*PERIOD_FIELDS, *FILTER_FIELDS):
        if query.get(name):
            data[name] = query[name]
    data.update(extra)
    return data.urlencode()


def _filter_labels(form: ReportForm) -> list[tuple[str, str]]:
    """(filter, chosen value) for the heading of the print view."""
    data = getattr(form, "cleaned_data", {})
    labels = []
    for name in FILTER_FIELDS:
        value = data.get(name)
        if not value:
            continue
        field = form.fields[name]
        text = str(value) if name == "department" else str(dict(field.choices).get(value, value))
        labels.append((str(field.label), text))
    return labels


@role_required(ROLE_COORDINATOR, ROLE_REPORT)
@require_GET
def report_export(request, key: str, fmt: str):
    """One table of the report as a file; the same query as the page."""
    if fmt not in EXPORTS:
        raise Http404
    query = _query(request)
    form = ReportForm(query)
    form.is_valid()
    period = _period(form, query)
    if period is None:
        messages = [str(error) for name in PERIOD_FIELDS for error in form.errors.get(name, [])]
        return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")
    if key in REACH_KEYS:
        tables = _reach_tables(period=period)
    else:
        tables = _interpreter_tables(period=period, filters=form.filters())
    table = next((table for table in tables if table.key == key), None)
    if table is None:
        raise Http404
    write, content_type = EXPORTS[fmt]
    last_day = period.end - timedelta(days=1)
    filename = f"{key}_{period.start:%Y-%m-%d}_{last_day:%Y-%m-%d}.{fmt}"
    response = HttpResponse(write(table), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
