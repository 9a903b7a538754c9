"""The interest of § 49a (3) VwVfG: hand-computed examples across a base-rate change."""

from datetime import date
from decimal import Decimal

import pytest

from kivoucher.recovery.interest import BaseRateMissing, interest_compute, rates_for

RATES = [(date(2022, 7, 1), Decimal("-0.88")), (date(2023, 1, 1), Decimal("1.62"))]


def test_interest_across_a_base_rate_change_is_computed_per_period():
    # 10,000 EUR from 1 Nov 2022 to 28 Feb 2023 (decision on 1 Mar 2023):
    #   1 Nov - 31 Dec 2022: 61 days at -0.88 + 5 = 4.12 %: 10000 * 4.12% * 61/365 = 68.85
    #   1 Jan - 28 Feb 2023: 59 days at  1.62 + 5 = 6.62 %: 10000 * 6.62% * 59/365 = 107.01
    result = interest_compute(
        principal=Decimal("10000.00"), start=date(2022, 11, 1), until=date(2023, 3, 1), rates=RATES
    )
    assert [(line.days, line.rate, line.amount) for line in result.lines] == [
        (61, Decimal("4.12"), Decimal("68.85")),
        (59, Decimal("6.62"), Decimal("107.01")),
    ]
    assert result.total == Decimal("175.86")
    # One day's interest from the decision on: 10000 * 6.62 % / 365 = 1.8137
    assert result.daily == Decimal("1.8137")
    assert result.lines[0].end == date(2022, 12, 31)


def test_no_interest_for_no_days():
    result = interest_compute(
        principal=Decimal("500"), start=date(2023, 2, 1), until=date(2023, 2, 1), rates=RATES
    )
    assert result.total == Decimal("0.00")
    assert result.lines == []


@pytest.mark.django_db
def test_the_seeded_table_gives_the_same_result():
    result = interest_compute(
        principal=Decimal("10000.00"),
        start=date(2022, 11, 1),
        until=date(2023, 3, 1),
        rates=rates_for(),
    )
    assert result.total == Decimal("175.86")


@pytest.mark.django_db
def test_a_half_year_without_its_base_rate_is_refused():
    # 1 Jul 2026 is not seeded (its announcement was not at hand): no silent old rate.
    with pytest.raises(BaseRateMissing, match="01.07.2026"):
        interest_compute(
            principal=Decimal("100"),
            start=date(2026, 3, 1),
            until=date(2026, 9, 1),
            rates=rates_for(),
        )


@pytest.mark.django_db
def test_the_seeded_base_rates_cover_every_half_year_from_2002_to_2026():
    from kivoucher.recovery.models import BaseRate

    seeded = dict(BaseRate.objects.values_list("valid_from", "rate"))
    halves = [date(y, m, 1) for y in range(2003, 2027) for m in (1, 7)]
    assert [day for day in halves if day not in seeded] == [date(2026, 7, 1)]
    assert seeded[date(2024, 7, 1)] == Decimal("3.37")
    assert seeded[date(2025, 1, 1)] == Decimal("2.27")


def test_the_half_year_the_period_starts_in_must_be_recorded_too():
    # only 1 Jan 2023 is known: a period starting in the second half of 2023 is refused
    # rather than computed with the rate of the first half
    with pytest.raises(BaseRateMissing, match="01.07.2023"):
        interest_compute(
            principal=Decimal("100"),
            start=date(2023, 8, 1),
            until=date(2023, 9, 1),
            rates=[(date(2023, 1, 1), Decimal("1.62"))],
        )
