"""An invoice as XRechnung 3.0 in the UN/CEFACT Cross Industry Invoice syntax (CII).

Written with lxml element by element in the order of the CII schema (D16B, as the
Factur-X / ZUGFeRD EN 16931 profile restricts it), so the same XML is both the
XRechnung and the data embedded in the ZUGFeRD PDF (`documents.py`). The business
terms (BT-*) are named where they are written. What a § 14 UStG invoice needs and
where it is:

- supplier and recipient, full name and address: SellerTradeParty, BuyerTradeParty
- supplier's tax number or VAT ID: SpecifiedTaxRegistration FC / VA (BT-32, BT-31)
- issue date and invoice number: ExchangedDocument ID, IssueDateTime (BT-2, BT-1)
- quantity and kind of the service: the lines (BT-129, BT-153)
- time of the service, or of the payment received for an advance payment: the
  billing period (BG-14) or the tax point date (BT-7)
- net amount per tax rate, the rate and the tax: ApplicableTradeTax (BG-23)
- an exemption: ExemptionReason (BT-120)
- a final invoice deducts the advance payment (BT-113) and names it (BT-25, note)
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from lxml import etree

from kivoucher.invoicing.models import Invoice, InvoiceLine

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
XRECHNUNG_3 = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
SEPA_CREDIT_TRANSFER = "58"


def _el(parent, tag: str, text=None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}")
    for key, value in attributes.items():
        element.set(key, value)
    if text is not None:
        element.text = str(text)
    return element


def _amount(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _date(parent, tag: str, day: date, *, kind: str = "udt:DateTimeString") -> None:
    _el(_el(parent, tag), kind, day.strftime("%Y%m%d"), format="102")


def _address(parent, party: dict) -> None:
    address = _el(parent, "ram:PostalTradeAddress")
    if party.get("postcode"):
        _el(address, "ram:PostcodeCode", party["postcode"])
    if party.get("street"):
        _el(address, "ram:LineOne", party["street"])
    if party.get("city"):
        _el(address, "ram:CityName", party["city"])
    _el(address, "ram:CountryID", party.get("country") or "DE")


def _seller(agreement, seller: dict) -> None:
    party = _el(agreement, "ram:SellerTradeParty")
    _el(party, "ram:Name", seller["name"])  # BT-27
    if seller.get("register"):
        _el(party, "ram:Description", seller["register"])  # BT-33
        # BT-30: with BT-31 the ways a buyer identifies the seller (BR-CO-26)
        _el(_el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", seller["register"])
    contact = _el(party, "ram:DefinedTradeContact")  # BG-6
    _el(contact, "ram:PersonName", seller["contact_name"])  # BT-41
    phone = _el(contact, "ram:TelephoneUniversalCommunication")
    _el(phone, "ram:CompleteNumber", seller["contact_phone"])  # BT-42
    email = _el(contact, "ram:EmailURIUniversalCommunication")
    _el(email, "ram:URIID", seller["contact_email"])  # BT-43
    _address(party, seller)  # BG-5
    electronic = seller.get("email") or seller["contact_email"]
    _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", electronic, schemeID="EM")
    if seller.get("tax_number"):
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", seller["tax_number"], schemeID="FC")  # BT-32
    if seller.get("vat_id"):
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", seller["vat_id"], schemeID="VA")  # BT-31


def _buyer(agreement, buyer: dict) -> None:
    party = _el(agreement, "ram:BuyerTradeParty")
    _el(party, "ram:Name", buyer["name"])  # BT-44
    _address(party, buyer)  # BG-8
    if buyer.get("email"):
        _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", buyer["email"], schemeID="EM")
    if buyer.get("vat_id"):
        registration = _el(party, "ram:SpecifiedTaxRegistration")
        _el(registration, "ram:ID", buyer["vat_id"], schemeID="VA")  # BT-48


def _line(transaction, invoice: Invoice, line: InvoiceLine) -> None:
    item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.position)
    product = _el(item, "ram:SpecifiedTradeProduct")
    if line.seller_item_id:
        _el(product, "ram:SellerAssignedID", line.seller_item_id)  # BT-155
    _el(product, "ram:Name", line.description)  # BT-153
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    price = _el(agreement, "ram:NetPriceProductTradePrice")
    _el(price, "ram:ChargeAmount", f"{line.unit_price:.4f}")  # BT-146
    delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
    _el(delivery, "ram:BilledQuantity", f"{line.quantity:.4f}", unitCode=line.unit_code)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", invoice.vat_category)  # BT-151
    _el(tax, "ram:RateApplicablePercent", _amount(invoice.vat_rate))  # BT-152
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(line.net))  # BT-131
    if line.accounting_reference:
        account = _el(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount")
        _el(account, "ram:ID", line.accounting_reference)  # BT-133


def invoice_cii(invoice: Invoice, lines: Sequence[InvoiceLine]) -> bytes:
    """The XRechnung of `invoice` (saved or not) with `lines`, as UTF-8 bytes."""
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(
        _el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"),
        "ram:ID",
        PEPPOL_BILLING,
    )
    _el(
        _el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", XRECHNUNG_3
    )  # BT-24

    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", invoice.number)  # BT-1
    _el(document, "ram:TypeCode", invoice.type_code)  # BT-3
    _date(document, "ram:IssueDateTime", invoice.issue_date)  # BT-2
    for note in invoice.notes:  # BG-1
        _el(_el(document, "ram:IncludedNote"), "ram:Content", note)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in lines:
        _line(transaction, invoice, line)

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _el(agreement, "ram:BuyerReference", invoice.buyer_reference)  # BT-10
    _seller(agreement, invoice.parties["seller"])
    _buyer(agreement, invoice.parties["buyer"])

    _el(transaction, "ram:ApplicableHeaderTradeDelivery")

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:PaymentReference", invoice.buyer_reference)  # BT-83
    _el(settlement, "ram:InvoiceCurrencyCode", invoice.currency)  # BT-5
    account = invoice.parties["payee_account"]
    means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")  # BG-16
    _el(means, "ram:TypeCode", SEPA_CREDIT_TRANSFER)  # BT-81
    creditor = _el(means, "ram:PayeePartyCreditorFinancialAccount")  # BG-17
    _el(creditor, "ram:IBANID", account["iban"])  # BT-84
    if account.get("holder"):
        _el(creditor, "ram:AccountName", account["holder"])  # BT-85
    if account.get("bic"):
        institution = _el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
        _el(institution, "ram:BICID", account["bic"])  # BT-86

    tax = _el(settlement, "ram:ApplicableTradeTax")  # BG-23
    _el(tax, "ram:CalculatedAmount", _amount(invoice.vat))  # BT-117
    _el(tax, "ram:TypeCode", "VAT")
    if invoice.exemption_reason:
        _el(tax, "ram:ExemptionReason", invoice.exemption_reason)  # BT-120
    _el(tax, "ram:BasisAmount", _amount(invoice.net))  # BT-116
    _el(tax, "ram:CategoryCode", invoice.vat_category)  # BT-118
    if invoice.paid_on and not invoice.period_start:
        _date(tax, "ram:TaxPointDate", invoice.paid_on, kind="udt:DateString")  # BT-7
    _el(tax, "ram:RateApplicablePercent", _amount(invoice.vat_rate))  # BT-119

    if invoice.period_start and invoice.period_end:  # BG-14
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", invoice.period_start)  # BT-73
        _date(period, "ram:EndDateTime", invoice.period_end)  # BT-74

    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", invoice.payment_terms)  # BT-20

    total = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(total, "ram:LineTotalAmount", _amount(sum((line.net for line in lines), Decimal(0))))
    _el(total, "ram:TaxBasisTotalAmount", _amount(invoice.net))  # BT-109
    _el(total, "ram:TaxTotalAmount", _amount(invoice.vat), currencyID=invoice.currency)  # BT-110
    if invoice.rounding:
        _el(total, "ram:RoundingAmount", _amount(invoice.rounding))  # BT-114
    _el(total, "ram:GrandTotalAmount", _amount(invoice.gross))  # BT-112
    if invoice.prepaid:
        _el(total, "ram:TotalPrepaidAmount", _amount(invoice.prepaid))  # BT-113
    _el(total, "ram:DuePayableAmount", _amount(invoice.payable))  # BT-115

    if invoice.preceding is not None:  # BG-3
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", invoice.preceding.number)  # BT-25
        _date(
            reference,
            "ram:FormattedIssueDateTime",
            invoice.preceding.issue_date,
            kind="qdt:DateTimeString",
        )  # BT-26
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
