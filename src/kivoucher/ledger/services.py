"""The only code that moves money.

Every transfer is idempotent by its key: the same key with the same content
returns the first transfer; the same key with other content is an error.
Accounts are locked in primary-key order before their balances change, so
concurrent transfers neither deadlock nor lose an update, and no account
goes below its floor.

Lock order, for every caller: accounts are locked only through `accounts_lock`
(primary-key order, `FOR NO KEY UPDATE`). A service that needs several
accounts at once (a batch of usage, a hold's settlement) locks all of them with
one call before its first transfer; the transfers then re-lock rows the
transaction already holds, which never waits.

Deferred credits. An account that many writers pay into at once (a data centre's
payable account, credited by every usage batch) has `deferred_credits`: a batch
transfer into it whose caller did not lock it leaves a `PendingCredit` instead of
updating its row, so the payers never wait for one another. `accounts_lock` adds
the pending credits to the balance of such an account as it locks it, so whoever
takes money out of it (under the lock) sees every committed credit; the balance of
record is `balance` plus the pending credits (`ledger.selectors.account_balance`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.money import CENT, ZERO
from kivoucher.core.rows import RowLoader, pg_array, prepared_cursor
from kivoucher.ledger.models import Account, Hold, PendingCredit, Transfer

HOLDS_ACCOUNT = "ledger:holds"


class InsufficientFunds(Conflict):
    code = "insufficient_funds"


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"


@dataclass(frozen=True)
class TransferResult:
    transfer: Transfer | None
    created: bool

    @property
    def amount(self) -> Decimal:
        return self.transfer.amount if self.transfer else ZERO


def account_get_or_create(
    *, code: str, name: str, floor: Decimal | None = ZERO, deferred_credits: bool = False
) -> Account:
    account, _created = Account.objects.get_or_create(
        code=code, defaults={"name": name, "floor": floor, "deferred_credits": deferred_credits}
    )
    return account


_ACCOUNTS = RowLoader(Account)


def accounts_lock(*account_ids: int) -> dict[int, Account]:
    """Lock the accounts in primary-key order (no key update); fresh rows by id.
    Through the cursor: it is on the path of every usage batch."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    connection = transaction.get_connection()
    lock = " FOR NO KEY UPDATE" if connection.features.has_select_for_no_key_update else ""
    if connection.vendor == "postgresql":  # one array: the statement stays the same
        condition, params = "id = ANY(%s::bigint[])", [pg_array(ids)]
    else:
        condition, params = f"id IN ({', '.join(['%s'] * len(ids))})", ids
    sql = (
        f"SELECT {_ACCOUNTS.columns(connection=connection)} "  # noqa: S608
        f"FROM {connection.ops.quote_name(_ACCOUNTS.table)} "
        f"WHERE {condition} ORDER BY id{lock}"
    )
    if not connection.in_atomic_block and lock:
        raise transaction.TransactionManagementError(
            "select_for_update cannot be used outside of a transaction."
        )
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        locked = {row[0]: _ACCOUNTS.load(row, connection) for row in rows}
        deferred = [pk for pk, account in locked.items() if account.deferred_credits]
        if deferred:
            for pk, amount in _pending_credits_take(cursor, connection, deferred).items():
                locked[pk].balance += amount
    return locked


def _pending_credits_take(cursor, connection, account_ids: list[int]) -> dict[int, Decimal]:
    """Add the pending credits of the (locked) accounts to their balances: account ->
    amount added. Credits of batches still running are not visible yet; the next
    lock takes them."""
    table = connection.ops.quote_name(PendingCredit._meta.db_table)
    placeholders = ", ".join(["%s"] * len(account_ids))
    cursor.execute(
        f"DELETE FROM {table} WHERE account_id IN ({placeholders}) "  # noqa: S608
        "RETURNING account_id, CAST(amount AS TEXT)",
        account_ids,
    )
    added: dict[int, Decimal] = {}
    for pk, amount in cursor.fetchall():
        added[pk] = added.get(pk, ZERO) + Decimal(amount).quantize(CENT)
    if added:
        _balances_change(cursor, connection, added)
    return added


