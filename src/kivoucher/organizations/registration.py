"""Organisations register themselves; a company is registered once.

`organisation_register`: a signed-in person registers their company (or their AI
provider, data centre, or line III buyer) and becomes its owner. The same company
cannot be registered twice: the same register court and number, or the same VAT ID
(both normalised), is refused with `organisation_exists` and the person may ask to
join instead (`join_request_create`); an owner accepts or declines
(`join_request_decide`). The answer says only that the company is registered, never
which organisation or who its people are.

Registering does not make an organisation able to do more than its kind's staff steps
allow: a provider is in the directory and can be chosen only once staff accredited it
(providers), a data centre redeems vouchers and reports usage only once staff onboarded
it (compute `DataCentre`), and a buyer's purchase counts only once staff confirmed its
payment (presale). A company applies at once, as the programme intends; its
applications are reviewed by staff.

A person's platform role (core.User.role) follows the kind of the organisation they
register or join while they are member of none; a person already acting as one kind
joins another kind with a separate account, and programme staff join none.
"""

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.organizations.models import JoinRequest, Membership, Organisation
from kivoucher.organizations.notifications import join_request_decided_notify, join_request_notify
from kivoucher.organizations.selectors import (
    membership_owner_check,
    organisations_matching,
    owner_emails,
)
from kivoucher.organizations.services import _normalise, membership_add

K = Organisation.Kind
# The platform role of the people of an organisation of each kind that registers itself.
KIND_ROLES = {
    K.COMPANY: Role.APPLICANT,
    K.PROVIDER: Role.PROVIDER,
    K.DATA_CENTRE: Role.DC_OPERATOR,
    K.BUYER: Role.BUYER,
}
SELF_SERVICE_KINDS = tuple(KIND_ROLES)
# Held while registering, so two registrations of one company cannot both pass the
# duplicate check (PostgreSQL; SQLite runs one writing transaction at a time).
REGISTRATION_LOCK = 7413015


class OrganisationExists(Conflict):
    code = "organisation_exists"


def _registration_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRATION_LOCK])


def people_role(organisation: Organisation) -> str | None:
    """The platform role of `organisation`'s people: that of its first owner who acts
    for organisations (a buyer's people buy even when it is registered as a company),
    else the one of its kind; None for kinds run by the programme's staff."""
    owner = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if owner is not None and owner.user.acts_for_organisation:
        return owner.user.role
    return KIND_ROLES.get(organisation.kind)


def person_role_check(*, user: User, organisation: Organisation, role: str | None = None) -> str:
    """The platform role `user` takes on in `organisation` (`role`: its people's role),
    or PermissionDenied when the account cannot act for it."""
    role = role or people_role(organisation)
    if user.sees_everything or user.may_act_as_staff:
        raise PermissionDenied(
            _("Programme staff accounts cannot act for an organisation."), code="staff_account"
        )
    if role is None:
        raise PermissionDenied(
            _("The people of this organisation are registered by the programme's staff."),
            code="staff_managed",
        )
    if user.role != role and Membership.objects.filter(user=user).exists():
        raise PermissionDenied(
            _(
                "Your account acts as %(current)s; use a separate account for an "
                "organisation of another kind (%(wanted)s)."
            )
            % {"current": user.get_role_display(), "wanted": Role(role).label},
            code="role_mismatch",
        )
    return role


def person_role_set(*, actor, user: User, role: str) -> None:
    """Give `user` the platform role `role` (checked by `person_role_check`), audited."""
    if user.role == role:
        return
    old = user.role
    User.objects.filter(pk=user.pk).update(role=role)
    user.role = role
    audit_record(actor=actor, action="user.role", obj=user, old_state=old, new_state=role)


def _duplicate_refusal() -> OrganisationExists:
    return OrganisationExists(
        _(
            "This company is already registered on the platform (same register number or "
            "VAT ID). Ask to join it instead: its owners receive your request by e-mail "
            "and decide."
        )
    )


