import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close(self):
        if self.connection is not None and not self.in_atomic_block and not self.is_in_memory_db():
            try:
                self.connection.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # statistics are an optimisation; closing must not fail for them
        super().close()
