"""Views that belong to no domain: health check and language switch support."""

from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse

from renkei.core.heartbeat import worker_and_queue


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app answers, every configured database does too, and the task worker keeps
    up; 503 with the reason otherwise. Reads only: a load balancer may probe it every second.

    The worker "keeps up" unless a due task has waited longer than RENKEI_HEALTH_MAX_TASK_AGE,
    or tasks wait and no worker's heartbeat is fresh. No task waiting and no worker is healthy:
    nothing is being kept from anyone (a web-only test server, a quiet night).
    """
    status = {}
    reasons = []
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            status[alias] = "ok"
        except Exception as exc:  # any DB failure means unhealthy, whatever its class
            status[alias] = f"error: {exc.__class__.__name__}"
            reasons.append(f"database {alias}: {exc.__class__.__name__}")
    body: dict[str, object] = {"databases": status}
    if not reasons:
        try:
            health = worker_and_queue()
        except DatabaseError as exc:  # a queue database that answers SELECT 1 but not this
            reasons.append(f"task queue unreadable: {exc.__class__.__name__}")
        else:
            body |= health.as_json()
            reasons += health.reasons
    if reasons:
        return JsonResponse({"status": "error", "reason": "; ".join(reasons)} | body, status=503)
    return JsonResponse({"status": "ok"} | body)
