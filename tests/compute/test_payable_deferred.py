"""A data centre's payable account takes its usage credits deferred: batches of
different vouchers never wait for one another, and the money still adds up."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kivoucher.compute.services.ingest import usage_ingest
from kivoucher.compute.services.onboarding import payable_account
from kivoucher.compute.services.settlement import statement_approve, statement_create
from kivoucher.compute.services.settlement_invoices import settlement_invoice_submit
from kivoucher.core.roles import Role
from kivoucher.ledger.models import Account, PendingCredit
from kivoucher.ledger.selectors import (
    account_balance,
    account_balance_from_transfers,
    ledger_total_balance,
)
from tests.compute.factories import issue, make_data_centre, operator_of, statement_xrechnung
from tests.factories import UserFactory

D = Decimal


def _record(record_id: str, voucher, quantity: str = "2", days_ago: int = 0) -> dict:
    end = timezone.now().replace(microsecond=0) - timezone.timedelta(days=days_ago)
    return {
        "id": record_id,
        "voucher": voucher.code,
        "resource": "h100-80gb",
        "quantity": quantity,  # 2.50 EUR per hour
        "start": (end - timezone.timedelta(hours=1)).isoformat(),
        "end": end.isoformat(),
    }


@pytest.mark.django_db
def test_credits_wait_as_pending_and_a_payout_takes_them_in():
    dc = make_data_centre("dc-defer")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(data_centre=dc, records=[_record("a", voucher, days_ago=3)])
    usage_ingest(data_centre=dc, records=[_record("b", voucher, "4", days_ago=3)])
    payable = payable_account(dc)
    assert payable.deferred_credits
    assert PendingCredit.objects.filter(account=payable).count() == 2
    assert Account.objects.get(pk=payable.pk).balance == 0  # the row was not touched
    assert account_balance(account=payable) == D("15.00")
    assert account_balance_from_transfers(account=payable) == D("15.00")
    assert ledger_total_balance() == 0

    day = timezone.localdate() - timezone.timedelta(days=3)
    statement = statement_create(
        actor=UserFactory(role=Role.CASEWORKER), data_centre=dc, period_start=day, period_end=day
    )
    assert statement.total == D("15.00")
    statement = statement_approve(actor=UserFactory(role=Role.APPROVER), statement=statement)
    # The data centre's invoice prepares the payout.
    settlement_invoice_submit(
        actor=operator_of(dc), statement=statement, xml=statement_xrechnung(statement)
    )
    # The payout locked the account: the pending credits joined its balance first.
    assert not PendingCredit.objects.filter(account=payable).exists()
    payable.refresh_from_db()
    assert payable.balance == account_balance_from_transfers(account=payable) == 0
    assert ledger_total_balance() == 0


@pytest.mark.django_db
def test_a_reversal_takes_money_back_from_the_payable_account():
    dc = make_data_centre("dc-defer-rev")
    voucher = issue(dc, value=D("100.00"))
    usage_ingest(data_centre=dc, records=[_record("a", voucher, "4")])
    outcome = usage_ingest(data_centre=dc, records=[{"id": "a-undo", "reverses": "a"}])
    assert outcome.results[0].status == "accepted"
    payable = payable_account(dc)
    assert account_balance(account=payable) == 0 == account_balance_from_transfers(account=payable)
    voucher.account.refresh_from_db()
    assert voucher.account.balance == D("100.00")
    assert ledger_total_balance() == 0


def _open_batch(dc, records, started: threading.Event, release: threading.Event, errors: list):
    """Ingest in a transaction that stays open until `release`."""
    try:
        with transaction.atomic():
            usage_ingest(data_centre=dc, records=records)
            started.set()
            release.wait(20)
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)
        started.set()
    finally:
        connection.close()


def _batch_holding_its_locks(dc, records, started, release, errors: list):
    """Ingest that stops once it holds its accounts' locks, until `release`. (Stopping
    after the whole batch would also hold its audit chain's head, which the other
    batch shares one time in sixteen.)"""

    def hold(locked):
        started.set()
        release.wait(20)

    try:
        usage_ingest(data_centre=dc, records=records, before=hold)
    except Exception as exc:  # pragma: no cover - reported by the test
        errors.append(exc)
        started.set()
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batches_of_two_vouchers_of_one_data_centre_do_not_wait_for_each_other():
    dc = make_data_centre("dc-parallel")
    first, second = issue(dc, value=D("100.00")), issue(dc, value=D("100.00"))
    started, release, errors = threading.Event(), threading.Event(), []
    open_batch = threading.Thread(
        target=_batch_holding_its_locks,
        args=(dc, [_record("x1", first)], started, release, errors),
    )
    open_batch.start()
    try:
        assert started.wait(20)
        with connection.cursor() as cursor:
            # Waiting for the open batch's locks would fail here instead of blocking.
            cursor.execute("SET lock_timeout = '2s'")
        outcome = usage_ingest(data_centre=dc, records=[_record("y1", second)])
        assert outcome.results[0].status == "accepted"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
        release.set()
        open_batch.join()
    assert errors == []
    assert account_balance(account=payable_account(dc)) == D("10.00")
    assert ledger_total_balance() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_record_id_sent_for_two_vouchers_at_once_is_charged_once():
    """The batches lock different vouchers, so both find the id new; the second one's
    insert waits for the first, fails on the unique id and runs again: that record is
    a conflict, the rest of its batch is charged."""
    dc = make_data_centre("dc-race")
    first, second = issue(dc, value=D("100.00")), issue(dc, value=D("100.00"))
    started, release, errors = threading.Event(), threading.Event(), []
    open_batch = threading.Thread(
        target=_open_batch, args=(dc, [_record("same", first)], started, release, errors)
    )
    open_batch.start()
    results = []

    def racing():
        try:
            outcome = usage_ingest(
                data_centre=dc, records=[_record("same", second), _record("other", second)]
            )
            results.extend((r.status, r.reason) for r in outcome.results)
        except Exception as exc:  # pragma: no cover - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    assert started.wait(20)
    racer = threading.Thread(target=racing)
    racer.start()
    racer.join(1)  # it waits on the open batch's uncommitted record id
    release.set()
    open_batch.join()
    racer.join(20)
    assert errors == []
    assert results == [("rejected", "conflict"), ("accepted", None)]
    for voucher, left in ((first, D("95.00")), (second, D("95.00"))):
        voucher.account.refresh_from_db()
        assert voucher.account.balance == left
    assert account_balance(account=payable_account(dc)) == D("10.00")
    assert ledger_total_balance() == 0
