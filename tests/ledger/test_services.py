from decimal import Decimal

import pytest

from kivoucher.core.errors import DomainError
from kivoucher.ledger.models import Hold
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from kivoucher.ledger.services import (
    IdempotencyConflict,
    InsufficientFunds,
    account_get_or_create,
    hold_create,
    hold_post,
    hold_void,
    transfer_create,
    transfer_up_to,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world():
    return account_get_or_create(code="world", name="World", floor=None)


@pytest.fixture
def budget(world):
    account = account_get_or_create(code="budget", name="Budget")
    transfer_create(key="fund", source=world, destination=account, amount=D("100.00"), kind="fund")
    account.refresh_from_db()
    return account


@pytest.fixture
def sink():
    return account_get_or_create(code="sink", name="Sink")


def test_transfer_moves_money_and_keeps_the_sum_zero(budget, sink):
    transfer_create(key="t1", source=budget, destination=sink, amount=D("30.25"), kind="x")
    budget.refresh_from_db()
    sink.refresh_from_db()
    assert (budget.balance, sink.balance) == (D("69.75"), D("30.25"))
    assert ledger_total_balance() == 0
    assert account_balance_from_transfers(account=budget) == budget.balance


def test_same_key_same_content_is_returned_once(budget, sink):
    first = transfer_create(key="t1", source=budget, destination=sink, amount=D("10"), kind="x")
    again = transfer_create(key="t1", source=budget, destination=sink, amount=D("10"), kind="x")
    assert first.created and not again.created
    assert again.transfer.pk == first.transfer.pk
    sink.refresh_from_db()
    assert sink.balance == D("10")


def test_same_key_other_content_is_an_error(budget, sink):
    transfer_create(key="t1", source=budget, destination=sink, amount=D("10"), kind="x")
    with pytest.raises(IdempotencyConflict):
        transfer_create(key="t1", source=budget, destination=sink, amount=D("11"), kind="x")


def test_no_account_below_its_floor(budget, sink):
    with pytest.raises(InsufficientFunds):
        transfer_create(key="t1", source=budget, destination=sink, amount=D("100.01"), kind="x")
    budget.refresh_from_db()
    assert budget.balance == D("100.00")


@pytest.mark.parametrize("amount", [D("0"), D("-1"), D("0.001")])
def test_bad_amounts_are_refused(budget, sink, amount):
    with pytest.raises(DomainError):
        transfer_create(key="t1", source=budget, destination=sink, amount=amount, kind="x")


def test_transfer_up_to_moves_what_is_available(budget, sink):
    result = transfer_up_to(
        key="u1", source=budget, destination=sink, amount=D("150"), kind="usage"
    )
    assert result.amount == D("100.00")
    empty = transfer_up_to(key="u2", source=budget, destination=sink, amount=D("5"), kind="usage")
    assert empty.transfer is None and empty.amount == 0


def test_hold_post_moves_part_and_returns_the_rest(budget, sink):
    hold = hold_create(key="h1", account=budget, amount=D("40"))
    budget.refresh_from_db()
    assert budget.balance == D("60")
    hold_post(hold=hold, destination=sink, amount=D("25"))
    budget.refresh_from_db()
    sink.refresh_from_db()
    assert (budget.balance, sink.balance) == (D("75"), D("25"))
    assert Hold.objects.get().status == Hold.Status.POSTED


def test_hold_is_closed_exactly_once(budget, sink):
    hold = hold_create(key="h1", account=budget, amount=D("40"))
    hold_void(hold=hold)
    with pytest.raises(DomainError):
        hold_post(hold=hold, destination=sink)
    with pytest.raises(DomainError):
        hold_void(hold=hold)
    budget.refresh_from_db()
    assert budget.balance == D("100")


def test_hold_beyond_balance_is_refused(budget):
    with pytest.raises(InsufficientFunds):
        hold_create(key="h1", account=budget, amount=D("100.01"))


def test_cent_amounts_down_to_the_floor_are_exact(world, sink):
    """Regression: SQLite computed `balance - amount` in floats, so 0.15 - 0.01 - 0.14
    came out below zero and broke the floor constraint."""
    account = account_get_or_create(code="cents", name="Cents")
    transfer_create(key="f", source=world, destination=account, amount=D("0.15"), kind="fund")
    hold = hold_create(key="h", account=account, amount=D("0.15"))
    hold_post(hold=hold, destination=sink, amount=D("0.01"))
    transfer_create(key="rest", source=account, destination=sink, amount=D("0.14"), kind="x")
    account.refresh_from_db()
    assert account.balance == D("0.00")


def test_sums_are_exact_to_the_cent(world):
    """Regression: SQLite sums decimals as floats (0.10 + 0.20 - 0.30 != 0)."""
    from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance

    a = account_get_or_create(code="a", name="A")
    b = account_get_or_create(code="b", name="B")
    for i, amount in enumerate(["0.10", "0.20", "0.10", "0.20", "0.10", "0.20"]):
        transfer_create(
            key=f"s{i}", source=world, destination=a if i % 2 else b, amount=D(amount), kind="fund"
        )
    transfer_create(key="back", source=a, destination=world, amount=D("0.30"), kind="x")
    assert ledger_total_balance() == D("0.00")
    assert str(account_balance_from_transfers(account=a)) == "0.30"
    assert str(account_balance_from_transfers(account=world)) == "-0.60"


def test_overlong_keys_are_refused_on_every_database(world, budget, sink):
    """Issue 23.8: SQLite stored any length, PostgreSQL failed with a database error."""
    from kivoucher.ledger.models import Transfer

    limit = Transfer._meta.get_field("key").max_length
    for make in (
        lambda key: transfer_create(
            key=key, source=budget, destination=sink, amount=D("1.00"), kind="t"
        ),
        lambda key: transfer_up_to(
            key=key, source=budget, destination=sink, amount=D("1.00"), kind="t"
        ),
        lambda key: hold_create(key=key, account=budget, amount=D("1.00")),
    ):
        with pytest.raises(DomainError) as exc:
            make("k" * (limit + 1))
        assert exc.value.code == "too_long"
    assert not Transfer.objects.filter(kind="t").exists() and not Hold.objects.exists()
    # a hold's own transfers add "hold:" and ":return" to its key: it must fit as well
    hold = hold_create(key="k" * (limit - len("hold::return")), account=budget, amount=D("1.00"))
    hold_void(hold=hold)
    budget.refresh_from_db()
    assert budget.balance == D("100.00")
