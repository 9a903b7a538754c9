"""Staff find the invoices the platform issued in the main navigation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import NavItem


def nav(user) -> list[NavItem]:
    if user.sees_everything:
        return [NavItem(66, _("Issued invoices"), reverse("invoicing:list"))]
    return []


def items(user) -> list:
    return []
