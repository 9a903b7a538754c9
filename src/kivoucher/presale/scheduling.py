"""Line III after funding: commissioning, slot requests, allocation in the order of
sale (the DB layer around `allocation.allocate`), confirming, releasing and using slots."""

import json
import math
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kivoucher.core.audit import audit_record
from kivoucher.core.errors import Conflict, DomainError
from kivoucher.core.workflow import transition, transition_allowed
from kivoucher.presale import allocation
from kivoucher.presale.models import (
    AllocationRun,
    MaintenanceWindow,
    Offer,
    Purchase,
    Slot,
    SlotRequest,
)
from kivoucher.presale.notifications import slots_proposed_notify
from kivoucher.presale.services import (
    holder_act_check,
    purchase_redeem,
    slots_move,
    staff_act_check,
)
from kivoucher.webhooks.events import events_emit

HOUR = timedelta(hours=1)
OPEN_REQUESTS = (SlotRequest.Status.OPEN, SlotRequest.Status.ALLOCATED)


def _floor_hour(value: datetime) -> datetime:
    return value.replace(minute=0, second=0, microsecond=0)


def _ceil_hour(value: datetime) -> datetime:
    floor = _floor_hour(value)
    return floor if floor == value else floor + HOUR


def hour_index(offer: Offer, value: datetime, *, up: bool = False) -> int:
    seconds = (value - offer.operation_start).total_seconds() / 3600
    return math.ceil(seconds) if up else math.floor(seconds)


def hour_at(offer: Offer, index: int) -> datetime:
    return offer.operation_start + index * HOUR


# --- commissioning --------------------------------------------------------
def offer_commission(
    *,
    actor,
    offer: Offer,
    operation_start: datetime,
    calendar_end: datetime,
    maintenance: list[tuple[datetime, datetime, str]] = (),
) -> Offer:
    """The cluster is in operation from `operation_start`; its capacity calendar runs
    until `calendar_end` minus the maintenance windows."""
    staff_act_check(actor)
    start, end = _ceil_hour(operation_start), _floor_hour(calendar_end)
    if end <= start:
        raise DomainError(_("The capacity calendar must end after it starts."), code="window")
    with transaction.atomic():
        offer = transition(
            offer,
            Offer.Status.COMMISSIONED,
            actor=actor,
            data={"operation_start": start.isoformat(), "calendar_end": end.isoformat()},
            fields={"operation_start": start, "calendar_end": end},
        )
        for m_start, m_end, reason in maintenance:
            maintenance_add(actor=actor, offer=offer, start=m_start, end=m_end, reason=reason)
        return offer


def maintenance_add(
    *, actor, offer: Offer, start: datetime, end: datetime, reason: str = ""
) -> MaintenanceWindow:
    staff_act_check(actor)
    start, end = _floor_hour(start), _ceil_hour(end)
    if end <= start:
        raise DomainError(_("A maintenance window must end after it starts."), code="window")
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        clash = Slot.objects.filter(
            offer=offer, status__in=Slot.ACTIVE, start__lt=end, end__gt=start
        ).exists()
        if clash:
            raise Conflict(
                _("Slots are booked in this window; release them first."), code="slots_booked"
            )
        window = MaintenanceWindow.objects.create(offer=offer, start=start, end=end, reason=reason)
        audit_record(
            actor=actor,
            action="presale.maintenance.add",
            obj=offer,
            data={"start": start.isoformat(), "end": end.isoformat(), "reason": reason},
        )
        return window


# --- requests -------------------------------------------------------------
def purchase_unit_hours_left(purchase: Purchase) -> int:
    """What the holder can still ask for: bought - booked - asked for in open requests."""
    return unit_hours_left_map([purchase])[purchase.pk]


