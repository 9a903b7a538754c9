from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Substr

from kivoucher.core.money import ZERO, round_money
from kivoucher.ledger.models import Account, PendingCredit, Transfer


def money_sum(queryset, field: str) -> Decimal:
    """SUM of a money column, exact to the cent: SQLite adds decimals as floats, whose
    error (far below a cent) the rounding removes."""
    return round_money(queryset.aggregate(s=Sum(field))["s"] or ZERO)


def account_balance_from_transfers(*, account: Account) -> Decimal:
    """The balance recomputed from the transfers (to check the running balance)."""
    credits = money_sum(Transfer.objects.filter(destination=account), "amount")
    debits = money_sum(Transfer.objects.filter(source=account), "amount")
    return credits - debits


def account_transfers(*, account: Account):
    return (
        Transfer.objects.filter(Q(source=account) | Q(destination=account))
        .select_related("source", "destination")
        .order_by("created_at", "pk")
    )


def account_balance(*, account: Account) -> Decimal:
    """The balance of record: the stored balance and the credits still pending on it
    (`Account.deferred_credits`)."""
    balance = Account.objects.values_list("balance", flat=True).get(pk=account.pk)
    if not account.deferred_credits:
        return balance
    return balance + money_sum(PendingCredit.objects.filter(account=account), "amount")


def ledger_total_balance() -> Decimal:
    return money_sum(Account.objects.all(), "balance") + money_sum(
        PendingCredit.objects.all(), "amount"
    )


# --- payouts in ledger terms --------------------------------------------------------
# A payout leaves a programme account in two transfers: `PAYOUT` (the account -> the
# outgoing clearing account, when the payout is queued) and, once the bank executed the
# batch, `PAYOUT_PAID` (clearing -> bank) whose key is the first one's key followed by
# `PAID_SUFFIX` (kivoucher.payments.services keeps this convention).
PAYOUT = "payout"
PAYOUT_PAID = "payout_paid"
PAID_SUFFIX = ":paid"
# The way back (kivoucher.payments.services): a returned payout's money comes back from
# the bank (`<key>:returned:<n>`), a cancelled one's goes back to its source
# (`<key>:cancelled`). A payout counts as paid while it was executed more often than
# returned; a cancelled one as if it had never been made.
PAYOUT_RETURNED = "payout_returned"
PAYOUT_CANCELLED = "payout_cancelled"
RETURNED_INFIX = ":returned:"
CANCELLED_SUFFIX = ":cancelled"


def transfer_day():
    """The UTC calendar day of a transfer as "YYYY-MM-DD" (the stored timestamp's text,
    which SQLite and PostgreSQL both compute natively)."""
    return Substr(Cast("created_at", CharField()), 1, 10)


def transfer_totals(
    *, account_ids, last_day: str | None = None, by_day: bool = False
) -> list[tuple]:
    """(day or None, source, destination, kind, amount) of the transfers touching
    `account_ids` up to the UTC day `last_day`, summed per day (or over all days)."""
    touching = Q(source_id__in=account_ids) | Q(destination_id__in=account_ids)
    queryset = Transfer.objects.filter(touching).annotate(day=transfer_day())
    if last_day is not None:
        queryset = queryset.filter(day__lte=last_day)
    columns = ("source_id", "destination_id", "kind")
    if by_day:
        columns = ("day", *columns)
    rows = queryset.values_list(*columns).annotate(total=Sum("amount")).order_by()
    if by_day:
        return [(d, s, t, k, round_money(a)) for d, s, t, k, a in rows]
    return [(None, s, t, k, round_money(a)) for s, t, k, a in rows]


def transfer_pairs(*, source_ids, exclude_ids, exclude_kinds=()) -> list[tuple[int, int]]:
    """Distinct (source, destination) of the transfers out of `source_ids` into accounts
    outside `exclude_ids` (for finding the accounts a set of accounts funded)."""
    return list(
        Transfer.objects.filter(source_id__in=source_ids)
        .exclude(destination_id__in=exclude_ids)
        .exclude(kind__in=exclude_kinds)
        .values_list("source_id", "destination_id")
        .distinct()
        .order_by()
    )


def _count_of(kind: str, suffix: str):
    """How many transfers of `kind` carry the payout's key followed by `suffix`."""
    matching = Transfer.objects.filter(
        kind=kind, key__startswith=Concat(OuterRef("key"), Value(suffix))
    )
    counted = matching.order_by().values("kind").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _paid_day():
    """The day the bank last executed the payout; None while it is not executed or was
    returned as often as executed."""
    paid = (
        Transfer.objects.filter(
            kind=PAYOUT_PAID, key__startswith=Concat(OuterRef("key"), Value(PAID_SUFFIX))
        )
        .annotate(day=transfer_day())
        .order_by("-pk")
    )
    executed = _count_of(PAYOUT_PAID, PAID_SUFFIX)
    returned = _count_of(PAYOUT_RETURNED, RETURNED_INFIX)
    return (
        Case(
            When(Q(executed__gt=F("returned")), then=Subquery(paid.values("day")[:1])),
            default=None,
            output_field=CharField(),
        ),
        executed,
        returned,
    )


def _with_paid_day(queryset):
    paid_day, executed, returned = _paid_day()
    return queryset.annotate(executed=executed, returned=returned).annotate(paid_day=paid_day)


def _not_cancelled(queryset):
    cancelled = Transfer.objects.filter(
        kind=PAYOUT_CANCELLED, key=Concat(OuterRef("key"), Value(CANCELLED_SUFFIX))
    )
    return queryset.exclude(Exists(cancelled))


def payouts_paid_totals(
    *, source_ids, last_day: str | None = None, by_day: bool = False
) -> list[tuple]:
    """(day paid or None, source, amount) of the payouts out of `source_ids` that the
    bank executed by the end of `last_day`."""
    queryset = _with_paid_day(
        Transfer.objects.filter(kind=PAYOUT, source_id__in=source_ids)
    ).filter(paid_day__isnull=False)
    if last_day is not None:
        queryset = queryset.filter(paid_day__lte=last_day)
    columns = ("paid_day", "source_id") if by_day else ("source_id",)
    rows = queryset.values_list(*columns).annotate(total=Sum("amount")).order_by()
    if by_day:
        return [(d, s, round_money(a)) for d, s, a in rows]
    return [(None, s, round_money(a)) for s, a in rows]


def payout_sources(*, exclude_ids) -> list[int]:
    """The accounts payouts were made from, other than `exclude_ids`."""
    return list(
        Transfer.objects.filter(kind=PAYOUT)
        .exclude(source_id__in=exclude_ids)
        .values_list("source_id", flat=True)
        .distinct()
        .order_by()
    )


def payouts_each(*, source_ids, last_day: str | None = None) -> list[tuple]:
    """(transfer id, day, source, amount, day paid or None) of each payout out of
    `source_ids` made by the end of `last_day`, in the order they were made (cancelled
    ones left out: their money went back where it came from)."""
    queryset = (
        _with_paid_day(
            _not_cancelled(Transfer.objects.filter(kind=PAYOUT, source_id__in=source_ids))
        )
        .annotate(day=transfer_day())
        .order_by("pk")
    )
    if last_day is not None:
        queryset = queryset.filter(day__lte=last_day)
    return [
        (
            pk,
            day,
            source,
            amount,
            paid_day if paid_day and (last_day is None or paid_day <= last_day) else None,
        )
        for pk, day, source, amount, paid_day in queryset.values_list(
            "pk", "day", "source_id", "amount", "paid_day"
        )
    ]
