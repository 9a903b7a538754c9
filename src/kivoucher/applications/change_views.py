"""Pages of change requests on a line I voucher: the company asks on the voucher's
page, staff review and decide there; the notice is a download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.applications.change_forms import (
    ChangeDecisionForm,
    ChangeRequestForm,
    ChangeReviewForm,
)
from kivoucher.applications.documents import change_request_requested, issued_pdf_response
from kivoucher.applications.models import ChangeRequest, Voucher
from kivoucher.applications.selectors import (
    change_notice_of,
    change_request_get_for_user,
    change_requests_of_voucher,
    voucher_get_for_user,
)
from kivoucher.applications.services.change_requests import (
    change_request_decide,
    change_request_decide_refusal,
    change_request_review,
    change_request_submit,
    change_request_withdraw,
)
from kivoucher.applications.services.decision import DECIDERS
from kivoucher.applications.services.review import REVIEWERS
from kivoucher.core.errors import PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.web import service_run
from kivoucher.organizations.models import Membership


def _member(user, voucher: Voucher) -> bool:
    return (
        user.role == Role.APPLICANT
        and Membership.objects.filter(
            user=user, organisation_id=voucher.application.organisation_id
        ).exists()
    )


def change_context(*, user, voucher: Voucher, form: ChangeRequestForm | None = None) -> dict:
    """What the voucher page shows of change requests: the history with the actions
    this person may take, and the form for a new request (the company, when none is
    open and the voucher is active)."""
    requests = list(change_requests_of_voucher(voucher=voucher))
    member = _member(user, voucher)
    for cr in requests:
        cr.may_withdraw = member and cr.is_open
        cr.may_review = (
            cr.status == ChangeRequest.Status.SUBMITTED and user.role in REVIEWERS and not member
        )
        cr.decide_refusal = (
            change_request_decide_refusal(actor=user, change_request=cr)
            if cr.status == ChangeRequest.Status.REVIEWED and user.sees_everything
            else None
        )
        cr.may_decide = cr.status == ChangeRequest.Status.REVIEWED and (
            user.sees_everything and cr.decide_refusal is None
        )
        cr.has_notice = hasattr(cr, "notice")
        cr.requested = change_request_requested(cr)
    may_ask = (
        member
        and voucher.status == Voucher.Status.ACTIVE
        and not any(cr.is_open for cr in requests)
    )
    if may_ask and form is None:
        form = ChangeRequestForm(voucher=_full(voucher))
    return {
        "change_requests": requests,
        "change_form": form if may_ask else None,
        "review_form": ChangeReviewForm(),
        "decision_form": ChangeDecisionForm(),
        "ns": "applications",
    }


def _full(voucher: Voucher) -> Voucher:
    return Voucher.objects.select_related("application__programme").get(pk=voucher.pk)


@login_required
@require_POST
def change_request_new(request, code):
    voucher = voucher_get_for_user(user=request.user, code=code)
    if not _member(request.user, voucher):
        raise PermissionDenied(_("Only the company's own staff may ask for a change."))
    form = ChangeRequestForm(request.POST, voucher=_full(voucher))
    if form.is_valid():
        data = form.cleaned_data
        outcome = service_run(
            request,
            lambda: change_request_submit(
                actor=request.user,
                voucher=voucher,
                kind=data["kind"],
                reason=data["reason"],
                months=data.get("months"),
                provider=data.get("provider"),
                planned_costs=data.get("planned_costs"),
            ),
            success=_("Your change request was submitted."),
            forbidden_page=True,
        )
        if outcome:
            return redirect("applications:voucher", code=voucher.code)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("applications:voucher", code=voucher.code)


@login_required
@require_POST
def change_request_review_view(request, pk):
    cr = change_request_get_for_user(user=request.user, pk=pk)
    if request.user.role not in REVIEWERS:
        raise PermissionDenied(_("Only caseworkers review change requests."))
    form = ChangeReviewForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: change_request_review(
                actor=request.user, change_request=cr, note=form.cleaned_data["note"]
            ),
            success=_("The change request was reviewed."),
            forbidden_page=True,
        )
    else:
        messages.error(request, _("Write a note for the decision."))
    return redirect("applications:voucher", code=cr.voucher.code)


@login_required
@require_POST
def change_request_decide_view(request, pk):
    cr = change_request_get_for_user(user=request.user, pk=pk)
    if request.user.role not in DECIDERS:
        raise PermissionDenied(_("Only approvers decide on change requests."))
    form = ChangeDecisionForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: change_request_decide(
                actor=request.user,
                change_request=cr,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            ),
            success=_("The change request was decided; the notice was issued."),
            forbidden_page=True,
        )
    else:
        messages.error(request, _("Choose approve or reject."))
    return redirect("applications:voucher", code=cr.voucher.code)


@login_required
@require_POST
def change_request_withdraw_view(request, pk):
    cr = change_request_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: change_request_withdraw(actor=request.user, change_request=cr),
        success=_("Your change request was withdrawn."),
        forbidden_page=True,
    )
    return redirect("applications:voucher", code=cr.voucher.code)


@login_required
def change_notice(request, pk):
    cr = change_request_get_for_user(user=request.user, pk=pk)
    notice = change_notice_of(change_request=cr)
    return issued_pdf_response(notice, filename=f"Aenderungsbescheid-{cr.reference}.pdf")
