"""The people of an organisation: invitations, roles, leaving. All audited.

Rules:
- Owners invite by e-mail with a role (`invitation_create`). The mail carries a link
  signed with the secret key (salt INVITATION_SALT) that expires after
  KIVOUCHER_INVITATION_DAYS and works once; only the SHA-256 of its random part is
  stored. It is accepted (`invitation_accept`) by a signed-in person whose e-mail
  address is the invited one; an expired, used or revoked link, or another person,
  changes nothing. Owners revoke pending invitations (`invitation_revoke`).
- Owners change roles, remove members and hand over ownership; members leave. An
  organisation with members never has zero owners (every change that would leave
  none is refused), and its last owner cannot leave while it has open matters
  (`selectors.organisation_open_matters`: open applications, usable vouchers).
- Every change of one organisation's memberships holds its row lock, so two owners
  demoting each other at once cannot leave it without an owner.
- When a membership ends, every API token of that person is revoked
  (`core.tokens.api_tokens_revoke_all`): a token acts with all of its user's
  memberships, so none outlives the one that ended.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.site import absolute_url
from kivoucher.core.tokens import api_tokens_revoke_all
from kivoucher.organizations.models import Invitation, Membership, Organisation
from kivoucher.organizations.notifications import invitation_mail
from kivoucher.organizations.registration import person_role_check, person_role_set
from kivoucher.organizations.selectors import membership_owner_check, organisation_open_matters
from kivoucher.organizations.services import membership_add

INVITATION_SALT = "kivoucher.organizations.invitation"
R = Membership.Role


class InvitationUnusable(DomainError):
    """The link is invalid, expired, used or revoked (410: it will not work again)."""

    status = 410
    code = "invitation_unusable"


class LastOwner(Conflict):
    code = "last_owner"


def invitation_lifetime() -> timedelta:
    return timedelta(days=settings.KIVOUCHER_INVITATION_DAYS)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _role_check(role: str) -> None:
    if role not in R.values:
        raise DomainError(
            _("Unknown role %(role)s: choose owner, signatory or member.") % {"role": role},
            code="invalid_role",
        )


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _owners(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=R.OWNER).count()


# --- invitations ------------------------------------------------------------------------
def invitation_path(token: str) -> str:
    return reverse("organisation-invitation", args=[token])


def invitation_create(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite `email` with `role`; returns the invitation and its token (the token is
    only ever in the mail). Inviting an address again replaces its pending invitation."""
    membership_owner_check(actor=actor, organisation=organisation)
    _role_check(role)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("%(email)s is not a valid e-mail address.") % {"email": email},
            code="invalid_email",
        ) from None
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise Conflict(
            _("The person with this e-mail address is already a member."), code="already_member"
        )
    key = secrets.token_urlsafe(24)
    with transaction.atomic():
        _lock(organisation)
        membership_owner_check(actor=actor, organisation=organisation)
        now = timezone.now()
        earlier = Invitation.objects.select_for_update().filter(
            organisation=organisation, email__iexact=email, status=Invitation.Status.PENDING
        )
        for old in earlier.order_by("pk"):
            _invitation_close(old, actor=actor, status=Invitation.Status.REVOKED, reason="resent")
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            key_hash=_key_hash(key),
            invited_by=actor,
            expires_at=now + invitation_lifetime(),
        )
        audit_record(
            actor=actor,
            action="invitation.create",
            obj=invitation,
            new_state=invitation.status,
            data={"organisation": organisation.pk, "email": email, "role": role},
        )
        token = signing.dumps({"i": invitation.pk, "k": key}, salt=INVITATION_SALT)
        invitation_mail(invitation=invitation, link=absolute_url(invitation_path(token)))
    return invitation, token


