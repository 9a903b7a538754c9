"""Online backups of the embedded SQLite database.

`sqlite3.Connection.backup` copies a consistent snapshot page by page while the
platform keeps running (WAL mode: readers and the writer are not blocked). For
PostgreSQL use pg_dump (README.md, "Backups").
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from kivoucher.core.errors import DomainError


def backup_default_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.WORK_DIR) / "backups" / f"kivoucher-{stamp}.sqlite3"


def database_backup(*, output: Path | None = None) -> Path:
    """Write a consistent copy of the SQLite database to `output` and return its path."""
    if connection.vendor != "sqlite":
        raise DomainError(
            "The database is not SQLite: back it up with pg_dump, e.g. "
            '`pg_dump --format=custom --file=kivoucher.dump "$DATABASE_URL"`.',
            code="not_sqlite",
        )
    output = Path(output or backup_default_path())
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists():
        raise DomainError(f"{output} exists already; choose another file.", code="exists")
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        connection.connection.backup(target, pages=1024)
    finally:
        target.close()
    return output
