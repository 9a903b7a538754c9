"""Slot allocation: 100,000 purchases with requests over a year of hourly slots.

The pure allocation (presale/allocation.py) against a baseline measured in the same
run: one pass that only sorts the requests and touches each requested hour once.
Prints the median of 3 runs; the target is under 10 s for the allocation.
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kivoucher.presale.allocation import Booking, Request, allocate  # noqa: E402

PURCHASES = 100_000
HORIZON = 365 * 24
PARTITIONS = 4
RUNS = 3


def make_requests(seed: int = 42) -> list[Request]:
    rng = random.Random(seed)
    requests = []
    for i in range(PURCHASES):
        earliest = rng.randrange(HORIZON)
        requests.append(
            Request(
                id=i,
                sequence=i + 1,
                earliest=earliest,
                latest=min(HORIZON, earliest + rng.randrange(24, 24 * 90)),
                length=rng.randrange(1, 72),
                width=rng.randrange(1, PARTITIONS + 1),
                may_split=rng.random() < 0.3,
                purchase=i,
            )
        )
    rng.shuffle(requests)
    return requests


def baseline(requests: list[Request]) -> int:
    touched = [0] * HORIZON
    for req in sorted(requests, key=lambda r: (r.sequence, r.id)):
        touched[req.earliest] += req.length
    return sum(touched)


def main() -> None:
    requests = make_requests()
    base, alloc = [], []
    results = []
    for _ in range(RUNS):
        started = time.perf_counter()
        baseline(requests)
        base.append(time.perf_counter() - started)
        started = time.perf_counter()
        results = allocate(
            horizon=HORIZON,
            partitions=PARTITIONS,
            requests=requests,
            blocked=[(24 * 30, 24 * 30 + 12), (24 * 200, 24 * 201)],
        )
        alloc.append(time.perf_counter() - started)
    # the hard case: one partition already booked in two of every three hours, and
    # every request wants the whole cluster for 2 hours or more
    fixed = [Booking(0, h, h + 2) for h in range(0, HORIZON - 2, 3)]
    whole = [
        Request(r.id, r.sequence, r.earliest, r.latest, max(r.length, 2), PARTITIONS)
        for r in requests
    ]
    started = time.perf_counter()
    allocate(horizon=HORIZON, partitions=PARTITIONS, requests=whole, fixed=fixed)
    partly = time.perf_counter() - started
    served = sum(1 for r in results if r.hours)
    hours = sum(r.unit_hours for r in results)
    b, a = statistics.median(base), statistics.median(alloc)
    print(f"requests: {PURCHASES}, horizon: {HORIZON} h x {PARTITIONS} partitions")
    print(f"served (fully or partly): {served}, unit-hours booked: {hours}")
    print(f"baseline (sort + one pass): {b:.3f} s")
    print(f"allocation: {a:.3f} s  (ratio {a / b:.1f}x baseline; target < 10 s)")
    print(f"allocation, cluster partly booked everywhere: {partly:.3f} s ({partly / b:.1f}x)")
    sys.exit(0 if max(a, partly) < 10 else 1)


if __name__ == "__main__":
    main()
