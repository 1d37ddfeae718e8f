"""The task worker's heartbeat, and what `/healthz` reads of the worker and the queue.

A worker (`renkei worker`) keeps one ``WorkerHeartbeat`` row fresh from a thread of its own,
every ``BEAT_SECONDS``: a thread rather than the worker's loop, so that a long task (an import
of many rows, an SMTP server slow to answer) does not make a working worker look dead. A worker
stuck for ever in one task still beats, but then the tasks behind it wait, and the age of the
oldest waiting task is what `/healthz` judges first.
"""

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.db.models import Case, Count, DateTimeField, F, Max, Min, Q, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from renkei.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

BEAT_SECONDS = 10.0
# A worker not seen for this long is taken for dead: six missed beats, so a busy database
# delaying a beat or two never raises an alarm.
FRESH_SECONDS = 60.0
# Rows of dead workers elsewhere (another machine's, whose pid cannot be checked from here)
# are forgotten after a day; until then they say when a worker was last seen.
FORGET_AFTER = dt.timedelta(days=1)


def max_task_age() -> float:
    """Seconds a due task may wait before `/healthz` calls the worker too slow."""
    return float(getattr(settings, "RENKEI_HEALTH_MAX_TASK_AGE", 300))


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive, just not ours
        return True
    return True


class Heartbeat:
    """The row of one worker process: written at start, kept fresh, removed at a clean stop."""

    def __init__(self, worker_id: str, tasks_run: Callable[[], int]) -> None:
        self.worker_id = worker_id
        self.tasks_run = tasks_run
        self.hostname = socket.gethostname()[:255]
        self.pid = os.getpid()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True)

    def start(self) -> None:
        now = timezone.now()
        self._forget_dead(now)
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": self.hostname,
                "pid": self.pid,
                "started_at": now,
                "seen_at": now,
                "tasks_run": 0,
            },
        )
        self.thread.start()

    def _forget_dead(self, now: dt.datetime) -> None:
        """Removes the rows of workers that died without removing their own: on this machine
        those whose process is gone (the worker `renkei serve` just restarted), anywhere those
        not seen for a day."""
        mine = WorkerHeartbeat.objects.filter(hostname=self.hostname).exclude(pid=self.pid)
        gone = [row.pk for row in mine.only("pid") if not _pid_running(row.pid)]
        WorkerHeartbeat.objects.filter(Q(pk__in=gone) | Q(seen_at__lt=now - FORGET_AFTER)).delete()

    def beat(self) -> None:
        now, tasks_run = timezone.now(), self.tasks_run()
        mine = WorkerHeartbeat.objects.filter(worker_id=self.worker_id)
        if not mine.update(seen_at=now, tasks_run=tasks_run):
            # Removed under us (by hand, or taken for dead after a long pause): say so again.
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                hostname=self.hostname,
                pid=self.pid,
                started_at=now,
                seen_at=now,
                tasks_run=tasks_run,
            )

    def _beat_loop(self) -> None:
        alias = router.db_for_write(WorkerHeartbeat)
        while not self.stopping.wait(BEAT_SECONDS):
            try:
                self.beat()
            except DatabaseError:
                # A locked or unreachable database: the next beat tries again on a fresh
                # connection; the worker itself goes on either way.
                logger.warning("worker heartbeat not written", exc_info=True)
                connections[alias].close()
        connections[alias].close()

    def stop(self) -> None:
        """Stops beating and removes the row: a worker that stopped cleanly is not missed."""
        self.stopping.set()
        self.thread.join(timeout=BEAT_SECONDS)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("worker heartbeat not removed", exc_info=True)


@dataclass
class Health:
    """What `/healthz` reports of the worker and the queue, and whether that is healthy."""

    live_workers: int = 0
    heartbeat_age: float | None = None
    waiting: int = 0
    oldest_age: float | None = None
    queues: dict[str, dict[str, float | int]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "worker": {"live": self.live_workers, "heartbeat_age_s": self.heartbeat_age},
            "tasks": {
                "waiting": self.waiting,
                "oldest_age_s": self.oldest_age,
                "queues": self.queues,
            },
        }


def _age(now: dt.datetime, then: dt.datetime | None) -> float | None:
    return None if then is None else round(max((now - then).total_seconds(), 0.0), 1)


def worker_and_queue(now: dt.datetime | None = None) -> Health:
    """Two reads, no write: the heartbeats, and the tasks that are due and wait for a worker
    (grouped by queue; django-tasks-db's index on ready tasks serves it)."""
    now = now or timezone.now()
    health = Health()
    beats = WorkerHeartbeat.objects.aggregate(
        freshest=Max("seen_at"),
        live=Count("id", filter=Q(seen_at__gte=now - dt.timedelta(seconds=FRESH_SECONDS))),
    )
    health.live_workers = beats["live"]
    health.heartbeat_age = _age(now, beats["freshest"])

    # A task waits from when it became due: when it was enqueued, or its run_after (a retry's
    # delay) if that came later. django-tasks-db writes "no delay" as a far-future date.
    due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
        output_field=DateTimeField(),
    )
    rows = (
        DBTaskResult.objects.ready()
        .order_by()
        .values("queue_name")
        .annotate(waiting=Count("id"), since=Min(due))
    )
    for row in rows:
        age = _age(now, row["since"]) or 0.0
        health.queues[row["queue_name"]] = {"waiting": row["waiting"], "oldest_age_s": age}
        health.waiting += row["waiting"]
        health.oldest_age = max(health.oldest_age or 0.0, age)

    limit = max_task_age()
    if health.oldest_age is not None and health.oldest_age > limit:
        health.reasons.append(
            f"{health.waiting} task(s) waiting, the oldest for {health.oldest_age:.0f} s "
            f"(limit {limit:.0f} s)"
        )
    if health.waiting and not health.live_workers:
        seen = (
            "no worker has ever been seen"
            if health.heartbeat_age is None
            else f"no worker seen for {health.heartbeat_age:.0f} s"
        )
        health.reasons.append(f"{health.waiting} task(s) waiting and {seen}")
    return health
