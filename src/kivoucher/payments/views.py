"""Pages of changes of bank details (the organisation's bank-details page with the
confirm/reject buttons, the staff's list of changes that wait) and the staff's payout
pages: the release queue, SEPA batches with their history, bank statements."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from kivoucher.core.audit import audit_history
from kivoucher.core.errors import DomainError, NotFound, PermissionDenied
from kivoucher.core.progress import progress_get_for_user, progress_start
from kivoucher.core.web import service_run
from kivoucher.core.workflow import FourEyesViolation
from kivoucher.organizations.selectors import organisation_get_for_user
from kivoucher.payments.models import BankDetailsChange, Payout
from kivoucher.payments.selectors import (
    bank_details_change_get_for_user,
    bank_details_changes_for_user,
    batch_get_for_user,
    batches_for_user,
    payout_get_for_user,
    payouts_for_user,
    statement_entries_for_user,
)
from kivoucher.payments.services import (
    RELEASERS,
    bank_details_change_confirm,
    bank_details_change_may_decide,
    bank_details_change_reject,
    payout_cancel,
    payout_may_release,
    payout_prepare_again,
    payout_release,
    sepa_batch_create,
    sepa_batch_discard,
    sepa_batch_export,
    sepa_batch_mark_paid,
    sepa_batch_take_out,
)
from kivoucher.payments.tasks import (
    bank_statement_import_task,
    statement_report_load,
    statement_upload_name,
)


@login_required
def bank_details(request, pk: int):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    changes = list(
        bank_details_changes_for_user(user=request.user).filter(organisation=organisation)[:50]
    )
    pending = next((c for c in changes if c.status == BankDetailsChange.Status.PENDING), None)
    payouts = (
        payouts_for_user(user=request.user)
        .filter(beneficiary=organisation, status__in=Payout.OPEN)
        .order_by("pk")
    )
    return render(
        request,
        "payments/bank_details.html",
        {
            "organisation": organisation,
            "changes": changes,
            "pending": pending,
            "may_decide": bool(pending)
            and bank_details_change_may_decide(actor=request.user, change=pending),
            "may_withdraw": bool(pending) and pending.requested_by_id == request.user.pk,
            "payouts": payouts,
        },
    )


@login_required
def bank_details_changes(request):
    if not request.user.sees_everything:
        raise PermissionDenied(_("Only programme staff see every change of bank details."))
    changes = (
        bank_details_changes_for_user(user=request.user)
        .filter(status=BankDetailsChange.Status.PENDING)
        .order_by("requested_at", "pk")
    )
    return render(request, "payments/bank_details_changes.html", {"changes": changes[:500]})


@login_required
@require_POST
def bank_details_confirm(request, pk: int):
    change = bank_details_change_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: bank_details_change_confirm(actor=request.user, change=change),
        success=_("The new bank details apply; held payouts go to the new account."),
        forbidden_page=True,
    )
    return redirect("payments:bank_details", pk=change.organisation_id)


@login_required
@require_POST
def bank_details_reject(request, pk: int):
    change = bank_details_change_get_for_user(user=request.user, pk=pk)
    service_run(
        request,
        lambda: bank_details_change_reject(
            actor=request.user, change=change, note=request.POST.get("note", "")
        ),
        success=_("The change was rejected; the previous bank details stay."),
        forbidden_page=True,
    )
    return redirect("payments:bank_details", pk=change.organisation_id)


# --- payouts: the release queue, SEPA batches and bank statements (programme staff) ---
def _staff_reads(request) -> None:
    if not request.user.sees_everything:
        raise PermissionDenied(_("Only programme staff see the payouts of the programme."))


def _staff_acts(request) -> None:
    if not request.user.may_act_as_staff:
        raise PermissionDenied(_("Only programme staff may do this."))


@login_required
def payouts(request):
    """The release queue (prepared payouts, with who prepared them), the released ones
    waiting for a batch, the returned ones, and the batches with their history."""
    _staff_reads(request)
    everything = payouts_for_user(user=request.user)
    prepared = list(everything.filter(status=Payout.Status.PREPARED).order_by("created_at", "pk"))
    for payout in prepared:
        payout.may_release = payout_may_release(actor=request.user, payout=payout)
        payout.mine = payout.prepared_by_id == request.user.pk
    return render(
        request,
        "payments/payouts.html",
        {
            "prepared": prepared,
            "released": everything.filter(status=Payout.Status.RELEASED).order_by("pk")[:500],
            "returned": everything.filter(status=Payout.Status.RETURNED).order_by("pk")[:500],
            "exported": everything.filter(status=Payout.Status.EXPORTED).order_by("pk")[:500],
            "batches": batches_for_user(user=request.user)[:50],
            "may_act": request.user.may_act_as_staff,
            "may_release": request.user.role in RELEASERS,
        },
    )


@login_required
@require_POST
def payout_release_view(request, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    if request.user.role not in RELEASERS:
        raise PermissionDenied(_("Only approvers and programme admins release payouts."))
    try:
        payout_release(actor=request.user, payout=payout)
    except FourEyesViolation as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        if isinstance(exc, PermissionDenied):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The payout is released for the next SEPA batch."))
    return redirect("payments:payouts")


@login_required
@require_POST
def payout_cancel_view(request, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    _staff_acts(request)
    service_run(
        request,
        lambda: payout_cancel(
            actor=request.user, payout=payout, reason=request.POST.get("reason", "")
        ),
        success=_("The payout is cancelled; the money went back to its account."),
        forbidden_page=True,
    )
    return redirect("payments:payouts")


@login_required
@require_POST
def payout_prepare_again_view(request, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    _staff_acts(request)
    service_run(
        request,
        lambda: payout_prepare_again(actor=request.user, payout=payout),
        success=_("The payout is prepared again to the new bank details; it awaits release."),
        forbidden_page=True,
    )
    return redirect("payments:payouts")


@login_required
@require_POST
def batch_create(request):
    _staff_acts(request)
    hold = request.POST.get("hold") == "1"
    outcome = service_run(
        request,
        lambda: sepa_batch_create(actor=request.user, hold=hold),
        forbidden_page=True,
    )
    if outcome.ok and outcome.result is None:
        messages.info(request, _("No released payouts wait for a batch."))
    elif outcome.ok:
        batch = outcome.result
        messages.success(
            request,
            (_("Batch %(id)s is built and held back.") if hold else _("Batch %(id)s is exported."))
            % {"id": batch.message_id},
        )
        return redirect("payments:batch", batch_id=batch.pk)
    return redirect("payments:payouts")


@login_required
def batch_detail(request, batch_id: int):
    batch = batch_get_for_user(user=request.user, pk=batch_id)
    history = audit_history(batch).select_related("actor")
    return render(
        request,
        "payments/batch.html",
        {
            "batch": batch,
            "payouts": batch.payouts.select_related("prepared_by", "released_by").order_by("pk"),
            "history": history,
            "may_act": request.user.may_act_as_staff,
        },
    )


@login_required
def batch_xml(request, batch_id: int):
    batch = batch_get_for_user(user=request.user, pk=batch_id)
    if not batch.xml:
        raise NotFound(_("The batch has not been exported."))
    response = HttpResponse(batch.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pain001-{batch.message_id}.xml"'
    return response


def _batch_action(request, batch_id: int, call, success: str):
    batch = batch_get_for_user(user=request.user, pk=batch_id)
    _staff_acts(request)
    service_run(request, lambda: call(batch), success=success, forbidden_page=True)
    return redirect("payments:batch", batch_id=batch.pk)


@login_required
@require_POST
def batch_export(request, batch_id: int):
    return _batch_action(
        request,
        batch_id,
        lambda batch: sepa_batch_export(actor=request.user, batch=batch),
        _("The batch is exported; download the pain.001 file for the bank."),
    )


@login_required
@require_POST
def batch_discard(request, batch_id: int):
    return _batch_action(
        request,
        batch_id,
        lambda batch: sepa_batch_discard(
            actor=request.user, batch=batch, reason=request.POST.get("reason", "")
        ),
        _("The batch is discarded; its payouts wait for the next batch."),
    )


@login_required
@require_POST
def batch_mark_paid(request, batch_id: int):
    return _batch_action(
        request,
        batch_id,
        lambda batch: sepa_batch_mark_paid(actor=request.user, batch=batch),
        _("The batch is marked paid."),
    )


@login_required
@require_POST
def batch_take_out(request, batch_id: int, payout_id: int):
    payout = payout_get_for_user(user=request.user, pk=payout_id)
    return _batch_action(
        request,
        batch_id,
        lambda batch: sepa_batch_take_out(actor=request.user, batch=batch, payout=payout),
        _("The payout is taken out of the batch; it stays released."),
    )


@login_required
def bank_statements(request):
    """Import a camt.053 statement (acting staff) and the entries imported so far.
    The import runs in a worker (kivoucher.payments.tasks); the page follows its
    progress and then shows its results table (`?import=<progress key>`)."""
    entries = statement_entries_for_user(user=request.user)
    report = None
    if request.method == "POST":
        _staff_acts(request)
        upload = request.FILES.get("statement")
        if upload is None:
            messages.error(request, _("Choose a camt.053 file."))
        elif upload.size > settings.KIVOUCHER_MAX_UPLOAD_BYTES:
            messages.error(request, _("The statement is too large."))
        else:
            progress = progress_start(user=request.user, message=_("Waiting for a worker …"))
            stored_name = default_storage.save(statement_upload_name(progress.key), upload)
            bank_statement_import_task.enqueue(
                actor_id=request.user.pk,
                stored_name=stored_name,
                progress_key=progress.key,
                language=translation.get_language(),
            )
            progress.refresh_from_db()  # the immediate backend has run it already
            if request.htmx:
                return render(request, "payments/_statement_progress.html", {"progress": progress})
            return redirect("task-progress", key=progress.key)
        if request.htmx:  # the message shows on the page anew, above the form
            return HttpResponseClientRedirect(reverse("payments:bank_statements"))
    elif key := request.GET.get("import", ""):
        progress = progress_get_for_user(user=request.user, key=key)  # NotFound: 404
        report = statement_report_load(progress.key)
    return render(
        request,
        "payments/bank_statements.html",
        {"report": report, "entries": entries[:200], "may_act": request.user.may_act_as_staff},
    )
