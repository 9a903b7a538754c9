"""Usage ingest: the one path for API batches, Slurm imports and hold settlements.

A batch is one transaction. The accounts of every voucher the batch names are
locked once, in primary-key order, before the existing record ids are looked up:
batches of one voucher are serialised, so no interleaving charges a record twice or
takes a balance below zero (the unique constraint on (data centre, record id) and the
ledger's floor back this up). Batches of different vouchers run side by side: the
data centre's payable account takes their credits deferred (kivoucher.ledger.services),
and a record id sent for two vouchers at once fails the later insert on the unique
constraint, whose batch then runs again and finds it.
Each voucher's charges of the batch move in one ledger transfer.

Exact charging. A record's exact amount is quantity x unit price (at most ten
decimals); the ledger moves whole cents. Each voucher carries the part of its
exact amounts not charged yet (`ComputeVoucher.usage_remainder`):

    carry   = remainder + exact amount of the record
    amount  = carry rounded down to the cent (never below zero)
    remainder = carry - amount

so that, at every moment, (sum of the amounts of a voucher's records) + remainder
= (sum of their exact amounts), and the amounts charged so far are the exact total
rounded down to the cent: however a data centre splits its usage into records or
batches, the voucher pays the same. Only records that are accepted move the
remainder (duplicates, conflicts and rejected records leave it alone). A reversing
record takes back exactly the amount its record moved, and the remainder takes the
difference (exact - amount) back: it may then lie outside [0, 1 cent) until the
next record of the voucher settles it. The remainder is read and written while
the batch holds the lock of the voucher's account, so parallel batches never lose an
update of it.
"""

import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Context, Decimal, InvalidOperation
from typing import NoReturn

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.compute.models import (
    ComputeVoucher,
    DataCentre,
    IngestBatch,
    PriceItem,
    PriceListVersion,
    UsageRecord,
)
from kivoucher.compute.selectors import PriceBook
from kivoucher.compute.services.limits import max_length
from kivoucher.compute.services.onboarding import payable_account
from kivoucher.compute.services.vouchers import validity_end, voucher_after_balance_change
from kivoucher.core.audit import audit_record
from kivoucher.core.errors import PermissionDenied
from kivoucher.core.money import CENT, MAX_AMOUNT, ZERO
from kivoucher.core.roles import Role
from kivoucher.core.rows import RowLoader, pg_array, prepared_cursor
from kivoucher.ledger.models import Account
from kivoucher.ledger.services import (
    TransferSpec,
    accounts_lock,
    transfer_create_batch,
)
from kivoucher.organizations.models import Membership

MAX_RECORDS = 10_000
RECORD_FIELDS = frozenset({"id", "voucher", "resource", "quantity", "start", "end", "reverses"})
REQUIRED_FIELDS = ("voucher", "resource", "quantity", "start", "end")
QUANTUM = Decimal("0.000001")
MAX_QUANTITY = Decimal("1e13")  # above any real usage; keeps quantize() within 28 digits
LOOKUP_CHUNK = 900

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"

# Stable reason codes of rejected records (DESIGN §6).
REASONS = {
    "invalid_record": "The record is not a JSON object.",
    "invalid_id": "The record id (or the id it reverses) is missing, empty, not a string or "
    "longer than 200 characters.",
    "unknown_field": "The record has a field the API does not know.",
    "missing_field": "A required field is missing.",
    "invalid_quantity": "The quantity is not a decimal number with at most six decimals, "
    "or its amount is implausibly large.",
    "negative_quantity": "The quantity is negative; corrections are reversing records.",
    "invalid_time": "start or end is not an ISO 8601 date-time.",
    "end_before_start": "The end lies before the start.",
    "unknown_voucher": "No voucher with this code is redeemable at this data centre.",
    "voucher_not_active": "The voucher has expired or was cancelled.",
    "outside_validity": "The usage does not lie within the voucher's validity: it starts "
    "before the voucher was issued or ends after its last valid day.",
    "unknown_resource": "The resource is not on the data centre's price list.",
    "no_price": "No price list version valid at the record's end names this resource.",
    "conflict": "A record with this id was already received with other content.",
    "unknown_record": "The record to reverse was not found.",
    "already_reversed": "The record was already reversed.",
    "invalid_reversal": "A reversing record cannot itself be reversed.",
    "already_settled": "The record is part of a settlement statement and cannot be reversed.",
}


@dataclass
class RecordResult:
    id: str | None
    status: str
    charged: Decimal = ZERO
    uncovered: Decimal = ZERO
    reason: str | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "charged": f"{self.charged:.2f}",
            "uncovered": f"{self.uncovered:.2f}",
            "reason": self.reason,
        }


@dataclass
class Parsed:
    id: str
    voucher: str = ""
    resource: str = ""
    quantity: Decimal = ZERO
    start: datetime | None = None
    end: datetime | None = None
    reverses: str | None = None


@dataclass
class IngestOutcome:
    batch: IngestBatch
    results: list[RecordResult] = field(default_factory=list)

    @property
    def reasons(self) -> Counter:
        return Counter(r.reason for r in self.results if r.reason)


def _reject(record_id, reason: str) -> RecordResult:
    return RecordResult(record_id if isinstance(record_id, str) else None, REJECTED, reason=reason)


