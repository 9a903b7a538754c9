from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.core.roles import Role
from kivoucher.providers.models import Accreditation


def nav(user) -> list[NavItem]:
    if user.role == Role.PROVIDER:
        return [NavItem(40, _("Accreditation"), reverse("providers:mine"))]
    if user.is_programme_staff:
        return [NavItem(62, _("Accreditations"), reverse("providers:list"))]
    return []


def items(user) -> list[HomeItem]:
    if user.role == Role.PROVIDER:
        acc = Accreditation.objects.filter(organisation__memberships__user=user).first()
        if acc is None:
            return [
                HomeItem(
                    _("Apply for accreditation as AI provider"),
                    reverse("providers:mine"),
                    urgent=True,
                )
            ]
        return [
            HomeItem(
                _("Your accreditation: %(status)s") % {"status": acc.get_status_display()},
                reverse("providers:mine"),
            )
        ]
    if user.role == Role.PROGRAMME_ADMIN:
        count = Accreditation.objects.filter(status=Accreditation.Status.SUBMITTED).count()
        return [
            HomeItem(_("Decide on provider accreditations"), reverse("providers:list"), count=count)
        ]
    return []
