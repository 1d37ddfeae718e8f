"""Writing audit entries from service functions."""

from typing import Any

from django.db.models import Model

from renkei.core.models import AuditEntry
from renkei.core.request_context import current_request, request_address, request_user_agent


def audit(
    action: str,
    *,
    actor: Any = None,
    obj: Model | None = None,
    group: Any = None,
    summary: str = "",
    **data: Any,
) -> AuditEntry:
    """Records one write. Made while a request is served, the entry also says which address and
    browser it came from (``core.request_context``); from a worker it carries neither."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    request = current_request()
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        group=group,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        data=data,
        ip=request_address(request) if request is not None else None,
        user_agent=request_user_agent(request) if request is not None else "",
    )