def _check_amount(amount: Decimal) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("A transfer amount must be positive."), code="invalid_amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("Amounts have at most two decimal places."), code="invalid_amount")
    return amount


def _check_key(key: str, *, reserve: int = 0) -> str:
    """Keys longer than their column are refused here, alike on every database
    (PostgreSQL would fail with a database error, SQLite would store them)."""
    limit = Transfer._meta.get_field("key").max_length - reserve
    if len(key) > limit:
        raise DomainError(
            _("The key %(key)s… is too long: at most %(limit)s characters.")
            % {"key": key[:40], "limit": limit},
            code="too_long",
        )
    return key


# A hold's transfers are keyed "hold:<key>" and "hold:<key>:return" (or ":post").
HOLD_KEY_RESERVE = len("hold::return")


def _existing(
    key: str, source: Account, destination: Account, amount: Decimal | None, kind: str
) -> TransferResult | None:
    transfer = Transfer.objects.filter(key=key).first()
    if transfer is None:
        return None
    same = (
        transfer.source_id == source.pk
        and transfer.destination_id == destination.pk
        and transfer.kind == kind
        and (amount is None or transfer.amount == amount)
    )
    if not same:
        raise IdempotencyConflict(
            _("Transfer %(key)s was already made with other content.") % {"key": key}
        )
    return TransferResult(transfer, created=False)


# --- one transfer -------------------------------------------------------------------
# A single transfer is three statements through the cursor, without the ORM's query
# building (which cost three quarters of a transfer's time) and without savepoints:
#   1. the balance updates, in primary-key order (an UPDATE locks its row, so this is
#      the lock order of `accounts_lock`); the source's floor is the UPDATE's
#      condition, so "never below the floor" is decided by the database on the row's
#      latest version (PostgreSQL re-checks the condition after waiting for a lock);
#   2. the insert, `ON CONFLICT (key) DO NOTHING RETURNING id`: the unique key is the
#      idempotency check; an existing key returns no row.
# What a failed step changed is undone by the inverse update before the error is
# raised, so a refused transfer leaves nothing behind even inside a caller's
# transaction (no savepoint needed); database errors mark that transaction for
# rollback, as `atomic(savepoint=False)` would.
# SQLite keeps these decimals as floating-point numbers: its arithmetic is rounded to
# the cent (ROUND(x, 2) is the float that the cents' text gives, as Django stores it).

_SQL: dict[str, tuple[str, str, str, str]] = {}


def _sql(connection) -> tuple[str, str, str, str]:
    """(debit with floor condition, debit, credit, insert) for this database."""
    vendor = connection.vendor
    if vendor not in _SQL:
        q = connection.ops.quote_name
        account, transfer = q(Account._meta.db_table), q(Transfer._meta.db_table)
        if vendor == "sqlite":
            minus, plus = "ROUND(balance - %s, 2)", "ROUND(balance + %s, 2)"
        else:
            minus, plus = "balance - %s", "balance + %s"
        debit = f"UPDATE {account} SET balance = {minus} WHERE id = %s"  # noqa: S608
        _SQL[vendor] = (
            f"{debit} AND (floor IS NULL OR {minus} >= floor)",
            debit,
            f"UPDATE {account} SET balance = {plus} WHERE id = %s",  # noqa: S608
            f"INSERT INTO {transfer} ({q('key')}, source_id, destination_id, amount, kind,"  # noqa: S608
            " memo, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            f" ON CONFLICT ({q('key')}) DO NOTHING RETURNING id",
        )
    return _SQL[vendor]


_TRANSFER_FIELDS = [f.attname for f in Transfer._meta.concrete_fields]


def _insufficient(source_id: int, amount: Decimal) -> InsufficientFunds:
    src = Account.objects.get(pk=source_id)
    return InsufficientFunds(
        _("%(account)s has %(available)s available, %(amount)s needed.")
        % {"account": src.name, "available": src.balance - src.floor, "amount": amount}
    )


