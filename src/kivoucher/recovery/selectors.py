"""Reads of recovery cases and receivables: staff see all, an organisation's members
those of their organisation (others: not found)."""

from django.db.models import QuerySet

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.organizations.selectors import member_organisation_ids
from kivoucher.recovery.models import Receivable, RecoveryCase


def recovery_cases_for_user(*, user: User) -> QuerySet[RecoveryCase]:
    cases = RecoveryCase.objects.select_related("organisation", "receivable", "objection")
    if user.sees_everything:
        return cases
    return cases.filter(organisation_id__in=member_organisation_ids(user=user))


def recovery_case_get_for_user(*, user: User, pk: int) -> RecoveryCase:
    case = recovery_cases_for_user(user=user).filter(pk=pk).first()
    if case is None:
        raise NotFound("Recovery case not found.")
    return case


def receivables_for_user(*, user: User) -> QuerySet[Receivable]:
    receivables = Receivable.objects.select_related("organisation")
    if user.sees_everything:
        return receivables
    return receivables.filter(organisation_id__in=member_organisation_ids(user=user))
