"""Django's SQLite backend, keeping the query planner's statistics up to date.

Without statistics SQLite picks the status index for the caseworker queue and sorts
every open application (64 ms with 100,000 applications) instead of reading the
partial index `application_open_queue` in order (0.1 ms). SQLite's advice for
short-lived connections is `PRAGMA optimize` just before closing: it analyses only
the tables this connection used whose statistics are missing or stale, and costs
next to nothing otherwise.
"""