def _move(
    cursor, connection, key, source_id, destination_id, amount, kind, memo, check_existing
) -> TransferResult:
    debit_floor, debit, credit, insert = _sql(connection)
    source_first = source_id < destination_id
    if not source_first:
        cursor.execute(credit, [amount, destination_id])
    cursor.execute(debit_floor, [amount, source_id, amount])
    if cursor.rowcount != 1:
        if not source_first:
            cursor.execute(debit, [amount, destination_id])
        existing = check_existing()
        if existing is not None:
            return existing
        raise _insufficient(source_id, amount)
    if source_first:
        cursor.execute(credit, [amount, destination_id])
    now = timezone.now()
    memo = memo[:300]
    cursor.execute(
        insert,
        [
            key,
            source_id,
            destination_id,
            amount,
            kind,
            memo,
            connection.ops.adapt_datetimefield_value(now),
        ],
    )
    row = cursor.fetchone()
    if row is None:  # the key exists: undo the balances, answer as for a repeat
        cursor.execute(credit, [amount, source_id])
        cursor.execute(debit, [amount, destination_id])
        existing = check_existing()
        if existing is None:  # pragma: no cover - the key was there a moment ago
            raise IntegrityError(f"transfer {key} conflicted but cannot be found")
        return existing
    values = {
        "id": row[0],
        "key": key,
        "source_id": source_id,
        "destination_id": destination_id,
        "amount": amount,
        "kind": kind,
        "memo": memo,
        "created_at": now,
    }
    transfer = Transfer.from_db(
        connection.alias, _TRANSFER_FIELDS, [values[f] for f in _TRANSFER_FIELDS]
    )
    return TransferResult(transfer, created=True)


def _in_transaction(work):
    """Run `work(cursor, connection)` in the caller's transaction, or in a new one."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            return work(cursor, connection)
    try:
        with connection.cursor() as cursor:
            return work(cursor, connection)
    except DatabaseError:
        transaction.set_rollback(True)
        raise


def transfer_create(
    *, key: str, source: Account, destination: Account, amount: Decimal, kind: str, memo: str = ""
) -> TransferResult:
    """Move exactly `amount`, or raise InsufficientFunds."""
    amount = _check_amount(amount)
    _check_key(key)
    source_id, destination_id = source.pk, destination.pk
    if source_id == destination_id:
        raise DomainError(_("A transfer needs two different accounts."), code="invalid_transfer")

    def check_existing():
        return _existing(key, source, destination, amount, kind)

    def work(cursor, connection):
        if source.deferred_credits:  # its pending credits count before the floor check
            accounts_lock(source_id, destination_id)
        return _move(
            cursor, connection, key, source_id, destination_id, amount, kind, memo, check_existing
        )

    return _in_transaction(work)


def transfer_up_to(
    *, key: str, source: Account, destination: Account, amount: Decimal, kind: str, memo: str = ""
) -> TransferResult:
    """Move as much of `amount` as the source's floor allows (possibly nothing)."""
    amount = _check_amount(amount)
    _check_key(key)
    with transaction.atomic():
        existing = _existing(key, source, destination, None, kind)
        if existing:
            return existing
        locked = accounts_lock(source.pk, destination.pk)
        src = locked[source.pk]
        movable = amount if src.floor is None else max(ZERO, min(amount, src.balance - src.floor))
        if movable <= 0:
            return TransferResult(None, created=False)
        return _in_transaction(
            lambda cursor, connection: _move(
                cursor,
                connection,
                key,
                source.pk,
                destination.pk,
                movable,
                kind,
                memo,
                lambda: _existing(key, source, destination, None, kind),
            )
        )


def _holds_account() -> Account:
    return account_get_or_create(code=HOLDS_ACCOUNT, name="Holds in flight", floor=ZERO)


