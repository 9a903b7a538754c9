"""Secrets and signatures, checked with the `standardwebhooks` library as a receiver
would; a rotation signs with both secrets for 24 hours."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from kivoucher.core.models import AuditEvent
from kivoucher.webhooks.events import event_emit
from kivoucher.webhooks.models import Delivery, Endpoint
from kivoucher.webhooks.secrets import secret_decrypt, secret_generate, signature
from kivoucher.webhooks.services import (
    deliveries_send_due,
    endpoint_secret_rotate,
    endpoint_secrets,
)
from tests.webhooks.receiver import Answer


def test_a_secret_is_whsec_and_32_random_bytes():
    import base64

    secret = secret_generate()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret_generate() != secret


def test_our_signature_is_the_one_the_library_computes():
    from datetime import UTC, datetime

    secret = secret_generate()
    at = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    ours = signature(secret=secret, msg_id="msg_1", timestamp=int(at.timestamp()), body='{"a":1}')
    assert ours == Webhook(secret).sign("msg_1", at, '{"a":1}')


def test_the_secret_is_encrypted_at_rest(company, endpoint_of):
    endpoint, secret = endpoint_of("http://127.0.0.1:9/hook")
    stored = Endpoint.objects.values_list("secret_encrypted", flat=True).get(pk=endpoint.pk)
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert secret_decrypt(stored) == secret


def _send(company, capture):
    with capture(execute=True), transaction.atomic():
        return event_emit(type="voucher.issued", data={"code": "K"}, organisations=[company])


def test_after_a_rotation_both_secrets_sign_for_24_hours(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint, old = endpoint_of(receiver.url)
    endpoint, new = endpoint_secret_rotate(actor=member, endpoint=endpoint)
    assert new != old and new.startswith("whsec_")
    assert AuditEvent.objects.filter(
        action="webhook_endpoint.rotate_secret", object_id=str(endpoint.pk)
    ).exists()
    _send(company, django_capture_on_commit_callbacks)
    got = receiver.received[-1]
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    # a receiver still on the old secret and one already on the new verify alike
    assert Webhook(old).verify(got.body, got.headers)["type"] == "voucher.issued"
    assert Webhook(new).verify(got.body, got.headers)["type"] == "voucher.issued"
    # 24 hours later only the new secret signs
    later = endpoint.previous_secret_expires_at
    assert later - endpoint.secret_rotated_at == timedelta(hours=24)
    assert endpoint_secrets(endpoint, now=later) == [new]
    assert len(endpoint_secrets(endpoint, now=later - timedelta(seconds=1))) == 2


def test_a_retry_after_a_rotation_is_signed_with_the_new_secret_too(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    """A delivery in flight during a rotation: signed with what holds when it is sent,
    so receivers on either secret accept it, with the same webhook-id."""
    endpoint, old = endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_send(company, django_capture_on_commit_callbacks))
    _endpoint, new = endpoint_secret_rotate(actor=member, endpoint=endpoint)
    assert deliveries_send_due(now=delivery.next_attempt_at) == 1
    first, retry = receiver.received
    assert first.headers["webhook-id"] == retry.headers["webhook-id"]
    Webhook(old).verify(first.body, first.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(first.body, first.headers)
    Webhook(old).verify(retry.body, retry.headers)
    Webhook(new).verify(retry.body, retry.headers)


def test_the_timestamp_header_is_the_time_of_the_attempt(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint_of(receiver.url)
    before = int(timezone.now().timestamp())
    _send(company, django_capture_on_commit_callbacks)
    stamp = int(receiver.received[0].headers["webhook-timestamp"])
    assert before <= stamp <= int(timezone.now().timestamp())


def test_a_changed_secret_key_fails_the_attempt_until_the_secret_is_rotated(
    receiver, company, member, endpoint_of, settings, django_capture_on_commit_callbacks
):
    endpoint, _old = endpoint_of(receiver.url)
    settings.SECRET_KEY = "another-" + "key" * 20
    delivery = Delivery.objects.get(event=_send(company, django_capture_on_commit_callbacks))
    assert delivery.status == Delivery.Status.FAILED and "rotate" in delivery.last_error
    assert receiver.received == []
    _endpoint, new = endpoint_secret_rotate(actor=member, endpoint=endpoint)
    assert deliveries_send_due(now=delivery.next_attempt_at) == 1
    got = receiver.received[0]
    assert got.headers["webhook-signature"].count("v1,") == 1
    Webhook(new).verify(got.body, got.headers)
