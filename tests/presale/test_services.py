from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kivoucher.core.audit import audit_verify
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.ledger.models import Account
from kivoucher.payments.models import Payout
from kivoucher.presale.models import Offer, Purchase, ShareRegisterEntry, Slot, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    maintenance_add,
    offer_commission,
    purchase_unit_hours_left,
    slot_mark_used,
    slot_release,
    slot_request_confirm,
    slot_request_create,
    slots_overlap_exists,
)
from kivoucher.presale.selectors import offer_progress, request_explanation
from kivoucher.presale.services import (
    offer_evaluate,
    offer_expire_hours,
    purchase_confirm_payment,
    purchase_create,
)
from tests.presale.factories import acknowledge, make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db


def _balance(code):
    return Account.objects.get(code=code).balance


def test_purchase_price_tier_and_payment_reference():
    offer = make_offer(partitions=4)
    org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=8)
    # 2 cluster-hours at 7,500 EUR
    assert p.amount == Decimal("15000.00")
    assert p.reference.startswith("KIV-PS-") and p.status == "pending" and p.sequence is None


def test_confirmation_assigns_gap_free_sequence_and_books_the_ledger():
    offer = make_offer(target=Decimal("1000000"))
    staff = make_staff()
    buyers = [make_buyer() for _ in range(3)]
    purchases = [
        purchase_create(actor=u, offer=offer, buyer=o, kind="hours", unit_hours=2)
        for o, u in buyers
    ]
    for p in reversed(purchases):
        purchase_confirm_payment(actor=staff, purchase=p)
    seqs = [Purchase.objects.get(pk=p.pk).sequence for p in reversed(purchases)]
    assert seqs == [1, 2, 3]
    assert _balance(offer.deferred_account_code) == Decimal("45000.00")
    with pytest.raises(Conflict):
        purchase_confirm_payment(actor=staff, purchase=purchases[0])
    assert audit_verify().ok


def test_amount_mismatch_is_refused():
    offer = make_offer()
    org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    with pytest.raises(Conflict):
        purchase_confirm_payment(actor=make_staff(), purchase=p, amount=Decimal("7000"))


def test_limits_are_enforced():
    offer = make_offer(max_unit_hours_per_buyer=5, unit_hours_for_sale=8)
    org, user = make_buyer()
    with pytest.raises(Conflict):
        purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=6)
    purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=5)
    org2, user2 = make_buyer()
    with pytest.raises(Conflict):
        purchase_create(actor=user2, offer=offer, buyer=org2, kind="hours", unit_hours=4)
    with pytest.raises(DomainError):
        purchase_create(
            actor=user2, offer=offer, buyer=org2, kind="shares", share_class=None, shares=5
        )
    with pytest.raises(DomainError):
        purchase_create(
            actor=user2,
            offer=offer,
            buyer=org2,
            kind="shares",
            share_class=offer.share_classes.get(),
            shares=2,
        )


def test_shares_go_into_the_register_with_share_numbers():
    offer = make_offer()
    staff = make_staff()
    sc = offer.share_classes.get()
    (o1, u1), (o2, u2) = make_buyer(), make_buyer()
    acknowledge(o1, u1, offer)
    acknowledge(o2, u2, offer)
    a = purchase_create(actor=u1, offer=offer, buyer=o1, kind="shares", share_class=sc, shares=10)
    b = purchase_create(actor=u2, offer=offer, buyer=o2, kind="shares", share_class=sc, shares=5)
    purchase_confirm_payment(actor=staff, purchase=a)
    purchase_confirm_payment(actor=staff, purchase=b)
    entries = list(ShareRegisterEntry.objects.order_by("first_number"))
    assert [(e.first_number, e.last_number) for e in entries] == [(1, 10), (11, 15)]
    assert entries[0].nominal_total == Decimal("10000.00")
    assert _balance(offer.share_capital_account_code) == Decimal("15000.00")


def test_reaching_the_target_turns_purchases_into_vouchers():
    offer = make_offer(target=Decimal("15000"))
    staff = make_staff()
    org, user = make_buyer()
    a = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    b = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    purchase_confirm_payment(actor=staff, purchase=a)
    assert Offer.objects.get(pk=offer.pk).status == "open"
    purchase_confirm_payment(actor=staff, purchase=b)
    assert Offer.objects.get(pk=offer.pk).status == "funded"
    a.refresh_from_db()
    assert a.status == "active" and a.voucher_code.startswith("KIP-")
    c = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    c = purchase_confirm_payment(actor=staff, purchase=c)
    assert c.status == "active" and c.sequence == 3
    assert offer_progress(offer).percent == 150


