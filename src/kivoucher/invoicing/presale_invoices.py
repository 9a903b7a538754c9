"""Invoices to buyers of pre-sold hours (line III), in the name of the offer's
operating company (its `InvoiceIssuer`; none set up: nothing is issued).

- Payment confirmed -> advance-payment invoice (386) over the amount received, VAT
  taken out of it (pre-sale prices include VAT), one line per price part of the
  order; the tax arises with the payment (§ 13 Abs. 1 Nr. 1 Buchst. a Satz 4
  UStG), so the payment date is the tax point date. It is paid: amount due 0.
- Hours used up, or the voucher expired -> final invoice (380) over the whole
  purchase: the used unit-hours and, on expiry, the unused ones that lapsed (the
  operator keeps the payment; the VAT paid on it stays as it was), minus the
  advance payment with its VAT (§ 14 Abs. 5 Satz 2 UStG, BT-113 and a note).
  Amount due 0.
- Refunded before any use -> credit note (381) correcting the advance-payment
  invoice over the full amount, to be refunded to the buyer's account.

Each is issued at most once per purchase (a unique constraint; a retried job
finds the first), inside the pre-sale's own transaction (`presale_events.py`).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kivoucher.core.money import format_eur
from kivoucher.invoicing.amounts import shares_split, vat_from_gross
from kivoucher.invoicing.models import Invoice, InvoiceIssuer
from kivoucher.invoicing.services import (
    LineDraft,
    bank_account,
    invoice_issue,
    issuer_of,
    issuer_party,
    organisation_party,
    presale_vat_rate,
)
from kivoucher.presale.models import Purchase, Slot

LANGUAGE = "de"  # invoices are written in the programme's language


def _issuer(purchase: Purchase) -> InvoiceIssuer | None:
    if purchase.kind != Purchase.Kind.HOURS:
        return None  # shares: no invoice (see services.py)
    return issuer_of(purchase.offer.operator_id)


def _parties(issuer: InvoiceIssuer, purchase: Purchase, *, payee) -> dict:
    return {
        "seller": issuer_party(issuer),
        "buyer": organisation_party(purchase.buyer),
        "payee_account": bank_account(payee),
    }


def _hours_share(purchase: Purchase) -> str:
    partitions = purchase.offer.partitions
    if partitions == 1:
        return _("cluster-hours")
    return _("partition-hours (1/%(n)s of the cluster)") % {"n": partitions}


def _today() -> date:
    return timezone.localdate()


def _existing(purchase: Purchase, kind: str) -> Invoice | None:
    return Invoice.objects.filter(purchase=purchase, kind=kind).first()


def purchase_advance_invoice(*, actor, purchase: Purchase) -> Invoice | None:
    """The advance-payment invoice of a paid hours purchase (None: no issuer, shares)."""
    issuer = _issuer(purchase)
    if issuer is None:
        return None
    found = _existing(purchase, Invoice.Kind.ADVANCE)
    if found is not None:
        return found
    rate = presale_vat_rate()
    totals = vat_from_gross(purchase.amount, rate)
    parts = list(purchase.price_parts.select_related("tier").order_by("pk"))
    gross_parts = shares_split(purchase.amount, [part.price * part.unit_hours for part in parts])
    nets = shares_split(totals.net, gross_parts)
    paid_on = timezone.localdate(purchase.confirmed_at or timezone.now())
    with override(LANGUAGE):
        unit = _hours_share(purchase)
        lines = [
            LineDraft(
                description=_(
                    "Pre-paid computing time on %(offer)s, %(unit)s at %(price)s (%(label)s)"
                )
                % {
                    "offer": purchase.offer.title,
                    "unit": unit,
                    "price": _("%(amount)s per cluster-hour incl. VAT")
                    % {"amount": format_eur(part.price)},
                    "label": part.tier.label if part.tier_id else _("regular price"),
                },
                quantity=Decimal(part.unit_hours),
                net=net,
            )
            for part, net in zip(parts, nets, strict=True)
        ]
        notes = [
            _(
                "Advance payment for computing time to be provided on %(offer)s; payment "
                "%(reference)s received on %(day)s. The VAT arises with the payment."
            )
            % {
                "offer": purchase.offer.title,
                "reference": purchase.reference,
                "day": paid_on.strftime("%d.%m.%Y"),
            }
        ]
        terms = _("Paid on %(day)s, thank you. Nothing is due.") % {
            "day": paid_on.strftime("%d.%m.%Y")
        }
    return invoice_issue(
        actor=actor,
        issuer=issuer,
        kind=Invoice.Kind.ADVANCE,
        seller=issuer.organisation,
        buyer=purchase.buyer,
        parties=_parties(issuer, purchase, payee=issuer.organisation),
        lines=lines,
        totals=totals,
        vat_rate=rate,
        prepaid=totals.gross,
        buyer_reference=purchase.reference,
        issue_date=_today(),
        paid_on=paid_on,
        payment_terms=terms,
        notes=notes,
        purchase=purchase,
    )


def _service_period(purchase: Purchase, today: date) -> tuple[date, date]:
    used = Slot.objects.filter(purchase=purchase, status=Slot.Status.USED).aggregate(
        first=Min("start"), last=Max("end")
    )
    start = used["first"] or purchase.offer.operation_start or purchase.confirmed_at
    end = used["last"] if used["last"] and used["last"] <= timezone.now() else None
    start_day = timezone.localdate(start) if start else today
    end_day = timezone.localdate(end) if end else today
    return min(start_day, end_day), max(start_day, end_day)


def purchase_final_invoice(*, actor, purchase: Purchase, used_unit_hours: int) -> Invoice | None:
    """The final invoice once the hours are used up or have expired (None: no
    advance-payment invoice was issued for the purchase)."""
    advance = _existing(purchase, Invoice.Kind.ADVANCE)
    if advance is None:
        return None
    found = _existing(purchase, Invoice.Kind.FINAL)
    if found is not None:
        return found
    issuer = advance.issuer
    used = max(0, min(int(used_unit_hours), purchase.unit_hours))
    unused = purchase.unit_hours - used
    used_net, unused_net = shares_split(advance.net, [Decimal(used), Decimal(unused)])
    today = _today()
    with override(LANGUAGE):
        unit = _hours_share(purchase)
        lines = []
        if used:
            lines.append(
                LineDraft(
                    description=_("Computing time used on %(offer)s, %(unit)s")
                    % {"offer": purchase.offer.title, "unit": unit},
                    quantity=Decimal(used),
                    net=used_net,
                )
            )
        if unused:
            lines.append(
                LineDraft(
                    description=_(
                        "Pre-paid computing time on %(offer)s not used by the end of its "
                        "validity (lapsed, no refund), %(unit)s"
                    )
                    % {"offer": purchase.offer.title, "unit": unit},
                    quantity=Decimal(unused),
                    net=unused_net,
                )
            )
        notes = [
            _(
                "Deducted: advance payment invoiced with %(number)s of %(day)s, net %(net)s "
                "plus %(rate)s %% VAT %(vat)s, gross %(gross)s."
            )
            % {
                "number": advance.number,
                "day": advance.issue_date.strftime("%d.%m.%Y"),
                "net": format_eur(advance.net),
                "rate": f"{advance.vat_rate.normalize():f}",
                "vat": format_eur(advance.vat),
                "gross": format_eur(advance.gross),
            }
        ]
        terms = _("Settled by the advance payment. Nothing is due.")
    return invoice_issue(
        actor=actor,
        issuer=issuer,
        kind=Invoice.Kind.FINAL,
        seller=advance.seller,
        buyer=purchase.buyer,
        parties=_parties(issuer, purchase, payee=issuer.organisation),
        lines=lines,
        totals=vat_from_gross(advance.gross, advance.vat_rate),
        vat_rate=advance.vat_rate,
        prepaid=advance.gross,
        buyer_reference=purchase.reference,
        issue_date=today,
        period=_service_period(purchase, today),
        payment_terms=terms,
        notes=notes,
        preceding=advance,
        purchase=purchase,
    )


def purchase_credit_note(*, actor, purchase: Purchase, reason: str = "") -> Invoice | None:
    """The credit note correcting the advance-payment invoice of a refunded purchase."""
    advance = _existing(purchase, Invoice.Kind.ADVANCE)
    if advance is None:
        return None
    found = _existing(purchase, Invoice.Kind.CREDIT_NOTE)
    if found is not None:
        return found
    issuer = advance.issuer
    lines = [
        LineDraft(
            description=line.description,
            quantity=line.quantity,
            net=line.net,
            unit_code=line.unit_code,
        )
        for line in advance.lines.all()
    ]
    with override(LANGUAGE):
        notes = [
            _("Corrects invoice %(number)s of %(day)s: the purchase is refunded in full.")
            % {"number": advance.number, "day": advance.issue_date.strftime("%d.%m.%Y")}
        ]
        if reason:
            notes.append(_("Reason: %(reason)s") % {"reason": reason})
        terms = _("The amount is refunded by SEPA credit transfer to your account %(iban)s.") % {
            "iban": purchase.buyer.iban
        }
    return invoice_issue(
        actor=actor,
        issuer=issuer,
        kind=Invoice.Kind.CREDIT_NOTE,
        seller=advance.seller,
        buyer=purchase.buyer,
        parties=_parties(issuer, purchase, payee=purchase.buyer),
        lines=lines,
        totals=vat_from_gross(advance.gross, advance.vat_rate),
        vat_rate=advance.vat_rate,
        buyer_reference=purchase.reference,
        issue_date=_today(),
        payment_terms=terms,
        notes=notes,
        preceding=advance,
        purchase=purchase,
    )
