"""The price of an order of hours: discount tiers in their order, then the regular price.

A pure function over plain data (`price_split`); the database shell that feeds it
is `selectors.offer_tiers_left` and `selectors.offer_price_quote`.

The rule: the first tier with hours left gives as many of its hours as it has left
(all, if it is unlimited), the next tier the next ones, and whatever no tier covers
costs the regular price. Prices are per cluster-hour; an order counts unit-hours,
so the amount is `sum(price * unit_hours) / partitions`, rounded to cents once.
An order crossing the end of a tier is therefore priced in parts: 2 hours with 1
discounted hour left cost 7,500 + 10,000 EUR, not twice the regular price.

Correct under concurrent orders only if the hours left are read under the offer's
lock, as `services.purchase_create` does (orders of one offer are serialised).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kivoucher.core.money import round_money


@dataclass(frozen=True)
class TierLeft:
    """A discount tier's price and the unit-hours it has left (None: unlimited)."""

    tier_id: int
    price: Decimal
    left: int | None
    label: str = ""


@dataclass(frozen=True)
class PricePart:
    """Unit-hours of an order at one price; `tier_id` None is the regular price."""

    tier_id: int | None
    unit_hours: int
    price: Decimal
    label: str = ""


@dataclass(frozen=True)
class Quote:
    unit_hours: int
    parts: tuple[PricePart, ...]
    amount: Decimal

    @property
    def first_tier_id(self) -> int | None:
        return self.parts[0].tier_id if self.parts else None


def price_split(
    *, unit_hours: int, tiers: Sequence[TierLeft], regular_price: Decimal, partitions: int
) -> Quote:
    """Split `unit_hours` over `tiers` (in their order) and the regular price."""
    rest = unit_hours
    parts: list[PricePart] = []
    for tier in tiers:
        if rest <= 0:
            break
        take = rest if tier.left is None else min(rest, max(tier.left, 0))
        if take > 0:
            parts.append(PricePart(tier.tier_id, take, tier.price, tier.label))
            rest -= take
    if rest > 0:
        parts.append(PricePart(None, rest, regular_price))
    total = sum((part.price * part.unit_hours for part in parts), Decimal(0))
    return Quote(unit_hours, tuple(parts), round_money(total / max(partitions, 1)))
