"""Bank statements (ISO 20022 camt.053) matched against pre-sale payment references.

The statement is read by `kivoucher.payments.camt` (defusedxml: no entities, no
network); the general import (`kivoucher.payments.statements`) hands each credit with
a purchase reference to `presale.incoming`, which uses `purchase_payment_match`
below. The pre-sale's own import page and API use `bank_statement_import`. Every credit entry is
matched on its unstructured remittance information (`RmtInf/Ustrd`) or its
end-to-end id; exact-amount matches of purchases awaiting payment are confirmed,
everything else is reported for a person to look at.

An entry may hold several transactions (a batch booking, `BtchBookg`): its
`Ntry/Amt` is then their total, and each transaction's own amount is in
`TxDtls/Amt` (camt.053.001.04 and later) or `TxDtls/AmtDtls/TxAmt/Amt`, else
`AmtDtls/InstdAmt/Amt`. Only an entry with a single transaction lends it the
entry's amount; a batch transaction without an amount of its own has none
(`amount_missing`, for a person to check).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# The reader is shared with the payments' statement import (kivoucher.payments.camt).
from kivoucher.payments.camt import (  # noqa: F401 (re-exported)
    REFERENCE,
    Statement,
    StatementEntry,
    camt053_parse,
)


@dataclass
class ImportLine:
    entry: StatementEntry
    # confirmed | already_confirmed | amount_mismatch | amount_missing | unknown_reference |
    # held_kyc (exact payment kept on the purchase until the buyer's KYC is approved) | ...
    outcome: str
    purchase_id: int | None = None
    reference: str = ""
    sequence: int | None = None
    message: str = ""


@dataclass
class ImportReport:
    message_id: str
    lines: list[ImportLine]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def confirmed(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome == "confirmed"]

    @property
    def to_check(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome not in ("confirmed", "debit")]


def purchase_payment_match(*, actor, entry: StatementEntry) -> ImportLine:
    """Match one credit entry with a purchase: confirm it with its reference and the
    exact amount; anything else is reported (nothing is confirmed on a mismatch)."""
    from kivoucher.core.errors import Conflict
    from kivoucher.presale.kyc import kyc_approved, payment_hold
    from kivoucher.presale.models import Purchase
    from kivoucher.presale.services import purchase_confirm_payment

    reference = entry.reference
    purchase = Purchase.objects.filter(reference=reference).first() if reference else None
    if purchase is None:
        return ImportLine(entry, "unknown_reference", reference=reference or "")
    line = ImportLine(entry, "", purchase.pk, purchase.reference)
    if entry.currency != "EUR":
        line.outcome = "wrong_currency"
    elif purchase.status != Purchase.Status.PENDING:
        line.outcome = "already_confirmed"
        line.sequence = purchase.sequence
    elif entry.amount is None:
        line.outcome = "amount_missing"
        line.message = _("The bank booked this transfer in a batch without its own amount.")
    elif entry.amount != purchase.amount:
        line.outcome = "amount_mismatch"
        line.message = f"{entry.amount} != {purchase.amount}"
    elif not kyc_approved(purchase.buyer_id):
        # matched and kept on the purchase; confirmed when the buyer's KYC is approved
        payment_hold(actor=actor, purchase=purchase, entry=entry)
        line.outcome = "held_kyc"
        line.message = _(
            "KYC outstanding: the payment is held until the buyer's check is approved."
        )
    else:
        try:
            purchase = purchase_confirm_payment(
                actor=actor,
                purchase=purchase,
                amount=entry.amount,
                source="camt.053",
                bank_reference=entry.bank_reference,
            )
        except Conflict as exc:
            line.outcome, line.message = "refused", exc.message
        else:
            line.outcome, line.sequence = "confirmed", purchase.sequence
    return line


def bank_statement_import(*, actor, data: bytes) -> ImportReport:
    """Confirm every purchase paid with its reference and the exact amount; report the rest."""
    from kivoucher.core.audit import audit_record
    from kivoucher.presale.services import staff_act_check

    staff_act_check(actor)
    statement = camt053_parse(data)
    lines = []
    for entry in statement.entries:
        if not entry.credit:
            lines.append(ImportLine(entry, "debit"))
            continue
        lines.append(purchase_payment_match(actor=actor, entry=entry))
    report = ImportReport(statement.message_id, lines)
    audit_record(
        actor=actor,
        action="presale.camt.import",
        obj=("presale.camt053", (statement.message_id or "unknown")[:64]),
        data={
            "entries": len(lines),
            "confirmed": report.count("confirmed"),
            "to_check": len(report.to_check),
        },
    )
    return report
