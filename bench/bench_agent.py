"""The site agent against the platform (issue 20, item 5): one `kivoucher-slurm sync`
pass for a data centre with 1,000 active vouchers and 10,000 jobs that finished since
the last pass, against a production server (gunicorn, 4 workers) on PostgreSQL.
Target: under 60 s.

Slurm is the agent's in-memory fake of the tests (tests/slurm/agent_fake.py, whose
answers are checked against a real Slurm 22.05 in tests/slurm/test_agent_slurm.py):
a real cluster cannot hold 10,000 finished jobs in a benchmark's time, and the figure
is about the agent and the platform. The baseline, in the same run, is the platform
work alone: the same 10,000 usage records posted in batches of 1,000 and the voucher
list read, with httpx. Medians of RUNS runs (each on fresh jobs).
"""

import os
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx

from bench_compute_ingest import fixture
from common import ROOT, Server, fresh_database, median, pg_available

VOUCHERS = int(os.environ.get("BENCH_AGENT_VOUCHERS", "1000"))
JOBS = int(os.environ.get("BENCH_AGENT_JOBS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BATCH = 1000


def agent_pass(config, slurm, state):
    from kivoucher_slurm.platform import Platform
    from kivoucher_slurm.slurm import Slurm
    from kivoucher_slurm.sync import Agent

    shell = Slurm(slurm, cluster=config.cluster, dry_run=False, echo=lambda text: None)
    agent = Agent(config=config, platform=Platform(config), slurm=shell, state=state)
    started = time.perf_counter()
    report = agent.sync()
    return time.perf_counter() - started, report


def baseline_pass(url: str, token: str, records: list[dict]) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    with httpx.Client(base_url=url, headers=headers, timeout=300) as client:
        client.get("/api/v1/compute/vouchers").raise_for_status()
        for i in range(0, len(records), BATCH):
            answer = client.post("/api/v1/compute/usage", json={"records": records[i : i + BATCH]})
            answer.raise_for_status()
    return time.perf_counter() - started


def run(engine: str) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from tests.slurm.agent_fake import FakeJob, FakeSlurm

    from kivoucher_slurm.config import Config
    from kivoucher_slurm.state import state_default

    env, _ = fresh_database(engine, "agent")
    setup = fixture(env, "compute_slurm", str(VOUCHERS), "5000")
    accounts = list(setup["accounts"].values())
    figures: dict[str, list[float]] = {}
    with Server(env, workers=4) as server:
        config = Config(
            url=server.url,
            token=setup["token"],
            cluster="bench",
            http_backoff=0,
            tres={"h100-80gb": "gres/gpu:h100", "cpu": "cpu"},
        )
        slurm, state = FakeSlurm(), state_default()
        seconds, report = agent_pass(config, slurm, state)
        assert not report.errors, report.errors[:3]
        print(f"[{engine}] first pass, {VOUCHERS:,} vouchers provisioned: {seconds:.1f} s")
        next_id = 10_000
        for run_no in range(RUNS):
            end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
            slurm.jobs += [
                FakeJob(
                    next_id + n,
                    accounts[n % len(accounts)],
                    f"user{n % len(accounts)}",
                    1,
                    36,
                    end,
                    typed="h100",
                )
                for n in range(JOBS)
            ]
            next_id += JOBS
            slurm.commands.clear()
            seconds, report = agent_pass(config, slurm, state)
            assert not report.errors, report.errors[:3]
            assert report.posted["accepted"] == JOBS, report.posted
            figures.setdefault("agent pass", []).append(seconds)
            codes = list(setup["accounts"])
            records = [
                {
                    "id": f"base-{run_no}-{n}",
                    "voucher": codes[n % len(codes)],
                    "resource": "h100-80gb",
                    "quantity": "0.01",
                    "start": (end - timedelta(seconds=36)).isoformat(),
                    "end": end.isoformat(),
                }
                for n in range(JOBS)
            ]
            figures.setdefault("baseline", []).append(
                baseline_pass(server.url, setup["token"], records)
            )
    agent, baseline = median(figures["agent pass"]), median(figures["baseline"])
    print(
        f"[{engine}] kivoucher-slurm sync, {VOUCHERS:,} vouchers and {JOBS:,} finished jobs: "
        f"{agent:.1f} s (median of {RUNS}; target < 60 s); the same records posted with "
        f"httpx: {baseline:.1f} s; ratio {agent / baseline:.2f}"
    )


def main() -> None:
    engines = os.environ.get("BENCH_ENGINES")
    chosen = engines.split(",") if engines else ["postgres" if pg_available() else "sqlite"]
    for engine in chosen:
        run(engine)


if __name__ == "__main__":
    main()
