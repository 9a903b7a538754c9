"""Reads of payouts and changes of bank details, with object-level access: staff see
all, an organisation's members those of their organisation."""

from django.db.models import Exists, OuterRef, QuerySet

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.organizations.models import Organisation
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.payments.models import BankDetailsChange, Payout


def _pending_changes() -> QuerySet[BankDetailsChange]:
    return BankDetailsChange.objects.filter(status=BankDetailsChange.Status.PENDING)


def payouts_with_hold(payouts: QuerySet[Payout]) -> QuerySet[Payout]:
    """`held`: a pending payout whose beneficiary's change of bank details awaits
    confirmation (it is not exported until then)."""
    return payouts.select_related("bank_details_change").annotate(
        held=Exists(_pending_changes().filter(organisation_id=OuterRef("beneficiary_id")))
    )


def payouts_for_user(*, user: User) -> QuerySet[Payout]:
    payouts = Payout.objects.all()
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
