"""Model instances from hand-written SELECTs, for the few hot paths (a usage request,
its token) where building the query through the ORM cost more CPU than the
database took to answer it.

`RowLoader(Model)` names the model's concrete columns for a SELECT and turns each
row back into an instance exactly as the ORM would: the values pass through the
same converters (SQLite's decimals and date-times), and `Model.from_db` builds the
instance (saved state, no signals). The converters are looked up once per
database vendor.
"""

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

    def columns(self, alias: str = "", connection=None) -> str:
        """The columns, in the loader's order, for a SELECT list."""
        quote = (connection or default_connection).ops.quote_name
        prefix = f"{alias}." if alias else f"{quote(self.table)}."
        return ", ".join(prefix + quote(f.column) for f in self.fields)

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