def _invitation_close(invitation: Invitation, *, actor, status: str, reason: str = "") -> None:
    old = invitation.status
    invitation.status = status
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at", "accepted_by"])
    audit_record(
        actor=actor,
        action=f"invitation.{status}",
        obj=invitation,
        old_state=old,
        new_state=status,
        reason=reason,
    )


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """An owner withdraws a pending invitation; its link no longer works."""
    membership_owner_check(actor=actor, organisation=invitation.organisation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.PENDING:
            raise Conflict(
                _("This invitation is already %(status)s.")
                % {"status": invitation.get_status_display()},
                code="invalid_transition",
            )
        _invitation_close(invitation, actor=actor, status=Invitation.Status.REVOKED)
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link stands for, if it can still be accepted; otherwise
    InvitationUnusable with the reason for the person who opened it."""
    max_age = invitation_lifetime().total_seconds()
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
        invitation = Invitation.objects.select_related("organisation", "invited_by").get(
            pk=int(payload["i"]), key_hash=_key_hash(str(payload["k"]))
        )
    except signing.SignatureExpired:
        raise InvitationUnusable(
            _("This invitation has expired. Ask the organisation for a new one.")
        ) from None
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError, ValueError):
        raise InvitationUnusable(
            _("This invitation link is not valid. Check that you opened the whole link.")
        ) from None
    return _usable(invitation)


def _usable(invitation: Invitation) -> Invitation:
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationUnusable(
            _("This invitation has already been used; a link works only once.")
        )
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationUnusable(_("This invitation was withdrawn by the organisation."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(
            _("This invitation has expired. Ask the organisation for a new one.")
        )
    return invitation


def invitation_email_matches(*, invitation: Invitation, user: User) -> bool:
    return bool(user.email) and user.email.strip().casefold() == invitation.email.casefold()


def invitation_accept(*, actor: User, token: str) -> Membership:
    """The signed-in person joins with the invited role, if the invitation is theirs."""
    invitation = invitation_for_token(token)
    if not invitation_email_matches(invitation=invitation, user=actor):
        raise PermissionDenied(
            _(
                "This invitation was sent to another e-mail address. Sign in with the "
                "account of the invited address, or ask for an invitation to yours."
            ),
            code="invitation_other_email",
        )
    organisation = invitation.organisation
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise Conflict(_("You are already a member of this organisation."), code="already_member")
    with transaction.atomic():
        _lock(organisation)
        invitation = _usable(Invitation.objects.select_for_update().get(pk=invitation.pk))
        platform_role = person_role_check(user=actor, organisation=organisation)
        person_role_set(actor=actor, user=actor, role=platform_role)
        membership = membership_add(
            actor=actor,
            user=actor,
            organisation=organisation,
            role=invitation.role,
            via="invitation",
        )
        invitation.accepted_by = actor
        _invitation_close(invitation, actor=actor, status=Invitation.Status.ACCEPTED)
    return membership


# --- roles ------------------------------------------------------------------------------
def membership_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    """An owner gives a member another role; the last owner stays an owner."""
    _role_check(role)
    with transaction.atomic():
        _lock(membership.organisation)
        # Checked under the organisation's lock: an owner demoted a moment ago no
        # longer acts as one.
        membership_owner_check(actor=actor, organisation=membership.organisation)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        if membership.role == R.OWNER and _owners(membership.organisation) == 1:
            raise LastOwner(
                _(
                    "An organisation always keeps an owner: make another member owner "
                    "first, then change this role."
                )
            )
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="membership.role",
            obj=membership,
            old_state=old,
            new_state=role,
            data={"user": membership.user_id, "organisation": membership.organisation_id},
        )
    return membership


def ownership_hand_over(
    *, actor: User, organisation: Organisation, to: Membership, keep: str = R.SIGNATORY
) -> Membership:
    """An owner makes member `to` owner and keeps role `keep` themselves."""
    membership_owner_check(actor=actor, organisation=organisation)
    _role_check(keep)
    if to.organisation_id != organisation.pk:
        raise DomainError(_("Choose a member of this organisation."), code="invalid_member")
    if to.user_id == actor.pk:
        raise DomainError(_("Choose another member."), code="invalid_member")
    with transaction.atomic():
        membership_role_change(actor=actor, membership=to, role=R.OWNER)
        mine = Membership.objects.filter(user=actor, organisation=organisation).first()
        if mine is not None and keep != R.OWNER:
            membership_role_change(actor=actor, membership=mine, role=keep)
    to.refresh_from_db()
    return to


# --- ending a membership ---------------------------------------------------------------
def _end(membership: Membership, *, actor, action: str, reason: str) -> None:
    user = membership.user
    data = {"user": user.pk, "organisation": membership.organisation_id, "role": membership.role}
    audit_record(actor=actor, action=action, obj=membership, old_state=membership.role, data=data)
    membership.delete()
    api_tokens_revoke_all(user=user, actor=actor, reason=reason)


def membership_remove(*, actor: User, membership: Membership) -> None:
    """An owner removes a member (themselves: `membership_leave`)."""
    if membership.user_id == actor.pk:
        membership_leave(actor=actor, organisation=membership.organisation)
        return
    with transaction.atomic():
        _lock(membership.organisation)
        membership_owner_check(actor=actor, organisation=membership.organisation)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == R.OWNER and _owners(membership.organisation) == 1:
            raise LastOwner(
                _("The last owner cannot be removed: an organisation always keeps an owner.")
            )
        _end(
            membership,
            actor=actor,
            action="membership.remove",
            reason=f"removed from organisation {membership.organisation_id}",
        )


def membership_leave_refusal(*, user: User, organisation: Organisation) -> str | None:
    """Why `user` cannot leave `organisation` now, or None (for pages and the service)."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        return _("You are not a member of this organisation.")
    if membership.role != R.OWNER or _owners(organisation) > 1:
        return None
    if Membership.objects.filter(organisation=organisation).exclude(pk=membership.pk).exists():
        return _("You are the last owner: hand over ownership to another member before you leave.")
    matters = organisation_open_matters(organisation=organisation)
    if matters:
        return _(
            "You are the last owner and %(name)s still has open matters: %(matters)s. "
            "You can leave once they are closed."
        ) % {"name": organisation.name, "matters": "; ".join(matters)}
    return None


def membership_leave(*, actor: User, organisation: Organisation) -> None:
    """A member leaves. The last owner leaves only an organisation without other members
    and without open matters (it then has no people; its records stay)."""
    with transaction.atomic():
        _lock(organisation)
        membership = (
            Membership.objects.select_for_update()
            .filter(user=actor, organisation=organisation)
            .first()
        )
        if membership is None:
            raise NotFound(_("You are not a member of this organisation."))
        refusal = membership_leave_refusal(user=actor, organisation=organisation)
        if refusal:
            raise LastOwner(refusal)
        _end(
            membership,
            actor=actor,
            action="membership.leave",
            reason=f"left organisation {organisation.pk}",
        )
