"""Usage ingest over the HTTP stack: records/s for batches of 1,000 (DESIGN §6).

Posts batches through Django's request handling (test client: routing, auth,
JSON parsing, the ingest transaction and the response) on a throw-away SQLite file
or DATABASE_URL, and compares with a raw bulk INSERT of the same rows in the same
run. Prints medians.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BATCH = 1000
BATCHES = 20
VOUCHERS = 10


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("KIVOUCHER_DATA_DIR", data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kivoucher.settings"
    os.environ.setdefault("KIVOUCHER_ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="kiv-bench-")
    setup_django(data_dir)
    import secrets

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from kivoucher.compute.models import DataCentre, UsageRecord
    from kivoucher.compute.services.onboarding import data_centre_onboard
    from kivoucher.compute.services.pricing import price_list_publish
    from kivoucher.compute.services.vouchers import compute_voucher_issue
    from kivoucher.core.models import User
    from kivoucher.core.roles import Role
    from kivoucher.core.tokens import api_token_create
    from kivoucher.organizations.models import Membership, Organisation
    from kivoucher.programmes.models import Call, Line, Programme
    from kivoucher.programmes.services import call_create

    tag = secrets.token_hex(3)
    programme, _ = Programme.objects.get_or_create(
        code=f"bench-{tag}",
        defaults={"line": Line.COMPUTE, "name": "bench", "is_de_minimis": False},
    )
    now = timezone.now()
    call = call_create(
        actor=None,
        programme=programme,
        name=f"bench {tag}",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        budget=Decimal("100000000"),
        selection=Call.Selection.FCFS,
    )
    org = Organisation.objects.create(name=f"Bench DC {tag}", kind=Organisation.Kind.DATA_CENTRE)
    dc = data_centre_onboard(
        actor=None,
        organisation=org,
        code=f"bench-{tag}",
        location_city="Frankfurt",
        location_country="DE",
        operator_name="bench",
    )
    DataCentre.objects.filter(pk=dc.pk).update(evidence_status=DataCentre.Evidence.VALID)
    dc.refresh_from_db()
    price_list_publish(
        actor=None,
        data_centre=dc,
        valid_from=now - timedelta(days=10),
        items=[{"resource": "h100-80gb", "unit": "gpu_hour", "price": "2.50"}],
    )
    company = Organisation.objects.create(name=f"Bench Co {tag}")
    vouchers = [
        compute_voucher_issue(
            actor=None, organisation=company, data_centre=dc, call=call, value=Decimal("5000000")
        )
        for _ in range(VOUCHERS)
    ]
    user = User.objects.create(username=f"bench-{tag}", role=Role.DC_OPERATOR)
    Membership.objects.create(user=user, organisation=org)
    _token, key = api_token_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    end = (now - timedelta(hours=1)).replace(microsecond=0)
    start = (end - timedelta(hours=1)).isoformat()

    def body(n: int) -> str:
        return json.dumps(
            {
                "records": [
                    {
                        "id": f"{n}-{i}",
                        "voucher": vouchers[i % VOUCHERS].code,
                        "resource": "h100-80gb",
                        "quantity": "0.5",
                        "start": start,
                        "end": end.isoformat(),
                    }
                    for i in range(BATCH)
                ]
            }
        )

    bodies = [body(n) for n in range(BATCHES)]
    rates = []
    for payload in bodies:
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/compute/usage", payload, content_type="application/json", secure=True
        )
        rates.append(BATCH / (time.perf_counter() - t0))
        assert response.status_code == 200, response.content[:300]
    assert UsageRecord.objects.filter(data_centre=dc).count() == BATCH * BATCHES
    duplicate_rates = []
    for payload in bodies[:5]:
        t0 = time.perf_counter()
        client.post("/api/v1/compute/usage", payload, content_type="application/json", secure=True)
        duplicate_rates.append(BATCH / (time.perf_counter() - t0))
    # baseline: the same rows as one raw bulk_create per batch (no checks, no ledger)
    batch = UsageRecord.objects.filter(data_centre=dc).first().batch
    raw = []
    template = UsageRecord.objects.filter(data_centre=dc).first()
    for n in range(5):
        rows = []
        for i in range(BATCH):
            template.pk = None
            template.record_id = f"raw-{n}-{i}"
            rows.append(
                UsageRecord(
                    **{
                        f.attname: getattr(template, f.attname)
                        for f in UsageRecord._meta.concrete_fields
                        if f.attname != "id"
                    }
                )
            )
        t0 = time.perf_counter()
        UsageRecord.objects.bulk_create(rows, batch_size=1000)
        raw.append(BATCH / (time.perf_counter() - t0))
    del batch
    engine = connection.vendor
    ingest = statistics.median(rates)
    print(
        f"usage ingest over HTTP ({engine}, batches of {BATCH}, {VOUCHERS} vouchers): "
        f"{ingest:,.0f} records/s (median of {BATCHES})"
    )
    print(f"resent batches (all duplicates): {statistics.median(duplicate_rates):,.0f} records/s")
    print(f"baseline raw bulk INSERT ({engine}): {statistics.median(raw):,.0f} records/s")
    print(f"ratio ingest/raw: {ingest / statistics.median(raw):.2f}")


if __name__ == "__main__":
    main()