def hold_create(*, key: str, account: Account, amount: Decimal, memo: str = "") -> Hold:
    """Reserve `amount` on `account` by moving it to the holds account."""
    amount = _check_amount(amount)
    _check_key(key, reserve=HOLD_KEY_RESERVE)
    with transaction.atomic():
        existing = Hold.objects.filter(key=key).first()
        if existing:
            if existing.account_id != account.pk or existing.amount != amount:
                raise IdempotencyConflict(
                    _("Hold %(key)s exists with other content.") % {"key": key}
                )
            return existing
        transfer_create(
            key=f"hold:{key}",
            source=account,
            destination=_holds_account(),
            amount=amount,
            kind="hold",
            memo=memo,
        )
        return Hold.objects.create(key=key, account=account, amount=amount)


def _close_hold(hold: Hold, status: str, posted: Decimal) -> Hold:
    # Exactly once: only the transaction that flips pending -> closed goes on.
    updated = Hold.objects.filter(pk=hold.pk, status=Hold.Status.PENDING).update(
        status=status, posted_amount=posted, closed_at=timezone.now()
    )
    if not updated:
        hold.refresh_from_db()
        raise Conflict(
            _("Hold %(key)s is already %(status)s.")
            % {"key": hold.key, "status": hold.get_status_display()},
            code="hold_closed",
        )
    hold.refresh_from_db()
    return hold


def hold_post(
    *, hold: Hold, destination: Account, amount: Decimal | None = None, kind: str = "hold_post"
) -> Hold:
    """Post up to the held amount to `destination`; the rest returns to the account."""
    with transaction.atomic():
        amount = hold.amount if amount is None else Decimal(amount)
        if amount < 0 or amount > hold.amount:
            raise DomainError(
                _("A hold can post between 0 and the held amount."), code="invalid_amount"
            )
        hold = _close_hold(hold, Hold.Status.POSTED, amount)
        holds = _holds_account()
        if amount > 0:
            transfer_create(
                key=f"hold:{hold.key}:post",
                source=holds,
                destination=destination,
                amount=amount,
                kind=kind,
            )
        if hold.amount - amount > 0:
            transfer_create(
                key=f"hold:{hold.key}:return",
                source=holds,
                destination=hold.account,
                amount=hold.amount - amount,
                kind="hold_return",
            )
        return hold


def hold_void(*, hold: Hold) -> Hold:
    with transaction.atomic():
        hold = _close_hold(hold, Hold.Status.VOIDED, ZERO)
        transfer_create(
            key=f"hold:{hold.key}:return",
            source=_holds_account(),
            destination=hold.account,
            amount=hold.amount,
            kind="hold_return",
        )
        return hold


@dataclass(frozen=True)
class TransferSpec:
    key: str
    source: Account
    destination: Account
    amount: Decimal
    kind: str
    memo: str = ""


def transfer_create_batch(
    *, transfers: list[TransferSpec], locked: dict[int, Account] | None = None
) -> list[TransferResult]:
    """Several exact transfers in one go (for batch ingest): the same rules as
    `transfer_create` (idempotent by key, positive cents, no account below its floor,
    all or nothing: InsufficientFunds raises for the whole batch).

    `locked`: the accounts as the caller's transaction locked them (`accounts_lock`);
    they are not locked again (accounts missing from it are). Their balances only
    give the early refusal with its message: the database decides the floor on the
    rows' latest versions, so stale balances cannot take an account below it.

    Two statements when the keys are new (the usual case: ingest keys name a new
    batch): the insert, `ON CONFLICT (key) DO NOTHING RETURNING`, and one balance
    update whose condition is every changed account's floor (checked at the lowest
    point the batch takes it to, as if the transfers ran one after the other). When
    a key exists or a floor refuses, what the two statements did is undone (the rows
    stay locked, so the inverse update restores them exactly), without a savepoint;
    existing keys then take the careful path (lookup, idempotency check).
    """
    if not transfers:
        return []
    specs = [
        TransferSpec(
            _check_key(t.key), t.source, t.destination, _check_amount(t.amount), t.kind, t.memo
        )
        for t in transfers
    ]
    if len({s.key for s in specs}) != len(specs):
        raise DomainError(_("Transfer keys in a batch must differ."), code="invalid_batch")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        with transaction.atomic():
            return transfer_create_batch(transfers=specs, locked=locked)
    ids = {a.pk for s in specs for a in (s.source, s.destination)}
    sources = {s.source.pk for s in specs}
    deferred = {
        s.destination.pk
        for s in specs
        if s.destination.deferred_credits
        and s.destination.pk not in sources
        and s.destination.pk not in (locked or {})
    }
    try:
        missing = ids - deferred - (locked.keys() if locked is not None else set())
        if missing:
            locked = {**(locked or {}), **accounts_lock(*missing)}
        with prepared_cursor(connection) as cursor:
            results = _batch_new(cursor, connection, specs, locked, deferred)
        if results is None:  # a key exists: the careful path
            results = _batch_careful(specs)
        return results
    except DatabaseError:
        transaction.set_rollback(True)
        raise


