"""The outbox: events are written in the transaction of the change; a change that
rolls back emits nothing; no endpoint, no rows and one query."""

import pytest
from django.db import transaction

from kivoucher.webhooks.events import event_emit, events_emit
from kivoucher.webhooks.models import Delivery, Event


def test_a_rolled_back_change_emits_nothing(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint_of(receiver.url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assert event_emit(type="voucher.issued", data={}, organisations=[company])
            raise RuntimeError("the change fails")
    assert callbacks == []
    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert receiver.received == []


def test_nothing_is_sent_before_the_commit(
    receiver, company, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint_of(receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            event_emit(type="voucher.issued", data={}, organisations=[company])
    assert receiver.received == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    for callback in callbacks:
        callback()
    assert len(receiver.received) == 1


def test_without_endpoints_an_event_costs_one_query_and_writes_nothing(
    company, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert event_emit(type="payout.paid", data={}, organisations=[company, None]) is None
    assert not Event.objects.exists()
    with django_assert_num_queries(0):
        assert event_emit(type="payout.paid", data={}, organisations=[]) is None


def test_many_events_cost_the_queries_of_one(company, endpoint_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    others = OrganisationFactory.create_batch(6)
    for org in [company, *others]:
        endpoint_of("http://127.0.0.1:9/x", events=["slot.allocated"], organisation=org)

    def queries(orgs) -> int:
        with CaptureQueriesContext(connection) as ctx, transaction.atomic():
            events_emit(type="slot.allocated", items=[({"n": i}, [o]) for i, o in enumerate(orgs)])
        return len(ctx.captured_queries)

    assert queries(others[:1]) == queries(others) <= 5  # (savepoint,) endpoints, events, deliveries
    assert Event.objects.count() == 7
    assert Delivery.objects.count() == 7


def test_an_unknown_event_type_is_a_programming_error(company):
    with pytest.raises(ValueError, match="unknown webhook event type"):
        event_emit(type="voucher.issud", data={}, organisations=[company])


def test_decimals_and_dates_are_written_as_strings(company, endpoint_of):
    import json
    from datetime import date
    from decimal import Decimal

    endpoint_of("http://127.0.0.1:9/x", events=["payout.paid"])
    event = event_emit(
        type="payout.paid",
        data={"amount": Decimal("12.50"), "on": date(2026, 12, 2)},
        organisations=[company.pk],
    )
    assert json.loads(event.body)["data"] == {"amount": "12.50", "on": "2026-12-02"}
