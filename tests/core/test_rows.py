"""core.rows: hand-written statements of the hot paths."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kivoucher.core.models import User
from kivoucher.core.rows import RowLoader, pg_array, prepared_cursor

USERS = RowLoader(User)


@pytest.mark.django_db
def test_a_prepared_cursor_answers_as_the_usual_one(user_factory):
    user = user_factory(username="rows")
    sql = f"SELECT {USERS.columns()} FROM {connection.ops.quote_name(USERS.table)} WHERE id = %s"
    for _ in range(2):  # once preparing, once prepared
        with prepared_cursor() as cursor:
            cursor.execute(sql, [user.pk])
            loaded = USERS.load(cursor.fetchone())
        assert (loaded.pk, loaded.username, loaded.date_joined) == (
            user.pk,
            "rows",
            user.date_joined,
        )


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_keeps_the_statement_prepared_and_the_log_shows_it():
    sql = "SELECT %s::int + 1 AS kivoucher_rows_test"
    with CaptureQueriesContext(connection) as queries:
        for n in (1, 2):
            with prepared_cursor() as cursor:
                cursor.execute(sql, [n])
                assert cursor.fetchone() == (n + 1,)
    # Django's query log (tests, DEBUG) shows the statement, prepared or not.
    assert [q["sql"] for q in queries.captured_queries] == [
        "SELECT $1::int + 1 AS kivoucher_rows_test"
    ] * 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%kivoucher_rows_test%"],
        )
        assert cursor.fetchone() == (1,)
        # Django's own cursors stay as they were: bound on the client, never prepared.
        for _ in range(10):  # more often than psycopg's prepare_threshold
            cursor.execute("SELECT %s::int AS kivoucher_rows_plain", [1])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%kivoucher_rows_plain%"],
        )
        assert cursor.fetchone() == (0,)


def assert_a_new_cursor_answers(instead_of) -> None:
    with prepared_cursor() as fresh:
        fresh.execute("SELECT 3")
        assert fresh.fetchone() == (3,)
        assert fresh.cursor is not instead_of


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_prepared_cursor_is_kept_between_statements_but_not_shared_when_nested():
    with prepared_cursor() as first:
        first.execute("SELECT 1")
        kept = first.cursor
        with prepared_cursor() as inner:  # the outer one's rows are still to be read
            assert inner.cursor is not kept
            inner.execute("SELECT 2")
            assert inner.fetchone() == (2,)
        assert first.fetchone() == (1,)
    assert inner.cursor.closed and not kept.closed
    with prepared_cursor() as again:
        assert again.cursor is kept
    kept.close()
    assert_a_new_cursor_answers(instead_of=kept)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_a_new_prepared_cursor():
    with prepared_cursor() as first:
        kept = first.cursor
    connection.close()
    assert_a_new_cursor_answers(instead_of=kept)


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "cast"),
    [
        ([], "bigint"),
        ([1, -2, 9_007_199_254_740_993, None], "bigint"),
        ([Decimal("0.000001"), Decimal("-12345678.50"), Decimal("1E+2"), None], "numeric"),
        (
            ['we"ird\\id {a,b}', "NULL", "", "  spaced ", "ü € 😀", "a,b", "\\", '"', None],
            "varchar",
        ),
    ],
)
def test_an_array_in_text_form_arrives_as_the_values(values, cast):
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}[]", [pg_array(values)])
        assert cursor.fetchone()[0] == values


def test_an_array_writes_choices_as_their_values():
    from kivoucher.core.roles import Role

    assert pg_array([Role.DC_OPERATOR, 'x"y']) == '{"dc_operator","x\\"y"}'


def test_an_array_refuses_what_it_cannot_write():
    with pytest.raises(TypeError):
        pg_array([1.5])
    with pytest.raises(TypeError):
        pg_array([True])
