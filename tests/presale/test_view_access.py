"""Regression found by the authorisation matrix: the auditor's scheduling writes are
refused by the view (403), not bounced through the service as a flash message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.presale.models import Slot, SlotRequest
from kivoucher.presale.services import purchase_create
from tests.factories import UserFactory
from tests.presale.factories import make_buyer, make_offer

pytestmark = pytest.mark.django_db


def test_auditor_cannot_confirm_withdraw_or_release(client_for):
    offer = make_offer()
    org, buyer = make_buyer()
    purchase = purchase_create(actor=buyer, offer=offer, buyer=org, kind="hours", unit_hours=10)
    start = timezone.now() + timedelta(days=40)
    req = SlotRequest.objects.create(
        purchase=purchase,
        created_by=buyer,
        earliest_start=start,
        latest_end=start + timedelta(days=10),
        block_hours=4,
    )
    slot = Slot.objects.create(
        offer=offer,
        request=req,
        purchase=purchase,
        partition=0,
        start=start,
        end=start + timedelta(hours=4),
    )
    auditor = client_for(UserFactory(role=Role.AUDITOR))
    assert auditor.get(f"/presale/purchases/{purchase.pk}/").status_code == 200
    for url in (
        f"/presale/requests/{req.pk}/confirm/",
        f"/presale/requests/{req.pk}/withdraw/",
        f"/presale/slots/{slot.pk}/release/",
    ):
        assert auditor.post(url).status_code == 403
    req.refresh_from_db()
    slot.refresh_from_db()
    assert req.status == SlotRequest.Status.OPEN
    assert slot.status == Slot.Status.PROPOSED
