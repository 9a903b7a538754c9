"""Exports of report tables: CSV, XLSX (openpyxl), JSON, and the yearly PDF report."""

import io
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kivoucher.core.spreadsheet import csv_writer, xlsx_row
from kivoucher.reporting.tables import COUNT, DATE, DAYS, MONEY, PERCENT, Table, jsonable

XLSX_FORMATS = {MONEY: "#,##0.00", COUNT: "#,##0", PERCENT: "0.0", DAYS: "0.0", DATE: "DD.MM.YYYY"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_csv(table: Table, *, filters: list[tuple[str, str]] | None = None) -> str:
    """CSV with a header row of column keys (stable for scripts) and plain values:
    decimal point, ISO dates, empty cell for a suppressed or missing value."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else jsonable(v) for v in row])
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Tabelle"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def _write_sheet(sheet, table: Table, filters: list[tuple[str, str]]) -> None:
    sheet.append(xlsx_row([table.title]))
    sheet["A1"].font = Font(bold=True, size=13)
    for label, value in filters:
        sheet.append(xlsx_row([label, value]))
    if table.note:
        sheet.append(xlsx_row([table.note]))
    sheet.append([])
    sheet.append(xlsx_row([c.label for c in table.columns]))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(xlsx_row(_xlsx_value(v) for v in row))
        for col, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
            if col.kind in XLSX_FORMATS and cell.value is not None:
                cell.number_format = XLSX_FORMATS[col.kind]
    for i, col in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(48, len(col.label) + 4))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return value  # openpyxl writes Decimal as a number
    if isinstance(value, date):
        return value
    return value


def tables_xlsx(tables: list[Table], *, filters: list[tuple[str, str]] | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(workbook.create_sheet(_sheet_title(table.title, used)), table, filters or [])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_as_dict(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": [{k: jsonable(v) for k, v in row.items()} for row in table.as_dicts()],
    }


def report_pdf(*, context: dict) -> bytes:
    """The yearly programme report: HTML with the SVG charts inline, printed by weasyprint."""
    from weasyprint import HTML

    html = render_to_string("reporting/report_pdf.html", context)
    return HTML(string=html).write_pdf()
