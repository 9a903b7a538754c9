"""`python -m kivoucher.core.pgcheck URL`: exit 0 when the PostgreSQL server of URL answers.

Connects to the server's `postgres` database, since the test database named
in URL need not exist yet (pytest-django creates `test_<name>`).
"""

import sys

import psycopg
from psycopg.conninfo import make_conninfo


def reachable(url: str) -> bool:
    url = url.replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres", connect_timeout=3)) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
