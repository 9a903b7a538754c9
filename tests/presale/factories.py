"""Line III test data: an open pre-sale with a price tier and a share class."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.presale.services import offer_create, offer_publish
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
