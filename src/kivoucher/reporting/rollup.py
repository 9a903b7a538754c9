"""Keep the daily ledger sums of the call accounts up to date (see models.py)."""

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Q,
    Sum,
)
from django.db.models.functions import Cast, Substr

from kivoucher.core.money import round_money
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


def ledger_rows(account_ids: list[int], last_day: str | None, by_day: bool) -> list[tuple]:
    """(day or None, source, destination, kind, amount) of the transfers touching the call
    accounts `account_ids` up to `last_day` (a UTC day, "YYYY-MM-DD"): the reader that
    `programmes.figures.call_figures` takes, served from the cache plus the live tail."""
    columns = ("source_id", "destination_id", "kind")
    if by_day:
        columns = ("day", *columns)
    totals: dict[tuple, object] = {}
    for queryset in _sources(account_ids, last_day):
        for *key, amount in queryset.values_list(*columns).annotate(total=Sum("amount")).order_by():
            key = tuple(key) if by_day else (None, *key)
            totals[key] = totals.get(key, 0) + amount
    return [(*key, round_money(amount)) for key, amount in totals.items()]
