"""The single transfer's SQL path (conditional balance updates in primary-key order,
then an insert whose unique key is the idempotency check): what a refused or
repeated transfer undoes, and that balances stay exact to the cent."""

from decimal import Decimal

import pytest
from django.db import transaction

from kivoucher.core.errors import DomainError
from kivoucher.ledger.models import Account, Transfer
from kivoucher.ledger.selectors import account_balance_from_transfers, ledger_total_balance
from kivoucher.ledger.services import (
    IdempotencyConflict,
    InsufficientFunds,
    account_get_or_create,
    transfer_create,
    transfer_up_to,
)

pytestmark = pytest.mark.django_db
D = Decimal


def balances(*accounts: Account) -> list[Decimal]:
    return [Account.objects.get(pk=a.pk).balance for a in accounts]


@pytest.fixture
def world():
    return account_get_or_create(code="world", name="World", floor=None)


@pytest.fixture
def low_and_high(world):
    """Two funded accounts; `low` has the smaller primary key."""
    low = account_get_or_create(code="low", name="Low")
    high = account_get_or_create(code="high", name="High")
    assert low.pk < high.pk
    for account in (low, high):
        transfer_create(
            key=f"fund:{account.code}", source=world, destination=account, amount=D("50"), kind="f"
        )
    return low, high


@pytest.mark.parametrize("direction", ["low to high", "high to low"])
def test_refused_transfer_changes_no_balance(low_and_high, direction):
    low, high = low_and_high
    source, destination = (low, high) if direction == "low to high" else (high, low)
    with pytest.raises(InsufficientFunds) as exc:
        transfer_create(
            key="t", source=source, destination=destination, amount=D("50.01"), kind="x"
        )
    assert "50.00" in exc.value.message
    assert balances(low, high) == [D("50.00"), D("50.00")]
    assert not Transfer.objects.filter(key="t").exists()


@pytest.mark.parametrize("direction", ["low to high", "high to low"])
def test_repeat_changes_no_balance_even_when_funds_ran_out(low_and_high, world, direction):
    low, high = low_and_high
    source, destination = (low, high) if direction == "low to high" else (high, low)
    first = transfer_create(
        key="t", source=source, destination=destination, amount=D("30"), kind="x"
    )
    again = transfer_create(
        key="t", source=source, destination=destination, amount=D("30"), kind="x"
    )
    assert not again.created and again.transfer.pk == first.transfer.pk
    # the source has 20 left: a repeat of the 30 is still the first transfer
    transfer_create(key="drain", source=source, destination=world, amount=D("15"), kind="x")
    late = transfer_create(
        key="t", source=source, destination=destination, amount=D("30"), kind="x"
    )
    assert not late.created and late.transfer.pk == first.transfer.pk
    assert balances(source, destination) == [D("5.00"), D("80.00")]
    with pytest.raises(IdempotencyConflict):
        transfer_create(key="t", source=source, destination=destination, amount=D("1"), kind="x")
    assert balances(source, destination) == [D("5.00"), D("80.00")]
    assert Transfer.objects.filter(key="t").count() == 1


def test_a_refusal_leaves_the_callers_transaction_usable(low_and_high):
    low, high = low_and_high
    with transaction.atomic():
        for key in ("a", "b"):
            with pytest.raises(InsufficientFunds):
                transfer_create(key=key, source=high, destination=low, amount=D("99"), kind="x")
        with pytest.raises(IdempotencyConflict):
            transfer_create(key="fund:low", source=high, destination=low, amount=D("1"), kind="x")
        transfer_create(key="c", source=high, destination=low, amount=D("10"), kind="x")
    assert balances(low, high) == [D("60.00"), D("40.00")]
    assert set(Transfer.objects.values_list("key", flat=True)) == {"fund:low", "fund:high", "c"}


def test_the_returned_transfer_is_the_stored_row(low_and_high):
    low, high = low_and_high
    result = transfer_create(
        key="t", source=low, destination=high, amount=D("1.50"), kind="x", memo="m" * 400
    )
    stored = Transfer.objects.get(key="t")
    assert result.created and result.transfer.pk == stored.pk
    for field in ("key", "source_id", "destination_id", "amount", "kind", "memo", "created_at"):
        assert getattr(result.transfer, field) == getattr(stored, field), field
    assert len(stored.memo) == 300


def test_one_account_on_both_sides_is_refused(low_and_high):
    low, _ = low_and_high
    with pytest.raises(DomainError):
        transfer_create(key="t", source=low, destination=low, amount=D("1"), kind="x")


def test_many_cents_and_a_floor_above_zero_stay_exact(world):
    account = account_get_or_create(code="floored", name="Floored", floor=None)
    transfer_create(key="f", source=world, destination=account, amount=D("100.10"), kind="f")
    Account.objects.filter(pk=account.pk).update(floor=D("100.10"))
    for i in range(300):
        transfer_create(key=f"c{i}", source=world, destination=account, amount=D("0.07"), kind="c")
    account.refresh_from_db()
    assert account.balance == D("121.10") == account_balance_from_transfers(account=account)
    # down to the floor exactly, in cents that floats do not hold exactly
    for i in range(30):
        transfer_create(key=f"d{i}", source=account, destination=world, amount=D("0.70"), kind="d")
    with pytest.raises(InsufficientFunds):
        transfer_create(key="over", source=account, destination=world, amount=D("0.01"), kind="d")
    account.refresh_from_db()
    assert account.balance == D("100.10") == account.floor
    assert ledger_total_balance() == 0
    moved = transfer_up_to(key="up", source=account, destination=world, amount=D("5"), kind="u")
    assert moved.transfer is None
