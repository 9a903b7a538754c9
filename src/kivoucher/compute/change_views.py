"""Pages of change requests on a compute voucher: the company asks on the voucher's
page, staff review and decide there; the notice is a download."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kivoucher.compute import selectors
from kivoucher.compute.documents import compute_change_requested
from kivoucher.compute.models import ComputeChangeRequest, ComputeVoucher, DataCentre
from kivoucher.compute.services.change_requests import (
    DECIDERS,
    REVIEWERS,
    compute_change_request_decide,
    compute_change_request_decide_refusal,
    compute_change_request_review,
    compute_change_request_submit,
    compute_change_request_withdraw,
)
from kivoucher.core.errors import PermissionDenied
from kivoucher.core.roles import Role
from kivoucher.core.web import service_run
from kivoucher.organizations.models import Membership

CR = ComputeChangeRequest


class ComputeChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What should change?"),
        choices=CR.Kind.choices,
        widget=forms.RadioSelect,
    )
    months = forms.IntegerField(
        label=gettext_lazy("Extension by (months)"), required=False, min_value=1, max_value=120
    )
    data_centre = forms.ModelChoiceField(
        label=gettext_lazy("New data centre"), queryset=DataCentre.objects.none(), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, voucher: ComputeVoucher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_centre"].queryset = selectors.data_centres_accepting().exclude(
            pk=voucher.data_centre_id
        )
        programme = voucher.programme
        self.fields["months"].help_text = _(
            "At most %(months)s months per extension, at most %(times)s extensions."
        ) % {"months": programme.extension_months_max, "times": programme.extensions_max}

    def clean(self):
        data = super().clean()
        field = {"extension": "months", "data_centre": "data_centre"}.get(data.get("kind"))
        if field and data.get(field) in (None, ""):
            self.add_error(field, _("This field is required for this change."))
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Review note"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("1", gettext_lazy("Approve")), ("0", gettext_lazy("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Reasons"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed for a rejection."),
    )


def _member(user, voucher: ComputeVoucher) -> bool:
    return (
        user.role == Role.APPLICANT
        and Membership.objects.filter(user=user, organisation_id=voucher.organisation_id).exists()
    )


def change_context(*, user, voucher: ComputeVoucher) -> dict:
    """The history of change requests with the actions this person may take, and the
    form for a new one (the company, when none is open and the voucher is active)."""
    requests = list(selectors.change_requests_of_voucher(voucher=voucher))
    member = _member(user, voucher)
    for cr in requests:
        cr.requested = compute_change_requested(cr)
        cr.has_notice = hasattr(cr, "notice")
        cr.may_withdraw = member and cr.is_open
        cr.may_review = cr.status == CR.Status.SUBMITTED and user.role in REVIEWERS and not member
        cr.decide_refusal = (
            compute_change_request_decide_refusal(actor=user, change_request=cr)
            if cr.status == CR.Status.REVIEWED and user.sees_everything
            else None
        )
        cr.may_decide = (
            cr.status == CR.Status.REVIEWED and user.sees_everything and cr.decide_refusal is None
        )
    may_ask = (
        member
        and voucher.status == ComputeVoucher.Status.ACTIVE
        and not any(cr.is_open for cr in requests)
    )
    return {
        "change_requests": requests,
        "change_form": ComputeChangeRequestForm(voucher=voucher) if may_ask else None,
        "review_form": ReviewForm(),
        "decision_form": DecisionForm(),
        "ns": "compute",
    }


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@login_required
@require_POST
def change_request_new(request, code):
    voucher = selectors.voucher_get_for_user(user=request.user, code=code)
    if not _member(request.user, voucher):
        raise PermissionDenied(_("Only the company's own staff may ask for a change."))
    form = ComputeChangeRequestForm(request.POST, voucher=voucher)
    if form.is_valid():
        data = form.cleaned_data
        service_run(
            request,
            lambda: compute_change_request_submit(
                actor=request.user,
                voucher=voucher,
                kind=data["kind"],
                reason=data["reason"],
                months=data.get("months"),
                data_centre=data.get("data_centre"),
            ),
            success=_("Your change request was submitted."),
            forbidden_page=True,
        )
    else:
        _form_errors(request, form)
    return redirect("compute:voucher", code=voucher.code)


@login_required
@require_POST
def change_request_review_view(request, pk):
    cr = selectors.change_request_get_for_user(user=request.user, pk=pk)
    if request.user.role not in REVIEWERS:
        raise PermissionDenied(_("Only caseworkers review change requests."))
    form = ReviewForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: compute_change_request_review(
                actor=request.user, change_request=cr, note=form.cleaned_data["note"]
            ),
            success=_("The change request was reviewed."),
            forbidden_page=True,
        )
    else:
        _form_errors(request, form)
    return redirect("compute:voucher", code=cr.voucher.code)


@login_required
@require_POST
def change_request_decide_view(request, pk):
    cr = selectors.change_request_get_for_user(user=request.user, pk=pk)
    if request.user.role not in DECIDERS:
        raise PermissionDenied(_("Only approvers decide on change requests."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        service_run(
            request,
            lambda: compute_change_request_decide(
                actor=request.user,
                change_request=cr,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            ),
            success=_("The change request was decided; the notice was issued."),
            forbidden_page=True,
        )
    else:
        _form_errors(request, form)
    return redirect("compute:voucher", code=cr.voucher.code)


@login_required
@require_POST
def change_request_withdraw_view(request, pk):
    cr = selectors.change_request_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: compute_change_request_withdraw(actor=request.user, change_request=cr),
        success=_("Your change request was withdrawn."),
        forbidden_page=True,
    )
    return redirect("compute:voucher", code=cr.voucher.code)


@login_required
def change_notice(request, pk):
    cr = selectors.change_request_get_for_user(user=request.user, pk=pk)
    return selectors.change_notice_of(change_request=cr).response()
