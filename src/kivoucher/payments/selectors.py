"""Reads of payouts and changes of bank details, with object-level access: staff see
all, an organisation's members those of their organisation."""

from django.db.models import Exists, OuterRef, QuerySet

from kivoucher.core.errors import NotFound, PermissionDenied
from kivoucher.core.models import User
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.payments.models import BankDetailsChange, BankStatementEntry, PaymentBatch, Payout


def _pending_changes() -> QuerySet[BankDetailsChange]:
    return BankDetailsChange.objects.filter(status=BankDetailsChange.Status.PENDING)


def payouts_with_hold(payouts: QuerySet[Payout]) -> QuerySet[Payout]:
    """`held`: a pending payout whose beneficiary's change of bank details awaits
    confirmation (it is not exported until then)."""
    return payouts.select_related("bank_details_change").annotate(
        held=Exists(_pending_changes().filter(organisation_id=OuterRef("beneficiary_id")))
    )


def payouts_for_user(*, user: User) -> QuerySet[Payout]:
    payouts = Payout.objects.select_related("prepared_by", "released_by", "beneficiary", "batch")
    if not user.sees_everything:
        payouts = payouts.filter(beneficiary_id__in=member_organisation_ids(user=user))
    return payouts_with_hold(payouts)


def payout_get_for_user(*, user: User, pk: int) -> Payout:
    payout = payouts_for_user(user=user).filter(pk=pk).first()
    if payout is None:
        raise NotFound("Payout not found.")
    return payout


def bank_details_changes_for_user(*, user: User) -> QuerySet[BankDetailsChange]:
    changes = BankDetailsChange.objects.select_related("organisation", "requested_by", "decided_by")
    if user.sees_everything:
        return changes
    return changes.filter(organisation_id__in=member_organisation_ids(user=user))


def bank_details_change_get_for_user(*, user: User, pk: int) -> BankDetailsChange:
    change = bank_details_changes_for_user(user=user).filter(pk=pk).first()
    if change is None:
        raise NotFound("Change of bank details not found.")
    return change


def bank_details_change_pending(*, organisation: Organisation) -> BankDetailsChange | None:
    return _pending_changes().filter(organisation=organisation).first()


def bank_details_changes_pending_count() -> int:
    return _pending_changes().count()


def _staff_reads_check(user: User) -> None:
    if not user.sees_everything:
        raise PermissionDenied("Only programme staff see the SEPA batches and bank statements.")


def batches_for_user(*, user: User) -> QuerySet[PaymentBatch]:
    """SEPA batches: programme staff (the auditor included) only."""
    _staff_reads_check(user)
    return PaymentBatch.objects.select_related("created_by", "exported_by").order_by(
        "-created_at", "-pk"
    )


def batch_get_for_user(*, user: User, pk: int) -> PaymentBatch:
    batch = batches_for_user(user=user).filter(pk=pk).first()
    if batch is None:
        raise NotFound("Batch not found.")
    return batch


def statement_entries_for_user(*, user: User) -> QuerySet[BankStatementEntry]:
    _staff_reads_check(user)
    return BankStatementEntry.objects.select_related("payout").order_by("-imported_at", "-pk")


def payouts_release_queue_count() -> int:
    return Payout.objects.filter(status=Payout.Status.PREPARED).count()
