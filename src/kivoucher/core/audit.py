"""The append-only, hash-chained audit log, kept in AUDIT_SHARDS independent chains.

Services call `audit_record` inside their transaction for every state change.

Why chains. One chain has one head row, and every append locks it until its
transaction commits: every state change of the whole platform waited for every
other (a usage batch of one data centre for an approval of another). With
AUDIT_SHARDS chains, each with its own head row (`AuditHead`, id = shard),
changes of different objects append to different chains and do not wait for each
other. An event goes to the chain of its object, a stable hash of (object type,
object id) (SHA-256, not Python's salted `hash`), so an object's events normally
sit in one chain.

No deadlocks. A transaction that audits several objects would lock several heads;
two such transactions taking them in opposite orders would deadlock. So heads are
taken in ascending order only: a transaction that already holds a head with a
higher number than its next object's chain appends that event to the highest
head it holds. Every transaction then waits only for heads above the ones it
holds, and no two can wait for each other. (What a transaction holds is kept per
outermost atomic block; a stale entry only makes an event choose a higher head,
which keeps the order ascending.)

What each row proves. A row's hash covers its fields, its chain (`shard`), its
number in the chain (`seq`, 1, 2, ... without gaps) and the previous row's hash
in the same chain; the head holds the chain's last number and hash. So
`audit_verify` finds, per chain: a changed row (its hash), a removed row (a gap in
`seq` or a broken link), a removed last row (the head names a later row), an
added row (a duplicate number is refused by a unique constraint; one at the end
does not match the head; one in between breaks the link), a row moved to another
chain (the chain is hashed), and a head that is missing while its chain has rows.
Like one chain, this cannot stop someone who rewrites a whole chain and its head
consistently: that needs an anchor outside the database (a printed or mailed head).

Migration, versioned canonical form. The rows written before chains existed keep
their hashes exactly as written: they were hashed without `shard` and
`hash_version` (`hash_version` 1) and become the beginning of chain 1, whose head
(id 1) was the single head; new rows of chain 1 continue from it. Rehashing the
old rows instead would have made the migration itself able to hide an earlier
change. Version 1 is accepted only as the beginning of chain 1; a changed version
changes the canonical form and so breaks the row's hash.

Order. Numbers are per chain; across chains the log is shown by (created_at, id):
`created_at` is taken after the head is locked, so within a chain it follows the
order of the numbers.

Speed. An append is two statements through the cursor on PostgreSQL (advance the
head and read the previous hash; insert the row and store the new hash in the head,
one data-modifying WITH) and three on SQLite, without a savepoint; through the ORM
it was five with a savepoint, at 0.4-0.6 ms of CPU each. A caller may hand over
statements of its own (`also`): on PostgreSQL they travel with the head's advance.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from kivoucher.core.models import AUDIT_SHARDS, AuditEvent, AuditHead
from kivoucher.core.rows import prepared_cursor

GENESIS = "0" * 64
HASH_VERSION = 2
LEGACY_SHARD = 1  # the chain the rows of hash version 1 belong to


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "old_state": event.old_state,
        "new_state": event.new_state,
        "reason": event.reason,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    if event.hash_version != 1:
        payload["shard"] = event.shard
        payload["hash_version"] = event.hash_version
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _object_ref(obj) -> tuple[str, str]:
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    raise TypeError(f"cannot audit {obj!r}")


def audit_shard(object_type: str, object_id: str) -> int:
    """The chain of an object: stable across processes and releases."""
    digest = hashlib.sha256(f"{object_type}\x00{object_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % AUDIT_SHARDS


def _heads_held() -> set[int]:
    """The heads the current transaction has locked (kept per outermost atomic block)."""
    outermost = connection.atomic_blocks[0]
    held = getattr(connection, "kivoucher_audit_heads", None)
    if held is None or held[0] is not outermost:
        held = (outermost, set())
        connection.kivoucher_audit_heads = held
    return held[1]


_HEAD = AuditHead._meta.db_table
_EVENT = AuditEvent._meta.db_table
_EVENT_FIELDS = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def _head_advance(cursor, shard: int, also: list[tuple[str, list]]) -> tuple[int, str]:
    """Lock the chain's head, number the next row; (its seq, the previous hash).
    `also`: the caller's statements, sent with it on PostgreSQL."""
    pg = connection.vendor == "postgresql"

    def advance(also):
        update = f"UPDATE {_HEAD} SET seq = seq + 1 WHERE id = %s"  # noqa: S608
        if pg:
            ctes = ", ".join(f"also{i} AS ({sql})" for i, (sql, _p) in enumerate(also))
            params = [p for _sql, params in also for p in params]
            cursor.execute(
                f"{'WITH ' + ctes + ' ' if also else ''}{update} RETURNING seq, hash",
                [*params, shard],
            )
            return cursor.fetchone()
        for sql, params in also:
            cursor.execute(sql, params)
        if connection.features.can_return_columns_from_insert:  # UPDATE ... RETURNING too
            cursor.execute(f"{update} RETURNING seq, hash", [shard])
            return cursor.fetchone()
        cursor.execute(update, [shard])  # SQLite before 3.35: the row is locked already
        cursor.execute(f"SELECT seq, hash FROM {_HEAD} WHERE id = %s", [shard])  # noqa: S608
        return cursor.fetchone()

    row = advance(also)
    if row is None:  # a database emptied by a test's flush: heads come back on demand
        AuditHead.objects.bulk_create([AuditHead(id=shard)], ignore_conflicts=True)
        row = advance([])  # the caller's statements ran already
    return row[0], row[1]


