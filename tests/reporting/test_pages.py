"""Dashboard page, access, charts with their data tables, exports with the same numbers."""

import csv
import io
import re
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from kivoucher.core.roles import Role
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.tables import display
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, company, grant, pay, payment_run

pytestmark = pytest.mark.django_db
SVG = re.compile(r"<svg .*?</svg>", re.S)


@pytest.fixture
def figures():
    programme = ProgrammeFactory()
    call = make_call(programme=programme, name="Aufruf Seite", budget=Decimal("80000.00"))
    commit(call, "20000.00", "p1")
    pay(call, "7500.25", "p1")
    payment_run()  # paid: the bank executed the payout
    for i, state in enumerate(["BY", "BY", "HE", "NW", "SN"]):
        grant(programme, company(state), "10000.00", f"g{i}")
    return call


@pytest.fixture
def staff(client_for, user_factory):
    return client_for(user_factory(role=Role.PROGRAMME_ADMIN))


def test_dashboard_is_for_staff_only(client, client_for, user_factory, figures):
    for role in (Role.CASEWORKER, Role.APPROVER, Role.PROGRAMME_ADMIN, Role.AUDITOR):
        assert client_for(user_factory(role=role)).get("/reporting/").status_code == 200
    for role in (Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER):
        user = client_for(user_factory(role=role))
        assert user.get("/reporting/").status_code == 404
        assert user.get("/reporting/export/budget-by-call.csv").status_code == 404
        assert user.get("/api/v1/reporting/dashboard").status_code == 404
    assert client.get("/reporting/").status_code == 302


def test_every_chart_is_accessible_svg_with_its_data_table(staff, figures):
    page = staff.get("/reporting/").text
    svgs = SVG.findall(page)
    outcomes = dashboard_build(report_filter=ReportFilter())
    charts = [c for o in outcomes if o.result for c in o.result.charts]
    assert len(svgs) == len(charts) >= 6
    for chart in charts:
        root = ElementTree.fromstring(str(chart.svg))
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title").get("id") == title_id and root.find(f"{ns}title").text
        assert root.find(f"{ns}desc").get("id") == desc_id and root.find(f"{ns}desc").text
        assert f'id="table-{chart.table.key}"' in page  # the data table is on the page
        assert chart.table.columns and "<caption>" in page
    for svg in svgs:
        assert "<script" not in svg and "style=" not in svg
    assert "<script>" not in page


def test_the_map_has_all_sixteen_states(figures):
    outcomes = dashboard_build(report_filter=ReportFilter())
    chart = next(
        c for o in outcomes if o.result for c in o.result.charts if c.key == "approvals-map"
    )
    root = ElementTree.fromstring(str(chart.svg))
    paths = root.findall(".//{http://www.w3.org/2000/svg}path")
    assert len(paths) == 16
    shaded = {p.get("fill") for p in paths}
    assert len(shaded) >= 2  # states with and without money differ


def test_exports_hold_the_same_numbers_as_the_page(staff, figures):
    page = staff.get("/reporting/").text
    rows = list(csv.DictReader(io.StringIO(staff.get("/reporting/export/budget-by-call.csv").text)))
    call_row = next(r for r in rows if r["call"] == "Aufruf Seite")
    assert call_row["available"] == "60000.00"
    assert call_row["committed"] == "12499.75"
    assert call_row["paid"] == "7500.25"
    assert "60.000,00" in page and "12.499,75" in page and "7.500,25" in page
    response = staff.get("/reporting/export/budget-by-call.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert Decimal(str(60000)) in [Decimal(str(v)) for v in values if isinstance(v, int | float)]
    assert "Aufruf Seite" in values
    book = load_workbook(io.BytesIO(staff.get("/reporting/export/all.xlsx").content))
    assert len(book.sheetnames) >= 8
    assert staff.get("/reporting/export/no-such-table.csv").status_code == 404


def test_every_table_on_the_page_equals_its_csv_export(staff, figures):
    from django.utils.html import escape

    page = staff.get("/reporting/?state=BY").text
    outcomes = dashboard_build(report_filter=ReportFilter(state="BY"))
    tables = [t for o in outcomes if o.result for t in o.result.all_tables()]
    assert len(tables) >= 8
    for table in tables:
        html = page.split(f'id="table-{table.key}"', 1)[1].split("</table>", 1)[0]
        exported = list(
            csv.reader(io.StringIO(staff.get(f"/reporting/export/{table.key}.csv?state=BY").text))
        )
        assert exported[0] == [c.key for c in table.columns]
        assert len(exported) - 1 == len(table.rows)
        for row, shown in zip(exported[1:], table.display_rows(), strict=True):
            for value, (text, _numeric), column in zip(row, shown, table.columns, strict=True):
                if column.kind == "money" and value:
                    assert display(Decimal(value), "money") == text
                assert str(escape(text)) in html


def test_filters_reach_the_exports(staff, figures):
    rows = list(
        csv.DictReader(
            io.StringIO(staff.get("/reporting/export/approvals-by-state.csv?state=BY").text)
        )
    )
    amounts = {r["code"]: r["amount"] for r in rows}
    assert amounts["BY"] == "20000.00" and amounts["HE"] == "0.00"
    invalid = staff.get("/reporting/?date_from=2026-02-01&date_to=2026-01-01")
    assert invalid.status_code == 200 and 'role="alert"' in invalid.text


def test_yearly_pdf_report(staff, figures):
    response = staff.get("/reporting/report/2026.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert staff.get("/reporting/report/1066.pdf").status_code == 404


def test_dashboard_api_for_staff(api_client_for, user_factory, figures):
    client = api_client_for(user_factory(role=Role.AUDITOR))
    data = client.get("/api/v1/reporting/dashboard?state=BY").json()
    approvals = next(s for s in data if s["key"] == "approvals")
    by_state = next(t for t in approvals["tables"] if t["key"] == "approvals-by-state")
    assert next(r for r in by_state["rows"] if r["code"] == "BY")["amount"] == "20000.00"


def test_dashboard_query_count_does_not_grow_with_data(staff, figures):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff.get("/reporting/")  # builds the ledger cache once
    with CaptureQueriesContext(connection) as before:
        staff.get("/reporting/")
    programme = ProgrammeFactory()
    for i in range(20):
        call = make_call(programme=programme, name=f"Mehr {i}", budget=Decimal("1000"))
        commit(call, "10.00", f"more{i}")
        grant(programme, company("HH"), "100.00", f"more{i}")
    with CaptureQueriesContext(connection) as after:
        staff.get("/reporting/")
    assert len(after.captured_queries) == len(before.captured_queries) <= 60


def test_long_downloads_show_progress_until_the_file_arrives(staff, figures):
    """Export links carry a status the page shows while the server works; the answer
    sets the cookie site.js waits for, so the status goes away. (The PDF report is a
    task with its own progress: tests/reporting/test_report_task.py.)"""
    page = staff.get("/reporting/").content.decode()
    assert page.count('data-progress="export-status"') == 1
    assert 'id="export-status" class="busy" role="status" hidden' in page
    response = staff.get("/reporting/export/all.xlsx?download_token=1700000000000")
    assert response.status_code == 200
    assert response.cookies["kiv_download"].value == "1700000000000"
    forged = staff.get("/reporting/export/all.xlsx?download_token=a%3Bb")
    assert "kiv_download" not in forged.cookies
