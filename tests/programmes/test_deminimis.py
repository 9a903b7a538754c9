from datetime import date
from decimal import Decimal

import pytest

from kivoucher.organizations.services import ownership_link_set
from kivoucher.programmes.deminimis import (
    DeMinimisExceeded,
    aid_award_adjust,
    aid_award_record,
    aid_declare,
    de_minimis_check,
)
from tests.factories import OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_linked_companies_share_one_ceiling_over_three_rolling_years():
    programme = ProgrammeFactory()
    parent, child, stranger = (OrganisationFactory() for _ in range(3))
    ownership_link_set(actor=None, owner=parent, owned=child, share_percent=D("60"))
    aid_declare(
        actor=None,
        organisation=parent,
        granting_body="Land Bayern",
        amount=D("200000"),
        granted_on=date(2024, 6, 1),
        reference="d1",
    )
    aid_declare(
        actor=None,
        organisation=child,
        granting_body="Old",
        amount=D("90000"),
        granted_on=date(2023, 6, 1),
        reference="d2",
    )  # too old
    aid_declare(
        actor=None,
        organisation=stranger,
        granting_body="X",
        amount=D("250000"),
        granted_on=date(2025, 1, 1),
        reference="d3",
    )
    check = de_minimis_check(
        programme=programme, organisation=child, amount=D("50000"), decision_date=date(2026, 6, 1)
    )
    assert (check.used, check.total, check.passed) == (D("200000"), D("250000"), True)
    assert check.window_start == date(2023, 6, 1)

    aid_award_record(
        actor=None,
        programme=programme,
        organisation=child,
        reference="app:1",
        amount=D("50000"),
        granted_on=date(2026, 6, 1),
    )
    with pytest.raises(DeMinimisExceeded, match="300.000,00"):
        aid_award_record(
            actor=None,
            programme=programme,
            organisation=parent,
            reference="app:2",
            amount=D("50000.01"),
            granted_on=date(2026, 7, 1),
        )
    # the same grant recorded again is idempotent, not a second award
    aid_award_record(
        actor=None,
        programme=programme,
        organisation=child,
        reference="app:1",
        amount=D("50000"),
        granted_on=date(2026, 6, 1),
    )
    aid_award_adjust(actor=None, reference="app:1", amount=D("30000"))
    check = de_minimis_check(
        programme=programme, organisation=parent, amount=D("50000"), decision_date=date(2026, 7, 1)
    )
    assert (check.used, check.passed) == (D("230000"), True)
