from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.recovery.models import RecoveryCase


def nav(user) -> list[NavItem]:
    if user.is_authenticated and user.sees_everything:
        return [NavItem(58, _("Recovery"), reverse("recovery:list"))]
    return []


def items(user) -> list[HomeItem]:
    """A company is told of a hearing it may answer and of a decision it may object to."""
    if not user.is_authenticated or user.sees_everything:
        return []
    waiting = RecoveryCase.objects.filter(
        organisation__memberships__user=user, status=RecoveryCase.Status.HEARING
    ).count()
    if not waiting:
        return []
    return [
        HomeItem(
            _("Answer the hearing before a recovery"),
            reverse("recovery:list"),
            detail=_("We intend to demand money back and would like to hear you first."),
            count=waiting,
        )
    ]
