"""Purchase payments found in an imported bank statement (kivoucher.payments.incoming):
the references `KIV-PS-` with two groups of four characters go to the pre-sale's
matching (`presale.camt`)."""

from kivoucher.payments.camt import PRESALE_REFERENCE
from kivoucher.payments.incoming import (
    ALREADY_MATCHED,
    AMOUNT_DIFFERS,
    MATCHED,
    UNKNOWN,
    IncomingEntry,
    incoming_register,
)

# presale.camt outcome -> the statement import's result
RESULTS = {
    "confirmed": MATCHED,
    "already_confirmed": ALREADY_MATCHED,
    "unknown_reference": UNKNOWN,
}


@incoming_register(
    "PS",
    pattern=PRESALE_REFERENCE,
    normalise=lambda m: f"KIV-PS-{m.group(1).upper()}-{m.group(2).upper()}",
)
def purchase_payment(entry: IncomingEntry) -> str:
    from kivoucher.presale.camt import purchase_payment_match

    line = purchase_payment_match(actor=entry.actor, entry=entry.statement)
    # wrong currency, no amount of its own, a different amount, refused: a person looks
    return RESULTS.get(line.outcome, AMOUNT_DIFFERS)
