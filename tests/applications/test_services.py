from decimal import Decimal

import pytest

from kivoucher.applications import services
from kivoucher.applications.models import Application, Voucher
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
    assert services.voucher_code_valid(voucher.code)


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

    from kivoucher.applications.tasks import deadlines_task

    w = make_world()
    app = w.approved()
    Voucher.objects.filter(pk=app.voucher.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    result = deadlines_task.enqueue()
    assert result.return_value["vouchers_expired"] == 1
    assert Voucher.objects.get(pk=app.voucher.pk).status == Voucher.Status.EXPIRED


def test_voucher_codes_are_unguessable_and_checked():
    from kivoucher.applications.services.vouchers import ALPHABET, voucher_code_new

    codes = {voucher_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(services.voucher_code_valid(c) for c in codes)
    code = sorted(codes)[0]
    assert services.voucher_code_valid(code.lower())
    # every single typo in the random part is caught
    for position in [4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17]:
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert not services.voucher_code_valid(typo), typo
    # a swap of two different neighbours (other than 0/Z) is caught
    fixed = "KIV-7QH2-M4KD-X9PA-"
    body = "7QH2M4KDX9PA"
    valid = fixed + services.vouchers._check_symbol(body)
    assert services.voucher_code_valid(valid)
    assert not services.voucher_code_valid("KIV-Q7H2-M4KD-X9PA-" + valid[-1])
