"""Reading e-invoices: XRechnung in UBL or CII syntax and ZUGFeRD / Factur-X PDFs
(a PDF/A-3 with the CII XML embedded). Only the figures the proof of use needs
are read: number, date, seller, buyer, net, VAT, gross, currency. An upload is first
checked against the official rules (`invoice_read_validated`, kivoucher.einvoices).

XML is parsed with lxml without entity resolution or network access.
"""

import io
import zlib
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from kivoucher.core.errors import DomainError
from kivoucher.core.uploads import UploadRefused
from kivoucher.einvoices.intake import einvoice_check
from kivoucher.einvoices.validation import ValidationReport

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
EMBEDDED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd-invoice.xml")


class InvoiceUnreadable(DomainError):
    code = "invoice_unreadable"


@dataclass
class InvoiceData:
    syntax: str  # ubl | cii | zugferd
    number: str
    issue_date: date | None
    currency: str
    seller_name: str
    seller_vat_id: str
    buyer_name: str
    buyer_vat_id: str
    net: Decimal
    vat: Decimal
    gross: Decimal

    def as_dict(self) -> dict:
        data = asdict(self)
        data["issue_date"] = self.issue_date.isoformat() if self.issue_date else None
        for key in ("net", "vat", "gross"):
            data[key] = str(data[key])
        return data


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _first(node, path: str) -> str:
    found = node.xpath(path)
    if not found:
        return ""
    value = found[0]
    return (value if isinstance(value, str) else (value.text or "")).strip()


def _amount(text: str, label: str) -> Decimal:
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvoiceUnreadable(_("The invoice has no readable %(label)s.") % {"label": label})


def _ln(name: str) -> str:
    return f"*[local-name()='{name}']"


def _ubl(root) -> InvoiceData:
    def party(kind: str) -> tuple[str, str]:
        base = f"./{_ln(kind)}/{_ln('Party')}"
        name = _first(
            root, f"{base}/{_ln('PartyLegalEntity')}/{_ln('RegistrationName')}"
        ) or _first(root, f"{base}/{_ln('PartyName')}/{_ln('Name')}")
        vat = ""
        for scheme in root.xpath(f"{base}/{_ln('PartyTaxScheme')}"):
            if _first(scheme, f"./{_ln('TaxScheme')}/{_ln('ID')}") == "VAT":
                vat = _first(scheme, f"./{_ln('CompanyID')}")
        return name, vat

    currency = _first(root, f"./{_ln('DocumentCurrencyCode')}")
    totals = f"./{_ln('LegalMonetaryTotal')}"
    vat = Decimal("0.00")
    for tax in root.xpath(f"./{_ln('TaxTotal')}/{_ln('TaxAmount')}"):
        if tax.get("currencyID", currency) == currency:
            vat = _amount(tax.text or "0", _("VAT"))
            break
    seller, seller_vat = party("AccountingSupplierParty")
    buyer, buyer_vat = party("AccountingCustomerParty")
    issued = _first(root, f"./{_ln('IssueDate')}")
    return InvoiceData(
        syntax="ubl",
        number=_first(root, f"./{_ln('ID')}"),
        issue_date=date.fromisoformat(issued) if issued else None,
        currency=currency,
        seller_name=seller,
        seller_vat_id=seller_vat,
        buyer_name=buyer,
        buyer_vat_id=buyer_vat,
        net=_amount(_first(root, f"{totals}/{_ln('TaxExclusiveAmount')}"), _("net amount")),
        vat=vat,
        gross=_amount(_first(root, f"{totals}/{_ln('TaxInclusiveAmount')}"), _("gross amount")),
    )


