"""Two workers sweeping the due deliveries at once never send one delivery twice."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kivoucher.webhooks.events import events_emit
from kivoucher.webhooks.models import Delivery
from kivoucher.webhooks.services import deliveries_send_due, endpoint_create
from tests.factories import OrganisationFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_delivery_twice(receiver, monkeypatch):
    from kivoucher.webhooks import services

    # no hand-over to the task worker after the commit: only the two sweeps send
    monkeypatch.setattr(services, "deliveries_schedule", lambda **kwargs: None)
    orgs = OrganisationFactory.create_batch(2)
    for org in orgs:
        endpoint_create(actor=None, organisation=org, url=receiver.url, events=["payout.paid"])
    with transaction.atomic():
        events_emit(type="payout.paid", items=[({"payout": i}, orgs) for i in range(30)])
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 60
    assert receiver.received == []
    later = timezone.now() + timedelta(seconds=1)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def worker():
        try:
            barrier.wait()
            total = 0
            while sent := deliveries_send_due(now=later, limit=7):
                total += sent
            counts.append(total)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(counts) == 60
    ids = Counter(r.headers["webhook-id"] for r in receiver.received)
    assert len(ids) == 60 and set(ids.values()) == {1}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"succeeded"}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
