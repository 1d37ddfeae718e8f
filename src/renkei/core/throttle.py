"""Rate limits on what anyone can do without an account (the inquiry window, password reset …).

Counts live in the database (``ThrottleCount``), not in a per-process cache, so that every web
process and worker agrees; django-ratelimit refuses the database cache as not atomic, and a
shared memory cache (Redis, memcached) is more than the default profile runs. Each count is one
row per (scope, hashed key, window) incremented with a single UPDATE, so two processes never
lose a hit.

The limit is a sliding window estimated from two fixed windows (the previous window's count,
weighted by how much of it still overlaps the last ``seconds``, plus the current count): it
does not let a client double its rate at a window boundary as a plain fixed window would.

Limits are named and configured in ``settings.RENKEI_RATE_LIMITS`` as ``"N/period"`` —
``10/h``, ``5/10m``, ``100/d``, ``3/30s`` — overridable from the environment
(``RENKEI_RATE_LIMITS="inquiry_address=20/h,ack_recipient=10/d"``).
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.models import ThrottleCount
from renkei.core.request_context import request_address

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """At most ``count`` times in any ``seconds``."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = _RATE.match(text)
        if match is None:
            raise ValueError(f"not a rate like '10/h' or '5/10m': {text!r}")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * _UNITS[unit])


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: whether it may go on, and when to try again if not."""

    allowed: bool
    retry_after: int
    used: int
    limit: int


def rate(name: str) -> Rate:
    """The configured rate of a named limit (``settings.RENKEI_RATE_LIMITS``)."""
    return Rate.parse(settings.RENKEI_RATE_LIMITS[name])


def hashed(value: str) -> str:
    """Addresses and e-mails are counted, never stored: a keyed hash is enough to tell them
    apart and says nothing about them once the key (SECRET_KEY) is not known."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:64]


def client_address(request: HttpRequest) -> str:
    """The address a rate limit counts: the client's (behind ``RENKEI_TRUSTED_PROXIES``, by the
    rule of ``request_context.request_address``), an IPv6 client by the /64 it usually holds."""
    remote = request_address(request)
    if remote is None:
        return str(request.META.get("REMOTE_ADDR") or "")[:64] or "unknown"
    address = ipaddress.ip_address(remote)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def check(scope: str, key: str, limit: Rate, *, increment: bool = True) -> Verdict:
    """Counts one hit of ``key`` in ``scope`` (unless ``increment`` is false) and tells whether
    it stays within ``limit``. The key is hashed here; pass the address or e-mail as it is."""
    now = time.time()
    window = int(now // limit.seconds)
    digest = hashed(key)
    if increment:
        _increment(scope, digest, window, limit.seconds)
    counts = dict(
        ThrottleCount.objects.filter(
            scope=scope, key=digest, window__in=[window - 1, window]
        ).values_list("window", "count")
    )
    elapsed = now - window * limit.seconds
    overlap = 1 - elapsed / limit.seconds
    used = counts.get(window - 1, 0) * overlap + counts.get(window, 0)
    allowed = used <= limit.count
    retry_after = 0 if allowed else _wait(counts, window, limit, elapsed)
    return Verdict(allowed, retry_after, math.ceil(used), limit.count)


def _wait(counts: dict[int, int], window: int, limit: Rate, elapsed: float) -> int:
    """Seconds until the estimate falls back within the limit (at most one window)."""
    previous, current = counts.get(window - 1, 0), counts.get(window, 0)
    if previous and current <= limit.count:
        # previous * (1 - (elapsed + t) / seconds) + current <= limit
        t = limit.seconds * (1 - (limit.count - current) / previous) - elapsed
        return max(1, math.ceil(t))
    return max(1, math.ceil(limit.seconds - elapsed))


def _increment(scope: str, digest: str, window: int, seconds: int) -> None:
    rows = ThrottleCount.objects.filter(scope=scope, key=digest, window=window)
    if rows.update(count=F("count") + 1):
        return
    expires = timezone.now() + dt.timedelta(seconds=2 * seconds)
    try:
        with transaction.atomic():
            ThrottleCount.objects.create(
                scope=scope, key=digest, window=window, count=1, expires_at=expires
            )
    except IntegrityError:  # another process made the row first
        rows.update(count=F("count") + 1)


def reset(scope: str, key: str) -> None:
    """Forgets the counts of one key (e.g. a successful login clears its failures)."""
    ThrottleCount.objects.filter(scope=scope, key=hashed(key)).delete()


def purge_expired() -> dict[str, int]:
    """Periodic (``renkei tick``): drops windows no check reads any more."""
    deleted, _kinds = ThrottleCount.objects.filter(expires_at__lt=timezone.now()).delete()
    return {"deleted": deleted}


def too_many_page(
    request: HttpRequest, verdict: Verdict, *, group: Any = None, back: str = ""
) -> HttpResponse:
    """The polite answer of a web page over its limit: 429 with Retry-After. With ``group``,
    the page gives the group's address for what cannot wait; ``back`` is the form's page."""
    context = {"minutes": max(1, math.ceil(verdict.retry_after / 60)), "group": group}
    response = render(request, "429.html", context | {"back": back}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def too_many_json(verdict: Verdict) -> JsonResponse:
    """The API's answer over a limit: 429 with Retry-After and the documented error body."""
    detail = _("Too many requests. Please try again in %(seconds)s seconds.") % {
        "seconds": verdict.retry_after
    }
    response = JsonResponse({"detail": detail, "errors": {}}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response
