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
from kivoucher.projects.models import Instalment
from kivoucher.projects.selectors import (
    instalment_get_for_user,
    instalment_invoice_get_for_user,
    instalments_for_user,
    proof_get_for_user,
    proofs_for_user,
)


def _proof(request, pk):
    try:
        return proof_get_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404


def _holder(user, voucher) -> bool:
    """The voucher holder's own staff submit its proof of use on these pages."""
    return voucher.application.organisation.memberships.filter(user=user).exists()


def voucher_proof_actions(*, user, voucher) -> list[VoucherAction]:
    """The voucher page's offers of an instalment and of the proof of use: the links,
    or why not (registered in `ProjectsConfig.ready`); staff get the instalments."""
    if not _holder(user, voucher):
        if user.sees_everything and voucher.instalments.exists():
            return [
                VoucherAction(
                    _("Instalments"), reverse("projects:instalments", args=[voucher.code])
                )
            ]
        return []
    final_proof = services.final_proof_open(voucher)  # one query for both offers
    return [
        VoucherAction(
            _("Request instalment"),
            reverse("projects:instalments", args=[voucher.code]),
            services.instalment_request_refusal(
                actor=user, voucher=voucher, member=True, final_proof=final_proof
            ),
        ),
        VoucherAction(
            _("Submit proof of use"),
            reverse("projects:proof", args=[voucher.code]),
            services.proof_submit_refusal(actor=user, voucher=voucher, final_proof=final_proof),
        ),
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
    instalments = instalments_for_user(user=request.user).filter(
        status__in=[Instalment.Status.REQUESTED, Instalment.Status.CHECKED]
    )
    return render(
        request,
        "projects/proof_list.html",
        {"proofs": proofs, "status": status, "instalments": instalments.order_by("requested_at")},
    )


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


# --- Instalments (Mittelabruf) ------------------------------------------------------


def _instalment(request, pk):
    try:
        return instalment_get_for_user(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@login_required
def instalments(request, code):
    """The voucher's instalments: the company requests one with the e-invoices so far
    and sees what may still be drawn; staff see them with links to the check."""
    try:
        voucher = voucher_get_for_user(user=request.user, code=code)
    except NotFound:
        raise Http404
    holder = _holder(request.user, voucher)
    if not holder and not request.user.sees_everything:
        raise Http404
    refusal = services.instalment_request_refusal(actor=request.user, voucher=voucher)
    form = forms.InstalmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not holder:
            raise Http404
        if not refusal and form.is_valid():
            if service_run(
                request,
                lambda: services.instalment_request(
                    actor=request.user,
                    voucher=voucher,
                    invoices=[
                        upload_check(f, allowed=INVOICES) for f in form.cleaned_data["invoices"]
                    ],
                ),
                success=_("The instalment is requested and will be checked."),
                form=form,
            ):
                return redirect("projects:instalments", code=voucher.code)
    return render(
        request,
        "projects/instalments.html",
        {
            "voucher": voucher,
            "form": form if holder and not refusal else None,
            "refusal": refusal if holder else None,
            "figures": services.instalment_figures(voucher=voucher),
            "instalments": instalments_for_user(user=request.user).filter(voucher=voucher),
        },
        status=403 if request.method == "POST" and refusal else 200,
    )


@login_required
def instalment_detail(request, pk):
    """One instalment with its invoices; staff check it, a second person decides."""
    instalment = _instalment(request, pk)
    check_form = forms.InstalmentCheckForm(
        request.POST if request.POST.get("step") == "check" else None
    )
    decide_form = forms.InstalmentDecideForm(
        request.POST if request.POST.get("step") == "decide" else None
    )
    if request.method == "POST":
        if not request.user.may_act_as_staff:
            raise Http404
        step, recorded = request.POST.get("step"), False
        if step == "check" and check_form.is_valid():
            data = check_form.cleaned_data
            recorded = service_run(
                request,
                lambda: services.instalment_check(
                    actor=request.user,
                    instalment=instalment,
                    accept=data["decision"] == "accept",
                    eligible_costs=data["eligible_costs"],
                    note=data["note"],
                ),
                success=_("The check is recorded."),
                form=check_form,
            )
        elif step == "decide" and decide_form.is_valid():
            data = decide_form.cleaned_data
            recorded = service_run(
                request,
                lambda: services.instalment_decide(
                    actor=request.user,
                    instalment=instalment,
                    approve=data["decision"] == "approve",
                    note=data["note"],
                ),
                success=_("The decision is recorded."),
                form=decide_form,
            )
        if recorded:
            return redirect("projects:instalment_detail", pk=pk)
    voucher = instalment.voucher
    return render(
        request,
        "projects/instalment_detail.html",
        {
            "instalment": instalment,
            "voucher": voucher,
            "app": voucher.application,
            "figures": services.instalment_figures(voucher=voucher),
            "check_form": check_form,
            "decide_form": decide_form,
            "payouts": payouts_of_voucher(voucher=voucher),
        },
    )


@login_required
def instalment_invoice(request, pk, invoice_pk):
    """A stored invoice of an instalment, only for those who may see the instalment."""
    try:
        invoice = instalment_invoice_get_for_user(user=request.user, pk=pk, invoice_pk=invoice_pk)
    except NotFound:
        raise Http404
    return invoice.response()
