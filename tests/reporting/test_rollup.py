"""The daily ledger sums plus the live tail always equal the ledger."""

from decimal import Decimal

import pytest

from kivoucher.reporting import rollup
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.models import LedgerDay, LedgerRollup
from kivoucher.reporting.selectors import budget_flows, calls_for
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, pay, payment_run, release

pytestmark = pytest.mark.django_db


def _figures():
    flows = budget_flows(report_filter=ReportFilter(), calls=calls_for(ReportFilter()))
    return flows["per_call"]


def test_cache_and_tail_agree_with_the_ledger(monkeypatch):
    call = make_call(programme=ProgrammeFactory(), budget=Decimal("1000.00"))
    commit(call, "100.00", 1)
    assert _figures()[call.pk]["committed"] == Decimal("100.00")  # first read builds the cache
    state = LedgerRollup.objects.get()
    assert LedgerDay.objects.filter(generation=state.generation).exists()
    # transfers above the watermark are read live
    release(call, "40.00", 1)
    pay(call, "10.00", 1)
    figures = _figures()[call.pk]
    assert (figures["available"], figures["committed"], figures["paid"]) == (
        Decimal("940.00"),
        Decimal("60.00"),  # the payout waits for the bank
        Decimal("0.00"),
    )
    payment_run()
    figures = _figures()[call.pk]
    assert (figures["committed"], figures["paid"]) == (Decimal("50.00"), Decimal("10.00"))
    # once the tail is long, it is rolled into the cache, with the same figures
    monkeypatch.setattr(rollup, "REFRESH_AFTER", 0)
    assert _figures()[call.pk] == figures
    assert LedgerRollup.objects.get().upto > state.upto


def test_a_transfer_that_slipped_under_the_watermark_forces_a_rebuild():
    call = make_call(programme=ProgrammeFactory(), budget=Decimal("500.00"))
    commit(call, "200.00", 2)
    _figures()
    # as if a transaction with a lower id committed after the cache was built
    LedgerRollup.objects.filter(pk=1).update(transfers=0)
    generation = LedgerRollup.objects.get().generation
    assert _figures()[call.pk]["committed"] == Decimal("200.00")
    assert LedgerRollup.objects.get().generation == generation + 1
