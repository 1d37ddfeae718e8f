"""Writing audit entries from service functions."""

from typing import Any

from django.db.models import Model

from renkei.core.models import AuditEntry


def audit(
    action: str,
    *,
    actor: Any = None,
    obj: Model | None = None,
    group: Any = None,
    summary: str = "",
    **data: Any,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        group=group,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        data=data,
    )
