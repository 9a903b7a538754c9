"""Production mode (debug off) refuses to start without a secret key of its own."""

import os
import subprocess
import sys

import pytest

DEV_KEY = "dev-only-insecure-key-change-me-in-production"


def _import_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"KIVOUCHER_SECRET_KEY", "KIVOUCHER_DEBUG", "DATABASE_URL"}
    }
    environment.update(KIVOUCHER_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", "import kivoucher.settings as s; print(s.SECRET_KEY)"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [{}, {"KIVOUCHER_DEBUG": "0"}, {"KIVOUCHER_SECRET_KEY": ""}, {"KIVOUCHER_SECRET_KEY": DEV_KEY}],
)
def test_production_mode_without_a_key_refuses_to_start(tmp_path, env):
    result = _import_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "KIVOUCHER_SECRET_KEY" in result.stderr


def test_production_mode_with_a_key_uses_it(tmp_path):
    result = _import_settings(tmp_path, KIVOUCHER_SECRET_KEY="a-real-secret-" + "Zr4x7Hq2" * 6)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-real-secret-" + "Zr4x7Hq2" * 6


def test_development_mode_falls_back_to_the_development_key(tmp_path):
    result = _import_settings(tmp_path, KIVOUCHER_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEV_KEY
