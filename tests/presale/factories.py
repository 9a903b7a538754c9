"""Line III test data: an open pre-sale with a price tier and a share class."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.presale.models import Offer, Slot
from kivoucher.presale.scheduling import allocation_run, offer_commission, slot_request_create
from kivoucher.presale.services import (
    offer_create,
    offer_publish,
    purchase_confirm_payment,
    purchase_create,
)
from kivoucher.programmes.models import Line
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory, member_of


def make_offer(
    *,
    code="cluster-leipzig",
    target=Decimal("75000"),
    partitions=1,
    deadline_days=30,
    opens_days=-1,
    publish=True,
    **fields,
):
    now = timezone.now()
    programme = ProgrammeFactory(code="ki-presale", line=Line.PRESALE, name="Vorverkauf")
    operator = OrganisationFactory(kind=Organisation.Kind.OPERATOR, name=f"Betreiber {code}")
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    offer = offer_create(
        actor=admin,
        programme=programme,
        operator=operator,
        code=code,
        title=f"KI-Cluster {code}",
        regular_price=Decimal("10000"),
        unit_hours_for_sale=fields.pop("unit_hours_for_sale", 1000),
        funding_target=target,
        opens_at=now + timedelta(days=opens_days),
        deadline=now + timedelta(days=deadline_days),
        partitions=partitions,
        tiers=[{"label": "Vorverkauf", "price": Decimal("7500"), "unit_hours": 500 * partitions}],
        share_classes=[
            {
                "code": "a",
                "name": "Kommanditanteil A",
                "nominal_value": Decimal("1000"),
                "issue_price": Decimal("1000"),
                "min_shares": 5,
                "shares_offered": 1000,
            }
        ],
        **fields,
    )
    if publish:
        offer = offer_publish(actor=admin, offer=offer)
    return offer


def make_buyer(name=None):
    org = OrganisationFactory(name=name) if name else OrganisationFactory()
    user = member_of(org, role=Role.BUYER)
    return org, user


def make_staff(role=Role.CASEWORKER):
    return UserFactory(role=role)


def make_allocated_slot(
    *,
    unit_hours=2,
    block_hours=2,
    window_hours=6,
    calendar_days=1,
    partitions=1,
    width=1,
    buyer_name=None,
):
    """A commissioned offer (operation starting in two days) with one paid purchase
    whose request got one slot: (offer, purchase, slot, buyer organisation, buyer user)."""
    offer = make_offer(target=Decimal("7500"), partitions=partitions)
    staff = make_staff()
    org, user = make_buyer(buyer_name)
    purchase = purchase_create(
        actor=user, offer=offer, buyer=org, kind="hours", unit_hours=unit_hours
    )
    purchase = purchase_confirm_payment(actor=staff, purchase=purchase)
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=calendar_days),
    )
    slot_request_create(
        actor=user,
        purchase=purchase,
        earliest_start=start,
        latest_end=start + timedelta(hours=window_hours),
        block_hours=block_hours,
        width=width,
    )
    allocation_run(actor=staff, offer=offer)
    return offer, purchase, Slot.objects.get(purchase=purchase), org, user
