"""Issue 15, point 6: mail for real. Mails go through a real SMTP server in the test
process (aiosmtpd), leave only after the commit, survive an SMTP server that is down
(kept, retried, sent later) and are given up, visibly, only after days."""

import email
import re
import socket
from datetime import timedelta
from email import policy
from urllib.parse import urlparse

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kivoucher.core import mail as core_mail
from kivoucher.core.mail import mail_send, mails_send_due
from kivoucher.core.models import OutgoingMail
from kivoucher.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.inbox.messages


def smtp_settings(port: int):
    return override_settings(
        EMAIL_BACKEND=SMTP,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    )


@pytest.fixture
def smtp():
    port = free_port()
    with SmtpServer(port) as server, smtp_settings(port):
        yield server


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_mail_arrives_at_the_smtp_server_after_the_commit(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            stored = mail_send(
                subject="Ihr Antrag wurde bewilligt", body="Glückwunsch.", to=["a@example.org"]
            )
            assert smtp.messages == []  # not before the commit
    [message] = smtp.messages
    assert message["Subject"] == "Ihr Antrag wurde bewilligt"
    assert body_of(message).strip() == "Glückwunsch."
    assert message["X-Envelope-To"] == "a@example.org"
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (OutgoingMail.Status.SENT, 1)
    assert stored.sent_at is not None


def test_a_rolled_back_change_sends_nothing(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            mail_send(subject="Nie", body="gesendet", to=["a@example.org"])
            raise RuntimeError("the change fails")
    assert smtp.messages == []
    assert not OutgoingMail.objects.exists()


def test_a_mail_waits_while_the_smtp_server_is_down_and_leaves_later(
    django_capture_on_commit_callbacks,
):
    port = free_port()  # nobody listens here yet
    with smtp_settings(port):
        with django_capture_on_commit_callbacks(execute=True):
            stored = mail_send(subject="Erinnerung", body="Bitte", to=["b@example.org"])
        stored.refresh_from_db()
        assert stored.status == OutgoingMail.Status.PENDING
        assert stored.attempts == 1 and "Connection" in stored.last_error
        assert stored.next_attempt_at > timezone.now()
        # Not due yet: the sweep leaves it alone.
        assert mails_send_due() == 0
        with SmtpServer(port) as server:
            assert mails_send_due(now=stored.next_attempt_at) == 1
            [message] = server.messages
            assert message["Subject"] == "Erinnerung"
            assert mails_send_due(now=stored.next_attempt_at + timedelta(hours=1)) == 0
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(server.messages) == 1  # sent once


def test_retries_back_off_and_a_mail_is_given_up_after_days(client_for):
    port = free_port()
    with smtp_settings(port):
        stored = mail_send(subject="Unzustellbar", body="x", to=["c@example.org"])
        delays = []
        for _ in range(3):
            before = timezone.now()
            assert core_mail.mail_deliver(mail_id=stored.pk) == "pending"
            stored.refresh_from_db()
            delays.append(stored.next_attempt_at - before)
        assert delays[0] < delays[1] < delays[2]
        OutgoingMail.objects.filter(pk=stored.pk).update(
            created_at=timezone.now() - core_mail.MAIL_GIVE_UP_AFTER
        )
        assert core_mail.mail_deliver(mail_id=stored.pk) == "failed"
        assert mails_send_due(now=timezone.now() + timedelta(days=30)) == 0
    stored.refresh_from_db()
    assert stored.status == OutgoingMail.Status.FAILED and stored.attempts == 4
    # staff see it, with its error, in the admin
    admin = UserFactory(role=Role.PROGRAMME_ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get("/admin/core/outgoingmail/?status__exact=failed")
    assert page.status_code == 200 and "Unzustellbar" in page.text
    detail = client.get(f"/admin/core/outgoingmail/{stored.pk}/change/")
    assert "ConnectionRefusedError" in detail.text


def test_a_held_mail_is_not_sent_twice(smtp):
    """Two senders at once (its task and the sweep): the lease lets one through."""
    stored = mail_send(subject="Einmal", body="x", to=["d@example.org"])
    now = timezone.now()
    assert core_mail._claim(stored.pk, now)
    assert core_mail.mail_deliver(mail_id=stored.pk) == "skipped"
    assert mails_send_due(now=now + timedelta(minutes=3)) == 0  # still held
    # the holder died: once the lease has run out the mail goes, once
    assert mails_send_due(now=now + core_mail.LEASE + timedelta(seconds=1)) == 1
    assert mails_send_due(now=now + timedelta(hours=2)) == 0
    assert len(smtp.messages) == 1


def test_the_dummy_backend_drops_mails():
    with override_settings(EMAIL_BACKEND=core_mail.DUMMY_BACKEND):
        assert mail_send(subject="Demo", body="x", to=["e@example.org"]) is None
    assert mail_send(subject="Niemand", body="x", to=["", None]) is None
    assert not OutgoingMail.objects.exists()


def test_the_feedback_acknowledgement_arrives_and_its_link_works(
    smtp, client, django_capture_on_commit_callbacks
):
    """A person's report through the public form: the acknowledgement reaches the
    SMTP server, and the link in it opens the accessibility statement."""
    import time

    from kivoucher.feedback import spam

    form = {
        "page": "https://ki-voucher.example/statistics/",
        "description": "Die Karte hat keinen Textersatz.",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "assistive_technology": "",
        "website": "",
        "stamp": spam.form_stamp(now=time.time() - 60),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/barrierefreiheit/feedback/", form)
    assert response.status_code in (200, 302)
    [message] = smtp.messages
    assert message["X-Envelope-To"] == "erika@example.org"
    links = re.findall(r"https?://\S+", body_of(message))
    own = [link for link in links if urlparse(link).path.startswith("/barrierefreiheit/")]
    assert own, links
    page = client.get(urlparse(own[0]).path)
    assert page.status_code == 200


@pytest.mark.django_db
def test_mails_sent_in_a_batch_are_stored_with_one_insert_and_all_leave(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.core import mail as django_mail

    from kivoucher.core.mail import mail_send, mails_batched

    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1), mails_batched():
            for n in range(5):
                mail_send(subject=f"Batch {n}", body="Text", to=[f"m{n}@example.org"])
    assert sorted(m.subject for m in django_mail.outbox[-5:]) == [f"Batch {n}" for n in range(5)]
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 5
