"""Background work of invoicing: the ZUGFeRD PDF of a new invoice, after its commit."""

from django_tasks import task

from kivoucher.invoicing.models import Invoice
from kivoucher.invoicing.services import invoice_pdf_ensure


@task()
def invoice_pdf_render_task(*, invoice_id: int):
    invoice = Invoice.objects.filter(pk=invoice_id).first()
    if invoice is None:
        return {"invoice": None}
    invoice_pdf_ensure(invoice)
    return {"invoice": invoice_id}
