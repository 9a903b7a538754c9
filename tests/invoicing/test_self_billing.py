"""The Gutschrift (self-billing invoice, type 389) of a data centre's approved
settlement statement: issued by staff in the data centre's name with its consent,
numbered in the agency's range, valid under EN 16931 / XRechnung, taken by the
statement's invoice intake (matched line by line, payout prepared)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from kivoucher.compute.models import DataCentre, SettlementInvoice, SettlementStatement
from kivoucher.compute.services.settlement_invoices import data_centre_self_billing_consent_set
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.invoicing.models import Invoice, InvoiceNumberRange
from kivoucher.invoicing.self_billing import statement_self_billing_invoice
from kivoucher.organizations.models import Organisation
from tests.compute.test_settlement_invoices import Setting
from tests.e2e.openapi_check import CheckedApi
from tests.factories import OrganisationFactory, UserFactory
from tests.invoicing.checks import assert_valid
from tests.invoicing.factories import issuer_for

pytestmark = pytest.mark.django_db
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


def _ready(code="dc-gs", *, consent=True):
    s = Setting(code)
    DataCentre.objects.filter(pk=s.dc.pk).update(
        contact_name="Abrechnung RZ", contact_phone="+49 69 987654"
    )
    s.dc.refresh_from_db()
    if consent:
        data_centre_self_billing_consent_set(actor=s.operator, data_centre=s.dc, consent=True)
    agency = OrganisationFactory(kind=Organisation.Kind.AGENCY, name="Projektträger KI-Voucher")
    issuer = issuer_for(agency, prefix="GS")
    return s, issuer


def test_gutschrift_is_issued_validated_matched_and_paid_from():
    s, issuer = _ready()
    staff = UserFactory(role=Role.CASEWORKER)
    invoice = statement_self_billing_invoice(actor=staff, statement=s.statement)
    year = timezone.localdate().year
    assert (invoice.kind, invoice.type_code, invoice.number) == (
        "self_billed",
        "389",
        f"GS-{year}-000001",
    )
    assert (invoice.issuer, invoice.seller, invoice.buyer) == (
        issuer,
        s.dc.organisation,
        issuer.organisation,
    )
    # 12.5 GPU hours at 2.38 EUR (2.00 net + 19 % VAT)
    assert (invoice.net, invoice.vat, invoice.payable) == (
        Decimal("25.00"),
        Decimal("4.75"),
        Decimal("29.75"),
    )
    assert_valid(invoice)
    root = etree.fromstring(bytes(invoice.xml))
    ns = {"ram": RAM}
    assert sorted(
        root.xpath("//ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID/text()", namespaces=ns)
    ) == sorted([s.a.code, s.b.code])
    assert set(
        root.xpath("//ram:SpecifiedTradeProduct/ram:SellerAssignedID/text()", namespaces=ns)
    ) == {"h100-80gb"}
    assert root.xpath("//ram:SellerTradeParty/ram:Name/text()", namespaces=ns) == [
        s.dc.organisation.name
    ]
    assert root.xpath("//ram:BuyerReference/text()", namespaces=ns) == [s.statement.reference]
    # the intake took it: the statement is invoiced, the payout prepared
    taken = SettlementInvoice.objects.get(statement=s.statement)
    assert taken.self_billed and taken.invoice_number == invoice.number
    statement = SettlementStatement.objects.get(pk=s.statement.pk)
    assert statement.status == "invoiced" and statement.payout.amount == Decimal("29.75")
    # the data centre is told and may read it, the agency's people too; others not
    from kivoucher.invoicing.selectors import invoices_for_user

    assert invoices_for_user(user=s.operator).filter(pk=invoice.pk).exists()
    assert not invoices_for_user(user=UserFactory(role=Role.BUYER)).filter(pk=invoice.pk).exists()
    with pytest.raises(Conflict):
        statement_self_billing_invoice(actor=staff, statement=statement)


def test_a_refused_intake_issues_nothing_and_gives_the_number_back():
    s, issuer = _ready(consent=False)
    staff = UserFactory(role=Role.CASEWORKER)
    with pytest.raises(Conflict) as refused:
        statement_self_billing_invoice(actor=staff, statement=s.statement)
    assert refused.value.code == "no_self_billing_consent"
    assert not Invoice.objects.exists()
    assert not InvoiceNumberRange.objects.filter(issuer=issuer, last__gt=0).exists()
    data_centre_self_billing_consent_set(actor=s.operator, data_centre=s.dc, consent=True)
    invoice = statement_self_billing_invoice(actor=staff, statement=s.statement)
    assert invoice.sequence == 1


def test_only_acting_staff_issue_and_the_seller_must_be_complete():
    s, _issuer = _ready()
    for who in (s.operator, UserFactory(role=Role.AUDITOR)):
        with pytest.raises(PermissionDenied):
            statement_self_billing_invoice(actor=who, statement=s.statement)
    DataCentre.objects.filter(pk=s.dc.pk).update(contact_phone="")
    s.statement.data_centre.refresh_from_db()
    with pytest.raises(DomainError) as incomplete:
        statement_self_billing_invoice(
            actor=UserFactory(role=Role.CASEWORKER),
            statement=SettlementStatement.objects.get(pk=s.statement.pk),
        )
    assert incomplete.value.code == "seller_incomplete"


def test_gutschrift_through_the_api_and_the_statement_page(api_client_for, client_for):
    s, _issuer = _ready()
    staff = UserFactory(role=Role.CASEWORKER)
    operator_api = CheckedApi(api_client_for(s.operator))
    url = f"/api/v1/compute/statements/{s.statement.pk}/self-billed-invoice"
    assert operator_api.call("POST", url).status_code == 403
    # the page offers staff the button
    page = client_for(staff).get(f"/compute/statements/{s.statement.pk}/")
    assert page.status_code == 200
    action = f"/compute/statements/{s.statement.pk}/gutschrift/"
    assert action.encode() in page.content
    assert (
        action.encode()
        not in client_for(s.operator).get(f"/compute/statements/{s.statement.pk}/").content
    )
    answer = CheckedApi(api_client_for(staff)).call("POST", url)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["kind"] == "self_billed" and body["type_code"] == "389"
    # the data centre downloads its Gutschrift, with the ids from the answer
    xml = api_client_for(s.operator).get(body["xml_url"])
    assert xml.status_code == 200 and xml.content == bytes(Invoice.objects.get(pk=body["id"]).xml)
    page = client_for(s.operator).get(f"/compute/statements/{s.statement.pk}/")
    assert body["number"].encode() in page.content


def test_a_rounding_amount_makes_the_amount_due_the_statement_total(monkeypatch):
    """3.50 EUR per hour, VAT included: the lines' nets plus the VAT on their sum miss
    the statement's total by a cent, which the rounding amount (BT-114) closes."""
    import tests.compute.test_settlement_invoices as compute_tests

    monkeypatch.setattr(compute_tests, "PRICE", "3.50")
    s, _issuer = _ready("dc-rund")
    invoice = statement_self_billing_invoice(
        actor=UserFactory(role=Role.CASEWORKER), statement=s.statement
    )
    assert invoice.rounding != 0
    assert invoice.payable == invoice.gross + invoice.rounding == s.statement.total
    root = etree.fromstring(bytes(invoice.xml))
    assert root.xpath("//ram:RoundingAmount/text()", namespaces={"ram": RAM}) == [
        f"{invoice.rounding:.2f}"
    ]
    assert_valid(invoice)
    assert SettlementInvoice.objects.get(statement=s.statement).payable == s.statement.total
