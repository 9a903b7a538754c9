"""The section registry and the helpers the line sections rely on."""

import sys
import types
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.applications.reporting import FunnelSection
from kivoucher.core.registry import app_modules
from kivoucher.payments.models import Payout
from kivoucher.reporting.dashboard import dashboard_build
from kivoucher.reporting.filters import ReportFilter
from kivoucher.reporting.sections import (
    DaysBetween,
    Section,
    SectionResult,
    percentile,
    sections_all,
)
from tests.factories import ProgrammeFactory, make_call
from tests.reporting.factories import commit, pay

pytestmark = pytest.mark.django_db


def test_builtin_sections_in_order():
    keys = [s.key for s in sections_all()]
    assert keys[:2] == ["budget", "funnel"]
    assert {"approvals", "de-minimis", "payouts", "compute", "presale"} <= set(keys)


@pytest.fixture
def fresh_registry():
    """Contributions are found once per process: look again around the test."""
    app_modules.cache_clear()
    yield
    app_modules.cache_clear()


def test_a_line_contributes_or_replaces_a_section(monkeypatch, fresh_registry):
    class Usage(Section):
        key = "compute"
        title = "Replaced"
        order = 5

        def build(self, report_filter):
            return SectionResult(key=self.key, title=self.title, facts=[("x", "1")])

    module = types.ModuleType("kivoucher.payments.reporting")
    module.SECTIONS = [Usage()]
    monkeypatch.setitem(sys.modules, "kivoucher.payments.reporting", module)
    sections = sections_all()
    assert sections[0].title == "Replaced"
    assert [s.key for s in sections].count("compute") == 1
    outcome = dashboard_build(report_filter=ReportFilter(), only={"compute"})[0]
    assert outcome.result.facts == [("x", "1")]


def test_sections_without_their_models_say_what_they_wait_for():
    funnel = FunnelSection()
    if funnel.available():  # line I merged: the funnel builds
        assert funnel.build(ReportFilter()).charts
    else:
        outcome = dashboard_build(report_filter=ReportFilter(), only={"funnel"})[0]
        assert outcome.result is None
        assert "applications.Application" in str(outcome.section.unavailable_note)


def test_days_between_and_nearest_rank_percentiles_in_the_database():
    call = make_call(programme=ProgrammeFactory(), budget=Decimal("1000"))
    commit(call, "10.00", "d")
    now = timezone.now()
    for i, days in enumerate([1, 2, 3, 4, 10]):
        payout = pay(call, "1.00", f"d{i}")
        Payout.objects.filter(pk=payout.pk).update(
            created_at=now, paid_at=now + timedelta(days=days)
        )
    durations = Payout.objects.annotate(days=DaysBetween("created_at", "paid_at"))
    assert sorted(round(d, 6) for d in durations.values_list("days", flat=True)) == [
        1,
        2,
        3,
        4,
        10,
    ]
    assert round(percentile(durations, "days", 0.5), 6) == 3
    assert round(percentile(durations, "days", 0.9), 6) == 10
    assert percentile(durations.none(), "days", 0.5) is None
