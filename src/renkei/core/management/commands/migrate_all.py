"""Migrate every configured database (the main one and, on SQLite, the task queue's)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = "Apply migrations to every configured database."

    def handle(self, *args: Any, **options: Any) -> None:
        for alias in connections:
            call_command(
                "migrate", database=alias, interactive=False, verbosity=options["verbosity"]
            )
