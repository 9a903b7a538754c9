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
    # name, register number, street, postcode, city, state, IBAN (invoices need the address)
    (
        "Saxony Robotics UG",
        "HRB 40121",
        "Pillnitzer Str. 2",
        "01069",
        "Dresden",
        "SN",
        "DE27100777770209299700",
    ),
    (
        "Elbe Data Labs GmbH",
        "HRB 35877",
        "Breiter Weg 10",
        "39104",
        "Magdeburg",
        "ST",
        "DE44500105175407324931",
    ),
    (
        "Bavaria Vision AG",
        "HRB 99120",
        "Leopoldstr. 8",
        "80802",
        "München",
        "BY",
        "DE02700100800030876808",
    ),
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
    for name, register, street, postcode, city, state, iban in DEMO_COMPANIES:
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            org = organisation_create(
                actor=admin,
                name=name,
                kind=Organisation.Kind.COMPANY,
                legal_form=name.rsplit(" ", 1)[-1],
                register_number=register,
                street=street,
                postcode=postcode,
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


KIIS = {
    "issuer": "KI-Rechenzentrum Leipzig Betriebs GmbH & Co. KG, Leipzig (Amtsgericht Leipzig "
    "HRA 12345); Komplementärin: KI-RZ Verwaltungs GmbH, Geschäftsführung: Dr. Jana Beispiel.",
    "project": "Bau und Betrieb eines öffentlich-privaten KI-Rechenzentrums mit 512 GPUs H100 "
    "in 4 Partitionen; Inbetriebnahme geplant 2027.",
    "process_conditions": "Zielbetrag 15 Mio. EUR bis zur Frist; wird er verfehlt, werden alle "
    "Zahlungen vollständig erstattet. Zeichnung über die Plattform, Zahlung per Überweisung.",
    "risk_factors": "Totalverlust des eingesetzten Kapitals möglich; Bau- und Betriebsrisiken; "
    "Anteile sind nicht börsennotiert und kaum veräußerbar; keine Einlagensicherung und keine "
    "Anlegerentschädigung.",
    "offer_terms": "Kommanditanteile zu 1.000 EUR Nennwert und Ausgabepreis, Mindestzeichnung "
    "10 Anteile, 5.000 Anteile angeboten; Gewinnbeteiligung nach Gesellschaftsvertrag.",
    "spv": "",
    "investor_rights": "Stimm- und Informationsrechte als Kommanditist; nicht kundige Anleger "
    "können ihre Zeichnung vier Tage lang ohne Angabe von Gründen widerrufen.",
    "complaints": "Beschwerden an beschwerde@ki-rz-leipzig.example; Antwort binnen 14 Tagen.",
    "fees": "Keine Gebühren für Anlegerinnen und Anleger; die Plattform erhebt keine Kosten.",
}


def _kyc(actor, org) -> None:
    """The buyer's KYC dossier, submitted and approved (the demo's payments need it)."""
    from kivoucher.presale.kyc import kyc_check, kyc_dossier_of, kyc_persons_set, kyc_submit
    from kivoucher.presale.models import KycDossier

    if kyc_dossier_of(org).status == KycDossier.Status.APPROVED:
        return
    kyc_persons_set(
        actor=actor,
        organisation=org,
        persons=[
            {"role": "representative", "name": f"Geschäftsführung {org.name}"},
            {
                "role": "owner",
                "name": f"Gesellschafterin {org.name}",
                "birth_date": "1979-04-12",
                "share_percent": Decimal("75"),
                "register_reference": f"TR-{org.pk:06d}",
            },
        ],
        register_extract=f"TR-{org.pk:06d}",
    )
    kyc_submit(actor=actor, organisation=org)
    kyc_check(
        actor=_checker(),
        dossier=kyc_dossier_of(org),
        approve=True,
        note="Transparenzregisterauszug geprüft",
    )


def _checker():
    from kivoucher.core.models import User
    from kivoucher.core.roles import Role

    return User.objects.filter(role=Role.CASEWORKER).order_by("pk").first() or "system:demo"


def _investors(admin, offer, buyer, buyer_user, companies) -> None:
    """The companies are sophisticated investors (Annex II); the demo buyer is not: it
    passed the knowledge test and simulated its ability to bear loss."""
    from kivoucher.presale.investors import (
        KNOWLEDGE_TEST,
        investor_classify,
        kiis_acknowledge,
        kiis_current,
        kiis_publish,
        knowledge_test_take,
        loss_simulation_record,
    )

    share_class = offer.share_classes.first()
    kiis = kiis_current(share_class) or kiis_publish(actor=admin, share_class=share_class, **KIIS)
    for org in companies:
        investor_classify(
            actor=admin,
            profile_organisation=org,
            sophisticated=True,
            note="Anhang II: Umsatz über 2 Mio. EUR und Bilanzsumme über 1 Mio. EUR",
        )
        kiis_acknowledge(actor=admin, organisation=org, kiis=kiis)
    knowledge_test_take(
        actor=buyer_user, organisation=buyer, answers={q.key: q.correct for q in KNOWLEDGE_TEST}
    )
    loss_simulation_record(
        actor=buyer_user,
        organisation=buyer,
        amount=Decimal("500000"),
        net_worth=Decimal("12000000"),
        annual_income=Decimal("900000"),
    )
    kiis_acknowledge(actor=buyer_user, organisation=buyer, kiis=kiis)


def _buy(admin, offer, buyer, actor, *, hours=0, shares=0, pay=True, paid_days_ago=0):
    if shares:
        purchase = purchase_create(
            actor=actor,
            offer=offer,
            buyer=buyer,
            kind=Purchase.Kind.SHARES,
            share_class=offer.share_classes.first(),
            shares=shares,
            risk_warning_confirmed=True,
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
    for org in (buyer, *companies):
        _kyc(buyer_user if org == buyer else admin, org)
    _investors(admin, offer, buyer, buyer_user, companies)
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
