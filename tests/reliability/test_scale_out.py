"""Issue 7, point 7: two servers against one PostgreSQL, driven at the same time.

Two gunicorn servers on different ports share one database. Approvals against one
call budget (line I), usage batches against one voucher (line II) and pre-sale
payment confirmations (line III) are sent concurrently, alternating between the
servers: no budget is over-committed, no record is charged twice, and the order of
sale has no gap and no repeat.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from django.utils import timezone

from kivoucher.applications.models import Application
from kivoucher.compute.models import UsageRecord
from kivoucher.core.tokens import api_token_create
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from kivoucher.presale.models import Purchase
from kivoucher.presale.services import purchase_create
from kivoucher.programmes.selectors import call_budget_figures
from tests.applications.factories import make_world
from tests.compute.factories import issue, make_data_centre, operator_of
from tests.presale.factories import make_buyer, make_offer, make_staff
from tests.reliability.server import LiveServer

D = Decimal


def bearer(user) -> dict:
    _token, key = api_token_create(user=user)
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_one_database_no_overcommitment_no_double_charge_no_gap(tmp_path):
    # line I: 8 reviewed applications of 32,000 EUR against a budget of 100,000
    w = make_world(budget=D("100000"))
    apps = [w.reviewed() for _ in range(8)]
    approver = bearer(w.approver)
    # line II: one voucher of 100 EUR; 6 senders with the same 60 records (7.50 each)
    dc = make_data_centre("dc-scale")
    voucher = issue(dc, value=D("100.00"))
    operator = bearer(operator_of(dc))
    end = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    records = [
        {
            "id": f"rec-{i}",
            "voucher": voucher.code,
            "resource": "h100-80gb",
            "quantity": "3",
            "start": (end - timedelta(hours=1)).isoformat(),
            "end": end.isoformat(),
        }
        for i in range(60)
    ]
    # line III: 24 paid purchases, each confirmed twice (once on each server)
    offer = make_offer(target=D("100000000"), unit_hours_for_sale=10_000)
    staff = bearer(make_staff())
    purchases = []
    for _ in range(24):
        org, user = make_buyer()
        purchases.append(
            purchase_create(actor=user, offer=offer, buyer=org, kind="hours", unit_hours=1)
        )

    jobs = []
    for app in apps:
        jobs.append(
            ("approve", f"/api/v1/applications/{app.pk}/decision", approver, {"approve": True})
        )
    for n in range(6):
        ordered = records[n * 7 :] + records[: n * 7]
        jobs.append(("usage", "/api/v1/compute/usage", operator, {"records": ordered}))
    for purchase in purchases:
        for _ in range(2):
            path = f"/api/v1/presale/purchases/{purchase.pk}/confirm-payment"
            jobs.append(("confirm", path, staff, {}))
    random.Random(7).shuffle(jobs)

    with (
        LiveServer(workers=2, tmp_dir=str(tmp_path)) as a,
        LiveServer(workers=2, tmp_dir=str(tmp_path)) as b,
    ):
        urls = [a.url, b.url]

        def send(numbered):
            n, (kind, path, headers, body) = numbered
            response = httpx.post(f"{urls[n % 2]}{path}", json=body, headers=headers, timeout=120)
            return kind, response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=12) as pool:
            outcomes = list(pool.map(send, enumerate(jobs)))

    def of(kind):
        return [(status, body) for k, status, body in outcomes if k == kind]

    # line I: exactly three approvals fit, the rest are refused; nothing over-committed
    statuses = sorted(status for status, _ in of("approve"))
    assert statuses == [200] * 3 + [409] * 5, of("approve")
    figures = call_budget_figures(call=w.call)
    assert figures["committed"] == D("96000.00")
    assert figures["available"] == D("4000.00")
    assert Application.objects.filter(call=w.call, status="approved").count() == 3

    # line II: every record stored and charged once; the voucher empties, never below zero
    assert all(status == 200 for status, _ in of("usage")), of("usage")
    accepted = [r for _, body in of("usage") for r in body["results"] if r["status"] == "accepted"]
    assert sorted(r["id"] for r in accepted) == sorted(r["id"] for r in records)
    assert sum(D(r["charged"]) for r in accepted) == D("100.00")
    assert UsageRecord.objects.filter(voucher=voucher).count() == 60
    account = Account.objects.get(pk=voucher.account_id)
    assert account.balance == D("0.00")
    assert account.balance == account_balance_from_transfers(account=account)

    # line III: 24 confirmations succeed, 24 repeats are refused, sequence 1..24
    statuses = sorted(status for status, _ in of("confirm"))
    assert statuses == [200] * 24 + [409] * 24, statuses
    sequences = sorted(Purchase.objects.filter(offer=offer).values_list("sequence", flat=True))
    assert sequences == list(range(1, 25))
    assert ledger_total_balance() == 0