def parse_time(value) -> datetime | None:
    """ISO 8601; a time without offset is local time of the platform (Europe/Berlin)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _quantity(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        quantity = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    # The magnitude first: quantize() raises beyond the context's 28 digits.
    if not quantity.is_finite() or abs(quantity) >= MAX_QUANTITY:
        return None
    if quantity != quantity.quantize(QUANTUM):
        return None
    return quantity


# The columns' lengths (core of `limits.too_long`, looked up once).
_ID_MAX = max_length(UsageRecord, "record_id")
_CODE_MAX = max_length(ComputeVoucher, "code")
_RESOURCE_MAX = max_length(UsageRecord, "resource")


def parse_record(raw) -> Parsed | RecordResult:
    if not isinstance(raw, dict):
        return _reject(None, "invalid_record")
    record_id = raw.get("id")
    if not isinstance(record_id, str) or not record_id.strip() or len(record_id) > _ID_MAX:
        return _reject(record_id, "invalid_id")
    if not RECORD_FIELDS.issuperset(raw):
        return _reject(record_id, "unknown_field")
    reverses = raw.get("reverses")
    if reverses is not None:
        if not isinstance(reverses, str) or not reverses:
            return _reject(record_id, "unknown_record")
        if len(reverses) > _ID_MAX:
            return _reject(record_id, "invalid_id")
        return Parsed(id=record_id, reverses=reverses)
    if any(raw.get(name) is None for name in REQUIRED_FIELDS):
        return _reject(record_id, "missing_field")
    # Names longer than their column cannot name a voucher or a price: no lookup.
    if not isinstance(raw["voucher"], str) or len(raw["voucher"].strip()) > _CODE_MAX:
        return _reject(record_id, "unknown_voucher")
    if not isinstance(raw["resource"], str) or len(raw["resource"].strip()) > _RESOURCE_MAX:
        return _reject(record_id, "unknown_resource")
    quantity = _quantity(raw["quantity"])
    if quantity is None:
        return _reject(record_id, "invalid_quantity")
    if quantity < 0:
        return _reject(record_id, "negative_quantity")
    start, end = parse_time(raw["start"]), parse_time(raw["end"])
    if start is None or end is None:
        return _reject(record_id, "invalid_time")
    if end < start:
        return _reject(record_id, "end_before_start")
    return Parsed(
        id=record_id,
        voucher=raw["voucher"].strip(),
        resource=raw["resource"].strip().lower(),
        quantity=quantity,
        start=start,
        end=end,
    )


@dataclass(frozen=True)
class Stored:
    """What a duplicate check needs of a stored record (no model instance)."""

    voucher_id: int
    resource: str
    quantity: Decimal
    start: datetime
    end: datetime
    reverses: str | None


def _same(record: Stored, parsed: Parsed, voucher_id: int | None) -> bool:
    if parsed.reverses is not None or record.reverses is not None:
        return record.reverses == parsed.reverses
    return (
        voucher_id == record.voucher_id
        and record.resource == parsed.resource
        and record.quantity == parsed.quantity
        and record.start == parsed.start
        and record.end == parsed.end
    )


def _chunks(items: list, size: int | None = None):
    size = size or (10_000 if connection.vendor == "postgresql" else LOOKUP_CHUNK)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(column: str, values: list, cast: str) -> tuple[str, list]:
    """`column IN (values)`; on PostgreSQL one array parameter (`= ANY`): the statement
    stays the same for any number of values, so psycopg converts it once (it parses
    a statement of more than 50 parameters again on every call)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::{cast}[])", [pg_array(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _probe(data_centre: DataCentre, ids: list[str]) -> tuple[str, list]:
    """Which of `ids` the data centre stored before. Never prepared (`prepared_cursor`):
    PostgreSQL would keep the generic plan it chose while the table was small, a
    sequential scan of the table that grows fastest (7.7 ms at 30,000 records
    instead of 0.1 ms); planned afresh, it always takes the unique index."""
    table = connection.ops.quote_name(UsageRecord._meta.db_table)
    condition, params = _in("record_id", ids, "varchar")
    sql = f"SELECT record_id FROM {table} WHERE data_centre_id = %s AND {condition}"  # noqa: S608
    return sql, [data_centre.pk, *params]


def _existing_records(data_centre: DataCentre, ids: list[str]) -> dict[str, Stored]:
    """The records of `ids` stored before. Mostly there are none: a probe through the
    cursor finds which exist, and only those are loaded (through the ORM, which
    converts their values alike on every database)."""
    found_ids: list[str] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            cursor.execute(*_probe(data_centre, chunk))
            found_ids += [row[0] for row in cursor.fetchall()]
    return _stored(data_centre, found_ids)


def _existing_and_remainders(
    data_centre: DataCentre, ids: list[str], voucher_pks: set[int]
) -> tuple[dict[str, Stored], dict[int, Decimal]]:
    """`_existing_records` and `_remainders` in one statement (UNION ALL) when both fit
    one chunk: one round trip less under the locks."""
    pks = sorted(voucher_pks)
    limit = 10_000 if connection.vendor == "postgresql" else LOOKUP_CHUNK
    if not ids or not pks or len(ids) > limit or len(pks) > limit:
        return _existing_records(data_centre, ids), _remainders(voucher_pks)
    places, remainder_sql, remainder_params = _remainder_sql(pks)
    probe_sql, probe_params = _probe(data_centre, ids)
    sql = f"SELECT NULL, record_id FROM ({probe_sql}) probe UNION ALL {remainder_sql}"  # noqa: S608
    found_ids: list[str] = []
    remainders: dict[int, Decimal] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*probe_params, *remainder_params])
        for pk, text in cursor.fetchall():
            if pk is None:
                found_ids.append(text)
            else:
                remainders[pk] = Decimal(text).quantize(places)
    return _stored(data_centre, found_ids), remainders


def _stored(data_centre: DataCentre, found_ids: list[str]) -> dict[str, Stored]:
    found: dict[str, Stored] = {}
    for chunk in _chunks(found_ids):
        rows = UsageRecord.objects.filter(data_centre=data_centre, record_id__in=chunk)
        for record_id, *values in rows.values_list(
            "record_id", "voucher_id", "resource", "quantity", "start", "end", "reverses__record_id"
        ):
            found[record_id] = Stored(*values)
    return found


