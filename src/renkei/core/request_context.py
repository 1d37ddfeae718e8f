"""The request being served, for code that has none passed to it (the audit log).

Service functions take an ``actor``, not a request, and should stay that way; but an audit entry
written while a request is served should say where it came from. ``CurrentRequestMiddleware``
keeps the request in a context variable for exactly as long as it is being handled, so a task
worker or a management command (no request) records no address, and one request never sees
another's, even with threads or async views.
"""

import contextvars
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

USER_AGENT_LENGTH = 300

_current: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "renkei_current_request", default=None
)


def current_request() -> HttpRequest | None:
    return _current.get()


class CurrentRequestMiddleware:
    """Early in MIDDLEWARE, so that what the later middleware writes is covered too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def request_address(request: HttpRequest) -> str | None:
    """The client's own address, or None if the request carries none that parses.

    The same proxy rule as ``throttle.client_address`` (``RENKEI_TRUSTED_PROXIES``: the entry
    that many places from the right of X-Forwarded-For, never the client-chosen left part), but
    an IPv6 address is kept whole: a rate limit counts the /64 a client holds, an audit log
    records the address itself.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "RENKEI_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def request_user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_LENGTH]
