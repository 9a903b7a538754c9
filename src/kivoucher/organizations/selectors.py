"""Reads of organisations, with object-level access."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from kivoucher.core.errors import NotFound
from kivoucher.core.models import User
from kivoucher.organizations.models import Membership, Organisation, OwnershipLink

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
