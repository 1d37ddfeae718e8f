"""Login throttling with django-axes (configured in settings, ``AXES_*``).

Two limits, both over the cool-off time: ``AXES_FAILURE_LIMIT`` wrong passwords for one
username from one address lock that pair, and ``RENKEI_LOGIN_ADDRESS_FAILURE_LIMIT`` (higher)
failures from one address across all usernames lock the address — someone trying a few
passwords each on many accounts. Axes itself knows one limit for all its lockout parameters,
so ``LoginAttempts`` scales the per-address count onto it. A lock on a username alone is not
used: anyone could then lock a person out from anywhere.
"""

import ipaddress
import math
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renkei.core.request_context import request_address


def _failures(attempts: QuerySet[Any]) -> int:
    total: int | None = attempts.aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


class LoginAttempts(AxesDatabaseHandler):
    """Axes' database handler (shared by every process) with the per-address limit.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "ip_address"]``: the attempt
    querysets come in that order.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_person, per_address = self.get_user_attempts(request, credentials)
        person_limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = int(settings.RENKEI_LOGIN_ADDRESS_FAILURE_LIMIT)
        # Axes locks when this reaches AXES_FAILURE_LIMIT; the address's share reaches it
        # exactly when the address's own count reaches its (higher) limit.
        scaled = _failures(per_address) * person_limit // address_limit
        return max(_failures(per_person), scaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful login clears that person's failures from that address only: one good
        password must not wipe the address's count of failures on other accounts."""
        per_person = self.filter_user_attempts(request, credentials)[0]
        deleted: int = per_person.delete()[0]
        return deleted


def client_ip(request: HttpRequest) -> str | None:
    """The address axes counts, by the same proxy rule as every other limit, or None for a
    request without one (a test's bare request). An IPv6 client holds a whole /64, so it is
    counted by the network's first address: axes stores a real IP address (PostgreSQL's
    column refuses a network such as ``2001:db8::/64``)."""
    address = request_address(request)
    if address is None:
        return None
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return address


def cool_off() -> timedelta:
    value = get_cool_off()
    return value if value is not None else timedelta(minutes=15)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked login: a polite page in the person's language, status 429."""
    seconds = int(cool_off().total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
