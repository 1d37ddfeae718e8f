"""Views that belong to no domain: health check and language switch support."""

from django.db import connections
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app answers and every configured database does too."""
    status = {}
    ok = True
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            status[alias] = "ok"
        except Exception as exc:  # any DB failure means unhealthy, whatever its class
            status[alias] = f"error: {exc.__class__.__name__}"
            ok = False
    return JsonResponse(
        {"status": "ok" if ok else "error", "databases": status}, status=200 if ok else 503
    )
