"""Budget figures against hand-computed fixtures and against the ledger."""

from decimal import Decimal

import pytest

from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import account_balance_from_transfers
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections.budget import BudgetSection
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, pay, payment_run, release

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_calls():
    programme = ProgrammeFactory()
    first = make_call(programme=programme, name="Erster Aufruf", budget=Decimal("100000.00"))
    second = make_call(programme=programme, name="Zweiter Aufruf", budget=Decimal("50000.00"))
    commit(first, "30000.00", "a")
    commit(first, "12345.67", "b")
    release(first, "5000.00", "a")
    pay(first, "10000.01", "a")
    payment_run()  # the bank pays the first call's payout
    commit(second, "49999.99", "c")
    pay(second, "0.99", "c")  # queued: still committed
    return first, second


def _by_call(result):
    table = next(t for t in result.all_tables() if t.key == "budget-by-call")
    return {row["call"]: row for row in table.as_dicts()}


def test_budget_per_call_matches_hand_computed_figures(two_calls):
    result = BudgetSection().build(ReportFilter())
    rows = _by_call(result)
    first = rows["Erster Aufruf"]
    # committed 30000 + 12345.67 - 5000 released - 10000.01 paid
    assert first["committed"] == Decimal("27345.66")
    assert first["available"] == Decimal("62654.33")  # 100000 - 42345.67 + 5000
    assert first["paid"] == Decimal("10000.01")
    assert first["total"] == Decimal("100000.00")
    second = rows["Zweiter Aufruf"]
    # a queued payout is still committed: paid only once the bank executed it
    assert (second["available"], second["committed"], second["paid"]) == (
        Decimal("0.01"),
        Decimal("49999.99"),
        Decimal("0.00"),
    )
    total = rows[""]
    assert total["total"] == Decimal("150000.00")
    assert total["paid"] == Decimal("10000.01")


def test_dashboard_totals_agree_with_the_ledger_to_the_cent(two_calls):
    """The cross-check: every call's figures equal the ledger balances, both the running
    balance and the balance recomputed from the transfers: committed is the committed
    account plus the payouts queued for the bank, paid what reached the bank."""
    rows = _by_call(BudgetSection().build(ReportFilter()))
    queued = Account.objects.get(code="payments:outgoing")
    bank = Account.objects.get(code="payments:bank")
    for call in two_calls:
        budget = Account.objects.get(code=call.budget_account_code)
        committed = Account.objects.get(code=call.committed_account_code)
        row = rows[call.name]
        assert row["available"] == budget.balance == account_balance_from_transfers(account=budget)
        assert committed.balance == account_balance_from_transfers(account=committed)
        assert row["total"] == call.budget
    first, second = (rows[c.name] for c in two_calls)
    first_committed = Account.objects.get(code=two_calls[0].committed_account_code)
    second_committed = Account.objects.get(code=two_calls[1].committed_account_code)
    assert first["committed"] == first_committed.balance
    assert second["committed"] == second_committed.balance + queued.balance
    assert bank.balance == first["paid"] + second["paid"]


def test_call_filter_and_curve_over_time(two_calls):
    first, _second = two_calls
    result = BudgetSection().build(ReportFilter(call_id=first.pk))
    assert list(_by_call(result)) == ["Erster Aufruf", ""]
    curve = next(t for t in result.all_tables() if t.key == "budget-over-time").as_dicts()
    assert curve[-1]["available"] == Decimal("62654.33")
    assert curve[-1]["total"] == Decimal("100000.00")


def test_period_before_any_transfer_shows_nothing_committed(two_calls):
    from datetime import date

    result = BudgetSection().build(ReportFilter(date_to=date(2000, 1, 1)))
    rows = _by_call(result)
    assert rows["Erster Aufruf"]["total"] == Decimal("0.00")


def test_dashboard_builds_every_available_section(two_calls):
    outcomes = dashboard_build(report_filter=ReportFilter())
    keys = [o.key for o in outcomes]
    assert keys[:1] == ["budget"]
    assert {"budget", "approvals", "de-minimis", "payouts"} <= {
        o.key for o in outcomes if o.result is not None
    }


def test_money_a_call_passes_on_to_vouchers_counts_as_committed():
    from kivoucher.ledger.services import account_get_or_create, transfer_create
    from kivoucher.programmes.services import call_budget_account

    call = make_call(programme=ProgrammeFactory(), name="Compute", budget=Decimal("5000.00"))
    voucher = account_get_or_create(code="compute:voucher:T1", name="Voucher T1")
    transfer_create(
        key="t-fund",
        source=call_budget_account(call),
        destination=voucher,
        amount=Decimal("1000.00"),
        kind="compute_voucher_funding",
    )
    transfer_create(
        key="t-expiry",
        source=voucher,
        destination=call_budget_account(call),
        amount=Decimal("200.00"),
        kind="compute_voucher_expiry",
    )
    result = BudgetSection().build(ReportFilter(call_id=call.pk))
    row = _by_call(result)["Compute"]
    assert (row["available"], row["committed"], row["paid"], row["total"]) == (
        Decimal("4200.00"),
        Decimal("800.00"),
        Decimal("0.00"),
        Decimal("5000.00"),
    )
    curve = next(t for t in result.all_tables() if t.key == "budget-over-time").as_dicts()
    assert curve[-1]["committed"] == Decimal("800.00")
    assert curve[-1]["total"] == Decimal("5000.00")
