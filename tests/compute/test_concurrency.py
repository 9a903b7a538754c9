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
