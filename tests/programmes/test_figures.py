"""The call figures' definition (programmes.figures) on hand-made ledger movements."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kivoucher.ledger.services import account_get_or_create, transfer_create
from kivoucher.programmes.figures import call_figures
from kivoucher.programmes.selectors import calls_with_budget_figures
from kivoucher.programmes.services import call_budget_account
from tests.factories import ProgrammeFactory, make_call

pytestmark = pytest.mark.django_db
D = Decimal


def _move(key, source, destination, amount, kind):
    transfer_create(key=key, source=source, destination=destination, amount=D(amount), kind=kind)


def _paid(key):
    """The bank executes the payout whose transfer key is `key`."""
    outgoing = account_get_or_create(code="payments:outgoing", name="Outgoing")
    bank = account_get_or_create(code="payments:bank", name="Bank", floor=None)
    from kivoucher.ledger.models import Transfer

    payout = Transfer.objects.get(key=key)
    _move(f"{key}:paid", outgoing, bank, payout.amount, "payout_paid")


def test_a_pool_shared_by_two_calls_pays_out_first_in_first_out():
    programme = ProgrammeFactory()
    first = make_call(programme=programme, name="Eins", budget=D("1000.00"))
    second = make_call(programme=programme, name="Zwei", budget=D("1000.00"))
    v1 = account_get_or_create(code="compute:voucher:A", name="A")
    v2 = account_get_or_create(code="compute:voucher:B", name="B")
    pool = account_get_or_create(code="compute:dc:x:payable", name="payable")
    outgoing = account_get_or_create(code="payments:outgoing", name="Outgoing")
    _move("f1", call_budget_account(first), v1, "300.00", "compute_voucher_funding")
    _move("f2", call_budget_account(second), v2, "200.00", "compute_voucher_funding")
    _move("u1", v1, pool, "100.00", "compute_usage")
    _move("u2", v2, pool, "50.00", "compute_usage")
    _move("r2", pool, v2, "10.00", "compute_usage_reversal")  # 40 of the second call left
    _move("payout:p1", pool, outgoing, "120.00", "payout")
    figures = call_figures(calls=[first, second]).per_call
    # queued, not paid: everything is still committed
    assert figures[first.pk] == {
        "total": D("1000.00"),
        "available": D("700.00"),
        "committed": D("300.00"),
        "paid": D("0.00"),
    }
    assert figures[second.pk]["committed"] == D("200.00")
    _paid("payout:p1")
    figures = call_figures(calls=[first, second]).per_call
    # 100 of the first call came in first, then 20 of the second call's 40
    assert (figures[first.pk]["paid"], figures[second.pk]["paid"]) == (D("100.00"), D("20.00"))
    assert (figures[first.pk]["committed"], figures[second.pk]["committed"]) == (
        D("200.00"),
        D("180.00"),
    )
    # one call alone: the same figures (the pool's other money still counts as the other's)
    assert call_figures(calls=[second]).per_call[second.pk] == figures[second.pk]
    for f in figures.values():
        assert f["total"] == f["available"] + f["committed"] + f["paid"]


def test_daily_changes_add_up_to_the_figures_and_paid_counts_on_the_day_of_payment():
    call = make_call(programme=ProgrammeFactory(), name="Tag", budget=D("500.00"))
    voucher = account_get_or_create(code="compute:voucher:T", name="T")
    _move("f", call_budget_account(call), voucher, "100.00", "compute_voucher_funding")
    _move(
        "payout:v",
        voucher,
        account_get_or_create(code="payments:outgoing", name="O"),
        "60.00",
        "payout",
    )
    _paid("payout:v")
    result = call_figures(calls=[call], by_day=True)
    summed = {
        k: sum(d[k] for d in result.daily[call.pk].values()) for k in result.per_call[call.pk]
    }
    assert (
        summed
        == result.per_call[call.pk]
        == {
            "total": D("500.00"),
            "available": D("400.00"),
            "committed": D("40.00"),
            "paid": D("60.00"),
        }
    )


def test_calls_figures_take_the_same_number_of_queries_for_one_or_many_calls():
    programme = ProgrammeFactory()
    calls = [make_call(programme=programme, name=f"C{i}", budget=D("100")) for i in range(5)]
    with CaptureQueriesContext(connection) as one:
        calls_with_budget_figures(calls=calls[:1])
    with CaptureQueriesContext(connection) as many:
        calls_with_budget_figures(calls=calls)
    assert len(many) == len(one) <= 8
