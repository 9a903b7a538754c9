from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem


def nav(user) -> list[NavItem]:
    if user.is_programme_staff:
        return [NavItem(63, _("Dashboard"), reverse("reporting-dashboard"))]
    return []


def items(user) -> list[HomeItem]:
    if not user.sees_everything:
        return []
    return [
        HomeItem(
            title=_("Programme dashboard"),
            url=reverse("reporting-dashboard"),
            detail=_("Budgets, approvals, payouts and usage with exports and the yearly report."),
        )
    ]
