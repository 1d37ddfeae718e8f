"""The background task worker: django-tasks-db's worker with a heartbeat (`renkei serve`
starts it, and starts it again when it dies). Takes db_worker's options."""

import os
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from renkei.core.heartbeat import Heartbeat


class HeartbeatWorker(db_worker.Worker):
    """Runs tasks as django-tasks-db's worker does, and keeps a WorkerHeartbeat row fresh
    while it runs (removed again when it stops, even after a second Ctrl+C mid-task)."""

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id, tasks_run=lambda: self._run_tasks)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(db_worker.Command):
    help = "Run the background task worker, with a heartbeat that /healthz reads."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--nice",
            type=int,
            default=0,
            help="run at this much lower CPU priority (0-19), as `nice` does; the drawing "
            "converters it starts inherit it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        if not 0 <= options["nice"] <= 19:
            raise CommandError("--nice must be 0 to 19")
        if options["nice"]:
            os.nice(options["nice"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HeartbeatWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            # Only the reloaded child runs tasks, so only it takes the signals.
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
