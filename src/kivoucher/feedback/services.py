"""Writes of accessibility feedback: a report from anyone (`ticket_create`), staff's
status changes (`ticket_transition`) and answers (`ticket_answer`).

Every ticket's creation and every status change is in the audit log
(`feedback.feedbackticket.<status>`); the sender's name, address and text stay out
of it, so anonymising the ticket leaves no personal data behind in the log.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError, PermissionDenied
from kivoucher.core.workflow import audit_action, transition
from kivoucher.feedback.models import FeedbackAnswer, FeedbackTicket
from kivoucher.feedback.notifications import answer_send, ticket_acknowledge

# At most this many reports per client (keyed hash of its address) and per e-mail
# address within RATE_WINDOW. A soft limit: two reports sent at the very same moment
# may both pass the count, which is harmless.
RATE_WINDOW = timedelta(hours=1)
REPORTS_PER_CLIENT = 5
REPORTS_PER_EMAIL = 5
ANSWER_MAX_LENGTH = 10000
# The audit log's actor of a report sent without signing in.
PUBLIC_ACTOR = "public form"
REASON_MAX_LENGTH = 500


class TooManyReports(DomainError):
    status = 429
    code = "rate_limited"


def _rate_limit_check(*, client_hash: str, email: str, now: datetime) -> None:
    recent = FeedbackTicket.objects.filter(created_at__gte=now - RATE_WINDOW)
    too_many = recent.filter(client_hash=client_hash).count() >= REPORTS_PER_CLIENT or (
        email and recent.filter(email__iexact=email).count() >= REPORTS_PER_EMAIL
    )
    if too_many:
        raise TooManyReports(
            _(
                "Many reports have come from your connection or your e-mail address "
                "within the last hour. To protect this form against misuse, please "
                "send yours again in an hour. What you wrote is still in the form."
            )
        )


def ticket_create(
    *,
    page: str,
    description: str,
    name: str = "",
    email: str = "",
    assistive_technology: str = "",
    language: str,
    client_hash: str,
    actor=None,
    now: datetime | None = None,
) -> FeedbackTicket:
    """Store a report of a barrier from anyone (`actor`: the signed-in person, if
    any), audit it and confirm it to the sender by mail when they gave an address.

    Raises `TooManyReports` (429) past the rate limit; nothing is stored then."""
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        _rate_limit_check(client_hash=client_hash, email=email, now=now)
        ticket = FeedbackTicket(
            page=page.strip(),
            description=description.strip(),
            name=name.strip(),
            email=email,
            assistive_technology=assistive_technology.strip(),
            language=language,
            client_hash=client_hash,
        )
        ticket.full_clean()
        ticket.save()
        acknowledged = ticket_acknowledge(ticket)
        audit_record(
            actor=actor if getattr(actor, "pk", None) else PUBLIC_ACTOR,
            action=audit_action(ticket, FeedbackTicket.Status.NEW),
            obj=ticket,
            new_state=FeedbackTicket.Status.NEW,
            data={"acknowledged": acknowledged},
        )
    return ticket


def feedback_handler(user) -> bool:
    """Who handles accessibility feedback: staff who act (not the auditor, who reads)."""
    return bool(user.is_authenticated and user.may_act_as_staff)


def _handler_check(actor) -> None:
    if not feedback_handler(actor):
        raise PermissionDenied(_("Only programme staff may handle accessibility feedback."))


def ticket_transition(
    *, actor, ticket: FeedbackTicket, to: str, reason: str = ""
) -> FeedbackTicket:
    """Staff take a ticket into work, close it or open it again."""
    _handler_check(actor)
    if to not in FeedbackTicket.Status.values:
        raise DomainError(_("Choose one of the statuses offered."))
    if to == FeedbackTicket.Status.ANSWERED:
        # Answered means an answer exists: that status is set by `ticket_answer`.
        raise Conflict(_("Write an answer to mark the ticket as answered."), code="answer_missing")
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            _("The note may have at most %(max)d characters.") % {"max": REASON_MAX_LENGTH}
        )
    return transition(ticket, to, actor=actor, reason=reason)


def ticket_answer(*, actor, ticket: FeedbackTicket, text: str) -> FeedbackAnswer:
    """Record staff's answer, mark the ticket answered and mail the answer to the
    sender (after commit) when they gave an address."""
    _handler_check(actor)
    text = text.strip()
    if not text:
        raise DomainError(_("Write an answer."), code="answer_missing")
    if len(text) > ANSWER_MAX_LENGTH:
        raise DomainError(
            _("The answer may have at most %(max)d characters.") % {"max": ANSWER_MAX_LENGTH}
        )
    with transaction.atomic():
        locked = FeedbackTicket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status not in FeedbackTicket.ANSWERABLE:
            raise Conflict(
                _("This ticket is %(status)s: open it again before you answer.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        answer = FeedbackAnswer.objects.create(
            ticket=locked, text=text, author=actor, emailed=bool(locked.email)
        )
        answer_send(locked, text=text)
        transition(
            locked,
            FeedbackTicket.Status.ANSWERED,
            actor=actor,
            data={"answer": answer.pk, "emailed": answer.emailed},
            locked=True,
        )
    ticket.status, ticket.updated_at = locked.status, locked.updated_at
    return answer
