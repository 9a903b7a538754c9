from decimal import Decimal

import pytest

from kivoucher.applications import services
from kivoucher.applications.models import Application, Voucher
from kivoucher.applications.voucher_codes import (
    ALPHABET,
    check_symbol,
    voucher_code_new,
    voucher_code_valid,
)
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.programmes.selectors import call_budget_figures
from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db


def test_approval_commits_budget_and_issues_voucher():
    w = make_world()
    app = w.approved()
    assert app.status == Application.Status.APPROVED
    # company in factory: 40 staff, 5 M turnover -> small -> 80 % of 40,000
    assert app.granted_amount == Decimal("32000.00")
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == Decimal("32000.00")
    assert figures["available"] == Decimal("168000.00")
    voucher = app.voucher
    assert voucher.status == Voucher.Status.ACTIVE
    assert voucher_code_valid(voucher.code)


def test_submit_refuses_failed_rules_with_reasons():
    w = make_world()
    app = w.draft(sme_declared=False)
    with pytest.raises(DomainError) as exc:
        services.application_submit(actor=w.applicant, application=app)
    assert exc.value.code == "not_eligible"
    app.refresh_from_db()
    assert app.status == Application.Status.DRAFT


def test_reviewer_cannot_decide():
    w = make_world()
    app = w.submitted()
    services.application_review(
        actor=w.admin,
        application=app,
        checklist=dict.fromkeys(services.review.CHECKLIST, True),
        score=70,
        recommendation="approve",
    )
    with pytest.raises(PermissionDenied) as exc:
        services.application_decide(actor=w.admin, application=app, approve=True)
    assert exc.value.code == "four_eyes"


def test_costs_above_cap_refused():
    w = make_world()
    app = w.draft(planned_costs=Decimal("70000"))
    with pytest.raises(DomainError) as exc:
        services.application_submit(actor=w.applicant, application=app)
    assert "62.500,00" in exc.value.message


def test_budget_exhausted():
    w = make_world(budget=Decimal("50000"))
    w.approved()
    app = w.reviewed()
    with pytest.raises(Conflict) as exc:
        services.application_decide(actor=w.approver, application=app, approve=True)
    assert exc.value.code == "budget_exhausted"
    app.refresh_from_db()
    assert app.status == Application.Status.REVIEWED


def test_deadlines_task_runs_through_django_tasks():
    from datetime import timedelta

    from django.utils import timezone

    from kivoucher.projects.tasks import deadlines_task

    w = make_world()
    app = w.approved()
    Voucher.objects.filter(pk=app.voucher.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    result = deadlines_task.enqueue()
    assert result.return_value["vouchers_expired"] == 1
    assert Voucher.objects.get(pk=app.voucher.pk).status == Voucher.Status.EXPIRED


def test_voucher_codes_are_unguessable_and_checked():
    codes = {voucher_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(voucher_code_valid(c) for c in codes)
    code = sorted(codes)[0]
    assert voucher_code_valid(code.lower())
    # every single typo in the random part is caught
    for position in [4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17]:
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert not voucher_code_valid(typo), typo
    # a swap of two different neighbours (other than 0/Z) is caught
    fixed = "KIV-7QH2-M4KD-X9PA-"
    body = "7QH2M4KDX9PA"
    valid = fixed + check_symbol(body)
    assert voucher_code_valid(valid)
    assert not voucher_code_valid("KIV-Q7H2-M4KD-X9PA-" + valid[-1])


def test_the_assigned_caseworker_and_company_members_may_not_decide():
    """One separation-of-duties policy: no decider who prepared it or belongs to the company."""
    from kivoucher.core.roles import Role
    from tests.factories import member_of

    w = make_world()
    app = w.submitted()
    services.application_assign(actor=w.admin, application=app)  # the admin is the caseworker
    with pytest.raises(PermissionDenied) as exc:
        services.application_decide(actor=w.admin, application=app, approve=True)
    assert exc.value.code == "four_eyes"
    insider = member_of(w.company, role=Role.APPROVER)
    with pytest.raises(PermissionDenied) as exc:
        services.application_decide(actor=insider, application=app, approve=True)
    assert exc.value.code == "four_eyes"
    with pytest.raises(PermissionDenied) as exc:  # not a deciding role
        services.application_decide(actor=w.provider_user, application=app, approve=True)
    assert exc.value.code == "forbidden"
    app.refresh_from_db()
    assert app.status == Application.Status.IN_REVIEW and app.decided_by is None


def test_status_changes_are_audited_by_the_workflow_kernel():
    from kivoucher.core.audit import audit_history

    w = make_world()
    app = w.approved()
    actions = [e.action for e in audit_history(app)]
    assert actions == [
        "application.create",
        "applications.application.submitted",
        "applications.application.reviewed",
        "applications.application.approved",
    ]
    services.application_withdraw(actor=w.applicant, application=app, reason="kein Bedarf")
    voucher_events = [(e.action, e.reason) for e in audit_history(app.voucher)]
    assert voucher_events[-1] == ("applications.voucher.cancelled", "kein Bedarf")


def test_a_draft_and_its_declared_aid_are_saved_together_or_not_at_all():
    from datetime import date, timedelta

    from django.utils import timezone

    w = make_world()
    aid = {"granting_body": "Land Berlin", "amount": "5000", "granted_on": date(2024, 3, 1)}
    app = w.draft(declared_aid=[aid])
    assert [(a.granting_body, a.amount) for a in app.declared_aid.all()] == [
        ("Land Berlin", Decimal("5000.00"))
    ]
    future = {**aid, "granted_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(DomainError):
        w.draft(title="Zweiter Entwurf", declared_aid=[aid, future])
    assert not Application.objects.filter(title="Zweiter Entwurf").exists()
    with pytest.raises(DomainError):
        services.application_update(
            actor=w.applicant, application=app, title="Geändert", declared_aid=[future]
        )
    app.refresh_from_db()
    assert app.title != "Geändert" and app.declared_aid.count() == 1
