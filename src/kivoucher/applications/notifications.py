"""E-mails to applicants, sent after the transaction commits."""

from django.core.mail import send_mail
from django.db import transaction

from kivoucher.core.site import absolute_url
from kivoucher.organizations.selectors import recipients_of


def notify_applicant(*, application, subject: str, body: str) -> None:
    to = recipients_of(application.organisation)
    if not to:
        return
    link = absolute_url(application.get_absolute_url())
    transaction.on_commit(
        lambda: send_mail(subject, f"{body}\n\n{link}\n", None, to, fail_silently=True)
    )
