"""Status changes of line III go through the workflow kernel and the tables on the
models: a change outside a table is refused, every change leaves one audit event
named after the kernel's scheme, and the allocation run stays set-based."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kivoucher.core.errors import Conflict
from kivoucher.core.models import AuditEvent
from kivoucher.core.workflow import transition
from kivoucher.presale.models import Offer, Purchase, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_release,
    slot_request_create,
)
from kivoucher.presale.services import purchase_cancel, purchase_confirm_payment, purchase_create
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db


def test_a_purchase_transition_outside_its_table_is_refused():
    offer = make_offer(target=Decimal("1000000"))
    org, buyer = make_buyer()
    purchase = purchase_create(actor=buyer, offer=offer, buyer=org, kind="hours", unit_hours=1)
    with pytest.raises(Conflict) as refused:
        transition(purchase, Purchase.Status.ACTIVE, actor=buyer)  # paid first
    assert refused.value.code == "invalid_transition"
    purchase = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    with pytest.raises(Conflict) as refused:
        purchase_cancel(actor=buyer, purchase=purchase)  # paid orders are refunded, not cancelled
    assert refused.value.code == "invalid_transition"
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.CONFIRMED
    actions = list(
        AuditEvent.objects.filter(object_type="presale.purchase").values_list("action", flat=True)
    )
    assert actions == ["presale.purchase.create", "presale.purchase.confirmed"]


def _commissioned_with_requests(code: str, holders: int):
    offer = make_offer(code=code, target=Decimal("7500"), partitions=2)
    staff = make_staff()
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    purchases = []
    for _ in range(holders):
        org, user = make_buyer()
        p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=40)
        purchases.append((purchase_confirm_payment(actor=staff, purchase=p), user))
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=3),
    )
    for purchase, user in purchases:
        slot_request_create(
            actor=user,
            purchase=purchase,
            earliest_start=start,
            latest_end=start + timedelta(days=3),
            block_hours=3,
        )
    return offer, staff


def _queries_of_a_run(offer, staff) -> int:
    with CaptureQueriesContext(connection) as ctx:
        allocation_run(actor=staff, offer=offer)
    return len(ctx.captured_queries)


def test_the_allocation_run_costs_no_query_per_request():
    few = _queries_of_a_run(*_commissioned_with_requests("few", 2))
    many = _queries_of_a_run(*_commissioned_with_requests("many", 12))
    assert many == few


def test_one_audit_event_per_run_lists_the_changed_requests():
    offer, staff = _commissioned_with_requests("audited", 3)
    run = allocation_run(actor=staff, offer=offer)
    event = AuditEvent.objects.get(object_type="presale.allocationrun", object_id=str(run.pk))
    assert event.action == "presale.allocationrun.done"
    assert (event.old_state, event.new_state) == ("running", "done")
    assert event.data["offer"] == offer.code and event.data["served"] == 3
    assert sorted(change[0] for change in event.data["changes"]) == sorted(
        SlotRequest.objects.values_list("pk", flat=True)
    )
    assert set(SlotRequest.objects.values_list("status", flat=True)) == {"allocated"}
    # a second run changes nothing: no request is listed, none is written again
    again = allocation_run(actor=staff, offer=offer)
    event = AuditEvent.objects.get(object_type="presale.allocationrun", object_id=str(again.pk))
    assert event.data["changes"] == []


def test_releasing_the_last_slot_withdraws_the_request_through_the_kernel():
    offer, staff = _commissioned_with_requests("release", 1)
    allocation_run(actor=staff, offer=offer)
    request = SlotRequest.objects.get()
    slot = request.slots.get()
    slot_release(actor=request.purchase.created_by, slot=slot)
    actions = list(
        AuditEvent.objects.filter(
            object_type__in=["presale.slot", "presale.slotrequest"]
        ).values_list("action", flat=True)
    )
    assert actions[-2:] == ["presale.slot.released", "presale.slotrequest.withdrawn"]
    request.refresh_from_db()
    assert request.status == SlotRequest.Status.WITHDRAWN
    # a withdrawn request stays withdrawn: the table has no way back
    with pytest.raises(Conflict) as refused:
        transition(request, SlotRequest.Status.OPEN, actor=staff)
    assert refused.value.code == "invalid_transition"