def _cii(root, syntax: str = "cii") -> InvoiceData:
    tx = f"./{_ln('SupplyChainTradeTransaction')}"
    agreement = f"{tx}/{_ln('ApplicableHeaderTradeAgreement')}"
    settlement = f"{tx}/{_ln('ApplicableHeaderTradeSettlement')}"
    sums = f"{settlement}/{_ln('SpecifiedTradeSettlementHeaderMonetarySummation')}"

    def party(kind: str) -> tuple[str, str]:
        base = f"{agreement}/{_ln(kind)}"
        name = _first(root, f"{base}/{_ln('Name')}")
        vat = _first(root, f"{base}/{_ln('SpecifiedTaxRegistration')}/{_ln('ID')}[@schemeID='VA']")
        return name, vat

    currency = _first(root, f"{settlement}/{_ln('InvoiceCurrencyCode')}")
    vat = Decimal("0.00")
    for tax in root.xpath(f"{sums}/{_ln('TaxTotalAmount')}"):
        if tax.get("currencyID", currency) == currency:
            vat = _amount(tax.text or "0", _("VAT"))
            break
    issued = _first(root, f"./{_ln('ExchangedDocument')}/{_ln('IssueDateTime')}/*")
    seller, seller_vat = party("SellerTradeParty")
    buyer, buyer_vat = party("BuyerTradeParty")
    return InvoiceData(
        syntax=syntax,
        number=_first(root, f"./{_ln('ExchangedDocument')}/{_ln('ID')}"),
        issue_date=date(int(issued[:4]), int(issued[4:6]), int(issued[6:8]))
        if len(issued) >= 8 and issued[:8].isdigit()
        else None,
        currency=currency,
        seller_name=seller,
        seller_vat_id=seller_vat,
        buyer_name=buyer,
        buyer_vat_id=buyer_vat,
        net=_amount(_first(root, f"{sums}/{_ln('TaxBasisTotalAmount')}"), _("net amount")),
        vat=vat,
        gross=_amount(_first(root, f"{sums}/{_ln('GrandTotalAmount')}"), _("gross amount")),
    )


def invoice_read_xml(content: bytes, *, syntax_hint: str = "") -> InvoiceData:
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise InvoiceUnreadable(_("The XML file cannot be read: %(error)s") % {"error": exc})
    namespace = etree.QName(root).namespace
    if namespace in (UBL_INVOICE, UBL_CREDIT):
        return _ubl(root)
    if namespace == CII:
        return _cii(root, syntax_hint or "cii")
    raise InvoiceUnreadable(_("This XML file is not an XRechnung or ZUGFeRD invoice (UBL or CII)."))


def _embedded_too_large(limit: int) -> UploadRefused:
    return UploadRefused(
        _("The e-invoice embedded in the PDF is too large: unpacked it has more than %(limit)s MB.")
        % {"limit": round(limit / 1024 / 1024, 1)},
        code="file_too_large",
    )


def embedded_invoice_xml(pdf: bytes) -> bytes | None:
    """The e-invoice XML embedded in a ZUGFeRD / Factur-X PDF, if any.

    Every decoder stops at the upload limit: a small PDF whose attachment inflates
    to hundreds of megabytes is refused as too large without being unpacked.
    """
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limit = settings.KIVOUCHER_MAX_UPLOAD_BYTES
    limits = dict.fromkeys(
        (
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "brotli_maximum_output_length",
            "jbig2_maximum_output_length",
            "array_based_stream_maximum_output_length",
            "maximum_declared_stream_length",
        ),
        limit,
    )
    try:
        with apply_configuration(**limits, stream_decoding_work_maximum_length=4 * limit):
            reader = PdfReader(io.BytesIO(pdf))
            attachments = reader.attachments
            for name in attachments:
                if name.lower() in EMBEDDED_NAMES or name.lower().endswith(".xml"):
                    xml = attachments[name][0]
                    break
            else:
                return None
    except LimitReachedError:
        raise _embedded_too_large(limit) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error):
        return None  # no readable e-invoice: the figures are entered by hand
    if len(xml) > limit:
        raise _embedded_too_large(limit)
    return xml


def invoice_read(content: bytes, kind: str) -> InvoiceData | None:
    """Read an uploaded invoice: XML is an e-invoice; a PDF may carry one (None if not)."""
    if kind == "xml":
        return invoice_read_xml(content)
    if kind == "pdf":
        xml = embedded_invoice_xml(content)
        return invoice_read_xml(xml, syntax_hint="zugferd") if xml else None
    return None


def invoice_read_validated(
    content: bytes, kind: str, *, name: str = ""
) -> tuple[InvoiceData | None, ValidationReport | None]:
    """Read an uploaded invoice after checking its e-invoice against EN 16931 and, where
    it claims XRechnung, the XRechnung rules: a fatal finding refuses it
    (`EinvoiceInvalid`, German explanation per broken rule). A PDF without an embedded
    e-invoice gives (None, None): its figures are entered by hand."""
    if kind == "xml":
        xml, hint = content, ""
    elif kind == "pdf":
        xml, hint = embedded_invoice_xml(content), "zugferd"
    else:
        xml, hint = None, ""
    if xml is None:
        return None, None
    report = einvoice_check(xml, name=name)
    return invoice_read_xml(xml, syntax_hint=hint), report
