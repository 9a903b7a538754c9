"""The interface for the other apps: tell the organisations an event concerns.

    event_emit(type="voucher.issued", data={"code": ...}, organisations=[company])

runs inside the caller's transaction (the outbox): it writes the event and one
delivery per enabled endpoint of those organisations that subscribed to the type,
and hands the deliveries to the task worker once the transaction commits. A change
that rolls back leaves neither event nor delivery, and nothing is sent. When none
of the organisations has an endpoint for the type, it costs one indexed query and
writes nothing.

`data` is small and JSON-serialisable: ids and codes, amounts as strings (a
`Decimal` or a date is written as a string too).
"""

import json
import secrets
from collections.abc import Iterable
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kivoucher.webhooks.models import Delivery, Endpoint, Event

EVENT_TYPES = {
    "voucher.issued": _("A voucher (line I) was issued."),
    "application.decided": _("An application (line I) was decided."),
    "compute_voucher.issued": _("A compute voucher was issued."),
    "compute_voucher.threshold_reached": _("A compute voucher is 80 or 100 percent used."),
    "compute_voucher.expired": _("A compute voucher expired."),
    "slot.allocated": _("Compute time slots were allocated to a slot request."),
    "payout.paid": _("A payout was paid."),
    "webhook.test": _("A test message (sent on request)."),
}
TEST_EVENT = "webhook.test"


def message_id_new() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def body_render(*, type: str, data: dict, at=None) -> str:  # noqa: A002
    at = at or timezone.now()
    payload = {
        "type": type,
        "timestamp": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def _organisation_ids(organisations: Iterable) -> set[int]:
    ids = set()
    for org in organisations:
        if org is None:
            continue
        ids.add(org if isinstance(org, int) else org.pk)
    return ids


def _deliveries_schedule(ids: list[int]) -> None:
    if ids:
        from kivoucher.webhooks.services import deliveries_schedule

        transaction.on_commit(lambda: deliveries_schedule(delivery_ids=ids))


def events_emit(*, type: str, items: list[tuple[dict, Iterable]]) -> list[Event]:  # noqa: A002
    """Many events of one type at once, each `(data, organisations)`: one query for
    the endpoints of all of them, whatever their number."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {type!r}")
    wanted = [(data, _organisation_ids(orgs)) for data, orgs in items]
    all_ids = set().union(*(ids for _data, ids in wanted)) if wanted else set()
    if not all_ids:
        return []
    subscribed: dict[int, list[int]] = {}
    for pk, organisation_id, events in Endpoint.objects.filter(
        organisation_id__in=all_ids, enabled=True
    ).values_list("pk", "organisation_id", "events"):
        if type in (events or []):
            subscribed.setdefault(organisation_id, []).append(pk)
    if not subscribed:
        return []
    now = timezone.now()
    pending = []
    for data, ids in wanted:
        endpoints = sorted({pk for org in ids for pk in subscribed.get(org, [])})
        if endpoints:
            pending.append((Event(type=type, body=body_render(type=type, data=data)), endpoints))
    events = Event.objects.bulk_create([event for event, _endpoints in pending])
    deliveries = Delivery.objects.bulk_create(
        Delivery(event=event, endpoint_id=pk, message_id=message_id_new(), next_attempt_at=now)
        for event, (_event, endpoints) in zip(events, pending, strict=True)
        for pk in endpoints
    )
    _deliveries_schedule([d.pk for d in deliveries])
    return events


def event_emit(*, type: str, data: dict, organisations: Iterable) -> Event | None:  # noqa: A002
    """Tell `organisations` (Organisation objects or ids) of an event, in the caller's
    transaction. Returns the event, or None when no endpoint wants it."""
    events = events_emit(type=type, items=[(data, organisations)])
    return events[0] if events else None
