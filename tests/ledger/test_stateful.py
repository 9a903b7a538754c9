"""A hypothesis state machine drives the ledger and compares it with a plain model."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from kivoucher.core.errors import DomainError
from kivoucher.ledger.models import Account, Hold
from kivoucher.ledger.services import (
    HOLDS_ACCOUNT,
    InsufficientFunds,
    account_get_or_create,
    hold_create,
    hold_post,
    hold_void,
    transfer_create,
)

ACCOUNTS = ["world", "a", "b", "c"]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
keys = st.integers(min_value=0, max_value=30).map(lambda n: f"k{n}")


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        Hold.objects.all().delete()
        from kivoucher.ledger.models import Transfer

        Transfer.objects.all().delete()
        Account.objects.all().delete()
        self.accounts = {
            code: account_get_or_create(
                code=code, name=code, floor=None if code == "world" else Decimal("0")
            )
            for code in ACCOUNTS
        }
        self.model = dict.fromkeys(ACCOUNTS, Decimal("0"))
        self.model[HOLDS_ACCOUNT] = Decimal("0")
        self.transfers: dict[str, tuple] = {}
        self.holds: dict[str, tuple[str, Decimal, str]] = {}

    @rule(key=keys, src=st.sampled_from(ACCOUNTS), dst=st.sampled_from(ACCOUNTS), amount=amounts)
    def transfer(self, key, src, dst, amount):
        if src == dst:
            return
        content = (src, dst, amount)
        try:
            transfer_create(
                key=key,
                source=self.accounts[src],
                destination=self.accounts[dst],
                amount=amount,
                kind="t",
            )
        except InsufficientFunds:
            assert key not in self.transfers
            assert src != "world" and self.model[src] < amount
            return
        except DomainError:
            assert key in self.transfers and self.transfers[key] != content
            return
        if key in self.transfers:
            assert self.transfers[key] == content
            return
        assert src == "world" or self.model[src] >= amount
        self.transfers[key] = content
        self.model[src] -= amount
        self.model[dst] += amount

    @rule(key=keys, account=st.sampled_from(ACCOUNTS[1:]), amount=amounts)
    def hold(self, key, account, amount):
        key = f"h{key}"
        try:
            hold_create(key=key, account=self.accounts[account], amount=amount)
        except InsufficientFunds:
            assert self.model[account] < amount
            return
        except DomainError:
            assert key in self.holds
            return
        if key in self.holds:
            return
        self.holds[key] = (account, amount, "pending")
        self.model[account] -= amount
        self.model[HOLDS_ACCOUNT] += amount

    @precondition(lambda self: self.holds)
    @rule(data=st.data(), dst=st.sampled_from(ACCOUNTS), void=st.booleans())
    def close_hold(self, data, dst, void):
        key = data.draw(st.sampled_from(sorted(self.holds)))
        account, amount, status = self.holds[key]
        hold = Hold.objects.get(key=key)
        part = data.draw(st.decimals(min_value=0, max_value=amount, places=2))
        try:
            if void:
                hold_void(hold=hold)
            else:
                hold_post(hold=hold, destination=self.accounts[dst], amount=part)
        except DomainError:
            assert status != "pending"
            return
        assert status == "pending"
        self.holds[key] = (account, amount, "closed")
        self.model[HOLDS_ACCOUNT] -= amount
        if void:
            self.model[account] += amount
        else:
            self.model[dst] += part
            self.model[account] += amount - part

    @invariant()
    def balances_match_the_model(self):
        balances = dict(Account.objects.values_list("code", "balance"))
        for code, expected in self.model.items():
            assert balances.get(code, Decimal("0")) == expected, code

    @invariant()
    def sum_of_all_balances_is_zero(self):
        assert sum(Account.objects.values_list("balance", flat=True)) == 0

    @invariant()
    def no_account_below_its_floor(self):
        for account in Account.objects.exclude(floor=None):
            assert account.balance >= account.floor


@pytest.mark.django_db
def test_ledger_behaves_like_the_plain_model():
    # Each run starts from an empty ledger: the machine deletes what the last one left.
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
