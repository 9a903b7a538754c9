"""Vouchers, prices, settlement, applications and reports: the service rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kivoucher.compute.models import ComputeApplication, ComputeVoucher, DataCentre, FinalReport
from kivoucher.compute.services.applications import (
    compute_application_approve,
    compute_application_decide_exception,
    compute_application_review,
    compute_application_submit,
)
from kivoucher.compute.services.holds import compute_hold_create, compute_hold_release
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.onboarding import data_centre_onboard
from kivoucher.compute.services.pricing import price_list_publish
from kivoucher.compute.services.reports import final_reports_remind
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.vouchers import compute_vouchers_expire
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import AuditEvent
from kivoucher.core.roles import Role
from kivoucher.core.workflow import FourEyesViolation
from kivoucher.ledger.selectors import ledger_total_balance
from kivoucher.organizations.models import Organisation
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


def test_a_price_changed_in_place_prices_the_next_batch():
    """The price book is kept between batches; any change of a price list's rows, even
    one made without publishing a version (an edit in the admin), is seen by the next
    batch."""
    from kivoucher.compute.models import PriceItem, PriceListVersion

    dc = make_data_centre("inplace")
    voucher = issue(dc, value=D("1000"))
    first = usage_ingest(data_centre=dc, records=[record("a", voucher, "10")])
    assert first.results[0].charged == D("25.00")
    item = PriceItem.objects.get(price_list__data_centre=dc, resource="h100-80gb")
    PriceItem.objects.filter(pk=item.pk).update(price=D("2.6000"))
    second = usage_ingest(data_centre=dc, records=[record("b", voucher, "10")])
    assert second.results[0].charged == D("26.00")
    PriceItem.objects.filter(pk=item.pk).update(resource="h200-141gb")
    third = usage_ingest(data_centre=dc, records=[record("c", voucher, "10")])
    assert third.results[0].reason == "unknown_resource"
    PriceItem.objects.filter(pk=item.pk).update(resource="h100-80gb")
    PriceListVersion.objects.filter(data_centre=dc).update(
        valid_from=timezone.now() + timedelta(days=1)
    )
    fourth = usage_ingest(data_centre=dc, records=[record("d", voucher, "10")])
    assert fourth.results[0].reason == "no_price"


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
        actor=creator,
        data_centre=dc,
        period_start=timezone.localtime(end).date(),
        period_end=timezone.localtime(end).date(),
    )
    assert (statement.total, statement.record_count) == (D("10.00"), 1)
    with pytest.raises(PermissionDenied):
        statement_approve(actor=creator, statement=statement)
    statement_approve(actor=approver, statement=statement)
    result = usage_ingest(data_centre=dc, records=[{"id": "rev", "reverses": "r1"}]).results[0]
    assert result.reason == "already_settled"
    empty = statement_create(
        actor=creator,
        data_centre=dc,
        period_start=timezone.localtime(end).date(),
        period_end=timezone.localtime(end).date(),
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


def test_approval_by_a_colleague_of_the_applicant_is_refused():
    # Four eyes checked only reviewer != approver: an approver employed by the applying
    # company could approve its voucher.
    dc = make_data_centre("colleague")
    company = OrganisationFactory()
    application = _apply(company, dc, compute_call())
    compute_application_review(
        actor=UserFactory(role=Role.CASEWORKER), application=application, recommend=True, note="ok"
    )
    colleague = member_of(company, role=Role.APPROVER)
    with pytest.raises(FourEyesViolation) as exc:
        compute_application_approve(actor=colleague, application=application, approve=True)
    assert exc.value.code == "four_eyes"
    application.refresh_from_db()
    assert application.status == ComputeApplication.Status.REVIEWED
    approved = compute_application_approve(
        actor=UserFactory(role=Role.APPROVER), application=application, approve=True, note="gut"
    )
    assert (approved.status, approved.decision_note) == ("approved", "gut")
    assert approved.decided_at is not None
    actions = set(
        AuditEvent.objects.filter(
            action__startswith="compute.computeapplication.", object_id=str(application.pk)
        ).values_list("action", flat=True)
    )
    assert {"compute.computeapplication.reviewed", "compute.computeapplication.approved"} <= actions


def test_statement_approval_is_four_eyes_and_not_by_the_data_centre():
    # Only "not the creator" was checked: a member of the paid data centre could approve.
    dc = make_data_centre("stm-eyes")
    voucher = issue(dc, value=D("100"))
    end = timezone.now().replace(microsecond=0) - timedelta(days=3)
    usage_ingest(data_centre=dc, records=[record("s1", voucher, "4", end=end)])
    creator = UserFactory(role=Role.CASEWORKER)
    statement = statement_create(
        actor=creator,
        data_centre=dc,
        period_start=timezone.localtime(end).date(),
        period_end=timezone.localtime(end).date(),
    )
    insider = member_of(dc.organisation, role=Role.APPROVER)
    for actor in (creator, insider):
        with pytest.raises(FourEyesViolation):
            statement_approve(actor=actor, statement=statement)
    with pytest.raises(PermissionDenied):
        statement_approve(actor=UserFactory(role=Role.AUDITOR), statement=statement)
    approved = statement_approve(actor=UserFactory(role=Role.CASEWORKER), statement=statement)
    # approved, awaiting the data centre's invoice: the payout comes from the invoice
    # (tests/compute/test_settlement_invoices.py)
    assert approved.status == "approved" and approved.payout is None
    with pytest.raises(Conflict) as exc:
        statement_approve(actor=UserFactory(role=Role.APPROVER), statement=statement)
    assert exc.value.code == "invalid_transition"


def test_refused_application_leaves_the_company_figures_unchanged():
    # The page updated the figures, then the application was refused: the figures stayed.
    dc = make_data_centre("figures")
    call = compute_call()
    company = OrganisationFactory(employees=10)
    _apply(company, dc, call)
    with pytest.raises(Conflict) as exc:
        _apply(company, dc, call, employees=99, annual_turnover=D("1"))
    assert exc.value.code == "duplicate"
    company.refresh_from_db()
    assert company.employees == 10
    other = OrganisationFactory(employees=10)
    application = _apply(other, dc, call, employees=12, balance_sheet_total=D("1000000"))
    other.refresh_from_db()
    assert (other.employees, other.balance_sheet_total) == (12, D("1000000"))
    assert application.eligibility["passed"]


def test_voucher_and_hold_states_go_through_the_kernel():
    dc = make_data_centre("kernel")
    voucher = issue(dc, value=D("10"))
    hold = compute_hold_create(
        actor=None, data_centre=dc, voucher=voucher, hold_id="job-1", amount=D("5")
    )
    released = compute_hold_release(actor=None, hold=hold)
    assert released.status == "released" and released.closed_at is not None
    with pytest.raises(Conflict) as exc:
        compute_hold_release(actor=None, hold=hold)
    assert exc.value.code == "hold_closed"
    usage_ingest(data_centre=dc, records=[record("all", voucher, "4")])  # 10.00 of 10
    voucher.refresh_from_db()
    assert voucher.status == ComputeVoucher.Status.EXHAUSTED
    assert FinalReport.objects.filter(voucher=voucher).exists()
    usage_ingest(data_centre=dc, records=[{"id": "back", "reverses": "all"}])
    voucher.refresh_from_db()
    assert voucher.status == ComputeVoucher.Status.ACTIVE
    actions = list(
        AuditEvent.objects.filter(action__startswith="compute.compute")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "compute.computehold.released",
        "compute.computevoucher.exhausted",
        "compute.computevoucher.active",
    ]


def test_onboarding_with_a_bad_key_onboards_nothing():
    org = OrganisationFactory(kind=Organisation.Kind.DATA_CENTRE)
    with pytest.raises(DomainError) as exc:
        data_centre_onboard(
            actor=None,
            organisation=org,
            code="badkey",
            location_city="Jülich",
            location_country="de",
            operator_name="RZ",
            keys=[("did:web:x#1", {"kty": "nonsense"})],
        )
    assert exc.value.code == "invalid_key"
    assert not DataCentre.objects.filter(organisation=org).exists()


def test_a_voucher_used_up_by_a_parallel_batch_is_not_a_conflict():
    """Found by the SIGKILL test's senders: two batches on one voucher; the second
    still held the voucher as active and got 409 "used up -> used up" (the old
    transition function ignored a change to the state the row already had)."""
    from kivoucher.compute.services.vouchers import voucher_after_balance_change

    voucher = issue(make_data_centre("parallel"), value=Decimal("100"))
    stale = ComputeVoucher.objects.get(pk=voucher.pk)
    voucher_after_balance_change(voucher=voucher, balance=Decimal("0"))  # the first batch
    assert ComputeVoucher.objects.get(pk=voucher.pk).status == ComputeVoucher.Status.EXHAUSTED
    voucher_after_balance_change(voucher=stale, balance=Decimal("0"))  # the second
    assert stale.status == ComputeVoucher.Status.EXHAUSTED
    events = AuditEvent.objects.filter(object_id=str(voucher.pk), new_state="exhausted")
    assert events.count() == 1
    assert FinalReport.objects.filter(voucher=voucher).count() == 1


def test_the_batch_that_uses_a_voucher_up_is_in_its_final_report():
    """The final report opened when a voucher is used up sums the voucher's records,
    those of the batch that used it up included; the batch row keeps its counts."""
    from kivoucher.compute.models import IngestBatch

    voucher = issue(make_data_centre("used-up"), value=D("100"))
    outcome = usage_ingest(
        data_centre=voucher.data_centre,
        records=[record("a", voucher, "30"), record("b", voucher, "30")],
    )
    assert [r.charged for r in outcome.results] == [D("75.00"), D("25.00")]
    voucher.refresh_from_db()
    assert voucher.status == ComputeVoucher.Status.EXHAUSTED
    summary = FinalReport.objects.get(voucher=voucher).usage_summary
    assert summary["charged"] == "100.00"
    assert [(r["resource"], r["records"]) for r in summary["resources"]] == [("h100-80gb", 2)]
    batch = IngestBatch.objects.get(pk=outcome.batch.pk)
    assert (batch.accepted, batch.duplicates, batch.rejected) == (2, 0, 0)
    assert (batch.charged, batch.uncovered) == (D("100.00"), D("50.00"))