def _batch_plan(specs: list[TransferSpec], locked: dict[int, Account]):
    """(net change, lowest change on the way) per account, refusing early what the
    locked balances cannot cover."""
    net: dict[int, Decimal] = {}
    low: dict[int, Decimal] = {}
    for spec in specs:
        src, dst = spec.source.pk, spec.destination.pk
        net[src] = net.get(src, ZERO) - spec.amount
        low[src] = min(low.get(src, ZERO), net[src])
        net[dst] = net.get(dst, ZERO) + spec.amount
        low.setdefault(dst, ZERO)
        account = locked[src]
        if account.floor is not None and account.balance + low[src] < account.floor:
            raise _refused(account, account.balance + net[src] + spec.amount, spec.amount)
    return net, low


def _refused(account: Account, balance: Decimal, amount: Decimal) -> InsufficientFunds:
    return InsufficientFunds(
        _("%(account)s has %(available)s available, %(amount)s needed.")
        % {"account": account.name, "available": balance - account.floor, "amount": amount}
    )


_BATCH_CHUNK = 400


def _balance_update(connection, change: dict[int, Decimal], low=None) -> tuple[str, list]:
    """UPDATE balance += change (per account pk), only where the balance plus `low`
    stays at or above the floor, RETURNING the ids changed."""
    table = connection.ops.quote_name(Account._meta.db_table)
    pks = sorted(change)
    if connection.vendor == "postgresql":
        # Arrays: a constant statement with few parameters, which psycopg converts
        # once (it parses a statement of more than 50 parameters on every call).
        deltas = [change[pk] for pk in pks]
        if low is None:
            sql = (
                f"UPDATE {table} SET balance = balance + c.delta "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::numeric[]) AS c(pk, delta) WHERE id = c.pk"
            )
            return sql, [pg_array(pks), pg_array(deltas)]
        sql = (
            f"UPDATE {table} SET balance = balance + c.delta "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[]) AS c(pk, delta, low) "
            "WHERE id = c.pk AND (floor IS NULL OR balance + c.low >= floor)"
        )
        return sql, [pg_array(pks), pg_array(deltas), pg_array([low[pk] for pk in pks])]
    whens = " ".join("WHEN %s THEN %s" for _ in pks)
    new = f"ROUND(balance + CASE id {whens} END, 2)"
    sql = f"UPDATE {table} SET balance = {new} WHERE id IN ({', '.join(['%s'] * len(pks))})"  # noqa: S608
    params = [v for pk in pks for v in (pk, change[pk])] + pks
    if low is not None:
        sql += f" AND (floor IS NULL OR balance + CASE id {whens} END >= floor)"
        params += [v for pk in pks for v in (pk, low[pk])]
    return sql, params


