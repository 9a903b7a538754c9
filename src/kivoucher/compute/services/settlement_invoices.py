"""The invoice of an approved settlement statement, and the payout prepared from it.

The data centre invoices the programme for an approved statement with an XRechnung
(UBL or CII), or, where it consented to self-billing, the programme issues the
invoice in its name (Gutschrift, type 389, `self_billed=True`). Either way the invoice
is checked against EN 16931 / XRechnung (kivoucher.einvoices: a fatal finding refuses
it) and matched to the statement; only then is the payout prepared, for the invoice's
payable amount, which is the statement's total.

The matching rule (every difference is listed, in one refusal):
- the buyer reference (BT-10) is the statement's reference (`KIV-ABR-000123`), the
  currency EUR, the type 380 (commercial invoice; 389 for a self-billing invoice);
- the seller's VAT ID (BT-31) is the data centre's, where the data centre has one;
- the amount due (BT-115) is the statement's total (the sum charged to the vouchers);
- one invoice line per voucher and resource of the statement's records (records the
  vouchers covered nothing of need none): the line's buyer accounting reference
  (BT-133) is the voucher code, its item's seller identifier (BT-155) the resource,
  its quantity (BT-129) the records' summed quantity, and its net amount (BT-131)
  plus the line's VAT (BT-152 rate) the records' summed charged amount, to the cent
  (one cent of rounding allowed per line); no other lines. Where the VAT of the
  invoice (computed on its net total) does not add up to the total to the cent, the
  rounding amount (BT-114) closes the gap (`statement_invoice_figures`).
Prices on the price lists are what the programme pays, VAT included where the data
centre charges it.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import DataCentre, SettlementInvoice, SettlementStatement
from kivoucher.compute.services.onboarding import payable_account
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.money import ZERO, round_money
from kivoucher.core.uploads import CheckedUpload
from kivoucher.core.workflow import transition
from kivoucher.einvoices.intake import einvoice_check
from kivoucher.einvoices.read import EinvoiceDocument, einvoice_read
from kivoucher.organizations.models import Membership
from kivoucher.payments.services import payout_create

CENT = Decimal("0.01")
OWN_INVOICE, SELF_BILLING = "380", "389"


class InvoiceMismatch(DomainError):
    """The invoice does not match the statement (400); the message lists every
    difference."""

    status = 400
    code = "invoice_mismatch"


def _compact(vat_id: str) -> str:
    return "".join(ch for ch in vat_id.upper() if ch.isalnum())


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


@dataclass(frozen=True)
class StatementLine:
    voucher: str
    resource: str
    quantity: Decimal
    charged: Decimal


def statement_lines(statement: SettlementStatement) -> list[StatementLine]:
    """The statement's records summed per voucher and resource (what one invoice line
    bills), in voucher then resource order; groups of nothing charged left out."""
    rows = (
        statement.records.values("voucher__code", "resource")
        .annotate(quantity=Sum("quantity"), charged=Sum("charged"))
        .order_by("voucher__code", "resource")
    )
    return [
        StatementLine(
            voucher=r["voucher__code"],
            resource=r["resource"],
            quantity=r["quantity"] or ZERO,
            charged=round_money(r["charged"] or ZERO),
        )
        for r in rows
        if r["charged"]
    ]


@dataclass(frozen=True)
class InvoiceFigures:
    """Figures of an invoice that matches a statement at one VAT rate (for whoever
    writes it, e.g. the programme's self-billing invoice): the net amount per
    statement line, the invoice's net, VAT and gross totals, and the rounding amount
    (BT-114) that makes the amount due (BT-115) the statement's total."""

    lines: list[tuple[StatementLine, Decimal]]
    net: Decimal
    vat: Decimal
    gross: Decimal
    rounding: Decimal
    payable: Decimal


def statement_invoice_figures(
    statement: SettlementStatement, *, vat_rate: Decimal
) -> InvoiceFigures:
    lines = [
        (line, round_money(line.charged * 100 / (100 + vat_rate)))
        for line in statement_lines(statement)
    ]
    net = sum((n for _line, n in lines), ZERO)
    vat = round_money(net * vat_rate / 100)
    gross = net + vat
    return InvoiceFigures(
        lines=lines,
        net=net,
        vat=vat,
        gross=gross,
        rounding=statement.total - gross,
        payable=statement.total,
    )


def invoice_differences(
    *, statement: SettlementStatement, document: EinvoiceDocument, self_billed: bool
) -> list[str]:
    """Every way `document` differs from `statement` (empty: it matches)."""
    differences = []
    expected_type = SELF_BILLING if self_billed else OWN_INVOICE
    if document.type_code != expected_type:
        differences.append(
            _("Invoice type code (BT-3) is %(found)s, expected %(expected)s.")
            % {"found": document.type_code or "–", "expected": expected_type}
        )
    if document.buyer_reference != statement.reference:
        differences.append(
            _(
                "Buyer reference (BT-10) is “%(found)s”, expected the statement's "
                "reference %(expected)s."
            )
            % {"found": document.buyer_reference or "–", "expected": statement.reference}
        )
    if document.currency != "EUR":
        differences.append(
            _("Currency (BT-5) is %(found)s, expected EUR.") % {"found": document.currency or "–"}
        )
    own_vat = statement.data_centre.organisation.vat_id
    if own_vat and _compact(document.seller_vat_id) != _compact(own_vat):
        differences.append(
            _("Seller VAT ID (BT-31) is %(found)s, expected the data centre's %(expected)s.")
            % {"found": document.seller_vat_id or "–", "expected": own_vat}
        )
    if document.payable != statement.total:
        differences.append(
            _("Amount due (BT-115) is %(found)s EUR, the statement's total is %(expected)s EUR.")
            % {"found": _amount(document.payable), "expected": _amount(statement.total)}
        )
    expected = {(line.voucher, line.resource): line for line in statement_lines(statement)}
    seen: dict[tuple[str, str], list] = defaultdict(list)
    for line in document.lines:
        seen[(line.accounting_reference, line.seller_item_id)].append(line)
    for key, lines in seen.items():
        voucher, resource = key
        label = _("Invoice line %(line)s (voucher %(voucher)s, resource %(resource)s)") % {
            "line": ", ".join(line.line_id for line in lines),
            "voucher": voucher or "–",
            "resource": resource or "–",
        }
        if key not in expected:
            differences.append(
                _("%(line)s: the statement has no charged records of this voucher and resource.")
                % {"line": label}
            )
            continue
        if len(lines) > 1:
            differences.append(
                _("%(line)s: one line per voucher and resource, not %(count)s.")
                % {"line": label, "count": len(lines)}
            )
            continue
        (line,) = lines
        want = expected[key]
        if line.quantity != want.quantity:
            differences.append(
                _("%(line)s: quantity %(found)s, the records sum to %(expected)s.")
                % {
                    "line": label,
                    "found": _quantity(line.quantity),
                    "expected": _quantity(want.quantity),
                }
            )
        gross = round_money(line.net_amount * (100 + line.vat_rate) / 100)
        if abs(gross - want.charged) > CENT:
            differences.append(
                _(
                    "%(line)s: net %(net)s EUR plus %(rate)s %% VAT is %(gross)s EUR, the records "
                    "charged %(expected)s EUR."
                )
                % {
                    "line": label,
                    "net": _amount(line.net_amount),
                    "rate": _quantity(line.vat_rate),
                    "gross": _amount(gross),
                    "expected": _amount(want.charged),
                }
            )
    for key, want in expected.items():
        if key not in seen:
            differences.append(
                _(
                    "No invoice line for voucher %(voucher)s, resource %(resource)s "
                    "(quantity %(quantity)s, charged %(charged)s EUR)."
                )
                % {
                    "voucher": want.voucher,
                    "resource": want.resource,
                    "quantity": _quantity(want.quantity),
                    "charged": _amount(want.charged),
                }
            )
    return differences


def _is_member(actor, data_centre: DataCentre) -> bool:
    if getattr(actor, "pk", None) is None:
        return False
    members = Membership.objects.filter(user=actor, organisation_id=data_centre.organisation_id)
    return members.exists()


def _submit_check(*, actor, statement: SettlementStatement, self_billed: bool) -> None:
    data_centre = statement.data_centre
    if self_billed:
        # The programme issues it: staff or the platform itself (a job, actor None).
        if getattr(actor, "pk", None) is not None and not actor.may_act_as_staff:
            raise PermissionDenied(_("Only the programme issues self-billing invoices."))
        if not data_centre.self_billing_consent:
            raise Conflict(
                _("The data centre has not consented to self-billing invoices."),
                code="no_self_billing_consent",
            )
    elif not _is_member(actor, data_centre):
        raise PermissionDenied(_("Only the data centre invoices its settlement statements."))
    if statement.status != SettlementStatement.Status.APPROVED:
        raise Conflict(
            _("Only an approved statement awaiting its invoice can be invoiced (it is %(status)s).")
            % {"status": statement.get_status_display()},
            code="invalid_transition",
        )
    if statement.total <= 0:
        raise Conflict(_("The statement has nothing to pay."), code="nothing_to_invoice")


def settlement_invoice_submit(
    *,
    actor,
    statement: SettlementStatement,
    xml: bytes,
    self_billed: bool = False,
    name: str = "",
) -> SettlementInvoice:
    """Take the invoice of an approved statement: validate it (EN 16931 / XRechnung;
    `EinvoiceInvalid` on a fatal finding), match it (`InvoiceMismatch` listing every
    difference), store it with its rule check, move the statement to `invoiced` and
    prepare the payout of its amount due (= the statement's total), prepared in the
    name of the statement's approver (who therefore may not release it).

    `self_billed`: the programme's self-billing invoice (type 389) in the data centre's
    name, issued by staff or the platform (actor None) with the data centre's consent."""
    _submit_check(actor=actor, statement=statement, self_billed=self_billed)
    report = einvoice_check(xml, name=name)
    document = einvoice_read(xml)
    with transaction.atomic():
        statement = (
            SettlementStatement.objects.select_for_update(of=("self",))
            .select_related("data_centre__organisation")
            .get(pk=statement.pk)
        )
        _submit_check(actor=actor, statement=statement, self_billed=self_billed)  # locked
        differences = invoice_differences(
            statement=statement, document=document, self_billed=self_billed
        )
        if differences:
            raise InvoiceMismatch(
                _("The invoice does not match statement %(reference)s:")
                % {"reference": statement.reference}
                + "\n"
                + "\n".join(f"– {d}" for d in differences)
            )
        data_centre = statement.data_centre
        invoice = SettlementInvoice(
            statement=statement,
            self_billed=self_billed,
            invoice_number=document.number[:100],
            invoice_date=document.issue_date,
            type_code=document.type_code[:3],
            syntax=document.syntax,
            seller_name=document.seller_name[:200],
            seller_vat_id=document.seller_vat_id[:30],
            net=round_money(document.net_total),
            vat=round_money(document.vat_total),
            payable=round_money(document.payable),
            einvoice_validation=report.as_dict(),
            submitted_by=actor if getattr(actor, "pk", None) else None,
        )
        kind = "gutschrift" if self_billed else "rechnung"
        filename = name or f"{kind}-{statement.reference}.xml"
        invoice.fill_from(
            CheckedUpload(kind="xml", content=xml, original_name=filename[:200]),
            folder=f"statements/{statement.pk}",
        )
        try:
            with transaction.atomic():
                invoice.save()
        except IntegrityError:
            raise Conflict(_("The statement is already invoiced."), code="duplicate")
        audit_record(
            actor=actor,
            action="compute.settlementinvoice.submit",
            obj=invoice,
            data={
                "statement": statement.pk,
                "number": invoice.invoice_number,
                "self_billed": self_billed,
                "payable": str(invoice.payable),
                "einvoice_findings": report.rule_ids(),
            },
        )
        payout = payout_create(
            actor=statement.approved_by,
            key=f"compute-statement:{statement.pk}",
            origin=f"compute-statement:{statement.pk}",
            beneficiary=data_centre.organisation,
            amount=invoice.payable,
            source_account=payable_account(data_centre),
            remittance=f"KI-Compute-Voucher {data_centre.code} {invoice.invoice_number[:40]} "
            f"{statement.period_start:%d.%m.%Y}-{statement.period_end:%d.%m.%Y}",
        )
        transition(
            statement,
            SettlementStatement.Status.INVOICED,
            actor=actor,
            locked=True,
            data={"invoice": invoice.invoice_number, "payable": str(invoice.payable)},
            fields={"payout": payout},
        )
        return invoice


def data_centre_self_billing_consent_set(
    *, actor, data_centre: DataCentre, consent: bool
) -> DataCentre:
    """The data centre gives (or withdraws) its consent that the programme issues the
    invoices of its statements as self-billing invoices (Gutschrift) in its name."""
    if not _is_member(actor, data_centre):
        raise PermissionDenied(_("Only the data centre decides on self-billing."))
    with transaction.atomic():
        data_centre = DataCentre.objects.select_for_update().get(pk=data_centre.pk)
        old = data_centre.self_billing_consent
        data_centre.self_billing_consent = consent
        data_centre.self_billing_consent_at = timezone.now()
        data_centre.self_billing_consent_by = actor
        data_centre.save(
            update_fields=[
                "self_billing_consent",
                "self_billing_consent_at",
                "self_billing_consent_by",
            ]
        )
        audit_record(
            actor=actor,
            action="compute.datacentre.self_billing_consent",
            obj=data_centre,
            old_state="consent" if old else "no_consent",
            new_state="consent" if consent else "no_consent",
        )
        return data_centre
