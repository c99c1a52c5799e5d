"""Exports of one report table (portal/reporting.py Table) as CSV and XLSX for the
committee's papers and the coordinator's own spreadsheets.

Only the table's declared columns are written, whatever else a row holds: an export
cannot carry a field the table does not show (data protection, issue 6).

CSV is shaped for German Excel: UTF-8 with BOM (else Excel reads it as Windows-1252),
";" as separator and "," as the decimal mark, dates as dd.mm.yyyy. XLSX keeps numbers
and dates as real cells with a German number format.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.reporting import Table

# A cell starting like this is read by spreadsheets as a formula. Search terms come from
# visitors, so such text is written as text, never as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def cell_text(value) -> str:
    """A value as German text: on the report page and in the CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime):
        return f"{_local(value):%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        # Decimal keeps its places (12.50 € stays "12,50"); floats get at most two.
        places = None if isinstance(value, Decimal) else 2
        text = number_format(value, decimal_pos=places, use_l10n=False)
        text = text.replace(".", ",")
        if isinstance(value, float) and "," in text:
            text = text.rstrip("0").rstrip(",")
        return text
    return str(value)


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _csv_safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def table_rows(table: Table) -> list[list]:
    """The declared columns of every row, in column order (missing keys are empty)."""
    keys = [key for key, _heading in table.columns]
    return [[row.get(key) for key in keys] for row in table.rows]


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(heading) for _key, heading in table.columns])
    for values in table_rows(table):
        writer.writerow(
            [
                cell_text(value) if is_number(value) else _csv_safe(cell_text(value))
                for value in values
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub("-", title)[:31] or "Tabelle"


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(str(table.title))
    sheet.append([str(heading) for _key, heading in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    rows = table_rows(table)
    for row_number, values in enumerate(rows, start=2):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            if value is None:
                continue
            if isinstance(value, datetime):
                cell.value = _local(value).replace(tzinfo=None)  # Excel has no time zones
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "DD.MM.YYYY"
            elif is_number(value):
                cell.value = value
                if isinstance(value, Decimal | float):
                    cell.number_format = "#,##0.00"
            else:
                cell.value = cell_text(value)
                cell.data_type = "s"  # text stays text, even "=…" (see _FORMULA_START)
    for column_number, (_key, heading) in enumerate(table.columns, start=1):
        widest = max(
            [len(str(heading))] + [len(cell_text(values[column_number - 1])) for values in rows]
        )
        letter = sheet.cell(row=1, column=column_number).column_letter
        sheet.column_dimensions[letter].width = min(max(widest + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
