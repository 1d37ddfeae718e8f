"""Events as the group's endpoints receive them.

The body is JSON: ``event``, ``id`` (the event's uuid, also sent as X-Renkei-Delivery),
``group`` (slug), ``occurred_at`` and the event's data. An inquiry is described by its id,
reference, status and title and a link to its page for the coordinator — never the customer's
contact details nor the drawings: the receiver reads those through the API with a token, so an
endpoint that leaks (a chat channel, a log) leaks no personal data.
"""

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from renkei.orgs.models import Group
from renkei.outbox.followups import after_commit
from renkei.webhooks.choices import PING
from renkei.webhooks.models import Delivery, Endpoint


def envelope(event: str, group: Group, event_id: uuid.UUID, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event,
        "id": str(event_id),
        "group": group.slug,
        "occurred_at": timezone.now().isoformat(),
        **data,
    }


def record(endpoint: Endpoint, event: str, payload: dict[str, Any]) -> Delivery:
    """Saves the delivery in the caller's transaction; it is posted only once that commits."""
    from renkei.webhooks.delivery import deliver

    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=event,
        event_id=uuid.UUID(payload["id"]),
        payload=payload,
        next_attempt_at=timezone.now(),
    )
    after_commit(deliver.enqueue, delivery.pk, 1)
    return delivery


def emit(group: Group, event: str, data: dict[str, Any]) -> list[Delivery]:
    """One delivery per active endpoint of the group that chose ``event``, same event id."""
    if event == PING:
        raise ValueError("a ping goes to one endpoint: use services.send_ping")
    endpoints = [e for e in Endpoint.objects.filter(group=group, active=True) if event in e.events]
    if not endpoints:
        return []
    payload = envelope(event, group, uuid.uuid4(), data)
    return [record(endpoint, event, payload) for endpoint in endpoints]


def inquiry_event(event: str, inquiry: Any, **extra: Any) -> list[Delivery]:
    group = inquiry.group
    path = reverse("inquiries:detail", args=[group.slug, inquiry.pk])
    data = {
        "inquiry": {
            "id": inquiry.pk,
            "reference": inquiry.reference,
            "status": str(inquiry.status),
            "title": inquiry.title,
            "received_at": inquiry.received_at.isoformat() if inquiry.received_at else None,
            "url": settings.RENKEI_BASE_URL.rstrip("/") + path,
        },
        **extra,
    }
    return emit(group, event, data)
