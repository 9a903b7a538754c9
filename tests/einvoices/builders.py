# ruff: noqa: E501 (XML templates, one element a line)
"""XRechnung 3.0 invoices for the tests, in UBL and CII, shaped after the KoSIT test
suite's 01.01a: every mandatory element of EN 16931 and XRechnung, the sums computed
from the lines (so they pass the official rules unless a test breaks one)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass
class Line:
    line_id: str
    accounting_reference: str  # BT-133
    item_id: str  # BT-155
    name: str
    quantity: Decimal
    net_amount: Decimal
    unit: str = "HUR"


@dataclass
class Invoice:
    number: str
    buyer_reference: str
    lines: list[Line]
    seller_name: str = "Rechenzentrum Nord GmbH"
    seller_vat_id: str = "DE123456789"
    buyer_name: str = "Projektträger KI-Voucher"
    issue_date: date = field(default_factory=lambda: date(2026, 11, 30))
    type_code: str = "380"
    vat_rate: Decimal = Decimal("19")
    payable_override: Decimal | None = None
    rounding: Decimal = Decimal("0")

    @property
    def net(self) -> Decimal:
        return sum((line.net_amount for line in self.lines), Decimal("0"))

    @property
    def vat(self) -> Decimal:
        return (self.net * self.vat_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    @property
    def payable(self) -> Decimal:
        if self.payable_override is not None:
            return self.payable_override
        return self.gross + self.rounding


def _price(line: Line) -> str:
    if not line.quantity:
        return _money(line.net_amount)
    return str((line.net_amount / line.quantity).quantize(Decimal("0.000001")).normalize())


def ubl(invoice: Invoice) -> bytes:
    e = escape
    lines = "".join(
        f"""
  <cac:InvoiceLine>
    <cbc:ID>{e(line.line_id)}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="{line.unit}">{line.quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{_money(line.net_amount)}</cbc:LineExtensionAmount>
    <cbc:AccountingCost>{e(line.accounting_reference)}</cbc:AccountingCost>
    <cac:Item>
      <cbc:Name>{e(line.name)}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>{e(line.item_id)}</cbc:ID></cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID><cbc:Percent>{invoice.vat_rate}</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{_price(line)}</cbc:PriceAmount><cbc:BaseQuantity unitCode="{line.unit}">1</cbc:BaseQuantity></cac:Price>
  </cac:InvoiceLine>"""
        for line in invoice.lines
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>{CUSTOMIZATION}</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>{e(invoice.number)}</cbc:ID>
  <cbc:IssueDate>{invoice.issue_date.isoformat()}</cbc:IssueDate>
  <cbc:DueDate>{invoice.issue_date.isoformat()}</cbc:DueDate>
  <cbc:InvoiceTypeCode>{invoice.type_code}</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{e(invoice.buyer_reference)}</cbc:BuyerReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="EM">rechnung@rz-nord.example</cbc:EndpointID>
      <cac:PostalAddress>
        <cbc:StreetName>Serverweg 1</cbc:StreetName>
        <cbc:CityName>Hamburg</cbc:CityName>
        <cbc:PostalZone>20095</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>{e(invoice.seller_vat_id)}</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity><cbc:RegistrationName>{e(invoice.seller_name)}</cbc:RegistrationName></cac:PartyLegalEntity>
      <cac:Contact>
        <cbc:Name>Buchhaltung</cbc:Name>
        <cbc:Telephone>+49 40 123456</cbc:Telephone>
        <cbc:ElectronicMail>buchhaltung@rz-nord.example</cbc:ElectronicMail>
      </cac:Contact>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="EM">rechnungen@ki-voucher.example</cbc:EndpointID>
      <cac:PostalAddress>
        <cbc:StreetName>Förderstraße 2</cbc:StreetName>
        <cbc:CityName>Berlin</cbc:CityName>
        <cbc:PostalZone>10115</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:RegistrationName>{e(invoice.buyer_name)}</cbc:RegistrationName></cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE79000000001234567890</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>Zahlbar innerhalb von 30 Tagen ohne Abzug.</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">{_money(invoice.vat)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">{_money(invoice.net)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">{_money(invoice.vat)}</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID><cbc:Percent>{invoice.vat_rate}</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{_money(invoice.net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{_money(invoice.net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{_money(invoice.gross)}</cbc:TaxInclusiveAmount>
    <cbc:PayableRoundingAmount currencyID="EUR">{_money(invoice.rounding)}</cbc:PayableRoundingAmount>
    <cbc:PayableAmount currencyID="EUR">{_money(invoice.payable)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>{lines}
</ubl:Invoice>
""".encode()


def cii(invoice: Invoice) -> bytes:
    e = escape
    lines = "".join(
        f"""
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{e(line.line_id)}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct>
        <ram:SellerAssignedID>{e(line.item_id)}</ram:SellerAssignedID>
        <ram:Name>{e(line.name)}</ram:Name>
      </ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>{_price(line)}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="{line.unit}">{line.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{invoice.vat_rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{_money(line.net_amount)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
        <ram:ReceivableSpecifiedTradeAccountingAccount><ram:ID>{e(line.accounting_reference)}</ram:ID></ram:ReceivableSpecifiedTradeAccountingAccount>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>"""
        for line in invoice.lines
    )
    issued = invoice.issue_date.strftime("%Y%m%d")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{CUSTOMIZATION}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{e(invoice.number)}</ram:ID>
    <ram:TypeCode>{invoice.type_code}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{issued}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>{lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>{e(invoice.buyer_reference)}</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>{e(invoice.seller_name)}</ram:Name>
        <ram:DefinedTradeContact>
          <ram:PersonName>Buchhaltung</ram:PersonName>
          <ram:TelephoneUniversalCommunication><ram:CompleteNumber>+49 40 123456</ram:CompleteNumber></ram:TelephoneUniversalCommunication>
          <ram:EmailURIUniversalCommunication><ram:URIID>buchhaltung@rz-nord.example</ram:URIID></ram:EmailURIUniversalCommunication>
        </ram:DefinedTradeContact>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>20095</ram:PostcodeCode><ram:LineOne>Serverweg 1</ram:LineOne><ram:CityName>Hamburg</ram:CityName><ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@rz-nord.example</ram:URIID></ram:URIUniversalCommunication>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{e(invoice.seller_vat_id)}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>{e(invoice.buyer_name)}</ram:Name>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Förderstraße 2</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnungen@ki-voucher.example</ram:URIID></ram:URIUniversalCommunication>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE79000000001234567890</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>{_money(invoice.vat)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>{_money(invoice.net)}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>{invoice.vat_rate}</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:Description>Zahlbar innerhalb von 30 Tagen ohne Abzug.</ram:Description></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{_money(invoice.net)}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{_money(invoice.net)}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{_money(invoice.vat)}</ram:TaxTotalAmount>
        <ram:RoundingAmount>{_money(invoice.rounding)}</ram:RoundingAmount>
        <ram:GrandTotalAmount>{_money(invoice.gross)}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{_money(invoice.payable)}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()
