"""The one way the platform sends a mail: after the transaction commits, so nobody
is told of a change that rolled back."""

from django.core.mail import send_mail
from django.db import transaction


def mail_send(*, subject: str, body: str, to: list[str]) -> None:
    """Send `body` to every address in `to` once the current transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))
