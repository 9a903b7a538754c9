"""The arithmetic of an invoice, as pure functions over Decimal.

Pre-sale prices are gross prices: what a buyer pays (and the ledger books) is the
amount with VAT included, so an invoice takes the VAT out of the gross amount
(`vat_from_gross`). A statement of a data centre is a net amount; its self-billing
invoice adds the VAT (`vat_from_net`). Either way the VAT of the invoice is the VAT
of its net total at the rate, rounded to cents once (EN 16931 BR-CO-17), and the
lines' net amounts add up to the net total exactly (`shares_split`, cumulative
rounding, as `presale.services._recognised` does for revenue).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kivoucher.core.money import ZERO, round_money

HUNDRED = Decimal(100)
PRICE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal


def vat_from_gross(gross: Decimal, rate: Decimal) -> Totals:
    """Net and VAT contained in a gross amount (VAT = gross x rate / (100 + rate))."""
    vat = round_money(Decimal(gross) * rate / (HUNDRED + rate)) if rate else ZERO
    return Totals(net=Decimal(gross) - vat, vat=vat, gross=Decimal(gross))


def vat_from_net(net: Decimal, rate: Decimal) -> Totals:
    vat = round_money(Decimal(net) * rate / HUNDRED) if rate else ZERO
    return Totals(net=Decimal(net), vat=vat, gross=Decimal(net) + vat)


def shares_split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` in parts proportional to `weights`, in cents, adding up to `total`.

    The n-th part is round(total x first n weights / all) minus what the first n-1
    parts got: each part is as close to its share as cents allow, and no cent is lost
    or made."""
    whole = sum(weights, Decimal(0))
    if not weights:
        return []
    if whole == 0:
        return [total] + [ZERO] * (len(weights) - 1)
    parts, running, given = [], Decimal(0), ZERO
    for weight in weights:
        running += weight
        upto = round_money(total * running / whole)
        parts.append(upto - given)
        given = upto
    return parts


def unit_price(net: Decimal, quantity: Decimal) -> Decimal:
    """The net price of one unit, to four places (BT-146)."""
    if not quantity:
        return ZERO
    return (Decimal(net) / Decimal(quantity)).quantize(PRICE_PLACES)