def test_missed_target_refunds_through_sepa_payouts():
    offer = make_offer(target=Decimal("1000000"))
    staff = make_staff()
    org, user = make_buyer()
    paid = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    purchase_confirm_payment(actor=staff, purchase=paid)
    open_order = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
    assert offer_evaluate(actor=staff, offer=offer).status == "open"  # before the deadline
    offer = offer_evaluate(actor=staff, offer=offer, now=offer.deadline + timedelta(seconds=1))
    assert offer.status == "failed"
    paid.refresh_from_db()
    open_order.refresh_from_db()
    assert paid.status == "refunded" and open_order.status == "cancelled"
    payout = Payout.objects.get(origin=f"presale:purchase:{paid.pk}")
    assert payout.amount == Decimal("15000.00") and payout.iban == org.iban
    assert _balance(offer.deferred_account_code) == Decimal("0.00")


def _commissioned(partitions=1, target=Decimal("7500")):
    offer = make_offer(target=target, partitions=partitions)
    staff = make_staff()
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    return offer, staff, start


def _active_purchase(offer, staff, unit_hours, org=None, user=None):
    if org is None:
        org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=unit_hours)
    return purchase_confirm_payment(actor=staff, purchase=p), org, user


def test_allocation_in_order_of_sale_with_explanation_and_redemption():
    offer, staff, start = _commissioned()
    first, o1, u1 = _active_purchase(offer, staff, 10)
    second, o2, u2 = _active_purchase(offer, staff, 10)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=7),
        maintenance=[(start + timedelta(hours=6), start + timedelta(hours=8), "Wartung")],
    )
    # the later purchase asks first; the earlier one still wins the contested hours
    r2 = slot_request_create(
        actor=u2,
        purchase=second,
        earliest_start=start,
        latest_end=start + timedelta(days=1),
        block_hours=4,
    )
    run = allocation_run(actor=staff, offer=offer)
    assert run.served == 1
    r1 = slot_request_create(
        actor=u1,
        purchase=first,
        earliest_start=start,
        latest_end=start + timedelta(days=1),
        block_hours=4,
    )
    allocation_run(actor=staff, offer=offer)
    s1 = Slot.objects.get(request=r1)
    s2 = Slot.objects.get(request=r2)
    assert (s1.start, s1.end) == (start, start + timedelta(hours=4))
    # 4-6 is too short before maintenance at 6-8, so the block starts at 8
    assert s2.start == start + timedelta(hours=8)
    r2.refresh_from_db()
    with translation.override("en"):
        text = request_explanation(r2)
    assert "number 2" in text and "numbers 1" in text and "Maintenance" in text
    # the holder confirms; confirmed slots do not move when earlier purchases ask again
    slot_request_confirm(actor=u2, request=r2)
    slot_request_create(
        actor=u1,
        purchase=first,
        earliest_start=start,
        latest_end=start + timedelta(days=1),
        block_hours=6,
    )
    allocation_run(actor=staff, offer=offer)
    s2.refresh_from_db()
    assert s2.status == "confirmed" and s2.start == start + timedelta(hours=8)
    assert not slots_overlap_exists(offer)
    assert purchase_unit_hours_left(first) == 0
    # a used slot reduces the liability
    deferred_before = _balance(offer.deferred_account_code)
    slot_mark_used(actor=staff, slot=s2)
    assert _balance(offer.deferred_account_code) == deferred_before - Decimal("30000.00")
    assert _balance(offer.revenue_account_code) == Decimal("30000.00")
    # releasing returns the hours
    slot_request_confirm(actor=u1, request=r1)
    left = purchase_unit_hours_left(first)
    slot_release(actor=u1, slot=s1)
    assert purchase_unit_hours_left(first) == left + 4
    assert SlotRequest.objects.get(pk=r1.pk).status == "withdrawn"
    with pytest.raises(Conflict):
        maintenance_add(actor=staff, offer=offer, start=s2.start, end=s2.end)
    # expiry: the rest of the deferred revenue is accounted as expired
    offer.hours_valid_until = timezone.localdate()
    offer.save(update_fields=["hours_valid_until"])
    later = offer.hours_valid_until + timedelta(1)
    assert offer_expire_hours(actor=staff, offer=offer, today=later)
    assert _balance(offer.deferred_account_code) == Decimal("0.00")
    assert audit_verify().ok


@pytest.mark.parametrize("block_hours", [10**12, 2**63])
def test_a_block_longer_than_time_itself_does_not_fit(block_hours):
    # block_hours * timedelta(hours=1) overflowed: an OverflowError (500) in the API.
    offer, staff, start = _commissioned()
    purchase, _org, user = _active_purchase(offer, staff, 10)
    offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=7),
    )
    with pytest.raises(DomainError) as refused:
        slot_request_create(
            actor=user,
            purchase=purchase,
            earliest_start=start,
            latest_end=start + timedelta(days=1),
            block_hours=block_hours,
        )
    assert refused.value.code == "window"
