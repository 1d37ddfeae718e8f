"""Fresh planner statistics after a bulk write.

PostgreSQL's planner chooses its joins from the statistics autovacuum gathers, minutes after a
bulk write — or never, for rows a transaction has not committed yet (a test's). Statistics of
other rows (or none) can turn a join of a few thousand rows into nested loops that run for
many minutes, so code that writes in bulk and then reads calls this first."""

from collections.abc import Iterable

from django.db import connection


def refresh_statistics(tables: Iterable[str], *, sqlite: bool = True, vacuum: bool = False) -> None:
    """ANALYZE ``tables`` (on SQLite only when ``sqlite``); on PostgreSQL with ``vacuum`` also
    VACUUM them for index-only scans, except inside a transaction, where VACUUM cannot run."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if sqlite:
                for table in tables:
                    cursor.execute(f"ANALYZE {quote(table)}")
            return
        if connection.vendor != "postgresql":
            return
        command = "VACUUM ANALYZE" if vacuum and not connection.in_atomic_block else "ANALYZE"
        for table in tables:
            cursor.execute(f"{command} {quote(table)}")
