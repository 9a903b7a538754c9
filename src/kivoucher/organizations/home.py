from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.organizations.models import JoinRequest, Membership, Organisation


def nav(user) -> list[NavItem]:
    entries = [NavItem(80, _("My data"), reverse("personal-data"))]
    if user.acts_for_organisation:
        entries.append(NavItem(10, _("My organisation"), reverse("organisation-list")))
    return entries


def _join_requests_item(org) -> HomeItem:
    n = org.waiting
    return HomeItem(
        title=ngettext(
            "%(n)s person asks to join %(name)s",
            "%(n)s people ask to join %(name)s",
            n,
        )
        % {"n": n, "name": org.name},
        url=reverse("organisation-members", args=[org.pk]),
        count=n,
        urgent=True,
    )


def items(user) -> list[HomeItem]:
    """Per organisation of the user: its data to complete (or its page), and requests to
    join waiting for its owners; for someone without one, the way to register. One
    query."""
    result = []
    if not user.acts_for_organisation:
        return result
    mine = (
        Organisation.objects.filter(memberships__user=user)
        .annotate(
            my_role=F("memberships__role"),
            waiting=Count(
                "join_requests",
                filter=Q(join_requests__status=JoinRequest.Status.PENDING),
                distinct=True,
            ),
        )
        .order_by("name")
        .only("name", "vat_id", "iban", "federal_state")
    )
    organisations = list(mine)
    if not organisations:
        return [
            HomeItem(
                title=_("Register your organisation"),
                url=reverse("organisation-register"),
                detail=_(
                    "Register your company (or provider, data centre, buyer), or ask to join "
                    "one that is registered already."
                ),
                urgent=True,
            )
        ]
    for org in organisations:
        if org.my_role == Membership.Role.OWNER and org.waiting:
            result.append(_join_requests_item(org))
    for org in organisations:
        missing = [
            label
            for label, value in (
                (_("VAT ID"), org.vat_id),
                (_("IBAN"), org.iban),
                (_("federal state"), org.federal_state),
            )
            if not value
        ]
        if missing:
            result.append(
                HomeItem(
                    title=_("Complete the data of %(name)s") % {"name": org.name},
                    url=reverse("organisation-edit", args=[org.pk]),
                    detail=_("Missing: %(fields)s")
                    % {"fields": ", ".join(str(m) for m in missing)},
                    urgent=True,
                )
            )
        else:
            result.append(
                HomeItem(
                    title=_("Company data and eligibility of %(name)s") % {"name": org.name},
                    url=reverse("organisation-detail", args=[org.pk]),
                )
            )
    return result
