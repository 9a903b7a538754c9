import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_serve_runs_gunicorn_and_answers_healthz(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "KIVOUCHER_DATA_DIR": str(tmp_path),
        "KIVOUCHER_DEBUG": "0",
        "KIVOUCHER_SSL_REDIRECT": "0",
        "KIVOUCHER_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
    }
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kivoucher",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.1)
        assert body == '{"status": "ok", "database": "ok"}'
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    assert b"gunicorn" in out.lower() or b"Booting worker" in out
