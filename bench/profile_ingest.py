"""Where a usage batch's time goes: `POST /api/v1/compute/usage` requested in-process
(django.test.Client, no HTTP) with batches of 1, 10 and 1,000 records, with
milliseconds per request (wall and CPU), database queries per request and, with
`PROFILE=<size>`, a pyinstrument profile; `QUERIES=1` lists the queries of one
request with their times.

Makes its own database (`<BENCH_DB_PREFIX>_profile_ingest` on PostgreSQL, dropped
and created afresh; `BENCH_ENGINES=sqlite` for a temporary SQLite file) with the
set-up of bench_compute_ingest.py (a data centre, ten vouchers, a token).
`BENCH_REPEAT` sets the requests per size (default 200; batches of 1,000 a tenth),
`BENCH_SPREAD` the vouchers a batch names (default 10).

    cd bench && ../.venv/bin/python profile_ingest.py
    cd bench && PROFILE=10 ../.venv/bin/python profile_ingest.py
"""

import json
import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
ENGINE = os.environ.get("BENCH_ENGINES", "postgres").split(",")[0]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DB = f"{os.environ.get('BENCH_DB_PREFIX', 'kiv_bench')}_profile_ingest"
os.environ.update(
    DJANGO_SETTINGS_MODULE="kivoucher.settings",
    KIVOUCHER_URLCONF="bench.urls",
    KIVOUCHER_DEBUG="0",
    KIVOUCHER_SSL_REDIRECT="0",
    KIVOUCHER_SECURE_COOKIES="0",
    KIVOUCHER_DATA_DIR=tempfile.mkdtemp(prefix="kiv-profile-ingest-"),
)
os.environ.setdefault("KIVOUCHER_SITE_URL", "http://127.0.0.1")
os.environ.setdefault("KIVOUCHER_SECRET_KEY", secrets.token_urlsafe(50))  # throw-away
if ENGINE == "postgres":
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{DB}"
else:
    os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from common import queries_timed  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1,10,1000").split(",")]
# Vouchers a batch names (batch n from the n-th on): 10 as before 2026-12-02; 1 is a
# finished job's records, bench_compute_ingest.py's "batches of 10, one voucher each".
SPREAD = int(os.environ.get("BENCH_SPREAD", "10"))


PARTS = [
    ("kivoucher.api", "api_token_for_key", "token authentication"),
    ("kivoucher.compute.api", "_data_centre", "data centre of the user"),
    ("kivoucher.compute.api", "_usage_data_centre", "data centre of the user"),
    ("kivoucher.compute.services.ingest", "parse_record", "parsing"),
    ("kivoucher.compute.services.ingest", "_vouchers", "vouchers"),
    ("kivoucher.compute.services.ingest", "_context", "data centre and vouchers"),
    ("kivoucher.compute.services.ingest", "price_book", "price list"),
    ("kivoucher.compute.services.ingest", "_price_book", "price list"),
    ("kivoucher.compute.services.ingest", "_prepare", "pricing"),
    ("kivoucher.compute.services.ingest", "_payable_lock", "locks"),
    ("kivoucher.compute.services.ingest", "payable_account", "locks"),
    ("kivoucher.compute.services.ingest", "accounts_lock", "locks"),
    ("kivoucher.compute.services.ingest", "_existing_records", "records stored before"),
    ("kivoucher.compute.services.ingest", "_remainders", "remainders"),
    ("kivoucher.compute.services.ingest", "transfer_create_batch", "ledger transfers"),
    ("kivoucher.compute.services.ingest", "_insert", "insert records"),
    ("kivoucher.compute.services.ingest", "_write", "insert records"),
    ("kivoucher.compute.services.ingest", "_existing_and_remainders", "records stored before"),
    ("kivoucher.compute.services.ingest", "_remainders_save", "remainders"),
    ("kivoucher.compute.services.ingest", "voucher_after_balance_change", "thresholds"),
    ("kivoucher.compute.services.ingest", "audit_record", "audit"),
    ("kivoucher.compute.services.ingest", "_batch_insert", "batch row"),
    ("kivoucher.compute.services.ingest", "usage_ingest", "ingest, other"),
    ("kivoucher.compute.api", "usage_ingest", "ingest, other"),
    ("kivoucher.compute.api", "_results", "answer"),
]


