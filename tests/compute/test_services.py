"""Vouchers, prices, settlement, applications and reports: the service rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.compute.models import ComputeApplication, ComputeVoucher, FinalReport
from kivoucher.compute.services.applications import (
    compute_application_approve,
    compute_application_decide_exception,
    compute_application_review,
    compute_application_submit,
)
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.reports import final_reports_remind
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.vouchers import compute_vouchers_expire
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.ledger.selectors import ledger_total_balance
from kivoucher.programmes.deminimis import aid_declare
from kivoucher.programmes.services import call_budget_account
from tests.compute.factories import compute_call, issue, make_data_centre
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db
D = Decimal


def record(rid, voucher, quantity="1", resource="h100-80gb", end=None):
    end = end or timezone.now().replace(microsecond=0) - timedelta(hours=1)
    return {
        "id": rid,
        "voucher": voucher.code,
        "resource": resource,
        "quantity": quantity,
        "start": (end - timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }


def test_usage_is_priced_with_the_version_valid_at_the_end():
    dc = make_data_centre("prices")
    voucher = issue(dc, value=D("1000"))
    change = timezone.now().replace(microsecond=0) - timedelta(days=5)
    price_list_publish(
        actor=None,
        data_centre=dc,
        valid_from=change,
        items=[{"resource": "h100-80gb", "unit": "gpu_hour", "price": "3.00"}],
    )
    before = usage_ingest(
        data_centre=dc, records=[record("old", voucher, "10", end=change - timedelta(seconds=1))]
    )
    after = usage_ingest(data_centre=dc, records=[record("new", voucher, "10")])
    assert before.results[0].charged == D("25.00")
    assert after.results[0].charged == D("30.00")
    gone = usage_ingest(data_centre=dc, records=[record("cpu", voucher, "10", resource="cpu")])
    assert gone.results[0].reason == "no_price"


def test_expired_voucher_rejects_usage_and_opens_the_final_report():
    dc = make_data_centre("exp")
    voucher = issue(dc)
    ComputeVoucher.objects.filter(pk=voucher.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    budget = call_budget_account(voucher.call)
    assert compute_vouchers_expire() != []
    voucher.refresh_from_db()
    assert voucher.status == "expired"
    voucher.account.refresh_from_db()
    assert voucher.account.balance == 0
    assert call_budget_account(voucher.call).balance == budget.balance + voucher.value
    result = usage_ingest(data_centre=dc, records=[record("late", voucher)]).results[0]
    assert result.reason == "voucher_not_active"
    report = FinalReport.objects.get(voucher=voucher)
    FinalReport.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert final_reports_remind() == 1
    assert final_reports_remind() == 0  # not again within 14 days


def test_settled_records_cannot_be_reversed_and_statement_needs_four_eyes():
    dc = make_data_centre("settle")
    voucher = issue(dc, value=D("100"))
    end = timezone.now().replace(microsecond=0) - timedelta(days=3)
    usage_ingest(data_centre=dc, records=[record("r1", voucher, "4", end=end)])
    creator, approver = UserFactory(role=Role.CASEWORKER), UserFactory(role=Role.APPROVER)
    statement = statement_create(
        actor=creator, data_centre=dc, period_start=end.date(), period_end=end.date()
    )
    assert (statement.total, statement.record_count) == (D("10.00"), 1)
    with pytest.raises(PermissionDenied):
        statement_approve(actor=creator, statement=statement)
    statement_approve(actor=approver, statement=statement)
    result = usage_ingest(data_centre=dc, records=[{"id": "rev", "reverses": "r1"}]).results[0]
    assert result.reason == "already_settled"
    empty = statement_create(
        actor=creator, data_centre=dc, period_start=end.date(), period_end=end.date()
    )
    assert empty.record_count == 0  # nothing is settled twice
    with pytest.raises(DomainError):
        statement_create(
            actor=creator,
            data_centre=dc,
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
        )
    assert ledger_total_balance() == 0


def _apply(org, dc, call, **extra):
    user = member_of(org)
    today = timezone.localdate()
    return compute_application_submit(
        actor=user,
        organisation=org,
        call=call,
        data_centre=dc,
        project_description="GPU-Training für ein Modell zur Fehlererkennung.",
        gpu_type="H100",
        gpu_hours=D("1000"),
        storage_tb=D("1"),
        period_start=today,
        period_end=today + timedelta(days=90),
        not_in_difficulty=True,
        **extra,
    )


def test_one_voucher_per_company_and_admin_exception():
    dc = make_data_centre("once")
    call = compute_call()
    company = OrganisationFactory(register_number="HRB 555", register_court="AG Köln")
    issue(dc, company=company, call=call)
    twin = OrganisationFactory(register_number="hrb 555", register_court="AG Köln")
    with pytest.raises(Conflict) as exc:
        _apply(twin, dc, call)
    assert exc.value.code == "duplicate_voucher"
    application = _apply(twin, dc, call, exception_justification="Zweite Projektphase.")
    assert application.status == ComputeApplication.Status.EXCEPTION_PENDING
    with pytest.raises(PermissionDenied):
        compute_application_decide_exception(
            actor=UserFactory(role=Role.CASEWORKER), application=application, grant=True, reason="x"
        )
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    application = compute_application_decide_exception(
        actor=admin, application=application, grant=True, reason="begründet"
    )
    assert application.status == ComputeApplication.Status.SUBMITTED


def test_four_eyes_and_de_minimis_at_approval():
    dc = make_data_centre("eyes")
    call = compute_call()
    company = OrganisationFactory()
    aid_declare(
        actor=None,
        organisation=company,
        granting_body="Land",
        amount=D("280000"),
        granted_on=timezone.localdate() - timedelta(days=100),
        reference="earlier-1",
    )
    application = _apply(company, dc, call)
    admin = UserFactory(role=Role.PROGRAMME_ADMIN)
    compute_application_review(actor=admin, application=application, recommend=True, note="ok")
    with pytest.raises(PermissionDenied):
        compute_application_approve(actor=admin, application=application, approve=True)
    with pytest.raises(Conflict) as exc:
        compute_application_approve(
            actor=UserFactory(role=Role.APPROVER), application=application, approve=True
        )
    assert exc.value.code == "de_minimis_exceeded"
    application.refresh_from_db()
    assert application.status == ComputeApplication.Status.REVIEWED
    assert not ComputeVoucher.objects.filter(organisation=company).exists()


def test_ineligible_company_cannot_be_approved():
    dc = make_data_centre("big")
    call = compute_call()
    big = OrganisationFactory(employees=9000)
    application = _apply(big, dc, call)
    assert not application.eligibility["passed"]
    compute_application_review(
        actor=UserFactory(role=Role.CASEWORKER), application=application, recommend=True, note="?"
    )
    with pytest.raises(Conflict):
        compute_application_approve(
            actor=UserFactory(role=Role.APPROVER), application=application, approve=True
        )


def test_lapsed_data_centre_gets_no_applications():
    dc = make_data_centre("lapsed", valid=False)
    with pytest.raises(Conflict):
        _apply(OrganisationFactory(), dc, compute_call())
