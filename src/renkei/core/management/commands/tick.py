"""Run the periodic checks (the reply clock …) every minute; `renkei serve` starts this beside
the worker. Each check is safe to run as often as one likes, so two ticks never do harm."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the periodic checks listed in RENKEI_PERIODIC, once or every --every seconds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=float, default=float(settings.RENKEI_TICK_SECONDS))
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = [import_string(path) for path in settings.RENKEI_PERIODIC]
        while True:
            for check in checks:
                try:
                    result = check()
                except Exception as error:  # one failing check must not stop the others
                    self.stderr.write(f"{check.__module__}.{check.__name__}: {error!r}")
                else:
                    if options["once"] or any(result.values()):
                        self.stdout.write(f"{check.__module__}.{check.__name__}: {result}")
            if options["once"]:
                return
            time.sleep(options["every"])
            # As a request does between requests: a connection past RENKEI_CONN_MAX_AGE, or one
            # the database dropped (a PostgreSQL restart), is replaced before the next round. Not
            # before the first: the connection is fresh then, and inside a test's transaction
            # Django would close it (its autocommit differs from the settings').
            close_old_connections()
