"""Writes about accounts: a self-service sign-up, the staff role taken from the
directory at each single sign-on, and the deletion of one's own account (GDPR)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.accounts.models import Registration
from kivoucher.accounts.selectors import account_deletion_blockers
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict
from kivoucher.core.gdpr import user_anonymise
from kivoucher.core.models import User
from kivoucher.core.roles import STAFF_ROLES
from kivoucher.organizations.models import Membership


class LastOwnerWithOpenGrants(Conflict):
    code = "last_owner"


def registration_record(*, user: User) -> Registration:
    """Note that `user` signed up on their own (held back until the address is confirmed)."""
    with transaction.atomic():
        registration, _created = Registration.objects.get_or_create(user=user)
        audit_record(actor=user, action="user.signup", obj=user)
    return registration


def directory_role_apply(*, user: User, role: str) -> User:
    """Set the staff role the directory gave at this sign-on; audited (also when it
    stays the same: the audit log shows every single sign-on)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"not a staff role: {role}")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old = user.role
        if old != role:
            user.role = role
            user.save(update_fields=["role"])
        audit_record(
            actor=user,
            action="user.directory_sign_in",
            obj=user,
            old_state=old,
            new_state=role,
        )
    return user


def account_delete(*, user: User, actor: User) -> User:
    """Delete a person's account at their own request (GDPR Art. 17).

    The row stays so that financial records and the audit log keep their reference;
    the personal data go as after the retention period (`core.gdpr.user_anonymise`:
    names, e-mail, password, TOTP devices; API tokens are revoked), and with them the
    e-mail addresses, directory links and memberships. Sessions end with the password
    (Django checks each session against it) and the account is inactive. Refused while
    the person is the last owner of an organisation with running vouchers or purchases
    or with other members (who must not be left without an owner).
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        blockers = account_deletion_blockers(user=user)
        if blockers:
            names = ", ".join(b.organisation.name for b in blockers)
            raise LastOwnerWithOpenGrants(
                _(
                    "You are the last owner of %(names)s, which has running vouchers, "
                    "purchases or other members. Hand the ownership over to another member "
                    "first."
                )
                % {"names": names}
            )
        organisations = list(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        Membership.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Registration.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action="user.delete",
            obj=user,
            reason="deleted at the person's request",
            data={"organisations_left": sorted(organisations)},
        )
        user = user_anonymise(user=user)
    return user
