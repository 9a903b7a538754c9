"""Slot allocation: 100,000 purchases with requests over a year of hourly slots.

The pure allocation (presale/allocation.py) against a baseline measured in the same
run: one pass that only sorts the requests and touches each requested hour once
(the lower bound). Three sizes (25,000, 50,000, 100,000 purchases) show the growth:
the time per n log n must not rise by more than half from the smallest to the
largest size. Prints the median of 3 runs; the target is under 10 s at 100,000.
"""

import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kivoucher.presale.allocation import Request, allocate  # noqa: E402

PURCHASES = 100_000
HORIZON = 365 * 24
PARTITIONS = 4
RUNS = 3


def make_requests(seed: int = 42, purchases: int = PURCHASES) -> list[Request]:
    rng = random.Random(seed)
    requests = []
    for i in range(purchases):
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


def measure(purchases: int) -> tuple[float, float, list]:
    requests = make_requests(purchases=purchases)
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
    return statistics.median(base), statistics.median(alloc), results


def main() -> None:
    growth = []
    for size in (PURCHASES // 4, PURCHASES // 2, PURCHASES):
        b, a, results = measure(size)
        growth.append((size, a))
        print(f"{size:>7,} purchases: allocation {a:.3f} s, sort baseline {b:.3f} s", end="")
        print(f", ratio {a / b:.1f}")
    per = [t / (n * math.log(n)) for n, t in growth]
    print(
        "time / (n log n), relative to the smallest size: "
        + ", ".join(f"{n:,}: {p / per[0]:.2f}" for (n, _), p in zip(growth, per, strict=True))
    )
    served = sum(1 for r in results if r.hours)
    hours = sum(r.unit_hours for r in results)
    print(f"requests: {PURCHASES}, horizon: {HORIZON} h x {PARTITIONS} partitions")
    print(f"served (fully or partly): {served}, unit-hours booked: {hours}")
    print(f"baseline (sort + one pass): {b:.3f} s")
    print(f"allocation: {a:.3f} s  (ratio {a / b:.1f}x baseline; target < 10 s)")
    sys.exit(0 if a < 10 and per[-1] / per[0] <= 1.5 else 1)


if __name__ == "__main__":
    main()
