"""Approvals by state, size class and sector; de-minimis headroom (hand-computed)."""

from datetime import date
from decimal import Decimal

import pytest

from kivoucher.programmes.deminimis import aid_declare
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.awards import AwardsSection
from kivoucher.reporting.sections.deminimis import DeMinimisSection
from kivoucher.reporting.sections.labels import size_label
from tests.factories import ProgrammeFactory
from tests.reporting.factories import company, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants():
    programme = ProgrammeFactory()
    micro = company("BY", employees=5, turnover="1000000", balance="500000", sector="J62")
    small = company("BY", employees=30, turnover="8000000", balance="9000000", sector="C28")
    medium = company("NW", employees=200, turnover="40000000", balance="60000000", sector="C25")
    large = company("BE", employees=900, turnover="90000000", balance="80000000", sector="")
    grant(programme, micro, "50000.00", 1)
    grant(programme, micro, "10000.50", 2, granted_on=date(2026, 6, 1))
    grant(programme, small, "40000.00", 3)
    grant(programme, medium, "25000.25", 4)
    grant(programme, large, "1000.00", 5, granted_on=date(2025, 12, 31))
    return programme, micro, small, medium, large


def _table(result, key):
    return {
        row[next(iter(row))]: row
        for row in next(t for t in result.all_tables() if t.key == key).as_dicts()
    }


def test_approvals_by_state_size_and_sector(grants):
    result = AwardsSection().build(ReportFilter())
    by_state = _table(result, "approvals-by-state")
    assert len(by_state) == 16
    assert by_state["BY"]["companies"] == 2
    assert by_state["BY"]["grants"] == 3
    assert by_state["BY"]["amount"] == Decimal("100000.50")
    assert by_state["NW"]["amount"] == Decimal("25000.25")
    assert by_state["HH"]["amount"] == Decimal("0.00")
    by_size = _table(result, "approvals-by-size")
    assert by_size[size_label("micro")]["amount"] == Decimal("60000.50")
    assert by_size[size_label("small")]["companies"] == 1
    assert by_size[size_label("medium")]["amount"] == Decimal("25000.25")
    assert by_size[size_label("large")]["amount"] == Decimal("1000.00")
    by_sector = _table(result, "approvals-by-sector")
    manufacturing = next(v for k, v in by_sector.items() if k.startswith("C"))
    assert manufacturing["companies"] == 2
    assert manufacturing["amount"] == Decimal("65000.25")


def test_approvals_filtered_by_period_and_state(grants):
    result = AwardsSection().build(
        ReportFilter(date_from=date(2026, 1, 1), date_to=date(2026, 5, 31), state="BY")
    )
    by_state = _table(result, "approvals-by-state")
    assert by_state["BY"]["amount"] == Decimal("90000.00")
    assert by_state["BE"]["amount"] == Decimal("0.00")
    assert result.facts[0][1] == "2"  # companies


def test_de_minimis_headroom_buckets(grants):
    _programme, micro, _small, _medium, large = grants
    aid_declare(
        actor=None,
        organisation=large,
        granting_body="Land Berlin",
        amount=Decimal("280000.00"),
        granted_on=date(2025, 1, 10),
        reference="decl-1",
    )
    result = DeMinimisSection().build(ReportFilter(date_to=date(2026, 12, 31)))
    rows = {row["bucket"]: row for row in result.all_tables()[0].as_dicts()}
    # micro 60000.50 (20 %), small 40000 (13 %), medium 25000.25 (8 %): below 25 %
    assert rows["< 25 %"]["companies"] == 3
    assert rows["< 25 %"]["used"] == Decimal("125000.75")
    # large: 1000 + 280000 declared = 281000 of 300000 (93.7 %)
    assert rows["90–100 %"]["companies"] == 1
    assert rows["90–100 %"]["used"] == Decimal("281000.00")
    assert rows["> 100 %"]["companies"] == 0


def test_a_company_funded_by_two_programmes_counts_once_per_state_and_once_per_programme():
    voucher = ProgrammeFactory()
    compute = ProgrammeFactory(code="ki-compute", name="KI-Compute", line="compute")
    firm = company("HH")
    grant(voucher, firm, "30000.00", "two-a")
    grant(compute, firm, "50000.00", "two-b")
    grant(compute, company("HH"), "50000.00", "two-c")
    result = AwardsSection().build(ReportFilter())
    by_state = _table(result, "approvals-by-state")
    assert (by_state["HH"]["companies"], by_state["HH"]["grants"]) == (2, 3)
    assert by_state["HH"]["amount"] == Decimal("130000.00")
    by_programme = _table(result, "approvals-by-programme")
    assert by_programme["KI-Voucher"]["companies"] == 1
    assert by_programme["KI-Compute"]["companies"] == 2
    assert by_programme["KI-Compute"]["amount"] == Decimal("100000.00")
    assert result.facts[0][1] == "2"
