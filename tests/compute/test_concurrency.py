"""No interleaving of requests pushes a balance below zero or charges a record twice."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kivoucher.compute.models import UsageRecord
from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from tests.compute.factories import issue, make_data_centre

D = Decimal


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_never_overdraw_or_double_charge():
    dc = make_data_centre("dc-conc")
    vouchers = [issue(dc, value=D("100.00")) for _ in range(3)]
    end = timezone.now().replace(microsecond=0)
    start = end - timezone.timedelta(hours=1)

    def record(i, voucher):
        return {
            "id": f"rec-{i}",
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": "3",  # 7.50 EUR
            "start": start.isoformat(),
            "end": end.isoformat(),
        }

    # every thread sends the same 60 records (overlapping ids), in a different order
    records = [record(i, vouchers[i % 3]) for i in range(60)]
    errors = []

    def worker(n):
        try:
            ordered = records[n * 7 :] + records[: n * 7]
            usage_ingest(data_centre=dc, records=ordered)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert UsageRecord.objects.count() == 60
    for voucher in vouchers:
        account = Account.objects.get(pk=voucher.account_id)
        assert account.balance >= 0
        assert account.balance == account_balance_from_transfers(account=account)
        charged = sum(r.charged for r in UsageRecord.objects.filter(voucher=voucher))
        assert charged == D("100.00") - account.balance
        assert account.balance == D("0.00")  # 20 records x 7.50 > 100
    assert ledger_total_balance() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_http_requests_with_holds_and_reversals():
    """Usage batches, holds and corrections over HTTP from several threads at once."""
    from django.test import Client

    from kivoucher.compute.models import ComputeHold
    from kivoucher.core.tokens import api_token_create
    from tests.compute.factories import operator_of

    dc = make_data_centre("dc-http")
    voucher = issue(dc, value=D("200.00"))
    _token, key = api_token_create(user=operator_of(dc))
    end = timezone.now().replace(microsecond=0)
    start = (end - timezone.timedelta(hours=1)).isoformat()

    def rec(rid, quantity="4"):  # 4 x 2.50 = 10.00 EUR
        return {
            "id": rid,
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": quantity,
            "start": start,
            "end": end.isoformat(),
        }

    errors, statuses = [], []

    def worker(n):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        try:
            for round_ in range(3):
                body = {"records": [rec(f"u-{(n + round_) % 4}-{i}") for i in range(5)]}
                r = client.post("/api/v1/compute/usage", body, content_type="application/json")
                statuses.append(r.status_code)
                hold = client.post(
                    "/api/v1/compute/holds",
                    {"id": f"h-{n}-{round_}", "voucher": voucher.code, "amount": "15.00"},
                    content_type="application/json",
                )
                statuses.append(hold.status_code)
                if hold.status_code == 201:
                    settle = client.post(
                        f"/api/v1/compute/holds/h-{n}-{round_}/settle",
                        {"records": [rec(f"h-{n}-{round_}", "2")]},
                        content_type="application/json",
                    )
                    statuses.append(settle.status_code)
                rev = client.post(
                    "/api/v1/compute/usage",
                    {"records": [{"id": f"rev-{n}-{round_}", "reverses": f"u-{n % 4}-0"}]},
                    content_type="application/json",
                )
                statuses.append(rev.status_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(statuses) <= {200, 201, 409}, statuses
    account = Account.objects.get(pk=voucher.account_id)
    assert account.balance >= 0
    assert account.balance == account_balance_from_transfers(account=account)
    charged = sum(r.charged for r in UsageRecord.objects.filter(voucher=voucher))
    assert charged == D("200.00") - account.balance
    assert not ComputeHold.objects.filter(status="pending").exists()
    assert UsageRecord.objects.filter(reverses__isnull=False).count() <= 4  # once per original
    assert ledger_total_balance() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_copy_insert_keeps_the_unique_constraint():
    """The PostgreSQL COPY path still refuses a second row with the same record id."""
    from django.db import IntegrityError, transaction

    from kivoucher.compute.services.ingest import _insert

    dc = make_data_centre("dc-copy")
    voucher = issue(dc, value=D("1000.00"))
    end = timezone.now().replace(microsecond=0)
    records = [
        {
            "id": f"c-{i}",
            "voucher": voucher.code,
            "resource": "cpu",
            "quantity": "1",
            "start": (end - timezone.timedelta(hours=1)).isoformat(),
            "end": end.isoformat(),
        }
        for i in range(60)
    ]
    usage_ingest(data_centre=dc, records=records)
    stored = list(UsageRecord.objects.filter(data_centre=dc))
    assert len(stored) == 60 and all(r.created_at for r in stored)
    for row in stored:
        row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert(stored)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_batches_carry_the_sub_cent_remainder_exactly():
    """Issue 23.9 under concurrency: batches of tiny records from several threads (with
    records resent by another thread) charge exactly the total rounded down to the cent."""
    from kivoucher.compute.models import ComputeVoucher

    dc = make_data_centre("dc-remainder")
    voucher = issue(dc, value=D("100.00"))
    end = timezone.now().replace(microsecond=0) - timezone.timedelta(hours=1)

    def record(n, i):
        return {
            "id": f"t-{n}-{i}",
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": "0.0013",  # 0.00325 EUR
            "start": (end - timezone.timedelta(hours=1)).isoformat(),
            "end": end.isoformat(),
        }

    errors = []

    def worker(n):
        try:
            for i in range(0, 36, 4):  # own records, and the next thread's once more
                batch = [record(n, j) for j in range(i, i + 4)]
                batch += [record((n + 1) % 6, j) for j in range(i, i + 4)]
                usage_ingest(data_centre=dc, records=batch)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert UsageRecord.objects.count() == 6 * 36
    exact = 6 * 36 * D("0.00325")  # 0.702
    account = Account.objects.get(pk=voucher.account_id)
    assert D("100.00") - account.balance == D("0.70")
    assert ComputeVoucher.objects.get(pk=voucher.pk).usage_remainder == exact - D("0.70")
    assert sum(r.amount for r in UsageRecord.objects.all()) == D("0.70")
    assert ledger_total_balance() == 0
