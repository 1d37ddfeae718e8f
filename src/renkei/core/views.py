"""Views that belong to no domain: health check and language switch support."""

import threading
from typing import Any

from django.core.files.storage import default_storage
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse

from renkei.core.heartbeat import worker_and_queue

# A bucket that does not answer within this makes /healthz say so, rather than hold the load
# balancer's probe (and a web thread) for botocore's default minute and its retries.
STORAGE_TIMEOUT_SECONDS = 2.0
_clients: dict[tuple[object, ...], Any] = {}
_clients_lock = threading.Lock()


def _bucket_client(storage: Any) -> Any:
    """An S3 client of the storage's own endpoint, keys and addressing, with a short timeout
    and no retry; one per process and storage (making one takes longer than the check)."""
    from botocore.config import Config

    key = (storage.endpoint_url, storage.bucket_name, storage.access_key, storage.region_name)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            quick = Config(
                connect_timeout=STORAGE_TIMEOUT_SECONDS,
                read_timeout=STORAGE_TIMEOUT_SECONDS,
                retries={"total_max_attempts": 1},
            )
            client = storage._create_session().client(
                "s3",
                region_name=storage.region_name,
                use_ssl=storage.use_ssl,
                endpoint_url=storage.endpoint_url,
                verify=storage.verify,
                config=storage.client_config.merge(quick),
            )
            _clients[key] = client
    return client


def _storage_status() -> tuple[str, str | None]:
    """Where uploaded files go and whether they can: "files" (the data dir), or "ok" once the S3
    bucket answers a HEAD with our keys; any error, a timeout included, is a reason for 503."""
    from storages.backends.s3 import S3Storage

    storage: Any = default_storage  # the lazy object answers isinstance for what it wraps
    if not isinstance(storage, S3Storage):
        return "files", None
    try:
        _bucket_client(storage).head_bucket(Bucket=storage.bucket_name)
    except Exception as exc:  # unreachable, refused, timed out, no such bucket, bad keys
        name = exc.__class__.__name__
        return (
            f"error: {name}",
            f"object storage: bucket {storage.bucket_name} unreachable ({name})",
        )
    return "ok", None


def _database_status() -> tuple[dict[str, str], list[str]]:
    """``SELECT 1`` on every configured database: its status by alias, and the reasons."""
    status, reasons = {}, []
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            status[alias] = "ok"
        except Exception as exc:  # any DB failure means unhealthy, whatever its class
            status[alias] = f"error: {exc.__class__.__name__}"
            reasons.append(f"database {alias}: {exc.__class__.__name__}")
    return status, reasons


def _answer(body: dict[str, object], reasons: list[str]) -> JsonResponse:
    if reasons:
        return JsonResponse({"status": "error", "reason": "; ".join(reasons)} | body, status=503)
    return JsonResponse({"status": "ok"} | body)


def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 whenever this process answers; it reads nothing. A supervisor that
    restarts a process on failure probes this one: restarting every web process fixes neither a
    database outage nor a bucket that does not answer, it only adds to the outage."""
    return JsonResponse({"status": "ok"})


def _readiness() -> tuple[dict[str, object], list[str]]:
    """The databases and the object storage: what a process needs to serve a request."""
    status, reasons = _database_status()
    body: dict[str, object] = {"databases": status}
    body["storage"], storage_reason = _storage_status()
    if storage_reason:
        reasons.append(storage_reason)
    return body, reasons


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when this process can serve, i.e. every database and the object storage
    (when files go to S3) answer; 503 with the reason otherwise. A load balancer probes this
    one to choose where to send requests. The worker's backlog is not part of it: a slow task
    worker is no reason to take web processes out of service (/healthz reports it)."""
    return _answer(*_readiness())


def healthz(request: HttpRequest) -> JsonResponse:
    """Health of the whole platform, for monitoring: 200 when the app answers, every
    configured database does too, the object storage's bucket (when files go to S3) answers,
    and the task worker keeps up; 503 with the reason otherwise. Reads only: a load balancer
    may probe it every second.

    The worker "keeps up" unless a due task has waited longer than RENKEI_HEALTH_MAX_TASK_AGE,
    or tasks wait and no worker's heartbeat is fresh. No task waiting and no worker is healthy:
    nothing is being kept from anyone (a web-only test server, a quiet night).
    """
    body, reasons = _readiness()
    databases: Any = body["databases"]
    if all(state == "ok" for state in databases.values()):
        try:
            health = worker_and_queue()
        except DatabaseError as exc:  # a queue database that answers SELECT 1 but not this
            reasons.append(f"task queue unreadable: {exc.__class__.__name__}")
        else:
            body |= health.as_json()
            reasons += health.reasons
    return _answer(body, reasons)
