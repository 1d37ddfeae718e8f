"""`renkei bench <name> [options] [--json]`: one command, one module per benchmark.

A benchmark is a module in renkei.bench with ``add_arguments(parser)`` and
``run(*, out, **options) -> dict``; it prints human-readable lines through ``out`` and returns its
figures, which ``--json`` prints as one JSON object on the last line. Register it in BENCHES.
Benchmarks are not tests: they measure, print a same-run baseline and assert nothing.
"""

import json
from importlib import import_module
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from renkei.bench.dataset import BenchDataError

BENCHES = {
    "allocate": "renkei.bench.allocate",
    "board": "renkei.bench.board",
    "directory": "renkei.bench.directory",
    "match": "renkei.bench.match",
    "load": "renkei.bench.load",
    "notify": "renkei.bench.notify",
    "preview": "renkei.bench.preview",
    "region": "renkei.bench.region",
    "search": "renkei.bench.search",
    "settle": "renkei.bench.settle",
}

# Benchmarks that start renkei in a data dir of their own, or read no database.
OWN_DATA_DIR = {"allocate", "load", "preview"}


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Run a named benchmark, e.g. `renkei bench directory --companies 10000 --json`."

    def add_arguments(self, parser: Any) -> None:
        subparsers = parser.add_subparsers(dest="bench", metavar="name", required=True)
        for name, module in BENCHES.items():
            bench = import_module(module)
            sub = subparsers.add_parser(name, help=(bench.__doc__ or "").splitlines()[0])
            bench.add_arguments(sub)
            sub.add_argument(
                "--json", action="store_true", help="print the figures as JSON on the last line"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        bench = import_module(BENCHES[options["bench"]])
        if options["bench"] not in OWN_DATA_DIR and _pending_migrations():
            # A fresh data dir: migrated first, as `renkei migrate_all` would.
            self.stdout.write("The database is not migrated yet: running migrate_all first.")
            call_command("migrate_all", verbosity=0)
        try:
            figures = bench.run(out=self.stdout.write, **options)
        except BenchDataError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
