from django.urls import reverse
from django.utils.translation import gettext as _

from kivoucher.core.home import HomeItem, NavItem
from kivoucher.feedback.selectors import feedback_reader, new_ticket_count
from kivoucher.feedback.services import feedback_handler


def nav(user) -> list[NavItem]:
    if feedback_reader(user):
        return [NavItem(64, _("Accessibility feedback"), reverse("feedback-tickets"))]
    return []


def items(user) -> list[HomeItem]:
    """Staff who handle feedback are told of new reports of barriers."""
    if not feedback_handler(user):
        return []
    count = new_ticket_count()
    if not count:
        return []
    return [
        HomeItem(
            _("Answer new accessibility feedback"),
            reverse("feedback-tickets") + "?status=new",
            detail=_("People have reported barriers on the website."),
            count=count,
        )
    ]
