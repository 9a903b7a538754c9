"""Demo data of line III: a pre-sale in progress and one commissioned with slots.

Everything goes through the services; a second run finds the offers and changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.organizations.models import Organisation
from kivoucher.organizations.services import organisation_create
from kivoucher.presale.models import Offer, Purchase
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_request_confirm,
    slot_request_create,
)
from kivoucher.presale.services import (
    offer_create,
    offer_publish,
    purchase_confirm_payment,
    purchase_create,
)

DEMO_COMPANIES = [
    ("Saxony Robotics UG", "HRB 40121", "Dresden", "SN", "DE27100777770209299700"),
    ("Elbe Data Labs GmbH", "HRB 35877", "Magdeburg", "ST", "DE44500105175407324931"),
    ("Bavaria Vision AG", "HRB 99120", "München", "BY", "DE02700100800030876808"),
]

SHARE_CLASS = {
    "code": "kommandit",
    "name": "Kommanditanteil",
    "nominal_value": Decimal("1000"),
    "issue_price": Decimal("1000"),
    "min_shares": 10,
    "shares_offered": 5000,
}


def _companies(admin) -> list[Organisation]:
    orgs = []
    for name, register, city, state, iban in DEMO_COMPANIES:
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            org = organisation_create(
                actor=admin,
                name=name,
                kind=Organisation.Kind.COMPANY,
                legal_form=name.rsplit(" ", 1)[-1],
                register_number=register,
                city=city,
                federal_state=state,
                employees=25,
                annual_turnover=Decimal("3000000"),
                balance_sheet_total=Decimal("2000000"),
                iban=iban,
                account_holder=name,
            )
        orgs.append(org)
    return orgs


def _buy(admin, offer, buyer, actor, *, hours=0, shares=0, pay=True, paid_days_ago=0):
    if shares:
        purchase = purchase_create(
            actor=actor,
            offer=offer,
            buyer=buyer,
            kind=Purchase.Kind.SHARES,
            share_class=offer.share_classes.first(),
            shares=shares,
        )
    else:
        purchase = purchase_create(
            actor=actor, offer=offer, buyer=buyer, kind=Purchase.Kind.HOURS, unit_hours=hours
        )
    if pay:
        purchase = purchase_confirm_payment(actor=admin, purchase=purchase)
        # spread the payment dates over the past weeks, for the progress chart
        Purchase.objects.filter(pk=purchase.pk).update(
            confirmed_at=timezone.now() - timedelta(days=paid_days_ago)
        )
    return purchase


def _in_progress(ctx, admin, buyer_user, companies) -> Offer:
    now = timezone.now()
    offer = offer_create(
        actor=admin,
        programme=ctx["programme_ki-presale"],
        operator=ctx["org_operator"],
        code="ki-rz-leipzig",
        title="KI-Rechenzentrum Leipzig: Vorverkauf 2027",
        description="Vorverkauf von Rechenzeit des öffentlich-privaten KI-Rechenzentrums Leipzig "
        "(512 GPUs H100 in 4 Partitionen) und Kommanditanteile der Betreibergesellschaft.",
        regular_price=Decimal("10000"),
        unit_hours_for_sale=8000,
        funding_target=Decimal("15000000"),
        opens_at=now - timedelta(days=30),
        deadline=now + timedelta(days=45),
        partitions=4,
        min_unit_hours=1,
        max_unit_hours_per_buyer=2000,
        hours_valid_until=(now + timedelta(days=800)).date(),
        tiers=[
            {"label": "Frühbucher", "price": Decimal("7000"), "unit_hours": 800},
            {"label": "Vorverkauf", "price": Decimal("7500"), "unit_hours": 4000},
        ],
        share_classes=[SHARE_CLASS],
    )
    offer = offer_publish(actor=admin, offer=offer)
    buyer = ctx["org_buyer"]
    _buy(admin, offer, buyer, buyer_user, hours=400, paid_days_ago=26)
    _buy(admin, offer, companies[0], admin, hours=120, paid_days_ago=21)
    _buy(admin, offer, companies[1], admin, shares=1500, paid_days_ago=14)
    _buy(admin, offer, companies[2], admin, hours=600, paid_days_ago=9)
    _buy(admin, offer, buyer, buyer_user, shares=500, paid_days_ago=3)
    _buy(admin, offer, buyer, buyer_user, hours=40, pay=False)  # awaiting payment
    return offer


def _commissioned(ctx, admin, buyer_user, companies) -> Offer:
    now = timezone.now()
    offer = offer_create(
        actor=admin,
        programme=ctx["programme_ki-presale"],
        operator=ctx["org_operator"],
        code="ki-rz-pilot",
        title="KI-Pilotcluster Mitteldeutschland",
        description="Der Pilotcluster ist finanziert und in Betrieb; die Slots werden in der "
        "Reihenfolge der Käufe zugeteilt.",
        regular_price=Decimal("10000"),
        unit_hours_for_sale=2000,
        funding_target=Decimal("1500000"),
        opens_at=now - timedelta(days=90),
        deadline=now + timedelta(days=5),
        partitions=2,
        hours_valid_until=(now + timedelta(days=365)).date(),
        tiers=[{"label": "Vorverkauf", "price": Decimal("7500"), "unit_hours": None}],
        share_classes=[],
    )
    offer = offer_publish(actor=admin, offer=offer)
    purchases = [
        _buy(admin, offer, companies[0], admin, hours=60, paid_days_ago=80),
        _buy(admin, offer, ctx["org_buyer"], buyer_user, hours=200, paid_days_ago=70),
        _buy(admin, offer, companies[2], admin, hours=160, paid_days_ago=60),
    ]
    # tomorrow, at midnight local time
    start = timezone.localtime(now + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    offer = offer_commission(
        actor=admin,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=28),
        maintenance=[
            (start + timedelta(days=7), start + timedelta(days=7, hours=8), "Firmware-Update")
        ],
    )
    week = timedelta(days=7)
    asks = [
        (purchases[1], buyer_user, start, start + week, 24, 2, False),  # no. 2, whole cluster
        (purchases[0], admin, start, start + week, 30, 1, False),  # no. 1, one partition
        (purchases[2], admin, start, start + 2 * week, 40, 2, True),  # no. 3, may be split
        (purchases[1], buyer_user, start + week, start + 2 * week, 16, 1, False),
    ]
    requests = [
        slot_request_create(
            actor=actor,
            purchase=Purchase.objects.get(pk=p.pk),
            earliest_start=a,
            latest_end=b,
            block_hours=hours,
            width=width,
            may_split=split,
        )
        for p, actor, a, b, hours, width, split in asks
    ]
    allocation_run(actor=admin, offer=offer)
    slot_request_confirm(actor=admin, request=requests[1])
    slot_request_confirm(actor=buyer_user, request=requests[0])
    return offer


def load(ctx: dict) -> None:
    admin = ctx.get("admin")
    buyer_user = ctx["buyer"]
    companies = _companies(admin)
    offer = Offer.objects.filter(code="ki-rz-leipzig").first()
    ctx["presale_open"] = offer or _in_progress(ctx, admin, buyer_user, companies)
    offer = Offer.objects.filter(code="ki-rz-pilot").first()
    ctx["presale_commissioned"] = offer or _commissioned(ctx, admin, buyer_user, companies)
