"""Reads of accessibility feedback: programme staff (the auditor too) see every ticket,
nobody else any."""

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from kivoucher.core.errors import NotFound
from kivoucher.feedback.models import FeedbackTicket

# The list's filter: "open" (new and in progress, the default), one status, or all.
OPEN = "open"
ALL = "all"


def feedback_reader(user) -> bool:
    return bool(user.is_authenticated and user.sees_everything)


def tickets_for_user(*, user, status: str = OPEN) -> QuerySet[FeedbackTicket]:
    """The tickets `user` may see, filtered by `status` (OPEN, ALL or a status);
    with the number of answers of each."""
    if not feedback_reader(user):
        return FeedbackTicket.objects.none()
    qs = FeedbackTicket.objects.annotate(answer_count=Count("answers"))
    if status == OPEN:
        qs = qs.filter(status__in=FeedbackTicket.OPEN)
    elif status in FeedbackTicket.Status.values:
        qs = qs.filter(status=status)
    elif status != ALL:
        return FeedbackTicket.objects.none()
    return qs.order_by("-created_at", "-pk")


def ticket_get_for_user(*, user, pk: int) -> FeedbackTicket:
    """One ticket; NotFound (404) for people who may not see tickets."""
    ticket = FeedbackTicket.objects.filter(pk=pk).first() if feedback_reader(user) else None
    if ticket is None:
        raise NotFound(_("Feedback not found."))
    return ticket


def new_ticket_count() -> int:
    return FeedbackTicket.objects.filter(status=FeedbackTicket.Status.NEW).count()