def _originals(data_centre: DataCentre, ids: list[str]) -> dict[str, UsageRecord]:
    """The records that reversing records name, with their vouchers."""
    found: dict[str, UsageRecord] = {}
    for chunk in _chunks(ids):
        for record in UsageRecord.objects.filter(
            data_centre=data_centre, record_id__in=chunk
        ).select_related("voucher", "reversed_by"):
            found[record.record_id] = record
    return found


_VOUCHERS = RowLoader(ComputeVoucher)
_VERSIONS = RowLoader(PriceListVersion)
_ITEMS = RowLoader(PriceItem)
_DATA_CENTRES = RowLoader(DataCentre)
_ACCOUNTS = RowLoader(Account)


@dataclass
class _Context:
    """What a batch reads before its transaction."""

    data_centre: DataCentre
    payable: Account | None  # None: not read yet (`payable_account`)
    vouchers: dict[str, ComputeVoucher]  # code -> voucher
    batch_id: int | None = None  # PostgreSQL: the batch row's id, from its sequence
    prices: str | None = None  # PostgreSQL: the price lists' fingerprint (`_price_book`)


def refuse_non_operator() -> NoReturn:
    """The refusal of the data-centre operators' API to anybody else (raised here, with
    its message as a literal, so that the API's documentation finds it:
    `core.api_errors.errors_raised`)."""
    raise PermissionDenied(_("This API is for data-centre operators."))


def operator_check(user) -> None:
    """PermissionDenied unless `user` is a dc_operator (whether their organisation runs
    a data centre is seen when it is read)."""
    if getattr(user, "role", None) != Role.DC_OPERATOR:
        refuse_non_operator()


@functools.cache
def _operator_sql() -> str:
    """FROM: the data centre a dc_operator acts for as `d` (as
    `selectors.data_centre_of_user`: the first of their organisations' by primary key),
    with its payable account as `a` (NULLs if it has none yet). Parameter: the user."""
    q = connection.ops.quote_name
    return (
        f"(SELECT * FROM {q(_DATA_CENTRES.table)} WHERE organisation_id IN "  # noqa: S608
        f"(SELECT organisation_id FROM {q(Membership._meta.db_table)} WHERE user_id = %s) "
        "ORDER BY id LIMIT 1) d "
        # DataCentre.payable_account_code (if they differ, ingest looks the account up)
        f"LEFT JOIN {q(_ACCOUNTS.table)} a ON a.code = 'compute:dc:' || d.code || ':payable'"
    )


def _operator_row(row) -> tuple[DataCentre, Account | None]:
    split = len(_DATA_CENTRES.fields)
    payable = row[split : split + len(_ACCOUNTS.fields)]
    return _DATA_CENTRES.load(row[:split]), (
        _ACCOUNTS.load(payable) if payable[0] is not None else None
    )


def operator_data_centre(operator) -> tuple[DataCentre, Account | None]:
    """The data centre a dc_operator acts for (its organisation loaded only when first
    used) and its payable account (None if it has none yet), in one statement;
    PermissionDenied for anybody else."""
    operator_check(operator)
    sql = f"SELECT {_DATA_CENTRES.columns('d')}, {_ACCOUNTS.columns('a')} FROM {_operator_sql()}"  # noqa: S608
    with prepared_cursor() as cursor:
        cursor.execute(sql, [operator.pk])
        row = cursor.fetchone()
    if row is None:
        refuse_non_operator()
    return _operator_row(row)


def _context(codes: list[str], data_centre: DataCentre | None, operator) -> _Context:
    """The data centre (the given one, or the operator's), its vouchers by code and, on
    PostgreSQL, the id the batch row will have (from its sequence, so that the row can
    be inserted with its counts and records in one statement at the end) and the
    fingerprint of its price lists (`_price_book`): one statement. The vouchers'
    organisations are loaded only when a notice is sent."""
    vouchers: dict[str, ComputeVoucher] = {}
    if connection.vendor != "postgresql":
        payable = None
        if data_centre is None:
            data_centre, payable = operator_data_centre(operator)
        table = connection.ops.quote_name(_VOUCHERS.table)
        with prepared_cursor() as cursor:
            for chunk in _chunks(codes):
                condition, params = _in("code", chunk, "varchar")
                cursor.execute(
                    f"SELECT {_VOUCHERS.columns()} FROM {table} "  # noqa: S608
                    f"WHERE data_centre_id = %s AND {condition}",
                    [data_centre.pk, *params],
                )
                for row in cursor.fetchall():
                    voucher = _VOUCHERS.load(row)
                    vouchers[voucher.code] = voucher
        context = _Context(data_centre, payable, vouchers)
    else:
        by_operator = data_centre is None
        if by_operator:
            operator_check(operator)
        with prepared_cursor() as cursor:
            cursor.execute(
                _context_sql(by_operator),
                [operator.pk if by_operator else data_centre.pk, pg_array(codes)],
            )
            rows = cursor.fetchall()
        if not rows:  # no data centre for the operator
            refuse_non_operator()
        payable = None
        if by_operator:
            data_centre, payable = _operator_row(rows[0])
            rows = [row[len(_DATA_CENTRES.fields) + len(_ACCOUNTS.fields) :] for row in rows]
        for row in rows:
            if row[0] is not None:
                voucher = _VOUCHERS.load(row[:-2])
                vouchers[voucher.code] = voucher
        context = _Context(data_centre, payable, vouchers, rows[0][-2], rows[0][-1])
    for voucher in vouchers.values():
        ComputeVoucher.data_centre.field.set_cached_value(voucher, context.data_centre)
    return context


