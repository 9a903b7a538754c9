"""Repayments of receivables found in an imported bank statement
(kivoucher.payments.incoming): the references `KIV-RF-<id>`."""

import re

from django.utils import timezone

from kivoucher.payments.incoming import (
    AMOUNT_DIFFERS,
    UNKNOWN,
    IncomingEntry,
    incoming_register,
)

REFERENCE = re.compile(r"^KIV-RF-(\d+)$", re.IGNORECASE)


@incoming_register("RF")
def receivable_repayment(entry: IncomingEntry) -> str:
    """Book a repayment: a partial one is matched and lowers what is outstanding; more
    than is outstanding is `amount_differs` and books nothing."""
    from kivoucher.recovery.services import receivable_repay

    match = REFERENCE.match((entry.reference or "").strip())
    if match is None:
        return UNKNOWN
    if entry.amount is None or getattr(entry, "currency", "EUR") != "EUR":
        return AMOUNT_DIFFERS
    return receivable_repay(
        receivable_id=int(match.group(1)),
        entry_id=entry.entry_id,
        amount=entry.amount,
        booked_on=entry.booked_on or timezone.localdate(),
        debtor_name=entry.debtor_name or "",
        debtor_iban=entry.debtor_iban or "",
        remittance=entry.remittance or "",
        actor=getattr(entry, "actor", None),
    )
