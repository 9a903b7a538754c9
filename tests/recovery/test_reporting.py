"""Item 7 of the issue: receivables on the dashboard, and the public statistics count
only money the bank paid (and nobody paid back) as paid."""

from decimal import Decimal

import pytest

from kivoucher.core.money import format_eur
from kivoucher.ledger.selectors import PAYOUT
from kivoucher.ledger.services import transfer_create
from kivoucher.payments.services import outgoing_account
from kivoucher.programmes.services import call_committed_account
from kivoucher.recovery.incoming import receivable_repayment
from kivoucher.recovery.reporting import ReceivablesSection
from kivoucher.recovery.services import receivable_create
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.public import public_statistics
from tests.recovery.factories import approved_voucher, pay_out
from tests.recovery.test_services import _entry

pytestmark = pytest.mark.django_db


def _paid_shown() -> Decimal:
    table = public_statistics().table("budget")
    paid_at = [c.key for c in table.columns].index("paid")
    return sum((row[paid_at] or Decimal("0") for row in table.rows), Decimal("0"))


def test_public_statistics_count_only_paid_money_as_paid():
    world, voucher = approved_voucher()
    # a payout queued (out of the committed account, not yet executed by the bank)
    transfer_create(
        key="queued-payout",
        source=call_committed_account(world.call),
        destination=outgoing_account(),
        amount=Decimal("5000.00"),
        kind=PAYOUT,
    )
    assert _paid_shown() == Decimal("0")
    pay_out(world.call, Decimal("7000.00"), key="executed-payout")
    assert _paid_shown() == Decimal("7000.00")
    receivable = receivable_create(
        actor=world.caseworker,
        organisation=world.company,
        origin=voucher.payout_origin,
        amount=Decimal("2000.00"),
        reason="Überzahlung",
    )
    assert receivable_repayment(_entry(receivable.reference, "2000.00", "pub:1")) == "matched"
    assert _paid_shown() == Decimal("5000.00")  # paid back: no longer paid


def test_the_dashboard_shows_receivables_outstanding_and_recovered():
    world, voucher = approved_voucher()
    first = receivable_create(
        actor=world.caseworker,
        organisation=world.company,
        origin=voucher.payout_origin,
        amount=Decimal("1000.00"),
        reason="Überzahlung",
    )
    receivable_create(
        actor=world.caseworker,
        organisation=world.company,
        origin=voucher.payout_origin,
        amount=Decimal("300.00"),
        reason="Überzahlung",
    )
    assert receivable_repayment(_entry(first.reference, "1000.00", "dash:1")) == "matched"
    result = ReceivablesSection().build(ReportFilter())
    outstanding, recovered, written_off = (value for _label, value in result.facts)
    assert outstanding == format_eur(Decimal("300.00"))
    assert recovered == format_eur(Decimal("1000.00"))
    assert written_off == format_eur(Decimal("0"))
    table = result.tables[0]
    assert sorted(row[2] for row in table.rows) == [1, 1]
    assert sum(row[6] for row in table.rows) == Decimal("300.00")
    assert sum(row[4] for row in table.rows) == Decimal("1000.00")


def test_the_dashboard_counts_open_change_requests_and_instalments():
    from kivoucher.applications.models import ChangeRequest
    from kivoucher.projects.reporting import AfterAwardSection

    _world, voucher = approved_voucher()
    ChangeRequest.objects.create(voucher=voucher, kind="extension", months=2, reason="Verzug")
    ChangeRequest.objects.create(
        voucher=voucher, kind="extension", months=1, reason="Verzug", status="rejected"
    )
    result = AfterAwardSection().build(ReportFilter())
    open_changes, waiting = (value for _label, value in result.facts)
    assert open_changes == "1"
    assert waiting == "0"
    assert sum(row[2] for row in result.tables[0].rows) == 2