@functools.cache
def _context_sql(by_operator: bool) -> str:
    """PostgreSQL, `_context`: the vouchers of the codes (an array), each row with the
    batch id and the price lists' fingerprint; one row of NULLs but those when none
    matches. By operator: every row starts with the data centre and its payable
    account (no row when the operator has no data centre)."""
    q = connection.ops.quote_name
    sequence = f"nextval(pg_get_serial_sequence('{q(IngestBatch._meta.db_table)}', 'id'))"
    vouchers = (
        f"LEFT JOIN {q(_VOUCHERS.table)} v "
        "ON v.data_centre_id = {dc} AND v.code = ANY(%s::varchar[])"
    )
    if by_operator:
        return (
            f"SELECT {_DATA_CENTRES.columns('d')}, {_ACCOUNTS.columns('a')}, "  # noqa: S608
            f"{_VOUCHERS.columns('v')}, n.id, n.prices FROM {_operator_sql()} "
            f"CROSS JOIN LATERAL (SELECT {sequence} AS id, "
            f"({_prices_fingerprint_sql('d.id')}) AS prices) n {vouchers.format(dc='d.id')}"
        )
    return (
        f"SELECT {_VOUCHERS.columns('v')}, n.id, n.prices FROM "  # noqa: S608
        f"(SELECT %s::bigint AS dc) d CROSS JOIN LATERAL (SELECT {sequence} AS id, "
        f"({_prices_fingerprint_sql('d.dc')}) AS prices) n {vouchers.format(dc='d.dc')}"
    )


@functools.cache
def _prices_fingerprint_sql(data_centre: str = "%s") -> str:
    """PostgreSQL: a digest of every column of the data centre's price list versions and
    items, which changes with any of them (the rows as text, in a fixed order)."""
    q = connection.ops.quote_name
    return (
        "SELECT encode(sha256(convert_to(coalesce(string_agg("  # noqa: S608
        "fv::text || coalesce(fi::text, ''), ',' ORDER BY fv.id, fi.id), ''), 'UTF8')), 'hex') "
        f"FROM {q(_VERSIONS.table)} fv LEFT JOIN {q(_ITEMS.table)} fi "
        f"ON fi.price_list_id = fv.id WHERE fv.data_centre_id = {data_centre}"
    )


# data centre pk -> (what its price book was built from, the book). Price lists
# change rarely, so the book is built again only when that differs: on PostgreSQL
# the price lists' fingerprint, which comes with the vouchers (`_context`), so a
# batch whose prices did not change reads no price list; elsewhere the rows, read by
# every batch (one short query). Either way the book used is never older than the
# price lists at the batch's start.
_books: dict[int, tuple[object, PriceBook]] = {}


@functools.cache
def _price_rows_sql(vendor: str) -> str:
    """The versions with their items, in order; on PostgreSQL every row (and one row
    of NULLs when there are none) with the fingerprint of these very rows."""
    q = connection.ops.quote_name
    versions = f"{q(_VERSIONS.table)} v LEFT JOIN {q(_ITEMS.table)} i ON i.price_list_id = v.id"
    columns = f"{_VERSIONS.columns('v')}, {_ITEMS.columns('i')}"
    order = "ORDER BY v.valid_from, v.version, i.id"
    if vendor == "postgresql":
        return (
            f"SELECT {columns}, f.fingerprint FROM "  # noqa: S608
            f"(SELECT ({_prices_fingerprint_sql()}) AS fingerprint) f "
            f"LEFT JOIN ({versions}) ON v.data_centre_id = %s {order}"
        )
    return f"SELECT {columns} FROM {versions} WHERE v.data_centre_id = %s {order}"  # noqa: S608


def _price_book(data_centre: DataCentre, fingerprint: str | None = None) -> PriceBook:
    """The data centre's price book; `fingerprint` (PostgreSQL) is its price lists' as
    `_context` read it."""
    cached = _books.get(data_centre.pk)
    if fingerprint is not None and cached is not None and cached[0] == fingerprint:
        return cached[1]
    pg = connection.vendor == "postgresql"
    with prepared_cursor() as cursor:
        cursor.execute(_price_rows_sql(connection.vendor), [data_centre.pk] * (2 if pg else 1))
        rows = cursor.fetchall()
    if pg:
        key = rows[0][-1]
        rows = [row[:-1] for row in rows if row[0] is not None]
    else:
        key = rows
        if cached is not None and cached[0] == rows:
            return cached[1]
    split = len(_VERSIONS.fields)
    versions: dict[int, PriceListVersion] = {}
    items: dict[int, dict[str, PriceItem]] = {}
    for row in rows:
        pk = row[0]
        if pk not in versions:
            versions[pk] = _VERSIONS.load(row[:split])
            items[pk] = {}
        if row[split] is not None:
            item = _ITEMS.load(row[split:])
            items[pk][item.resource] = item
    book = PriceBook(
        starts=[v.valid_from for v in versions.values()],
        versions=[(v, items[pk]) for pk, v in versions.items()],
        known=frozenset(r for v in items.values() for r in v),
    )
    _books[data_centre.pk] = (key, book)
    return book


