"""Pages for the proof of use and its check."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.applications.selectors import payouts_of_voucher, voucher_get_for_user
from kivoucher.applications.voucher_actions import VoucherAction
from kivoucher.core.errors import NotFound
from kivoucher.core.uploads import INVOICES, upload_check
from kivoucher.core.web import service_run
from kivoucher.projects import forms, services
from kivoucher.projects.selectors import proof_get_for_user, proofs_for_user


def _proof(request, pk):
    try:
        return proof_get_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404


def _holder(user, voucher) -> bool:
    """The voucher holder's own staff submit its proof of use on these pages."""
    return voucher.application.organisation.memberships.filter(user=user).exists()


def voucher_proof_actions(*, user, voucher) -> list[VoucherAction]:
    """The voucher page's offer of a proof of use: the link, or why not (registered in
    `ProjectsConfig.ready`)."""
    if not _holder(user, voucher):
        return []
    return [
        VoucherAction(
            _("Submit proof of use"),
            reverse("projects:proof", args=[voucher.code]),
            services.proof_submit_refusal(actor=user, voucher=voucher),
        )
    ]


@login_required
def proof_submit(request, code):
    try:
        voucher = voucher_get_for_user(user=request.user, code=code)
    except NotFound:
        raise Http404
    if not _holder(request.user, voucher):
        raise Http404  # only the voucher holder's own staff submit its proof of use
    refusal = services.proof_submit_refusal(actor=request.user, voucher=voucher)
    if refusal:  # told why before filling anything in
        return render(
            request,
            "projects/proof_form.html",
            {"form": None, "voucher": voucher, "refusal": refusal},
            status=403 if request.method == "POST" else 200,
        )
    form = forms.ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = service_run(
            request,
            lambda: services.proof_submit(
                actor=request.user,
                voucher=voucher,
                invoice=upload_check(data["invoice"], allowed=INVOICES),
                report=data["report"],
                amounts={
                    k: data[k] for k in ("invoice_number", "invoice_date", "net", "vat", "gross")
                },
            ),
            success=_("The proof of use is submitted and will be checked."),
            form=form,
        )
        if submitted:
            return redirect("applications:voucher", code=voucher.code)
    return render(
        request,
        "projects/proof_form.html",
        {"form": form, "voucher": voucher, "refusal": None},
    )


@login_required
def proof_list(request):
    if not request.user.sees_everything:
        raise Http404
    status = request.GET.get("status", "submitted")
    proofs = proofs_for_user(user=request.user)
    if status:
        proofs = proofs.filter(status=status)
    return render(request, "projects/proof_list.html", {"proofs": proofs, "status": status})


@login_required
def proof_detail(request, pk):
    proof = _proof(request, pk)
    form = forms.CheckForm(request.POST or None)
    if request.method == "POST":
        if not request.user.sees_everything:
            raise Http404
        if form.is_valid() and service_run(
            request,
            lambda: services.proof_check(
                actor=request.user,
                proof=proof,
                accept=form.cleaned_data["decision"] == "accept",
                eligible_costs=form.cleaned_data["eligible_costs"],
                note=form.cleaned_data["note"],
            ),
            success=_("The check is recorded."),
            form=form,
        ):
            return redirect("projects:proof_detail", pk=pk)
    return render(
        request,
        "projects/proof_detail.html",
        {
            "proof": proof,
            "voucher": proof.voucher,
            "app": proof.voucher.application,
            "form": form,
            "payouts": payouts_of_voucher(voucher=proof.voucher),
        },
    )


@login_required
def proof_invoice(request, pk):
    """The stored invoice, only for those who may see the proof."""
    return _proof(request, pk).response()
