"""Writes of invoicing: issuer profiles, invoice numbers, issuing an invoice.

Contract of `invoice_issue` (every document goes through it):

- one transaction: the number is taken from the issuer's range for the year of the
  issue date under the range's row lock (`invoice_number_take`), the invoice, its
  lines, its XRechnung and the audit event are stored with it. A rollback anywhere
  (the caller's too: the pre-sale's payment confirmation issues the advance-payment
  invoice inside its own transaction) gives the number back, so numbers have no
  gaps; concurrent issuers of one range wait for each other on that lock.
- the ZUGFeRD PDF is rendered after the commit by a task (`tasks.py`), or on the
  first download if that comes first (`invoice_pdf_ensure`); it is made from the
  stored rows only, so it says what the XML says whenever it is made.
- the buyer is told by mail after the commit, with a link to the page that lists
  the invoice (the platform's mails carry no attachments: `core.mail`).

Line III (pre-sale), in the name of the offer's operating company, when staff have
set up its issuer profile (`invoice_issuer_save`): shares are not invoiced (issuing
shares is no supply for VAT, and dealing in them is exempt under § 4 Nr. 8 Buchst. f
UStG; the share register entry and the purchase page confirm a subscription). For
hours, see `presale_invoices.py`.
"""

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.einvoices.intake import einvoice_check
from kivoucher.invoicing.amounts import Totals, unit_price
from kivoucher.invoicing.cii import invoice_cii
from kivoucher.invoicing.models import Invoice, InvoiceIssuer, InvoiceLine, InvoiceNumberRange
from kivoucher.invoicing.notifications import invoice_issued_notify
from kivoucher.organizations.models import Organisation

logger = logging.getLogger(__name__)


def staff_check(actor) -> None:
    if isinstance(actor, str) or getattr(actor, "may_act_as_staff", False):
        return
    raise PermissionDenied(_("Only programme staff may do this."))


def presale_vat_rate() -> Decimal:
    """The VAT rate of pre-sold hours in percent (KIVOUCHER_PRESALE_VAT_RATE)."""
    return Decimal(str(getattr(settings, "KIVOUCHER_PRESALE_VAT_RATE", "19")))


def self_billing_vat_rate() -> Decimal:
    """The VAT rate on data centres' compute (KIVOUCHER_COMPUTE_VAT_RATE)."""
    return Decimal(str(getattr(settings, "KIVOUCHER_COMPUTE_VAT_RATE", "19")))


# --- issuers ----------------------------------------------------------------
def invoice_issuer_check(organisation: Organisation, tax_number: str) -> DomainError | None:
    """What keeps `organisation` from issuing invoices (None: nothing)."""
    if not (organisation.vat_id or tax_number):
        return DomainError(
            _("An invoice needs the issuer's tax number or VAT ID (§ 14 UStG)."),
            code="tax_id_missing",
        )
    if not (organisation.vat_id or organisation.register_number):
        return DomainError(
            _(
                "An e-invoice names the issuer by its VAT ID or its commercial register "
                "number (EN 16931, BR-CO-26): enter one of them for the organisation."
            ),
            code="issuer_incomplete",
        )
    if not (organisation.city and organisation.postcode and organisation.iban):
        return DomainError(
            _("The organisation needs a postal address and an IBAN before it can invoice."),
            code="issuer_incomplete",
        )
    return None


def invoice_issuer_save(
    *,
    actor,
    organisation: Organisation,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    tax_number: str = "",
    prefix: str = "RE",
) -> InvoiceIssuer:
    """Set up (or change) the profile in whose name the platform issues invoices."""
    staff_check(actor)
    problem = invoice_issuer_check(organisation, tax_number)
    if problem is not None:
        raise problem
    with transaction.atomic():
        issuer = InvoiceIssuer.objects.select_for_update().filter(
            organisation=organisation
        ).first() or InvoiceIssuer(organisation=organisation)
        issuer.prefix = prefix
        issuer.tax_number = tax_number
        issuer.contact_name = contact_name
        issuer.contact_phone = contact_phone
        issuer.contact_email = contact_email
        issuer.full_clean()
        issuer.save()
        audit_record(
            actor=actor,
            action="invoicing.issuer.save",
            obj=issuer,
            data={"organisation": organisation.pk, "prefix": prefix},
        )
        return issuer


def issuer_of(organisation_id: int) -> InvoiceIssuer | None:
    return (
        InvoiceIssuer.objects.select_related("organisation")
        .filter(organisation_id=organisation_id)
        .first()
    )


# --- numbers ----------------------------------------------------------------
def invoice_number_take(issuer: InvoiceIssuer, year: int) -> tuple[int, str]:
    """The next number of `issuer` in `year`: (sequence, "RE-2026-000001").

    Call it inside the transaction that stores the invoice: the range row stays
    locked until that transaction ends, and its rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invoice_number_take needs the invoice's transaction")
    # The year's range row appears once; concurrent first takers insert it together.
    InvoiceNumberRange.objects.bulk_create(
        [InvoiceNumberRange(issuer=issuer, year=year)], ignore_conflicts=True
    )
    row = InvoiceNumberRange.objects.select_for_update().get(issuer=issuer, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last, f"{issuer.prefix}-{year}-{row.last:06d}"


# --- issuing ------------------------------------------------------------------
@dataclass(frozen=True)
class LineDraft:
    description: str
    quantity: Decimal
    net: Decimal
    unit_code: str = "HUR"
    seller_item_id: str = ""
    accounting_reference: str = ""


def organisation_party(organisation: Organisation) -> dict:
    """An organisation's name, address and tax id as an invoice shows them."""
    register = " ".join(
        part for part in (organisation.register_court, organisation.register_number) if part
    )
    return {
        "name": organisation.name,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "country": organisation.country or "DE",
        "vat_id": organisation.vat_id,
        "email": organisation.email,
        "register": register,
    }


