"""Orders across the end of a discount tier: the discounted hours left at the tier's
price, the rest at the next tier's or the regular price."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from hypothesis import given
from hypothesis import strategies as st

from kivoucher.core.money import round_money
from kivoucher.presale.models import PurchasePricePart
from kivoucher.presale.pricing import TierLeft, price_split
from kivoucher.presale.services import purchase_cancel, purchase_create
from tests.presale.factories import acknowledge, make_buyer, make_offer


@pytest.mark.django_db
def test_two_hours_with_one_discounted_hour_left_cost_17500():
    # the tier: 500 unit-hours at 7,500 EUR; regular 10,000 EUR per cluster-hour
    offer = make_offer()
    org, user = make_buyer()
    first = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=499)
    assert first.amount == Decimal("3742500.00")
    org2, user2 = make_buyer()
    order = purchase_create(actor=user2, offer=offer, buyer=org2, kind="hours", unit_hours=2)
    assert order.amount == Decimal("17500.00")
    parts = [(p.tier_id, p.unit_hours, p.price) for p in order.price_parts.order_by("pk")]
    tier = offer.tiers.get()
    assert parts == [(tier.pk, 1, Decimal("7500.00")), (None, 1, Decimal("10000.00"))]
    assert order.tier_id == tier.pk
    # the tier is used up: the next hour is regular
    org3, user3 = make_buyer()
    regular = purchase_create(actor=user3, offer=offer, buyer=org3, kind="hours", unit_hours=1)
    assert regular.amount == Decimal("10000.00") and regular.tier_id is None
    # a cancelled order gives its discounted hour back
    purchase_cancel(actor=user2, purchase=order)
    again = purchase_create(actor=user2, offer=offer, buyer=org2, kind="hours", unit_hours=2)
    assert again.amount == Decimal("17500.00")


@pytest.mark.django_db
def test_a_split_order_spans_several_tiers_and_partition_hours():
    from datetime import timedelta

    from django.utils import timezone

    from kivoucher.presale.services import offer_create
    from tests.factories import OrganisationFactory, ProgrammeFactory
    from tests.presale.factories import make_staff

    now = timezone.now()
    offer = offer_create(
        actor=make_staff(),
        programme=ProgrammeFactory(code="ki-presale", line="presale"),
        operator=OrganisationFactory(kind="operator"),
        code="tiers",
        title="Drei Stufen",
        regular_price=Decimal("10000"),
        unit_hours_for_sale=400,
        funding_target=Decimal("100000"),
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=9),
        partitions=4,
        tiers=[
            {"label": "Frühbucher", "price": Decimal("7000"), "unit_hours": 3},
            {"label": "Vorverkauf", "price": Decimal("8000"), "unit_hours": 4},
        ],
    )
    from kivoucher.presale.services import offer_publish

    offer = offer_publish(actor=make_staff(), offer=offer)
    org, user = make_buyer()
    order = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=10)
    # 3 partition-hours at 7,000/4 + 4 at 8,000/4 + 3 at 10,000/4
    assert order.amount == Decimal("5250.00") + Decimal("8000.00") + Decimal("7500.00")
    assert [p.unit_hours for p in order.price_parts.order_by("pk")] == [3, 4, 3]


def test_price_split_examples():
    tiers = [TierLeft(1, Decimal("7500"), 1), TierLeft(2, Decimal("9000"), None)]
    quote = price_split(unit_hours=3, tiers=tiers, regular_price=Decimal("10000"), partitions=1)
    assert quote.amount == Decimal("25500.00")
    assert [(p.tier_id, p.unit_hours) for p in quote.parts] == [(1, 1), (2, 2)]
    none_left = [TierLeft(1, Decimal("7500"), 0)]
    quote = price_split(unit_hours=2, tiers=none_left, regular_price=Decimal("10"), partitions=3)
    assert quote.amount == Decimal("6.67") and quote.parts[0].tier_id is None


@given(
    lefts=st.lists(st.one_of(st.none(), st.integers(0, 50)), max_size=4),
    prices=st.lists(st.integers(1, 20_000), min_size=4, max_size=4),
    unit_hours=st.integers(1, 300),
    partitions=st.integers(1, 8),
)
def test_price_split_uses_each_tier_up_to_its_hours_and_never_more(
    lefts, prices, unit_hours, partitions
):
    tiers = [TierLeft(i + 1, Decimal(prices[i]), left) for i, left in enumerate(lefts)]
    regular = Decimal(20_001)
    quote = price_split(
        unit_hours=unit_hours, tiers=tiers, regular_price=regular, partitions=partitions
    )
    assert sum(p.unit_hours for p in quote.parts) == unit_hours
    assert all(p.unit_hours > 0 for p in quote.parts)
    by_tier = {p.tier_id: p.unit_hours for p in quote.parts}
    for tier in tiers:
        if tier.left is not None:
            assert by_tier.get(tier.tier_id, 0) <= tier.left
    # a tier is only used once every earlier one is used up
    used = [t for t in tiers if t.tier_id in by_tier]
    for tier in tiers[: tiers.index(used[-1])] if used else []:
        assert tier.left is not None and by_tier.get(tier.tier_id, 0) == tier.left
    exact = sum(p.price * p.unit_hours for p in quote.parts) / partitions
    assert abs(quote.amount - exact) <= Decimal("0.005")
    assert quote.amount <= round_money(regular * unit_hours / partitions)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_never_sell_more_discounted_hours_than_the_tier_has():
    offer = make_offer(code="tier-race", unit_hours_for_sale=10_000)
    tier = offer.tiers.get()
    tier.unit_hours = 10
    tier.save()
    buyers = [make_buyer() for _ in range(8)]
    barrier = threading.Barrier(len(buyers))
    errors = []

    def worker(org, user):
        try:
            barrier.wait()
            purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=3)
        except Exception as exc:  # noqa: BLE001 - collected and checked below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=b) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    parts = PurchasePricePart.objects.filter(purchase__offer=offer)
    assert parts.filter(tier=tier).aggregate(s=Sum("unit_hours"))["s"] == 10
    assert parts.filter(tier=None).aggregate(s=Sum("unit_hours"))["s"] == 14
    total = offer.purchases.aggregate(s=Sum("amount"))["s"]
    assert total == 10 * Decimal("7500") + 14 * Decimal("10000")


@pytest.mark.django_db
def test_orders_from_before_price_parts_get_one_part_at_their_old_price():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kivoucher.presale.migrations.0005_price_parts_of_existing_orders")
    offer = make_offer()
    org, user = make_buyer()
    acknowledge(org, user, offer)
    tiered = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    shares = purchase_create(
        actor=user,
        offer=offer,
        buyer=org,
        kind="shares",
        share_class=offer.share_classes.get(),
        shares=5,
    )
    regular = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    PurchasePricePart.objects.all().delete()
    regular.tier = None
    regular.save(update_fields=["tier"])
    migration.forwards(apps, None)
    parts = {
        p.purchase_id: (p.tier_id, p.unit_hours, p.price) for p in PurchasePricePart.objects.all()
    }
    assert parts == {
        tiered.pk: (tiered.tier_id, 2, Decimal("7500.00")),
        regular.pk: (None, 1, Decimal("10000.00")),
    }
    assert shares.pk not in parts
    migration.forwards(apps, None)  # idempotent
    assert PurchasePricePart.objects.count() == 2


@pytest.mark.django_db
def test_the_purchase_page_and_api_show_the_split(client_for, api_client_for):
    offer = make_offer()
    org, user = make_buyer()
    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=499)
    order = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    page = client_for(user).get(f"/presale/purchases/{order.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "17,500.00" in text
    assert "1 unit-hours at 7,500.00 € per cluster-hour (Vorverkauf)" in text
    assert "1 unit-hours at the regular price of 10,000.00 € per cluster-hour" in text
    answer = api_client_for(user).get(f"/api/v1/presale/purchases/{order.pk}").json()
    assert answer["prices"] == [
        {"tier": "Vorverkauf", "unit_hours": 1, "price": "7500.00"},
        {"tier": None, "unit_hours": 1, "price": "10000.00"},
    ]
