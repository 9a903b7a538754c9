"""The staff dashboard with 100,000 grants and 1,000,000 ledger transfers, against the
same aggregates run as plain SQL in the same run.

For each engine (SQLite, and PostgreSQL when it answers; `BENCH_ENGINES` to choose)
a throw-away database is filled by bench/reporting_data.py, then the dashboard view
is rendered (all sections, every chart and table, HTML) RUNS times, and the plain SQL
statements of the same figures are run RUNS times. Prints the medians and the ratio.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import fresh_database, pg_available

RUNS = 5
HERE = Path(__file__).resolve().parent


def plain_sql(connection) -> list[tuple[str, list]]:
    """The dashboard's aggregates, hand-written: what a report in SQL would run."""
    from kivoucher.ledger.models import Account, Transfer
    from kivoucher.organizations.models import Organisation
    from kivoucher.payments.models import Payout
    from kivoucher.programmes.models import AidAward, Call, Programme

    q = connection.ops.quote_name
    call, programme = q(Call._meta.db_table), q(Programme._meta.db_table)
    account, transfer = q(Account._meta.db_table), q(Transfer._meta.db_table)
    award, org, payout = (
        q(AidAward._meta.db_table),
        q(Organisation._meta.db_table),
        q(Payout._meta.db_table),
    )
    call_accounts = (
        f"SELECT a.id FROM {account} a JOIN {call} c ON a.code = 'call:' || c.id || ':budget'"
        f" OR a.code = 'call:' || c.id || ':committed'"
    )
    size = (
        "CASE WHEN o.employees < 10 AND (o.annual_turnover <= 2000000 OR "
        "o.balance_sheet_total <= 2000000) THEN 'micro' WHEN o.employees < 50 AND "
        "(o.annual_turnover <= 10000000 OR o.balance_sheet_total <= 10000000) THEN 'small' "
        "WHEN o.employees < 250 AND (o.annual_turnover <= 50000000 OR "
        "o.balance_sheet_total <= 43000000) THEN 'medium' ELSE 'large' END"
    )
    grants = (
        f"FROM {award} a JOIN {org} o ON o.id = a.organisation_id "
        "WHERE a.source = 'platform' AND a.cancelled_at IS NULL"
    )
    per_company = (
        f"SELECT a.organisation_id, SUM(a.amount) AS used FROM {award} a WHERE a.is_de_minimis "
        "AND a.cancelled_at IS NULL AND a.granted_on > %s AND a.granted_on <= %s AND "
        f"a.organisation_id IN (SELECT p.organisation_id FROM {award} p WHERE "
        "p.source = 'platform' AND p.cancelled_at IS NULL) GROUP BY a.organisation_id"
    )
    from datetime import date

    today = date.today()  # noqa: DTZ011
    start = today.replace(year=today.year - 3)
    return [
        (
            f"SELECT c.id, c.name, c.budget, p.name FROM {call} c "
            f"JOIN {programme} p ON p.id = c.programme_id",
            [],
        ),
        (
            f"SELECT SUBSTR(CAST(t.created_at AS VARCHAR), 1, 10), t.source_id, "
            f"t.destination_id, t.kind, SUM(t.amount) FROM {transfer} t "
            f"WHERE t.source_id IN ({call_accounts}) OR t.destination_id IN ({call_accounts}) "
            "GROUP BY 1, 2, 3, 4",
            [],
        ),
        (
            "SELECT o.federal_state, COUNT(DISTINCT a.organisation_id), COUNT(*), "
            f"SUM(a.amount) {grants} GROUP BY 1",
            [],
        ),
        (
            f"SELECT {size}, COUNT(DISTINCT a.organisation_id), COUNT(*), SUM(a.amount) "
            f"{grants} GROUP BY 1",
            [],
        ),
        (
            "SELECT SUBSTR(o.sector, 1, 1), COUNT(DISTINCT a.organisation_id), COUNT(*), "
            f"SUM(a.amount) {grants} GROUP BY 1",
            [],
        ),
        (
            "SELECT a.programme_id, COUNT(DISTINCT a.organisation_id), COUNT(*), "
            f"SUM(a.amount) {grants} GROUP BY 1",
            [],
        ),
        (f"SELECT COUNT(DISTINCT a.organisation_id), COUNT(*), SUM(a.amount) {grants}", []),
        (
            "SELECT CASE WHEN used < 75000 THEN 0 WHEN used < 150000 THEN 1 WHEN used < 225000 "
            "THEN 2 WHEN used < 270000 THEN 3 WHEN used < 300000 THEN 4 ELSE 5 END, COUNT(*), "
            f"SUM(used) FROM ({per_company}) x GROUP BY 1",
            [start, today],
        ),
        (
            f"SELECT status, COUNT(*), SUM(amount) FROM {payout} "
            "WHERE status <> 'cancelled' GROUP BY 1",
            [],
        ),
        (
            "SELECT CASE WHEN origin LIKE 'project%%' THEN 'project' WHEN origin LIKE "
            "'compute%%' THEN 'compute' WHEN origin LIKE 'presale%%' THEN 'presale' ELSE "
            f"'other' END, COUNT(*), SUM(amount) FROM {payout} WHERE status <> 'cancelled' "
            "GROUP BY 1",
            [],
        ),
        (f"SELECT id, name FROM {programme}", []),
    ]


