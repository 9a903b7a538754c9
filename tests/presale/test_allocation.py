"""Property-based tests of the pure slot allocation (presale/allocation.py)."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kivoucher.presale.allocation import (
    PARTIAL,
    SERVED,
    UNSERVED,
    Booking,
    Request,
    allocate,
    ranges,
)

HORIZON = 72


@st.composite
def scenarios(draw):
    partitions = draw(st.integers(1, 3))
    n = draw(st.integers(0, 25))
    sequences = draw(st.permutations(range(1, n + 1)))
    requests = []
    for i, seq in enumerate(sequences):
        earliest = draw(st.integers(0, HORIZON - 1))
        latest = draw(st.integers(earliest + 1, HORIZON + 5))
        requests.append(
            Request(
                id=i + 1,
                sequence=seq,
                earliest=earliest,
                latest=latest,
                length=draw(st.integers(1, 12)),
                width=draw(st.integers(1, partitions)),
                may_split=draw(st.booleans()),
                purchase=seq,
            )
        )
    blocked = draw(
        st.lists(
            st.tuples(st.integers(0, HORIZON), st.integers(1, 6)).map(
                lambda t: (t[0], t[0] + t[1])
            ),
            max_size=3,
        )
    )
    budgets = draw(
        st.dictionaries(st.sampled_from([r.purchase for r in requests] or [0]), st.integers(0, 20))
    )
    return partitions, requests, blocked, budgets


def _occupancy(partitions, blocked, fixed):
    occ = [set() for _ in range(HORIZON)]
    for start, end in blocked:
        for h in range(start, min(end, HORIZON)):
            occ[h] |= set(range(partitions))
    for b in fixed:
        for h in range(b.start, b.end):
            occ[h].add(b.partition)
    return occ


def _free(occ, partitions, hour):
    return partitions - len(occ[hour]) if hour < HORIZON else 0


def _naive_fit(occ, partitions, req, length):
    """The hours an earliest-fit would give `req` on occupancy `occ` (reference)."""
    latest = min(req.latest, HORIZON)
    ok = [h for h in range(req.earliest, latest) if _free(occ, partitions, h) >= req.width]
    if req.may_split:
        return ok[:length]
    okset = set(ok)
    for start in range(req.earliest, latest - length + 1):
        if all(h in okset for h in range(start, start + length)):
            return list(range(start, start + length))
    return []


def _check_block_keeps_its_partitions(partitions, occ, res):
    """A block that may not be split stays on one set of partitions whenever some set
    is free for all of its hours (one Slurm reservation per partition for the job);
    where none is, it leaves a partition only when that partition is taken next hour."""
    hours, width = res.hours, res.request.width
    used = {h: set() for h in hours}
    for b in res.bookings:
        for h in range(b.start, b.end):
            used[h].add(b.partition)
    free_throughout = set(range(partitions)).difference(*(occ[h] for h in hours))
    if len(free_throughout) >= width:
        assert len(res.bookings) == width, (res.request, res.bookings, free_throughout)
        assert all((b.start, b.end) == (hours[0], hours[-1] + 1) for b in res.bookings)
    for h in hours[1:]:
        kept_free = used[h - 1] - occ[h]
        assert kept_free <= used[h], (res.request, h, res.bookings)


def _check(partitions, requests, blocked, budgets, fixed, results):
    # one result per request, in the order of sale
    assert [r.request.id for r in results] == [
        q.id for q in sorted(requests, key=lambda q: (q.sequence, q.id))
    ]
    occ = _occupancy(partitions, blocked, fixed)
    budgets = dict(budgets)
    for res in results:
        req = res.request
        length = req.length
        if req.purchase in budgets:
            length = min(length, budgets[req.purchase] // req.width)
        # order of sale: what this request got is exactly what an earliest fit on the
        # hours left by all earlier purchases gives; so no later purchase took an hour
        # it asked for and could use, and it won every contested slot.
        expected = _naive_fit(occ, partitions, req, length) if length > 0 else []
        assert res.hours == expected, (req, res.hours, expected)
        assert res.status == (
            UNSERVED if not expected else SERVED if len(expected) == req.length else PARTIAL
        )
        if not req.may_split and res.hours:
            _check_block_keeps_its_partitions(partitions, occ, res)
        booked = {}
        for b in res.bookings:
            assert 0 <= b.partition < partitions
            for h in range(b.start, b.end):
                # never double-booked, never in maintenance or on a confirmed slot
                assert b.partition not in occ[h], (b, h)
                occ[h].add(b.partition)
                booked.setdefault(h, 0)
                booked[h] += 1
        # within the window, exactly `width` partitions in each booked hour
        assert sorted(booked) == res.hours
        assert all(count == req.width for count in booked.values())
        assert all(req.earliest <= h < req.latest for h in res.hours)
        if not req.may_split and res.hours:
            assert res.hours == list(range(res.hours[0], res.hours[0] + len(res.hours)))
        if req.purchase in budgets:
            budgets[req.purchase] -= res.unit_hours
            assert budgets[req.purchase] >= 0
    # capacity: at most `partitions` per hour
    assert all(len(o) <= partitions for o in occ)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_allocation_respects_capacity_order_of_sale_and_windows(scenario):
    partitions, requests, blocked, budgets = scenario
    results = allocate(
        horizon=HORIZON,
        partitions=partitions,
        requests=requests,
        blocked=blocked,
        budgets=budgets,
    )
    _check(partitions, requests, blocked, budgets, [], results)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), scenarios(), st.data())
def test_confirmed_slots_stay_when_new_requests_arrive(first, second, data):
    partitions, requests, blocked, _ = first
    results = allocate(horizon=HORIZON, partitions=partitions, requests=requests, blocked=blocked)
    # the holders confirm some of their slots
    confirmed = [
        b
        for r in results
        for b in r.bookings
        if b.partition < partitions and data.draw(st.booleans())
    ]
    # new requests arrive, some from earlier purchases (smaller sequence numbers)
    newcomers = [
        Request(
            id=1000 + q.id,
            sequence=q.sequence,
            earliest=q.earliest,
            latest=q.latest,
            length=q.length,
            width=min(q.width, partitions),
            may_split=q.may_split,
        )
        for q in second[1]
    ]
    again = allocate(
        horizon=HORIZON,
        partitions=partitions,
        requests=newcomers,
        blocked=blocked,
        fixed=confirmed,
    )
    _check(partitions, newcomers, blocked, {}, confirmed, again)


def test_earlier_purchase_wins_the_contested_slot():
    later = Request(id=1, sequence=2, earliest=0, latest=10, length=4)
    earlier = Request(id=2, sequence=1, earliest=0, latest=10, length=4)
    res = {r.request.id: r for r in allocate(horizon=24, partitions=1, requests=[later, earlier])}
    assert res[2].hours == [0, 1, 2, 3]
    assert res[1].hours == [4, 5, 6, 7]


def test_a_block_that_does_not_fit_is_unserved_but_a_split_request_takes_what_is_there():
    blocked = [(3, 4)]
    block = Request(id=1, sequence=1, earliest=0, latest=6, length=4)
    split = Request(id=2, sequence=2, earliest=0, latest=6, length=4, may_split=True)
    res = allocate(horizon=24, partitions=1, requests=[block, split], blocked=blocked)
    assert res[0].status == UNSERVED
    assert res[1].status == SERVED and res[1].hours == [0, 1, 2, 4]
    assert [(b.start, b.end) for b in res[1].bookings] == [(0, 3), (4, 5)]


def test_partitions_share_an_hour_and_budgets_cap_a_purchase():
    a = Request(id=1, sequence=1, earliest=0, latest=4, length=4, width=1, purchase=1)
    b = Request(id=2, sequence=2, earliest=0, latest=4, length=4, width=1, purchase=2)
    c = Request(id=3, sequence=3, earliest=0, latest=8, length=4, width=2, purchase=3)
    res = allocate(horizon=8, partitions=2, requests=[a, b, c], budgets={3: 6})
    assert res[0].hours == res[1].hours == [0, 1, 2, 3]
    assert {bk.partition for bk in res[0].bookings} == {0}
    assert {bk.partition for bk in res[1].bookings} == {1}
    assert res[2].status == PARTIAL and res[2].hours == [4, 5, 6]


def test_a_block_keeps_the_partition_that_is_free_throughout():
    """Issue 21.15: number 1 holds partition 0 from hour 3; number 2's 6-hour block
    at hours 0-6 ran on partition 0 until 3, then moved to partition 1, although
    partition 1 was free for all six hours (two Slurm reservations for one job)."""
    first = Request(id=1, sequence=1, earliest=3, latest=9, length=6)
    block = Request(id=2, sequence=2, earliest=0, latest=24, length=6)
    res = allocate(horizon=24, partitions=2, requests=[first, block])
    assert res[0].bookings == [Booking(0, 3, 9)]
    assert res[1].hours == [0, 1, 2, 3, 4, 5]
    assert res[1].bookings == [Booking(1, 0, 6)]


def test_a_wide_block_keeps_the_partitions_free_throughout_and_the_lowest_of_them():
    fixed = [Booking(0, 2, 4), Booking(2, 5, 6)]
    block = Request(id=1, sequence=1, earliest=0, latest=24, length=6, width=2)
    res = allocate(horizon=24, partitions=4, requests=[block], fixed=fixed)
    assert res[0].hours == [0, 1, 2, 3, 4, 5]
    assert res[0].bookings == [Booking(1, 0, 6), Booking(3, 0, 6)]


def test_a_block_moves_only_where_no_partition_is_free_throughout():
    # hours 0-6: partition 1 is busy at 1, partition 0 at 3; no partition is free
    # for all of it, so the block moves once, to the partition that stays free
    # longest (not back to the lowest free one at hour 4)
    fixed = [Booking(1, 1, 2), Booking(0, 3, 4)]
    block = Request(id=1, sequence=1, earliest=0, latest=6, length=6)
    res = allocate(horizon=8, partitions=2, requests=[block], fixed=fixed)
    assert res[0].bookings == [Booking(0, 0, 3), Booking(1, 3, 6)]


def test_the_same_input_gives_the_same_plan():
    requests = [
        Request(id=i, sequence=(7 * i) % 11 + 1, earliest=i, latest=i + 30, length=5, width=2)
        for i in range(11)
    ]
    plans = [allocate(horizon=48, partitions=3, requests=requests) for _ in range(2)]
    assert [r.bookings for r in plans[0]] == [r.bookings for r in plans[1]]


def test_ranges():
    assert ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"
    assert ranges([]) == ""


def test_a_year_with_many_requests_is_fast():
    """Smoke-size version of the benchmark: 20,000 requests over a year of hours."""
    import random

    rng = random.Random(7)
    horizon = 365 * 24
    requests = []
    for i in range(20_000):
        earliest = rng.randrange(horizon)
        requests.append(
            Request(
                id=i,
                sequence=i + 1,
                earliest=earliest,
                latest=min(horizon, earliest + rng.randrange(24, 24 * 60)),
                length=rng.randrange(1, 48),
                width=rng.randrange(1, 5),
                may_split=rng.random() < 0.3,
            )
        )
    started = time.perf_counter()
    results = allocate(horizon=horizon, partitions=4, requests=requests, blocked=[(100, 148)])
    assert time.perf_counter() - started < 5
    assert len(results) == 20_000


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_allocation_with_the_longest_run_bound_refreshed_after_every_booking(scenario):
    from unittest import mock

    from kivoucher.presale import allocation

    partitions, requests, blocked, budgets = scenario
    with mock.patch.object(allocation, "REFRESH_AFTER_HOURS", 1):
        results = allocate(
            horizon=HORIZON,
            partitions=partitions,
            requests=requests,
            blocked=blocked,
            budgets=budgets,
        )
    _check(partitions, requests, blocked, budgets, [], results)
