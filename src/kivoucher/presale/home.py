"""What buyers and staff have to do next in the pre-sale."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.core.roles import Role
from kivoucher.presale.models import Offer, Purchase, SlotRequest
from kivoucher.presale.selectors import purchases_for_user, requests_for_user


def nav(user) -> list[NavItem]:
    if user.role == Role.BUYER:
        return [NavItem(55, _("My pre-sale purchases"), reverse("presale:mine"))]
    return []


def items(user) -> list[HomeItem]:
    result = []
    if user.role == Role.BUYER:
        purchases = purchases_for_user(user=user)
        pending = purchases.filter(status=Purchase.Status.PENDING).count()
        if pending:
            result.append(
                HomeItem(
                    _("Pre-sale orders awaiting your payment"),
                    reverse("presale:mine"),
                    count=pending,
                    urgent=True,
                )
            )
        proposed = requests_for_user(user=user).filter(status=SlotRequest.Status.ALLOCATED).count()
        if proposed:
            result.append(
                HomeItem(
                    _("Proposed slots to confirm"),
                    reverse("presale:mine"),
                    count=proposed,
                    urgent=True,
                )
            )
        result.append(HomeItem(_("My pre-sale purchases and slots"), reverse("presale:mine")))
    elif user.may_act_as_staff:
        for offer in Offer.objects.exclude(status__in=["draft", "failed", "closed"]):
            pending = offer.purchases.filter(status=Purchase.Status.PENDING).count()
            result.append(
                HomeItem(
                    _("Pre-sale order book: %(title)s") % {"title": offer.title},
                    reverse("presale:staff", args=[offer.code]),
                    detail=_("Orders awaiting payment"),
                    count=pending,
                )
            )
    return result
