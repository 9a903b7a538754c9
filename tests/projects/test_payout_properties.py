"""Property: payout = min(cap, rate x eligible costs), exact cents, never above either."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kivoucher.applications.models import Application, Voucher
from kivoucher.programmes.models import Programme
from kivoucher.projects.services import payout_amount

cents = st.integers(min_value=1, max_value=10_000_000_00).map(lambda c: Decimal(c) / 100)
rates = st.integers(min_value=1, max_value=100).map(lambda p: Decimal(p) / 100)


@given(cap=cents, costs=cents, rate=rates)
def test_payout_is_capped_and_in_cents(cap, costs, rate):
    programme = Programme(rate_small=rate)
    voucher = Voucher(amount=cap, application=Application(programme=programme, size_class="small"))
    paid = payout_amount(voucher=voucher, eligible_costs=costs)
    assert paid == paid.quantize(Decimal("0.01"))
    assert paid <= cap
    assert paid <= (rate * costs).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert paid == cap or abs(paid - rate * costs) <= Decimal("0.005")
