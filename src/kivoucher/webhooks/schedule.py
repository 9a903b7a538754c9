"""The worker's periodic hook for webhooks (kivoucher.core.schedule): every few
seconds, send the deliveries whose attempt is due. The tasks enqueued on commit (and,
on the database backend, for each retry) usually come first; this sweep catches
retries on backends that cannot defer and attempts abandoned by a killed worker.
Safe in several workers at once (deliveries are claimed with skip_locked)."""

from kivoucher.core.schedule import every
from kivoucher.webhooks.services import deliveries_send_due

ROUNDS = 10
BATCH = 100


@every(5, "webhooks.deliveries")
def webhooks_send_due() -> int:
    sent = 0
    for _round in range(ROUNDS):
        batch = deliveries_send_due(limit=BATCH)
        sent += batch
        if batch < BATCH:
            break
    return sent
