"""Pages of recovery: the list of cases and receivables, the start form (programme
admins), a case with its actions and letters; the company answers the hearing and
files an objection on the case page."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.core.money import ZERO
from kivoucher.core.roles import ACTING_STAFF_ROLES, Role
from kivoucher.core.web import service_run
from kivoucher.ledger.selectors import money_sum
from kivoucher.recovery import documents
from kivoucher.recovery.models import Objection, Receivable, RecoveryCase
from kivoucher.recovery.selectors import (
    receivables_for_user,
    recovery_case_get_for_user,
    recovery_cases_for_user,
)
from kivoucher.recovery.services import (
    objection_deadline,
    objection_decide,
    objection_file,
    recovery_answer_record,
    recovery_case_start,
    recovery_decide,
    recovery_hearing_send,
)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise DomainError(_("Enter a date as YYYY-MM-DD."), code="invalid_date") from exc


def _amount(value: str) -> str | None:
    """An amount as typed in a German form ("2.500,00") or plainly ("2500.00")."""
    value = (value or "").strip().replace(" ", "").replace("€", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    return value or None


def _required_date(value: str) -> date:
    day = _date(value)
    if day is None:
        raise DomainError(_("Enter the day the grant became ineffective."), code="invalid_date")
    return day


@login_required
def case_list(request):
    cases = recovery_cases_for_user(user=request.user)[:500]
    receivables = receivables_for_user(user=request.user)
    open_ = receivables.filter(status=Receivable.Status.OPEN)
    figures = {
        "outstanding": money_sum(open_, "amount")
        + money_sum(open_, "interest")
        - money_sum(open_, "amount_repaid"),
        "repaid": money_sum(receivables, "amount_repaid"),
        "written_off": money_sum(receivables, "amount_written_off"),
    }
    return render(
        request,
        "recovery/case_list.html",
        {
            "cases": cases,
            "receivables": receivables[:500],
            "figures": figures,
            "may_start": request.user.role == Role.PROGRAMME_ADMIN,
        },
    )


@login_required
def case_start(request):
    if request.user.role != Role.PROGRAMME_ADMIN:
        raise PermissionDenied(_("Only programme admins start a recovery."))
    values = {"origin": request.GET.get("origin", ""), "amount": "", "reason": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("origin", "amount", "reason")}
        values["ineffective_on"] = request.POST.get("ineffective_on", "")
        outcome = service_run(
            request,
            lambda: recovery_case_start(
                actor=request.user,
                origin=values["origin"],
                reason=values["reason"],
                amount=_amount(values["amount"]),
                ineffective_on=_required_date(values["ineffective_on"]),
            ),
            success=_("The recovery was started; send the hearing notice next."),
        )
        if outcome.ok:
            return redirect("recovery:case", pk=outcome.result.pk)
    return render(request, "recovery/case_start.html", {"values": values})


def _objection(case: RecoveryCase) -> Objection | None:
    try:
        return case.objection
    except Objection.DoesNotExist:
        return None


@login_required
def case_detail(request, pk: int):
    case = recovery_case_get_for_user(user=request.user, pk=pk)
    staff = request.user.role in ACTING_STAFF_ROLES
    member = request.user.memberships.filter(organisation_id=case.organisation_id).exists()
    status = RecoveryCase.Status
    return render(
        request,
        "recovery/case_detail.html",
        {
            "case": case,
            "objection": _objection(case),
            "receivable": case.receivable,
            "objection_deadline": objection_deadline(case),
            "staff": staff,
            "may_answer": case.status == status.HEARING and (member or staff),
            "may_object": case.status == status.DECIDED
            and (member or staff)
            and _objection(case) is None,
            "may_decide": staff and case.status in (status.HEARING, status.ANSWERED),
            "outstanding": case.receivable.outstanding if case.receivable else ZERO,
        },
    )


def _action(request, pk: int, call, success: str):
    case = recovery_case_get_for_user(user=request.user, pk=pk)
    service_run(request, lambda: call(case), success=success, forbidden_page=True)
    return redirect("recovery:case", pk=case.pk)


@login_required
@require_POST
def case_hearing(request, pk: int):
    return _action(
        request,
        pk,
        lambda case: recovery_hearing_send(
            actor=request.user, case=case, deadline=_date(request.POST.get("deadline", ""))
        ),
        _("The hearing notice was sent."),
    )


@login_required
@require_POST
def case_answer(request, pk: int):
    return _action(
        request,
        pk,
        lambda case: recovery_answer_record(
            actor=request.user, case=case, answer=request.POST.get("answer", "")
        ),
        _("The answer was recorded."),
    )


@login_required
@require_POST
def case_decide(request, pk: int):
    return _action(
        request,
        pk,
        lambda case: recovery_decide(
            actor=request.user,
            case=case,
            recover=request.POST.get("recover") == "1",
            reason=request.POST.get("reason", ""),
            amount=_amount(request.POST.get("amount", "")),
        ),
        _("The case was decided."),
    )


@login_required
@require_POST
def case_objection(request, pk: int):
    return _action(
        request,
        pk,
        lambda case: objection_file(
            actor=request.user,
            case=case,
            reason=request.POST.get("reason", ""),
            filed_on=_date(request.POST.get("filed_on", "")),
        ),
        _("The objection was recorded."),
    )


@login_required
@require_POST
def case_objection_decide(request, pk: int):
    def decide(case):
        objection = _objection(case)
        if objection is None:
            raise NotFound("No objection was filed.")
        return objection_decide(
            actor=request.user,
            objection=objection,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            amount=_amount(request.POST.get("amount", "")),
        )

    return _action(request, pk, decide, _("The objection was decided."))


@login_required
def case_hearing_pdf(request, pk: int):
    case = recovery_case_get_for_user(user=request.user, pk=pk)
    if case.hearing_sent_at is None:
        raise NotFound("No hearing notice was sent.")
    return documents.pdf_response(
        documents.hearing_notice_pdf(case=case), filename=f"anhoerung-RF-{case.pk}.pdf"
    )


@login_required
def case_decision_pdf(request, pk: int):
    case = recovery_case_get_for_user(user=request.user, pk=pk)
    if case.decided_on is None or case.receivable_id is None:
        raise NotFound("No decision letter was issued.")
    return documents.pdf_response(
        documents.decision_letter_pdf(case=case), filename=f"bescheid-RF-{case.pk}.pdf"
    )
