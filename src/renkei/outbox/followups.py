"""Follow-up tasks of a committed write, each enqueued on its own and never lost.

``transaction.on_commit(task.enqueue)`` alone loses work twice over: the callbacks of one commit
run one after another and the first that raises skips the rest, and a process killed between
the commit and the enqueue (or a queue database that is locked or full) leaves nothing behind
to say the task was wanted. ``follow_up`` writes the wish into the same transaction as the
write itself, enqueues it after the commit independently of the other callbacks, and removes
the record once the task is on the queue; ``requeue_lost`` (a periodic check) enqueues whatever
is left. Every task handed here must be safe to run twice: a process killed between the
enqueue and the removal has it enqueued again.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from renkei.core.audit import audit
from renkei.outbox.models import FollowUp

logger = logging.getLogger(__name__)
GIVE_UP_AFTER = 50  # sweeps (about minutes) of failing enqueues before it is dropped, audited


def follow_up(task: Task[Any, Any], *args: Any) -> None:
    """Enqueues ``task(*args)`` once the current transaction commits (at once outside one)."""
    record = FollowUp.objects.create(
        task_path=task.module_path,
        args=list(args),
        queue_name=task.queue_name,
        run_after=task.run_after if isinstance(task.run_after, dt.datetime) else None,
    )

    def enqueue() -> None:  # a function, not a partial: robust on_commit logs its __qualname__
        _enqueue(record.pk, task, args)

    transaction.on_commit(enqueue, robust=True)


def after_commit(func: Any, *args: Any) -> None:
    """Calls ``func(*args)`` once the transaction commits, on its own: an error is logged and
    the other callbacks of the commit still run. For work with a record of its own that a
    periodic check repairs (webhook deliveries), or that may fail harmlessly."""

    def call() -> None:  # a function, not a partial: robust on_commit logs its __qualname__
        func(*args)

    call.__qualname__ = getattr(func, "__qualname__", repr(func))
    transaction.on_commit(call, robust=True)


def _enqueue(record_id: int, task: Task[Any, Any], args: tuple[Any, ...]) -> None:
    task.enqueue(*args)
    FollowUp.objects.filter(pk=record_id).delete()


def _task_of(record: FollowUp) -> Task[Any, Any]:
    task: Task[Any, Any] = import_string(record.task_path)
    return task.using(queue_name=record.queue_name, run_after=record.run_after)


def requeue_lost(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check (``RENKEI_PERIODIC``): enqueues each follow-up its commit did not."""
    now = now or timezone.now()
    # A follow-up this old was not enqueued by its own commit: the sweep takes it over.
    lost_after = dt.timedelta(seconds=getattr(settings, "RENKEI_OUTBOX_STALE_SECONDS", 60))
    lost = FollowUp.objects.filter(created_at__lt=now - lost_after).order_by("pk")[:500]
    counts = {"requeued": 0, "failing": 0, "dropped": 0}
    for record in lost:
        try:
            _enqueue(record.pk, _task_of(record), tuple(record.args))
        except Exception as error:  # each on its own: one broken follow-up blocks no other
            logger.warning("follow-up %s could not be enqueued: %r", record, error)
            record.attempts += 1
            if record.attempts >= GIVE_UP_AFTER:
                audit("task.gave_up", summary=record.task_path, args=record.args)
                record.delete()
                counts["dropped"] += 1
            else:
                FollowUp.objects.filter(pk=record.pk).update(attempts=record.attempts)
                counts["failing"] += 1
        else:
            counts["requeued"] += 1
    return counts
