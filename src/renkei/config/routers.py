"""Database routing: the task queue goes to its own database when one is configured."""

from typing import Any

from django.conf import settings
from django.db.models import Model

TASK_APPS = {"django_tasks_db"}


def _tasks_alias() -> str:
    return "tasks" if "tasks" in settings.DATABASES else "default"


class TaskQueueRouter:
    """Sends django-tasks-db's queue tables to the ``tasks`` alias; everything else to default."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return _tasks_alias() if model._meta.app_label in TASK_APPS else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return self.db_for_read(model, **hints)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if app_label in TASK_APPS:
            return db == _tasks_alias()
        return db == "default"
