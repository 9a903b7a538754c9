"""The money figures of a call: one definition, read from the ledger, used by the calls
page and API, the dashboard, the public statistics and the exports.

In ledger terms (accounts and transfer kinds), for each call:

- **total**: the call's net funding, what came into the call's budget and committed
  accounts from the programme's appropriation (`programme:<code>:appropriation`), and
  unused pre-sold hours handed back into a line II budget (`presale_hand_back`), less
  what went back.
- **available**: the balance of the call's budget account (`call:<id>:budget`): money
  not yet committed to anybody.
- **paid**: the call's money the bank has paid out: payouts (transfers of kind
  `payout`) that the bank executed (their `payout_paid` transfer exists), made from the
  call's own accounts (line I pays from `call:<id>:committed`), from an account the
  call funded (a compute voucher), or from a pool that such accounts pay into (a data
  centre's payable account, line II). A pool holds the money of every call that paid
  into it; a payout out of it takes the money in the order it came in (first in, first
  out, a day's inflows before its payouts), so a data centre that serves one call is
  exact to the cent and the calls' shares always add up to the payout. Money a
  beneficiary repaid (a receivable, `kivoucher.recovery`) returns to the call's budget
  account by a transfer of kind `receivable_recovered` (`RECOVERED`) and is deducted
  from paid: paid is what the bank paid out and nobody paid back.
- **committed**: total - available - paid: promised and not yet at the bank. That is
  the committed account, the balances of the accounts the call funded (vouchers, and
  the holds on them), its share of the pools (usage owed to data centres) and payouts
  queued or in a SEPA batch not yet paid.

A day is a UTC calendar day; figures "at the end of `last_day`" count the transfers up
to that day, and a payout counts as paid from the day its `payout_paid` transfer was
made.
"""

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kivoucher.core.money import ZERO
from kivoucher.ledger.models import Account
from kivoucher.ledger.selectors import (
    PAYOUT,
    PAYOUT_CANCELLED,
    payout_sources,
    payouts_each,
    payouts_paid_totals,
    transfer_pairs,
    transfer_totals,
)
from kivoucher.programmes.models import Call

FIGURES = ("total", "available", "committed", "paid")
# Money repaid to a call's budget account (kivoucher.recovery): less paid, more available.
RECOVERED = "receivable_recovered"
# Unused pre-sold hours handed back into a line II budget (kivoucher.presale.transfers):
# funding of the call like money from the appropriation.
HANDED_BACK = "presale_hand_back"
# The programme's appropriation accounts (programmes.services.appropriation_account).
FUNDING_PREFIX = "programme:"
FUNDING_SUFFIX = ":appropriation"

# (account ids, last day or None, by day) -> (day or None, source, destination, kind,
# amount) rows of the transfers touching those accounts: the live ledger by default;
# the reporting passes its cache of daily sums, which holds the same rows.
RowsReader = Callable[[list[int], str | None, bool], Iterable[tuple]]


def _live_rows(account_ids: list[int], last_day: str | None, by_day: bool) -> list[tuple]:
    return transfer_totals(account_ids=account_ids, last_day=last_day, by_day=by_day)


@dataclass
class CallFigures:
    """`per_call[call id]`: the four figures at the end of the period; `daily[call id]`:
    the change of each figure per day (only when asked for `by_day`)."""

    per_call: dict[int, dict[str, Decimal]]
    daily: dict[int, dict[date, dict[str, Decimal]]] = field(default_factory=dict)

    def add(self, call_id: int, day: str | None, figure: str, amount: Decimal) -> None:
        if call_id not in self.per_call or not amount:
            return
        self.per_call[call_id][figure] += amount
        if day is not None:
            deltas = self.daily.setdefault(call_id, {}).setdefault(
                date.fromisoformat(day), dict.fromkeys(FIGURES, ZERO)
            )
            deltas[figure] += amount


def _zero() -> dict[str, Decimal]:
    return dict.fromkeys(FIGURES, ZERO)


@dataclass
class _Accounts:
    own: dict[int, tuple[int, str]]  # account -> (call, "budget" | "committed")
    funding: set[int]
    funded: dict[int, int]  # account a call funded (a compute voucher) -> call

    def call_of(self, account: int) -> int | None:
        if account in self.own:
            return self.own[account][0]
        return self.funded.get(account)


def _accounts() -> _Accounts:
    """Every call's accounts (pools are shared between calls, so all of them count)."""
    codes: dict[str, tuple[int, str]] = {}
    for call in Call.objects.only("pk").order_by("pk"):
        codes[call.budget_account_code] = (call.pk, "budget")
        codes[call.committed_account_code] = (call.pk, "committed")
    own = {
        pk: codes[code]
        for pk, code in Account.objects.filter(code__in=list(codes)).values_list("pk", "code")
    }
    funding = set(
        Account.objects.filter(
            code__startswith=FUNDING_PREFIX, code__endswith=FUNDING_SUFFIX
        ).values_list("pk", flat=True)
    )
    funded: dict[int, int] = {}
    if own:
        pairs = transfer_pairs(
            source_ids=list(own), exclude_ids=[*own, *funding], exclude_kinds=(PAYOUT,)
        )
        # An account funded by several calls (none is, today) counts for the first.
        for source, destination in sorted(pairs, key=lambda p: (own[p[0]][0], p[1])):
            funded.setdefault(destination, own[source][0])
    return _Accounts(own=own, funding=funding, funded=funded)


