"""Shared pieces of the benchmarks: a throw-away database, a production server
(gunicorn through `kivoucher serve`), and a concurrent HTTP load client.

Every benchmark prints its figure next to a baseline measured in the same run.
"""

import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


@contextmanager
def queries_timed():
    """The queries run inside the block, each as (seconds, sql), for the in-process
    profiles (Django must be set up)."""
    from django.db import connection

    queries: list[tuple[float, str]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(record):
        yield queries


def median(values) -> float:
    return statistics.median(values)


def pg_available() -> bool:
    sys.path.insert(0, str(ROOT / "src"))
    from kivoucher.core.pgcheck import reachable

    return reachable(f"{PG_SERVER}/postgres")


def fresh_database(engine: str, name: str) -> tuple[dict, str]:
    """Environment for a new, empty, migrated database of `engine` (sqlite|postgres)."""
    data_dir = tempfile.mkdtemp(prefix=f"kiv-bench-{name}-")
    env = {
        **os.environ,
        "KIVOUCHER_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
        "KIVOUCHER_URLCONF": "bench.urls",
        "KIVOUCHER_DEBUG": "0",
        "KIVOUCHER_SSL_REDIRECT": "0",
        "KIVOUCHER_SECURE_COOKIES": "0",
        # production mode: `kivoucher serve` refuses to start without the site's address
        "KIVOUCHER_SITE_URL": os.environ.get("KIVOUCHER_SITE_URL", "http://127.0.0.1"),
        # ... and without a secret key of its own: a throw-away one per run
        "KIVOUCHER_SECRET_KEY": os.environ.get("KIVOUCHER_SECRET_KEY") or secrets.token_urlsafe(50),
        "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}",
    }
    if engine == "postgres":
        import psycopg

        db = f"{os.environ.get('BENCH_DB_PREFIX', 'kiv_bench')}_{name}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}"')
        env["DATABASE_URL"] = f"{PG_SERVER}/{db}"
    else:
        env.pop("DATABASE_URL", None)
    kivoucher(env, "migrate", "--noinput", "-v", "0")
    return env, data_dir


def kivoucher(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", *args],
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kivoucher serve` (gunicorn) on a free port, stopped on exit."""

    def __init__(self, env: dict, workers: int = 4, threads: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kivoucher",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env={**env, "KIVOUCHER_LOG_LEVEL": "ERROR"},
            stdout=subprocess.DEVNULL,
            # BENCH_SERVER_LOG=path keeps the server's errors (tracebacks of 500s)
            stderr=open(os.environ["BENCH_SERVER_LOG"], "a")  # noqa: SIM115
            if os.environ.get("BENCH_SERVER_LOG")
            else subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    samples: list[str] | None = None  # the first few error answers

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.rps:,.0f} req/s, p50 {self.percentile(50):.1f} ms, "
            f"p95 {self.percentile(95):.1f} ms, errors {self.errors}"
        )


def load(
    url: str,
    *,
    concurrency: int = 32,
    requests: int = 2000,
    headers: dict | None = None,
    method: str = "GET",
    body_for=None,
    pace: float | None = None,
) -> LoadResult:
    """Send `requests` requests with `concurrency` clients; body_for(i) gives a JSON body.

    Without `pace` every client sends its next request as soon as the last one is
    answered (saturation: the figure is the capacity). With `pace` (requests per
    second per client) each client sends on a fixed schedule, starting at a seeded
    random offset, as people do who read a page before the next click. Latency is
    then measured from the scheduled start, so a server that falls behind shows up in
    the figure instead of slowing the clients down (no coordinated omission).
    """
    import httpx

    async def run() -> LoadResult:
        latencies: list[float] = []
        errors = 0
        samples: list[str] = []
        counter = iter(range(requests))
        limits = httpx.Limits(max_connections=concurrency)
        offsets = random.Random(7)
        async with httpx.AsyncClient(headers=headers or {}, limits=limits, timeout=60) as client:

            async def worker():
                nonlocal errors
                due = time.perf_counter() + (offsets.random() / pace if pace else 0)
                for i in counter:
                    if pace:
                        await asyncio.sleep(max(0.0, due - time.perf_counter()))
                        start, due = due, due + 1 / pace
                    else:
                        start = time.perf_counter()
                    if body_for is None:
                        response = await client.request(method, url)
                    else:
                        response = await client.request(method, url, json=body_for(i))
                    latencies.append(time.perf_counter() - start)
                    if response.status_code >= 400:
                        errors += 1
                        if len(samples) < 3:
                            samples.append(f"{response.status_code} {response.text[:200]}")

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return LoadResult(requests, time.perf_counter() - started, latencies, errors, samples)

    return asyncio.run(run())


def session_cookie(env: dict, username: str) -> str:
    """A signed-in session for `username` (as if the person had logged in)."""
    code = (
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from kivoucher.core.models import User\n"
        f"u = User.objects.get(username={username!r})\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
        "from kivoucher.core.twofactor import session_mark_verified, totp_device_confirmed\n"
        "device = totp_device_confirmed(user=u)\n"
        "if device:\n"
        "    session_mark_verified(s, device)  # staff: the second factor was given\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    return kivoucher(env, "shell", "-v", "0", "-c", code, capture=True).strip().splitlines()[-1]


def bearer_token(env: dict, username: str) -> str:
    return kivoucher(env, "create-token", "--user", username, capture=True).strip().splitlines()[-1]