def unit_hours_left_map(purchases) -> dict[int, int]:
    """Unit-hours left per purchase, in two queries for any number of purchases."""
    left = {p.pk: p.unit_hours for p in purchases}
    booked = Slot.objects.filter(
        purchase_id__in=left, status__in=[Slot.Status.CONFIRMED, Slot.Status.USED]
    ).values_list("purchase_id", "start", "end")
    for purchase_id, start, end in booked:
        left[purchase_id] -= int((end - start).total_seconds() // 3600)
    demand = SlotRequest.objects.filter(purchase_id__in=left, status__in=OPEN_REQUESTS).values_list(
        "purchase_id", "block_hours", "width"
    )
    for purchase_id, hours, width in demand:
        left[purchase_id] -= hours * width
    return left


def slot_request_create(
    *,
    actor,
    purchase: Purchase,
    earliest_start: datetime,
    latest_end: datetime,
    block_hours: int,
    width: int = 1,
    may_split: bool = False,
) -> SlotRequest:
    holder_act_check(actor, buyer_id=purchase.buyer_id, not_found=_("Purchase not found."))
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        offer = purchase.offer
        if purchase.status != Purchase.Status.ACTIVE:
            raise Conflict(_("Only an active voucher can request slots."), code="not_active")
        if offer.status != Offer.Status.COMMISSIONED:
            raise Conflict(_("The cluster is not in operation yet."), code="not_commissioned")
        earliest, latest = _ceil_hour(earliest_start), _floor_hour(latest_end)
        earliest = max(earliest, offer.operation_start)
        latest = min(latest, offer.calendar_end)
        block_hours, width = int(block_hours), int(width)
        if block_hours < 1 or not 1 <= width <= offer.partitions:
            raise DomainError(
                _("Ask for at least one hour and between 1 and %(n)s partitions.")
                % {"n": offer.partitions},
                code="invalid_block",
            )
        if latest <= earliest:
            raise DomainError(
                _("The block does not fit into the window (within the capacity calendar)."),
                code="window",
            )
        # Hours as a number: block_hours * HOUR overflows timedelta for absurd requests.
        # A block that may be split still needs as many hours as it asks for.
        window_hours = int((latest - earliest) / HOUR)
        if window_hours < block_hours:
            raise DomainError(
                _(
                    "The block (%(hours)s h) is longer than the window (%(window)s h within "
                    "the capacity calendar). Shorten the block or widen the window."
                )
                % {"hours": block_hours, "window": window_hours},
                code="window",
            )
        if block_hours * width > purchase_unit_hours_left(purchase):
            raise Conflict(
                _("This purchase has only %(n)s unit-hours left.")
                % {"n": purchase_unit_hours_left(purchase)},
                code="no_hours_left",
            )
        request = SlotRequest.objects.create(
            purchase=purchase,
            created_by=actor if getattr(actor, "pk", None) else None,
            earliest_start=earliest,
            latest_end=latest,
            block_hours=block_hours,
            width=width,
            may_split=may_split,
        )
        audit_record(
            actor=actor,
            action="presale.request.create",
            obj=request,
            new_state=request.status,
            data={
                "purchase": purchase.reference,
                "earliest": earliest.isoformat(),
                "latest": latest.isoformat(),
                "hours": block_hours,
                "width": width,
                "split": may_split,
            },
        )
        return request


# --- allocation -----------------------------------------------------------
def slots_overlap_exists(offer: Offer) -> bool:
    """True if two active slots of the offer share a partition-hour (must never be).

    Reads the stored slots sorted by partition and start and sweeps once: a slot
    that starts before the previous one on its partition ended overlaps it."""
    rows = (
        Slot.objects.filter(offer=offer, status__in=Slot.ACTIVE)
        .order_by("partition", "start")
        .values_list("partition", "start", "end")
    )
    partition, last_end = None, None
    for part, start, end in rows.iterator(chunk_size=5000):
        if part == partition and start < last_end:
            return True
        if part != partition or end > last_end:
            partition, last_end = part, end
    return False


def _check_no_double_booking(offer: Offer) -> None:
    # PostgreSQL enforces it with an exclusion constraint; SQLite is checked here.
    if connection.vendor != "postgresql" and slots_overlap_exists(offer):
        raise Conflict(_("A slot would be booked twice."), code="double_booking")


def _explain(result, owners, starts, longest, maintenance, origin_seq) -> dict:
    """Why the request got what it got: which earlier numbers hold the hours before it
    (their confirmed slots or what this run allocated to them), and whether maintenance
    falls there. Later numbers are never named: what they got in this run was planned
    after this request and took nothing from it."""
    req = result.request
    bound = result.hours[0] if result.hours else req.latest
    lo, hi = bisect_left(starts, req.earliest - longest), bisect_left(starts, bound)
    earliest = req.earliest
    blockers = {seq for _start, end, seq in owners[lo:hi] if end > earliest and seq < origin_seq}
    in_maintenance = any(s < bound and e > req.earliest for s, e in maintenance)
    return {
        "sequence": origin_seq,
        "status": result.status,
        "reason": result.reason,
        "first_hour": result.hours[0] if result.hours else None,
        "hours": len(result.hours),
        "taken_by": allocation.ranges(blockers),
        "maintenance": in_maintenance,
    }


def _requests_save(rows: list[tuple[str, dict, int]]) -> None:
    """(status, explanation, id) of many requests in one executemany (bulk_update
    builds a CASE expression per row, which is slow for a hundred thousand)."""
    if not rows:
        return
    table = SlotRequest._meta.db_table
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql = f"UPDATE {table} SET status = %s, explanation = %s{cast} WHERE id = %s"  # noqa: S608
    rows = [(status, json.dumps(explanation), pk) for status, explanation, pk in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@dataclass
class _Loaded:
    """What an allocation run starts from: the open requests (locked), their current
    proposals, the slots that stay, the blocked hours and each purchase's budget."""

    requests: list[SlotRequest]
    by_id: dict[int, SlotRequest]
    proposed: dict[tuple, int]  # (request, partition, start, end) -> slot id
    fixed_slots: list[Slot]
    fixed: list[allocation.Booking]
    maintenance: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    budgets: dict[int, int]
    horizon: int


def _allocation_load(offer: Offer) -> _Loaded:
    requests = list(
        SlotRequest.objects.select_for_update()
        .filter(
            purchase__offer=offer,
            status__in=OPEN_REQUESTS,
            purchase__status=Purchase.Status.ACTIVE,
        )
        .select_related("purchase")
        .order_by("pk")
    )
    proposed = {
        (s.request_id, s.partition, s.start, s.end): s.pk
        for s in Slot.objects.filter(request__in=requests, status=Slot.Status.PROPOSED)
    }
    fixed_slots = list(
        Slot.objects.filter(offer=offer, status__in=[Slot.Status.CONFIRMED, Slot.Status.USED])
        .select_related("purchase")
        .only("partition", "start", "end", "purchase__sequence")
    )
    now_hour = max(0, hour_index(offer, timezone.now(), up=True))
    maintenance = [
        (hour_index(offer, m.start), hour_index(offer, m.end, up=True))
        for m in offer.maintenance.all()
    ]
    # what each purchase may still book: bought minus confirmed or used slots
    budgets = {req.purchase_id: req.purchase.unit_hours for req in requests}
    booked = Slot.objects.filter(
        purchase_id__in=budgets, status__in=[Slot.Status.CONFIRMED, Slot.Status.USED]
    ).values_list("purchase_id", "start", "end")
    for purchase_id, start, end in booked:
        budgets[purchase_id] -= int((end - start).total_seconds() // 3600)
    return _Loaded(
        requests=requests,
        by_id={r.pk: r for r in requests},
        proposed=proposed,
        fixed_slots=fixed_slots,
        fixed=[
            allocation.Booking(s.partition, hour_index(offer, s.start), hour_index(offer, s.end))
            for s in fixed_slots
        ],
        maintenance=maintenance,
        blocked=[*maintenance, (0, now_hour)] if now_hour else maintenance,
        budgets=budgets,
        horizon=hour_index(offer, offer.calendar_end),
    )


def _allocation_plan(offer: Offer, loaded: _Loaded) -> list:
    """The plan: `allocation.allocate` over plain hour indices."""
    plain = [
        allocation.Request(
            id=r.pk,
            sequence=r.purchase.sequence,
            earliest=hour_index(offer, r.earliest_start, up=True),
            latest=hour_index(offer, r.latest_end),
            length=r.block_hours,
            width=r.width,
            may_split=r.may_split,
            purchase=r.purchase_id,
        )
        for r in loaded.requests
    ]
    return allocation.allocate(
        horizon=loaded.horizon,
        partitions=offer.partitions,
        requests=plain,
        blocked=loaded.blocked,
        fixed=loaded.fixed,
        budgets=loaded.budgets,
    )


def _allocation_write(offer: Offer, loaded: _Loaded, results) -> tuple[list, set[int]]:
    """Book the planned slots: unchanged proposals keep their row, the others are
    replaced. Returns who holds which hours (start, end, sequence) and the ids of the
    requests whose proposal changed."""
    new_slots = []
    pairs = zip(loaded.fixed, loaded.fixed_slots, strict=True)
    owners = [(b.start, b.end, s.purchase.sequence) for b, s in pairs]
    proposed = dict(loaded.proposed)
    for res in results:
        req = loaded.by_id[res.request.id]
        for b in res.bookings:
            key = (req.pk, b.partition, hour_at(offer, b.start), hour_at(offer, b.end))
            owners.append((b.start, b.end, req.purchase.sequence))
            if proposed.pop(key, None) is None:  # unchanged proposals keep their row
                new_slots.append(
                    Slot(
                        offer=offer,
                        request=req,
                        purchase_id=req.purchase_id,
                        partition=b.partition,
                        start=key[2],
                        end=key[3],
                    )
                )
    # proposals that were not confirmed are planned anew; the old ones go
    changed = {key[0] for key in proposed} | {slot.request_id for slot in new_slots}
    Slot.objects.filter(pk__in=list(proposed.values())).delete()
    Slot.objects.bulk_create(new_slots, batch_size=2000)
    if new_slots:
        _check_no_double_booking(offer)
    owners.sort()
    return owners, changed


def _allocation_explain(loaded: _Loaded, results, owners, changed: set[int]) -> list:
    """Each request's new status and explanation, saved in one executemany: the
    kernel's `transition` would cost a save and an audit event per request. A status
    change is checked against `SlotRequest.ALLOWED_TRANSITIONS` and recorded in the
    run's one audit event; a request whose explanation alone changed is saved without
    a transition. Returns those changes: [request, old status, new status, bookings]."""
    starts = [o[0] for o in owners]
    longest = max((end - start for start, end, _seq in owners), default=0)
    rows, changes = [], []
    for res in results:
        req = loaded.by_id[res.request.id]
        explanation = _explain(
            res, owners, starts, longest, loaded.maintenance, req.purchase.sequence
        )
        to = (
            SlotRequest.Status.OPEN
            if res.status == allocation.UNSERVED
            else SlotRequest.Status.ALLOCATED
        )
        if to != req.status and not transition_allowed(req, to):
            raise Conflict(_("A slot request cannot be re-planned."), code="invalid_transition")
        if to != req.status or req.pk in changed:
            changes.append(
                [req.pk, req.status, to, [[b.partition, b.start, b.end] for b in res.bookings]]
            )
            rows.append((to, explanation, req.pk))
        elif explanation != req.explanation:
            rows.append((to, explanation, req.pk))
    _requests_save(rows)
    return changes


def _slots_allocated_emit(offer: Offer, loaded: _Loaded, changes: list) -> None:
    """`slot.allocated` to the buyer of each request that got new slots (webhooks,
    one query for all of them)."""
    items = []
    for pk, _old, to, bookings in changes:
        if to != SlotRequest.Status.ALLOCATED or not bookings:
            continue
        purchase = loaded.by_id[pk].purchase
        slots = [
            {
                "partition": partition,
                "start": hour_at(offer, start).isoformat(),
                "end": hour_at(offer, end).isoformat(),
            }
            for partition, start, end in bookings
        ]
        data = {"offer": offer.code, "request": pk, "purchase": purchase.pk, "slots": slots}
        items.append((data, [purchase.buyer_id]))
    if items:
        events_emit(type="slot.allocated", items=items)


def allocation_run(*, actor, offer: Offer) -> AllocationRun:
    """Allocate every open request of the offer in the order of sale.

    Confirmed and used slots stay where they are; proposals that were not
    confirmed yet are planned again (an earlier purchase may now win them).
    Load, plan (the pure `allocation.allocate`), write the slots, explain to each
    request; one audit event, of the run, lists every request that changed.
    """
    staff_act_check(actor)
    started = time.perf_counter()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != Offer.Status.COMMISSIONED:
            raise Conflict(_("The cluster is not in operation yet."), code="not_commissioned")
        run = AllocationRun.objects.create(
            offer=offer, actor=actor if getattr(actor, "pk", None) else None
        )
        loaded = _allocation_load(offer)
        results = _allocation_plan(offer, loaded)
        owners, changed = _allocation_write(offer, loaded, results)
        changes = _allocation_explain(loaded, results, owners, changed)
        slots_proposed_notify(
            offer=offer,
            buyer_ids={
                loaded.by_id[pk].purchase.buyer_id
                for pk, _old, to, bookings in changes
                if to == SlotRequest.Status.ALLOCATED and bookings
            },
        )
        _slots_allocated_emit(offer, loaded, changes)
        counts = Counter(res.status for res in results)
        summary = {
            "requests": len(results),
            "served": counts[allocation.SERVED],
            "partial": counts[allocation.PARTIAL],
            "unserved": counts[allocation.UNSERVED],
            "unit_hours": sum(r.unit_hours for r in results),
        }
        return transition(
            run,
            AllocationRun.Status.DONE,
            actor=actor,
            fields={
                **summary,
                "finished_at": timezone.now(),
                "seconds": Decimal(f"{time.perf_counter() - started:.3f}"),
            },
            data={
                "offer": offer.code,
                **summary,
                "origin_hour": offer.operation_start.isoformat(),
                "changes": changes,
            },
            locked=True,
        )


# --- holders confirm, release; operator marks used -------------------------
def slot_request_confirm(*, actor, request: SlotRequest) -> SlotRequest:
    """The holder accepts the proposed slots; they will not move any more."""
    _holder_check(actor, request)
    with transaction.atomic():
        request = SlotRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != SlotRequest.Status.ALLOCATED:
            raise Conflict(_("There are no proposed slots to confirm."), code="not_allocated")
        slots = slots_move(request.slots.all(), Slot.Status.CONFIRMED)
        return transition(
            request,
            SlotRequest.Status.CONFIRMED,
            actor=actor,
            data={"slots": slots},
            locked=True,
        )


def slot_release(*, actor, slot: Slot) -> Slot:
    """The holder gives a slot back: its hours return to the pool and to the purchase."""
    holder_act_check(actor, buyer_id=slot.purchase.buyer_id, not_found=_("Slot not found."))
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        if slot.status not in (Slot.Status.PROPOSED, Slot.Status.CONFIRMED):
            raise Conflict(_("Only proposed or confirmed slots can be released."), code="used")
        transition(slot, Slot.Status.RELEASED, actor=actor, data={"hours": slot.hours}, locked=True)
        request = SlotRequest.objects.select_for_update().get(pk=slot.request_id)
        if request.status != SlotRequest.Status.WITHDRAWN and (
            not request.slots.filter(status__in=Slot.ACTIVE).exists()
        ):
            transition(request, SlotRequest.Status.WITHDRAWN, actor=actor, locked=True)
        return slot


def slot_request_withdraw(*, actor, request: SlotRequest) -> SlotRequest:
    _holder_check(actor, request)
    with transaction.atomic():
        request = SlotRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == SlotRequest.Status.WITHDRAWN:
            return request
        if request.slots.filter(status=Slot.Status.USED).exists():
            raise Conflict(_("Hours of this request were already used."), code="used")
        slots_move(request.slots.all(), Slot.Status.RELEASED)
        return transition(request, SlotRequest.Status.WITHDRAWN, actor=actor, locked=True)


def _holder_check(actor, request: SlotRequest) -> None:
    holder_act_check(
        actor, buyer_id=request.purchase.buyer_id, not_found=_("Slot request not found.")
    )


def slot_mark_used(*, actor, slot: Slot) -> Slot:
    """The hours were delivered: the liability shrinks (deferred -> revenue)."""
    staff_act_check(actor)
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("purchase__offer").get(pk=slot.pk)
        if slot.status != Slot.Status.CONFIRMED:
            raise Conflict(_("Only confirmed slots can be used."), code="not_confirmed")
        amount = purchase_redeem(actor=actor, purchase=slot.purchase, slot=slot)
        return transition(
            slot,
            Slot.Status.USED,
            actor=actor,
            data={"hours": slot.hours, "recognised": str(amount)},
            locked=True,
        )


def slots_redeem_past(*, actor, offer: Offer, now: datetime | None = None) -> int:
    """Confirmed slots that have ended count as used."""
    staff_act_check(actor)
    now = now or timezone.now()
    past = Slot.objects.filter(offer=offer, status=Slot.Status.CONFIRMED, end__lte=now)
    count = 0
    for slot in past.order_by("start", "pk"):
        slot_mark_used(actor=actor, slot=slot)
        count += 1
    return count


def offer_capacity_unit_hours(offer: Offer) -> int:
    """Hours in the calendar minus maintenance, times partitions."""
    if not offer.operation_start:
        return 0
    total = hour_index(offer, offer.calendar_end)
    windows = sorted(
        (max(0, hour_index(offer, m.start)), min(total, hour_index(offer, m.end, up=True)))
        for m in offer.maintenance.all()
    )
    blocked, cursor = 0, 0
    for start, end in windows:
        start = max(start, cursor)
        if end > start:
            blocked += end - start
            cursor = end
    return (total - blocked) * offer.partitions


def offer_booked_unit_hours(offer: Offer) -> int:
    return sum(s.hours for s in offer.slots.filter(status__in=Slot.ACTIVE).only("start", "end"))


def allocation_start(*, actor, offer: Offer, language: str):
    """Hand the allocation run to the task queue (kivoucher.presale.tasks); returns the
    progress record the page shows. Checks now what would refuse the run at once."""
    from kivoucher.core.progress import progress_start
    from kivoucher.presale.tasks import allocation_run_task

    staff_act_check(actor)
    if offer.status != Offer.Status.COMMISSIONED:
        raise Conflict(_("The cluster is not in operation yet."), code="not_commissioned")
    progress = progress_start(user=actor, message=_("Waiting for a worker …"))
    allocation_run_task.enqueue(
        offer_id=offer.pk, actor_id=actor.pk, progress_key=progress.key, language=language
    )
    progress.refresh_from_db()  # the immediate backend has run it already
    return progress
