"""Reads of organisations, with object-level access."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.registry import app_modules
from kivoucher.organizations.models import (
    SIGNING_ROLES,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OwnershipLink,
)
from kivoucher.organizations.validators import (
    normalise_register_number,
    normalise_vat_id,
    register_court_key,
)

LINKED_THRESHOLD = Decimal("50")
PARTNER_THRESHOLD = Decimal("25")


def member_organisation_ids(*, user: User) -> QuerySet:
    """The ids of the organisations `user` is a member of, as a subquery: filtering with
    `organisation_id__in=` it needs no join and no DISTINCT."""
    return Membership.objects.filter(user=user).values("organisation_id")


def organisations_for_user(*, user: User) -> QuerySet[Organisation]:
    """Staff see every organisation; everyone else only those they are members of."""
    if user.sees_everything:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def organisation_get_for_user(*, user: User, pk: int) -> Organisation:
    org = organisations_for_user(user=user).filter(pk=pk).first()
    if org is None:
        raise NotFound("Organisation not found.")
    return org


def organisation_of_user(*, user: User, kind: str | None = None) -> Organisation | None:
    """The organisation a user acts for (the first membership, of a kind if given)."""
    qs = Organisation.objects.filter(memberships__user=user).order_by("memberships__pk")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.first()


def _is_linked(link: OwnershipLink) -> bool:
    return link.controls or link.share_percent > LINKED_THRESHOLD


@dataclass
class EnterpriseGroup:
    """The enterprise with its linked (counted in full) and partner (pro rata) enterprises."""

    enterprise: Organisation
    linked: list[Organisation] = field(default_factory=list)
    partners: list[tuple[Organisation, Decimal]] = field(default_factory=list)

    @property
    def single_undertaking_ids(self) -> set[int]:
        return {self.enterprise.pk, *(o.pk for o in self.linked)}


def enterprise_group(*, organisation: Organisation) -> EnterpriseGroup:
    """Walk the ownership links up and down (Recommendation 2003/361/EC, Annex art. 3 and 6).

    Linked enterprises are the transitive closure over links with control; partner
    enterprises are those holding or held at 25-50 % by the enterprise or one of its
    linked enterprises, counted with that percentage.
    """
    links = list(
        OwnershipLink.objects.select_related("owner", "owned").filter(
            Q(share_percent__gte=PARTNER_THRESHOLD) | Q(controls=True)
        )
    )
    linked_ids = {organisation.pk}
    frontier = [organisation.pk]
    orgs = {organisation.pk: organisation}
    while frontier:
        current = frontier.pop()
        for link in links:
            if not _is_linked(link):
                continue
            for here, there in ((link.owner, link.owned), (link.owned, link.owner)):
                if here.pk == current and there.pk not in linked_ids:
                    linked_ids.add(there.pk)
                    orgs[there.pk] = there
                    frontier.append(there.pk)
    partners: dict[int, tuple[Organisation, Decimal]] = {}
    for link in links:
        if _is_linked(link):
            continue
        for here, there in ((link.owner, link.owned), (link.owned, link.owner)):
            if here.pk in linked_ids and there.pk not in linked_ids:
                share = link.share_percent
                if there.pk not in partners or partners[there.pk][1] < share:
                    partners[there.pk] = (there, share)
    return EnterpriseGroup(
        enterprise=organisation,
        linked=[orgs[i] for i in sorted(linked_ids - {organisation.pk})],
        partners=sorted(partners.values(), key=lambda p: p[0].pk),
    )


def single_undertaking_ids(*, organisation: Organisation) -> set[int]:
    """De-minimis counts linked enterprises together as one 'single undertaking'."""
    return enterprise_group(organisation=organisation).single_undertaking_ids


def organisations_are_linked(*, a: Organisation, b: Organisation) -> list[str]:
    """Reasons why two organisations are not independent (empty when they are)."""
    reasons = []
    if b.pk in single_undertaking_ids(organisation=a):
        reasons.append("ownership")
    else:
        direct = OwnershipLink.objects.filter(Q(owner=a, owned=b) | Q(owner=b, owned=a)).exists()
        if direct:
            reasons.append("ownership")
        else:
            shared_owner = (
                OwnershipLink.objects.filter(owned=a)
                .values("owner")
                .intersection(OwnershipLink.objects.filter(owned=b).values("owner"))
            )
            if shared_owner.exists():
                reasons.append("shared_owner")
    names_a = {d.name.strip().casefold() for d in a.directors.all()}
    names_b = {d.name.strip().casefold() for d in b.directors.all()}
    if names_a & names_b:
        reasons.append("shared_director")
    return reasons


def recipients_of(organisation: Organisation) -> list[str]:
    """The e-mail addresses of the organisation's members and its own, sorted, once each."""
    return sorted(
        {m.user.email for m in organisation.memberships.select_related("user") if m.user.email}
        | ({organisation.email} if organisation.email else set())
    )


