"""The interest on an amount to be repaid, § 49a (3) VwVfG: five percentage points
above the base rate of § 247 BGB per year, from the day the grant became ineffective.

Conventions (stated in the decision letter):

- simple interest on the principal, no compounding;
- day count actual/365: each calendar day of the period counts, a year has 365 days
  (also in leap years), so one day's interest is principal x rate / 100 / 365;
- the period runs from the day the grant became ineffective (counted) up to the day
  before the decision (the decision day itself starts the accrual that the letter
  states as a daily amount until repayment);
- the rate changes with the base rate on the day a new base rate is valid from; each
  stretch with one rate is one line of the computation;
- each line is rounded to the cent (half up), the interest is the sum of the lines.

A pure function over plain data (the table of base rates is passed in), so it is
tested by hand-computed examples; `rates_for` reads the table from the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from kivoucher.core.errors import DomainError

POINTS_ABOVE_BASE = Decimal("5")
DAYS_PER_YEAR = Decimal("365")
CENT = Decimal("0.01")


class BaseRateMissing(DomainError):
    code = "base_rate_missing"


@dataclass(frozen=True)
class InterestLine:
    start: date  # first day counted
    end: date  # last day counted
    base_rate: Decimal
    rate: Decimal  # base rate + 5 points
    days: int
    amount: Decimal

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "base_rate": str(self.base_rate),
            "rate": str(self.rate),
            "days": self.days,
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class Interest:
    principal: Decimal
    start: date
    until: date  # exclusive
    lines: list[InterestLine]
    daily: Decimal  # one day's interest at the rate valid on `until`, to 4 places
    rate_now: Decimal

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def as_dict(self) -> dict:
        return {
            "principal": str(self.principal),
            "start": self.start.isoformat(),
            "until": self.until.isoformat(),
            "lines": [line.as_dict() for line in self.lines],
            "total": str(self.total),
            "daily": str(self.daily),
            "rate_now": str(self.rate_now),
            "convention": "simple interest, actual/365, base rate (§ 247 BGB) + 5 points",
        }


def _half_years(start: date, until: date) -> list[date]:
    """The first days of the half-years the period touches (1 Jan, 1 Jul: the days a
    base rate changes by law), the one `start` lies in included."""
    days = [date(start.year, 1 if start.month < 7 else 7, 1)]
    for year in range(start.year, until.year + 1):
        for month in (1, 7):
            day = date(year, month, 1)
            if start < day <= until:
                days.append(day)
    return days


def interest_compute(
    *, principal: Decimal, start: date, until: date, rates: list[tuple[date, Decimal]]
) -> Interest:
    """Interest on `principal` for the days from `start` to the day before `until`,
    with `rates` the table of base rates as (valid from, percent), in any order."""
    principal = Decimal(principal)
    table = sorted(rates)
    known = {valid_from for valid_from, _rate in table}

    def base_on(day: date) -> Decimal:
        current = None
        for valid_from, rate in table:
            if valid_from <= day:
                current = rate
            else:
                break
        if current is None:
            raise BaseRateMissing(
                _("No base rate is recorded for %(day)s.") % {"day": day.strftime("%d.%m.%Y")}
            )
        return current

    # The base rate is fixed for every half-year: a half-year without its row would
    # silently keep the previous rate, so it is refused until an admin enters it.
    for day in _half_years(start, until):
        if day not in known:
            raise BaseRateMissing(
                _("The base rate valid from %(day)s is not recorded; an admin must enter it.")
                % {"day": day.strftime("%d.%m.%Y")}
            )
    boundaries = [start] + [d for d, _r in table if start < d < until] + [until]
    lines = []
    for first, after in zip(boundaries, boundaries[1:], strict=False):
        days = (after - first).days
        if days <= 0:
            continue
        base = base_on(first)
        rate = base + POINTS_ABOVE_BASE
        amount = (principal * rate / 100 * days / DAYS_PER_YEAR).quantize(CENT, ROUND_HALF_UP)
        lines.append(
            InterestLine(
                start=first,
                end=after - timedelta(days=1),
                base_rate=base,
                rate=rate,
                days=days,
                amount=amount,
            )
        )
    rate_now = base_on(until) + POINTS_ABOVE_BASE
    daily = (principal * rate_now / 100 / DAYS_PER_YEAR).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return Interest(
        principal=principal,
        start=start,
        until=until,
        lines=lines,
        daily=daily,
        rate_now=rate_now,
    )


def rates_for() -> list[tuple[date, Decimal]]:
    from kivoucher.recovery.models import BaseRate

    return list(BaseRate.objects.order_by("valid_from").values_list("valid_from", "rate"))
