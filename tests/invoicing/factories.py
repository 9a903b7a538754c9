"""Invoicing test data: the operating company of a pre-sale set up as an invoice
issuer, buyers with a full address, paid purchases (each with its advance-payment
invoice, issued by the pre-sale's payment confirmation)."""

from decimal import Decimal

from kivoucher.core.roles import Role
from kivoucher.invoicing.models import Invoice
from kivoucher.invoicing.services import invoice_issuer_save
from kivoucher.organizations.models import Organisation
from kivoucher.presale.models import Offer
from kivoucher.presale.services import purchase_confirm_payment, purchase_create
from tests.factories import OrganisationFactory, member_of
from tests.presale.factories import kyc_approve, make_buyer, make_offer, make_staff


def issuer_for(organisation: Organisation, *, prefix: str = "RE"):
    organisation.street = organisation.street or "Rechenzentrumsallee 1"
    organisation.vat_id = organisation.vat_id or "DE811569869"
    organisation.email = organisation.email or "rechnung@betreiber.example"
    organisation.save(update_fields=["street", "vat_id", "email"])
    return invoice_issuer_save(
        actor=make_staff(Role.PROGRAMME_ADMIN),
        organisation=organisation,
        prefix=prefix,
        tax_number="231/5678/9012",
        contact_name="Buchhaltung",
        contact_phone="+49 341 123456",
        contact_email="buchhaltung@betreiber.example",
    )


def invoiced_offer(**kwargs) -> Offer:
    """An open pre-sale whose operating company issues invoices."""
    offer = make_offer(**kwargs)
    issuer_for(offer.operator)
    return offer


def buyer(name: str = "Käufer AG"):
    """A buyer with a full address whose identity check (KYC) is approved."""
    org, user = make_buyer(name)
    org.street, org.email, org.vat_id = "Käuferweg 7", "einkauf@kaeufer.example", "DE136695976"
    org.save(update_fields=["street", "email", "vat_id"])
    return org, user


def paid_purchase(offer: Offer, *, unit_hours: int = 4, name: str = "Käufer AG"):
    """(purchase, buyer organisation, buyer user) of a confirmed hours purchase."""
    org, user = buyer(name)
    purchase = purchase_create(
        actor=user, offer=offer, buyer=org, kind="hours", unit_hours=unit_hours
    )
    purchase = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    return purchase, org, user


def sample_invoice(org: Organisation) -> int:
    """For the security matrix: an advance-payment invoice to `org` if it is a company
    (else to a fresh one, as the matrix's pre-sale purchases are), its id."""
    owner = org if org.kind == Organisation.Kind.COMPANY else OrganisationFactory()
    found = Invoice.objects.filter(buyer=owner).first()
    if found is not None:
        return found.pk
    offer = invoiced_offer(code=f"inv-{owner.pk}", target=Decimal("1000000"))
    user = member_of(owner, role=Role.BUYER)
    if not owner.iban:
        owner.iban = "DE89370400440532013000"
        owner.save(update_fields=["iban"])
    kyc_approve(owner, user)
    purchase = purchase_create(actor=user, offer=offer, buyer=owner, kind="hours", unit_hours=2)
    purchase = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    return purchase.invoices.get().pk
