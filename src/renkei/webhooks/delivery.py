"""Posting a delivery, signed, and trying again later when the endpoint does not take it.

Each attempt is its own task, keyed by the delivery and the attempt number: a task that runs
twice, or a scheduled retry that meets a "retry now", finds the attempt already taken and does
nothing. The row is locked only to claim the attempt and to record its outcome — not while the
POST waits for the receiver (up to TIMEOUT), which on SQLite would hold the write lock of the
whole database.
"""

import datetime as dt
import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery

TIMEOUT = 10  # seconds
# Waits after the 1st, 2nd … failed attempt; after the last attempt the delivery has failed.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
USER_AGENT = "renkei-webhooks/1"


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` keyed with the secret."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the signed POST into a GET elsewhere: it counts as a failure.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(delivery: Delivery) -> tuple[bool, int | None, str]:
    """One signed POST: (taken, HTTP status, error)."""
    url = delivery.endpoint.url
    if not url.lower().startswith(("http://", "https://")):  # checked on save too
        return False, None, "not an http(s) URL"
    body = body_of(delivery.payload)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked just above)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Renkei-Event": delivery.event,
            "X-Renkei-Delivery": str(delivery.event_id),
            "X-Renkei-Timestamp": timestamp,
            "X-Renkei-Signature": signature(delivery.endpoint.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            code: int = response.status
    except urllib.error.HTTPError as error:
        return False, error.code, f"HTTP {error.code} {error.reason}"[:500]
    except (OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", error)
        return False, None, f"{type(error).__name__}: {reason}"[:500]
    if 200 <= code < 300:
        return True, code, ""
    return False, code, f"HTTP {code}"


def claim(delivery_id: int, attempt: int) -> Delivery | None:
    """Takes attempt number ``attempt``, or None when it is not this task's to make."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, attempts=attempt - 1)
            .first()
        )
        if delivery is None or not delivery.endpoint.active:
            return None
        if delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
            return None
        if delivery.status == DeliveryStatus.SENDING and (delivery.sending_until or now) > now:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts = attempt
        delivery.sending_until = now + dt.timedelta(seconds=3 * TIMEOUT)
        delivery.save(update_fields=["status", "attempts", "sending_until", "updated_at"])
    return delivery


@transaction.atomic
def settle(delivery_id: int, taken: bool, code: int | None, error: str) -> Delivery:
    """Records the attempt; a failure before the last attempt is tried again after a wait."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    now = timezone.now()
    delivery.response_code = code
    delivery.sending_until = None
    delivery.last_error = error
    if taken:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        later = deliver.using(run_after=delivery.next_attempt_at)
        transaction.on_commit(partial(later.enqueue, delivery.pk, delivery.attempts + 1))
    delivery.save()
    return delivery


@task(queue_name="default")
def deliver(delivery_id: int, attempt: int) -> str:
    """Makes attempt number ``attempt`` of one delivery. Safe to run twice."""
    delivery = claim(delivery_id, attempt)
    if delivery is None:
        return "skipped"
    taken, code, error = post(delivery)
    return settle(delivery.pk, taken, code, error).status