def issuer_party(issuer: InvoiceIssuer) -> dict:
    return {
        **organisation_party(issuer.organisation),
        "tax_number": issuer.tax_number,
        "contact_name": issuer.contact_name,
        "contact_phone": issuer.contact_phone,
        "contact_email": issuer.contact_email,
    }


def bank_account(organisation: Organisation) -> dict:
    return {
        "iban": organisation.iban,
        "bic": organisation.bic,
        "holder": organisation.account_holder or organisation.name,
    }


def invoice_issue(
    *,
    actor,
    issuer: InvoiceIssuer,
    kind: str,
    seller: Organisation,
    buyer: Organisation,
    parties: dict,
    lines: Sequence[LineDraft],
    totals: Totals,
    vat_rate: Decimal,
    buyer_reference: str,
    issue_date: date,
    payment_terms: str,
    prepaid: Decimal = Decimal("0.00"),
    rounding: Decimal = Decimal("0.00"),
    period: tuple[date, date] | None = None,
    paid_on: date | None = None,
    preceding: Invoice | None = None,
    notes: Sequence[str] = (),
    purchase=None,
    statement=None,
    exemption_reason: str = "",
) -> Invoice:
    """Number, store and audit one invoice with its XRechnung (see the module's contract)."""
    if sum((line.net for line in lines), Decimal(0)) != totals.net:
        raise ValueError("the lines' net amounts must add up to the net total")
    if totals.net + totals.vat != totals.gross:
        raise ValueError("the gross amount must be the net amount plus the VAT")
    with transaction.atomic():
        sequence, number = invoice_number_take(issuer, issue_date.year)
        invoice = Invoice(
            issuer=issuer,
            number=number,
            year=issue_date.year,
            sequence=sequence,
            kind=kind,
            seller=seller,
            buyer=buyer,
            parties=parties,
            purchase=purchase,
            statement=statement,
            preceding=preceding,
            buyer_reference=buyer_reference,
            issue_date=issue_date,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            paid_on=paid_on,
            vat_category=Invoice.VatCategory.STANDARD if vat_rate else Invoice.VatCategory.EXEMPT,
            vat_rate=vat_rate,
            exemption_reason=exemption_reason,
            net=totals.net,
            vat=totals.vat,
            gross=totals.gross,
            prepaid=prepaid,
            rounding=rounding,
            payable=totals.gross - prepaid + rounding,
            payment_terms=payment_terms,
            notes=list(notes),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        rows = [
            InvoiceLine(
                position=position,
                description=line.description[:300],
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=unit_price(line.net, line.quantity),
                net=line.net,
                seller_item_id=line.seller_item_id[:100],
                accounting_reference=line.accounting_reference[:100],
            )
            for position, line in enumerate(lines, start=1)
        ]
        xml = invoice_cii(invoice, rows)
        # What the rules refuse is not issued (the transaction, and so the number, is
        # undone): the caller learns which rule and why, e.g. a buyer without address.
        invoice.validation = einvoice_check(xml, name=number).as_dict()
        invoice.xml = xml
        invoice.xml_sha256 = hashlib.sha256(xml).hexdigest()
        invoice.save()
        for row in rows:
            row.invoice = invoice
        InvoiceLine.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=f"invoicing.invoice.{kind}",
            obj=invoice,
            new_state=kind,
            data={
                "number": number,
                "buyer": buyer.pk,
                "gross": str(totals.gross),
                "vat": str(totals.vat),
                "payable": str(invoice.payable),
                "xml_sha256": invoice.xml_sha256,
                **({"purchase": purchase.pk} if purchase is not None else {}),
                **({"statement": statement.pk} if statement is not None else {}),
                **({"preceding": preceding.number} if preceding is not None else {}),
            },
        )
        invoice_id = invoice.pk
        transaction.on_commit(lambda: _pdf_enqueue(invoice_id))
        invoice_issued_notify(invoice=invoice)
        return invoice


def _pdf_enqueue(invoice_id: int) -> None:
    from kivoucher.invoicing.tasks import invoice_pdf_render_task

    try:
        invoice_pdf_render_task.enqueue(invoice_id=invoice_id)
    except Exception:  # the first download renders it
        logger.exception("invoice %s: could not enqueue its PDF", invoice_id)


def invoice_pdf_ensure(invoice: Invoice) -> bytes:
    """The invoice's ZUGFeRD PDF: the stored one, or rendered now and stored (once:
    a concurrent renderer's copy is kept if it was first)."""
    if invoice.pdf:
        return bytes(invoice.pdf)
    from kivoucher.invoicing.documents import invoice_pdf

    pdf = invoice_pdf(invoice)
    Invoice.objects.filter(pk=invoice.pk, pdf__isnull=True).update(pdf=pdf)
    stored = Invoice.objects.filter(pk=invoice.pk).values_list("pdf", flat=True).first()
    invoice.pdf = stored
    return bytes(stored)
