"""Every write of the webhooks app, by the group's coordinators."""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.orgs.models import Group
from renkei.outbox.followups import after_commit
from renkei.webhooks.choices import PING, DeliveryStatus
from renkei.webhooks.events import envelope, record
from renkei.webhooks.models import Delivery, Endpoint


class NotRetryable(ValueError):
    """The delivery was taken already, or an attempt of it is under way."""


@transaction.atomic
def create_endpoint(*, actor: Any, group: Group, url: str, events: list[str]) -> Endpoint:
    """A new endpoint with a fresh secret (read it from ``endpoint.secret`` to show it once)."""
    endpoint = Endpoint(group=group, url=url.strip(), events=sorted(set(events)))
    endpoint.created_by = actor if getattr(actor, "is_authenticated", False) else None
    endpoint.full_clean()
    endpoint.save()
    audit("webhook.create", actor=actor, obj=endpoint, group=group, summary=url, events=events)
    return endpoint


@transaction.atomic
def set_endpoint_active(*, actor: Any, endpoint: Endpoint, active: bool) -> Endpoint:
    endpoint.active = active
    endpoint.save(update_fields=["active", "updated_at"])
    action = "webhook.activate" if active else "webhook.deactivate"
    audit(action, actor=actor, obj=endpoint, group=endpoint.group, summary=endpoint.url)
    return endpoint


@transaction.atomic
def delete_endpoint(*, actor: Any, endpoint: Endpoint) -> None:
    audit("webhook.delete", actor=actor, obj=endpoint, group=endpoint.group, summary=endpoint.url)
    endpoint.delete()


@transaction.atomic
def send_ping(*, actor: Any, endpoint: Endpoint) -> Delivery:
    """A test event to this one endpoint, signed like the real ones."""
    data = {"message": _("A test from renkei: your endpoint is reachable.")}
    payload = envelope(PING, endpoint.group, uuid.uuid4(), data)
    delivery = record(endpoint, PING, payload)
    audit("webhook.ping", actor=actor, obj=endpoint, group=endpoint.group, summary=endpoint.url)
    return delivery


@transaction.atomic
def retry_delivery(*, actor: Any, delivery: Delivery) -> Delivery:
    """Tries again now: a waiting delivery without waiting, a failed one once more."""
    from renkei.webhooks.delivery import deliver

    locked = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("endpoint")
        .get(pk=delivery.pk)
    )
    busy = locked.status == DeliveryStatus.SENDING and (
        locked.sending_until is None or locked.sending_until > timezone.now()
    )
    if locked.status == DeliveryStatus.DELIVERED or busy:
        raise NotRetryable(_("This delivery was already delivered or is being sent."))
    if not locked.endpoint.active:
        raise NotRetryable(_("Turn the endpoint on first."))
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = timezone.now()
    locked.sending_until = None
    locked.save(update_fields=["status", "next_attempt_at", "sending_until", "updated_at"])
    after_commit(deliver.enqueue, locked.pk, locked.attempts + 1)
    audit(
        "webhook.retry",
        actor=actor,
        obj=locked.endpoint,
        group=locked.endpoint.group,
        summary=f"{locked.event} {locked.event_id}",
    )
    return locked
