"""Generator of the reporting benchmark's data (a data generator, not a service path:
rows are written in bulk, straight into the tables).

- organisations (companies in all sixteen states, every size class and sector),
- 30 calls (28 project calls, 2 compute calls) created through `call_create`,
- 100,000 applications: when line I's `applications.Application` is installed, 100,000
  applications in every status (60 % approved, each approved one with its grant in the
  grant register and its commitment in the ledger); without it, 100,000 grants in the
  grant register (`programmes.AidAward`, reference `application:<n>`) with commitments,
- 1,000,000 ledger transfers in all: commitments, releases, payouts, bank confirmations,
  compute-voucher issues and metered usage (voucher -> data centre), spread over two
  years, and 60,000 payouts; account balances are then set from the transfers in one
  UPDATE, so the ledger stays consistent.

    PYTHONPATH=.:src DJANGO_SETTINGS_MODULE=kivoucher.settings python bench/reporting_data.py
"""

import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

APPLICATIONS = 100_000
TRANSFERS = 1_000_000
ORGANISATIONS = 30_000
VOUCHERS = 5_000
DATA_CENTRES = 10
PROJECT_CALLS = 28
COMPUTE_CALLS = 2
CHUNK = 50_000
STATES = [
    "BW",
    "BY",
    "BE",
    "BB",
    "HB",
    "HH",
    "HE",
    "MV",
    "NI",
    "NW",
    "RP",
    "SL",
    "SN",
    "ST",
    "SH",
    "TH",
]
STATE_WEIGHTS = [11, 13, 4, 3, 1, 2, 7, 2, 8, 18, 5, 1, 4, 2, 3, 2]
SECTORS = ["C25", "C28", "J62", "J63", "M71", "M72", "G46", "Q86", "K64", "F43", "H49", "N82"]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def generate(*, applications: int = APPLICATIONS, transfers: int = TRANSFERS, seed: int = 7):
    from django.db import connection, transaction

    from kivoucher.ledger.models import Account, Transfer
    from kivoucher.ledger.services import account_get_or_create
    from kivoucher.organizations.models import Organisation
    from kivoucher.payments.models import Payout
    from kivoucher.programmes.models import AidAward, Line, Programme
    from kivoucher.programmes.services import call_create

    rng = random.Random(seed)
    started = time.perf_counter()
    now = datetime.now(tz=UTC)
    epoch = now - timedelta(days=730)
    project, _ = Programme.objects.get_or_create(
        code="bench-voucher", defaults={"line": Line.PROJECT, "name": "Bench KI-Voucher"}
    )
    compute, _ = Programme.objects.get_or_create(
        code="bench-compute", defaults={"line": Line.COMPUTE, "name": "Bench KI-Compute"}
    )
    calls = []
    for i in range(PROJECT_CALLS + COMPUTE_CALLS):
        programme = project if i < PROJECT_CALLS else compute
        opens = epoch + timedelta(days=i * 20)
        calls.append(
            call_create(
                actor=None,
                programme=programme,
                name=f"Bench call {i + 1}",
                opens_at=opens,
                closes_at=opens + timedelta(days=365),
                budget=Decimal("150000000") if i < PROJECT_CALLS else Decimal("200000000"),
            )
        )
    codes = {c.pk: (c.budget_account_code, c.committed_account_code) for c in calls}
    ids = dict(Account.objects.values_list("code", "pk"))
    budget = {c.pk: ids[codes[c.pk][0]] for c in calls}
    committed = {c.pk: ids[codes[c.pk][1]] for c in calls}
    outgoing = account_get_or_create(code="payments:outgoing", name="Outgoing payments").pk
    bank = account_get_or_create(code="payments:bank", name="Bank", floor=None).pk
    Account.objects.bulk_create(
        [
            Account(code=f"bench:dc:{i}", name=f"Data centre {i}", floor=None)
            for i in range(DATA_CENTRES)
        ]
        + [
            Account(code=f"compute:voucher:bench-{i}", name=f"Voucher {i}") for i in range(VOUCHERS)
        ],
        batch_size=5000,
    )
    ids = dict(Account.objects.filter(code__startswith="bench:dc:").values_list("code", "pk"))
    dcs = list(ids.values())
    vouchers = list(
        Account.objects.filter(code__startswith="compute:voucher:bench-").values_list(
            "pk", flat=True
        )
    )

    # Organisations, all sizes: micro to large.
    organisations = []
    for i in range(ORGANISATIONS):
        employees = rng.choice([3, 8, 20, 45, 120, 240, 800, 3000])
        turnover = employees * rng.randint(60_000, 250_000)
        organisations.append(
            Organisation(
                name=f"Bench {i} GmbH",
                register_number=f"HRB B{i}",
                federal_state=rng.choices(STATES, STATE_WEIGHTS)[0],
                sector=rng.choice(SECTORS),
                employees=employees,
                annual_turnover=Decimal(turnover),
                balance_sheet_total=Decimal(turnover // 2),
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=5000)
    org_ids = list(
        Organisation.objects.filter(name__startswith="Bench ").values_list("pk", flat=True)
    )

    # Applications (line I, when its model is installed): the approved ones get a grant.
    application_model = _application_model()
    if application_model is not None:
        approved = _applications_create(
            application_model, applications, project, calls[:PROJECT_CALLS], org_ids, epoch, rng
        )
        grants = approved
    else:
        grants = [None] * applications
    # Grants and their commitments.
    applications = len(grants)
    awards, rows = [], []
    grant_days, grant_amounts, grant_calls = [], [], []
    for n in range(applications):
        call = grants[n][1] if grants[n] else calls[rng.randrange(PROJECT_CALLS)]
        day = grants[n][2] if grants[n] else rng.randrange(730)
        amount = grants[n][3] if grants[n] else _money(rng.uniform(2_000, 50_000))
        grant_days.append(day)
        grant_amounts.append(amount)
        grant_calls.append(call.pk)
        awards.append(
            AidAward(
                organisation_id=grants[n][0] if grants[n] else rng.choice(org_ids),
                programme=project,
                source=AidAward.Source.PLATFORM,
                reference=f"application:bench-{n}",
                granting_body="Bench",
                amount=amount,
                granted_on=(epoch + timedelta(days=day)).date(),
            )
        )
    AidAward.objects.bulk_create(awards, batch_size=5000)

    def at(day: float):
        return connection.ops.adapt_datetimefield_value(epoch + timedelta(days=day))

    for n in range(applications):
        rows.append(
            (
                f"bench:commit:{n}",
                budget[grant_calls[n]],
                committed[grant_calls[n]],
                grant_amounts[n],
                "commitment",
                at(grant_days[n] + rng.random()),
            )
        )
    releases = applications * 15 // 100
    paid = applications * 60 // 100
    for n in range(releases):
        rows.append(
            (
                f"bench:release:{n}",
                committed[grant_calls[n]],
                budget[grant_calls[n]],
                _money(float(grant_amounts[n]) * 0.3),
                "release",
                at(grant_days[n] + 20),
            )
        )
    payouts = []
    for n in range(releases, releases + paid):
        amount = _money(float(grant_amounts[n]) * 0.8)
        day = min(grant_days[n] + rng.randint(30, 200), 729.5)
        rows.append(
            (f"payout:bench-{n}", committed[grant_calls[n]], outgoing, amount, "payout", at(day))
        )
        rows.append((f"payout:bench-{n}:paid", outgoing, bank, amount, "payout_paid", at(day + 3)))
        payouts.append(
            Payout(
                key=f"bench-{n}",
                origin=f"project:bench-{n}",
                beneficiary_id=org_ids[n % len(org_ids)],
                name="Bench",
                iban="DE89370400440532013000",
                amount=amount,
                remittance="Bench",
                end_to_end_id=f"BENCH{n}",
                source_account="bench",
                status=Payout.Status.PAID,
            )
        )
    Payout.objects.bulk_create(payouts, batch_size=5000)
    compute_calls = calls[PROJECT_CALLS:]
    for n, voucher in enumerate(vouchers):
        call = compute_calls[n % len(compute_calls)]
        rows.append(
            (
                f"bench:voucher:{n}",
                budget[call.pk],
                voucher,
                Decimal("50000.00"),
                "voucher_issue",
                at(n * 700 / len(vouchers)),
            )
        )
    usage = transfers - len(rows) - len(calls)
    for n in range(usage):
        v = n % len(vouchers)
        rows.append(
            (
                f"bench:usage:{n}",
                vouchers[v],
                dcs[v % len(dcs)],
                _money(rng.uniform(1, 40)),
                "usage",
                at(min(v * 700 / len(vouchers) + 1 + n / usage * 25, 729.9)),
            )
        )
    table = Transfer._meta.db_table
    columns = "key, source_id, destination_id, amount, kind, created_at, memo"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, ""))
        else:
            for start in range(0, len(rows), CHUNK):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, '')",
                    [
                        (k, s, d, str(a), kind, t)
                        for k, s, d, a, kind, t in rows[start : start + CHUNK]
                    ],
                )
        accounts = connection.ops.quote_name(Account._meta.db_table)
        credits = f"SELECT SUM(amount) FROM {table} t WHERE t.destination_id = {accounts}.id"
        debits = f"SELECT SUM(amount) FROM {table} t WHERE t.source_id = {accounts}.id"
        cursor.execute(
            f"UPDATE {accounts} SET balance = COALESCE(({credits}), 0) - COALESCE(({debits}), 0)"
        )
    with connection.cursor() as cursor:
        # Steady state after a bulk load: planner statistics and (PostgreSQL) the
        # visibility map that index-only counts rely on, as autovacuum would leave them.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "applications": application_model.objects.count() if application_model else 0,
        "organisations": len(org_ids),
        "grants": applications,
        "transfers": Transfer.objects.count(),
        "payouts": len(payouts),
        "seconds": time.perf_counter() - started,
    }