# --- memberships and their roles ---------------------------------------------------
def membership_of(*, user, organisation: Organisation) -> Membership | None:
    """`user`'s membership of `organisation`, or None."""
    if not getattr(user, "pk", None):
        return None
    return Membership.objects.filter(user_id=user.pk, organisation_id=organisation.pk).first()


def membership_is_owner(*, user, organisation: Organisation) -> bool:
    membership = membership_of(user=user, organisation=organisation)
    return membership is not None and membership.role == Membership.Role.OWNER


def membership_may_sign(*, user, organisation: Organisation) -> bool:
    """Whether `user` may submit applications and make the binding declarations for
    `organisation`: its owners and signatories."""
    membership = membership_of(user=user, organisation=organisation)
    return membership is not None and membership.role in SIGNING_ROLES


def membership_signatory_check(*, actor, organisation: Organisation) -> None:
    """Refuse (403) a member of `organisation` who is neither owner nor signatory.

    For services that submit or declare on the organisation's behalf; the platform's
    own jobs (no actor) and acting programme staff are not members and pass."""
    if not getattr(actor, "pk", None) or getattr(actor, "may_act_as_staff", False):
        return
    if not membership_may_sign(user=actor, organisation=organisation):
        raise PermissionDenied(
            _(
                "Only owners and signatories of %(name)s may submit applications and make "
                "binding declarations for it. Ask an owner of your organisation to give you "
                "the signatory role; you can prepare the draft meanwhile."
            )
            % {"name": organisation.name},
            code="signatory_required",
        )


def membership_owner_check(*, actor, organisation: Organisation) -> None:
    """Refuse (403) anyone but the owners of `organisation` (acting staff pass)."""
    if getattr(actor, "may_act_as_staff", False):
        return
    if not membership_is_owner(user=actor, organisation=organisation):
        raise PermissionDenied(
            _("Only owners of %(name)s may do this.") % {"name": organisation.name},
            code="owner_required",
        )


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    """The memberships of `organisation` with their people, owners first."""
    order = {Membership.Role.OWNER: 0, Membership.Role.SIGNATORY: 1, Membership.Role.MEMBER: 2}
    rank = Case(
        *(When(role=role, then=Value(n)) for role, n in order.items()),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(rank=rank)
        .order_by("rank", "user__last_name", "user__username", "pk")
    )


def membership_get_for_user(*, user, organisation: Organisation, pk: int) -> Membership:
    """A membership of `organisation` (which `user` may see), else not found."""
    membership = (
        Membership.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    )
    if membership is None:
        raise NotFound(_("Member not found."))
    return membership


def owner_emails(*, organisation: Organisation) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


# --- the same company registered twice ---------------------------------------------
def organisations_matching(
    *, register_court: str = "", register_number: str = "", vat_id: str = ""
) -> list[Organisation]:
    """Registered organisations that are this company: the same court and register
    number, or the same VAT ID (both compared normalised)."""
    found: dict[int, Organisation] = {}
    if register_number:
        try:
            number = normalise_register_number(register_number)
        except ValidationError:  # an invalid number matches nothing
            number = ""
        court = register_court_key(register_court)
        if number:
            for org in Organisation.objects.filter(register_number__iexact=number):
                if register_court_key(org.register_court) == court:
                    found[org.pk] = org
    if vat_id:
        try:
            vat = normalise_vat_id(vat_id)
        except ValidationError:  # an invalid VAT ID matches nothing
            vat = ""
        if vat:
            for org in Organisation.objects.filter(vat_id__iexact=vat):
                found[org.pk] = org
    return [found[pk] for pk in sorted(found)]


# --- invitations and join requests ----------------------------------------------------
def invitations_pending(*, organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations that can still be accepted (pending and not expired)."""
    return Invitation.objects.filter(
        organisation=organisation,
        status=Invitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def join_requests_pending(*, organisation: Organisation) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        organisation=organisation, status=JoinRequest.Status.PENDING
    ).select_related("user")


def join_requests_of(*, user) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user).select_related("organisation")


# --- what keeps the last owner in -------------------------------------------------------
OPEN_MATTERS_CONTRIBUTION = "organisation_open_matters"


def organisation_open_matters(*, organisation: Organisation) -> list[str]:
    """What `organisation` still has open (open applications, usable vouchers, ...), as
    sentences for a person: each app names its own in its `gdpr` module
    (`organisation_open_matters(organisation) -> list[str]`). While any is open, its
    last owner cannot leave it (nor delete their account)."""
    matters: list[str] = []
    for module in app_modules("gdpr"):
        contribution = getattr(module, OPEN_MATTERS_CONTRIBUTION, None)
        if contribution is not None:
            matters.extend(contribution(organisation))
    return matters
