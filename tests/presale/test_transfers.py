"""Unused hours passed on between buyers (the number in the order of sale goes with
them) and handed back to a line II budget at the pre-sale price."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.audit import audit_verify
from kivoucher.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account, Transfer
from kivoucher.presale.models import HoursTransfer, Offer, Purchase, Slot
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    purchase_unit_hours_left,
    slot_mark_used,
    slot_request_create,
)
from kivoucher.presale.services import purchase_confirm_payment, purchase_create, purchase_expire
from kivoucher.presale.transfers import (
    purchase_hand_back,
    split_amount,
    transfer_accept,
    transfer_offer,
    transfer_withdraw,
)
from kivoucher.programmes.models import Line
from kivoucher.programmes.services import call_create
from tests.factories import ProgrammeFactory, UserFactory, member_of
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db


def _active(org, user, offer, hours, staff):
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=hours)
    return purchase_confirm_payment(actor=staff, purchase=p)


@pytest.fixture
def world():
    offer = make_offer(target=Decimal("7500"), hours_valid_until=timezone.localdate())
    staff = make_staff()
    (a, ua), (b, ub), (c, uc) = make_buyer("A"), make_buyer("B"), make_buyer("C")
    first = _active(a, ua, offer, 4, staff)  # no. 1: funds the offer, vouchers active
    second = _active(b, ub, offer, 2, staff)  # no. 2
    return offer, staff, (a, ua, first), (b, ub, second), (c, uc)


def test_hours_pass_on_with_their_number_in_the_order_of_sale(world):
    offer, _staff, (a, ua, first), (b, ub, second), (c, uc) = world
    assert first.status == Purchase.Status.ACTIVE and first.sequence == 1
    transfer = transfer_offer(actor=ua, purchase=first, unit_hours=3, price="12000")
    assert transfer.status == "offered" and transfer.seller_id == a.pk
    # the hours offered cannot be offered twice
    with pytest.raises(DomainError) as too_many:
        transfer_offer(actor=ua, purchase=first, unit_hours=2, price="1")
    assert too_many.value.code == "too_many_hours"
    transfer = transfer_accept(actor=uc, transfer=transfer, buyer=c)
    assert transfer.status == "accepted" and transfer.buyer_id == c.pk
    taken = transfer.result
    assert taken.buyer_id == c.pk and taken.sequence == 1 and taken.transferred_from_id == first.pk
    assert taken.unit_hours == 3 and taken.status == Purchase.Status.ACTIVE and taken.voucher_code
    first.refresh_from_db()
    assert first.unit_hours == 1
    assert first.amount + taken.amount == Decimal("30000.00")  # 4 unit-hours at 7,500 EUR
    assert taken.amount == Decimal("22500.00")
    # the price is recorded, not booked: the deferred revenue is what was paid
    assert Account.objects.get(code=offer.deferred_account_code).balance == Decimal("45000.00")
    assert not Transfer.objects.filter(memo__contains="12000").exists()
    assert audit_verify().ok


def test_allocation_keeps_the_order_of_sale_after_a_transfer(world):
    offer, staff, (a, ua, first), (b, ub, second), (c, uc) = world
    transfer = transfer_accept(
        actor=uc,
        transfer=transfer_offer(actor=ua, purchase=first, unit_hours=4, price="0"),
        buyer=c,
    )
    # every hour of it: the purchase itself changes hands, with its number
    assert transfer.result_id == first.pk
    first.refresh_from_db()
    assert first.buyer_id == c.pk and first.sequence == 1
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(hours=4),
    )
    # B asks first for the same two hours; C holds no. 1 and wins them
    slot_request_create(
        actor=ub,
        purchase=second,
        earliest_start=start,
        latest_end=start + timedelta(hours=2),
        block_hours=2,
    )
    slot_request_create(
        actor=uc,
        purchase=first,
        earliest_start=start,
        latest_end=start + timedelta(hours=2),
        block_hours=2,
    )
    allocation_run(actor=staff, offer=offer)
    won = Slot.objects.get(start=start)
    assert won.purchase.buyer_id == c.pk and won.purchase.sequence == 1


def test_a_partial_transfer_after_use_keeps_the_revenue_exact(world):
    offer, staff, (a, ua, first), (b, ub, second), (c, uc) = world
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(hours=8),
    )
    slot_request_create(
        actor=ua,
        purchase=first,
        earliest_start=start,
        latest_end=start + timedelta(hours=1),
        block_hours=1,
    )
    allocation_run(actor=staff, offer=offer)
    from kivoucher.presale.scheduling import slot_request_confirm

    slot = Slot.objects.get(purchase=first)
    slot_request_confirm(actor=ua, request=slot.request)
    slot_mark_used(actor=staff, slot=Slot.objects.get(pk=slot.pk))
    revenue = Account.objects.get(code=offer.revenue_account_code).balance
    assert revenue == Decimal("7500.00")
    assert purchase_unit_hours_left(Purchase.objects.get(pk=first.pk)) == 3
    transfer = transfer_accept(
        actor=uc,
        transfer=transfer_offer(actor=ua, purchase=first, unit_hours=3, price="1"),
        buyer=c,
    )
    for purchase in (Purchase.objects.get(pk=first.pk), transfer.result):
        purchase_expire(actor=staff, purchase=purchase)
    # revenue of the used hour + expired rest of both = what A paid, to the cent
    expired = Account.objects.get(code=offer.breakage_account_code).balance
    assert revenue + expired == Decimal("30000.00")
    assert Account.objects.get(code=offer.deferred_account_code).balance == Decimal("15000.00")


def test_split_amount_keeps_the_recognised_revenue():
    # 3 unit-hours for 100.00, 1 used: 33.33 recognised; moving 1 leaves 2 for 66.67
    from kivoucher.core.money import round_money

    for total, hours, used, moved in [("100.00", 3, 1, 1), ("10.00", 7, 3, 2), ("0.05", 3, 1, 1)]:
        total = Decimal(total)
        amount = split_amount(total, hours, used, moved)
        before = round_money(total * used / hours)
        assert round_money((total - amount) * used / (hours - moved)) == before
        assert abs(amount - round_money(total * moved / hours)) <= Decimal("0.02")


def test_who_may_offer_accept_and_withdraw(world):
    offer, staff, (a, ua, first), (b, ub, second), (c, uc) = world
    applicant = member_of(a, role=Role.APPLICANT)
    with pytest.raises(PermissionDenied):
        transfer_offer(actor=applicant, purchase=first, unit_hours=1, price="1")
    with pytest.raises(NotFound):
        transfer_offer(actor=uc, purchase=first, unit_hours=1, price="1")
    with pytest.raises(PermissionDenied):
        transfer_offer(actor=UserFactory(role=Role.AUDITOR), purchase=first, unit_hours=1, price=1)
    transfer = transfer_offer(actor=ua, purchase=first, unit_hours=1, price="100")
    with pytest.raises(Conflict) as own:
        transfer_accept(actor=ua, transfer=transfer, buyer=a)
    assert own.value.code == "own_transfer"
    with pytest.raises(PermissionDenied):
        transfer_accept(actor=staff, transfer=transfer, buyer=c)
    with pytest.raises(NotFound):
        transfer_withdraw(actor=uc, transfer=transfer)
    # a buyer without an approved KYC check cannot take hours over
    d, ud = make_buyer("D", kyc=False)
    with pytest.raises(Conflict) as kyc:
        transfer_accept(actor=ud, transfer=transfer, buyer=d)
    assert kyc.value.code == "kyc_outstanding"
    transfer = transfer_withdraw(actor=ua, transfer=transfer)
    assert transfer.status == "withdrawn"
    with pytest.raises(Conflict):
        transfer_accept(actor=uc, transfer=transfer, buyer=c)
    assert HoursTransfer.objects.filter(status="accepted").count() == 0


def test_only_hours_of_an_active_voucher_pass_on():
    offer = make_offer(target=Decimal("750000"))
    org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    with pytest.raises(Conflict) as refused:
        transfer_offer(actor=user, purchase=p, unit_hours=1, price="1")
    assert refused.value.code == "not_active"


# --- hand-back to line II ----------------------------------------------------------
def _line2_call():
    programme = ProgrammeFactory(code="ki-compute", line=Line.COMPUTE, name="Compute")
    now = timezone.now()
    return call_create(
        actor=None,
        programme=programme,
        name="Compute 2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        budget=Decimal("100000"),
    )


def test_lapsed_hours_go_to_the_line2_budget_at_the_pre_sale_price(world):
    offer, staff, (a, ua, first), _b, _c = world
    call = _line2_call()
    with pytest.raises(Conflict) as valid:
        purchase_hand_back(actor=staff, purchase=first, call=call)
    assert valid.value.code == "still_valid"
    later = timezone.localdate() + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        purchase_hand_back(actor=ua, purchase=first, call=call, today=later)
    presale_call = type(call).objects.create(
        programme=offer.programme,
        name="not line II",
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        budget=0,
    )
    with pytest.raises(NotFound):
        purchase_hand_back(actor=staff, purchase=first, call=presale_call, today=later)
    done = purchase_hand_back(actor=staff, purchase=first, call=call, today=later)
    assert done.status == Purchase.Status.EXPIRED
    budget = Account.objects.get(code=call.budget_account_code).balance
    assert budget == Decimal("100000") + Decimal("30000.00")
    assert Account.objects.get(code=offer.deferred_account_code).balance == Decimal("15000.00")
    event = AuditEvent.objects.get(action="presale.purchase.expired", object_id=str(first.pk))
    assert event.data["call"] == call.pk and event.data["handed_back_amount"] == "30000.00"
    with pytest.raises(Conflict):
        purchase_hand_back(actor=staff, purchase=first, call=call, today=later)
    # the call's figures count the money handed back as funding, not as committed
    from kivoucher.programmes.figures import call_figures

    figures = call_figures(calls=[call]).per_call[call.pk]
    assert figures["total"] == Decimal("130000.00")
    assert figures["available"] == Decimal("130000.00")
    assert figures["committed"] == Decimal("0")