def child() -> None:
    sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent)]
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory

    from kivoucher.core.models import User
    from kivoucher.core.roles import Role
    from kivoucher.reporting.views import dashboard
    from reporting_data import generate

    figures = generate()
    engine = connection.vendor
    print(
        f"[{engine}] generated {figures['applications']:,} applications, "
        f"{figures['grants']:,} grants, {figures['transfers']:,} ledger "
        f"transfers, {figures['payouts']:,} payouts, {figures['organisations']:,} organisations "
        f"in {figures['seconds']:.0f} s",
        flush=True,
    )
    user = User.objects.create_user(username="bench-auditor", password="x", role=Role.AUDITOR)
    factory = RequestFactory()

    def render() -> int:
        request = factory.get("/reporting/")
        request.user = user
        response = dashboard(request)
        assert response.status_code == 200
        return len(response.content)

    statements = plain_sql(connection)

    def raw() -> int:
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    size = render()  # warm up both (caches, statistics)
    raw()
    render_times, sql_times, cpu_times = [], [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        render()
        render_times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
        start = time.perf_counter()
        raw()
        sql_times.append(time.perf_counter() - start)
    page = statistics.median(render_times)
    base = statistics.median(sql_times)
    print(
        f"[{engine}] dashboard render (all sections, charts, tables; {size / 1024:.0f} KiB "
        f"HTML): median {page * 1000:.0f} ms of {RUNS}"
    )
    print(f"[{engine}] baseline: the same aggregates as plain SQL: median {base * 1000:.0f} ms")
    print(f"[{engine}] ratio dashboard/plain SQL: {page / base:.2f}", flush=True)
    load = os.getloadavg()[0]
    where = "incl. SQLite" if engine == "sqlite" else "Django only; the server's time is not"
    print(
        f"[{engine}] CPU time of this process per render ({where} counted): median "
        f"{statistics.median(cpu_times) * 1000:.0f} ms; load average {load:.1f} on "
        f"{os.cpu_count()} cores (wall times above include waiting for a CPU)",
        flush=True,
    )


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    engines = os.environ.get("BENCH_ENGINES")
    chosen = (
        engines.split(",") if engines else ["sqlite"] + (["postgres"] if pg_available() else [])
    )
    for engine in chosen:
        env, _ = fresh_database(engine, "dashboard")
        env["PYTHONPATH"] = f"{HERE}:{env['PYTHONPATH']}"
        subprocess.run([sys.executable, __file__, "--child"], env=env, check=True)


if __name__ == "__main__":
    main()
