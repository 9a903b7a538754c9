"""Who may do what in line III is decided by the services, whoever calls them: the
pages and the API only turn the refusals into answers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.core.errors import NotFound, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.presale.camt import bank_statement_import
from kivoucher.presale.models import Offer, Purchase, Slot, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    maintenance_add,
    offer_commission,
    slot_mark_used,
    slot_release,
    slot_request_confirm,
    slot_request_create,
    slot_request_withdraw,
    slots_redeem_past,
)
from kivoucher.presale.services import (
    offer_evaluate,
    offer_expire_hours,
    offer_publish,
    offers_evaluate_due,
    purchase_cancel,
    purchase_confirm_payment,
    purchase_create,
    purchase_expire,
)
from tests.factories import UserFactory
from tests.presale.factories import make_buyer, make_offer, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    """A commissioned offer with a buyer's active purchase, a request and its slot."""
    offer = make_offer(target=Decimal("7500"))
    staff = make_staff()
    org, buyer = make_buyer()
    purchase = purchase_create(actor=buyer, offer=offer, buyer=org, kind="hours", unit_hours=8)
    purchase = purchase_confirm_payment(actor=staff, purchase=purchase)
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=2),
    )
    request = slot_request_create(
        actor=buyer,
        purchase=purchase,
        earliest_start=start,
        latest_end=start + timedelta(days=1),
        block_hours=4,
    )
    allocation_run(actor=staff, offer=offer)
    request.refresh_from_db()
    return {
        "draft": make_offer(code="draft", publish=False),
        "offer": offer,
        "purchase": purchase,
        "request": request,
        "slot": Slot.objects.get(request=request),
        "buyer": buyer,
        "staff": staff,
        "start": start,
    }


STAFF_ONLY = {
    "offer_publish": lambda s, actor: offer_publish(actor=actor, offer=s["draft"]),
    "purchase_confirm_payment": lambda s, actor: purchase_confirm_payment(
        actor=actor, purchase=s["purchase"]
    ),
    "offer_evaluate": lambda s, actor: offer_evaluate(actor=actor, offer=s["offer"]),
    "offers_evaluate_due": lambda s, actor: offers_evaluate_due(actor=actor),
    "purchase_expire": lambda s, actor: purchase_expire(actor=actor, purchase=s["purchase"]),
    "offer_expire_hours": lambda s, actor: offer_expire_hours(actor=actor, offer=s["offer"]),
    "maintenance_add": lambda s, actor: maintenance_add(
        actor=actor, offer=s["offer"], start=s["start"], end=s["start"] + timedelta(hours=1)
    ),
    "allocation_run": lambda s, actor: allocation_run(actor=actor, offer=s["offer"]),
    "slot_mark_used": lambda s, actor: slot_mark_used(actor=actor, slot=s["slot"]),
    "slots_redeem_past": lambda s, actor: slots_redeem_past(actor=actor, offer=s["offer"]),
    "bank_statement_import": lambda s, actor: bank_statement_import(actor=actor, data=b""),
}


@pytest.mark.parametrize("service", STAFF_ONLY)
@pytest.mark.parametrize("role", [Role.BUYER, Role.AUDITOR])
def test_staff_only_services_refuse_buyers_and_the_auditor(scheduled, service, role):
    # the buyer calls it on its own purchase and slot: seeing them is not running the sale
    actor = scheduled["buyer"] if role == Role.BUYER else UserFactory(role=role)
    statuses = {
        model: list(model.objects.order_by("pk").values_list("status", flat=True))
        for model in (Offer, Purchase, SlotRequest, Slot)
    }
    with pytest.raises(PermissionDenied) as refused:
        STAFF_ONLY[service](scheduled, actor)
    assert refused.value.code == "forbidden"
    for model, before in statuses.items():
        assert list(model.objects.order_by("pk").values_list("status", flat=True)) == before


def test_only_buyers_order_for_their_own_organisation():
    offer = make_offer()
    org, buyer = make_buyer()
    applicant = UserFactory(role=Role.APPLICANT)
    other_org, _other = make_buyer()
    for actor, for_org in ((applicant, org), (buyer, other_org), (buyer, None)):
        with pytest.raises(PermissionDenied):
            purchase_create(actor=actor, offer=offer, buyer=for_org, kind="hours", unit_hours=1)
    assert not Purchase.objects.exists()
    # acting staff record an order for a company (the demo does)
    purchase_create(actor=make_staff(), offer=offer, buyer=org, kind="hours", unit_hours=1)


HOLDER = {
    "purchase_cancel": lambda s, actor: purchase_cancel(actor=actor, purchase=s["purchase"]),
    "slot_request_create": lambda s, actor: slot_request_create(
        actor=actor,
        purchase=s["purchase"],
        earliest_start=s["start"],
        latest_end=s["start"] + timedelta(days=1),
        block_hours=1,
    ),
    "slot_request_confirm": lambda s, actor: slot_request_confirm(
        actor=actor, request=s["request"]
    ),
    "slot_request_withdraw": lambda s, actor: slot_request_withdraw(
        actor=actor, request=s["request"]
    ),
    "slot_release": lambda s, actor: slot_release(actor=actor, slot=s["slot"]),
}


@pytest.mark.parametrize("service", HOLDER)
def test_holder_services_hide_foreign_objects_and_refuse_the_auditor(scheduled, service):
    _org, stranger = make_buyer()
    with pytest.raises(NotFound):
        HOLDER[service](scheduled, stranger)
    with pytest.raises(PermissionDenied):
        HOLDER[service](scheduled, UserFactory(role=Role.AUDITOR))
    assert SlotRequest.objects.get().status == SlotRequest.Status.ALLOCATED
    assert Slot.objects.get().status == Slot.Status.PROPOSED


def test_the_holder_and_acting_staff_act_on_the_slots(scheduled):
    confirmed = slot_request_confirm(actor=scheduled["buyer"], request=scheduled["request"])
    assert confirmed.status == SlotRequest.Status.CONFIRMED
    slot_release(actor=make_staff(), slot=scheduled["slot"])
    assert Slot.objects.get().status == Slot.Status.RELEASED
    assert SlotRequest.objects.get().status == SlotRequest.Status.WITHDRAWN


def test_the_allocate_slots_job_acts_as_the_system(scheduled):
    run = allocation_run(actor="system:allocate-slots", offer=scheduled["offer"])
    assert run.status == "done"
