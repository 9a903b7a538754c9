"""The ZUGFeRD PDF of an invoice: PDF/A-3 with the XRechnung embedded (extracted and
compared byte for byte) and the § 14 UStG content in its visible text."""

import io

import pytest
from pypdf import PdfReader

from kivoucher.core.money import format_eur
from kivoucher.invoicing.models import Invoice
from kivoucher.invoicing.services import invoice_pdf_ensure
from kivoucher.invoicing.tasks import invoice_pdf_render_task
from tests.invoicing.factories import invoiced_offer, paid_purchase

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_embeds_the_xrechnung_and_shows_the_section_14_content():
    offer = invoiced_offer()
    purchase, org, _user = paid_purchase(offer, unit_hours=2)
    invoice = purchase.invoices.get()
    assert invoice.pdf is None  # rendered after the commit, or at the first download
    pdf = invoice_pdf_ensure(invoice)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    # the embedded XML is the stored XRechnung, byte for byte
    attachments = reader.attachments
    assert list(attachments) == ["factur-x.xml"]
    assert attachments["factur-x.xml"][0] == bytes(invoice.xml)
    # Factur-X metadata: PDF/A-3 part and the profile
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in metadata or 'pdfaid:part="3"' in metadata
    assert "XRECHNUNG" in metadata
    text = _text(pdf)
    operator = offer.operator
    for shown in (
        invoice.number,
        invoice.issue_date.strftime("%d.%m.%Y"),
        invoice.paid_on.strftime("%d.%m.%Y"),
        operator.name,
        "Rechenzentrumsallee 1",
        f"{operator.postcode} {operator.city}",
        org.name,
        "Käuferweg 7",
        "231/5678/9012",  # tax number
        "DE811569869",  # VAT ID
        purchase.reference,
        format_eur(invoice.net).replace("\u00a0", " ")[:-2],
        format_eur(invoice.vat).replace("\u00a0", " ")[:-2],
        format_eur(invoice.gross).replace("\u00a0", " ")[:-2],
        "19 %",
    ):
        assert shown in text, shown
    # stored once: a second call serves the same bytes
    assert invoice_pdf_ensure(Invoice.objects.get(pk=invoice.pk)) == pdf


def test_the_task_renders_and_stores_the_pdf():
    offer = invoiced_offer()
    purchase, _org, _user = paid_purchase(offer, unit_hours=2)
    invoice = purchase.invoices.get()
    invoice_pdf_render_task.call(invoice_id=invoice.pk)
    stored = Invoice.objects.get(pk=invoice.pk).pdf
    assert stored is not None and bytes(stored).startswith(b"%PDF-")
