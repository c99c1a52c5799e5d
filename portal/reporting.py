"""The shape every figure of the committee report has (issue 6): a period and tables.

Producers: sprachmittler/reports.py (interpreter service figures) and analytics/reach.py
(page views, searches without result). Consumer: the report page and its exports
(sprachmittler/views/report.py), which render each table as a table, an accessible
SVG chart where `chart` is set, CSV and XLSX.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """[start, end): end is exclusive. Dates are local (Europe/Berlin) days."""

    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass
class Table:
    key: str  # stable, ASCII: used in export URLs and file names
    title: str  # German source text through gettext (gettext_lazy at definition)
    columns: list[tuple[str, str]]  # (row key, column heading through gettext)
    rows: list[dict] = field(default_factory=list)
    chart: str | None = None  # "bar" or None
    chart_label: str | None = None  # row key of the bars' labels
    chart_value: str | None = None  # row key of the bars' numbers
    description: str = ""  # one sentence saying what is counted (through gettext)


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, end, f"{month:02d}/{year}")


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(start, end, f"Q{quarter}/{year}")


def year_period(year: int) -> Period:
    """A funding year is the calendar year (the district's budget year)."""
    return Period(date(year, 1, 1), date(year + 1, 1, 1), str(year))


def custom_period(first: date, last: date) -> Period:
    """From `first` to `last`, both included."""
    return Period(first, last + timedelta(days=1), f"{first:%d.%m.%Y}–{last:%d.%m.%Y}")
