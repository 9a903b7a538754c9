from decimal import Decimal

import pytest

from kivoucher.organizations.services import ownership_link_set
from kivoucher.programmes.eligibility import (
    aggregate_figures,
    eligibility_check,
    grant_amount,
    size_class_of,
)
from kivoucher.programmes.models import RuleSet
from tests.factories import OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _org(employees, turnover, balance, **kw):
    return OrganisationFactory(
        employees=employees, annual_turnover=D(turnover), balance_sheet_total=D(balance), **kw
    )


def test_eu_sme_counts_linked_in_full_and_partners_pro_rata():
    company = _org(100, "20000000", "15000000")
    parent = _org(120, "30000000", "25000000")  # holds 60 %: linked, in full
    partner = _org(200, "40000000", "30000000")  # holds 30 %: partner, 30 %
    ownership_link_set(actor=None, owner=parent, owned=company, share_percent=D("60"))
    ownership_link_set(actor=None, owner=partner, owned=company, share_percent=D("30"))
    figures = aggregate_figures(organisation=company)
    assert figures.employees == D("280.0")  # 100 + 120 + 0.3 * 200
    assert figures.turnover == D("62000000.00")
    assert figures.balance_sheet == D("49000000.00")

    programme = ProgrammeFactory(rule_set=RuleSet.EU_SME)
    result = eligibility_check(programme=programme, organisation=company)
    assert not result.passed
    by_code = {r.code: r for r in result.rules}
    assert not by_code["sme_staff"].passed
    assert by_code["sme_staff"].figures["employees"] == "280.0"
    assert not by_code["sme_turnover_or_balance"].passed
    assert by_code["seat_in_germany"].passed
    assert result.size_class == "large"


def test_control_without_majority_links_enterprises():
    company = _org(10, "1000000", "1000000")
    controller = _org(300, "100", "100")
    ownership_link_set(
        actor=None, owner=controller, owned=company, share_percent=D("20"), controls=True
    )
    assert aggregate_figures(organisation=company).employees == D("310.0")


def test_small_shareholdings_are_not_counted():
    company = _org(10, "1000000", "1000000")
    investor = _org(5000, "900000000", "900000000")
    ownership_link_set(actor=None, owner=investor, owned=company, share_percent=D("24.99"))
    assert aggregate_figures(organisation=company).employees == D("10.0")


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "size"),
    [
        (9, "2000000", "9000000", "micro"),
        (9, "3000000", "3000000", "small"),
        (49, "10000000", "50000000", "small"),
        (249, "60000000", "43000000", "medium"),
        (250, "1", "1", "large"),
        (100, "50000001", "43000001", "large"),
    ],
)
def test_size_classes_follow_the_recommendation(employees, turnover, balance, size):
    figures = aggregate_figures(organisation=_org(employees, turnover, balance))
    assert size_class_of(figures) == size


def test_proposal_thresholds_with_the_figures_used():
    programme = ProgrammeFactory(rule_set=RuleSet.PROPOSAL)
    ok = eligibility_check(
        programme=programme,
        organisation=_org(4999, "500000000", "1"),
        declarations={"not_in_difficulty": True},
    )
    assert ok.passed
    assert [r.code for r in ok.rules] == [
        "seat_in_germany",
        "employees_below_limit",
        "turnover_within_limit",
        "not_in_difficulty",
    ]
    too_big = eligibility_check(
        programme=programme,
        organisation=_org(5000, "500000000.01", "1", country="AT"),
        declarations={"not_in_difficulty": False},
    )
    assert [r.passed for r in too_big.rules] == [False, False, False, False]
    assert too_big.as_dict()["rules"][1]["figures"]["employees"] == "5000.0"


def test_grant_is_rate_times_costs_capped_in_cents():
    programme = ProgrammeFactory(rate_small=D("0.8"), max_grant=D("50000"))
    assert grant_amount(programme=programme, size_class="small", eligible_costs=D("12345.67")) == D(
        "9876.54"
    )
    assert grant_amount(programme=programme, size_class="small", eligible_costs=D("90000")) == D(
        "50000"
    )
