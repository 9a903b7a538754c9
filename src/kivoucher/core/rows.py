"""Model instances from hand-written SELECTs, for the few hot paths (a usage request,
its token) where building the query through the ORM cost more CPU than the
database took to answer it.

`RowLoader(Model)` names the model's concrete columns for a SELECT and turns each
row back into an instance exactly as the ORM would: the values pass through the
same converters (SQLite's decimals and date-times), and `Model.from_db` builds the
instance (saved state, no signals). The converters are looked up once per
database vendor.
"""

import functools
from contextlib import contextmanager
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db import connection as default_connection


class RowLoader:
    def __init__(self, model, names: list[str] | None = None):
        self.model = model
        fields = model._meta.concrete_fields
        if names is not None:  # in the model's order, as `from_db` expects them
            wanted = {model._meta.get_field(n).attname for n in names}
            fields = [f for f in fields if f.attname in wanted]
        self.fields = list(fields)
        self.attnames = [f.attname for f in self.fields]
        self.table = model._meta.db_table
        self._converters: dict[str, list] = {}
        self._columns: dict[tuple[str, str], str] = {}

    def columns(self, alias: str = "", connection=None) -> str:
        """The columns, in the loader's order, for a SELECT list (built once per alias
        and database vendor)."""
        connection = connection or default_connection
        key = (alias, connection.vendor)
        found = self._columns.get(key)
        if found is None:
            quote = connection.ops.quote_name
            prefix = f"{alias}." if alias else f"{quote(self.table)}."
            found = self._columns[key] = ", ".join(prefix + quote(f.column) for f in self.fields)
        return found

    def _for(self, connection) -> list:
        found = self._converters.get(connection.vendor)
        if found is None:
            found = []
            for i, f in enumerate(self.fields):
                col = f.get_col(self.table)
                convs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if convs:
                    found.append((i, convs, col))
            self._converters[connection.vendor] = found
        return found

    def load(self, row, connection=None):
        """The instance for `row` (the columns of `columns()`, in order)."""
        connection = connection or default_connection
        converters = self._for(connection)
        if converters:
            row = list(row)
            for i, convs, col in converters:
                value = row[i]
                for convert in convs:
                    value = convert(value, col, connection)
                row[i] = value
        return self.model.from_db(connection.alias, self.attnames, row)


@functools.cache
def _preparing_cursor_class():
    """psycopg's server-side binding cursor (Django's, with `callproc`) that has
    every statement prepared: parsed and planned once per connection and statement
    text, then only executed."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            prepare = True if prepare is None else prepare
            return super().execute(query, params, prepare=prepare, binary=binary)

        def _send_query_prepared(self, name, pgq, *, binary=None):
            # psycopg keeps the statement (which Django logs and shows as the
            # query) only when it does not prepare it.
            self._query = pgq
            return super()._send_query_prepared(name, pgq, binary=binary)

    return PreparingCursor


@contextmanager
def prepared_cursor(connection=None):
    """`connection.cursor()` whose statements PostgreSQL keeps prepared, for the hot
    paths' constant statements (a usage batch's ten): parsing and planning were
    two thirds of the database's CPU for such a batch. Elsewhere, and on SQLite,
    Django's cursor as it is: client-side binding, nothing prepared (the ORM's
    statements are not all preparable). The statement texts must not embed values
    (pass arrays instead of lists, see `compute.services.ingest._in`), or every
    text is prepared anew; psycopg keeps the last 100 per connection. PostgreSQL may
    keep a generic plan made while a table was small until the connection ends
    (`KIVOUCHER_CONN_MAX_AGE`): a lookup in a table that grows by every request
    should not come through here (`compute.services.ingest._probe`)."""
    # The wrapper itself, not the proxy: every attribute of `django.db.connection`
    # is looked up again in the connection handler.
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    kept = getattr(connection, "kivoucher_prepared_cursor", None)
    if kept is None or kept.connection is not raw or kept.closed:
        kept = connection.kivoucher_prepared_cursor = _new_preparing_cursor(connection, raw)
    elif kept in _busy:  # used further up the stack: its results are still wanted
        with connection.wrap_database_errors:
            cursor = connection._prepare_cursor(_new_preparing_cursor(connection, raw))
        with cursor:
            yield cursor
        return
    # One cursor per connection, kept between statements: creating and closing
    # psycopg's cursor and Django's wrapper cost more than a prepared statement's
    # execution on the database.
    with connection.wrap_database_errors:
        cursor = connection._prepare_cursor(kept)
    _busy.add(kept)
    try:
        yield cursor
    finally:
        _busy.discard(kept)


_busy: set = set()


def _new_preparing_cursor(connection, raw):
    usual = raw.cursor_factory
    raw.cursor_factory = _preparing_cursor_class()
    try:
        with connection.wrap_database_errors:
            return connection.create_cursor()
    finally:
        raw.cursor_factory = usual


def pg_array(values) -> str:
    """An array parameter in PostgreSQL's text form (`{1,2}`, `{"a\\"b",NULL}`), for a
    statement's `%s::bigint[]` (or varchar[], numeric[]): psycopg dumps a list
    element by element in Python (3-4 % of a usage request's CPU went there), a
    str at once. Elements: None, int, Decimal or str."""
    return "{" + ",".join(map(_pg_element, values)) + "}"


def _pg_element(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):  # choices (str enums) too: their text is their value
        text = str.__str__(value)
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(int(value) if isinstance(value, int) else value)
    raise TypeError(f"no array element for {value!r}")