def _balances_change(cursor, connection, change: dict[int, Decimal], low=None) -> set[int]:
    """balance += change (per account pk), only where the balance plus `low` stays at or
    above the floor; the pks changed."""
    changed: set[int] = set()
    pks = sorted(change)
    for i in range(0, len(pks), _BATCH_CHUNK):
        chunk = {pk: change[pk] for pk in pks[i : i + _BATCH_CHUNK]}
        sql, params = _balance_update(connection, chunk, low)
        cursor.execute(f"{sql} RETURNING id", params)
        changed.update(row[0] for row in cursor.fetchall())
    return changed


def _transfers_insert(connection, specs, stamp, more_columns: bool = False) -> tuple[str, list]:
    """INSERT the transfers unless their key exists, RETURNING (id, key) of each new one
    (and, with `more_columns`, destination_id and amount, for a WITH to use)."""
    q = connection.ops.quote_name
    more = ", destination_id, amount" if more_columns else ""
    if connection.vendor == "postgresql":  # arrays, as in `_balance_update`
        sql = (
            f"INSERT INTO {q(Transfer._meta.db_table)} ({q('key')}, source_id, destination_id, "  # noqa: S608
            "amount, kind, memo, created_at) SELECT k, s, d, a, t, m, %s::timestamptz "
            "FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[], %s::numeric[], "
            "%s::varchar[], %s::varchar[]) AS x(k, s, d, a, t, m) "
            f"ON CONFLICT ({q('key')}) DO NOTHING RETURNING id, {q('key')}{more}"
        )
        return sql, [
            stamp,
            pg_array([s.key for s in specs]),
            pg_array([s.source.pk for s in specs]),
            pg_array([s.destination.pk for s in specs]),
            pg_array([s.amount for s in specs]),
            pg_array([s.kind for s in specs]),
            pg_array([s.memo[:300] for s in specs]),
        ]
    params: list = []
    for s in specs:
        params += [s.key, s.source.pk, s.destination.pk, s.amount, s.kind, s.memo[:300], stamp]
    sql = (
        f"INSERT INTO {q(Transfer._meta.db_table)} ({q('key')}, source_id, destination_id, "  # noqa: S608
        f"amount, kind, memo, created_at) "
        f"VALUES {', '.join(['(%s, %s, %s, %s, %s, %s, %s)'] * len(specs))} "
        f"ON CONFLICT ({q('key')}) DO NOTHING RETURNING id, {q('key')}"
    )
    return sql, params