def usage_ingest(
    *,
    data_centre: DataCentre | None = None,
    operator=None,
    records: list,
    source: str = IngestBatch.Source.API,
    actor=None,
    filename: str = "",
    pre_rejected: list[RecordResult] | None = None,
    before=None,
) -> IngestOutcome:
    """Charge a batch of usage records; one result per record, in order.

    For `data_centre`, or (the usage API) for the one a dc_operator acts for,
    `operator`, read with the vouchers and its payable account (PermissionDenied if
    there is none).

    `before(locked)` runs after the locks are taken (a hold settlement releases its
    hold there).

    Time under lock. The accounts' locks (and on SQLite the database's one write
    lock, taken when the transaction begins) are held until the commit, so
    everything that needs no lock runs before the transaction: parsing, the
    vouchers (on PostgreSQL with the data centre, the batch row's id and the price
    lists' fingerprint), the price list if it changed, and pricing each record.
    Under the locks: the records already stored and the remainders (one statement),
    the charges, and the writes: the transfers (one statement on
    PostgreSQL), then the batch row with its counts, the records and the remainders,
    which on PostgreSQL travel with the audit event's first statement
    (`audit_record(also=...)`), then the thresholds. A batch of a few records is
    four statements under the locks on PostgreSQL, and every statement's text is
    constant (arrays instead of lists of parameters), so PostgreSQL keeps it
    prepared (`core.rows.prepared_cursor`)."""
    parsed = [parse_record(raw) for raw in records]
    valid = [p for p in parsed if isinstance(p, Parsed)]
    codes = sorted({p.voucher for p in valid if p.reverses is None})
    reversal_ids = sorted({p.reverses for p in valid if p.reverses})
    context = _context(codes, data_centre, operator)
    data_centre, vouchers, batch_id = context.data_centre, context.vouchers, context.batch_id
    payable = context.payable
    book = _price_book(data_centre, context.prices)
    prepared = [
        _prepare(item, data_centre, vouchers, book)
        if isinstance(item, Parsed) and item.reverses is None
        else None
        for item in parsed
    ]
    original_vouchers = (
        set(
            UsageRecord.objects.filter(
                data_centre=data_centre, record_id__in=reversal_ids
            ).values_list("voucher__account_id", flat=True)
        )
        if reversal_ids
        else set()
    )
    if payable is None:
        payable = payable_account(data_centre)
    lock_ids = {v.account_id for v in vouchers.values()} | original_vouchers
    if reversal_ids:  # a reversal takes money back out of the payable account
        lock_ids.add(payable.pk)
    job = dict(
        data_centre=data_centre,
        source=source,
        actor=actor,
        filename=filename,
        pre_rejected=pre_rejected,
        before=before,
        parsed=parsed,
        prepared=prepared,
        vouchers=vouchers,
        reversal_ids=reversal_ids,
        payable=payable,
        lock_ids=lock_ids,
        batch_id=batch_id,
    )
    try:
        return _ingest_locked(**job)
    except IntegrityError:
        # Another batch stored one of these record ids for another voucher while this
        # one ran (batches of different vouchers do not wait for each other): run
        # again, now seeing that record (a conflict, rejected on its own).
        return _ingest_locked(**job)


def _ingest_locked(
    *,
    data_centre,
    source,
    actor,
    filename,
    pre_rejected,
    before,
    parsed,
    prepared,
    vouchers,
    reversal_ids,
    payable,
    lock_ids,
    batch_id,
) -> IngestOutcome:
    valid = [p for p in parsed if isinstance(p, Parsed)]
    with transaction.atomic():
        batch = IngestBatch(
            pk=batch_id,  # PostgreSQL: the row goes in with the records, SQLite: now
            data_centre=data_centre,
            source=source,
            actor=actor,
            filename=filename[:255],
        )
        locked = accounts_lock(*lock_ids)
        if before:
            before(locked)
            locked = accounts_lock(*locked)
        payable = locked.get(payable.pk, payable)
        # Read under the locks: a batch that ran meanwhile may have stored these
        # records or moved the remainders.
        ids = sorted({p.id for p in valid})
        if not reversal_ids:
            originals = {}
            existing, remainders = _existing_and_remainders(
                data_centre, ids, {v.pk for v in vouchers.values()}
            )
        else:
            existing = _existing_records(data_centre, ids)
            originals = _originals(data_centre, reversal_ids)
            late = {r.voucher.account_id for r in originals.values()} - locked.keys()
            if late:  # vouchers of reversed records that were not locked yet
                locked.update(accounts_lock(*late))
            remainders = _remainders(
                {v.pk for v in vouchers.values()} | {r.voucher_id for r in originals.values()}
            )
        state = _Batch(
            data_centre=data_centre,
            vouchers=vouchers,
            existing=existing,
            originals=originals,
            available={pk: acc.balance - (acc.floor or ZERO) for pk, acc in locked.items()},
            remainders=remainders,
        )
        results: list[RecordResult] = list(pre_rejected or [])
        for item, ready in zip(parsed, prepared, strict=True):
            results.append(item if isinstance(item, RecordResult) else state.one(item, ready))
        counts = Counter(r.status for r in results)
        batch.accepted = counts[ACCEPTED]
        batch.duplicates = counts[DUPLICATE]
        batch.rejected = counts[REJECTED]
        batch.charged = sum((r.charged for r in results if r.status == ACCEPTED), ZERO)
        batch.uncovered = sum((r.uncovered for r in results if r.status == ACCEPTED), ZERO)
        batch.reasons = dict(Counter(r.reason for r in results if r.reason))
        if batch_id is None:
            _batch_insert(batch)
        net, touched, new = state.net, state.touched, state.new
        specs, spec_voucher = [], []
        for voucher_pk in sorted(net, key=lambda pk: touched[pk].account_id):
            voucher, amount = touched[voucher_pk], net[voucher_pk]
            if amount == 0:
                continue
            outgoing = amount > 0
            account = locked[voucher.account_id]
            specs.append(
                TransferSpec(
                    key=f"compute:usage:{batch.pk}:{voucher.code}",
                    source=account if outgoing else payable,
                    destination=payable if outgoing else account,
                    amount=abs(amount),
                    kind="compute_usage" if outgoing else "compute_usage_reversal",
                    memo=f"usage batch {batch.pk}",
                )
            )
            spec_voucher.append(voucher_pk)
        done = transfer_create_batch(transfers=specs, locked=locked)
        transfers = {pk: result.transfer for pk, result in zip(spec_voucher, done, strict=True)}
        rows = [row for row, _p in new.values()]
        for row in rows:
            transfer = transfers.get(row.voucher_id)
            row.transfer_id = transfer.pk if transfer else None
            row.batch_id = batch.pk
        # The batch row on PostgreSQL, the records and one UPDATE for the remainders
        # of the vouchers charged (or refunded) in this batch: for a small batch there
        # they go with the audit event's first statement.
        also = _write(
            _batch_insert_statement(batch) if batch_id is not None else None,
            rows,
            {pk: state.remainders[pk] for pk in touched},
            touched,
        )
        audit_record(
            actor=actor,
            action="compute.usage_ingest",
            obj=batch,
            new_state=source,
            data={
                "data_centre": data_centre.code,
                "accepted": batch.accepted,
                "duplicates": batch.duplicates,
                "rejected": batch.rejected,
                "charged": str(batch.charged),
                "uncovered": str(batch.uncovered),
            },
            also=also,
        )
        batch._state.adding = False  # its row is in (on PostgreSQL it went with the event)
        # After the records are stored: a voucher used up opens its final report,
        # which sums them.
        for voucher_pk, voucher in touched.items():
            account = locked[voucher.account_id]
            balance = account.balance - net[voucher_pk]
            voucher_after_balance_change(voucher=voucher, balance=balance)
        return IngestOutcome(batch=batch, results=results)


