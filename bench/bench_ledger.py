"""Ledger transfers per second against raw SQL inserts of the same rows (same run).

Runs on a throw-away SQLite file (or DATABASE_URL). Prints medians of 5 runs.
"""

import os
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

N = 2000
RUNS = 5


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("KIVOUCHER_DATA_DIR", data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kivoucher.settings"
    os.environ.setdefault("KIVOUCHER_SECRET_KEY", secrets.token_urlsafe(50))  # throw-away
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="kiv-bench-")
    setup_django(data_dir)
    from django.db import connection, transaction

    from kivoucher.ledger.models import Transfer
    from kivoucher.ledger.services import account_get_or_create, transfer_create

    world = account_get_or_create(code="bench:world", name="world", floor=None)
    target = account_get_or_create(code="bench:target", name="target")
    ledger_rates, raw_rates = [], []
    for run in range(RUNS):
        start = time.perf_counter()
        for i in range(N):
            with transaction.atomic():
                transfer_create(
                    key=f"b{run}:{i}",
                    source=world,
                    destination=target,
                    amount=Decimal("1.25"),
                    kind="bench",
                )
        ledger_rates.append(N / (time.perf_counter() - start))

        table = Transfer._meta.db_table
        start = time.perf_counter()
        for i in range(N):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(
                    f"INSERT INTO {table} (key, source_id, destination_id, amount, kind, memo,"  # noqa: S608
                    " created_at) VALUES (%s, %s, %s, %s, %s, '', CURRENT_TIMESTAMP)",
                    [f"r{run}:{i}", world.pk, target.pk, Decimal("1.25"), "raw"],
                )
        raw_rates.append(N / (time.perf_counter() - start))
    ledger = statistics.median(ledger_rates)
    raw = statistics.median(raw_rates)
    engine = connection.vendor
    print(f"ledger transfers ({engine}, one transaction each): {ledger:,.0f}/s (median of {RUNS})")
    print(f"baseline raw INSERT ({engine}, one transaction each): {raw:,.0f}/s")
    print(f"ratio ledger/raw: {ledger / raw:.2f}")


if __name__ == "__main__":
    main()
