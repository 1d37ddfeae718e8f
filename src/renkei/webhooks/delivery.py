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
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renkei.core.audit import audit
from renkei.outbox.followups import after_commit
from renkei.webhooks import addresses
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery

TIMEOUT = 10  # seconds
LOST_AFTER = dt.timedelta(minutes=5)
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


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = addresses.create_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    # TLS still checks the certificate against the host name: only the TCP connection is ours.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = addresses.create_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


# No proxy from the environment: through a proxy, the address guard would check the proxy
# instead of the receiver.
_opener = urllib.request.build_opener(
    _NoRedirect, _GuardedHTTPHandler, _GuardedHTTPSHandler, urllib.request.ProxyHandler({})
)


def post(delivery: Delivery) -> tuple[bool, int | None, str]:
    """One signed POST: (taken, HTTP status, error). Raises AddressRefused when the host
    resolves to an address webhooks may not go to (see addresses)."""
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
        if isinstance(reason, addresses.AddressRefused):
            raise reason from None
        return False, None, f"{type(error).__name__}: {reason}"[:500]
    if 200 <= code < 300:
        return True, code, ""
    return False, code, f"HTTP {code}"


def claim(delivery_id: int, attempt: int) -> Delivery | None:
    """Takes attempt number ``attempt``, or None when it is not this task's to make."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
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
        # Look-up, connect, TLS and the answer may each take up to TIMEOUT; an attempt that
        # outlives this is taken over (and its late outcome ignored: see settle).
        delivery.sending_until = now + dt.timedelta(seconds=6 * TIMEOUT)
        delivery.save(update_fields=["status", "attempts", "sending_until", "updated_at"])
    return delivery


@transaction.atomic
def settle(
    delivery_id: int,
    attempt: int,
    taken: bool,
    code: int | None,
    error: str,
    *,
    final: bool = False,
) -> str:
    """Records attempt ``attempt``; a failure before the last attempt is tried again after a
    wait, unless it is ``final`` (trying again would only fail the same way). An attempt that
    outlived its claim, and was taken over by the next one, records nothing."""
    delivery = (
        Delivery.objects.select_for_update()
        .filter(pk=delivery_id, attempts=attempt, status=DeliveryStatus.SENDING)
        .first()
    )
    if delivery is None:
        return "superseded"
    now = timezone.now()
    delivery.response_code = code
    delivery.sending_until = None
    delivery.last_error = error
    if taken:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif final or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        later = deliver.using(run_after=delivery.next_attempt_at)
        after_commit(later.enqueue, delivery.pk, delivery.attempts + 1)
    delivery.save()
    return delivery.status


@task(queue_name="default")
def deliver(delivery_id: int, attempt: int) -> str:
    """Makes attempt number ``attempt`` of one delivery. Safe to run twice."""
    delivery = claim(delivery_id, attempt)
    if delivery is None:
        return "skipped"
    try:
        taken, code, error = post(delivery)
    except addresses.AddressRefused as refused:
        # The name now points into a private network: no POST, and no automatic retry. The
        # coordinator sees why and can press "retry now" once the DNS is right again.
        return settle(delivery.pk, attempt, False, None, str(refused)[:500], final=True)
    return settle(delivery.pk, attempt, taken, code, error)


def requeue_stalled(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check (``RENKEI_PERIODIC``): a delivery still "sending" after its claim ran
    out lost its worker mid-POST (the process was killed, the machine restarted), and no task is
    left to record or retry it. Its attempt counts as made — the POST may have gone out, and
    the receiver deduplicates on X-Renkei-Delivery — so the next attempt is queued at once, or
    the delivery fails if that was the last one. Safe to run as often as one likes."""
    now = now or timezone.now()
    stalled = Delivery.objects.filter(status=DeliveryStatus.SENDING, sending_until__lt=now)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    for delivery_id in stalled.values_list("pk", flat=True)[:500]:
        outcome = _requeue(delivery_id, now)
        if outcome:
            counts[outcome] += 1
    # A pending delivery long past its time lost its task (the queue's write failed after the
    # event was saved, or the endpoint was off when it ran): queue its next attempt again. A
    # second task for the same attempt finds it taken and does nothing.
    forgotten = Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        endpoint__active=True,
        next_attempt_at__lt=now - LOST_AFTER,
    ).values_list("pk", "attempts")
    for delivery_id, attempts in forgotten[:500]:
        # Moved on first, so that a worker that is down does not get a copy every minute.
        moved = Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, attempts=attempts
        ).update(next_attempt_at=now)
        if moved:
            deliver.enqueue(delivery_id, attempts + 1)
            counts["resent"] += 1
    return counts


@transaction.atomic
def _requeue(delivery_id: int, now: dt.datetime) -> str | None:
    delivery = (
        Delivery.objects.select_for_update()
        .filter(pk=delivery_id, status=DeliveryStatus.SENDING, sending_until__lt=now)
        .first()
    )
    if delivery is None:
        return None  # settled, or requeued by another check, meanwhile
    delivery.sending_until = None
    delivery.last_error = "The worker stopped while sending this delivery."
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        outcome = "failed"
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now
        after_commit(deliver.enqueue, delivery.pk, delivery.attempts + 1)
        outcome = "requeued"
    delivery.save(
        update_fields=["status", "sending_until", "last_error", "next_attempt_at", "updated_at"]
    )
    audit(
        "webhook.requeue" if outcome == "requeued" else "webhook.gave_up",
        obj=delivery.endpoint,
        group=delivery.endpoint.group,
        summary=f"{delivery.event} {delivery.event_id}",
        attempts=delivery.attempts,
    )
    return outcome