_BATCH_FIELDS_WITH_ID = IngestBatch._meta.concrete_fields
_BATCH_FIELDS = [f for f in _BATCH_FIELDS_WITH_ID if not f.primary_key]
_BATCH_INSERT: dict[tuple[str, bool], str] = {}


def _batch_insert_statement(batch: IngestBatch) -> tuple[str, list]:
    """The INSERT of the batch row with its counts, through the cursor (under the
    locks, where every statement counts: a quarter of the CPU of `save()`); with its
    id when it has one already (PostgreSQL, see `_context`)."""
    fields = _BATCH_FIELDS if batch.pk is None else _BATCH_FIELDS_WITH_ID
    values = [f.get_db_prep_save(f.pre_save(batch, True), connection) for f in fields]
    key = (connection.vendor, batch.pk is None)
    sql = _BATCH_INSERT.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        sql = _BATCH_INSERT[key] = (
            f"INSERT INTO {quote(IngestBatch._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
    return sql, values


def _batch_insert(batch: IngestBatch) -> IngestBatch:
    """Insert the batch row now, for its id (SQLite)."""
    sql, values = _batch_insert_statement(batch)
    with prepared_cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING id", values)
            batch.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, values)
            batch.pk = cursor.lastrowid
    return batch


_REMAINDER = ComputeVoucher._meta.get_field("usage_remainder")
_PLACES = Decimal(1).scaleb(-_REMAINDER.decimal_places)


def _remainder_sql(pks: list[int]) -> tuple[Decimal, str, list]:
    table = connection.ops.quote_name(ComputeVoucher._meta.db_table)
    column = connection.ops.quote_name(_REMAINDER.column)
    condition, params = _in("id", pks, "bigint")
    sql = f"SELECT id, CAST({column} AS TEXT) FROM {table} WHERE {condition}"  # noqa: S608
    return _PLACES, sql, params


def _remainders(voucher_pks: set[int]) -> dict[int, Decimal]:
    """voucher pk -> remainder, read through the cursor (under the locks). The value
    comes as text and is read exactly (SQLite stores these few digits exactly)."""
    found: dict[int, Decimal] = {}
    with prepared_cursor() as cursor:
        for chunk in _chunks(sorted(voucher_pks)):
            places, sql, params = _remainder_sql(chunk)
            cursor.execute(sql, params)
            found.update((pk, Decimal(text).quantize(places)) for pk, text in cursor.fetchall())
    return found


def _remainders_update(remainders: dict[int, Decimal], pks: list[int]) -> tuple[str, list]:
    """The UPDATE that writes the remainders of `pks` (voucher pk -> remainder)."""
    table = connection.ops.quote_name(ComputeVoucher._meta.db_table)
    column = connection.ops.quote_name(_REMAINDER.column)
    if connection.vendor == "postgresql":  # arrays (see `_in`)
        sql = (
            f"UPDATE {table} SET {column} = c.remainder "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::numeric[]) AS c(pk, remainder) WHERE id = c.pk"
        )
        return sql, [pg_array(pks), pg_array([remainders[pk] for pk in pks])]
    params: list = []
    for pk in pks:
        params += [pk, _REMAINDER.get_db_prep_save(remainders[pk], connection)]
    sql = (
        f"UPDATE {table} SET {column} = CASE id "  # noqa: S608
        f"{' '.join('WHEN %s THEN %s' for _ in pks)} END "
        f"WHERE id IN ({', '.join(['%s'] * len(pks))})"
    )
    return sql, [*params, *pks]


def _remainders_save(remainders: dict[int, Decimal], vouchers: dict[int, ComputeVoucher]) -> None:
    """Write the remainders (voucher pk -> remainder): one UPDATE per 400 vouchers,
    through the cursor (the same statement through the ORM cost more CPU than the
    database took for it)."""
    with prepared_cursor() as cursor:
        for chunk in _chunks(sorted(remainders), 400):
            cursor.execute(*_remainders_update(remainders, chunk))
    for pk, remainder in remainders.items():
        vouchers[pk].usage_remainder = remainder


