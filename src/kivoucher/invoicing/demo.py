"""Demo data of invoicing: the pre-sale's operating company issues invoices, so the
demo's paid pre-sale purchases (loaded after this) get their advance-payment and
final invoices from the pre-sale's own services. Idempotent."""

from kivoucher.invoicing.models import InvoiceIssuer
from kivoucher.invoicing.services import invoice_issuer_save


def load(ctx: dict) -> None:
    operator = ctx["org_operator"]
    if InvoiceIssuer.objects.filter(organisation=operator).exists():
        return
    invoice_issuer_save(
        actor=ctx.get("admin") or "system:demo",
        organisation=operator,
        prefix="RE",
        tax_number="231/123/45678",
        contact_name="Buchhaltung",
        contact_phone="+49 341 2345670",
        contact_email="buchhaltung@ki-rz-mitteldeutschland.example",
    )
