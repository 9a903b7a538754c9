"""The append-only, hash-chained audit log.

Services call `audit_record` inside their transaction for every state change.
The chain head row is locked (`select_for_update`) so appends are serialised on
PostgreSQL; on SQLite the IMMEDIATE transaction already is.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from kivoucher.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


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
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _object_ref(obj) -> tuple[str, str]:
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    raise TypeError(f"cannot audit {obj!r}")


def audit_record(
    *,
    actor,
    action: str,
    obj,
    old_state: str = "",
    new_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event. `obj` is a model instance or a (type, id) pair."""
    object_type, object_id = _object_ref(obj)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            # A pseudonymous label: the chain must still verify after a person's
            # data is anonymised, so no names are hashed into it.
            actor_label=f"user:{actor.pk}"
            if getattr(actor, "pk", None)
            else str(actor or "system"),
            action=action,
            object_type=object_type,
            object_id=object_id,
            old_state=str(old_state or ""),
            new_state=str(new_state or ""),
            reason=reason or "",
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def audit_verify(*, chunk: int = 5000) -> AuditVerification:
    """Walk the chain in order; name the first row that was changed, removed or added."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    queryset = AuditEvent.objects.order_by("seq")
    while True:
        rows = list(queryset.filter(seq__gt=last_seq)[:chunk])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return AuditVerification(
                    False,
                    checked,
                    expected_seq,
                    f"row #{expected_seq} is missing (next is #{event.seq})",
                )
            if event.prev_hash != prev_hash:
                return AuditVerification(
                    False,
                    checked,
                    event.seq,
                    f"row #{event.seq} does not link to row #{event.seq - 1}",
                )
            if compute_hash(event) != event.hash:
                return AuditVerification(
                    False, checked, event.seq, f"row #{event.seq} was changed after it was written"
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.seq != last_seq or head.hash != prev_hash):
        return AuditVerification(
            False,
            checked,
            last_seq + 1,
            f"rows after #{last_seq} are missing (head is #{head.seq})",
        )
    return AuditVerification(True, checked)


def audit_history(obj) -> models.QuerySet:
    object_type, object_id = _object_ref(obj)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by("seq")
