"""The DB layer around the allocation, driven by random holders: whatever they
request, confirm and release, no partition-hour is ever booked twice, confirmed
slots never move, and no purchase books more hours than it bought."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kivoucher.core.errors import DomainError
from kivoucher.presale.models import Offer, Slot, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_release,
    slot_request_confirm,
    slot_request_create,
    slots_overlap_exists,
    unit_hours_left_map,
)
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.presale.factories import make_buyer, make_offer, make_staff

COUNTER = itertools.count()

action = st.one_of(
    st.tuples(
        st.just("request"),
        st.integers(0, 3),  # which purchase
        st.integers(0, 40),  # earliest hour
        st.integers(1, 30),  # window length
        st.integers(1, 8),  # block length
        st.integers(1, 2),  # width
        st.booleans(),  # may split
    ),
    st.tuples(st.just("allocate")),
    st.tuples(st.just("confirm"), st.integers(0, 20)),
    st.tuples(st.just("release"), st.integers(0, 40)),
)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(action, min_size=1, max_size=14))
def test_random_holders_never_double_book(actions):
    offer = make_offer(code=f"prop-{next(COUNTER)}", target=Decimal("7500"), partitions=2)
    staff = make_staff()
    purchases = []
    for _ in range(4):
        org, user = make_buyer()
        p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=12)
        purchases.append((purchase_confirm_payment(actor=staff, purchase=p), user))
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(hours=72),
        maintenance=[(start + timedelta(hours=20), start + timedelta(hours=22), "")],
    )
    confirmed_before: dict[int, tuple] = {}
    for act in actions:
        kind = act[0]
        try:
            if kind == "request":
                _k, i, earliest, window, length, width, split = act
                purchase, user = purchases[i]
                slot_request_create(
                    actor=user,
                    purchase=purchase,
                    earliest_start=start + timedelta(hours=earliest),
                    latest_end=start + timedelta(hours=earliest + window),
                    block_hours=length,
                    width=width,
                    may_split=split,
                )
            elif kind == "allocate":
                allocation_run(actor=staff, offer=offer)
            elif kind == "confirm":
                proposed = offer.slots.filter(status="proposed")
                allocated = list(proposed.values_list("request", flat=True))
                if allocated:
                    req = SlotRequest.objects.get(pk=allocated[act[1] % len(allocated)])
                    slot_request_confirm(actor=staff, request=req)
            elif kind == "release":
                active = list(offer.slots.filter(status__in=["proposed", "confirmed"]))
                if active:
                    slot_release(actor=staff, slot=active[act[1] % len(active)])
        except Exception as exc:  # a refused request is fine; anything else is not
            assert isinstance(exc, DomainError), exc
        assert not slots_overlap_exists(offer)
        for slot in offer.slots.filter(status__in=["confirmed", "used"]):
            if slot.pk in confirmed_before:
                assert confirmed_before[slot.pk] == (slot.partition, slot.start, slot.end)
            confirmed_before[slot.pk] = (slot.partition, slot.start, slot.end)
        for slot in offer.slots.filter(status__in=Slot.ACTIVE):
            assert not (
                slot.start < start + timedelta(hours=22) and slot.end > start + timedelta(hours=20)
            ), "a slot in the maintenance window"
        left = unit_hours_left_map([p for p, _u in purchases])
        assert all(v >= 0 for v in left.values()), left
