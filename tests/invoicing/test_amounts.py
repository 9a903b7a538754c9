"""The arithmetic of invoices (pure functions): VAT out of a gross amount, lines that
add up to the net total to the cent (property-based)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kivoucher.core.money import round_money
from kivoucher.invoicing.amounts import shares_split, unit_price, vat_from_gross, vat_from_net

cents = st.integers(min_value=1, max_value=10**11).map(lambda c: Decimal(c) / 100)
rates = st.sampled_from([Decimal("19"), Decimal("7"), Decimal("0"), Decimal("16")])


@given(gross=cents, rate=rates)
def test_vat_out_of_gross_adds_up_and_is_the_rate_of_the_net_within_a_cent(gross, rate):
    totals = vat_from_gross(gross, rate)
    assert totals.net + totals.vat == totals.gross == gross
    # EN 16931 BR-CO-17: the VAT is the net at the rate, rounded (the rules allow 1 unit)
    assert abs(totals.vat - round_money(totals.net * rate / 100)) <= Decimal("0.01")


@given(net=cents, rate=rates)
def test_vat_on_net(net, rate):
    totals = vat_from_net(net, rate)
    assert totals.vat == round_money(net * rate / 100) and totals.gross == net + totals.vat


@given(
    total=cents,
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
)
def test_shares_add_up_to_the_cent_and_follow_the_weights(total, weights):
    parts = shares_split(total, [Decimal(w) for w in weights])
    assert sum(parts) == total and len(parts) == len(weights)
    whole = sum(weights)
    if whole:
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / whole) < Decimal("0.02")


def test_unit_price_has_four_places():
    assert unit_price(Decimal("18907.56"), Decimal(3)) == Decimal("6302.5200")
    assert unit_price(Decimal("10.00"), Decimal(3)) == Decimal("3.3333")
    assert unit_price(Decimal("10.00"), Decimal(0)) == Decimal("0.00")
