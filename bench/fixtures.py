"""Set-ups of the HTTP benchmarks, run inside the benchmark's throw-away database:
`python bench/fixtures.py <name> [args]` prints one JSON line (tokens, codes, ids).

They reuse the test factories (tests/*/factories.py), which go through the services.
"""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kivoucher.settings")
    import django

    django.setup()
    # each call is a new process in the same database: start the factories'
    # sequences (user names, codes) where no earlier call has been
    import time

    from tests import factories

    offset = time.time_ns() // 1000 % 10**9
    for name in dir(factories):
        cls = getattr(factories, name)
        if isinstance(cls, type) and hasattr(cls, "reset_sequence") and name.endswith("Factory"):
            cls.reset_sequence(offset)


def _token(user) -> str:
    from kivoucher.core.tokens import api_token_create

    return api_token_create(user=user)[1]


def compute(vouchers: str = "10", value: str = "5000000", code: str = "dc-bench") -> dict:
    """A data centre with a price list, `vouchers` vouchers of `value` EUR, a token."""
    from tests.compute.factories import (
        compute_call,
        compute_programme,
        issue,
        make_data_centre,
        operator_of,
    )

    from kivoucher.programmes.models import Programme

    # large vouchers for throughput: outside the de-minimis register
    Programme.objects.filter(pk=compute_programme().pk).update(is_de_minimis=False)
    dc = make_data_centre(code)
    call = compute_call(budget=Decimal(value) * int(vouchers) + 1)
    codes = [issue(dc, call=call, value=Decimal(value)).code for _ in range(int(vouchers))]
    return {"token": _token(operator_of(dc)), "vouchers": codes}


def approvals(count: str = "64", budget: str = "1000000") -> dict:
    """`count` reviewed applications (32,000 EUR each, each of its own company, so the
    de-minimis ceiling of one company does not bind) in one call of `budget` EUR."""
    from dataclasses import replace

    from tests.applications.factories import make_world
    from tests.factories import OrganisationFactory, member_of

    from kivoucher.core.roles import Role
    from kivoucher.providers.models import Accreditation

    w = make_world(budget=Decimal(budget))
    # the call budget is the limit under test, not the provider's annual cap
    Accreditation.objects.filter(organisation=w.provider).update(annual_cap=None)
    apps = []
    for _ in range(int(count)):
        company = OrganisationFactory(vat_id="DE136695976")
        own = replace(w, company=company, applicant=member_of(company, role=Role.APPLICANT))
        apps.append(own.reviewed().pk)
    return {"token": _token(w.approver), "applications": apps, "call": w.call.pk}


def budget_figures(call: str) -> dict:
    from kivoucher.programmes.models import Call
    from kivoucher.programmes.selectors import call_budget_figures

    figures = call_budget_figures(call=Call.objects.get(pk=int(call)))
    return {k: str(v) for k, v in figures.items()}


def voucher_check(code: str) -> dict:
    """Balance, ledger balance and stored charges of one compute voucher."""
    from django.db.models import Sum

    from kivoucher.compute.models import ComputeVoucher, UsageRecord
    from kivoucher.ledger.selectors import account_balance_from_transfers

    voucher = ComputeVoucher.objects.select_related("account").get(code=code)
    charged = UsageRecord.objects.filter(voucher=voucher).aggregate(s=Sum("charged"))["s"] or 0
    return {
        "value": str(voucher.value),
        "balance": str(voucher.account.balance),
        "ledger": str(account_balance_from_transfers(account=voucher.account)),
        "charged": str(charged),
        "records": UsageRecord.objects.filter(voucher=voucher).count(),
    }


def applications_bulk(total: str = "100000", organisations: str = "1000") -> dict:
    """Grow the demo data to `total` applications: copies of the demo applications (all
    their states) spread over `organisations` new companies, written with one
    INSERT ... SELECT (a data generator, not a service path). Returns what the page
    benchmark reads: a voucher code of the demo company and a compute voucher code."""
    from django.db import connection, transaction

    from kivoucher.applications.models import Application, Voucher
    from kivoucher.compute.models import ComputeVoucher
    from kivoucher.organizations.models import Organisation

    with transaction.atomic():
        first = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first()
        Organisation.objects.bulk_create(
            Organisation(name=f"Bench-Firma {i} GmbH") for i in range(int(organisations))
        )
        orgs = list(Organisation.objects.filter(pk__gt=first).values_list("pk", flat=True))
        low, count = min(orgs), len(orgs)
        assert max(orgs) - low + 1 == count, "organisation ids are not contiguous"
        demo = Application.objects.count()
        copies = max(0, int(total) - demo) // demo
        columns = [f.column for f in Application._meta.concrete_fields if f.column != "id"]
        select = []
        for column in columns:
            if column == "organisation_id":
                select.append(f"{low} + ((s.i * {demo} + a.id) %% {count})")
            elif column == "title":
                select.append("a.title || ' #' || s.i")
            else:
                select.append(f"a.{connection.ops.quote_name(column)}")
        table = Application._meta.db_table
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
                f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} "  # noqa: S608
                f"FROM {table} a CROSS JOIN s",
                [copies],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # as autovacuum would after the load: the applications, and the statistics of
            # every table (the 1,000 new organisations; without them PostgreSQL scanned
            # all applications for a company's list, 60 ms instead of 0.6 ms)
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute("ANALYZE")
    voucher = Voucher.objects.order_by("pk").first()
    compute = ComputeVoucher.objects.order_by("pk").first()
    return {
        "applications": Application.objects.count(),
        "voucher": voucher.code,
        "compute_voucher": compute.code,
    }


def compute_slurm(vouchers: str = "1000", value: str = "5000") -> dict:
    """`compute` with every voucher mapped to a Slurm account `acct<n>` and user `user<n>`."""
    from kivoucher.compute.models import ComputeVoucher
    from kivoucher.compute.services.vouchers import compute_voucher_set_slurm_account

    made = compute(vouchers, value, "dc-agent")
    accounts = {}
    for n, code in enumerate(made["vouchers"]):
        voucher = ComputeVoucher.objects.get(code=code)
        compute_voucher_set_slurm_account(
            actor=None, voucher=voucher, slurm_account=f"acct{n}", users=[f"user{n}"]
        )
        accounts[code] = f"acct{n}"
    return {**made, "accounts": accounts}


def webhook_events(url: str, count: str = "1000") -> dict:
    """An organisation with one endpoint at `url` and `count` events for it, emitted in
    one transaction (the deliveries are queued for the worker when it commits)."""
    from django.db import transaction
    from tests.factories import OrganisationFactory

    from kivoucher.webhooks.events import events_emit
    from kivoucher.webhooks.services import endpoint_create

    org = OrganisationFactory()
    endpoint, secret = endpoint_create(
        actor=None, organisation=org, url=url, events=["payout.paid"]
    )
    with transaction.atomic():
        events_emit(
            type="payout.paid",
            items=[({"payout": n, "amount": "1.00"}, [org]) for n in range(int(count))],
        )
    return {"endpoint": endpoint.pk, "secret": secret}


if __name__ == "__main__":
    _setup()
    name, *args = sys.argv[1:]
    print(json.dumps(globals()[name](*args)))