_INSERT_SQL: dict[str, str] = {}


def _insert_sql() -> str:
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in _EVENT_FIELDS)
        placeholders = ", ".join(["%s"] * len(_EVENT_FIELDS))
        sql = _INSERT_SQL[connection.vendor] = (
            f"INSERT INTO {_EVENT} ({columns}) VALUES ({placeholders})"  # noqa: S608
        )
    return sql


def _event_insert(cursor, event: AuditEvent) -> None:
    """Insert the row and store its hash in the head: one statement on PostgreSQL
    (a data-modifying WITH), two elsewhere."""
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in _EVENT_FIELDS]
    sql = _insert_sql()
    head = f"UPDATE {_HEAD} SET hash = %s WHERE id = %s"  # noqa: S608
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH e AS ({sql} RETURNING id) {head} RETURNING (SELECT id FROM e)",  # noqa: S608
            [*values, event.hash, event.shard],
        )
        event.pk = cursor.fetchone()[0]
        return
    if connection.features.can_return_columns_from_insert:
        cursor.execute(f"{sql} RETURNING id", values)
        event.pk = cursor.fetchone()[0]
    else:
        cursor.execute(sql, values)
        event.pk = cursor.lastrowid
    cursor.execute(head, [event.hash, event.shard])


def audit_record(
    *,
    actor,
    action: str,
    obj,
    old_state: str = "",
    new_state: str = "",
    reason: str = "",
    data: dict | None = None,
    also: list[tuple[str, list]] | None = None,
) -> AuditEvent:
    """Append one event. `obj` is a model instance or a (type, id) pair.

    `also`: data-modifying statements (sql, params) without RETURNING that the
    caller's transaction needs anyway; on PostgreSQL they travel with the head's
    advance (a data-modifying WITH, one round trip), elsewhere they run just before
    it. Either way they run before the event is numbered."""
    object_type, object_id = _object_ref(obj)
    actor_id = getattr(actor, "pk", None)
    event = AuditEvent(
        hash_version=HASH_VERSION,
        actor_id=actor_id,
        # A pseudonymous label: the chain must still verify after a person's
        # data is anonymised, so no names are hashed into it.
        actor_label=f"user:{actor_id}" if actor_id else str(actor or "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        old_state=str(old_state or ""),
        new_state=str(new_state or ""),
        reason=reason or "",
        data=json.loads(json.dumps(data or {}, default=str)),
    )
    # No savepoint: an append that fails fails the caller's transaction anyway.
    with transaction.atomic(savepoint=False), prepared_cursor() as cursor:
        held = _heads_held()
        shard = audit_shard(object_type, object_id)
        if held and max(held) > shard:
            shard = max(held)  # heads are taken in ascending order only (no deadlock)
        event.shard = shard
        event.seq, event.prev_hash = _head_advance(cursor, shard, also or [])
        held.add(shard)
        event.created_at = timezone.now()  # under the head's lock: ordered as seq
        event.hash = compute_hash(event)
        _event_insert(cursor, event)
    return event


@dataclass(frozen=True)
class AuditProblem:
    shard: int
    seq: int
    problem: str


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    problems: list[AuditProblem] = field(default_factory=list)  # the first one of each chain

    @property
    def first_bad_seq(self) -> int | None:
        return self.problems[0].seq if self.problems else None

    @property
    def shard(self) -> int | None:
        return self.problems[0].shard if self.problems else None

    @property
    def problem(self) -> str:
        return self.problems[0].problem if self.problems else ""


def _chain_verify(shard: int, chunk: int) -> tuple[int, AuditProblem | None]:
    """Walk one chain in order; (rows verified, its first problem or None)."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    legacy = shard == LEGACY_SHARD  # version 1 rows are allowed here, at the start
    queryset = AuditEvent.objects.filter(shard=shard).order_by("seq")
    while True:
        rows = list(queryset.filter(seq__gte=expected_seq)[:chunk])
        if not rows:
            break
        for event in rows:
            seq = event.seq
            if seq < expected_seq:  # only without the unique constraint on (shard, seq)
                return checked, AuditProblem(shard, seq, f"row #{seq} appears twice")
            if seq != expected_seq:
                return checked, AuditProblem(
                    shard, expected_seq, f"row #{expected_seq} is missing (next is #{seq})"
                )
            if event.prev_hash != prev_hash:
                return checked, AuditProblem(shard, seq, f"row #{seq} does not link to #{seq - 1}")
            if event.hash_version == 1 and not legacy:
                return checked, AuditProblem(
                    shard, seq, f"row #{seq} claims the form of the old single chain"
                )
            legacy = legacy and event.hash_version == 1
            if compute_hash(event) != event.hash:
                return checked, AuditProblem(
                    shard, seq, f"row #{seq} was changed after it was written"
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
    last = expected_seq - 1
    head = AuditHead.objects.filter(id=shard).first()
    if head is None:
        if last:
            return checked, AuditProblem(shard, last, "the head of the chain is missing")
    elif head.seq > last:
        problem = f"rows after #{last} are missing (head is #{head.seq})"
        return checked, AuditProblem(shard, last + 1, problem)
    elif head.seq < last:
        problem = f"row #{head.seq + 1} was added after the head (#{head.seq})"
        return checked, AuditProblem(shard, head.seq + 1, problem)
    elif head.hash != prev_hash:
        return checked, AuditProblem(shard, last, f"the head does not match row #{last}")
    return checked, None


def audit_verify(*, chunk: int = 5000) -> AuditVerification:
    """Walk every chain in order; name each chain's first row that was changed,
    removed or added."""
    checked = 0
    problems = []
    for shard in range(AUDIT_SHARDS):
        rows, problem = _chain_verify(shard, chunk)
        checked += rows
        if problem:
            problems.append(problem)
    stray = (
        AuditEvent.objects.exclude(shard__in=range(AUDIT_SHARDS))
        .order_by("shard", "seq")
        .values_list("shard", "seq")
        .first()
    )
    if stray:
        problems.append(AuditProblem(stray[0], stray[1], f"row in unknown chain {stray[0]}"))
    return AuditVerification(not problems, checked, problems)


def audit_history(obj) -> models.QuerySet:
    """The events of one object, oldest first."""
    object_type, object_id = _object_ref(obj)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "created_at", "id"
    )