def _batch_new(
    cursor, connection, specs, locked, deferred: frozenset | set = frozenset()
) -> list[TransferResult] | None:
    """The batch when all its keys are new; None (and nothing changed) when one exists.
    Credits to the accounts in `deferred` become pending credits.

    On PostgreSQL a batch of up to _BATCH_CHUNK transfers is one statement: the
    insert in a data-modifying WITH, the balance update and the pending credits,
    which run only when every key was new (their condition counts the rows inserted)."""
    net, low = _batch_plan(specs, locked)
    moved = {pk: amount for pk, amount in net.items() if amount and pk not in deferred}
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    ids: dict[str, int] = {}
    changed: set[int] | None = None
    changed_in_one = False  # the pending credits went with the one statement
    if (
        connection.vendor == "postgresql"
        and moved
        and len(specs) <= _BATCH_CHUNK
        and len(moved) <= _BATCH_CHUNK
    ):
        insert, params = _transfers_insert(connection, specs, stamp, more_columns=bool(deferred))
        update, more = _balance_update(connection, moved, low)
        pending, pending_params = "", []
        if deferred:
            pending = (
                f", p AS (INSERT INTO {connection.ops.quote_name(PendingCredit._meta.db_table)} "  # noqa: S608
                "(account_id, transfer_id, amount) SELECT destination_id, id, amount FROM t "
                "WHERE destination_id = ANY(%s::bigint[]) AND (SELECT count(*) FROM t) = %s)"
            )
            pending_params = [pg_array(sorted(deferred)), len(specs)]
        cursor.execute(
            f"WITH t AS ({insert}), u AS ({update} "  # noqa: S608
            f"AND (SELECT count(*) FROM t) = %s RETURNING id){pending} "
            f"SELECT id, {connection.ops.quote_name('key')} FROM t "
            "UNION ALL SELECT id, NULL FROM u",
            [*params, *more, len(specs), *pending_params],
        )
        changed, changed_in_one = set(), True
        for pk, key in cursor.fetchall():
            if key is None:
                changed.add(pk)
            else:
                ids[key] = pk
    else:
        for i in range(0, len(specs), _BATCH_CHUNK):
            cursor.execute(*_transfers_insert(connection, specs[i : i + _BATCH_CHUNK], stamp))
            ids.update((key, pk) for pk, key in cursor.fetchall())

    def undo_inserts():
        if ids:
            pks = list(ids.values())
            if deferred:
                cursor.execute(
                    f"DELETE FROM {connection.ops.quote_name(PendingCredit._meta.db_table)} "  # noqa: S608
                    f"WHERE transfer_id IN ({', '.join(['%s'] * len(pks))})",
                    pks,
                )
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(Transfer._meta.db_table)} "  # noqa: S608
                f"WHERE id IN ({', '.join(['%s'] * len(pks))})",
                pks,
            )

    if len(ids) != len(specs):  # a key exists (the balances did not change)
        undo_inserts()
        return None
    if changed is None:
        changed = _balances_change(cursor, connection, moved, low)
    if len(changed) != len(moved):  # a floor refused (the caller's balances were stale)
        _balances_change(cursor, connection, {pk: -moved[pk] for pk in changed})
        undo_inserts()
        short = min(moved.keys() - changed)
        account = Account.objects.get(pk=short)
        raise _refused(account, account.balance, -low[short])
    if deferred and changed_in_one is False:
        _pending_credits_insert(cursor, connection, specs, ids, deferred)
    results = []
    for s in specs:
        values = {
            "id": ids[s.key],
            "key": s.key,
            "source_id": s.source.pk,
            "destination_id": s.destination.pk,
            "amount": s.amount,
            "kind": s.kind,
            "memo": s.memo[:300],
            "created_at": now,
        }
        transfer = Transfer.from_db(
            connection.alias, _TRANSFER_FIELDS, [values[f] for f in _TRANSFER_FIELDS]
        )
        results.append(TransferResult(transfer, created=True))
    return results


def _pending_credits_insert(cursor, connection, specs, ids: dict[str, int], deferred) -> None:
    rows = [(s.destination.pk, ids[s.key], s.amount) for s in specs if s.destination.pk in deferred]
    table = connection.ops.quote_name(PendingCredit._meta.db_table)
    for i in range(0, len(rows), _BATCH_CHUNK):
        chunk = rows[i : i + _BATCH_CHUNK]
        cursor.execute(
            f"INSERT INTO {table} (account_id, transfer_id, amount) "  # noqa: S608
            f"VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))}",
            [value for row in chunk for value in row],
        )


def _batch_careful(specs: list[TransferSpec]) -> list[TransferResult]:
    """Existing keys answered as repeats (or refused as conflicts), the new ones moved."""
    existing = set(
        Transfer.objects.filter(key__in=[s.key for s in specs]).values_list("key", flat=True)
    )
    results: dict[str, TransferResult] = {}
    for spec in specs:
        if spec.key in existing:
            results[spec.key] = _existing(
                spec.key, spec.source, spec.destination, spec.amount, spec.kind
            )
    new = [s for s in specs if s.key not in existing]
    if new:
        locked = accounts_lock(*(a.pk for s in new for a in (s.source, s.destination)))
        connection = transaction.get_connection()
        with connection.cursor() as cursor:
            done = _batch_new(cursor, connection, new, locked)
        if done is None:  # pragma: no cover - a key appeared since the lookup
            raise IntegrityError("transfer keys conflicted but cannot be found")
        results.update((s.key, r) for s, r in zip(new, done, strict=True))
    return [results[s.key] for s in specs]