def calls_by_part(request, repeat: int) -> None:
    """Python function calls per request, by the part of the request that made them
    (deterministic, unlike times on a shared machine); the rest is Django, ninja
    and the middleware."""
    import functools
    import importlib

    counts: dict[str, int] = {}
    stack = ["Django, ninja, middleware"]
    patched = []
    for module_name, name, label in PARTS:
        module = importlib.import_module(module_name)
        original = getattr(module, name, None)
        if original is None:  # a part this version of the code does not have
            continue

        def wrapper(*args, _original=original, _label=label, **kwargs):
            stack.append(_label)
            try:
                return _original(*args, **kwargs)
            finally:
                stack.pop()

        functools.update_wrapper(wrapper, original)
        setattr(module, name, wrapper)
        patched.append((module, name, original))

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            counts[stack[-1]] = counts.get(stack[-1], 0) + 1

    sys.setprofile(count)
    try:
        for _ in range(repeat):
            request()
    finally:
        sys.setprofile(None)
        for module, name, original in patched:
            setattr(module, name, original)
    total = sum(counts.values())
    print(f"  {total / repeat:9,.0f} Python calls per request:")
    for label, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {n / repeat:9,.0f}  {label}")


def backend_cpu() -> float:
    """CPU seconds the PostgreSQL backend of this connection has used so far (it runs on
    this machine; 0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    import fixtures

    fixtures._setup()
    setup = fixtures.compute("10")
    client = Client(headers={"Authorization": f"Bearer {setup['token']}"})
    vouchers = setup["vouchers"]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    start = (end - timedelta(hours=1)).isoformat()
    counter = iter(range(10**9))

    def post(size: int):
        n = next(counter)
        body = {
            "records": [
                {
                    "id": f"p-{n}-{i}",
                    "voucher": vouchers[(n + i % SPREAD) % len(vouchers)],
                    "resource": "h100-80gb",
                    "quantity": "0.5",
                    "start": start,
                    "end": end.isoformat(),
                }
                for i in range(size)
            ]
        }
        response = client.post("/api/v1/compute/usage", json.dumps(body), "application/json")
        assert response.status_code == 200, response.content[:300]
        assert all(r["status"] == "accepted" for r in response.json()["results"])

    wanted = os.environ.get("PROFILE")
    print(f"[{connection.vendor}]")
    bare = Client()
    for _ in range(20):
        bare.get("/_bench/constant")
    started_cpu, started = time.process_time(), time.perf_counter()
    for _ in range(REPEAT):
        bare.get("/_bench/constant")
    cpu = (time.process_time() - started_cpu) / REPEAT * 1000
    wall = (time.perf_counter() - started) / REPEAT * 1000
    print(f"bare Django view: {wall:7.2f} ms wall, {cpu:7.2f} ms CPU")
    for size in SIZES:
        repeat = max(5, REPEAT // 10 if size >= 1000 else REPEAT)
        for _ in range(5):
            post(size)
        with queries_timed() as queries:
            post(size)
        started_cpu, started = time.process_time(), time.perf_counter()
        started_db = backend_cpu()
        for _ in range(repeat):
            post(size)
        cpu = (time.process_time() - started_cpu) / repeat * 1000
        wall = (time.perf_counter() - started) / repeat * 1000
        db_cpu = (backend_cpu() - started_db) / repeat * 1000
        db = sum(s for s, _ in queries) * 1000
        print(
            f"batch of {size:5,}: {wall:7.2f} ms wall, {cpu:7.2f} ms CPU "
            f"(database server {db_cpu:.2f} ms CPU), "
            f"{len(queries):2} queries ({db:.2f} ms in queries), "
            f"{size * 1000 / wall:9,.0f} records/s in-process"
        )
        if str(size) == os.environ.get("CALLS"):
            calls_by_part(lambda size=size: post(size), repeat)
        if str(size) == os.environ.get("CPROFILE"):
            import cProfile
            import pstats

            with cProfile.Profile() as cprofile:
                for _ in range(repeat):
                    post(size)
            stats = pstats.Stats(cprofile)
            print(f"{stats.total_calls / repeat:,.0f} Python function calls per request")
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(30)
        if str(size) == wanted:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as profiler:
                for _ in range(repeat):
                    post(size)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        if str(size) == wanted or os.environ.get("QUERIES"):
            for seconds, sql in queries:
                print(f"  {seconds * 1000:6.2f} ms  {sql[:240]}")


if __name__ == "__main__":
    main()