def _application_model():
    from django.apps import apps

    try:
        model = apps.get_model("applications", "Application")
    except LookupError:
        return None
    needed = {"programme", "call", "organisation", "status", "title", "submitted_at", "decided_at"}
    return model if needed <= {f.name for f in model._meta.get_fields()} else None


STATUSES = [
    ("approved", 60),
    ("rejected", 15),
    ("withdrawn", 5),
    ("in_review", 8),
    ("submitted", 7),
    ("draft", 5),
]


def _applications_create(model, count, programme, calls, org_ids, epoch, rng) -> list:
    """Bulk-insert `count` applications; returns (organisation, call, day) of the approved."""
    from kivoucher.programmes.models import ProjectCategory

    categories = [
        ProjectCategory.objects.get_or_create(
            programme=programme, code=f"bench-{i}", defaults={"name": f"Kategorie {i}"}
        )[0]
        for i in range(6)
    ]
    fields = {f.name for f in model._meta.get_fields()}
    statuses, weights = zip(*STATUSES, strict=True)
    approved, batch = [], []
    for n in range(count):
        status = rng.choices(statuses, weights)[0]
        day = rng.randrange(700)
        call = rng.choice(calls)
        organisation = rng.choice(org_ids)
        submitted = epoch + timedelta(days=day, hours=rng.randrange(24))
        decided = submitted + timedelta(days=rng.expovariate(1 / 21))
        values = {
            "programme": programme,
            "call": call,
            "organisation_id": organisation,
            "status": status,
            "title": f"Bench-Projekt {n}",
            "submitted_at": submitted if status != "draft" else None,
            "decided_at": decided if status in ("approved", "rejected") else None,
        }
        if "category" in fields:
            values["category"] = rng.choice(categories)
        if status == "approved":
            amount = _money(rng.uniform(2_000, 50_000))
            if "granted_amount" in fields:
                values["granted_amount"] = amount
            approved.append(
                (organisation, call, min(699, day + int((decided - submitted).days)), amount)
            )
        batch.append(model(**values))
        if len(batch) == 5000:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)
    return approved


if __name__ == "__main__":
    import django

    django.setup()
    print(generate())
