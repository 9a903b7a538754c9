"""Issuer profiles: only staff set them up, and only for an organisation that can
issue a § 14 UStG invoice (tax number or VAT ID, address, bank account)."""

import pytest

from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.invoicing.models import InvoiceIssuer
from kivoucher.invoicing.services import invoice_issuer_save
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Buchhaltung",
    "contact_phone": "+49 341 123456",
    "contact_email": "buchhaltung@example.org",
}


def test_staff_set_up_an_issuer_with_a_tax_id():
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    org = OrganisationFactory(vat_id="")
    with pytest.raises(DomainError) as refused:
        invoice_issuer_save(actor=admin, organisation=org, **CONTACT)
    assert refused.value.code == "tax_id_missing"
    with pytest.raises(PermissionDenied):
        invoice_issuer_save(
            actor=UserFactory(role=Role.BUYER), organisation=org, tax_number="1/2/3", **CONTACT
        )
    with pytest.raises(PermissionDenied):
        invoice_issuer_save(
            actor=UserFactory(role=Role.AUDITOR), organisation=org, tax_number="1/2/3", **CONTACT
        )
    issuer = invoice_issuer_save(actor=admin, organisation=org, tax_number="1/2/3", **CONTACT)
    again = invoice_issuer_save(
        actor=admin, organisation=org, tax_number="1/2/3", prefix="AR", **CONTACT
    )
    assert again.pk == issuer.pk and InvoiceIssuer.objects.get().prefix == "AR"
    assert AuditEvent.objects.filter(action="invoicing.issuer.save").count() == 2


def test_the_admin_refuses_an_issuer_without_tax_id(client_for):
    admin = UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    org = OrganisationFactory(vat_id="")
    client = client_for(admin)
    form = {"organisation": org.pk, "prefix": "RE", "tax_number": "", **CONTACT}
    page = client.post("/admin/invoicing/invoiceissuer/add/", form)
    assert page.status_code == 200 and not InvoiceIssuer.objects.exists()
    assert "§ 14 UStG" in page.content.decode()
    done = client.post("/admin/invoicing/invoiceissuer/add/", {**form, "tax_number": "1/2/3"})
    assert done.status_code == 302 and InvoiceIssuer.objects.get().tax_number == "1/2/3"


def test_an_issuer_needs_a_vat_id_or_a_register_number_for_br_co_26():
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    org = OrganisationFactory(vat_id="", register_number="")
    with pytest.raises(DomainError) as refused:
        invoice_issuer_save(actor=admin, organisation=org, tax_number="1/2/3", **CONTACT)
    assert refused.value.code == "issuer_incomplete"
    assert not InvoiceIssuer.objects.exists()


def test_an_issuer_with_a_register_number_and_no_vat_id_issues_valid_invoices():
    """The register number is the seller's legal registration id (BT-30), which with
    the tax number satisfies EN 16931 (BR-CO-26) without a VAT ID."""
    from tests.invoicing.checks import assert_valid
    from tests.invoicing.factories import paid_purchase
    from tests.presale.factories import make_offer

    offer = make_offer()
    operator = offer.operator
    operator.vat_id, operator.register_court, operator.register_number = "", "AG Leipzig", "HRA 1"
    operator.street, operator.email = "Rechenzentrumsallee 1", "rechnung@betreiber.example"
    operator.save()
    invoice_issuer_save(
        actor=UserFactory(role=Role.PROGRAMME_ADMIN),
        organisation=operator,
        tax_number="231/5678/9012",
        **CONTACT,
    )
    purchase, _org, _user = paid_purchase(offer, unit_hours=1)
    invoice = purchase.invoices.get()
    from lxml import etree

    legal = etree.fromstring(bytes(invoice.xml)).xpath(
        "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID/text()",
        namespaces={
            "ram": "urn:un:unece:uncefact:data:standard:"
            "ReusableAggregateBusinessInformationEntity:100"
        },
    )
    assert legal == ["AG Leipzig HRA 1"]
    assert_valid(invoice)
