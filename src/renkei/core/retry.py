"""Retrying background tasks that failed or whose worker died.

django-tasks' database backend runs a task once: an SMTP error marks it failed, and a worker
killed mid-task leaves it "running" for ever. Every task on the queues in ``RETRY_QUEUES`` is
written to be safe to run twice (it marks its row done in the same transaction as the send),
so this periodic check simply enqueues a fresh copy, with growing delays, until it succeeds or
the attempts run out. A run that has been "running" longer than any send could take is taken
for dead: its worker is gone.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from renkei.core.audit import audit
from renkei.core.models import TaskRetry

logger = logging.getLogger(__name__)
RETRY_QUEUES = ("mail",)
WORKER_LOST = "renkei.core.retry.WorkerLost"


def _backoff() -> list[int]:
    """Seconds to wait before attempt 2, 3, …; its length is the number of retries."""
    return list(getattr(settings, "RENKEI_TASK_RETRY_BACKOFF", [60, 300, 1800, 7200, 21600]))


def _stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "RENKEI_TASK_STALE_SECONDS", 600))


def reap_lost_runs(now: dt.datetime) -> int:
    """Marks as failed the runs whose worker died under them."""
    lost = DBTaskResult.objects.running().filter(
        queue_name__in=RETRY_QUEUES, started_at__lt=now - _stale_after()
    )
    return lost.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback="The worker stopped while running this task.",
    )


def _attempt_of(result_id: str) -> int:
    made = TaskRetry.objects.filter(retry_id=result_id).values_list("attempt", flat=True).first()
    return made or 1


def _retry_one(result: DBTaskResult, now: dt.datetime, backoff: list[int]) -> bool:
    attempt = _attempt_of(str(result.id)) + 1
    gave_up = attempt > len(backoff) + 1
    try:
        with transaction.atomic():
            record = TaskRetry.objects.create(
                failed_id=str(result.id),
                task_path=result.task_path,
                attempt=attempt,
                gave_up=gave_up,
            )
    except IntegrityError:
        return False  # another check got there first
    if gave_up:
        logger.error("giving up on %s after %s attempts", result.task_path, attempt - 1)
        audit("task.gave_up", summary=result.task_path, task=str(result.id))
        return False
    # A worker that died is no reason to wait; a mail server that refused may need time.
    delay = 0 if result.exception_class_path == WORKER_LOST else backoff[attempt - 2]
    task = import_string(result.task_path).using(
        queue_name=result.queue_name, run_after=now + dt.timedelta(seconds=delay)
    )
    copy = task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    TaskRetry.objects.filter(pk=record.pk).update(retry_id=str(copy.id))
    return True


def retry_tasks(now: dt.datetime | None = None) -> dict[str, Any]:
    """The periodic check (``RENKEI_PERIODIC``): reap dead runs, then retry failed ones."""
    now = now or timezone.now()
    reaped = reap_lost_runs(now)
    backoff = _backoff()
    failed = DBTaskResult.objects.failed().filter(
        queue_name__in=RETRY_QUEUES, finished_at__gte=now - dt.timedelta(days=2)
    )
    # Those already retried are left out before the batch is cut, so that a pile of old
    # failures never hides a new one (the retry records live in the other database).
    window = [str(pk) for pk in failed.values_list("id", flat=True)]
    done = set(TaskRetry.objects.filter(failed_id__in=window).values_list("failed_id", flat=True))
    todo = [pk for pk in window if pk not in done][:500]
    fields = ("id", "task_path", "queue_name", "args_kwargs", "exception_class_path")
    candidates = list(DBTaskResult.objects.filter(id__in=todo).only(*fields))
    retried = sum(_retry_one(r, now, backoff) for r in candidates)
    return {"reaped": reaped, "retried": retried}
