"""`kivoucher backup`: a consistent online copy of SQLite that restores with a valid audit chain."""

import os
import sqlite3
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def _run(tmp_path, *args, **env):
    environment = {
        **os.environ,
        "KIVOUCHER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kivoucher.settings",
        **env,
    }
    environment.pop("DATABASE_URL", None) if "DATABASE_URL" not in env else None
    result = subprocess.run(
        [sys.executable, "-m", "kivoucher", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_backup_restores_as_database_with_intact_audit_chain(tmp_path):
    _run(tmp_path, "migrate", "--noinput", "-v", "0")
    _run(
        tmp_path,
        "shell",
        "-v",
        "0",
        "-c",
        "from kivoucher.core.audit import audit_record\n"
        "for i in range(25): audit_record(actor=None, action='test.event', obj=('test', i))",
    )
    backup = tmp_path / "copy" / "backup.sqlite3"
    out = _run(tmp_path, "backup", "--output", str(backup))
    assert str(backup) in out and backup.is_file()
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM core_auditevent").fetchone()[0] == 25
    # Restore: run the platform on the backup file as its database.
    restored = _run(tmp_path, "verify-audit", DATABASE_URL=f"sqlite:///{backup}")
    assert "25 rows verified" in restored


def test_backup_refuses_to_overwrite_and_names_pg_dump_for_postgresql(tmp_path, settings):
    from kivoucher.core.backup import database_backup
    from kivoucher.core.errors import DomainError

    if settings.IS_POSTGRES:
        with pytest.raises(DomainError, match="pg_dump"):
            database_backup(output=tmp_path / "x.sqlite3")
    else:
        (tmp_path / "x.sqlite3").write_bytes(b"")
        with pytest.raises(DomainError, match="exists already"):
            database_backup(output=tmp_path / "x.sqlite3")
