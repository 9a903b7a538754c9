"""Two releases of one payout, two imports of one statement at the same time: nothing
is released or paid twice (PostgreSQL, real threads)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from kivoucher.core.errors import Conflict
from kivoucher.core.models import AuditEvent
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import PAYOUT_PAID
from kivoucher.payments.models import Payout
from kivoucher.payments.services import payout_release, sepa_batch_create
from kivoucher.payments.statements import bank_statement_import
from tests.payments.camt_writer import bookings_of_pain001, camt053
from tests.payments.world import payout_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(workers) -> tuple[list, list]:
    results, errors = [], []
    barrier = threading.Barrier(len(workers))

    def run(work):
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_two_releases_of_one_payout_release_it_once():
    w = payout_world()
    payout = w.payout(1)
    results, errors = _run(
        [
            lambda: payout_release(actor=w.approver, payout=payout),
            lambda: payout_release(actor=w.second_approver, payout=payout),
        ]
    )
    assert len(results) == 1
    assert [type(e) for e in errors] == [Conflict]
    assert errors[0].code == "invalid_transition"
    payout.refresh_from_db()
    assert payout.status == Payout.Status.RELEASED
    assert payout.released_by == results[0].released_by
    events = AuditEvent.objects.filter(action="payments.payout.released")
    assert events.count() == 1


def test_two_imports_of_one_statement_pay_each_payout_once():
    w = payout_world()
    payouts = [w.payout(n, org=(n - 1) % 3, amount=f"{n}0.00") for n in range(1, 6)]
    for payout in payouts:
        payout_release(actor=w.approver, payout=payout)
    batch = sepa_batch_create(actor=w.admin)
    data = camt053(bookings_of_pain001(batch.xml))
    results, errors = _run(
        [lambda: bank_statement_import(actor=w.caseworker, data=data) for _ in range(2)]
    )
    assert errors == []
    outcomes = sorted(e.result for report in results for e in report.entries)
    assert outcomes == ["already_matched"] * 5 + ["matched"] * 5
    assert set(Payout.objects.values_list("status", flat=True)) == {"paid"}
    assert Transfer.objects.filter(kind=PAYOUT_PAID).count() == 5
    assert AuditEvent.objects.filter(action="payments.payout.paid").count() == 5
    assert Account.objects.get(code="payments:outgoing").balance == Decimal("0")
    assert Account.objects.get(code="payments:bank").balance == Decimal("150.00")
