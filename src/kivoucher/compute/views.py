"""Pages of line II: the company's vouchers with usage, the data centre's
vouchers, evidence and statements, and the staff's queues."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from kivoucher.compute import selectors
from kivoucher.compute.change_views import change_context
from kivoucher.compute.chart import usage_chart_svg
from kivoucher.compute.forms import (
    ApplicationForm,
    CredentialForm,
    DecisionForm,
    ExceptionForm,
    FinalReportForm,
    ReviewForm,
    SacctForm,
    SelfBillingConsentForm,
    SettlementInvoiceForm,
    SlurmAccountForm,
    StatementForm,
)
from kivoucher.compute.models import ComputeApplication, FinalReport, SettlementStatement
from kivoucher.compute.services.applications import (
    compute_application_approve,
    compute_application_decide_exception,
    compute_application_refusal,
    compute_application_review,
    compute_application_step_refusal,
    compute_application_submit,
    earlier_vouchers,
)
from kivoucher.compute.services.onboarding import credential_add, evidence_verify
from kivoucher.compute.services.reports import final_report_submit
from kivoucher.compute.services.settlement import (
    statement_approve,
    statement_create,
    statement_csv_rows,
)
from kivoucher.compute.services.settlement_invoices import (
    data_centre_self_billing_consent_set,
    settlement_invoice_submit,
    statement_lines,
)
from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account
from kivoucher.compute.tasks import sacct_import_task, sacct_result_load
from kivoucher.compute.wording import check_shown, record_shown, rejection_reason, skip_reason
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.progress import progress_get_for_user, progress_start
from kivoucher.core.spreadsheet import csv_writer
from kivoucher.core.uploads import XML, upload_check
from kivoucher.core.web import domain_error_show, service_run
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import organisation_of_user
from kivoucher.programmes.models import Line
from kivoucher.programmes.selectors import calls_open


def _acting_staff_only(user):
    if not user.may_act_as_staff:
        raise PermissionDenied(_("Only programme staff may do this."))


@login_required
def overview(request):
    user = request.user
    dc = selectors.data_centre_of_user(user=user)
    context = {
        "vouchers": selectors.vouchers_for_user(user=user).order_by("-issued_at")[:200],
        "applications": selectors.applications_for_user(user=user)[:100],
        "reports": selectors.reports_for_user(user=user)[:100],
        "data_centre": dc,
        "is_staff": user.sees_everything,
        "may_apply": organisation_of_user(user=user, kind=Organisation.Kind.COMPANY) is not None,
    }
    if context["is_staff"]:
        context["data_centres"] = selectors.data_centres_for_user(user=user)
        context["overdue"] = selectors.reports_overdue()
    return render(request, "compute/overview.html", context)


# The usage lists of a voucher are paged: a page a reader can scan.
RECORDS_PER_PAGE = 50
DAYS_PER_PAGE = 31


@login_required
def voucher_detail(request, code: str):
    voucher = selectors.voucher_get_for_user(user=request.user, code=code)
    may_map = selectors.slurm_mapping_allowed(user=request.user, voucher=voucher)
    initial = {"account": voucher.slurm_account, "users": " ".join(voucher.slurm_users or [])}
    slurm_form = SlurmAccountForm(request.POST or None, initial=initial) if may_map else None
    if request.method == "POST":
        if slurm_form is None:
            raise PermissionDenied(
                _(
                    "Only the data centre and the company holding the voucher may set its "
                    "Slurm account."
                )
            )
        if slurm_form.is_valid() and service_run(
            request,
            lambda: compute_voucher_set_slurm_account(
                actor=request.user,
                voucher=voucher,
                slurm_account=slurm_form.cleaned_data["account"],
                users=slurm_form.cleaned_data["users"],
            ),
            success=_("The Slurm account was saved."),
            form=slurm_form,
        ):
            return redirect("compute:voucher", code=voucher.code)
    rows = selectors.usage_by_day(voucher=voucher)
    page = Paginator(selectors.usage_for_voucher(voucher=voucher), RECORDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    days = Paginator(rows, DAYS_PER_PAGE).get_page(request.GET.get("days"))
    used = voucher.value - voucher.account.balance
    return render(
        request,
        "compute/voucher.html",
        {
            "voucher": voucher,
            "balance": voucher.account.balance,
            "used": used,
            "percent": int(used * 100 / voucher.value) if voucher.value else 0,
            "chart": mark_safe(  # noqa: S308 - built from escaped values in chart.py
                usage_chart_svg(rows, title=_("Usage of voucher %(code)s") % {"code": code})
            ),
            "chart_rows": days,
            "page": page,
            "report": FinalReport.objects.filter(voucher=voucher).first(),
            "slurm_form": slurm_form,
            **change_context(user=request.user, voucher=voucher),
        },
    )


@login_required
def apply(request):
    org = organisation_of_user(user=request.user, kind=Organisation.Kind.COMPANY)
    if org is None:
        raise PermissionDenied(_("Only companies apply for compute vouchers."))
    call = calls_open(line=Line.COMPUTE).select_related("programme").first()
    # Who may not apply now is told why before filling anything in (the service's check).
    refusal = compute_application_refusal(organisation=org)
    earlier = earlier_vouchers(org) if refusal is None else []
    data_centres = selectors.data_centres_accepting()
    prices = selectors.gpu_hour_prices(data_centres=data_centres)
    form = None
    if refusal is None:
        initial = {
            "employees": org.employees,
            "annual_turnover": org.annual_turnover,
            "balance_sheet_total": org.balance_sheet_total,
        }
        form = ApplicationForm(
            request.POST or None,
            initial=initial,
            data_centres=data_centres,
            gpu_prices=prices,
            further=bool(earlier),
        )
    if request.method == "POST" and form is not None and form.is_valid():
        if call is None:
            form.add_error(None, _("No compute voucher call is open."))
        else:
            try:
                application = compute_application_submit(
                    actor=request.user, organisation=org, call=call, **form.cleaned_data
                )
            except DomainError as exc:
                domain_error_show(request, exc, form=form)
            else:
                messages.success(request, _("Your application was submitted."))
                return redirect("compute:application", pk=application.pk)
    programme = call.programme if call else None
    return render(
        request,
        "compute/apply.html",
        {
            "form": form,
            "organisation": org,
            "call": call,
            "refusal": refusal,
            "earlier": earlier,
            "earlier_codes": ", ".join(v["code"] for v in earlier),
            "voucher_value": programme.max_grant if programme else None,
            "validity_months": programme.voucher_validity_months if programme else None,
            "data_centres": [(dc, prices.get(dc.pk, [])) for dc in data_centres],
        },
        status=409 if refusal and request.method == "POST" else 200,
    )


@login_required
def application_detail(request, pk: int):
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    user = request.user
    st = ComputeApplication.Status
    form_class = {"review": ReviewForm, "decision": DecisionForm, "exception": ExceptionForm}
    step = {
        st.SUBMITTED: "review",
        st.REVIEWED: "decision",
        st.EXCEPTION_PENDING: "exception",
    }.get(application.status)
    forms, refusal = {}, None
    if user.may_act_as_staff and step:
        # Staff who may not take the step see why, not a form that fails when sent.
        refusal = compute_application_step_refusal(actor=user, application=application, step=step)
        if refusal is None:
            forms[step] = form_class[step](prefix=step)
    refused = False
    if request.method == "POST":
        _acting_staff_only(user)
        action = request.POST.get("action")
        refused = refusal is not None and action == step
        if action in forms:
            form = form_class[action](request.POST, prefix=action)
            forms[action] = form
            if form.is_valid():
                service = {
                    "review": compute_application_review,
                    "decision": compute_application_approve,
                    "exception": compute_application_decide_exception,
                }[action]
                done = service_run(
                    request,
                    lambda: service(actor=user, application=application, **form.cleaned_data),
                    success=_("Saved."),
                    form=form,
                )
                if done:
                    return redirect("compute:application", pk=application.pk)
    return render(
        request,
        "compute/application.html",
        {
            "application": application,
            "forms": forms,
            "refusal": refusal,
            "voucher": getattr(application, "voucher", None)
            if application.status == st.APPROVED
            else None,
        },
        status=403 if refused else 200,
    )


# The outcome of a sacct upload is made by the import task (kivoucher.compute.tasks)
# and shown on the page its progress links to (`?import=<progress key>`): every
# rejected record with its job id and the reason in words (the batch keeps counts).


def _result_shown(result: dict) -> dict:
    """An upload's outcome in the reader's words."""
    return {
        **result,
        "rejected": [(record_shown(i), rejection_reason(r)) for i, r in result["rejected"]],
        "skipped": [(skip_reason(why), n) for why, n in result["skipped"]],
    }


def _sacct_import_start(request, dc, upload):
    """Store the upload and hand it to a worker (kivoucher.compute.tasks); the
    progress record the page shows."""
    progress = progress_start(user=request.user, message=_("Waiting for a worker …"))
    stored_name = default_storage.save(f"imports/sacct-{progress.key}", upload)
    sacct_import_task.enqueue(
        data_centre_id=dc.pk,
        actor_id=request.user.pk,
        stored_name=stored_name,
        filename=PurePath(upload.name or "").name[:255],
        progress_key=progress.key,
        language=translation.get_language(),
    )
    progress.refresh_from_db()  # the immediate backend has run it already
    return progress


def _sacct_result(request) -> dict | None:
    """The outcome of the import `?import=<key>` names: only for the person who
    started it and staff (anyone else: 404, as the progress itself)."""
    key = request.GET.get("import", "")
    if not key:
        return None
    progress = progress_get_for_user(user=request.user, key=key)
    return sacct_result_load(progress.key)


@login_required
def data_centre_detail(request, code: str):
    dc = selectors.data_centre_get_for_user(user=request.user, code=code)
    statement_form = StatementForm(prefix="statement")
    credential_form = CredentialForm(prefix="credential")
    own = selectors.data_centre_of_user(user=request.user) == dc
    sacct_form = SacctForm(prefix="sacct")
    if request.method == "POST" and request.POST.get("action") == "sacct":
        if not own:
            raise PermissionDenied(_("Only the data centre reports its usage."))
        sacct_form = SacctForm(request.POST, request.FILES, prefix="sacct")
        if sacct_form.is_valid():
            progress = _sacct_import_start(request, dc, sacct_form.cleaned_data["file"])
            if request.htmx:
                return render(
                    request, "compute/_sacct_progress.html", {"progress": progress, "dc": dc}
                )
            return redirect("task-progress", key=progress.key)
    elif request.method == "POST" and request.POST.get("action") == "credential":
        if not (own or request.user.may_act_as_staff):
            raise PermissionDenied(_("Only the data centre or programme staff may do this."))
        credential_form = CredentialForm(request.POST, prefix="credential")
        if credential_form.is_valid():
            try:
                credential_add(
                    actor=request.user,
                    data_centre=dc,
                    kind=credential_form.cleaned_data["kind"],
                    raw=credential_form.cleaned_data["credential"],
                )
            except DomainError as exc:
                credential_form.add_error("credential", exc.message)
            else:
                evidence_verify(actor=request.user, data_centre=dc)
                messages.success(request, _("The credential was stored and the evidence verified."))
                return redirect("compute:data_centre", code=dc.code)
    elif request.method == "POST":
        _acting_staff_only(request.user)
        if request.POST.get("action") == "verify":
            verification = evidence_verify(actor=request.user, data_centre=dc)
            messages.success(
                request,
                _("Evidence verified: %(status)s.") % {"status": dc.get_evidence_status_display()}
                if verification.passed
                else _("Evidence verification failed."),
            )
            return redirect("compute:data_centre", code=dc.code)
        statement_form = StatementForm(request.POST, prefix="statement")
        if statement_form.is_valid():
            try:
                statement = statement_create(
                    actor=request.user,
                    data_centre=dc,
                    period_start=statement_form.cleaned_data["period_start"],
                    period_end=statement_form.cleaned_data["period_end"],
                )
            except DomainError as exc:
                domain_error_show(request, exc, form=statement_form)
            else:
                if request.htmx:
                    # The form was sent by htmx (it shows "working…" meanwhile): go to
                    # the new statement as a whole page.
                    return HttpResponseClientRedirect(
                        reverse("compute:statement", kwargs={"pk": statement.pk})
                    )
                return redirect("compute:statement", pk=statement.pk)
    verification = dc.verifications.first()
    result = _sacct_result(request) if request.method == "GET" else None
    return render(
        request,
        "compute/data_centre.html",
        {
            "dc": dc,
            "verification": verification,
            "checks": [check_shown(c) for c in verification.checks] if verification else [],
            "import_result": _result_shown(result)
            if result and result["data_centre"] == dc.pk
            else None,
            "prices": selectors.current_prices(data_centre=dc),
            "vouchers": selectors.vouchers_redeemable_at(data_centre=dc).select_related(
                "organisation"
            ),
            "statements": dc.statements.all()[:50],
            "batches": dc.batches.all()[:20],
            "statement_form": statement_form,
            "credential_form": credential_form,
            "sacct_form": sacct_form,
            "is_own": own,
            "may_upload": own or request.user.may_act_as_staff,
            "may_act": request.user.may_act_as_staff,
            "consent_form": SelfBillingConsentForm(
                initial={"consent": dc.self_billing_consent}, prefix="self-billing"
            )
            if own
            else None,
        },
    )


@login_required
@require_POST
def data_centre_self_billing(request, code: str):
    """The data centre gives or withdraws its consent to self-billing invoices."""
    dc = selectors.data_centre_get_for_user(user=request.user, code=code)
    form = SelfBillingConsentForm(request.POST, prefix="self-billing")
    consent = form.is_valid() and form.cleaned_data["consent"]
    service_run(
        request,
        lambda: data_centre_self_billing_consent_set(
            actor=request.user, data_centre=dc, consent=consent
        ),
        success=_("Consent to self-billing invoices given.")
        if consent
        else _("Consent to self-billing invoices withdrawn."),
        forbidden_page=True,
    )
    return redirect("compute:data_centre", code=dc.code)


@login_required
def statement_detail(request, pk: int):
    """The statement, record by record; once approved, the data centre invoices it here
    (its e-invoice, matched line by line) and everybody who may see it sees the invoice
    with its rule check."""
    statement = selectors.statement_get_for_user(user=request.user, pk=pk)
    own = selectors.data_centre_of_user(user=request.user) == statement.data_centre
    awaiting = statement.status == SettlementStatement.Status.APPROVED and statement.total > 0
    form = SettlementInvoiceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not (own and awaiting):
            raise PermissionDenied(_("Only the data centre invoices its approved statements."))
        if form.is_valid() and service_run(
            request,
            lambda: _statement_invoice_submit(request, statement, form.cleaned_data["invoice"]),
            success=_("The invoice was accepted; the payout is queued for SEPA."),
            form=form,
        ):
            return redirect("compute:statement", pk=pk)
    page = Paginator(
        statement.records.select_related("voucher__organisation", "reverses").order_by("end", "pk"),
        200,
    ).get_page(request.GET.get("page"))
    invoice = getattr(statement, "invoice", None)
    return render(
        request,
        "compute/statement.html",
        {
            "statement": statement,
            "page": page,
            "may_approve": request.user.may_act_as_staff
            and statement.status == SettlementStatement.Status.DRAFT,
            "invoice": invoice,
            "awaiting_invoice": awaiting,
            "invoice_form": form if own and awaiting else None,
            "invoice_lines": statement_lines(statement) if awaiting else [],
        },
    )


def _statement_invoice_submit(request, statement, upload):
    checked = upload_check(upload, allowed=(XML,))
    return settlement_invoice_submit(
        actor=request.user, statement=statement, xml=checked.content, name=checked.original_name
    )


@login_required
def statement_invoice_file(request, pk: int):
    """The stored invoice of a statement, for those who may see the statement."""
    return selectors.settlement_invoice_get_for_user(user=request.user, pk=pk).response()


@login_required
@require_POST
def statement_approve_view(request, pk: int):
    statement = selectors.statement_get_for_user(user=request.user, pk=pk)
    statement_approve(actor=request.user, statement=statement)
    messages.success(request, _("The statement was approved; the data centre can now invoice it."))
    return redirect("compute:statement", pk=pk)


class _Echo:
    def write(self, value):
        return value


@login_required
def statement_csv(request, pk: int):
    statement = selectors.statement_get_for_user(user=request.user, pk=pk)
    writer = csv_writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in statement_csv_rows(statement)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"statement-{statement.data_centre.code}-{statement.period_start}-{statement.period_end}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def final_report(request, pk: int):
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    form = FinalReportForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and service_run(
            request,
            lambda: final_report_submit(
                actor=request.user, report=report, text=form.cleaned_data["text"]
            ),
            success=_("Thank you, your final report was submitted."),
            form=form,
            forbidden_page=True,
        )
    ):
        return redirect("compute:voucher", code=report.voucher.code)
    is_company = selectors.final_report_is_own(user=request.user, report=report)
    return render(
        request,
        "compute/report.html",
        {
            "report": report,
            "form": form,
            "may_submit": is_company and report.status == FinalReport.Status.DUE,
        },
    )
