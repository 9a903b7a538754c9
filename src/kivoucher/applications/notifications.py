"""E-mails to applicants, sent after the transaction commits."""

from kivoucher.core.mail import mail_send
from kivoucher.core.site import absolute_url
from kivoucher.organizations.selectors import recipients_of


def notify_applicant(*, application, subject: str, body: str) -> None:
    to = recipients_of(application.organisation)
    if not to:
        return
    link = absolute_url(application.get_absolute_url())
    mail_send(subject=subject, body=f"{body}\n\n{link}\n", to=to)
