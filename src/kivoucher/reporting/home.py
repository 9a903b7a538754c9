from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem
from kivoucher.core.roles import STAFF_ROLES


def items(user) -> list[HomeItem]:
    if user.role not in STAFF_ROLES:
        return []
    return [
        HomeItem(
            title=_("Programme dashboard"),
            url=reverse("reporting-dashboard"),
            detail=_("Budgets, approvals, payouts and usage with exports and the yearly report."),
        )
    ]
