"""A full disk or a database too busy to write answers 503 "try again in a few minutes", never a
500: nothing is saved by such a request (its transaction rolls back), and nothing saved before is
touched, so the honest answer is that the request should simply be sent again later.

What counts: an OSError with ENOSPC or EDQUOT (a drawing written to a full disk), SQLite's
"database or disk is full", "disk I/O error" (what SQLite says when a full disk leaves no room
for its -wal and -shm files as a connection opens: then even a read fails) and "database is
locked" (the busy timeout ran out), PostgreSQL's disk_full (SQLSTATE 53100). The cause may sit
anywhere in the exception's chain. Each is logged as an error: an operator must hear of it.

Two ways in, one answer: ``UnavailableMiddleware`` catches what a view raises, and
``server_error`` (the ``handler500``) what a middleware raises (a session saved after the view,
a form body spooled to a full temporary directory). The API's own views are answered by the
API's handlers (renkei.api.v1), in the same shape: ``{detail, errors}`` with status 503.
"""

import errno
import logging
import sqlite3
import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("renkei.unavailable")

# Seconds a client is asked to wait: "a few minutes" for a person, a hint for a program.
RETRY_AFTER = 120

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_MESSAGES = ("database or disk is full", "disk i/o error", "database is locked")
_POSTGRES_DISK_FULL = "53100"


def cause_of(exc: BaseException | None) -> BaseException | None:
    """The exception in ``exc``'s chain that makes the request worth retrying later, or None."""
    seen: set[int] = set()
    current = exc
    while current is not None and id(current) not in seen and len(seen) < 20:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return current
        if isinstance(current, OperationalError | sqlite3.OperationalError):
            text = str(current).lower()
            if any(message in text for message in _SQLITE_MESSAGES):
                return current
        if getattr(current, "sqlstate", None) == _POSTGRES_DISK_FULL:
            return current
        current = current.__cause__ or current.__context__
    return None


def is_unavailable(exc: BaseException | None) -> bool:
    return cause_of(exc) is not None


def log(request: HttpRequest, exc: BaseException) -> None:
    # An operator must hear of a full disk even though the visitor only sees "try again".
    logger.error(
        "Could not save (503): %s %s: %r",
        request.method,
        request.path,
        cause_of(exc),
        exc_info=(type(exc), exc, exc.__traceback__),
    )


def api_body() -> dict[str, object]:
    from django.utils.translation import gettext

    from renkei.api import errors

    detail = gettext(
        "Nothing could be saved just now; nothing sent before was lost. "
        "Please try again in a few minutes."
    )
    return errors.body(detail)


def page(request: HttpRequest) -> HttpResponse:
    """The polite page: standalone (no context processors, which would read the database that
    may be what fails), Japanese first with English after, as the other error pages."""
    html = loader.render_to_string("503.html", {"was_post": request.method == "POST"})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def answer(request: HttpRequest) -> HttpResponse:
    """The 503 for ``request``: JSON in the API's shape under /api/, the page elsewhere."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            api_body(), status=503, json_dumps_params={"ensure_ascii": False}
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return page(request)


class UnavailableMiddleware:
    """Turns a full disk or a busy database raised by a view into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_unavailable(exception):
            return None
        log(request, exception)
        return answer(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django calls it while the exception is being handled, so the exception
    is at hand; a full disk or a busy database gets the 503 answer, anything else Django's 500."""
    exc = sys.exc_info()[1]
    if is_unavailable(exc):
        return answer(request)
    return django_server_error(request)