def call_figures(
    *,
    calls: Iterable[Call],
    last_day: date | None = None,
    by_day: bool = False,
    rows: RowsReader = _live_rows,
) -> CallFigures:
    """The figures of `calls` at the end of `last_day` (now if None), and with `by_day`
    their daily changes; see the module's docstring for the definitions."""
    selected = {call.pk for call in calls}
    result = CallFigures(per_call={pk: _zero() for pk in selected})
    if not selected:
        return result
    accounts = _accounts()
    day_text = last_day.isoformat() if last_day else None
    own_ids = [pk for pk, (call_id, _role) in accounts.own.items() if call_id in selected]
    if own_ids:
        _own_movements(result, accounts, rows(own_ids, day_text, by_day))
    sources = own_ids + [pk for pk, call_id in accounts.funded.items() if call_id in selected]
    if sources:
        for day, source, amount in payouts_paid_totals(
            source_ids=sources, last_day=day_text, by_day=by_day
        ):
            result.add(accounts.call_of(source), day, "paid", amount)
    _pools(result, accounts, day_text, by_day)
    for call_id, figures in result.per_call.items():
        figures["committed"] = figures["total"] - figures["available"] - figures["paid"]
        for deltas in result.daily.get(call_id, {}).values():
            deltas["committed"] = deltas["total"] - deltas["available"] - deltas["paid"]
    result.daily = {pk: dict(sorted(days.items())) for pk, days in result.daily.items()}
    return result


def _own_movements(result: CallFigures, accounts: _Accounts, rows: Iterable[tuple]) -> None:
    """Available (the budget account's movements) and total (funding in and out)."""
    own, funding = accounts.own, accounts.funding
    for day, source, destination, kind, amount in rows:
        if source in own and own[source][1] == "budget":
            result.add(own[source][0], day, "available", -amount)
        if destination in own and own[destination][1] == "budget":
            result.add(own[destination][0], day, "available", amount)
            if kind == RECOVERED and source not in own:
                result.add(own[destination][0], day, "paid", -amount)
        from_call, to_call = own.get(source, (None,))[0], own.get(destination, (None,))[0]
        if from_call == to_call:
            continue
        # Funding from the appropriation or the pre-sale, or money moved between calls.
        if to_call is not None and (
            source in funding or from_call is not None or kind == HANDED_BACK
        ):
            result.add(to_call, day, "total", amount)
        if from_call is not None and (destination in funding or to_call is not None):
            result.add(from_call, day, "total", -amount)


def _pools(result: CallFigures, accounts: _Accounts, day_text: str | None, by_day: bool) -> None:
    """Paid out of pools that accounts funded by calls pay into (first in, first out)."""
    funded = accounts.funded
    if not funded:
        return
    candidates = payout_sources(exclude_ids=[*accounts.own, *funded])
    if not candidates:
        return
    inflows: dict[int, dict[str, list[tuple]]] = {}
    for day, source, destination, kind, amount in _live_rows(candidates, day_text, True):
        if kind in (PAYOUT, PAYOUT_CANCELLED):  # a cancelled payout is left out whole
            continue
        pool = destination if destination in candidates else source
        other = source if pool == destination else destination
        sign = 1 if pool == destination else -1
        inflows.setdefault(pool, {}).setdefault(day, []).append((sign, funded.get(other), amount))
    pools = [
        pool
        for pool in candidates
        if any(
            call_id is not None
            for moves in inflows.get(pool, {}).values()
            for _s, call_id, _a in moves
        )
    ]
    if not pools:
        return
    payouts: dict[int, dict[str, list[tuple]]] = {}
    for _pk, day, source, amount, paid_day in payouts_each(source_ids=pools, last_day=day_text):
        payouts.setdefault(source, {}).setdefault(day, []).append((amount, paid_day))
    for pool in pools:
        queue = _Queue()
        days = sorted(set(inflows.get(pool, {})) | set(payouts.get(pool, {})))
        for day in days:
            moves = inflows.get(pool, {}).get(day, [])
            for sign, call_id, amount in sorted(moves, key=lambda m: -m[0]):  # ins first
                if sign > 0:
                    queue.put(call_id, amount)
                else:
                    queue.take_back(call_id, amount)
            for amount, paid_day in payouts.get(pool, {}).get(day, []):
                for call_id, share in queue.take(amount):
                    if paid_day is not None and call_id is not None:
                        result.add(call_id, paid_day if by_day else None, "paid", share)


class _Queue:
    """The money in a pool as (call, amount) in the order it came in."""

    def __init__(self):
        self.items: deque[list] = deque()

    def put(self, call_id, amount: Decimal) -> None:
        self.items.append([call_id, amount])

    def take(self, amount: Decimal) -> list[tuple]:
        """Take `amount` from the front: [(call, share)], shares adding up to `amount`
        (money the queue does not know of counts for no call)."""
        taken: list[tuple] = []
        while amount > 0 and self.items:
            item = self.items[0]
            share = min(item[1], amount)
            taken.append((item[0], share))
            item[1] -= share
            amount -= share
            if item[1] <= 0:
                self.items.popleft()
        if amount > 0:
            taken.append((None, amount))
        return taken

    def take_back(self, call_id, amount: Decimal) -> None:
        """A reversal to an account of `call_id`: from that call's latest money first."""
        for wanted in (call_id, ...):
            for item in reversed(self.items):
                if amount <= 0:
                    break
                if wanted is ... or item[0] == wanted:
                    share = min(item[1], amount)
                    item[1] -= share
                    amount -= share
            self.items = deque(item for item in self.items if item[1] > 0)
