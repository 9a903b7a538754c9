"""Start the test OpenID Connect provider (tests/oidc_provider) in its own process."""

import json
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.test_mail import free_port

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60


class OidcProvider:
    def __init__(self, tmp: Path, *, redirect_uris: list[str], users: list[dict]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.url}/openid"
        self.db = str(tmp / "provider.sqlite3")
        self.client_id = "kivoucher-tests"
        self.client_secret = "provider-secret-" + "s" * 24  # noqa: S105 - a test client
        self.spec = tmp / "provider.json"
        self.spec.write_text(
            json.dumps(
                {
                    "port": self.port,
                    "db": self.db,
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uris": redirect_uris,
                    "users": users,
                }
            )
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> "OidcProvider":
        self.process = subprocess.Popen(  # noqa: S603 - our own test server
            [sys.executable, "-m", "tests.oidc_provider.serve", str(self.spec)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    "the OpenID Connect provider did not start (exit code "
                    f"{self.process.returncode}):\n{self.process.stderr.read()}"
                )
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready and self.process.stdout.readline().startswith("READY"):
                return self
        self.stop()
        pytest.fail(f"the OpenID Connect provider did not answer within {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def roles_set(self, username: str, roles: list[str]) -> None:
        """Change a person's roles in the directory (its own database)."""
        with sqlite3.connect(self.db) as db:
            (user_id,) = db.execute(
                "SELECT id FROM auth_user WHERE username = ?", (username,)
            ).fetchone()
            db.execute("DELETE FROM auth_user_groups WHERE user_id = ?", (user_id,))
            for role in roles:
                db.execute("INSERT OR IGNORE INTO auth_group (name) VALUES (?)", (role,))
                (group_id,) = db.execute(
                    "SELECT id FROM auth_group WHERE name = ?", (role,)
                ).fetchone()
                db.execute(
                    "INSERT INTO auth_user_groups (user_id, group_id) VALUES (?, ?)",
                    (user_id, group_id),
                )
