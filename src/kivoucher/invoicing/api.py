"""Invoices in the API: a buyer's invoices per purchase (mounted under /v1/presale),
each invoice with its XRechnung and ZUGFeRD PDF (under /v1/invoices), staff's list of
issued invoices per issuer, and the self-billing invoice of a data centre's settlement
statement (under /v1/compute, acting staff)."""

from datetime import date

from django.urls import reverse
from ninja import Query, Router, Schema, Status

from kivoucher.compute.selectors import statement_get_for_user
from kivoucher.core.api_errors import api_errors
from kivoucher.invoicing.documents import invoice_pdf_response, invoice_xml_response
from kivoucher.invoicing.models import Invoice
from kivoucher.invoicing.selectors import (
    invoice_get_for_user,
    invoices_of_issuer,
    purchase_invoices,
)
from kivoucher.invoicing.self_billing import statement_self_billing_invoice
from kivoucher.invoicing.services import invoice_pdf_ensure
from kivoucher.presale.selectors import purchase_get_for_user

router = Router()
presale_router = Router()
compute_router = Router()

READ_ERRORS = api_errors(401, 404)


class InvoiceOut(Schema):
    id: int
    number: str
    kind: str
    type_code: str
    issued: date
    period_start: date | None
    period_end: date | None
    paid_on: date | None
    currency: str
    net: str
    vat_rate: str
    vat: str
    gross: str
    prepaid: str
    payable: str
    preceding: str | None
    purchase: int | None
    statement: int | None
    xml_url: str
    pdf_url: str


def invoice_out(invoice: Invoice) -> dict:
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "kind": invoice.kind,
        "type_code": invoice.type_code,
        "issued": invoice.issue_date,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "paid_on": invoice.paid_on,
        "currency": invoice.currency,
        "net": str(invoice.net),
        "vat_rate": str(invoice.vat_rate),
        "vat": str(invoice.vat),
        "gross": str(invoice.gross),
        "prepaid": str(invoice.prepaid),
        "payable": str(invoice.payable),
        "preceding": invoice.preceding.number if invoice.preceding_id else None,
        "purchase": invoice.purchase_id,
        "statement": invoice.statement_id,
        "xml_url": reverse("api:invoice_xml", kwargs={"invoice_id": invoice.pk}),
        "pdf_url": reverse("api:invoice_pdf", kwargs={"invoice_id": invoice.pk}),
    }


@presale_router.get(
    "/purchases/{pk}/invoices",
    response={200: list[InvoiceOut], **READ_ERRORS},
    summary="The invoices of a purchase (advance payment, final invoice, credit note)",
)
def list_purchase_invoices(request, pk: int):
    purchase = purchase_get_for_user(user=request.user, pk=pk)
    return [invoice_out(invoice) for invoice in purchase_invoices(purchase=purchase)]


@router.get(
    "",
    response={200: list[InvoiceOut], **READ_ERRORS},
    summary="Issued invoices, newest first (staff; of one issuer with ?issuer=)",
)
def list_invoices(request, issuer: int | None = Query(None, ge=1, le=2**31 - 1)):  # noqa: B008
    return [invoice_out(i) for i in invoices_of_issuer(user=request.user, issuer_id=issuer)]


@router.get("/{invoice_id}", response={200: InvoiceOut, **READ_ERRORS}, summary="One invoice")
def get_invoice(request, invoice_id: int):
    return invoice_out(invoice_get_for_user(user=request.user, pk=invoice_id))


@router.get(
    "/{invoice_id}/xml",
    url_name="invoice_xml",
    summary="The invoice as XRechnung 3.0 (UN/CEFACT CII XML)",
)
def invoice_xml(request, invoice_id: int):
    return invoice_xml_response(invoice_get_for_user(user=request.user, pk=invoice_id))


@router.get(
    "/{invoice_id}/pdf",
    url_name="invoice_pdf",
    summary="The invoice as ZUGFeRD PDF (PDF/A-3 with the XRechnung embedded)",
)
def invoice_pdf(request, invoice_id: int):
    invoice = invoice_get_for_user(user=request.user, pk=invoice_id)
    return invoice_pdf_response(invoice, invoice_pdf_ensure(invoice))


@compute_router.post(
    "/statements/{pk}/self-billed-invoice",
    response={201: InvoiceOut, **api_errors(400, 401, 403, 404, 409, 422)},
    summary="Staff: issue the Gutschrift of an approved statement (self-billing, type 389)",
    description="For a data centre that consented to self-billing: the programme issues the "
    "XRechnung in the data centre's name from the statement's records (one line per voucher "
    "and resource), numbered in the agency's range, and submits it as the statement's invoice "
    "(validated against EN 16931 / XRechnung, matched, payout prepared). 409 "
    "`no_self_billing_consent`, `no_self_billing_issuer`, `duplicate`; 400 `seller_incomplete`.",
)
def issue_self_billed_invoice(request, pk: int):
    statement = statement_get_for_user(user=request.user, pk=pk)
    invoice = statement_self_billing_invoice(actor=request.user, statement=statement)
    return Status(201, invoice_out(invoice))
