"""Migrate every configured database (the main one and, on SQLite, the task queue's)."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections, transaction

QUEUE_TABLE = "django_tasks_database_dbtaskresult"


def move_stranded_tasks() -> int:
    """Moves the tasks still waiting in the main SQLite database to the queue's own file.

    Before the router knew django-tasks-db's app label, the queue was created in the main
    database; a site upgraded from then would otherwise leave its waiting tasks there, unseen.
    """
    if "tasks" not in settings.DATABASES:
        return 0
    if QUEUE_TABLE not in connections["default"].introspection.table_names():
        return 0
    from django_tasks_db.models import DBTaskResult

    fields = [f.column for f in DBTaskResult._meta.concrete_fields]
    columns = ", ".join(fields)
    # A run the old worker left "running" is waiting again: its worker is gone.
    again = {"status": "'READY'", "started_at": "NULL"}
    selected = ", ".join(again.get(name, name) for name in fields)
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {QUEUE_TABLE} "  # noqa: S608 (names from the model, no input)
            "WHERE status IN ('READY', 'RUNNING')"
        )
        rows = cursor.fetchall()
    if rows:
        placeholders = ", ".join(["%s"] * len(fields))
        with transaction.atomic(using="tasks"), connections["tasks"].cursor() as cursor:
            cursor.executemany(
                f"INSERT OR IGNORE INTO {QUEUE_TABLE} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
    with connections["default"].cursor() as cursor:
        cursor.execute(f"DROP TABLE {QUEUE_TABLE}")
    return len(rows)


class Command(BaseCommand):
    help = "Apply migrations to every configured database."

    def handle(self, *args: Any, **options: Any) -> None:
        for alias in connections:
            call_command(
                "migrate", database=alias, interactive=False, verbosity=options["verbosity"]
            )
        moved = move_stranded_tasks()
        if moved:
            self.stdout.write(f"moved {moved} waiting tasks to the task queue's own database")
