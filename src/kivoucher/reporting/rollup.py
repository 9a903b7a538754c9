"""Keep the daily ledger sums of the call accounts up to date (see models.py)."""

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Substr

from kivoucher.ledger.models import Account, Transfer
from kivoucher.reporting.models import LedgerDay, LedgerRollup

# Roll the tail into the cache once this many transfers lie above the watermark.
REFRESH_AFTER = 2000
CALL_ACCOUNTS = "call:%"


def _insert_batch(generation: int, low: int, high: int) -> None:
    q = connection.ops.quote_name
    transfer, account, day = (
        q(Transfer._meta.db_table),
        q(Account._meta.db_table),
        q(LedgerDay._meta.db_table),
    )
    calls = f"SELECT id FROM {account} WHERE code LIKE %s"  # noqa: S608
    sql = f"""
        INSERT INTO {day} (generation, upto, day, source_id, destination_id, kind, amount,
                           transfers)
        SELECT %s, %s, SUBSTR(CAST(t.created_at AS VARCHAR), 1, 10), t.source_id,
               t.destination_id, t.kind, SUM(t.amount), COUNT(*)
        FROM {transfer} t
        WHERE t.id > %s AND t.id <= %s
          AND (t.source_id IN ({calls}) OR t.destination_id IN ({calls}))
        GROUP BY SUBSTR(CAST(t.created_at AS VARCHAR), 1, 10), t.source_id, t.destination_id,
                 t.kind
    """  # noqa: S608 - quoted table names only
    with connection.cursor() as cursor:
        cursor.execute(sql, [generation, high, low, high, CALL_ACCOUNTS, CALL_ACCOUNTS])


def rollup_refresh(*, rebuild: bool = False) -> LedgerRollup:
    """Sum the transfers above the watermark into the cache (or all of them again)."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if not outer:
                    # One snapshot for the maximum, the count and the sums.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_advisory_xact_lock(7413001)")
        state, _created = LedgerRollup.objects.get_or_create(pk=1)
        high = Transfer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if rebuild:
            # Keep the previous generation for readers still using it.
            LedgerDay.objects.filter(generation__lt=state.generation).delete()
            state.generation += 1
            state.upto = 0
            state.transfers = 0
        if high > state.upto:
            _insert_batch(state.generation, state.upto, high)
            state.transfers += Transfer.objects.filter(pk__gt=state.upto, pk__lte=high).count()
            state.upto = high
        state.save()
        return state


def rollup_current() -> LedgerRollup:
    """The cache state after checking it against the ledger (refreshed if needed)."""
    state = LedgerRollup.objects.filter(pk=1).first()
    if state is None:
        return rollup_refresh(rebuild=True)
    if Transfer.objects.filter(pk__lte=state.upto).count() != state.transfers:
        return rollup_refresh(rebuild=True)
    highest = Transfer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if highest - state.upto > REFRESH_AFTER:  # about that many transfers (ids may have gaps)
        return rollup_refresh()
    return state


def _sources(account_ids: list[int], last_day: str | None):
    """The cached sums up to the watermark and the live transfers above it."""
    state = rollup_current()
    touching = Q(source_id__in=account_ids) | Q(destination_id__in=account_ids)
    cached = LedgerDay.objects.filter(touching, generation=state.generation, upto__lte=state.upto)
    tail = Transfer.objects.filter(touching, pk__gt=state.upto).annotate(
        day=Substr(Cast("created_at", CharField()), 1, 10)
    )
    if last_day is not None:
        cached = cached.filter(day__lte=last_day)
        tail = tail.filter(day__lte=last_day)
    return cached, tail


def ledger_pair_totals(*, account_ids: list[int], last_day: str | None = None) -> list[tuple]:
    """(source, destination, kind, amount) of the transfers touching `account_ids` up to
    `last_day` (a UTC day, "YYYY-MM-DD")."""
    columns = ("source_id", "destination_id", "kind")
    rows = []
    for queryset in _sources(account_ids, last_day):
        rows += list(queryset.values_list(*columns).annotate(total=Sum("amount")).order_by())
    return rows


def ledger_daily_deltas(
    *,
    budget_ids: list[int],
    committed_ids: list[int],
    funding_ids: list[int],
    last_day: str | None = None,
) -> list[tuple]:
    """(day, change of available, change of committed, paid, passed on) per UTC day,
    summed over the given budget and committed accounts; paid = payout transfers out of
    them; passed on = other transfers to accounts outside them (e.g. compute vouchers)
    less what came back from such accounts (not from the funding accounts)."""

    money = DecimalField(max_digits=18, decimal_places=2)

    def when_sum(condition):
        return Sum(
            Case(When(condition, then=F("amount")), default=Value(0), output_field=money),
            output_field=money,
        )

    def signed(ids):
        return ExpressionWrapper(
            when_sum(Q(destination_id__in=ids)) - when_sum(Q(source_id__in=ids)),
            output_field=money,
        )

    ids = budget_ids + committed_ids
    paid = when_sum(Q(kind="payout") & Q(source_id__in=ids))
    passed = ExpressionWrapper(
        when_sum(Q(source_id__in=ids) & ~Q(destination_id__in=ids) & ~Q(kind="payout"))
        - when_sum(
            Q(destination_id__in=ids) & ~Q(source_id__in=ids) & ~Q(source_id__in=funding_ids)
        ),
        output_field=money,
    )
    rows = []
    for queryset in _sources(ids, last_day):
        rows += list(
            queryset.values_list("day")
            .annotate(a=signed(budget_ids), c=signed(committed_ids), p=paid, o=passed)
            .order_by()
        )
    return rows
