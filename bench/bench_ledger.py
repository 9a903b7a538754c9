"""Ledger transfers per second, one transaction each, against raw SQL inserts of the
same rows in one transaction each, measured in the same run on the same database.

`BENCH_ENGINES=sqlite,postgres` (default: both when PostgreSQL answers); each engine
gets a throw-away database (`BENCH_DB_PREFIX`_ledger on PostgreSQL) and runs in its
own process. BENCH_RUNS rounds (default 5) of BENCH_TRANSFERS transfers (default
2,000), the ledger and the raw inserts alternating; prints the medians, the ratio
(target >= 0.3 on SQLite) and the statements one transfer sends.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

N = int(os.environ.get("BENCH_TRANSFERS", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def measure() -> dict:
    """In the benchmark's database (environment from common.fresh_database)."""
    import django

    django.setup()
    from django.db import connection, transaction

    from kivoucher.ledger.models import Transfer
    from kivoucher.ledger.services import account_get_or_create, transfer_create

    world = account_get_or_create(code="bench:world", name="world", floor=None)
    target = account_get_or_create(code="bench:target", name="target")
    amount = Decimal("1.25")

    def ledger(key: str) -> None:
        with transaction.atomic():
            transfer_create(key=key, source=world, destination=target, amount=amount, kind="bench")

    table = connection.ops.quote_name(Transfer._meta.db_table)
    raw_sql = (
        f"INSERT INTO {table} (key, source_id, destination_id, amount, kind, memo,"  # noqa: S608
        " created_at) VALUES (%s, %s, %s, %s, %s, '', CURRENT_TIMESTAMP)"
    )

    def raw(key: str) -> None:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(raw_sql, [key, world.pk, target.pk, amount, "raw"])

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    for i in range(50):  # warm up
        ledger(f"w:{i}")
        raw(f"wr:{i}")
    with connection.execute_wrapper(record):
        ledger("counted")
    ledger_rates, raw_rates = [], []
    for run in range(RUNS):
        start = time.perf_counter()
        for i in range(N):
            ledger(f"b{run}:{i}")
        ledger_rates.append(N / (time.perf_counter() - start))
        start = time.perf_counter()
        for i in range(N):
            raw(f"r{run}:{i}")
        raw_rates.append(N / (time.perf_counter() - start))
    return {
        "engine": connection.vendor,
        "ledger": statistics.median(ledger_rates),
        "raw": statistics.median(raw_rates),
        "statements": len(statements),
    }


def main() -> None:
    from common import fresh_database, pg_available

    engines = os.environ.get("BENCH_ENGINES")
    chosen = (
        engines.split(",") if engines else ["sqlite"] + (["postgres"] if pg_available() else [])
    )
    for engine in chosen:
        env, _ = fresh_database(engine, "ledger")
        out = subprocess.run(
            [sys.executable, __file__, "--measure"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"[{engine}] ledger transfers, one transaction each: {r['ledger']:,.0f}/s "
            f"(median of {RUNS} x {N}; {r['statements']} statements per transaction)"
        )
        print(f"[{engine}] baseline raw INSERT, one transaction each: {r['raw']:,.0f}/s")
        target = " (target >= 0.3)" if engine == "sqlite" else ""
        print(f"[{engine}] ratio ledger/raw: {r['ledger'] / r['raw']:.2f}{target}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        main()
