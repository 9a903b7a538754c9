"""Deferred revenue: whatever slots are used in whatever pieces, the revenue
recognised plus what expires adds up to the purchase amount to the cent."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kivoucher.ledger.models import Account
from kivoucher.presale.models import Offer, Slot
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_request_confirm,
    slot_request_create,
    slots_redeem_past,
)
from kivoucher.presale.services import (
    purchase_confirm_payment,
    purchase_create,
    purchase_expire,
)
from tests.presale.factories import make_buyer, make_offer, make_staff

COUNTER = itertools.count()


def _balance(code):
    account = Account.objects.filter(code=code).first()
    return account.balance if account else Decimal("0.00")


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    partitions=st.integers(1, 3),
    unit_hours=st.integers(1, 17),
    blocks=st.lists(st.integers(1, 5), min_size=1, max_size=4),
)
def test_recognised_plus_expired_equals_the_amount(partitions, unit_hours, blocks):
    offer = make_offer(code=f"money-{next(COUNTER)}", target=Decimal("1"), partitions=partitions)
    staff = make_staff()
    org, user = make_buyer()
    p = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=unit_hours)
    p = purchase_confirm_payment(actor=staff, purchase=p)
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=3),
    )
    for block in blocks:
        try:
            req = slot_request_create(
                actor=user,
                purchase=p,
                earliest_start=start,
                latest_end=start + timedelta(days=3),
                block_hours=block,
            )
        except Exception:  # noqa: BLE001, S112 - no hours left is fine
            continue
        allocation_run(actor=staff, offer=offer)
        slot_request_confirm(actor=staff, request=req)
    # the hours pass: confirmed slots count as used and reduce the liability
    used = slots_redeem_past(actor=staff, offer=offer, now=start + timedelta(days=4))
    assert used == Slot.objects.filter(purchase=p, status="used").count()
    revenue = _balance(offer.revenue_account_code)
    assert revenue + _balance(offer.deferred_account_code) == p.amount
    purchase_expire(actor=staff, purchase=p)
    assert _balance(offer.deferred_account_code) == Decimal("0.00")
    assert revenue + _balance(offer.breakage_account_code) == p.amount


@pytest.mark.django_db
def test_openapi_documents_the_presale_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/presale/offers",
        "/api/v1/presale/offers/{code}/purchases",
        "/api/v1/presale/purchases/{pk}/confirm-payment",
        "/api/v1/presale/bank-statements",
        "/api/v1/presale/offers/{code}/allocate",
        "/api/v1/presale/requests/{pk}",
        "/api/v1/presale/offers/{code}/slurm",
    ):
        assert path in paths, path
