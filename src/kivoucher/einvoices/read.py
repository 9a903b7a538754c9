"""The figures of an e-invoice (UBL or CII) with its lines, for matching an invoice
against what it bills (e.g. a data centre's settlement statement). Read after
`validate_invoice` passed: the document is well-formed and its sums agree (BR-CO-*).

Parsed with lxml without entity resolution or network access."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from kivoucher.einvoices.validation import NS_CBC, NS_CII, NS_RAM, ROOTS

NS = {
    "cbc": NS_CBC,
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "rsm": NS_CII,
    "ram": NS_RAM,
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


@dataclass
class EinvoiceLine:
    line_id: str  # BT-126
    quantity: Decimal  # BT-129
    unit: str  # BT-130
    net_amount: Decimal  # BT-131
    item_name: str  # BT-153
    seller_item_id: str  # BT-155
    accounting_reference: str  # BT-133 (the buyer's accounting reference)
    vat_category: str  # BT-151
    vat_rate: Decimal  # BT-152


@dataclass
class EinvoiceDocument:
    syntax: str  # UBL | CII
    number: str  # BT-1
    issue_date: date | None  # BT-2
    type_code: str  # BT-3
    currency: str  # BT-5
    buyer_reference: str  # BT-10
    seller_name: str  # BT-27
    seller_vat_id: str  # BT-31
    line_total: Decimal  # BT-106
    net_total: Decimal  # BT-109
    vat_total: Decimal  # BT-110
    gross_total: Decimal  # BT-112
    payable: Decimal  # BT-115
    lines: list[EinvoiceLine] = field(default_factory=list)


def _decimal(text: str | None) -> Decimal:
    try:
        return Decimal((text or "0").strip() or "0")
    except InvalidOperation:
        return Decimal("0")


def _text(node, path: str) -> str:
    found = node.xpath(path, namespaces=NS)
    if not found:
        return ""
    value = found[0]
    return (value if isinstance(value, str) else (value.text or "")).strip()


def _ubl(root) -> EinvoiceDocument:
    currency = _text(root, "cbc:DocumentCurrencyCode")
    vat_total = Decimal("0")
    for amount in root.xpath("cac:TaxTotal/cbc:TaxAmount", namespaces=NS):
        if amount.get("currencyID", currency) == currency:
            vat_total = _decimal(amount.text)
            break
    seller = "cac:AccountingSupplierParty/cac:Party"
    issued = _text(root, "cbc:IssueDate")
    lines = []
    for line in root.xpath("cac:InvoiceLine | cac:CreditNoteLine", namespaces=NS):
        quantity = line.xpath("cbc:InvoicedQuantity | cbc:CreditedQuantity", namespaces=NS)
        lines.append(
            EinvoiceLine(
                line_id=_text(line, "cbc:ID"),
                quantity=_decimal(quantity[0].text if quantity else None),
                unit=quantity[0].get("unitCode", "") if quantity else "",
                net_amount=_decimal(_text(line, "cbc:LineExtensionAmount")),
                item_name=_text(line, "cac:Item/cbc:Name"),
                seller_item_id=_text(line, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
                accounting_reference=_text(line, "cbc:AccountingCost"),
                vat_category=_text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"),
                vat_rate=_decimal(_text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent")),
            )
        )
    totals = "cac:LegalMonetaryTotal"
    return EinvoiceDocument(
        syntax="UBL",
        number=_text(root, "cbc:ID"),
        issue_date=_date_iso(issued),
        type_code=_text(root, "cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode"),
        currency=currency,
        buyer_reference=_text(root, "cbc:BuyerReference"),
        seller_name=_text(root, f"{seller}/cac:PartyLegalEntity/cbc:RegistrationName")
        or _text(root, f"{seller}/cac:PartyName/cbc:Name"),
        seller_vat_id=_text(
            root, f"{seller}/cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"
        ),
        line_total=_decimal(_text(root, f"{totals}/cbc:LineExtensionAmount")),
        net_total=_decimal(_text(root, f"{totals}/cbc:TaxExclusiveAmount")),
        vat_total=vat_total,
        gross_total=_decimal(_text(root, f"{totals}/cbc:TaxInclusiveAmount")),
        payable=_decimal(_text(root, f"{totals}/cbc:PayableAmount")),
        lines=lines,
    )


def _date_iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _date_102(text: str) -> date | None:
    if len(text) >= 8 and text[:8].isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            return None
    return None


def _cii(root) -> EinvoiceDocument:
    tx = "rsm:SupplyChainTradeTransaction"
    agreement = f"{tx}/ram:ApplicableHeaderTradeAgreement"
    settlement = f"{tx}/ram:ApplicableHeaderTradeSettlement"
    sums = f"{settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    currency = _text(root, f"{settlement}/ram:InvoiceCurrencyCode")
    vat_total = Decimal("0")
    for amount in root.xpath(f"{sums}/ram:TaxTotalAmount", namespaces=NS):
        if amount.get("currencyID", currency) == currency:
            vat_total = _decimal(amount.text)
            break
    lines = []
    for line in root.xpath(f"{tx}/ram:IncludedSupplyChainTradeLineItem", namespaces=NS):
        quantity = line.xpath("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", namespaces=NS)
        line_settlement = "ram:SpecifiedLineTradeSettlement"
        tax = f"{line_settlement}/ram:ApplicableTradeTax"
        lines.append(
            EinvoiceLine(
                line_id=_text(line, "ram:AssociatedDocumentLineDocument/ram:LineID"),
                quantity=_decimal(quantity[0].text if quantity else None),
                unit=quantity[0].get("unitCode", "") if quantity else "",
                net_amount=_decimal(
                    _text(
                        line,
                        f"{line_settlement}/ram:SpecifiedTradeSettlementLineMonetarySummation"
                        "/ram:LineTotalAmount",
                    )
                ),
                item_name=_text(line, "ram:SpecifiedTradeProduct/ram:Name"),
                seller_item_id=_text(line, "ram:SpecifiedTradeProduct/ram:SellerAssignedID"),
                accounting_reference=_text(
                    line, f"{line_settlement}/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID"
                ),
                vat_category=_text(line, f"{tax}/ram:CategoryCode"),
                vat_rate=_decimal(_text(line, f"{tax}/ram:RateApplicablePercent")),
            )
        )
    seller = f"{agreement}/ram:SellerTradeParty"
    return EinvoiceDocument(
        syntax="CII",
        number=_text(root, "rsm:ExchangedDocument/ram:ID"),
        issue_date=_date_102(
            _text(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
        ),
        type_code=_text(root, "rsm:ExchangedDocument/ram:TypeCode"),
        currency=currency,
        buyer_reference=_text(root, f"{agreement}/ram:BuyerReference"),
        seller_name=_text(root, f"{seller}/ram:Name"),
        seller_vat_id=_text(root, f"{seller}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        line_total=_decimal(_text(root, f"{sums}/ram:LineTotalAmount")),
        net_total=_decimal(_text(root, f"{sums}/ram:TaxBasisTotalAmount")),
        vat_total=vat_total,
        gross_total=_decimal(_text(root, f"{sums}/ram:GrandTotalAmount")),
        payable=_decimal(_text(root, f"{sums}/ram:DuePayableAmount")),
        lines=lines,
    )


def einvoice_read(xml: bytes) -> EinvoiceDocument:
    """The figures and lines of a (validated) UBL or CII e-invoice."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml, parser=parser)  # noqa: S320 (entities and network off)
    syntax = ROOTS.get(root.tag)
    if syntax == "UBL":
        return _ubl(root)
    if syntax == "CII":
        return _cii(root)
    raise ValueError(f"not an e-invoice: {root.tag}")
