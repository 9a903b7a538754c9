"""The self-billing invoice (Gutschrift, type 389) of a data centre's approved
settlement statement (line II), issued by the programme in the data centre's name
with its consent (§ 14 Abs. 2 Satz 2 UStG), then handed to the statement's invoice
intake (`compute.services.settlement_invoices.settlement_invoice_submit`, with
`self_billed=True`), which validates it, matches it to the statement and prepares
the payout.

Who is who: the seller is the data centre (its name, address, VAT ID, contact and
bank account); the buyer and the issuer of the document is the programme's agency
(the organisation of kind `agency` that staff set up as an invoice issuer; its own
number range, prefix e.g. `GS`). The lines are what the intake matches: one per
voucher and resource of the statement's charged records, the voucher code as the
buyer's accounting reference (BT-133), the resource as the item's seller id (BT-155),
the summed quantity, the net amount such that net plus VAT is what was charged, and
the rounding amount (BT-114) that makes the amount due the statement's total
(`compute.services.settlement_invoices.statement_invoice_figures`).

One transaction: the Gutschrift is numbered and stored, and the intake takes it, or
neither happens (a refused intake gives the number back).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kivoucher.compute.models import PriceItem, SettlementStatement
from kivoucher.compute.services.settlement_invoices import (
    settlement_invoice_submit,
    statement_invoice_figures,
)
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.invoicing.amounts import Totals
from kivoucher.invoicing.models import Invoice, InvoiceIssuer
from kivoucher.invoicing.services import (
    LineDraft,
    bank_account,
    invoice_issue,
    issuer_party,
    organisation_party,
    self_billing_vat_rate,
    staff_check,
)
from kivoucher.organizations.models import Organisation

LANGUAGE = "de"
# UN/ECE Recommendation 20 for the price lists' units: hours, else one unit.
UNIT_CODES = {"gpu_hour": "HUR", "core_hour": "HUR"}


def self_billing_issuer() -> InvoiceIssuer:
    """The programme's agency as the issuer of self-billing invoices."""
    issuer = (
        InvoiceIssuer.objects.select_related("organisation")
        .filter(organisation__kind=Organisation.Kind.AGENCY)
        .order_by("pk")
        .first()
    )
    if issuer is None:
        raise Conflict(
            _("Set up the programme's agency as an invoice issuer before issuing Gutschriften."),
            code="no_self_billing_issuer",
        )
    return issuer


def _seller(statement: SettlementStatement) -> dict:
    data_centre = statement.data_centre
    organisation = data_centre.organisation
    missing = [
        label
        for label, value in (
            (_("VAT ID"), organisation.vat_id),
            (_("postcode"), organisation.postcode),
            (_("city"), organisation.city),
            (_("IBAN"), organisation.iban),
            (_("contact person"), data_centre.contact_name),
            (_("contact phone"), data_centre.contact_phone),
            (_("contact e-mail"), data_centre.contact_email),
        )
        if not value
    ]
    if missing:
        raise DomainError(
            _("The data centre's details for the Gutschrift are incomplete: %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)},
            code="seller_incomplete",
        )
    return {
        **organisation_party(organisation),
        "tax_number": "",
        "contact_name": data_centre.contact_name,
        "contact_phone": data_centre.contact_phone,
        "contact_email": data_centre.contact_email,
    }


def _units(statement: SettlementStatement) -> dict[str, str]:
    items = PriceItem.objects.filter(price_list__data_centre=statement.data_centre)
    return {
        resource: UNIT_CODES.get(unit, "C62")
        for resource, unit in items.values_list("resource", "unit").order_by("price_list")
    }


def statement_self_billing_invoice(*, actor, statement: SettlementStatement) -> Invoice:
    """Issue the Gutschrift of an approved statement and submit it to the intake."""
    staff_check(actor)
    statement = SettlementStatement.objects.select_related("data_centre__organisation").get(
        pk=statement.pk
    )
    existing = Invoice.objects.filter(statement=statement, kind=Invoice.Kind.SELF_BILLED).first()
    if existing is not None:
        raise Conflict(_("The statement is already invoiced."), code="duplicate")
    issuer = self_billing_issuer()
    seller = _seller(statement)
    rate = self_billing_vat_rate()
    figures = statement_invoice_figures(statement, vat_rate=rate)
    units = _units(statement)
    with override(LANGUAGE):
        lines = [
            LineDraft(
                description=_("Computing time %(resource)s for voucher %(voucher)s")
                % {"resource": line.resource, "voucher": line.voucher},
                quantity=line.quantity,
                net=net,
                unit_code=units.get(line.resource, "C62"),
                seller_item_id=line.resource,
                accounting_reference=line.voucher,
            )
            for line, net in figures.lines
        ]
        notes = [
            _(
                "Gutschrift: self-billing invoice issued by the recipient of the service in "
                "the name of the supplier, with its consent (§ 14 Abs. 2 Satz 2 UStG)."
            ),
            _("Settlement statement %(reference)s, %(start)s to %(end)s.")
            % {
                "reference": statement.reference,
                "start": statement.period_start.strftime("%d.%m.%Y"),
                "end": statement.period_end.strftime("%d.%m.%Y"),
            },
        ]
        terms = _("Paid by SEPA credit transfer to your account %(iban)s.") % {
            "iban": statement.data_centre.organisation.iban
        }
    with transaction.atomic():
        invoice = invoice_issue(
            actor=actor,
            issuer=issuer,
            kind=Invoice.Kind.SELF_BILLED,
            seller=statement.data_centre.organisation,
            buyer=issuer.organisation,
            parties={
                "seller": seller,
                "buyer": {**issuer_party(issuer), "vat_id": issuer.organisation.vat_id},
                "payee_account": bank_account(statement.data_centre.organisation),
            },
            lines=lines,
            totals=Totals(net=figures.net, vat=figures.vat, gross=figures.gross),
            vat_rate=rate,
            rounding=figures.rounding,
            buyer_reference=statement.reference,
            issue_date=timezone.localdate(),
            period=(statement.period_start, statement.period_end),
            payment_terms=terms,
            notes=notes,
            statement=statement,
        )
        settlement_invoice_submit(
            actor=actor,
            statement=statement,
            xml=bytes(invoice.xml),
            self_billed=True,
            name=f"gutschrift-{invoice.file_stem}.xml",
        )
        return invoice
