"""Delivery to a real receiver: signed as Standard Webhooks, retried with backoff and
the same webhook-id, given up and disabled after a day."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from kivoucher.core.models import AuditEvent
from kivoucher.webhooks.events import event_emit
from kivoucher.webhooks.models import Delivery, Event
from kivoucher.webhooks.services import (
    deliveries_send_due,
    delivery_attempt,
    delivery_redeliver,
    retry_delay,
)
from tests.webhooks.receiver import Answer

S = Delivery.Status


def _emit(company, django_capture_on_commit_callbacks, data=None):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return event_emit(
            type="voucher.issued", data=data or {"code": "KIV-1"}, organisations=[company]
        )


def test_a_delivery_is_signed_as_standard_webhooks_and_verifies(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_of(receiver.url)
    assert secret.startswith("whsec_")
    event = _emit(company, django_capture_on_commit_callbacks, {"code": "KIV-1", "value": "1.50"})
    assert len(receiver.received) == 1
    got = receiver.received[0]
    headers = {k.lower(): v for k, v in got.headers.items()}
    delivery = Delivery.objects.get(event=event)
    assert headers["webhook-id"] == delivery.message_id
    assert headers["webhook-signature"].startswith("v1,")
    assert headers["content-type"] == "application/json"
    payload = Webhook(secret).verify(got.body, headers)
    assert payload["type"] == "voucher.issued"
    assert payload["data"] == {"code": "KIV-1", "value": "1.50"}
    assert set(payload) == {"type", "timestamp", "data"}
    assert payload["timestamp"].endswith("Z")
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED and delivery.attempts == 1
    assert delivery.last_status_code == 204 and delivery.last_duration_ms is not None


def test_a_wrong_secret_does_not_verify(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    from standardwebhooks.webhooks import WebhookVerificationError

    from kivoucher.webhooks.secrets import secret_generate

    endpoint_of(receiver.url)
    _emit(company, django_capture_on_commit_callbacks)
    got = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(secret_generate()).verify(got.body, got.headers)


def test_only_subscribed_enabled_endpoints_of_the_organisations_get_the_event(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory()
    endpoint_of(receiver.url, events=["payout.paid"])  # not subscribed to the type
    mine, _ = endpoint_of(receiver.url + "/mine")
    endpoint_of(receiver.url + "/other", organisation=other)  # another organisation
    _emit(company, django_capture_on_commit_callbacks)
    assert [r.path for r in receiver.received] == ["/hook/mine"]
    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [mine.pk]


@pytest.mark.parametrize(
    "failure",
    [Answer(status=500), Answer(status=200, delay=2.5), Answer(status=302, location="/x")],
    ids=["500", "timeout", "redirect"],
)
def test_a_failed_attempt_is_retried_with_the_same_webhook_id(
    failure, receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_of(receiver.url)
    receiver.plan = [failure]
    event = _emit(company, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == S.FAILED and delivery.attempts == 1
    assert delivery.last_error
    first_try = delivery.last_attempt_at
    # the first retry after a few seconds, not before
    assert delivery.next_attempt_at == first_try + timedelta(seconds=5)
    assert deliveries_send_due(now=first_try + timedelta(seconds=4)) == 0
    assert deliveries_send_due(now=first_try + timedelta(seconds=5)) == 1
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED and delivery.attempts == 2
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert ids == {delivery.message_id}
    assert len(receiver.received) == 2
    assert receiver.received[0].body == receiver.received[1].body
    for got in receiver.received[1:]:
        Webhook(secret).verify(got.body, got.headers)
    # the redirect was not followed: nothing arrived at its target
    assert all(r.path == "/hook" for r in receiver.received)


def test_the_backoff_schedule():
    delays = [retry_delay(n).total_seconds() for n in range(1, 13)]
    assert delays[:6] == [5, 10, 20, 40, 80, 120]
    assert delays[6:] == [240, 480, 960, 1920, 3840, 7200]
    assert retry_delay(40) == timedelta(hours=2)
    assert retry_delay(1) <= timedelta(minutes=2)


def test_retries_follow_the_schedule_and_a_day_of_failures_disables_the_endpoint(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint, _secret = endpoint_of(receiver.url)
    receiver.default = Answer(status=503)
    event = _emit(company, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(event=event)
    start = delivery.last_attempt_at
    now = start
    waits = []
    while True:
        delivery.refresh_from_db()
        if delivery.status != S.FAILED:
            break
        waits.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
        with django_capture_on_commit_callbacks(execute=True):
            assert deliveries_send_due(now=now) == 1
        assert len(waits) < 60
    assert waits[:7] == [5, 10, 20, 40, 80, 120, 240]
    assert now - start >= timedelta(days=1)
    assert now - start < timedelta(days=1, hours=2)
    assert delivery.status == S.GAVE_UP
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_reason and endpoint.disabled_at == now
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len(receiver.received) == delivery.attempts == len(waits) + 1
    # the organisation is told, once
    assert len(mail.outbox) == 1
    assert member.email in mail.outbox[0].to and company.email in mail.outbox[0].to
    assert endpoint.url in mail.outbox[0].subject
    assert AuditEvent.objects.filter(
        action="webhook_endpoint.disable", object_id=str(endpoint.pk)
    ).exists()
    # a disabled endpoint gets no further events
    assert _emit(company, django_capture_on_commit_callbacks) is None
    assert Event.objects.count() == 1


def test_a_success_in_between_keeps_the_endpoint_enabled(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint, _secret = endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    first = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    endpoint.refresh_from_db()
    assert endpoint.failing_since == first.last_attempt_at
    _emit(company, django_capture_on_commit_callbacks)  # succeeds
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None and endpoint.enabled


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    due = delivery.next_attempt_at
    # the task and the periodic sweep both find it due: only one sends
    assert delivery_attempt(delivery_id=delivery.pk, now=due) is not None
    assert delivery_attempt(delivery_id=delivery.pk, now=due) is None
    assert deliveries_send_due(now=due) == 0
    assert len(receiver.received) == 2


def test_an_abandoned_attempt_is_retried_after_its_lease(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    """A worker that died after claiming: the delivery is sent later, same webhook-id."""
    from kivoucher.webhooks.services import LEASE, _claim_due

    endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    due = delivery.next_attempt_at
    assert _claim_due(due, 10) == [delivery.pk]  # ... and the worker dies
    assert deliveries_send_due(now=due + LEASE - timedelta(seconds=1)) == 0
    assert deliveries_send_due(now=due + LEASE) == 1
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED and delivery.attempts == 3
    assert {r.headers["webhook-id"] for r in receiver.received} == {delivery.message_id}


def test_redeliver_sends_the_same_message_again(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    from kivoucher.core.errors import Conflict

    endpoint_of(receiver.url)
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(actor=member, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED and delivery.attempts == 2
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.message_id] * 2
    assert receiver.received[0].body == receiver.received[1].body
    body = json.loads(receiver.received[1].body)
    assert body["type"] == "voucher.issued"
    # a message still being delivered is not sent a second time in parallel
    receiver.plan = [Answer(status=500)]
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(actor=member, delivery=delivery)
    with pytest.raises(Conflict):
        delivery_redeliver(actor=member, delivery=delivery)


def test_deleting_an_endpoint_while_a_retry_waits_sends_nothing(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    from kivoucher.webhooks.services import endpoint_delete

    endpoint, _secret = endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    endpoint_delete(actor=member, endpoint=endpoint)
    assert deliveries_send_due(now=delivery.next_attempt_at) == 0
    assert len(receiver.received) == 1


def test_disabling_gives_up_waiting_deliveries_and_enabling_starts_afresh(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    from kivoucher.webhooks.services import endpoint_update

    endpoint, _secret = endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    endpoint_update(actor=member, endpoint=endpoint, enabled=False)
    delivery.refresh_from_db()
    assert delivery.status == S.GAVE_UP
    assert deliveries_send_due(now=timezone.now() + timedelta(hours=1)) == 0
    endpoint = endpoint_update(actor=member, endpoint=endpoint, enabled=True)
    assert endpoint.enabled and endpoint.failing_since is None
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(actor=member, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED
    assert len(receiver.received) == 2


def test_a_backend_that_defers_gets_the_retry_with_run_after(settings):
    """With the database backend (it can defer) each retry is enqueued for its time;
    the immediate backend of the tests cannot, and leaves it to deliveries_send_due."""
    from django_tasks import task_backends

    from kivoucher.webhooks.services import deliveries_schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert backend.supports_defer
    at = timezone.now() + timedelta(seconds=5)
    deliveries_schedule(delivery_ids=[41, 42], run_after=at)
    deliveries_schedule(delivery_ids=[43])
    queued = [(r.args, r.task.run_after) for r in backend.results]
    assert queued == [([41], at), ([42], at), ([43], None)]
    assert all(r.task.name == "delivery_send" for r in backend.results)


def test_the_worker_sweeps_due_deliveries_every_few_seconds(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    from kivoucher.core import schedule

    schedule.autodiscover()
    hook = schedule.PERIODIC["webhooks.deliveries"]
    assert hook.seconds <= 10
    endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert hook.func() == 1
    delivery.refresh_from_db()
    assert delivery.status == S.SUCCEEDED


def test_an_attempt_under_way_when_the_endpoint_is_disabled_does_not_revive_it(
    receiver, company, member, endpoint_of, django_capture_on_commit_callbacks
):
    from kivoucher.webhooks.services import _claim_due, _send, endpoint_update

    endpoint, _secret = endpoint_of(receiver.url)
    receiver.plan = [Answer(status=500), Answer(status=500)]
    delivery = Delivery.objects.get(event=_emit(company, django_capture_on_commit_callbacks))
    due = delivery.next_attempt_at
    assert _claim_due(due, 10) == [delivery.pk]
    endpoint_update(actor=member, endpoint=endpoint, enabled=False)  # meanwhile
    endpoint_update(actor=member, endpoint=endpoint, enabled=True)
    _send(delivery.pk, due)  # the attempt under way fails
    delivery.refresh_from_db()
    assert delivery.status == S.GAVE_UP and delivery.next_attempt_at is None
    assert delivery.last_status_code == 500
    assert deliveries_send_due(now=due + timedelta(hours=3)) == 0
