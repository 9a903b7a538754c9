"""The account page in the main navigation (the `home` registry of core/home.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem


def nav(user) -> list[NavItem]:
    return [NavItem(86, _("My account"), reverse("account-overview"))]


def items(user) -> list[HomeItem]:
    return []
