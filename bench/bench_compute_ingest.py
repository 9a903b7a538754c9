"""Usage ingest over HTTP (DESIGN §6): batches of 1,000 records posted by concurrent
data-centre clients to `kivoucher serve` (gunicorn, 4 workers) on a fresh database
with the demo data, against the bare Django view of the same server in the same run.

Prints records/s, p50/p95 per batch and the ratio of batches/s to requests/s of the
bare view (a batch is 1,000 records, so the ratio is small by nature).
`BENCH_ENGINES=sqlite,postgres` (default: both when PostgreSQL answers),
`BENCH_BATCHES` (default 40), `BENCH_CLIENTS` (default 4).
"""

import json
import os
import urllib.request
from datetime import UTC, datetime, timedelta

from common import Server, bearer_token, fresh_database, kivoucher, load, pg_available

BATCH = 1000
BATCHES = int(os.environ.get("BENCH_BATCHES", "40"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))


def vouchers(server: Server, token: str) -> list[str]:
    request = urllib.request.Request(  # noqa: S310
        f"{server.url}/api/v1/compute/vouchers", headers={"Authorization": f"Bearer {token}"}
    )
    body = json.loads(urllib.request.urlopen(request, timeout=10).read())  # noqa: S310
    return [v["code"] for v in body if v["status"] == "active"]


def run(engine: str) -> None:
    env, _ = fresh_database(engine, "ingest")
    kivoucher(env, "demo")
    token = bearer_token(env, "dc-operator")
    headers = {"Authorization": f"Bearer {token}"}
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    start = (end - timedelta(hours=1)).isoformat()
    with Server(env, workers=4) as server:
        codes = vouchers(server, token)

        def batch(n: int) -> dict:
            return {
                "records": [
                    {
                        "id": f"bench-{n}-{i}",
                        "voucher": codes[i % len(codes)],
                        "resource": "h100-80gb",
                        "quantity": "0.1",
                        "start": start,
                        "end": end.isoformat(),
                    }
                    for i in range(BATCH)
                ]
            }

        bodies = [batch(n) for n in range(BATCHES + 8)]
        load(f"{server.url}/_bench/constant", requests=200)  # warm up the workers
        baseline = load(f"{server.url}/_bench/constant", concurrency=CLIENTS, requests=400)
        print(f"[{engine}] {baseline.line('baseline: bare Django view, constant JSON')}")
        load(  # warm up the ingest path (first batches compile and cache)
            f"{server.url}/api/v1/compute/usage",
            concurrency=CLIENTS,
            requests=8,
            method="POST",
            headers=headers,
            body_for=lambda i: bodies[BATCHES + i],
        )
        result = load(
            f"{server.url}/api/v1/compute/usage",
            concurrency=CLIENTS,
            requests=BATCHES,
            method="POST",
            headers=headers,
            body_for=lambda i: bodies[i],
        )
        print(
            f"[{engine}] usage ingest, batches of {BATCH}, {CLIENTS} clients: "
            f"{result.rps * BATCH:,.0f} records/s ({result.line('batches')}); "
            f"batches/s to bare-view requests/s {result.rps / baseline.rps:.3f}"
        )
        again = load(
            f"{server.url}/api/v1/compute/usage",
            concurrency=CLIENTS,
            requests=BATCHES,
            method="POST",
            headers=headers,
            body_for=lambda i: bodies[i],
        )
        print(
            f"[{engine}] the same batches again (all duplicates): "
            f"{again.rps * BATCH:,.0f} records/s"
        )


def main() -> None:
    engines = os.environ.get("BENCH_ENGINES")
    chosen = (
        engines.split(",") if engines else ["sqlite"] + (["postgres"] if pg_available() else [])
    )
    for engine in chosen:
        run(engine)


if __name__ == "__main__":
    main()
