"""Invoices to buyers of pre-sold hours, triggered by the pre-sale's own services:
advance-payment invoice at the payment, final invoice when the hours are used up or
expire, credit note on a refund. Every issued invoice passes the official rules
(EN 16931 and XRechnung, `kivoucher.einvoices.validation`) without a fatal finding,
and carries the content § 14 UStG asks for."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from kivoucher.core.models import OutgoingMail
from kivoucher.invoicing.models import Invoice
from kivoucher.presale.models import Offer, Purchase, SlotRequest
from kivoucher.presale.scheduling import (
    allocation_run,
    offer_commission,
    slot_mark_used,
    slot_request_confirm,
    slot_request_create,
)
from kivoucher.presale.services import offer_evaluate, purchase_create, purchase_expire
from tests.invoicing.checks import assert_valid
from tests.invoicing.factories import buyer, invoiced_offer, paid_purchase
from tests.presale.factories import acknowledge, make_offer, make_staff

pytestmark = pytest.mark.django_db

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


def xpath(invoice: Invoice, path: str) -> list[str]:
    root = etree.fromstring(bytes(invoice.xml))
    return [
        node.text if hasattr(node, "text") else str(node)
        for node in root.xpath(path, namespaces=NS)
    ]


def one(invoice: Invoice, path: str) -> str:
    found = xpath(invoice, path)
    assert len(found) == 1, (path, found)
    return found[0]


def test_payment_confirmed_issues_the_advance_payment_invoice_with_section_14_content():
    offer = invoiced_offer()
    purchase, org, _user = paid_purchase(offer, unit_hours=3)
    invoice = purchase.invoices.get()
    year = timezone.localdate().year
    assert (invoice.kind, invoice.type_code, invoice.number) == (
        "advance",
        "386",
        f"RE-{year}-000001",
    )
    # pre-sale prices include VAT: 3 cluster-hours at 7,500 EUR
    assert (invoice.gross, invoice.net, invoice.vat) == (
        Decimal("22500.00"),
        Decimal("18907.56"),
        Decimal("3592.44"),
    )
    assert (invoice.prepaid, invoice.payable) == (Decimal("22500.00"), Decimal("0.00"))
    assert_valid(invoice)

    seller = (
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty"
    )
    buyer_party = (
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
    )
    settlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    # supplier and recipient with full name and address
    assert one(invoice, f"{seller}/ram:Name") == offer.operator.name
    assert one(invoice, f"{seller}/ram:PostalTradeAddress/ram:LineOne") == "Rechenzentrumsallee 1"
    assert one(invoice, f"{seller}/ram:PostalTradeAddress/ram:CityName") == offer.operator.city
    assert one(invoice, f"{buyer_party}/ram:Name") == org.name
    assert one(invoice, f"{buyer_party}/ram:PostalTradeAddress/ram:LineOne") == "Käuferweg 7"
    assert one(invoice, f"{buyer_party}/ram:PostalTradeAddress/ram:PostcodeCode") == org.postcode
    # the supplier's tax number and VAT ID
    assert (
        one(invoice, f"{seller}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']")
        == "231/5678/9012"
    )
    assert (
        one(invoice, f"{seller}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']")
        == "DE811569869"
    )
    # issue date and number
    assert one(invoice, "rsm:ExchangedDocument/ram:ID") == invoice.number
    assert one(invoice, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString") == (
        invoice.issue_date.strftime("%Y%m%d")
    )
    # quantity and kind of the service
    assert one(invoice, "//ram:SpecifiedLineTradeDelivery/ram:BilledQuantity") == "3.0000"
    assert one(invoice, "//ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode") == "HUR"
    assert offer.title in one(invoice, "//ram:SpecifiedTradeProduct/ram:Name")
    # time of the payment received (advance payment): the tax point date
    paid_on = timezone.localdate(Purchase.objects.get(pk=purchase.pk).confirmed_at)
    assert one(invoice, f"{settlement}/ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString") == (
        paid_on.strftime("%Y%m%d")
    )
    # net amount by rate, the rate and the tax
    assert one(invoice, f"{settlement}/ram:ApplicableTradeTax/ram:BasisAmount") == "18907.56"
    assert one(invoice, f"{settlement}/ram:ApplicableTradeTax/ram:RateApplicablePercent") == "19.00"
    assert one(invoice, f"{settlement}/ram:ApplicableTradeTax/ram:CalculatedAmount") == "3592.44"
    # XRechnung: its specification, the buyer reference, payment by SEPA to the seller
    assert one(invoice, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    )
    assert one(invoice, "//ram:BuyerReference") == purchase.reference
    assert (
        one(invoice, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == offer.operator.iban
    )
    # the buyer's people are told, with a link to the purchase page
    told = [m for m in OutgoingMail.objects.all() if invoice.number in m.subject]
    assert told and f"/presale/purchases/{purchase.pk}/" in told[0].body
    assert "einkauf@kaeufer.example" in told[0].to


def test_tiers_make_one_line_each_and_the_lines_add_up():
    offer = invoiced_offer(unit_hours_for_sale=1000)
    # 500 unit-hours at the pre-sale price, then the regular price
    purchase, _org, _user = paid_purchase(offer, unit_hours=501)
    invoice = purchase.invoices.get()
    lines = list(invoice.lines.all())
    assert [line.quantity for line in lines] == [Decimal(500), Decimal(1)]
    assert sum(line.net for line in lines) == invoice.net
    assert invoice.gross == Decimal("3760000.00")
    assert_valid(invoice)


def test_no_invoice_without_an_issuer_profile_and_none_for_shares():
    plain = make_offer(code="ohne-profil")
    purchase, _org, _user = paid_purchase(plain, unit_hours=2)
    assert not purchase.invoices.exists()
    offer = invoiced_offer()
    org, user = buyer("Anteilseigner GmbH")
    acknowledge(org, user, offer)
    shares = purchase_create(
        actor=user,
        offer=offer,
        buyer=org,
        kind="shares",
        share_class=offer.share_classes.get(),
        shares=5,
    )
    from kivoucher.presale.services import purchase_confirm_payment

    shares = purchase_confirm_payment(actor=make_staff(), purchase=shares)
    assert shares.status == Purchase.Status.CONFIRMED and not shares.invoices.exists()


def _commissioned(*unit_hours: int):
    """A funded, commissioned pre-sale (operation from the day after tomorrow) with one
    paid purchase per entry of `unit_hours`: (offer, [(purchase, user)], staff)."""
    offer = invoiced_offer(target=Decimal("7500"))
    staff = make_staff()
    bought = []
    for n, hours in enumerate(unit_hours):
        purchase, _org, user = paid_purchase(offer, unit_hours=hours, name=f"Käufer {n} AG")
        bought.append((purchase, user))
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    offer = offer_commission(
        actor=staff,
        offer=Offer.objects.get(pk=offer.pk),
        operation_start=start,
        calendar_end=start + timedelta(days=1),
    )
    return offer, [(Purchase.objects.get(pk=p.pk), u) for p, u in bought], staff


def _use(offer, purchase, user, staff, *, hours: int, after_hours: int = 0):
    """A confirmed slot of `hours` for `purchase`, marked used; returns the slot."""
    start = offer.operation_start + timedelta(hours=after_hours)
    request = slot_request_create(
        actor=user,
        purchase=purchase,
        earliest_start=start,
        latest_end=start + timedelta(hours=hours + 2),
        block_hours=hours,
    )
    allocation_run(actor=staff, offer=Offer.objects.get(pk=offer.pk))
    slot_request_confirm(actor=user, request=SlotRequest.objects.get(pk=request.pk))
    slot = request.slots.get()
    slot_mark_used(actor=staff, slot=slot)
    return slot


def test_last_hours_used_issue_the_final_invoice_deducting_the_advance_payment():
    offer, [(purchase, user)], staff = _commissioned(2)
    advance = purchase.invoices.get()
    slot = _use(offer, purchase, user, staff, hours=2)
    final = purchase.invoices.get(kind=Invoice.Kind.FINAL)
    assert final.type_code == "380" and final.preceding == advance
    assert final.number.endswith("-000002")
    assert (final.net, final.vat, final.gross) == (advance.net, advance.vat, advance.gross)
    assert (final.prepaid, final.payable) == (advance.gross, Decimal("0.00"))
    assert [(line.quantity, line.net) for line in final.lines.all()] == [(Decimal(2), advance.net)]
    assert final.period_start <= timezone.localdate(slot.start) <= final.period_end
    # the preceding invoice (BT-25) and the prepaid amount (BT-113)
    assert one(final, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == advance.number
    assert one(final, "//ram:TotalPrepaidAmount") == str(advance.gross)
    assert one(final, "//ram:DuePayableAmount") == "0.00"
    assert one(final, "//ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString")
    assert any(advance.number in note for note in final.notes)
    assert_valid(final)
    # a retried redemption issues nothing twice
    from kivoucher.presale.services import purchase_redeem

    purchase_redeem(actor=staff, purchase=purchase, slot=slot)
    assert purchase.invoices.filter(kind=Invoice.Kind.FINAL).count() == 1


def test_expiry_issues_the_final_invoice_with_the_used_and_the_lapsed_hours():
    offer, [(purchase4, user)], staff = _commissioned(4)
    _use(offer, purchase4, user, staff, hours=2)
    assert not purchase4.invoices.filter(kind=Invoice.Kind.FINAL).exists()  # 2 of 4 used
    purchase_expire(actor=staff, purchase=purchase4)
    advance = purchase4.invoices.get(kind=Invoice.Kind.ADVANCE)
    final = purchase4.invoices.get(kind=Invoice.Kind.FINAL)
    lines = list(final.lines.all())
    assert [line.quantity for line in lines] == [Decimal(2), Decimal(2)]
    assert "lapsed" in lines[1].description or "verfallen" in lines[1].description.lower()
    assert sum(line.net for line in lines) == advance.net == final.net
    assert (final.prepaid, final.payable, final.preceding) == (
        advance.gross,
        Decimal("0.00"),
        advance,
    )
    assert_valid(final)


def test_expiry_without_any_use_bills_all_hours_as_lapsed():
    offer = invoiced_offer(target=Decimal("7500"))
    purchase, _org, _user = paid_purchase(offer, unit_hours=2)
    purchase = Purchase.objects.get(pk=purchase.pk)
    assert purchase.status == Purchase.Status.ACTIVE
    purchase_expire(actor=make_staff(), purchase=purchase)
    final = purchase.invoices.get(kind=Invoice.Kind.FINAL)
    assert [line.quantity for line in final.lines.all()] == [Decimal(2)]
    assert final.period_start <= final.period_end
    assert_valid(final)


def test_refund_after_the_missed_target_issues_a_credit_note():
    offer = invoiced_offer(target=Decimal("10000000"))
    purchase, org, _user = paid_purchase(offer, unit_hours=2)
    Offer.objects.filter(pk=offer.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    offer_evaluate(actor=make_staff(), offer=Offer.objects.get(pk=offer.pk))
    purchase = Purchase.objects.get(pk=purchase.pk)
    assert purchase.status == Purchase.Status.REFUNDED
    advance = purchase.invoices.get(kind=Invoice.Kind.ADVANCE)
    credit = purchase.invoices.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert credit.type_code == "381" and credit.preceding == advance
    assert (credit.gross, credit.net, credit.vat) == (advance.gross, advance.net, advance.vat)
    assert (credit.prepaid, credit.payable) == (Decimal("0.00"), advance.gross)
    # refunded to the buyer's account
    assert one(credit, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == org.iban
    assert one(credit, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == advance.number
    assert any(advance.number in note for note in credit.notes)
    assert_valid(credit)


def test_an_invoice_the_rules_refuse_is_not_issued_and_the_payment_stays_unconfirmed():
    from kivoucher.einvoices.intake import EinvoiceInvalid
    from kivoucher.presale.services import purchase_confirm_payment

    offer = invoiced_offer()
    org, user = buyer()
    org.postcode, org.city = "", ""  # an XRechnung needs the buyer's postcode and city
    org.save(update_fields=["postcode", "city"])
    purchase = purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=2)
    with pytest.raises(EinvoiceInvalid) as refused:
        purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    assert "BR-DE-8" in str(refused.value) and "BR-DE-9" in str(refused.value)
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PENDING
    assert not Invoice.objects.exists()
    org.postcode, org.city = "10115", "Berlin"
    org.save(update_fields=["postcode", "city"])
    purchase = purchase_confirm_payment(actor=make_staff(), purchase=purchase)
    invoice = purchase.invoices.get()
    assert invoice.number.endswith("-000001")  # the refused attempt took no number
    assert invoice.validation["findings"] == [] or all(
        f["severity"] != "fatal" for f in invoice.validation["findings"]
    )
