"""Usage is charged exactly: the sub-cent rest of each record is carried on the voucher,
so the total does not depend on how a data centre splits its records (issue 23.9)."""

from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kivoucher.compute.models import ComputeVoucher, UsageRecord
from kivoucher.compute.services.holds import compute_hold_create, compute_hold_settle
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import ledger_total_balance
from tests.compute.factories import issue, make_data_centre

pytestmark = pytest.mark.django_db
D = Decimal
END = timezone.now().replace(microsecond=0) - timedelta(hours=1)


def rec(rid, voucher, quantity, resource="h100-80gb"):  # h100-80gb: 2.50 EUR per GPU hour
    return {
        "id": rid,
        "voucher": voucher.code,
        "resource": resource,
        "quantity": str(quantity),
        "start": (END - timedelta(hours=1)).isoformat(),
        "end": END.isoformat(),
    }


def charged_on(voucher) -> Decimal:
    account = Account.objects.get(pk=voucher.account_id)
    return voucher.value - account.balance


def floor_cent(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_FLOOR)


@pytest.mark.parametrize(
    ("records", "quantity"), [(1, "1"), (500, "0.002"), (1000, "0.001"), (3, "0.333333")]
)
def test_one_gpu_hour_costs_the_same_however_it_is_split(records, quantity):
    dc = make_data_centre("dc-split")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(data_centre=dc, records=[rec(f"r{i}", voucher, quantity) for i in range(records)])
    exact = records * D(quantity) * D("2.50")
    assert charged_on(voucher) == floor_cent(exact)
    voucher.refresh_from_db()
    assert voucher.usage_remainder == exact - floor_cent(exact)
    amounts = UsageRecord.objects.filter(voucher=voucher).values_list("amount", "charged")
    assert sum(a for a, _c in amounts) == sum(c for _a, c in amounts) == floor_cent(exact)


def test_the_remainder_carries_over_batches_and_duplicates_leave_it_alone():
    dc = make_data_centre("dc-carry")
    voucher = issue(dc, value=D("100.00"))
    first = usage_ingest(data_centre=dc, records=[rec("a", voucher, "0.003")])  # 0.0075
    assert [r.charged for r in first.results] == [D("0.00")]
    again = usage_ingest(data_centre=dc, records=[rec("a", voucher, "0.003")])
    assert again.results[0].status == "duplicate"
    voucher.refresh_from_db()
    assert voucher.usage_remainder == D("0.0075")
    second = usage_ingest(data_centre=dc, records=[rec("b", voucher, "0.003")])  # +0.0075
    assert [r.charged for r in second.results] == [D("0.01")]
    voucher.refresh_from_db()
    assert voucher.usage_remainder == D("0.005")
    assert charged_on(voucher) == D("0.01")


def test_rejected_records_leave_the_remainder_alone():
    dc = make_data_centre("dc-rejected")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(
        data_centre=dc,
        records=[rec("a", voucher, "0.003"), rec("b", voucher, "0.003", resource="tpu")],
    )
    voucher.refresh_from_db()
    assert voucher.usage_remainder == D("0.0075")


def test_a_reversal_takes_back_what_its_record_moved_and_keeps_the_sum_exact():
    dc = make_data_centre("dc-reverse")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(
        data_centre=dc, records=[rec("a", voucher, "0.003"), rec("b", voucher, "0.003")]
    )  # 0.00 + 0.01, remainder 0.005
    out = usage_ingest(data_centre=dc, records=[{"id": "b-rev", "reverses": "b"}])
    assert out.results[0].charged == D("-0.01")
    voucher.refresh_from_db()
    # what is left: record a, 0.0075 exact, nothing charged
    assert voucher.usage_remainder == D("0.0075")
    assert charged_on(voucher) == 0
    usage_ingest(data_centre=dc, records=[rec("c", voucher, "0.001")])  # +0.0025
    assert charged_on(voucher) == D("0.01")
    voucher.refresh_from_db()
    assert voucher.usage_remainder == 0


def test_an_exhausted_voucher_still_carries_the_exact_amount_as_uncovered():
    dc = make_data_centre("dc-short")
    voucher = issue(dc, value=D("0.01"))
    out = usage_ingest(
        data_centre=dc, records=[rec(f"r{i}", voucher, "0.003") for i in range(4)]
    )  # 4 x 0.0075 = 0.03 exact
    assert [r.charged for r in out.results] == [D("0.00"), D("0.01"), D("0.00"), D("0.00")]
    assert [r.uncovered for r in out.results] == [D("0.00"), D("0.00"), D("0.01"), D("0.01")]
    assert ledger_total_balance() == 0


def test_a_hold_settlement_charges_exactly_too():
    dc = make_data_centre("dc-hold")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(data_centre=dc, records=[rec("before", voucher, "0.003")])  # 0.0075
    hold = compute_hold_create(
        actor=None, data_centre=dc, voucher=voucher, hold_id="job-1", amount=D("10.00")
    )
    out = compute_hold_settle(
        actor=None, hold=hold, records=[rec(f"job-1-{i}", voucher, "0.001") for i in range(3)]
    )  # 3 x 0.0025
    assert sum(r.charged for r in out.results) == D("0.01")
    assert charged_on(voucher) == D("0.01")
    voucher.refresh_from_db()
    assert voucher.usage_remainder == D("0.005")


hours = st.decimals(min_value=D("0.000001"), max_value=D("3"), places=6)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(hours, min_size=1, max_size=25),
    cuts=st.lists(st.integers(0, 25), max_size=4),
    resource=st.sampled_from(["h100-80gb", "a100-40gb", "cpu"]),
)
def test_any_split_of_the_same_usage_is_charged_the_same(parts, cuts, resource):
    """The same usage as one record and as many records, in any number of batches:
    charged is the exact total rounded down to the cent, whatever the split, and the
    ledger stays balanced."""
    price = {"h100-80gb": D("2.50"), "a100-40gb": D("1.80"), "cpu": D("0.04")}[resource]
    n = ComputeVoucher.objects.count()
    dc = make_data_centre(f"prop-split-{n}")
    whole, split = issue(dc, value=D("1000.00")), issue(dc, value=D("1000.00"))
    total = sum(parts, D(0))
    usage_ingest(data_centre=dc, records=[rec("whole", whole, total, resource)])
    records = [rec(f"p{i}", split, q, resource) for i, q in enumerate(parts)]
    bounds = sorted({0, len(records), *(c for c in cuts if c < len(records))})
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        usage_ingest(data_centre=dc, records=records[lo:hi])
    exact = total * price
    assert charged_on(whole) == charged_on(split) == floor_cent(exact)
    for voucher in (whole, split):
        voucher.refresh_from_db()
        assert voucher.usage_remainder == exact - floor_cent(exact)
        account = Account.objects.get(pk=voucher.account_id)
        credits = Transfer.objects.filter(destination=account).values_list("amount", flat=True)
        debits = Transfer.objects.filter(source=account).values_list("amount", flat=True)
        assert account.balance == sum(credits) - sum(debits)
    # the payable account's credits may still be pending: they count
    assert ledger_total_balance() == 0
