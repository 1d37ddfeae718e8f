"""Database routing: the task queue goes to its own database when one is configured."""

from typing import Any

from django.conf import settings
from django.db.models import Model

# django-tasks-db's app (its *label*, which is not its module name) and the few models of
# renkei's own that belong beside the queue: the worker's heartbeat.
TASK_APPS = {"django_tasks_database"}
TASK_MODELS = {"core.workerheartbeat"}


def _tasks_alias() -> str:
    return "tasks" if "tasks" in settings.DATABASES else "default"


def _is_queue(app_label: str, model_name: str | None) -> bool:
    return app_label in TASK_APPS or f"{app_label}.{model_name}" in TASK_MODELS


class TaskQueueRouter:
    """Sends the task queue's tables to the ``tasks`` alias; everything else to default."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        meta = model._meta
        return _tasks_alias() if _is_queue(meta.app_label, meta.model_name) else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return self.db_for_read(model, **hints)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        if _is_queue(app_label, model_name):
            return db == _tasks_alias()
        return db == "default"
