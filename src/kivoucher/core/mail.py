"""The one way the platform sends a mail: stored with the change it tells about,
sent after the commit through the task queue, retried until it leaves.

    mail_send(subject=..., body=..., to=[...])

1. `mail_send` writes an `OutgoingMail` row in the caller's transaction: a change
   that rolls back leaves no mail behind, and a committed one always has its mail.
2. On commit it enqueues `kivoucher.core.tasks.mail_deliver_task` for the row. With
   the database backend a worker (`kivoucher worker`) sends it; with the immediate
   backend (tests) it is sent at the commit.
3. `mail_deliver` takes the row with a lease (a conditional UPDATE, so two senders
   never hold it at once), hands it to Django's mail backend (SMTP when
   KIVOUCHER_EMAIL_HOST is set) and marks it `sent`. When the server refuses or is
   down it records the error and the time of the next attempt (1, 5, 15 minutes,
   then hourly) and, where the backend can defer, enqueues itself for that time.
4. `mails_send_due`, run every minute by the worker (kivoucher.core.schedule), sends
   every pending mail whose time has come: the safety net for a task that was never
   enqueued (the process died right after the commit), for a backend that cannot
   defer, and for a worker killed mid-send (the lease runs out).
5. A mail that has not left after `MAIL_GIVE_UP_AFTER` (3 days) is marked `failed`;
   staff see it with its last error in the admin (Core > Outgoing mails).

Delivery is at least once, not exactly once: if a worker dies after the SMTP server
accepted a mail and before the row is marked sent, the mail is sent again when the
lease runs out. That window is one database write long; everything else (a crash
before or during the SMTP dialogue, a refused connection) sends it exactly once.

While the dummy mail backend is configured (the `demo` command loads its data with
it so the console is not flooded), `mail_send` drops the mail at once.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kivoucher.core.models import OutgoingMail

logger = logging.getLogger(__name__)

# Seconds before the next attempt after the 1st, 2nd, ... failure; then the last.
RETRY_DELAYS = (60, 300, 900, 3600)
MAIL_GIVE_UP_AFTER = timedelta(days=3)
# How long one sender holds a mail (longer than any SMTP dialogue).
LEASE = timedelta(minutes=5)
# A new mail is left to its own task this long before the sweep may take it.
SWEEP_GRACE = timedelta(minutes=2)
DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


_batches = threading.local()


def mail_send(*, subject: str, body: str, to: list[str]) -> OutgoingMail | None:
    """Send `body` to every address in `to` once the current transaction commits.

    Returns the mail (None when there is nobody to send it to); inside
    `mails_batched()` it is stored at the end of the block."""
    recipients = [str(address) for address in to if address]
    if not recipients or settings.EMAIL_BACKEND == DUMMY_BACKEND:
        return None
    mail = OutgoingMail(
        subject=str(subject)[:998],
        body=str(body),
        to=recipients,
        next_attempt_at=timezone.now() + SWEEP_GRACE,
    )
    batch = getattr(_batches, "mails", None)
    if batch is not None:
        batch.append(mail)
        return mail
    mail.save()
    transaction.on_commit(lambda: _deliver_enqueue(mail.pk))
    return mail


@contextmanager
def mails_batched():
    """The mails sent inside the block are stored with one INSERT at its end (a
    service that tells many organisations at once costs no query per mail)."""
    if getattr(_batches, "mails", None) is not None:  # already in a batch
        yield
        return
    _batches.mails = mails = []
    try:
        yield
    finally:
        _batches.mails = None
    if mails:
        stored = OutgoingMail.objects.bulk_create(mails)
        ids = [mail.pk for mail in stored]
        transaction.on_commit(lambda: [_deliver_enqueue(pk) for pk in ids])


def _deliver_enqueue(mail_id: int, *, at=None) -> None:
    from kivoucher.core.tasks import mail_deliver_task

    task = mail_deliver_task
    if at is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep sends it when its time has come
        task = task.using(run_after=at)
    try:
        task.enqueue(mail_id=mail_id)
    except Exception:  # the row is stored: the sweep sends it
        logger.exception("mail %s: could not enqueue its delivery", mail_id)


def _claim(mail_id: int, now) -> bool:
    """Take the mail for one attempt; False when it is sent, failed or held."""
    return bool(
        OutgoingMail.objects.filter(pk=mail_id, status=OutgoingMail.Status.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE, attempts=F("attempts") + 1)
    )


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


def mail_deliver(*, mail_id: int, now=None) -> str:
    """One attempt to send the mail; returns its status afterwards ("sent",
    "pending" for a later retry, "failed" when given up, "skipped" when it is
    already sent or another sender holds it)."""
    now = now or timezone.now()
    if not _claim(mail_id, now):
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        connection = get_connection(fail_silently=False)
        EmailMessage(mail.subject, mail.body, None, mail.to, connection=connection).send()
    except Exception as error:
        return _attempt_failed(mail, error)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return "sent"


def _attempt_failed(mail: OutgoingMail, error: Exception) -> str:
    now = timezone.now()
    message = f"{type(error).__name__}: {error}"[:2000]
    if now - mail.created_at >= MAIL_GIVE_UP_AFTER:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED, lease_until=None, last_error=message
        )
        logger.error("mail %s given up after %s attempts: %s", mail.pk, mail.attempts, message)
        return "failed"
    at = now + _retry_delay(mail.attempts)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=at, lease_until=None, last_error=message
    )
    logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, message)
    _deliver_enqueue(mail.pk, at=at)
    return "pending"


def mails_send_due(*, now=None, limit: int = 100) -> int:
    """Send the pending mails whose next attempt is due; returns how many were sent.

    Registered with the worker's scheduler (every minute); also safe to call by hand."""
    now = now or timezone.now()
    due = list(
        OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(mail_deliver(mail_id=mail_id, now=now) == "sent" for mail_id in due)
