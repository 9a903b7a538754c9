import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from kivoucher.core.tokens import api_token_authenticate

pytestmark = pytest.mark.django_db


def _env(tmp_path, **extra) -> dict:
    """The environment of a fresh `kivoucher` process: real settings, SQLite in tmp_path."""
    env = {
        **os.environ,
        "KIVOUCHER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    return env


def test_create_token_prints_token_as_last_line(user_factory):
    user = user_factory(username="dc")
    out = io.StringIO()
    call_command("create_token", user="dc", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert api_token_authenticate(key) == user


def test_create_token_for_unknown_user_fails():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No user"):
        call_command("create_token", user="ghost")


def test_console_command_passes_django_commands_through(tmp_path):
    env = _env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_with_production_settings_is_clean(tmp_path):
    env = _env(
        tmp_path,
        KIVOUCHER_DEBUG="0",
        KIVOUCHER_SECRET_KEY="a-real-secret-" + "x7Hq2pLm9Zr4" * 5,
        KIVOUCHER_ALLOWED_HOSTS="ki-voucher.example.org",
        KIVOUCHER_SITE_URL="https://ki-voucher.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_default_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    env = _env(tmp_path)
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]); "
        "print(connection.transaction_mode)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", "shell", "-v", "0", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]
    assert (tmp_path / "kivoucher.sqlite3").exists()
