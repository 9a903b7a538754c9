"""The caseworker queue of a large call is paged (50 a page), keeping its filters."""

import pytest

from tests.applications.factories import make_world

pytestmark = pytest.mark.django_db


def test_queue_pages_keep_filters_and_show_every_application(client_for):
    w = make_world()
    apps = [w.submitted(title=f"Projekt {i:02d}") for i in range(53)]
    web = client_for(w.caseworker)
    first = web.get("/applications/queue/?sort=oldest")
    assert first.status_code == 200
    assert len(first.context["rows"]) == 50
    assert "Seite 1 von 2 (53 Anträge)" in first.text
    assert "sort=oldest&amp;page=2" in first.text
    second = web.get("/applications/queue/?sort=oldest&page=2")
    shown = [a.pk for a, _age, _status in first.context["rows"]] + [
        a.pk for a, _age, _status in second.context["rows"]
    ]
    assert {status for _a, _age, status in first.context["rows"]} == {"eingereicht"}
    assert shown == [a.pk for a in apps]
    assert web.get("/applications/queue/?page=99").status_code == 200  # last page


def test_a_call_filter_beyond_64_bits_is_ignored(client_for):
    # SQLite's driver raised OverflowError for ?call=2**64: a 500.
    w = make_world()
    w.submitted(title="Projekt A")
    response = client_for(w.caseworker).get(f"/applications/queue/?call={2**64}")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_queue_index_covers_exactly_the_open_statuses():
    """The partial index that serves the queue must follow Application.OPEN."""
    from kivoucher.applications.models import Application

    index = next(i for i in Application._meta.indexes if i.name == "application_open_queue")
    assert set(index.condition.children[0][1]) == set(Application.OPEN)


def test_queue_query_reads_the_open_queue_index():
    """SQLite takes a partial index only when the query states its condition literally."""
    from django.db import connection

    from kivoucher.applications.selectors import application_queue

    make_world().submitted()
    sql, params = application_queue(sort="oldest")[:50].query.sql_with_params()
    assert "IN ('submitted', 'in_review', 'info_requested', 'reviewed')" in sql
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole
        else:
            cursor.execute("ANALYZE")  # what PRAGMA optimize leaves behind
        cursor.execute(explain + sql, params)
        plan = str(cursor.fetchall())
    assert "application_open_queue" in plan, plan
