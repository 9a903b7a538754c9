"""transfer_create_batch: the batch form of transfer_create keeps every ledger rule."""

from decimal import Decimal

import pytest

from kivoucher.core.errors import DomainError
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from kivoucher.ledger.services import (
    IdempotencyConflict,
    InsufficientFunds,
    TransferSpec,
    account_get_or_create,
    transfer_create,
    transfer_create_batch,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def accounts():
    world = account_get_or_create(code="world", name="World", floor=None)
    a = account_get_or_create(code="a", name="A")
    b = account_get_or_create(code="b", name="B")
    sink = account_get_or_create(code="sink", name="Sink")
    transfer_create(key="fund-a", source=world, destination=a, amount=D("100"), kind="f")
    transfer_create(key="fund-b", source=world, destination=b, amount=D("50"), kind="f")
    return a, b, sink


def test_batch_moves_money_like_single_transfers(accounts):
    a, b, sink = accounts
    results = transfer_create_batch(
        transfers=[
            TransferSpec("t1", a, sink, D("30.25"), "use"),
            TransferSpec("t2", b, sink, D("50.00"), "use"),
            TransferSpec("t3", sink, a, D("0.25"), "back"),
        ]
    )
    assert [r.created for r in results] == [True, True, True]
    assert [r.transfer.key for r in results] == ["t1", "t2", "t3"]
    balances = dict(Account.objects.values_list("code", "balance"))
    assert (balances["a"], balances["b"], balances["sink"]) == (D("70.00"), D("0"), D("80.00"))
    for account in Account.objects.all():
        assert account.balance == account_balance_from_transfers(account=account)
    assert ledger_total_balance() == 0


def test_batch_is_idempotent_and_refuses_other_content(accounts):
    a, _b, sink = accounts
    first = transfer_create_batch(transfers=[TransferSpec("t1", a, sink, D("10"), "use")])
    again = transfer_create_batch(transfers=[TransferSpec("t1", a, sink, D("10"), "use")])
    assert first[0].created and not again[0].created
    assert again[0].transfer.pk == first[0].transfer.pk
    assert Transfer.objects.filter(key="t1").count() == 1
    with pytest.raises(IdempotencyConflict):
        transfer_create_batch(transfers=[TransferSpec("t1", a, sink, D("11"), "use")])


def test_batch_is_all_or_nothing_at_the_floor(accounts):
    a, b, sink = accounts
    with pytest.raises(InsufficientFunds):
        transfer_create_batch(
            transfers=[
                TransferSpec("ok", a, sink, D("10"), "use"),
                TransferSpec("too-much", b, sink, D("50.01"), "use"),
            ]
        )
    assert not Transfer.objects.filter(key__in=["ok", "too-much"]).exists()
    a.refresh_from_db()
    assert a.balance == D("100.00")


def test_batch_checks_amounts_and_keys(accounts):
    a, _b, sink = accounts
    with pytest.raises(DomainError):
        transfer_create_batch(transfers=[TransferSpec("x", a, sink, D("0"), "use")])
    with pytest.raises(DomainError):
        transfer_create_batch(transfers=[TransferSpec("x", a, sink, D("1.001"), "use")])
    with pytest.raises(DomainError):
        transfer_create_batch(
            transfers=[
                TransferSpec("x", a, sink, D("1"), "u"),
                TransferSpec("x", a, sink, D("1"), "u"),
            ]
        )
    assert transfer_create_batch(transfers=[]) == []


def test_a_batch_with_an_existing_key_repeats_it_and_moves_the_rest(accounts):
    a, b, sink = accounts
    first = transfer_create_batch(transfers=[TransferSpec("t1", a, sink, D("10"), "use")])
    results = transfer_create_batch(
        transfers=[
            TransferSpec("t1", a, sink, D("10"), "use"),
            TransferSpec("t2", b, sink, D("5"), "use"),
        ]
    )
    assert [r.created for r in results] == [False, True]
    assert results[0].transfer.pk == first[0].transfer.pk
    balances = dict(Account.objects.values_list("code", "balance"))
    assert (balances["a"], balances["b"], balances["sink"]) == (D("90.00"), D("45.00"), D("15.00"))
    for account in Account.objects.all():
        assert account.balance == account_balance_from_transfers(account=account)
    assert ledger_total_balance() == 0


def test_the_floor_is_checked_in_the_batch_order(accounts):
    a, _b, sink = accounts
    # sink holds nothing: it may pay a after it received, not before.
    with pytest.raises(InsufficientFunds):
        transfer_create_batch(
            transfers=[
                TransferSpec("back", sink, a, D("5"), "back"),
                TransferSpec("use", a, sink, D("5"), "use"),
            ]
        )
    assert not Transfer.objects.filter(key__in=["back", "use"]).exists()
    done = transfer_create_batch(
        transfers=[
            TransferSpec("use", a, sink, D("5"), "use"),
            TransferSpec("back", sink, a, D("5"), "back"),
        ]
    )
    assert [r.created for r in done] == [True, True]
    sink.refresh_from_db()
    a.refresh_from_db()
    assert (a.balance, sink.balance) == (D("100.00"), D("0.00"))


def test_stale_locked_balances_cannot_pass_the_floor(accounts):
    """The caller's locked accounts give only the early refusal: the database decides
    on the rows' latest balances, undoes what it did, and the caller's transaction
    goes on."""
    from django.db import transaction

    from kivoucher.ledger.services import accounts_lock

    a, _b, sink = accounts
    with transaction.atomic():
        locked = accounts_lock(a.pk, sink.pk)
        transfer_create(key="meanwhile", source=a, destination=sink, amount=D("95"), kind="use")
        with pytest.raises(InsufficientFunds):  # locked[a] still says 100
            transfer_create_batch(
                transfers=[TransferSpec("late", a, sink, D("10"), "use")], locked=locked
            )
        assert not Transfer.objects.filter(key="late").exists()
        a.refresh_from_db()
        assert a.balance == D("5.00")
    assert ledger_total_balance() == 0
    assert a.balance == account_balance_from_transfers(account=a)


def test_locked_accounts_are_not_locked_again(accounts, django_assert_max_num_queries):
    """With the accounts locked by the caller and new keys, the batch is the insert
    and the balance update (one statement on PostgreSQL)."""
    from django.db import connection, transaction

    from kivoucher.ledger.services import accounts_lock

    a, b, sink = accounts
    specs = [
        TransferSpec("n1", a, sink, D("1"), "use"),
        TransferSpec("n2", b, sink, D("2"), "use"),
    ]
    with transaction.atomic():
        locked = accounts_lock(a.pk, b.pk, sink.pk)
        with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 2):
            results = transfer_create_batch(transfers=specs, locked=locked)
    assert [r.transfer.key for r in results] == ["n1", "n2"]
    assert [r.transfer.pk for r in results] == list(
        Transfer.objects.filter(key__in=["n1", "n2"]).order_by("key").values_list("pk", flat=True)
    )
    assert ledger_total_balance() == 0
