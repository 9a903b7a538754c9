"""A real production server (gunicorn through `python -m kivoucher serve`) on the
test database, for the reliability tests: started in its own process group so a
test can kill it (master and workers) with SIGKILL like a power cut."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database pytest-django created (test_<name>, _gw<n> with xdist)."""
    s = connection.settings_dict
    auth = s["USER"] or "postgres"
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """`kivoucher serve` on a free loopback port; `kill()` is SIGKILL to every process."""

    def __init__(self, *, tmp_dir: str, workers: int = 2, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "KIVOUCHER_DEBUG": "0",
            "KIVOUCHER_DATA_DIR": tmp_dir,
            "KIVOUCHER_LOG_LEVEL": "ERROR",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kivoucher", "serve", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("server did not answer /healthz within 60 s")

    def kill(self) -> None:
        """SIGKILL to the master and its workers (the process group this server leads)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        # the workers are gone with the group; wait until the port is free again
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
