"""Issue 7, point 6: a usage stream survives a hard crash of the server.

The real server (gunicorn) on PostgreSQL receives usage batches from two senders;
it is killed with SIGKILL (master and workers) while batches are in flight,
restarted, and every batch is sent again. What was answered `accepted` before the
crash is stored exactly once, nothing is half-applied, the resent records come
back `duplicate` (or `accepted` where their batch never committed) and each
voucher's balance is its value minus the sum of accepted charges, as in the ledger.
"""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from django.utils import timezone

from kivoucher.compute.models import ComputeVoucher, IngestBatch, UsageRecord
from kivoucher.core.tokens import api_token_create
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.reliability.server import LiveServer

D = Decimal
BATCHES = 40
PER_BATCH = 200


def batches_for(vouchers) -> list[list[dict]]:
    end = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    start = end - timedelta(hours=2)
    out = []
    for b in range(BATCHES):
        out.append(
            [
                {
                    "id": f"job-{b}-{i}",
                    "voucher": vouchers[(b + i) % len(vouchers)].code,
                    "resource": "h100-80gb",
                    "quantity": str(D(1 + (i % 4)) / 2),  # 0.5 .. 2 GPU hours
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                }
                for i in range(PER_BATCH)
            ]
        )
    return out


def post(client: httpx.Client, url: str, records: list[dict]) -> list[dict]:
    response = client.post(f"{url}/api/v1/compute/usage", json={"records": records}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    results = response.json()["results"]
    assert [r["id"] for r in results] == [r["id"] for r in records]
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_usage_stream_survives_sigkill_of_the_server(tmp_path):
    dc = make_data_centre("dc-crash")
    # one voucher runs dry during the stream (charges capped, the rest uncovered)
    vouchers = [issue(dc, value=D("100000.00")), issue(dc, value=D("250.00"))]
    _token, key = api_token_create(user=operator_of(dc))
    headers = {"Authorization": f"Bearer {key}"}
    batches = batches_for(vouchers)

    answered: dict[int, list[dict]] = {}
    failed: set[int] = set()
    errors: list[BaseException] = []  # anything but the crash fails the test
    queue = list(range(BATCHES))
    lock = threading.Lock()
    crashed = threading.Event()

    def sender(url: str) -> None:
        with httpx.Client(headers=headers) as client:
            while not crashed.is_set():
                with lock:
                    if not queue:
                        return
                    n = queue.pop(0)
                try:
                    answered[n] = post(client, url, batches[n])
                except httpx.HTTPError:
                    failed.add(n)  # cut off by the crash: no answer
                    return
                except Exception as exc:  # noqa: BLE001  (reported below, not lost in the thread)
                    errors.append(exc)
                    return

    server = LiveServer(workers=2, tmp_dir=str(tmp_path))
    try:
        senders = [threading.Thread(target=sender, args=(server.url,)) for _ in range(2)]
        for t in senders:
            t.start()
        deadline = time.monotonic() + 120
        while len(answered) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.kill()  # mid-stream: both senders have a batch in flight
        crashed.set()
        for t in senders:
            t.join(60)
    finally:
        server.kill()
    assert not errors, f"a sender got an answer it should not: {errors[0]}"
    assert len(answered) >= 4, "the server answered too few batches before the deadline"
    assert len(answered) < BATCHES, "the crash came after the whole stream"

    # what the crash left: only whole batches, each with its ledger transfers
    stored = {r.record_id: r for r in UsageRecord.objects.filter(data_centre=dc)}
    accepted_before = {
        r["id"]: D(r["charged"])
        for res in answered.values()
        for r in res
        if r["status"] == "accepted"
    }
    assert set(accepted_before) <= set(stored)
    for rid, charged in accepted_before.items():
        assert stored[rid].charged == charged
    batch_ids = {r.batch_id for r in stored.values()}
    for batch in IngestBatch.objects.filter(pk__in=batch_ids):
        assert batch.records.count() == PER_BATCH  # no half-applied batch
    for n in set(range(BATCHES)) - set(answered) - failed:
        assert not any(f"job-{n}-{i}" in stored for i in range(PER_BATCH))

    # restart and resend everything
    with (
        LiveServer(workers=2, tmp_dir=str(tmp_path)) as server,
        httpx.Client(headers=headers) as client,
    ):
        resent = {n: post(client, server.url, batches[n]) for n in range(BATCHES)}
    accepted_after = {}
    for n, results in resent.items():
        for r in results:
            if r["id"] in accepted_before or r["id"] in stored:
                assert r["status"] == "duplicate", r
                assert D(r["charged"]) == 0
            else:
                assert r["status"] == "accepted", r
                assert n not in answered
                accepted_after[r["id"]] = D(r["charged"])

    records = UsageRecord.objects.filter(data_centre=dc)
    assert records.count() == BATCHES * PER_BATCH
    assert records.values("record_id").distinct().count() == BATCHES * PER_BATCH
    all_accepted = {**accepted_before, **accepted_after}
    previously_stored = {rid: r.charged for rid, r in stored.items()}
    assert {**previously_stored, **all_accepted} == {r.record_id: r.charged for r in records}
    for voucher in ComputeVoucher.objects.filter(pk__in=[v.pk for v in vouchers]):
        account = Account.objects.get(pk=voucher.account_id)
        charged = sum((r.charged for r in records.filter(voucher=voucher)), D("0"))
        assert account.balance >= 0
        assert account.balance == account_balance_from_transfers(account=account)
        assert account.balance == voucher.value - charged
    # the small voucher ran dry: the rest was reported as uncovered, not charged
    assert Account.objects.get(pk=vouchers[1].account_id).balance == 0
    assert Transfer.objects.filter(source_id=vouchers[1].account_id).count() >= 1
    assert ledger_total_balance() == 0
