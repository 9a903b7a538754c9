"""What the pre-sale tells invoicing, inside the pre-sale's own transaction.

`kivoucher.presale.services` calls `core.registry.contributions_notify(
"presale_events", <event>, ...)`; that finds this module by name (presale does not
import invoicing, which sits above it). An invoice that cannot be stored rolls back
the pre-sale's change with it: a confirmed payment always has its invoice.
"""

from kivoucher.invoicing.presale_invoices import (
    purchase_advance_invoice,
    purchase_credit_note,
    purchase_final_invoice,
)


def purchase_paid(*, actor, purchase) -> None:
    purchase_advance_invoice(actor=actor, purchase=purchase)


def purchase_redeemed(*, actor, purchase, used_unit_hours: int) -> None:
    """Hours were used; the last of them closes the purchase with its final invoice."""
    if used_unit_hours >= purchase.unit_hours:
        purchase_final_invoice(actor=actor, purchase=purchase, used_unit_hours=used_unit_hours)


def purchase_expired(*, actor, purchase, used_unit_hours: int) -> None:
    purchase_final_invoice(actor=actor, purchase=purchase, used_unit_hours=used_unit_hours)


def purchase_refunded(*, actor, purchase, reason: str = "") -> None:
    purchase_credit_note(actor=actor, purchase=purchase, reason=reason)
