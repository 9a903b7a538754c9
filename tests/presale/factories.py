"""Line III test data: an open pre-sale with a price tier and a share class."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kivoucher.core.roles import Role
from kivoucher.organizations.models import Organisation
from kivoucher.presale.investors import (
    investor_classify,
    kiis_acknowledge,
    kiis_current,
    kiis_publish,
)
from kivoucher.presale.kyc import kyc_check, kyc_persons_set, kyc_submit
from kivoucher.presale.models import KycDossier, Offer, Slot
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
    kiis=True,
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
    if kiis:
        for share_class in offer.share_classes.all():
            kiis_publish(actor=admin, share_class=share_class, **KIIS_TEXTS)
    if publish:
        offer = offer_publish(actor=admin, offer=offer)
    return offer


KIIS_TEXTS = {
    "issuer": "KI-Rechenzentrum Leipzig GmbH & Co. KG, Sitz Leipzig; "
    "Geschäftsführung: Dr. A. Beispiel",
    "project": "Bau und Betrieb eines GPU-Clusters für KI-Start-ups und KMU.",
    "process_conditions": "Zielbetrag 75.000 EUR bis zur Frist; "
    "wird er verfehlt, wird alles erstattet.",
    "risk_factors": "Totalverlust möglich; keine Einlagensicherung; Anteile kaum veräußerbar.",
    "offer_terms": "Kommanditanteile zu 1.000 EUR Nennwert, Mindestzeichnung 5 Anteile.",
    "spv": "",
    "investor_rights": "Widerruf binnen vier Tagen ohne Angabe von Gründen.",
    "complaints": "Beschwerden an beschwerde@example.org.",
    "fees": "Keine Gebühren für Anlegerinnen und Anleger.",
}


def kyc_approve(org, user, *, staff=None):
    """The buyer's KYC dossier (a representative and an owner), submitted and approved."""
    kyc_persons_set(
        actor=user,
        organisation=org,
        persons=[
            {"role": "representative", "name": "Erika Muster", "birth_date": "1980-01-02"},
            {
                "role": "owner",
                "name": "Max Muster",
                "birth_date": "1975-05-06",
                "share_percent": Decimal("60"),
                "register_reference": "TR-2026-0001",
            },
        ],
        register_extract="TR-2026-0001",
    )
    kyc_submit(actor=user, organisation=org)
    return kyc_check(
        actor=staff or UserFactory(role=Role.CASEWORKER),
        dossier=KycDossier.objects.get(organisation=org),
        approve=True,
        note="Transparenzregister geprüft",
    )


def make_buyer(name=None, *, kyc=True, sophisticated=True):
    """A buyer organisation and its buyer. By default it is KYC-approved and classified
    as a sophisticated investor (the rules for the others: tests/presale/test_investors.py)."""
    org = OrganisationFactory(name=name) if name else OrganisationFactory()
    user = member_of(org, role=Role.BUYER)
    if kyc:
        kyc_approve(org, user)
    if sophisticated:
        investor_classify(
            actor=UserFactory(role=Role.CASEWORKER),
            profile_organisation=org,
            sophisticated=True,
            note="Anhang II: Bilanzsumme und Umsatz über den Schwellen",
        )
    return org, user


def acknowledge(org, user, offer, code="a"):
    share_class = offer.share_classes.get(code=code)
    return kiis_acknowledge(actor=user, organisation=org, kiis=kiis_current(share_class))


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


# --- samples of the authorisation matrix (tests/security/samples.py) ---------------
def matrix_kyc_dossier(org):
    """The KYC dossier of `org` (made on first use): its id."""
    from kivoucher.presale.kyc import kyc_dossier_of

    return kyc_dossier_of(org).pk


def matrix_transfer(org):
    """An open offer of hours by the owner of the matrix's purchase of `org`: its id."""
    from kivoucher.presale.models import HoursTransfer
    from tests.security import objects

    purchase = objects.purchase(org)
    return HoursTransfer.objects.create(
        purchase=purchase, seller_id=purchase.buyer_id, unit_hours=1, price=Decimal("0")
    ).pk
