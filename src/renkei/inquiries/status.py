"""An inquiry's status changes here and only here, so each real change is recorded and announced
once (webhook ``inquiry.status_changed``), whoever makes it."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from renkei.core.audit import audit
from renkei.inquiries.models import Inquiry


@transaction.atomic
def change_status(
    inquiry: Inquiry,
    new: str,
    *,
    only_from: Iterable[str] | None = None,
    actor: Any = None,
) -> bool:
    """Moves the inquiry to ``new`` — only from one of ``only_from`` when given — and returns
    whether it really changed. ``inquiry.status`` is updated in place when it did.

    The update is conditional on the status read under the row lock, so two requests racing
    (a member's answer and the coordinator's decline, say) cannot both announce a change from
    the same old status.
    """
    old = (
        Inquiry.objects.select_for_update()
        .filter(pk=inquiry.pk)
        .values_list("status", flat=True)
        .first()
    )
    allowed = None if only_from is None else {str(s) for s in only_from}
    if old is None or old == new or (allowed is not None and old not in allowed):
        return False
    if not Inquiry.objects.filter(pk=inquiry.pk, status=old).update(status=new):
        return False
    inquiry.status = new
    audit(
        "inquiry.status",
        actor=actor,
        obj=inquiry,
        group=inquiry.group,
        summary=f"{inquiry.reference}: {old} → {new}",
        old=old,
        new=new,
    )
    from renkei.webhooks.events import inquiry_event

    inquiry_event("inquiry.status_changed", inquiry, change={"old": old, "new": str(new)})
    return True
