"""Slot allocation in the order of sale: a pure function over plain data.

Time is counted in whole hours from the start of the capacity calendar (hour 0).
Each hour has a bitmask of free partitions. Requests are served strictly in the
order of sale of the purchases behind them (sequence number, then request id):
each takes the earliest block of `length` consecutive hours in its window in
which every hour has `width` free partitions (or, if it may be split, the
earliest `length` such hours, consecutive or not). A later purchase therefore
never gets an hour that an earlier one asked for and could have used. Hours that
are blocked beforehand (maintenance, slots already confirmed) are never touched.
A block keeps its partitions for its whole length whenever some set of partitions
is free for all of it (a job is not moved from one partition to another midway);
which partitions it gets never changes which hours anyone gets.

A union-find per width ("next hour with at least w free partitions") skips the
hours that cannot serve a request, so a year of hourly slots with 100,000
requests runs in seconds even when the cluster is partly booked everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SERVED = "served"
PARTIAL = "partial"
UNSERVED = "unserved"
NO_HOURS_LEFT = "no_hours_left"
NO_CAPACITY = "no_capacity"


@dataclass(frozen=True)
class Request:
    id: int
    sequence: int
    earliest: int  # first hour it may use
    latest: int  # hour by which it must end (exclusive)
    length: int  # hours
    width: int = 1  # partitions per hour
    may_split: bool = False
    purchase: int | None = None  # requests of one purchase share its budget


@dataclass(frozen=True)
class Booking:
    partition: int
    start: int
    end: int  # exclusive


@dataclass
class Result:
    request: Request
    status: str
    hours: list[int] = field(default_factory=list)  # hours booked, ascending
    bookings: list[Booking] = field(default_factory=list)
    reason: str = ""

    @property
    def unit_hours(self) -> int:
        return len(self.hours) * self.request.width


class _Calendar:
    def __init__(self, horizon: int, partitions: int):
        self.horizon = horizon
        self.partitions = partitions
        full = (1 << partitions) - 1
        self.free = [full] * horizon
        self.count = [partitions] * horizon
        # parents[w - 1][h] leads to the first hour >= h with at least w free partitions
        # (horizon = none): a union-find per width skips hours that cannot serve it.
        self.parents = [list(range(horizon + 1)) for _ in range(partitions)]

    def next_open(self, hour: int, width: int = 1) -> int:
        if hour >= self.horizon:
            return self.horizon
        parent = self.parents[width - 1]
        root = hour
        while parent[root] != root:
            root = parent[root]
        while parent[hour] != root:
            parent[hour], hour = root, parent[hour]
        return root

    def _shrink(self, hour: int, old: int, new: int) -> None:
        self.count[hour] = new
        for width in range(new + 1, old + 1):
            self.parents[width - 1][hour] = hour + 1

    def take(self, hour: int, mask: int) -> None:
        taken = self.free[hour] & mask
        if not taken:
            return
        self.free[hour] ^= taken
        old = self.count[hour]
        self._shrink(hour, old, old - taken.bit_count())


def _bits(mask: int) -> list[int]:
    """The partitions in `mask`, lowest first."""
    found = []
    while mask:
        bit = mask & -mask
        found.append(bit.bit_length() - 1)
        mask ^= bit
    return found


def _stretches(hours: list[int]) -> list[list[int]]:
    """Ascending hours cut into stretches of consecutive hours."""
    stretches = [[hours[0]]]
    for hour in hours[1:]:
        if hour == stretches[-1][-1] + 1:
            stretches[-1].append(hour)
        else:
            stretches.append([hour])
    return stretches


def _take_partitions(cal: _Calendar, hours: list[int], width: int) -> dict[int, list[int]]:
    """Take `width` free partitions in each of `hours`; returns the hours per partition.

    A stretch of consecutive hours (a whole block that may not be split) runs on one
    set of partitions whenever some set is free for all of it: the lowest `width`
    partitions free throughout, so the job gets one reservation per partition.
    Where no such set exists, a partition is left only in an hour it is taken, and
    the one that replaces it is the free partition that stays free longest (then the
    lowest), so the block moves as seldom as the calendar allows."""
    free = cal.free
    per_partition: dict[int, list[int]] = {}
    for stretch in _stretches(hours):
        throughout = free[stretch[0]]
        for hour in stretch[1:]:
            throughout &= free[hour]
        if throughout.bit_count() >= width:
            chosen = _bits(throughout)[:width]
            mask = sum(1 << p for p in chosen)
            for hour in stretch:
                cal.take(hour, mask)
            for p in chosen:
                per_partition.setdefault(p, []).extend(stretch)
            continue
        # free_until[p][i]: the first index >= i of the stretch at which p is not free
        n = len(stretch)
        free_until = {}
        for p in range(cal.partitions):
            until, after = [n] * (n + 1), n
            for i in range(n - 1, -1, -1):
                if not free[stretch[i]] >> p & 1:
                    after = i
                until[i] = after
            free_until[p] = until
        current = 0
        for i, hour in enumerate(stretch):
            keep = current & free[hour]
            others = _bits(free[hour] & ~keep)
            others.sort(key=lambda p, i=i: (-free_until[p][i], p))
            current = keep
            for p in others[: width - keep.bit_count()]:
                current |= 1 << p
            cal.take(hour, current)
            for p in _bits(current):
                per_partition.setdefault(p, []).append(hour)
    return per_partition


def _longest_runs(cal: _Calendar) -> list[int]:
    """Per width, the longest stretch of hours with that many free partitions.

    Runs only shrink while allocating, so a stale value is still an upper bound:
    a block longer than it fits nowhere, and is refused without scanning."""
    longest = []
    for width in range(1, cal.partitions + 1):
        run = best = 0
        for count in cal.count:
            run = run + 1 if count >= width else 0
            best = max(best, run)
        longest.append(best)
    return longest


REFRESH_AFTER_HOURS = 1024


def _block(cal: _Calendar, req: Request, length: int) -> list[int]:
    """The earliest `length` consecutive hours with `width` free partitions, or []."""
    count, width = cal.count, req.width
    latest = min(req.latest, cal.horizon)
    hour = cal.next_open(max(req.earliest, 0), width)
    run_start, run = hour, 0
    while hour < latest:
        if latest - hour + run < length:
            return []
        if count[hour] >= width:
            if run == 0:
                run_start = hour
            run += 1
            if run == length:
                return list(range(run_start, run_start + length))
            hour += 1
        else:
            run = 0
            hour = cal.next_open(hour + 1, width)
    return []


def _scattered(cal: _Calendar, req: Request, length: int) -> list[int]:
    """Up to `length` earliest hours with `width` free partitions (a split request)."""
    count, width = cal.count, req.width
    latest = min(req.latest, cal.horizon)
    hours: list[int] = []
    hour = cal.next_open(max(req.earliest, 0), width)
    while hour < latest and len(hours) < length:
        if count[hour] >= width:
            hours.append(hour)
            hour += 1
        else:
            hour = cal.next_open(hour + 1, width)
    return hours


def _bookings(per_partition: dict[int, list[int]]) -> list[Booking]:
    bookings = []
    for partition in sorted(per_partition):
        hours = per_partition[partition]
        start = prev = hours[0]
        for hour in hours[1:]:
            if hour != prev + 1:
                bookings.append(Booking(partition, start, prev + 1))
                start = hour
            prev = hour
        bookings.append(Booking(partition, start, prev + 1))
    return sorted(bookings, key=lambda b: (b.start, b.partition))


def allocate(
    *,
    horizon: int,
    partitions: int,
    requests: Iterable[Request],
    blocked: Iterable[tuple[int, int]] = (),
    fixed: Iterable[Booking] = (),
    budgets: dict[int, int] | None = None,
) -> list[Result]:
    """Allocate `requests` in the order of sale; returns one Result per request, in that order.

    `blocked`: (start, end) hour ranges with no capacity at all (maintenance).
    `fixed`: bookings that already exist and never move (confirmed slots).
    `budgets`: unit-hours each purchase may still book (absent: unlimited).
    """
    cal = _Calendar(horizon, partitions)
    full = (1 << partitions) - 1
    for start, end in blocked:
        for hour in range(max(start, 0), min(end, horizon)):
            cal.take(hour, full)
    for booking in fixed:
        for hour in range(max(booking.start, 0), min(booking.end, horizon)):
            cal.take(hour, 1 << booking.partition)
    budgets = dict(budgets or {})
    results = []
    longest, booked_since = _longest_runs(cal), 0
    for req in sorted(requests, key=lambda r: (r.sequence, r.id)):
        length = req.length
        if req.purchase is not None and req.purchase in budgets:
            length = min(length, budgets[req.purchase] // req.width)
        if req.width > partitions or length <= 0:
            reason = NO_HOURS_LEFT if req.width <= partitions else NO_CAPACITY
            results.append(Result(req, UNSERVED, reason=reason))
            continue
        if req.may_split:
            hours = _scattered(cal, req, length)
        else:
            if booked_since >= REFRESH_AFTER_HOURS:
                longest, booked_since = _longest_runs(cal), 0
            hours = _block(cal, req, length) if length <= longest[req.width - 1] else []
        if not hours:
            results.append(Result(req, UNSERVED, reason=NO_CAPACITY))
            continue
        booked_since += len(hours)
        per_partition = _take_partitions(cal, hours, req.width)
        if req.purchase is not None and req.purchase in budgets:
            budgets[req.purchase] -= len(hours) * req.width
        if len(hours) == req.length:
            status, reason = SERVED, ""
        else:
            status = PARTIAL
            reason = NO_HOURS_LEFT if length < req.length else NO_CAPACITY
        results.append(Result(req, status, hours, _bookings(per_partition), reason))
    return results


def ranges(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5, 7, 8 -> '1-3, 5, 7-8' (for explanations)."""
    parts = []
    numbers = sorted(set(numbers))
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ", ".join(parts)
