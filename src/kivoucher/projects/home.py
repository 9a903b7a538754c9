from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.core.roles import Role
from kivoucher.projects.models import Instalment, ProofOfUse


def nav(user) -> list[NavItem]:
    if user.is_programme_staff:
        return [NavItem(61, _("Proofs of use"), reverse("projects:proofs"))]
    return []


def items(user) -> list[HomeItem]:
    if user.role not in (Role.CASEWORKER, Role.PROGRAMME_ADMIN):
        return []
    count = ProofOfUse.objects.filter(status=ProofOfUse.Status.SUBMITTED).count()
    open_instalments = Instalment.objects.filter(
        status__in=[Instalment.Status.REQUESTED, Instalment.Status.CHECKED]
    ).count()
    return [
        HomeItem(_("Check proofs of use"), reverse("projects:proofs"), count=count),
        HomeItem(
            _("Check or decide instalments"), reverse("projects:proofs"), count=open_instalments
        ),
    ]
