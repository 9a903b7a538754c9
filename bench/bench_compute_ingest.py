"""Usage ingest over HTTP (DESIGN §6): records/s through a production server
(gunicorn, `kivoucher serve`, 4 workers) for batches of 1,000, 10 and 1, on
PostgreSQL and on SQLite, against raw inserts of the same rows into the same table
in the same run (psycopg executemany and COPY; sqlite3 executemany), and requests/s
of batches of 1 against the bare Django view (constant JSON) with as many clients,
and requests/s of batches of 1 and 10 against what any request with a token costs
(an API operation behind the token check that answers constant JSON, bench/urls.py)
and against the simplest read a data centre makes with its token (one voucher,
`GET /api/v1/compute/vouchers/<code>`); and milliseconds per request of batches
of 1 and 10 sent by one client, one after the other (a data centre posting as its
jobs end).

A batch of 10 or 1 is one finished job's records, so one voucher (the batches
take the ten vouchers in turn); "batches of 10, ten vouchers each" is the shape
measured before 2026-12-02, every batch naming all ten vouchers, so that all its
batches wait for one another on the vouchers' locks.

Each figure is the median of RUNS runs. Targets (issue 20, PostgreSQL): batches of
1,000 >= 0.4 of the raw executemany rate, batches of 10 >= 3,500 records/s, batches
of 1 >= 300 requests/s and >= 0.35 of the bare view; SQLite batches of 1,000 >= 0.15
of sqlite3 executemany. Where a request's time goes: profile_ingest.py.
`BENCH_ENGINES=sqlite,postgres` (default: both when PostgreSQL answers).
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import ROOT, Server, fresh_database, load, median, pg_available

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
WORKERS = 4
# (records per batch, batches per run, concurrent senders, vouchers per batch)
SHAPES = [(1000, 16, 4, 10), (10, 600, 16, 1), (10, 600, 16, 10), (1, 1200, 16, 1)]
BARE_REQUESTS = 2400
TABLE = "compute_usagerecord"


def fixture(env: dict, name: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fixtures.py"), name, *args],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"bench/fixtures.py {name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest_rate(
    server: Server, setup: dict, size: int, batches: int, senders: int, tag: str, spread: int = 10
):
    """Records/s; batch n names `spread` vouchers, from the n-th one on."""
    vouchers = setup["vouchers"]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    start = (end - timedelta(hours=1)).isoformat()

    def body(n: int) -> dict:
        return {
            "records": [
                {
                    "id": f"{tag}-{n}-{i}",
                    "voucher": vouchers[(n + i % spread) % len(vouchers)],
                    "resource": "h100-80gb",
                    "quantity": "0.5",
                    "start": start,
                    "end": end.isoformat(),
                }
                for i in range(size)
            ]
        }

    bodies = [body(n) for n in range(batches)]  # built before the clock starts
    result = load(
        f"{server.url}/api/v1/compute/usage",
        concurrency=senders,
        requests=batches,
        method="POST",
        headers={"Authorization": f"Bearer {setup['token']}"},
        body_for=bodies.__getitem__,
    )
    assert result.errors == 0, f"{result.errors} failed requests: {result.samples}"
    return size * batches / result.seconds


def stored_rows(env: dict, engine: str, limit: int):
    """Rows the server stored (all columns but id), to insert again as raw rows."""
    if engine == "postgres":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            cur = conn.execute(f"SELECT * FROM {TABLE} ORDER BY id LIMIT {limit}")  # noqa: S608
            columns = [d.name for d in cur.description]
            return columns, cur.fetchall()
    conn = sqlite3.connect(Path(env["KIVOUCHER_DATA_DIR"]) / "kivoucher.sqlite3")
    cur = conn.execute(f"SELECT * FROM {TABLE} ORDER BY id LIMIT {limit}")  # noqa: S608
    columns = [d[0] for d in cur.description]
    rows = cur.fetchall()
    conn.close()
    return columns, rows


def raw_rates(env: dict, engine: str, n: int, run: int) -> dict[str, float]:
    columns, rows = stored_rows(env, engine, n)
    keep = [i for i, c in enumerate(columns) if c != "id"]
    rid = columns.index("record_id")
    names = [f'"{columns[i]}"' for i in keep]

    def fresh(kind: str) -> list[tuple]:
        out = []
        for k, row in enumerate(rows):
            row = list(row)
            row[rid] = f"raw-{kind}-{run}-{k}"
            out.append(tuple(row[i] for i in keep))
        return out

    rates = {}
    placeholders = ", ".join(["%s" if engine == "postgres" else "?"] * len(names))
    insert = f"INSERT INTO {TABLE} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608
    if engine == "postgres":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            data = fresh("em")
            started = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(insert, data)
            rates["psycopg executemany"] = len(data) / (time.perf_counter() - started)
            data = fresh("copy")
            started = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                with cur.copy(f"COPY {TABLE} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
            rates["psycopg COPY"] = len(data) / (time.perf_counter() - started)
    else:
        conn = sqlite3.connect(Path(env["KIVOUCHER_DATA_DIR"]) / "kivoucher.sqlite3")
        data = fresh("em")
        started = time.perf_counter()
        with conn:
            conn.executemany(insert, data)
        rates["sqlite3 executemany"] = len(data) / (time.perf_counter() - started)
        conn.close()
    return rates


def run(engine: str) -> None:
    env, _ = fresh_database(engine, "ingest")
    setup = fixture(env, "compute", "10")
    with Server(env, workers=WORKERS) as server:
        ingest_rate(server, setup, 100, 8, 4, "warm")  # warm the workers up
        figures: dict[str, list[float]] = {}
        latencies: dict[int, list[float]] = {}
        for run_no in range(RUNS):
            for size, batches, senders, spread in SHAPES:
                tag = f"r{run_no}-{size}-{spread}"
                rate = ingest_rate(server, setup, size, batches, senders, tag, spread)
                label = f"HTTP ingest, batches of {size:,}"
                if spread > 1 and size < 1000:
                    label += f", {spread} vouchers each"
                figures.setdefault(label, []).append(rate)
            for size in (1, 10):  # one data centre posting after each job, one at a time
                rate = ingest_rate(server, setup, size, 300, 1, f"r{run_no}-one-{size}", 1)
                latencies.setdefault(size, []).append(size / rate * 1000)
            token = {"Authorization": f"Bearer {setup['token']}"}
            for label, path, headers in [
                ("bare Django view", "/_bench/constant", None),
                ("token read", f"/api/v1/compute/vouchers/{setup['vouchers'][0]}", token),
                ("token constant", "/_bench/token/constant", token),
            ]:
                done = load(
                    server.url + path, concurrency=16, requests=BARE_REQUESTS, headers=headers
                )
                assert done.errors == 0, done.samples
                figures.setdefault(f"{label}, requests", []).append(done.rps)
            for label, rate in raw_rates(env, engine, 10_000, run_no).items():
                figures.setdefault(f"raw {label}", []).append(rate)
    baseline_label = next(k for k in figures if "executemany" in k)
    baseline = median(figures[baseline_label])
    bare = median(figures.pop("bare Django view, requests"))
    read = median(figures.pop("token read, requests"))
    floor = median(figures.pop("token constant, requests"))
    for label, rates in figures.items():
        m = median(rates)
        print(
            f"[{engine}] {label}: {m:,.0f} records/s (median of {len(rates)}); "
            f"ratio to {baseline_label}: {m / baseline:.2f}"
        )
    ones = median(figures["HTTP ingest, batches of 1"])
    tens = median(figures["HTTP ingest, batches of 10"]) / 10
    print(
        f"[{engine}] batches of 1: {ones:,.0f} requests/s; bare Django view (16 clients) "
        f"{bare:,.0f} requests/s; ratio {ones / bare:.2f}"
    )
    for label, rate in [
        ("API operation with the token check only (bench/urls.py)", floor),
        ("token read of one voucher (GET /api/v1/compute/vouchers/<code>)", read),
    ]:
        print(
            f"[{engine}] {label}, 16 clients: {rate:,.0f} requests/s; batches of 1: ratio "
            f"{ones / rate:.2f}; batches of 10 ({tens:,.0f} requests/s): ratio {tens / rate:.2f}"
        )
    for size, times in latencies.items():
        print(
            f"[{engine}] one client, batches of {size}: {median(times):.2f} ms per request "
            f"(median of {len(times)})"
        )
    check = fixture(env, "voucher_check", setup["vouchers"][0])
    assert Decimal(check["balance"]) == Decimal(check["ledger"]), check


def main() -> None:
    engines = os.environ.get("BENCH_ENGINES")
    chosen = (
        engines.split(",") if engines else ["sqlite"] + (["postgres"] if pg_available() else [])
    )
    for engine in chosen:
        run(engine)


if __name__ == "__main__":
    main()
