"""Reads about a person's own account: is their e-mail address still unconfirmed,
what keeps them from deleting the account."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from kivoucher.accounts.models import Registration
from kivoucher.organizations.members import membership_leave_refusal
from kivoucher.organizations.models import Membership, Organisation


def email_verification_pending(*, user) -> bool:
    """True for a person who signed up on their own and has no confirmed address yet."""
    if not user.is_authenticated or user.pk is None:
        return False
    if not Registration.objects.filter(user=user).exists():
        return False
    return not EmailAddress.objects.filter(user=user, verified=True).exists()


def directory_account_exists(*, user) -> bool:
    """True for a person who signs in through the agency's directory (single sign-on)."""
    return user.pk is not None and SocialAccount.objects.filter(user=user).exists()


def email_addresses_of(*, user) -> list[EmailAddress]:
    return list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))


@dataclass(frozen=True)
class DeletionBlocker:
    organisation: Organisation
    reason: str


def account_deletion_blockers(*, user) -> list[DeletionBlocker]:
    """The organisations `user` could not leave now, with the reason: deleting the
    account leaves them, so the rules of leaving hold (`organizations.members`: the last
    owner hands over to the other members first, and stays while the organisation has
    open matters such as running vouchers or purchases)."""
    blockers = []
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation__pk")
    )
    for membership in memberships:
        reason = membership_leave_refusal(user=user, organisation=membership.organisation)
        if reason:
            blockers.append(DeletionBlocker(membership.organisation, reason))
    return blockers
