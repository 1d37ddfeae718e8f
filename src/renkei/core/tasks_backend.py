"""django-tasks-db's backend, carrying the id of the request that enqueued a task into its run.

A task enqueued while a request is served (a follow-up of the request's write, core.logs keeps
the id) is stored with ``request_id`` beside its arguments in ``args_kwargs``; the worker reads
it back when the task starts, so every log line the task writes — and the worker's line that it
finished — carries the id of the customer's click that caused it. django-tasks-db reads only
``args`` and ``kwargs`` of that JSON, so the extra key changes nothing else (a retry by
core.retry copies only the arguments: it runs without the id).
"""

from typing import Any

from django.dispatch import receiver
from django_tasks.base import Task, TaskResult
from django_tasks.signals import task_finished, task_started
from django_tasks_db import backend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

from renkei.core.logs import current_request_id, set_request_id

REQUEST_ID_KEY = "request_id"


class DatabaseBackend(backend.DatabaseBackend):
    def _task_to_db_task(
        self, task: Task[Any, Any], args: Any, kwargs: Any
    ) -> DBTaskResult[Any, Any]:
        request_id = current_request_id()
        if request_id is None:
            return super()._task_to_db_task(task, args, kwargs)
        # The library's own row, with the id in the same INSERT: a worker may claim the task
        # the moment it is written.
        stored = normalize_json({"args": args, "kwargs": kwargs}) | {REQUEST_ID_KEY: request_id}
        # run_after: the library stores its "no delay" value here too (its own ignore).
        return DBTaskResult.objects.create(  # type: ignore[misc]
            id=self._get_id(),
            args_kwargs=stored,
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )


def _request_id_of(task_result: TaskResult[Any]) -> str | None:
    db_result = getattr(task_result, "db_result", None)
    stored = getattr(db_result, "args_kwargs", None)
    value = stored.get(REQUEST_ID_KEY) if isinstance(stored, dict) else None
    return value if isinstance(value, str) else None


@receiver(task_started, dispatch_uid="renkei.core.tasks_backend.started")
def _task_started(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    # Set (not reset by token) because started and finished come as two signals; the worker
    # runs one task at a time on its thread, and finished clears it again.
    set_request_id(_request_id_of(task_result))


@receiver(task_finished, dispatch_uid="renkei.core.tasks_backend.finished")
def _task_finished(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    set_request_id(None)
