"""The outermost middleware: a request id, one log line per request, and the request metrics.

The id comes from ``X-Request-ID`` when a proxy (or a client) sent a plain one, else it is made
here; the response carries it back in the same header, every log line written while the
request is served carries it (core.logs), and so do the tasks it enqueues (core.tasks_backend).
First in MIDDLEWARE, so that the time measured and the status logged are what the client got,
whatever a later middleware answered (a redirect, a 503, the lockout page).
"""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from renkei.core import metrics
from renkei.core.logs import request_id_from, reset_request_id, set_request_id

logger = logging.getLogger("renkei.request")


def _view_name(request: HttpRequest) -> str:
    """The URL's name, a label of bounded number: never the path itself (it holds ids, tracking
    tokens and slugs, which would make a new time series of each)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or "unnamed"


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in person's id, never the e-mail or name (logs travel further than the
    database); only when the request already looked them up: /healthz and static files must
    not pay a session read for a log line."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and getattr(user, "_wrapped", None) is empty:
        return None
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            view = _view_name(request)
            metrics.observe(view, response.status_code, seconds)
            user_id = _user_id(request)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "user_id": user_id,
                },
            )
            return response
        finally:
            reset_request_id(token)
