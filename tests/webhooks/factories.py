"""Sample webhook objects for the authorisation matrix (tests/security/samples.py)."""

from django.utils import timezone

# Port 9 (discard) on the loopback: nothing listens, an attempt fails at once.
SAMPLE_URL = "http://127.0.0.1:9/matrix"


def endpoint(org):
    """An endpoint of `org` (once per test and organisation)."""
    from tests.security.objects import _once

    def make():
        from kivoucher.webhooks.services import endpoint_create

        return endpoint_create(
            actor=None, organisation=org, url=SAMPLE_URL, events=["payout.paid"]
        )[0]

    return _once("webhook_endpoint", org, make)


def delivery(org):
    """A delivered message of `org`'s endpoint (may be sent again)."""
    from tests.security.objects import _once

    def make():
        from kivoucher.webhooks.events import TEST_EVENT, body_render, message_id_new
        from kivoucher.webhooks.models import Delivery, Event

        event = Event.objects.create(type=TEST_EVENT, body=body_render(type=TEST_EVENT, data={}))
        return Delivery.objects.create(
            event=event,
            endpoint=endpoint(org),
            message_id=message_id_new(),
            status=Delivery.Status.SUCCEEDED,
            attempts=1,
            last_attempt_at=timezone.now(),
            last_status_code=204,
            last_duration_ms=3,
        )

    return _once("webhook_delivery", org, make)
