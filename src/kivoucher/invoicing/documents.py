"""The ZUGFeRD PDF of an invoice and the download responses of both formats.

The visible invoice is printed by weasyprint as PDF/A-3b from the stored rows (the
same rows the XRechnung was written from); drafthorse's `attach_xml` then embeds
the stored XRechnung as `factur-x.xml` with the Factur-X XMP metadata (profile
XRECHNUNG), which makes the PDF a ZUGFeRD / Factur-X hybrid invoice.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from drafthorse.pdf import attach_xml
from weasyprint import HTML

from kivoucher.invoicing.models import Invoice

LANGUAGE = "de"


def invoice_pdf(invoice: Invoice) -> bytes:
    lines = list(invoice.lines.order_by("position"))
    with translation.override(LANGUAGE):
        html = render_to_string(
            "invoicing/pdf/invoice.html",
            {
                "invoice": invoice,
                "kind": invoice.Kind(invoice.kind).label,
                "seller": invoice.parties["seller"],
                "buyer": invoice.parties["buyer"],
                "account": invoice.parties["payee_account"],
                "lines": lines,
                "preceding": invoice.preceding,
            },
        )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/a-3b")
    return attach_xml(
        pdf,
        bytes(invoice.xml),
        level="XRECHNUNG",
        lang="de-DE",
        metadata={
            "author": invoice.parties["seller"]["name"],
            "title": f"{invoice.Kind(invoice.kind).label} {invoice.number}",
            "subject": f"{invoice.number} {invoice.issue_date:%Y-%m-%d}",
            "keywords": "Factur-X, ZUGFeRD, XRechnung",
            "creator": "KI-Voucher",
            "producer": "KI-Voucher",
        },
    )


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """Bytes as a download; call it only after the access check."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def invoice_xml_response(invoice: Invoice) -> HttpResponse:
    return _download(
        bytes(invoice.xml), filename=f"{invoice.file_stem}.xml", content_type="application/xml"
    )


def invoice_pdf_response(invoice: Invoice, pdf: bytes) -> HttpResponse:
    return _download(pdf, filename=f"{invoice.file_stem}.pdf", content_type="application/pdf")
