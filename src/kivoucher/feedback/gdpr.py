"""Personal data of accessibility feedback, anonymised by the retention job
(`kivoucher anonymise_personal_data`, see `kivoucher.organizations.gdpr`).

A ticket's sender (name, e-mail address) and the keyed hash of their network
address are blanked `KIVOUCHER_FEEDBACK_RETENTION_DAYS` after the ticket's last
change; the report itself (page, description, assistive technology), its answers
and its audit events stay, so what was reported and done can still be shown. The
hash is only needed for the rate limit of the last hour: it is blanked after a day.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kivoucher.core.audit import audit_record
from kivoucher.feedback.models import FeedbackTicket

CLIENT_HASH_KEPT = timedelta(days=1)


def tickets_due_for_anonymisation(*, now=None, retention_days: int | None = None):
    days = settings.KIVOUCHER_FEEDBACK_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return FeedbackTicket.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff)


def tickets_anonymise(*, now=None, retention_days: int | None = None) -> int:
    """Blank the senders of tickets unchanged for the retention period (one audit
    event each) and the client hashes older than a day; the number of tickets
    anonymised."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        FeedbackTicket.objects.filter(created_at__lt=now - CLIENT_HASH_KEPT).exclude(
            client_hash=""
        ).update(client_hash="")
        due = tickets_due_for_anonymisation(now=now, retention_days=retention_days)
        for ticket in due.select_for_update().order_by("pk"):
            # A queryset update: the ticket's last change (auto_now) stays as it was.
            FeedbackTicket.objects.filter(pk=ticket.pk).update(
                name="", email="", client_hash="", anonymised_at=now
            )
            audit_record(
                actor=None,
                action="feedback.ticket.anonymise",
                obj=ticket,
                reason="retention period",
            )
            count += 1
    return count


def anonymise(*, now=None, retention_days: int | None = None) -> dict[str, int]:
    """This app's part of the retention job (`organizations.gdpr`): with
    `retention_days` given (the command's --retention-days) it applies here too."""
    return {"feedback tickets": tickets_anonymise(now=now, retention_days=retention_days)}
