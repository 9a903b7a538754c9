"""Contention on PostgreSQL: 64 concurrent approvals against one call budget (line I)
and 64 concurrent usage batches against one voucher (line II), through a production
server (gunicorn, 4 workers). Prints throughput, answers and client retries (a retry
is a resend after a 5xx or a dropped connection), checks zero over-commitment, and
compares with the same requests spread over ten vouchers (no shared lock) and with
the bare Django view, measured in the same run. Medians of RUNS runs.
"""

import asyncio
import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx

from bench_compute_ingest import fixture
from common import Server, fresh_database, load, median, pg_available

CONCURRENCY = 64
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PER_BATCH = 100


def burst(url_for, body_for, headers: dict, n: int = CONCURRENCY):
    """n requests at once; returns (seconds, answers by status, retries)."""

    async def run():
        retries = 0
        statuses: Counter = Counter()
        async with httpx.AsyncClient(
            headers=headers, timeout=120, limits=httpx.Limits(max_connections=n)
        ) as client:

            async def one(i):
                nonlocal retries
                for _attempt in range(5):
                    try:
                        response = await client.post(url_for(i), json=body_for(i))
                    except httpx.TransportError:
                        retries += 1
                        continue
                    if response.status_code >= 500:
                        retries += 1
                        continue
                    statuses[response.status_code] += 1
                    return response.json()
                statuses["gave up"] += 1
                return None

            started = time.perf_counter()
            answers = await asyncio.gather(*(one(i) for i in range(n)))
            return time.perf_counter() - started, statuses, retries, answers

    return asyncio.run(run())


def usage_body(vouchers: list[str], tag: str):
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    start = (end - timedelta(hours=1)).isoformat()

    def body(i: int) -> dict:
        return {
            "records": [
                {
                    "id": f"{tag}-{i}-{k}",
                    "voucher": vouchers[i % len(vouchers)],
                    "resource": "h100-80gb",
                    "quantity": "1",  # 2.50 EUR
                    "start": start,
                    "end": end.isoformat(),
                }
                for k in range(PER_BATCH)
            ]
        }

    return body


def main() -> None:
    if not pg_available():
        print("PostgreSQL is not reachable: the contention benchmark runs on PostgreSQL only")
        return
    env, _ = fresh_database("postgres", "contention")
    figures: dict[str, list[float]] = {}
    retries: Counter = Counter()
    with Server(env, workers=4) as server:
        load(f"{server.url}/_bench/constant", requests=200)
        for run in range(RUNS):
            bare = load(f"{server.url}/_bench/constant", concurrency=CONCURRENCY, requests=640)
            figures.setdefault("bare Django view", []).append(bare.rps)

            # approvals: 64 x 32,000 EUR against 1,000,000 EUR: 31 fit
            setup = fixture(env, "approvals", str(CONCURRENCY), "1000000")
            seconds, statuses, tries, _ = burst(
                lambda i, s=setup: (
                    f"{server.url}/api/v1/applications/{s['applications'][i]}/decision"
                ),
                lambda i: {"approve": True},
                {"Authorization": f"Bearer {setup['token']}"},
            )
            figures.setdefault("64 approvals, one call budget", []).append(CONCURRENCY / seconds)
            retries["approvals"] += tries
            budget = fixture(env, "budget_figures", str(setup["call"]))
            committed = Decimal(budget["committed"])
            assert statuses == Counter({200: 31, 409: 33}), statuses
            assert committed == 31 * Decimal("32000") <= Decimal("1000000"), budget
            assert Decimal(budget["available"]) >= 0, budget

            # usage: 64 batches of 100 records (2.50 EUR each) against one voucher of 1,000
            one = fixture(env, "compute", "1", "1000", f"dc-one-{run}")
            seconds, statuses, tries, answers = burst(
                lambda i: f"{server.url}/api/v1/compute/usage",
                usage_body(one["vouchers"], f"one{run}"),
                {"Authorization": f"Bearer {one['token']}"},
            )
            figures.setdefault("64 usage batches, one voucher", []).append(
                CONCURRENCY * PER_BATCH / seconds
            )
            retries["usage, one voucher"] += tries
            assert statuses == Counter({200: CONCURRENCY}), statuses
            check = fixture(env, "voucher_check", one["vouchers"][0])
            charged = sum(
                Decimal(r["charged"])
                for a in answers
                for r in a["results"]
                if r["status"] == "accepted"
            )
            assert check["balance"] == check["ledger"] == "0.00", check
            assert Decimal(check["charged"]) == charged == Decimal("1000.00"), (check, charged)
            assert check["records"] == CONCURRENCY * PER_BATCH, check

            # the same batches over ten vouchers (baseline: less lock contention)
            ten = fixture(env, "compute", "10", "5000", f"dc-ten-{run}")
            seconds, statuses, tries, _ = burst(
                lambda i: f"{server.url}/api/v1/compute/usage",
                usage_body(ten["vouchers"], f"ten{run}"),
                {"Authorization": f"Bearer {ten['token']}"},
            )
            figures.setdefault("64 usage batches, ten vouchers", []).append(
                CONCURRENCY * PER_BATCH / seconds
            )
            retries["usage, ten vouchers"] += tries
    base = median(figures["bare Django view"])
    print(f"bare Django view (64 clients): {base:,.0f} req/s (median of {RUNS})")
    a = median(figures["64 approvals, one call budget"])
    print(
        f"64 concurrent approvals, one call budget: {a:,.1f} approvals/s, "
        f"retries {retries['approvals']}, over-commitment 0 (31 approved, 33 refused); "
        f"ratio to bare view {a / base:.3f}"
    )
    one_v = median(figures["64 usage batches, one voucher"])
    ten_v = median(figures["64 usage batches, ten vouchers"])
    print(
        f"64 concurrent usage batches, one voucher: {one_v:,.0f} records/s "
        f"({one_v / PER_BATCH:,.1f} batches/s), retries {retries['usage, one voucher']}, "
        f"balance never below zero, charged = value"
    )
    print(
        f"baseline, same batches over ten vouchers: {ten_v:,.0f} records/s, "
        f"retries {retries['usage, ten vouchers']}; ratio one/ten {one_v / ten_v:.2f}"
    )


if __name__ == "__main__":
    main()
