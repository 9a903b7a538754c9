"""E-mails to the person who reported a barrier: the acknowledgement and staff's
answers. Queued by `kivoucher.core.mail.mail_send` (sent after the commit), so
nobody is told about a ticket or an answer that was rolled back; written in the
language the form was filled in (the sender's, not that of the staff member who
answers)."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kivoucher.core.mail import mail_send
from kivoucher.core.site import absolute_url
from kivoucher.feedback.models import FeedbackTicket

# The accessibility statement (kivoucher.publicpages) and the conciliation body of
# § 16 BGG that a sender may turn to when the answer does not satisfy them.
STATEMENT_PATH = "/barrierefreiheit/"
CONCILIATION_URL = "https://www.schlichtungsstelle-bgg.de/"

ACK_SUBJECT = _("Your feedback on accessibility (%(number)s)")
ACK_BODY = _(
    "Hello,\n\n"
    "thank you for your feedback on the accessibility of our website. We have received "
    "it under the number %(number)s and will answer you as soon as we can.\n\n"
    "What you reported:\n"
    "Page: %(page)s\n"
    "%(description)s\n\n"
    "Please quote the number %(number)s if you write to us about it."
)
ANSWER_SUBJECT = _("Answer to your feedback on accessibility (%(number)s)")
ANSWER_BODY = _(
    "%(answer)s\n\n"
    "-- \n"
    "This is our answer to your feedback %(number)s of %(date)s on the page %(page)s.\n"
    "If our answer does not satisfy you, you can turn to the conciliation body under "
    "§ 16 of the Disability Equality Act (Schlichtungsstelle nach dem "
    "Behindertengleichstellungsgesetz): %(conciliation)s"
)


def _send_to_sender(ticket: FeedbackTicket, *, subject, body, params: dict) -> bool:
    """Queue one mail to the ticket's sender; False when there is no address."""
    if not ticket.email:
        return False
    language = ticket.language or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "number": ticket.number,
            "page": ticket.page,
            "date": date_format(timezone.localtime(ticket.created_at), "SHORT_DATE_FORMAT"),
            **params,
        }
        subject_text = str(subject) % values
        text = f"{str(body) % values}\n\n{absolute_url(STATEMENT_PATH)}\n"
    to = [ticket.email]
    mail_send(subject=subject_text, body=text, to=to)
    return True


def ticket_acknowledge(ticket: FeedbackTicket) -> bool:
    """Confirm receipt to the sender (when they gave an address)."""
    return _send_to_sender(
        ticket,
        subject=ACK_SUBJECT,
        body=ACK_BODY,
        params={"description": ticket.description},
    )


def answer_send(ticket: FeedbackTicket, *, text: str) -> bool:
    """Mail staff's answer to the sender (when they gave an address)."""
    return _send_to_sender(
        ticket,
        subject=ANSWER_SUBJECT,
        body=ANSWER_BODY,
        params={
            "answer": text,
            "conciliation": CONCILIATION_URL,
        },
    )
