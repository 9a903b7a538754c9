"""Allocation runs through the database: blocks keep their partitions, explanations
name only what really took the hours, and a request must fit its window."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.core.errors import DomainError
from kivoucher.presale.exports import slurm_reservations
from kivoucher.presale.models import Offer, Slot, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_request_confirm,
    slot_request_create,
)
from kivoucher.presale.selectors import request_explanation
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def _cluster(*, partitions=1, buyers=2, unit_hours=24, maintenance=()):
    """A commissioned offer and `buyers` active purchases, numbered 1, 2, ... in order."""
    offer = make_offer(target=Decimal("7500"), partitions=partitions)
    staff = make_staff()
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    holders = []
    for _ in range(buyers):
        org, user = make_buyer()
        p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=unit_hours)
        holders.append((purchase_confirm_payment(actor=staff, purchase=p), user))
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=2),
        maintenance=[(start + a * H, start + b * H, "Wartung") for a, b in maintenance],
    )
    assert [p.sequence for p, _u in holders] == list(range(1, buyers + 1))
    return offer, staff, start, holders


def _ask(holder, start, first, last, hours, **kw):
    purchase, user = holder
    return slot_request_create(
        actor=user,
        purchase=purchase,
        earliest_start=start + first * H,
        latest_end=start + last * H,
        block_hours=hours,
        **kw,
    )


def _slots(request):
    return [
        (s.partition, s.start, s.end)
        for s in Slot.objects.filter(request=request).order_by("start", "partition")
    ]


# --- 21.15: a block that may not be split keeps its partition ------------------
def test_a_six_hour_block_stays_on_the_partition_that_is_free_throughout():
    offer, staff, start, (one, two) = _cluster(partitions=2)
    first = _ask(one, start, 3, 9, 6)  # number 1 holds partition 0 from hour 3
    block = _ask(two, start, 0, 24, 6)  # number 2: six hours from hour 0
    allocation_run(actor=staff, offer=offer)
    assert _slots(first) == [(0, start + 3 * H, start + 9 * H)]
    # before: partition 0 for 0-3, then partition 1 for 3-6 (two reservations)
    assert _slots(block) == [(1, start, start + 6 * H)]
    slurm = slurm_reservations(offer=offer, slots=Slot.objects.filter(request=block))
    assert slurm.count("scontrol create reservation") == 1


# --- 21.16: explanations name only what really took the hours ----------------
def _explained(request):
    request.refresh_from_db()
    with translation.override("en"):
        return request.explanation, request_explanation(request)


def test_the_explanation_names_the_earlier_number_that_took_the_hours():
    offer, staff, start, (one, two) = _cluster()
    _ask(one, start, 0, 24, 4)
    second = _ask(two, start, 0, 24, 4)
    allocation_run(actor=staff, offer=offer)
    data, text = _explained(second)
    assert data["first_hour"] == 4 and data["taken_by"] == "1" and not data["maintenance"]
    assert "numbers 1." in text and "Maintenance" not in text


def test_a_block_pushed_back_by_maintenance_does_not_blame_a_later_number():
    # maintenance 3-4 leaves 0-3, too short for number 1's four hours; number 2
    # (later) then gets 0-2 in the same run: it took nothing from number 1
    offer, staff, start, (one, two) = _cluster(maintenance=[(3, 4)])
    first = _ask(one, start, 0, 24, 4)
    second = _ask(two, start, 0, 24, 2)
    allocation_run(actor=staff, offer=offer)
    assert _slots(first) == [(0, start + 4 * H, start + 8 * H)]
    assert _slots(second) == [(0, start, start + 2 * H)]
    data, text = _explained(first)
    assert data["taken_by"] == "" and data["maintenance"] is True
    assert "numbers" not in text and "earliest hours" not in text
    assert "earliest free hours" in text and "Maintenance" in text


def test_only_unconfirmed_proposals_of_later_numbers_are_not_named():
    # number 1 confirmed hour 2-3 earlier; its new 4-hour block starts at 3;
    # number 2 (later) is proposed 0-2 in the same run: nobody else took anything
    offer, staff, start, (one, two) = _cluster()
    own = _ask(one, start, 2, 3, 1)
    allocation_run(actor=staff, offer=offer)
    slot_request_confirm(actor=one[1], request=own)
    first = _ask(one, start, 0, 24, 4)
    second = _ask(two, start, 0, 24, 2)
    allocation_run(actor=staff, offer=offer)
    assert _slots(first) == [(0, start + 3 * H, start + 7 * H)]
    assert Slot.objects.get(request=second).status == Slot.Status.PROPOSED
    data, text = _explained(first)
    assert data["taken_by"] == "" and data["maintenance"] is False
    assert "numbers" not in text and "Maintenance" not in text
    data, text = _explained(second)
    assert data["first_hour"] == 0 and data["taken_by"] == ""
    assert "earliest hours of your window" in text


def test_an_unserved_request_names_earlier_numbers_but_not_later_ones():
    offer, staff, start, (one, two, three) = _cluster(buyers=3)
    _ask(one, start, 0, 4, 4)
    second = _ask(two, start, 0, 6, 4)  # only 4-6 left: unserved
    _ask(three, start, 4, 6, 2)  # later: gets 4-6, took nothing from number 2
    allocation_run(actor=staff, offer=offer)
    data, _text = _explained(second)
    assert SlotRequest.objects.get(pk=second.pk).status == SlotRequest.Status.OPEN
    assert data["status"] == "unserved" and data["taken_by"] == "1"


# --- 21.17: a block longer than its window is refused, split or not ------------
@pytest.mark.parametrize("may_split", [False, True])
def test_a_block_longer_than_its_window_is_refused(may_split):
    offer, staff, start, (one,) = _cluster(buyers=1)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        _ask(one, start, 0, 5, 6, may_split=may_split)
    assert refused.value.code == "window" and refused.value.status == 400
    assert "(6 h) is longer than the window (5 h" in refused.value.message
    assert not SlotRequest.objects.exists()
    # a block as long as its window fits
    assert _ask(one, start, 0, 5, 5, may_split=may_split).block_hours == 5


def test_the_api_refuses_a_split_block_longer_than_its_window(api_client_for):
    offer, staff, start, ((purchase, user),) = _cluster(buyers=1)
    answer = api_client_for(user).post(
        f"/api/v1/presale/purchases/{purchase.pk}/requests",
        {
            "earliest_start": (start).isoformat(),
            "latest_end": (start + 5 * H).isoformat(),
            "block_hours": 6,
            "may_split": True,
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "window"
    assert "is longer than the window" in answer.json()["message"]
    assert not SlotRequest.objects.exists()


def test_the_page_shows_a_split_block_longer_than_its_window_on_the_form(client_for):
    offer, staff, start, ((purchase, user),) = _cluster(buyers=1)
    local = timezone.localtime(start)
    page = client_for(user).post(
        f"/presale/purchases/{purchase.pk}/",
        {
            "earliest_start": local.strftime("%Y-%m-%dT%H:%M"),
            "latest_end": (local + 5 * H).strftime("%Y-%m-%dT%H:%M"),
            "block_hours": 6,
            "width": 1,
            "may_split": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    errors = page.context["form"].non_field_errors()
    assert len(errors) == 1 and "is longer than the window" in errors[0]
    assert "is longer than the window" in page.content.decode()
    assert not SlotRequest.objects.exists()
