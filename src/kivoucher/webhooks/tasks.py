"""Background work of webhooks (django-tasks): one attempt of one delivery.

`delivery_send` is enqueued when a delivery is written (after the commit) and, on a
backend that can defer, again for each retry (`run_after`). `deliveries_send_due`
(kivoucher.webhooks.services) sends whatever is due, for workers that poll and for
backends that cannot defer."""

from django_tasks import task

from kivoucher.webhooks.services import delivery_attempt


@task()
def delivery_send(delivery_id: int) -> str:
    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "not due"
