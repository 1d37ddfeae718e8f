"""Fresh planner statistics after a bulk write.

PostgreSQL's planner chooses its joins from the statistics autovacuum gathers, minutes after a
bulk write — and never for rows a transaction has not committed yet (a test's). A table whose
pages hold only dead rows is recorded as empty; rows written since are then planned as one, and
a join of a few thousand rows can become nested loops of whole scans that run for many minutes.
Code that writes in bulk and then reads calls this first: ANALYZE counts the transaction's own
rows."""

from collections.abc import Iterable

from django.db import connection


def refresh_statistics(
    tables: Iterable[str] | None = None, *, sqlite: bool = True, vacuum: bool = False
) -> None:
    """ANALYZE ``tables``, or the whole database when None (on SQLite only when ``sqlite``); on
    PostgreSQL with ``vacuum`` also VACUUM them for index-only scans, except inside a
    transaction, where VACUUM cannot run."""
    if connection.vendor not in ("sqlite", "postgresql") or (
        connection.vendor == "sqlite" and not sqlite
    ):
        return
    command = "ANALYZE"
    if vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block:
        command = "VACUUM ANALYZE"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute(command)
            return
        for table in tables:
            cursor.execute(f"{command} {quote(table)}")