def _write(
    batch_insert: tuple[str, list] | None,
    rows: list["NewRow"],
    remainders: dict[int, Decimal],
    vouchers: dict[int, ComputeVoucher],
) -> list[tuple[str, list]]:
    """Insert the batch row (unless it is in already), the new records and write the
    remainders. A small batch on PostgreSQL runs none of them here: the statements are
    returned, for the audit event to send with its first one (`audit_record(also=...)`,
    one round trip for all; the records' references to the batch row are checked at
    the end of that statement, when the row is in)."""
    for pk, remainder in remainders.items():
        vouchers[pk].usage_remainder = remainder
    also = [batch_insert] if batch_insert else []
    if connection.vendor == "postgresql" and len(rows) < COPY_FROM and len(remainders) <= 400:
        if rows:
            also.append(_insert_statement(rows))
        if remainders:
            also.append(_remainders_update(remainders, sorted(remainders)))
        return also
    if also:
        with prepared_cursor() as cursor:
            cursor.execute(*batch_insert)
    _insert(rows)
    _remainders_save(remainders, vouchers)
    return []


_ROW_FIELDS = [f.attname for f in UsageRecord._meta.concrete_fields]
_INSERT_FIELDS = [f for f in UsageRecord._meta.concrete_fields if not f.primary_key]


_NO_VALUES = dict.fromkeys(_ROW_FIELDS)


class NewRow:
    """The values of a usage record still to be inserted (lighter than a model instance);
    a value not given is None."""

    def __init__(self, **values):
        self.__dict__.update(_NO_VALUES, **values)

    def model(self) -> UsageRecord:
        return UsageRecord(*(getattr(self, name) for name in _ROW_FIELDS))


COPY_FROM = 50  # rows from which PostgreSQL inserts by COPY
_INSERT_SQL: dict[str, tuple[str, str]] = {}
_DATES = [i for i, f in enumerate(_INSERT_FIELDS) if isinstance(f, models.DateTimeField)]
_NAMES = [f.attname for f in _INSERT_FIELDS]


def _insert_sql() -> tuple[str, str]:
    """(table, columns) of the insert, quoted for this database."""
    found = _INSERT_SQL.get(connection.vendor)
    if found is None:
        quote = connection.ops.quote_name
        found = _INSERT_SQL[connection.vendor] = (
            quote(UsageRecord._meta.db_table),
            ", ".join(quote(f.column) for f in _INSERT_FIELDS),
        )
    return found


def _values(rows: list[NewRow]) -> list[list]:
    """The values as the field would prepare them; only date-times need it here
    (SQLite stores them as naive UTC text), the rest passes as it is."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    values = []
    for row in rows:
        row.created_at = now
        value = [getattr(row, n) for n in _NAMES]
        for i in _DATES:
            value[i] = adapt(value[i])
        values.append(value)
    return values


_COLUMNS = [f.column for f in _INSERT_FIELDS]


def _json_value(value):
    """Decimals and date-times as text, which PostgreSQL reads back exactly
    (DjangoJSONEncoder would cut the date-times to milliseconds)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"no JSON form for {value!r}")


def _insert_statement(rows: list[NewRow]) -> tuple[str, list]:
    """One INSERT of `rows` (PostgreSQL): the rows go as one JSON text that the
    database turns back into typed columns (`json_to_recordset`). psycopg dumps a
    list parameter element by element in Python; the JSON text is written in C, so
    the statement and its text stay the same for any number of rows (see `_in`)."""
    now = timezone.now()
    data = []
    for row in rows:
        row.created_at = now
        data.append(dict(zip(_COLUMNS, [getattr(row, n) for n in _NAMES], strict=True)))
    return _json_insert_sql(), [json.dumps(data, default=_json_value)]


@functools.cache
def _json_insert_sql() -> str:
    table, columns = _insert_sql()
    quote = connection.ops.quote_name
    types = ", ".join(f"{quote(f.column)} {f.cast_db_type(connection)}" for f in _INSERT_FIELDS)
    return (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"SELECT {columns} FROM json_to_recordset(%s::json) AS x({types})"
    )


def _insert(rows: list[NewRow]) -> None:
    """Insert new rows through the cursor: COPY on PostgreSQL for big batches (several
    times faster than a multi-row INSERT), one multi-row INSERT for small ones, and
    executemany on SQLite. bulk_create prepared each value through its field and
    cost more than SQLite's insert itself. The ids are not needed afterwards."""
    if not rows:
        return
    table, columns = _insert_sql()
    with prepared_cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
            now = timezone.now()
            with connection.wrap_database_errors:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        row.created_at = now
                        copy.write_row([getattr(row, name) for name in _NAMES])
            return
        if connection.vendor == "postgresql":
            cursor.execute(*_insert_statement(rows))
        else:
            placeholders = f"({', '.join(['%s'] * len(_NAMES))})"
            sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608
            cursor.executemany(sql, _values(rows))


def _validity_end(voucher: ComputeVoucher):
    cached = getattr(voucher, "_validity_end", None)
    if cached is None:
        cached = voucher._validity_end = validity_end(voucher)
    return cached


@dataclass
class Prepared:
    """A priced record, ready to be charged (or why it cannot be)."""

    reason: str | None = None
    voucher: ComputeVoucher | None = None
    row: "NewRow | None" = None  # its amount is set when it is charged (the remainder)
    exact: Decimal = ZERO  # quantity x unit price, unrounded


_EXACT = Context(prec=50)


