"""Main pages and API reads under 32 concurrent clients, against a bare Django view
returning constant JSON served by the same gunicorn in the same run.

The demo data is grown to BENCH_APPLICATIONS applications (default 100,000; copies
of the demo applications in every state over 1,000 companies, bench/fixtures.py).
Prints requests/s, p50 and p95 per target and the throughput ratio to the bare view;
targets: p95 under 100 ms, page throughput at least half the bare view's.
`BENCH_ENGINES=sqlite,postgres` (default: both when PostgreSQL answers).
"""

import os

from bench_compute_ingest import fixture
from common import (
    Server,
    bearer_token,
    fresh_database,
    kivoucher,
    load,
    pg_available,
    session_cookie,
)

CONCURRENCY = 32
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1500"))
APPLICATIONS = os.environ.get("BENCH_APPLICATIONS", "100000")
# (label, path, who: None = public, "token:<user>" = bearer, "session:<user>" = signed in)
TARGETS = [
    ("public start page", "/", None),
    ("calls and budgets page", "/calls/", None),
    ("applicant start page", "/home/", "session:applicant"),
    ("API calls list", "/api/v1/programmes/calls", "token:applicant"),
    ("API own organisation", "/api/v1/me", "token:applicant"),
    ("caseworker queue", "/applications/queue/", "session:caseworker"),
    ("company start page", "/home/", "session:applicant"),
    ("voucher detail page", "/vouchers/{voucher}/", "session:applicant"),
    ("API voucher balance (line I)", "/api/v1/applications/vouchers/{voucher}", "token:applicant"),
    (
        "API compute voucher balance",
        "/api/v1/compute/vouchers/{compute_voucher}",
        "token:dc-operator",
    ),
]


def headers_for(env: dict, who: str | None) -> dict:
    if who is None:
        return {}
    kind, user = who.split(":", 1)
    if kind == "token":
        return {"Authorization": f"Bearer {bearer_token(env, user)}"}
    return {"Cookie": f"sessionid={session_cookie(env, user)}"}


def run(engine: str) -> None:
    env, _ = fresh_database(engine, "pages")
    kivoucher(env, "demo")
    data = fixture(env, "applications_bulk", APPLICATIONS)
    print(f"[{engine}] data set: {data['applications']:,} applications")
    with Server(env, workers=4) as server:
        load(f"{server.url}/_bench/constant", requests=200)  # warm up the workers
        baseline = load(f"{server.url}/_bench/constant", concurrency=CONCURRENCY, requests=REQUESTS)
        print(f"[{engine}] {baseline.line('baseline: bare Django view, constant JSON')}")
        for label, path, who in TARGETS:
            result = load(
                f"{server.url}{path.format(**data)}",
                concurrency=CONCURRENCY,
                requests=REQUESTS,
                headers=headers_for(env, who),
            )
            ratio = result.rps / baseline.rps
            verdict = "ok" if result.percentile(95) < 100 and ratio >= 0.5 else "MISSED"
            print(
                f"[{engine}] {result.line(label)}; throughput ratio to bare view {ratio:.2f}"
                f" (target p95 < 100 ms, ratio >= 0.5: {verdict})"
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