def organisation_register(*, actor: User, kind: str = K.COMPANY, **fields) -> Organisation:
    """Register an organisation with `actor` as its owner (see the module docstring)."""
    if kind not in SELF_SERVICE_KINDS:
        raise DomainError(
            _("This kind of organisation is registered by the programme's staff."),
            code="invalid_kind",
        )
    if not (fields.get("register_number") or fields.get("vat_id")):
        raise DomainError(
            _("Give the register court and number, the VAT ID, or both."),
            code="identifier_missing",
        )
    if fields.get("register_number") and not (fields.get("register_court") or "").strip():
        raise DomainError(
            _("Give the register court with the register number."), code="court_missing"
        )
    fields = _normalise(dict(fields))
    organisation = Organisation(kind=kind, **fields)
    organisation.full_clean()
    with transaction.atomic():
        _registration_lock()
        if organisations_matching(
            register_court=organisation.register_court,
            register_number=organisation.register_number,
            vat_id=organisation.vat_id,
        ):
            raise _duplicate_refusal()
        role = person_role_check(user=actor, organisation=organisation, role=KIND_ROLES[kind])
        organisation.save()
        audit_record(
            actor=actor,
            action="organisation.register",
            obj=organisation,
            new_state=organisation.kind,
            data={"name": organisation.name},
        )
        person_role_set(actor=actor, user=actor, role=role)
        membership_add(
            actor=actor,
            user=actor,
            organisation=organisation,
            role=Membership.Role.OWNER,
            via="registration",
        )
    return organisation


def join_request_create(
    *,
    actor: User,
    register_court: str = "",
    register_number: str = "",
    vat_id: str = "",
    message: str = "",
) -> JoinRequest:
    """Ask to join the registered company with this register number or VAT ID; its
    owners are told by mail. Asking again while a request waits changes nothing."""
    matches = organisations_matching(
        register_court=register_court, register_number=register_number, vat_id=vat_id
    )
    if not matches:
        raise DomainError(
            _(
                "No organisation with this register number or VAT ID is registered; you "
                "can register it yourself."
            ),
            code="organisation_unknown",
        )
    organisation = matches[0]
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise Conflict(_("You are already a member of this organisation."), code="already_member")
    person_role_check(user=actor, organisation=organisation)
    with transaction.atomic():
        pending = (
            JoinRequest.objects.select_for_update()
            .filter(organisation=organisation, user=actor, status=JoinRequest.Status.PENDING)
            .first()
        )
        if pending is not None:
            return pending
        join_request = JoinRequest.objects.create(
            organisation=organisation, user=actor, message=message.strip()[:2000]
        )
        audit_record(
            actor=actor,
            action="joinrequest.create",
            obj=join_request,
            new_state=join_request.status,
            data={"organisation": organisation.pk, "user": actor.pk},
        )
        join_request_notify(
            join_request=join_request,
            owners=owner_emails(organisation=organisation),
            path=reverse("organisation-members", args=[organisation.pk]),
        )
    return join_request


def join_request_decide(
    *,
    actor: User,
    join_request: JoinRequest,
    accept: bool,
    role: str = Membership.Role.MEMBER,
) -> JoinRequest:
    """An owner lets the person in with `role`, or declines; the person is told."""
    organisation = join_request.organisation
    membership_owner_check(actor=actor, organisation=organisation)
    if role not in Membership.Role.values:
        raise DomainError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequest.Status.PENDING:
            raise Conflict(
                _("This request was already decided (%(status)s).")
                % {"status": join_request.get_status_display()},
                code="invalid_transition",
            )
        old = join_request.status
        if accept:
            user = join_request.user
            platform_role = person_role_check(user=user, organisation=organisation)
            person_role_set(actor=actor, user=user, role=platform_role)
            membership = membership_add(
                actor=actor, user=user, organisation=organisation, role=role, via="request"
            )
            join_request.status = JoinRequest.Status.ACCEPTED
            join_request.role = membership.role
        else:
            join_request.status = JoinRequest.Status.DECLINED
        join_request.decided_by = actor
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "role", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="joinrequest.decide",
            obj=join_request,
            old_state=old,
            new_state=join_request.status,
            data={"role": join_request.role},
        )
        join_request_decided_notify(
            join_request=join_request,
            path=reverse("organisation-detail", args=[organisation.pk]),
        )
    return join_request
