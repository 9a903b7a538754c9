"""Concurrent debits on PostgreSQL from real threads: no overdraft, no lost update,
exactly the right number succeed, and an idempotency key charges once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import account_balance_from_transfers
from kivoucher.ledger.services import (
    InsufficientFunds,
    account_get_or_create,
    hold_create,
    hold_post,
    transfer_create,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 16


def _run_in_threads(n: int, work) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _funded(amount: Decimal) -> tuple[Account, Account]:
    world = account_get_or_create(code="world", name="World", floor=None)
    account = account_get_or_create(code="budget", name="Budget")
    transfer_create(key="fund", source=world, destination=account, amount=amount, kind="fund")
    return account, account_get_or_create(code="sink", name="Sink")


def test_concurrent_debits_never_overdraw():
    account, sink = _funded(Decimal("100.00"))
    # 16 debits of 15 EUR against 100 EUR: exactly 6 can succeed.
    results = _run_in_threads(
        THREADS,
        lambda i: transfer_create(
            key=f"d{i}", source=account, destination=sink, amount=Decimal("15.00"), kind="debit"
        ),
    )
    succeeded = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, InsufficientFunds)]
    assert len(succeeded) == 6 and len(refused) == THREADS - 6
    account.refresh_from_db()
    sink.refresh_from_db()
    assert account.balance == Decimal("10.00")
    assert sink.balance == Decimal("90.00")
    assert account_balance_from_transfers(account=account) == account.balance


def test_concurrent_same_key_charges_once():
    account, sink = _funded(Decimal("100.00"))
    results = _run_in_threads(
        THREADS,
        lambda i: transfer_create(
            key="same", source=account, destination=sink, amount=Decimal("7.00"), kind="debit"
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(1 for r in results if r.created) == 1
    assert Transfer.objects.filter(key="same").count() == 1
    account.refresh_from_db()
    assert account.balance == Decimal("93.00")


def test_concurrent_transfers_in_both_directions_do_not_deadlock():
    world = account_get_or_create(code="world", name="World", floor=None)
    a = account_get_or_create(code="a", name="A")
    b = account_get_or_create(code="b", name="B")
    transfer_create(key="fa", source=world, destination=a, amount=Decimal("50"), kind="fund")
    transfer_create(key="fb", source=world, destination=b, amount=Decimal("50"), kind="fund")

    def work(i):
        src, dst = (a, b) if i % 2 else (b, a)
        return transfer_create(
            key=f"x{i}", source=src, destination=dst, amount=Decimal("1"), kind="swap"
        )

    results = _run_in_threads(THREADS, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.balance + b.balance == Decimal("100")
    assert a.balance == Decimal("50")


def test_a_hold_is_posted_exactly_once_under_concurrency():
    account, sink = _funded(Decimal("100.00"))
    hold = hold_create(key="h", account=account, amount=Decimal("40"))
    results = _run_in_threads(8, lambda i: hold_post(hold=hold, destination=sink))
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    sink.refresh_from_db()
    assert sink.balance == Decimal("40")


def test_concurrent_batches_never_overdraw_and_repeat_once():
    """Batches of two debits each, half of them repeating another's keys: the money
    of every batch moves once, all or nothing, and never below the floor."""
    from django.db import transaction

    from kivoucher.ledger.services import TransferSpec, accounts_lock, transfer_create_batch

    account, sink = _funded(Decimal("100.00"))

    def batch(i):
        n = i % (THREADS // 2)  # threads i and i + 8 send the same batch
        specs = [
            TransferSpec(f"b{n}:1", account, sink, Decimal("10.00"), "debit"),
            TransferSpec(f"b{n}:2", account, sink, Decimal("5.00"), "debit"),
        ]
        if i % 2:  # half of them lock first and pass the locked accounts
            with transaction.atomic():
                locked = accounts_lock(account.pk, sink.pk)
                return transfer_create_batch(transfers=specs, locked=locked)
        return transfer_create_batch(transfers=specs)

    results = _run_in_threads(THREADS, batch)
    assert all(isinstance(r, list | InsufficientFunds) for r in results), results
    done = {r[0].transfer.key.split(":")[0] for r in results if isinstance(r, list)}
    # 100 EUR cover six batches of 15 EUR: exactly six distinct batches moved money.
    assert len(done) == 6
    assert Transfer.objects.filter(kind="debit").count() == 12
    account.refresh_from_db()
    sink.refresh_from_db()
    assert account.balance == Decimal("10.00") and sink.balance == Decimal("90.00")
    assert account_balance_from_transfers(account=account) == account.balance
