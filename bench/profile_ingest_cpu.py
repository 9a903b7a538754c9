"""Where the machine's CPU goes while usage batches are posted over HTTP: CPU
milliseconds per request of the load client, the gunicorn workers (`kivoucher
serve`, 4 workers) and PostgreSQL (every `postgres` process of this machine: the
backends and the background writers), read from /proc before and after a saturated
round, with the bare Django view measured the same way as the baseline.

Batches of one voucher each, as in bench_compute_ingest.py; `BENCH_SIZE` records
per batch (default 1), `BENCH_BATCHES` batches per round (default 1,200), 16
clients, medians of `BENCH_RUNS` rounds (default 3). PostgreSQL only; it must run
on this machine (the figures come from its processes).

    cd bench && ../.venv/bin/python profile_ingest_cpu.py
    cd bench && BENCH_SIZE=10 BENCH_BATCHES=600 ../.venv/bin/python profile_ingest_cpu.py
"""

import os
import subprocess
import time
from pathlib import Path

from bench_compute_ingest import fixture, ingest_rate
from common import Server, fresh_database, load, median

SIZE = int(os.environ.get("BENCH_SIZE", "1"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "1200"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CLIENTS = 16
BARE = 2400  # requests of the bare view per round
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of the processes so far (those that ended are left out)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def processes(pattern: str) -> list[int]:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def measured(round_, server_pids: list[int], requests: int) -> dict[str, float]:
    """ms of CPU per request by process group, and requests/s, for one round."""
    own, server, database = os.times(), cpu_seconds(server_pids), cpu_seconds(processes("postgres"))
    started = time.perf_counter()
    round_()
    seconds = time.perf_counter() - started
    after = os.times()
    client = after.user + after.system - own.user - own.system
    return {
        "requests/s": requests / seconds,
        "client": client / requests * 1000,
        "gunicorn": (cpu_seconds(server_pids) - server) / requests * 1000,
        "PostgreSQL": (cpu_seconds(processes("postgres")) - database) / requests * 1000,
    }


def main() -> None:
    env, _ = fresh_database("postgres", "ingest_cpu")
    setup = fixture(env, "compute", "10")
    with Server(env, workers=4) as server:
        ingest_rate(server, setup, 100, 8, 4, "warm")
        ingest_rate(server, setup, SIZE, 200, CLIENTS, "warm-size", 1)
        # `kivoucher serve`, gunicorn's master and its workers (forked: the same command line)
        server_pids = sorted({server.process.pid, *processes(f"127.0.0.1:{server.port}")})
        bare_url = f"{server.url}/_bench/constant"
        rounds: dict[str, list[dict]] = {"ingest": [], "bare": []}
        for run in range(RUNS):
            rounds["ingest"].append(
                measured(
                    lambda run=run: ingest_rate(
                        server, setup, SIZE, BATCHES, CLIENTS, f"cpu-{run}", 1
                    ),
                    server_pids,
                    BATCHES,
                )
            )
            rounds["bare"].append(
                measured(
                    lambda: load(bare_url, concurrency=CLIENTS, requests=BARE), server_pids, BARE
                )
            )
    for name, label in (("ingest", f"batches of {SIZE}"), ("bare", "bare Django view")):
        figures = {key: median([r[key] for r in rounds[name]]) for key in rounds[name][0]}
        total = figures["client"] + figures["gunicorn"] + figures["PostgreSQL"]
        print(
            f"{label}: {figures['requests/s']:,.0f} requests/s (median of {RUNS}); CPU ms per "
            f"request: client {figures['client']:.2f}, gunicorn {figures['gunicorn']:.2f}, "
            f"PostgreSQL {figures['PostgreSQL']:.2f}, together {total:.2f}"
        )


if __name__ == "__main__":
    main()
