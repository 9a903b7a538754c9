"""Webhook deliveries from one worker (issue 20, item 5): 1,000 events for one
endpoint are emitted in one transaction, then one `kivoucher worker` sends them to a
receiver on the loopback (a threaded HTTP server answering 204 at once, which checks
every signature with the `standardwebhooks` library after the run). The figure is
deliveries per minute from the worker's start to the last delivery (and from the
first to the last); the baseline, in the same run, is one Python thread posting the
same number of signed bodies with httpx to the same receiver.

Target (issue 20): at least 1,000 deliveries per minute from one worker, on
PostgreSQL. `BENCH_ENGINES=postgres,sqlite` (default: PostgreSQL when it answers,
else SQLite). Medians of RUNS runs.
"""

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from bench_compute_ingest import fixture
from common import fresh_database, median, pg_available

COUNT = int(os.environ.get("BENCH_WEBHOOKS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


class Receiver:
    """Counts the messages it receives (by webhook-id) and keeps them for checking."""

    def __init__(self):
        self.messages: dict[str, tuple[dict, bytes]] = {}
        self.lock = threading.Lock()
        self.first = self.last = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                now = time.perf_counter()
                with receiver.lock:
                    receiver.messages[self.headers.get("webhook-id", "")] = (
                        dict(self.headers),
                        body,
                    )
                    receiver.first = receiver.first or now
                    receiver.last = now
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self):
        with self.lock:
            self.messages.clear()
            self.first = self.last = None

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if len(self.messages) >= count:
                return True
            time.sleep(0.01)
        return False


def worker_rate(env: dict, receiver: Receiver) -> tuple[float, float, str]:
    """(deliveries/min from the worker's start, from the first delivery, secret)."""
    receiver.reset()
    setup = fixture(env, "webhook_events", receiver.url, str(COUNT))
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "kivoucher", "worker", "-v", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if not receiver.wait_for(COUNT, timeout=600):
            raise RuntimeError(f"only {len(receiver.messages)} of {COUNT} deliveries arrived")
    finally:
        worker.terminate()
        _out, err = worker.communicate(timeout=60)
    whole = COUNT / (receiver.last - started) * 60
    steady = (COUNT - 1) / (receiver.last - receiver.first) * 60
    return whole, steady, setup["secret"]


def baseline_rate(receiver: Receiver, bodies: list[tuple[dict, bytes]]) -> float:
    receiver.reset()
    started = time.perf_counter()
    with httpx.Client(timeout=10) as client:
        for headers, body in bodies:
            client.post(receiver.url, content=body, headers=headers)
    return len(bodies) / (time.perf_counter() - started) * 60


def signatures_check(receiver: Receiver, secret: str) -> int:
    from standardwebhooks import Webhook

    hook = Webhook(secret)
    for headers, body in receiver.messages.values():
        hook.verify(body, {k.lower(): v for k, v in headers.items()})
    return len(receiver.messages)


def run(engine: str) -> None:
    env, _ = fresh_database(engine, "webhooks")
    env = {**env, "KIVOUCHER_WEBHOOK_ALLOW_PRIVATE": "1", "KIVOUCHER_LOG_LEVEL": "ERROR"}
    env.pop("KIVOUCHER_TASKS_BACKEND", None)  # the database backend, as in production
    receiver = Receiver()
    figures: dict[str, list[float]] = {}
    for _run in range(RUNS):
        whole, steady, secret = worker_rate(env, receiver)
        checked = signatures_check(receiver, secret)
        assert checked == COUNT, checked
        bodies = [
            ({k: v for k, v in h.items() if k.lower().startswith(("webhook-", "content-type"))}, b)
            for h, b in receiver.messages.values()
        ]
        figures.setdefault("worker, from its start", []).append(whole)
        figures.setdefault("worker, first to last delivery", []).append(steady)
        figures.setdefault("baseline: one thread posting with httpx", []).append(
            baseline_rate(receiver, bodies)
        )
    receiver.server.shutdown()
    baseline = median(figures["baseline: one thread posting with httpx"])
    for label, rates in figures.items():
        m = median(rates)
        print(
            f"[{engine}] webhook deliveries, {label}: {m:,.0f}/min (median of {len(rates)}, "
            f"{COUNT:,} each); ratio to the httpx loop: {m / baseline:.2f}"
        )


def main() -> None:
    engines = os.environ.get("BENCH_ENGINES")
    chosen = engines.split(",") if engines else ["postgres" if pg_available() else "sqlite"]
    for engine in chosen:
        run(engine)


if __name__ == "__main__":
    main()
