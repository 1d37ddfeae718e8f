"""Writing audit entries from service functions."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

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


@dataclass(frozen=True)
class AuditItem:
    """One entry of ``audit_many``: what was done to which row (a model and its primary key, so
    that a batch written from plain rows needs no model instance to be audited)."""

    action: str
    model: type[Model] | None = None
    pk: Any = None
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def audit_many(items: Iterable[AuditItem], *, actor: Any = None, group: Any = None) -> int:
    """Records many writes of one actor at once (a closing day's invoices, a month's
    statements): the entries ``audit`` would write one by one, in one statement. A month has
    tens of thousands of them, and a model instance each would cost more than the month's
    documents; the values are prepared by the model's own fields, so they are stored alike."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    request = current_request()
    meta = AuditEntry._meta
    same = {
        "at": timezone.now(),
        "actor": user.pk if user is not None else None,
        "group": group.pk if group is not None else None,
        "ip": request_address(request) if request is not None else None,
        "user_agent": request_user_agent(request) if request is not None else "",
    }
    fields = {name: _concrete(name) for name in (*same, "data")}
    prepared = {
        name: fields[name].get_db_prep_save(value, connection) for name, value in same.items()
    }
    data_field = fields["data"]
    empty = data_field.get_db_prep_save({}, connection)
    rows = [
        (
            *prepared.values(),
            item.action,
            item.model._meta.label_lower if item.model is not None else "",
            str(item.pk) if item.pk is not None else "",
            item.summary[:300],
            data_field.get_db_prep_save(item.data, connection) if item.data else empty,
        )
        for item in items
    ]
    if not rows:
        return 0
    names = [*(str(fields[name].column) for name in same), "action", "object_type",
             "object_id", "summary", "data"]  # fmt: skip
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)
    marks = ", ".join(["%s"] * len(names))
    # The names are the model's own, quoted; the values go as parameters.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def _concrete(name: str) -> Field[Any, Any]:
    field = AuditEntry._meta.get_field(name)
    assert isinstance(field, Field)
    return field