def exact_amount(quantity: Decimal, price: Decimal) -> Decimal:
    """quantity x price without rounding (6 + 4 decimals)."""
    return _EXACT.multiply(quantity, price)


def _prepare(p: Parsed, data_centre, vouchers, book) -> Prepared:
    voucher = vouchers.get(p.voucher)
    if voucher is None:
        return Prepared("unknown_voucher")
    if voucher.status not in (ComputeVoucher.Status.ACTIVE, ComputeVoucher.Status.EXHAUSTED):
        return Prepared("voucher_not_active")
    # From the issue (to the second: accounting reports whole seconds) to the end of
    # the last valid day.
    if p.start < voucher.issued_at.replace(microsecond=0) or p.end >= _validity_end(voucher):
        return Prepared("outside_validity")
    found = book.lookup(p.resource, p.end)
    if found is None:
        return Prepared("no_price" if p.resource in book.known else "unknown_resource")
    version, item = found
    exact = exact_amount(p.quantity, item.price)
    if exact >= MAX_AMOUNT:
        return Prepared("invalid_quantity")
    row = NewRow(
        data_centre_id=data_centre.id,
        record_id=p.id,
        voucher_id=voucher.pk,
        resource=p.resource,
        quantity=p.quantity,
        start=p.start,
        end=p.end,
        unit_price=item.price,
        price_list_id=version.pk,
    )
    return Prepared(voucher=voucher, row=row, exact=exact)


@dataclass
class _Batch:
    """What the critical section of one batch knows and builds up, record by record."""

    data_centre: DataCentre
    vouchers: dict[str, ComputeVoucher]  # code -> voucher named by the batch
    existing: dict[str, Stored]  # record id -> record stored before this batch
    originals: dict[str, UsageRecord]  # record id -> record a reversal names
    available: dict[int, Decimal]  # account pk -> money still free to charge
    remainders: dict[int, Decimal]  # voucher pk -> exact usage not charged yet
    new: dict[str, tuple[NewRow, Parsed]] = field(default_factory=dict)  # record id -> row
    net: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    touched: dict[int, ComputeVoucher] = field(default_factory=dict)  # voucher pk -> voucher
    reversed_now: set[int] = field(default_factory=set)  # pks of records reversed here

    def one(self, p: Parsed, ready: Prepared | None) -> RecordResult:
        """Duplicates, conflicts and the charge itself (net is charged - refunded)."""
        seen = self.new.get(p.id)
        if seen is not None:
            row, first = seen
            same = first.reverses == p.reverses and (
                p.reverses is not None
                or (first.voucher, first.resource, first.quantity, first.start, first.end)
                == (p.voucher, p.resource, p.quantity, p.start, p.end)
            )
            return RecordResult(p.id, DUPLICATE) if same else _reject(p.id, "conflict")
        record = self.existing.get(p.id)
        if record is not None:
            named = self.vouchers.get(p.voucher)
            if _same(record, p, named.pk if named else None):
                return RecordResult(p.id, DUPLICATE)
            return _reject(p.id, "conflict")
        if p.reverses is not None:
            return self.reverse(p)
        if ready.reason:
            return _reject(p.id, ready.reason)
        voucher, row = ready.voucher, ready.row
        row.amount = self.carry(voucher.pk, ready.exact)
        available = self.available
        free = max(ZERO, available[voucher.account_id])
        charged = min(row.amount, free)
        available[voucher.account_id] = free - charged
        row.charged, row.uncovered = charged, row.amount - charged
        self.net[voucher.pk] += charged
        self.touched[voucher.pk] = voucher
        self.new[p.id] = (row, p)
        return RecordResult(p.id, ACCEPTED, charged, row.uncovered)

    def carry(self, voucher_pk: int, exact: Decimal) -> Decimal:
        """The whole cents of remainder + exact; the rest stays the remainder."""
        carry = self.remainders[voucher_pk] + exact
        amount = max(ZERO, carry.quantize(CENT, rounding=ROUND_FLOOR))
        self.remainders[voucher_pk] = carry - amount
        return amount

    def reverse(self, p: Parsed) -> RecordResult:
        original = self.originals.get(p.reverses)
        if original is None:
            return _reject(p.id, "unknown_record")
        if original.reverses_id is not None:
            return _reject(p.id, "invalid_reversal")
        if original.pk in self.reversed_now or hasattr_reversal(original):
            return _reject(p.id, "already_reversed")
        if original.statement_id is not None:
            return _reject(p.id, "already_settled")
        voucher = original.voucher
        # The record's amount goes back in full; the remainder gives back the part
        # of its exact amount that was not charged (or takes what was charged above it).
        exact = exact_amount(original.quantity, original.unit_price)
        self.remainders[voucher.pk] += original.amount - exact
        self.reversed_now.add(original.pk)
        account = voucher.account_id
        self.available[account] = self.available.get(account, ZERO) + original.charged
        self.net[voucher.pk] -= original.charged
        self.touched.setdefault(voucher.pk, voucher)
        self.new[p.id] = (
            NewRow(
                data_centre_id=self.data_centre.pk,
                record_id=p.id,
                voucher_id=voucher.pk,
                resource=original.resource,
                quantity=-original.quantity,
                start=original.start,
                end=original.end,
                unit_price=original.unit_price,
                price_list_id=original.price_list_id,
                amount=-original.amount,
                charged=-original.charged,
                uncovered=-original.uncovered,
                reverses_id=original.pk,
            ),
            p,
        )
        return RecordResult(p.id, ACCEPTED, -original.charged, -original.uncovered)


def hasattr_reversal(record: UsageRecord) -> bool:
    try:
        return record.reversed_by is not None
    except UsageRecord.reversed_by.RelatedObjectDoesNotExist:
        return False
