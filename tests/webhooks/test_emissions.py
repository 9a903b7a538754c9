"""Each event is emitted by the real service that makes the change, to every
organisation it concerns (and to nobody else)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.webhooks.models import Delivery, Event
from kivoucher.webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9/hook"  # nothing is sent: the test's transaction never commits


def _subscribe(org, *events):
    return endpoint_create(actor=None, organisation=org, url=URL, events=list(events))[0]


def _events(type_: str) -> list[dict]:
    return [json.loads(e.body) for e in Event.objects.filter(type=type_).order_by("pk")]


def _recipients(type_: str) -> set[int]:
    return set(
        Delivery.objects.filter(event__type=type_).values_list("endpoint__organisation", flat=True)
    )


def test_approval_emits_application_decided_and_voucher_issued():
    from tests.applications.factories import make_world

    world = make_world()
    _subscribe(world.company, "application.decided", "voucher.issued")
    _subscribe(world.provider, "voucher.issued", "application.decided")
    app = world.approved()
    (decided,) = _events("application.decided")
    assert decided["data"]["application"] == app.pk
    assert decided["data"]["status"] == "approved"
    assert decided["data"]["granted_amount"] == str(app.granted_amount)
    assert _recipients("application.decided") == {world.company.pk}
    (issued,) = _events("voucher.issued")
    assert issued["data"]["code"] == app.voucher.code
    assert issued["data"]["amount"] == str(app.voucher.amount)
    # the voucher concerns the company and the provider that redeems it
    assert _recipients("voucher.issued") == {world.company.pk, world.provider.pk}


def test_a_rejection_emits_application_decided_without_a_voucher():
    from kivoucher.applications import services
    from tests.applications.factories import make_world

    world = make_world()
    _subscribe(world.company, "application.decided", "voucher.issued")
    app = services.application_decide(
        actor=world.approver, application=world.reviewed(), approve=False, reason="Zu teuer."
    )
    (decided,) = _events("application.decided")
    assert decided["data"] == {
        "application": app.pk,
        "reference": app.reference,
        "status": "rejected",
        "granted_amount": None,
    }
    assert _events("voucher.issued") == []


@pytest.fixture
def compute_world():
    from tests.compute.factories import make_data_centre
    from tests.factories import OrganisationFactory

    dc = make_data_centre()
    company = OrganisationFactory()
    kinds = (
        "compute_voucher.issued",
        "compute_voucher.threshold_reached",
        "compute_voucher.expired",
    )
    _subscribe(company, *kinds)
    _subscribe(dc.organisation, *kinds)
    return dc, company


def test_a_compute_voucher_tells_the_company_and_the_data_centre(compute_world):
    from tests.compute.factories import issue

    dc, company = compute_world
    voucher = issue(dc, company=company, value=Decimal("1000"))
    (issued,) = _events("compute_voucher.issued")
    assert issued["data"]["code"] == voucher.code
    assert issued["data"]["data_centre"] == dc.code and issued["data"]["value"] == "1000.00"
    assert _recipients("compute_voucher.issued") == {company.pk, dc.organisation.pk}


def test_thresholds_80_and_100_percent(compute_world):
    from django.db import transaction

    from kivoucher.compute.services.vouchers import voucher_after_balance_change
    from tests.compute.factories import issue

    dc, company = compute_world
    voucher = issue(dc, company=company, value=Decimal("1000"))
    with transaction.atomic():
        voucher_after_balance_change(voucher=voucher, balance=Decimal("300"))  # 70 %
    assert _events("compute_voucher.threshold_reached") == []
    with transaction.atomic():
        voucher_after_balance_change(voucher=voucher, balance=Decimal("150"))  # 85 %
        voucher_after_balance_change(voucher=voucher, balance=Decimal("100"))  # still 80 %
    with transaction.atomic():
        voucher_after_balance_change(voucher=voucher, balance=Decimal("0"))  # used up
    reached = _events("compute_voucher.threshold_reached")
    assert [e["data"]["threshold"] for e in reached] == [80, 100]
    assert [e["data"]["used"] for e in reached] == ["850.00", "1000.00"]
    assert all(e["data"]["code"] == voucher.code for e in reached)
    assert _recipients("compute_voucher.threshold_reached") == {company.pk, dc.organisation.pk}


def test_expiry_emits_compute_voucher_expired(compute_world):
    from kivoucher.compute.services.vouchers import compute_vouchers_expire
    from tests.compute.factories import issue

    dc, company = compute_world
    voucher = issue(dc, company=company, value=Decimal("1000"))
    compute_vouchers_expire(today=voucher.valid_until + timedelta(days=1))
    (expired,) = _events("compute_voucher.expired")
    assert expired["data"]["code"] == voucher.code and expired["data"]["status"] == "expired"
    assert _recipients("compute_voucher.expired") == {company.pk, dc.organisation.pk}


def test_allocation_emits_slot_allocated_to_the_buyer():
    from kivoucher.presale.models import Offer, SlotRequest
    from kivoucher.presale.scheduling import allocation_run, offer_commission, slot_request_create
    from kivoucher.presale.services import purchase_confirm_payment, purchase_create
    from tests.presale.factories import make_buyer, make_offer, make_staff

    offer = make_offer(target=Decimal("7500"))
    staff = make_staff()
    org, user = make_buyer()
    other, _other_user = make_buyer("Zweite GmbH")
    _subscribe(org, "slot.allocated")
    _subscribe(other, "slot.allocated")
    purchase = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    purchase = purchase_confirm_payment(actor=staff, purchase=purchase)
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=1),
    )
    request = slot_request_create(
        actor=user,
        purchase=purchase,
        earliest_start=start,
        latest_end=start + timedelta(hours=6),
        block_hours=2,
    )
    allocation_run(actor=staff, offer=offer)
    assert SlotRequest.objects.get(pk=request.pk).status == SlotRequest.Status.ALLOCATED
    (allocated,) = _events("slot.allocated")
    assert allocated["data"]["request"] == request.pk
    assert allocated["data"]["offer"] == offer.code
    assert allocated["data"]["purchase"] == purchase.pk
    assert len(allocated["data"]["slots"]) == 1
    assert allocated["data"]["slots"][0]["start"] == start.isoformat()
    assert _recipients("slot.allocated") == {org.pk}
    # a run that changes nothing tells nobody again
    allocation_run(actor=staff, offer=offer)
    assert len(_events("slot.allocated")) == 1


def test_a_paid_batch_emits_payout_paid_to_each_beneficiary():
    from kivoucher.ledger.services import account_get_or_create, transfer_create
    from kivoucher.payments.services import payout_create, sepa_batch_create, sepa_batch_mark_paid
    from tests.factories import OrganisationFactory

    world = account_get_or_create(code="world", name="World", floor=None)
    grants = account_get_or_create(code="grants", name="Grants")
    transfer_create(key="f", source=world, destination=grants, amount=Decimal("500"), kind="f")
    a = OrganisationFactory(iban="DE89 3704 0044 0532 0130 00")
    b = OrganisationFactory(iban="DE02120300000000202051", bic="BYLADEM1001")
    _subscribe(a, "payout.paid")
    for key, org, amount in (("p1", a, "120.50"), ("p2", b, "79.50")):
        payout_create(
            actor=None,
            key=key,
            origin=f"project:{key}",
            beneficiary=org,
            amount=Decimal(amount),
            source_account=grants,
            remittance="KI-Voucher",
        )
    from tests.payments.factories import payouts_release_all

    payouts_release_all()
    batch = sepa_batch_create(actor=None)
    assert _events("payout.paid") == []  # exported is not paid
    sepa_batch_mark_paid(actor=None, batch=batch)
    (paid,) = _events("payout.paid")  # b has no endpoint
    assert paid["data"]["amount"] == "120.50" and paid["data"]["paid_at"]
    assert _recipients("payout.paid") == {a.pk}
