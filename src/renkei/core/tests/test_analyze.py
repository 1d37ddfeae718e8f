"""core.analyze: the planner learns of rows the test's own transaction has not committed."""

from django.contrib.auth.models import Group
from django.db import connection

from renkei.core.analyze import refresh_statistics

TABLE = Group._meta.db_table


def _groups(count: int) -> None:
    Group.objects.bulk_create(Group(name=f"統計 {i}") for i in range(count))


def _planned_rows() -> float:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [TABLE])
        row = cursor.fetchone()
    return float(str(row[0]).split()[0]) if row else 0.0


def test_the_statistics_count_the_rows_just_written(db):
    _groups(300)
    refresh_statistics([TABLE])
    assert _planned_rows() >= 300


def test_the_whole_database_is_analyzed_when_no_table_is_named(db):
    _groups(200)
    refresh_statistics()
    assert _planned_rows() >= 200
