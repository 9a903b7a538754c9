"""Reads about a person's own account: is their e-mail address still unconfirmed,
what keeps them from deleting the account."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from kivoucher.accounts.models import Registration
from kivoucher.applications.models import Voucher
from kivoucher.compute.models import ComputeVoucher
from kivoucher.organizations.models import Membership, Organisation
from kivoucher.presale.models import Purchase


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
    open_vouchers: int
    open_compute_vouchers: int
    open_purchases: int
    other_members: int


def _owner_role():
    """The owner role of a membership (every membership counts as owner where
    memberships have no roles)."""
    roles = getattr(Membership, "Role", None)
    return getattr(roles, "OWNER", None)


def organisations_left_without_owner(*, user) -> list[Organisation]:
    """The organisations whose only owner `user` is."""
    owner = _owner_role()
    mine = Membership.objects.filter(user=user)
    others = Membership.objects.exclude(user=user)
    if owner is not None:
        mine = mine.filter(role=owner)
        others = others.filter(role=owner)
    org_ids = set(mine.values_list("organisation_id", flat=True))
    covered = set(
        others.filter(organisation_id__in=org_ids)
        .filter(user__is_active=True)
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=org_ids - covered).order_by("name", "pk"))


def account_deletion_blockers(*, user) -> list[DeletionBlocker]:
    """Organisations whose last owner `user` is and that have running grants or
    purchases (somebody must answer for them) or other members (who would be left
    without an owner): the account cannot be deleted while one exists."""
    blockers = []
    for organisation in organisations_left_without_owner(user=user):
        vouchers = Voucher.objects.filter(
            application__organisation=organisation,
            status__in=[Voucher.Status.ACTIVE, Voucher.Status.REDEEMED],
        ).count()
        compute = ComputeVoucher.objects.filter(
            organisation=organisation, status=ComputeVoucher.Status.ACTIVE
        ).count()
        purchases = Purchase.objects.filter(buyer=organisation, status__in=Purchase.SOLD).count()
        others = Membership.objects.filter(organisation=organisation).exclude(user=user).count()
        if vouchers or compute or purchases or others:
            blockers.append(DeletionBlocker(organisation, vouchers, compute, purchases, others))
    return blockers
