"""The de-minimis register export: every award and every reduction, with the fields of
the EU central register, as CSV and XLSX (parsed back with csv and openpyxl)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kivoucher.programmes.deminimis_export import COLUMNS
from kivoucher.recovery.services import (
    recovery_answer_record,
    recovery_case_start,
    recovery_decide,
    recovery_hearing_send,
)
from tests.recovery.factories import approved_voucher, base_rates_until_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def recovered():
    base_rates_until_today()
    world, voucher = approved_voucher()
    case = recovery_case_start(
        actor=world.admin,
        origin=voucher.payout_origin,
        reason="Zweck verfehlt",
        amount=Decimal("4000.00"),
        ineffective_on=timezone.localdate() - timedelta(days=30),
    )
    recovery_hearing_send(actor=world.admin, case=case)
    recovery_answer_record(actor=world.applicant, case=case, answer="Keine Einwände.")
    case = recovery_decide(actor=world.approver, case=case, recover=True, reason="Zweck verfehlt")
    return world, voucher, case


def _check_rows(rows, world, voucher, case):
    award_ref = f"application:{voucher.application_id}"
    award = next(r for r in rows if r["entry_type"] == "award")
    reduction = next(r for r in rows if r["entry_type"] == "reduction")
    assert award["reference"] == award_ref
    assert award["beneficiary_id"] == world.company.vat_id == "DE136695976"
    assert award["beneficiary_id_type"] == "VAT"
    assert award["beneficiary_name"] == world.company.name
    assert award["aid_measure"] == world.programme.name
    assert award["aid_measure_code"] == world.programme.code
    assert award["aid_instrument"] == "grant"
    assert award["granting_authority"] == "Projektträger KI-Voucher"
    assert Decimal(str(award["amount_eur"])) == voucher.amount  # as granted
    assert reduction["reference"] == f"recovery:{case.pk}"
    assert reduction["award_reference"] == award_ref
    assert Decimal(str(reduction["amount_eur"])) == Decimal("-4000.00")
    assert str(reduction["granted_on"])[:10] == case.decided_on.isoformat()


def test_csv_lists_the_award_and_its_reduction(recovered, client_for):
    world, voucher, case = recovered
    response = client_for(world.caseworker).get("/de-minimis-register.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == COLUMNS
    _check_rows(rows, world, voucher, case)


def test_xlsx_over_the_api(recovered, api_client_for):
    world, voucher, case = recovered
    response = api_client_for(world.admin).get("/api/v1/programmes/de-minimis-register.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == COLUMNS
    rows = [dict(zip(COLUMNS, v, strict=True)) for v in values[1:]]
    assert len(rows) == 2
    _check_rows(rows, world, voucher, case)


def test_companies_may_not_export_the_register(recovered, api_client_for, client_for):
    world, _voucher, _case = recovered
    assert (
        api_client_for(world.applicant)
        .get("/api/v1/programmes/de-minimis-register.csv")
        .status_code
        == 403
    )
    assert client_for(world.applicant).get("/de-minimis-register.xlsx").status_code == 403
