"""SQLite connections leave the query planner's statistics behind when they close
(`PRAGMA optimize`), so that partial indexes like the queue's are used."""

import sqlite3

import pytest
from django.db.utils import ConnectionHandler

QUEUE = "SELECT id FROM t WHERE status IN ('open', 'review') ORDER BY at, id LIMIT 5"


def _plan_after_one_connection(path, engine: str) -> str:
    db = ConnectionHandler({"default": {"ENGINE": engine, "NAME": str(path)}})["default"]
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT, at INTEGER)")
        cursor.execute("CREATE INDEX t_status ON t (status)")
        cursor.execute("CREATE INDEX t_open ON t (at, id) WHERE status IN ('open', 'review')")
        cursor.executemany(
            "INSERT INTO t (status, at) VALUES (%s, %s)",
            [("open" if i % 3 == 0 else "closed", i) for i in range(3000)],
        )
        cursor.execute(QUEUE)
    db.close()
    with sqlite3.connect(path) as plain:
        return str(plain.execute(f"EXPLAIN QUERY PLAN {QUEUE}").fetchall())


@pytest.mark.parametrize(
    ("engine", "uses_partial_index"),
    [("kivoucher.core.sqlite", True), ("django.db.backends.sqlite3", False)],
)
def test_closing_a_connection_leaves_statistics_for_the_planner(
    tmp_path, engine, uses_partial_index, django_db_blocker
):
    with django_db_blocker.unblock():  # a database of its own, not the test database
        plan = _plan_after_one_connection(tmp_path / "stats.sqlite3", engine)
    assert ("t_open" in plan) is uses_partial_index, plan
