"""The start page and the main navigation per role: each domain contributes.

A domain app adds a module `home.py` with `def items(user) -> list[HomeItem]`
(what a person has to do next; the start page collects them in the order of
INSTALLED_APPS) and, optionally, `def nav(user) -> list[NavItem]` (its links in
the main navigation, sorted by `order`).
"""

from dataclasses import dataclass

from kivoucher.core.registry import app_modules


@dataclass(frozen=True)
class HomeItem:
    title: str
    url: str
    detail: str = ""
    count: int | None = None
    urgent: bool = False


@dataclass(frozen=True)
class NavItem:
    order: int
    title: str
    url: str


def home_items(user) -> list[HomeItem]:
    items: list[HomeItem] = []
    for module in app_modules("home"):
        items.extend(module.items(user))
    return items


def nav_items(user) -> list[NavItem]:
    """The main navigation of a signed-in user: what every domain offers them."""
    entries: list[NavItem] = []
    for module in app_modules("home"):
        if hasattr(module, "nav"):
            entries.extend(module.nav(user))
    return sorted(entries, key=lambda item: item.order)


def nav(user) -> list[NavItem]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    entries = [NavItem(85, _("API tokens"), reverse("api-tokens"))]
    if user.is_staff:
        entries.append(NavItem(90, _("Administration"), reverse("admin:index")))
    return entries


def items(user) -> list[HomeItem]:
    """The core's own items: the audit log for those who check it."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from kivoucher.core.roles import Role

    if user.role in (Role.AUDITOR, Role.PROGRAMME_ADMIN):
        return [
            HomeItem(
                title=_("Audit log"),
                url=reverse("audit-log"),
                detail=_("Read every state change and verify the hash chain."),
            )
        ]
    return []
