"""Pages of changes of bank details: the organisation's bank-details page with the
confirm/reject buttons, and the staff's list of changes that wait."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kivoucher.core.errors import PermissionDenied
from kivoucher.core.web import service_run
from kivoucher.organizations.selectors import organisation_get_for_user
from kivoucher.payments.models import BankDetailsChange, Payout
from kivoucher.payments.selectors import (
    bank_details_change_get_for_user,
    bank_details_changes_for_user,
    payouts_for_user,
)
from kivoucher.payments.services import (
    bank_details_change_confirm,
    bank_details_change_may_decide,
    bank_details_change_reject,
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
        .filter(beneficiary=organisation, status__in=[Payout.Status.PENDING, Payout.Status.BATCHED])
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
