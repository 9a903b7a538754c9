"""Main pages and API reads under 32 concurrent clients, against a bare Django view
returning constant JSON served by the same gunicorn in the same run.

The demo data is grown to BENCH_APPLICATIONS applications (default 100,000; copies
of the demo applications in every state over 1,000 companies, bench/fixtures.py).
Prints the medians over BENCH_RUNS rounds (default 3) of requests/s, p50 and p95 per
target and of the throughput ratio to the bare view, which is measured right before
each target. Targets (issue 20): every HTML page serves at least as many requests per
second as the Django admin's changelist of the same model over the same rows, served
the same way and signed in (a superuser with the second factor given, as staff sign
in), measured in the same round (`CHANGELIST_FOR`; ratio page/changelist >= 1); the
API reads at least half the bare view's requests per second.

These rounds saturate the server (every client asks again as soon as it has its
answer), so their p95 is mostly queueing: 32 clients over two cores. A paced round
follows, in which each of the 32 clients asks BENCH_PACE times a second (default 1,
as people who read a page before the next click) for BENCH_PACED_SECONDS (default
10): its p50 and p95 are the latency people see at that load.
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
    median,
    pg_available,
    session_cookie,
)

CONCURRENCY = 32
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
APPLICATIONS = os.environ.get("BENCH_APPLICATIONS", "100000")
PACE = float(os.environ.get("BENCH_PACE", "1"))
PACED_SECONDS = float(os.environ.get("BENCH_PACED_SECONDS", "10"))
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
    ("application list page", "/applications/", "session:applicant"),
    ("voucher list page", "/vouchers/", "session:applicant"),
    # the baselines of the HTML pages: the admin's changelists of the same models
    ("admin changelist: applications", "/admin/applications/application/", "session:admin"),
    ("admin changelist: vouchers", "/admin/applications/voucher/", "session:admin"),
    ("admin changelist: calls", "/admin/programmes/call/", "session:admin"),
]
# HTML page -> the admin changelist of the model it shows (target: page/changelist >= 1)
CHANGELIST_FOR = {
    "public start page": "admin changelist: calls",
    "calls and budgets page": "admin changelist: calls",
    "applicant start page": "admin changelist: applications",
    "company start page": "admin changelist: applications",
    "caseworker queue": "admin changelist: applications",
    "application list page": "admin changelist: applications",
    "voucher detail page": "admin changelist: vouchers",
    "voucher list page": "admin changelist: vouchers",
}


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
    print(
        f"[{engine}] data set: {data['applications']:,} applications; gunicorn {WORKERS} workers"
        f" x {THREADS} threads; {CONCURRENCY} clients; median of {RUNS} rounds"
    )
    headers = {who: headers_for(env, who) for _label, _path, who in TARGETS}
    baselines, results = [], {label: [] for label, _path, _who in TARGETS}
    rounds: list[dict[str, float]] = []  # requests/s per target, per round
    with Server(env, workers=WORKERS, threads=THREADS) as server:
        load(f"{server.url}/_bench/constant", requests=200)  # warm up the workers
        for _round in range(RUNS):
            rounds.append({})
            for label, path, who in TARGETS:
                # The baseline is measured right before each target, so that both see
                # the same machine (the cores are shared with the load client).
                baselines.append(
                    load(
                        f"{server.url}/_bench/constant", concurrency=CONCURRENCY, requests=REQUESTS
                    )
                )
                result = load(
                    f"{server.url}{path.format(**data)}",
                    concurrency=CONCURRENCY,
                    requests=REQUESTS,
                    headers=headers[who],
                )
                assert result.errors == 0, f"{label}: {result.samples}"
                results[label].append((result, result.rps / baselines[-1].rps))
                rounds[-1][label] = result.rps
        paced = {
            label: load(
                f"{server.url}{path.format(**data)}",
                concurrency=CONCURRENCY,
                requests=round(CONCURRENCY * PACE * PACED_SECONDS),
                headers=headers[who],
                pace=PACE,
            )
            for label, path, who in [("bare Django view", "/_bench/constant", None), *TARGETS]
        }
    rps = median(b.rps for b in baselines)
    p95 = median(b.percentile(95) for b in baselines)
    print(
        f"[{engine}] baseline, bare Django view (constant JSON): {rps:,.0f} req/s, p95 {p95:.1f} ms"
    )
    for label, measured in results.items():
        rps = median(r.rps for r, _ in measured)
        p50 = median(r.percentile(50) for r, _ in measured)
        p95 = median(r.percentile(95) for r, _ in measured)
        ratio = median(ratio for _, ratio in measured)
        line = (
            f"[{engine}] {label}: {rps:,.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms;"
            f" ratio to bare view {ratio:.2f}"
        )
        if label in CHANGELIST_FOR:
            changelist = CHANGELIST_FOR[label]
            to_admin = median(r[label] / r[changelist] for r in rounds)
            verdict = "ok" if to_admin >= 1 else "MISSED"
            line += f"; ratio to {changelist} {to_admin:.2f} (target >= 1: {verdict})"
        elif label.startswith("API"):
            line += f" (target >= 0.5: {'ok' if ratio >= 0.5 else 'MISSED'})"
        print(line)
    offered = CONCURRENCY * PACE
    for label, result in paced.items():
        assert result.errors == 0, f"{label}, paced: {result.samples}"
        verdict = "ok" if result.percentile(95) < 100 else "MISSED"
        print(
            f"[{engine}] paced, {CONCURRENCY} clients at {PACE:g} req/s each ({offered:g} req/s"
            f" offered): {label}: p50 {result.percentile(50):.1f} ms,"
            f" p95 {result.percentile(95):.1f} ms (p95 < 100 ms: {verdict})"
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
