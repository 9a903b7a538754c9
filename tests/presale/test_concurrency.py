"""Concurrent payment confirmations on PostgreSQL: the order of sale stays gap-free."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from kivoucher.presale.models import Purchase
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.presale.factories import make_buyer, make_offer, make_staff


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_keep_the_sequence_strictly_increasing_and_gap_free():
    offer = make_offer(target=Decimal("100000000"), unit_hours_for_sale=10_000)
    staff = make_staff()
    purchases = []
    for _ in range(24):
        org, user = make_buyer()
        purchases.append(
            purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
        )
    barrier = threading.Barrier(8)
    errors = []

    def worker(chunk):
        try:
            barrier.wait()
            for purchase in chunk:
                purchase_confirm_payment(actor=staff, purchase=purchase)
            # a second, concurrent confirmation of the same purchase must not count twice
            for purchase in chunk[:1]:
                try:
                    purchase_confirm_payment(actor=staff, purchase=purchase)
                except Exception as exc:  # noqa: BLE001 - collected and checked below
                    errors.append(type(exc).__name__)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(purchases[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == ["Conflict"] * 8
    rows = list(
        Purchase.objects.filter(offer=offer)
        .order_by("confirmed_at", "pk")
        .values_list("sequence", flat=True)
    )
    assert sorted(rows) == list(range(1, 25))
    # strictly increasing in the order of confirmation
    by_time = list(
        Purchase.objects.filter(offer=offer)
        .order_by("sequence")
        .values_list("confirmed_at", flat=True)
    )
    assert by_time == sorted(by_time)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_runs_and_requests_never_double_book():
    from datetime import timedelta

    from django.utils import timezone

    from kivoucher.presale.models import Offer
    from kivoucher.presale.scheduling import (
        allocation_run,
        offer_commission,
        slot_request_create,
        slots_overlap_exists,
    )

    offer = make_offer(code="race", target=Decimal("7500"), partitions=2)
    staff = make_staff()
    holders = []
    for _ in range(6):
        org, user = make_buyer()
        p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=40)
        holders.append((purchase_confirm_payment(actor=staff, purchase=p), user))
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=2),
    )
    barrier = threading.Barrier(len(holders))
    errors = []

    def worker(purchase, user):
        try:
            barrier.wait()
            for block in (5, 3):
                slot_request_create(
                    actor=user,
                    purchase=purchase,
                    earliest_start=start,
                    latest_end=start + timedelta(hours=12),
                    block_hours=block,
                    width=2 if purchase.sequence % 2 else 1,
                )
                allocation_run(actor=staff, offer=offer)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=h) for h in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    allocation_run(actor=staff, offer=offer)
    assert not slots_overlap_exists(offer)
    assert offer.slots.exists()
