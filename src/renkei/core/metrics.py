"""`/metrics` in Prometheus's text format: requests, latency, the task queue, mail, the worker.

Requests are counted by the middleware (core.request_log) as they are served; the queue, the
outbox and the worker's heartbeat are read from the databases when Prometheus scrapes, with the
same reads as `/healthz` (two on the queue, two small counts on the outbox), so a scrape every
15 s costs the server next to nothing.

The counters live in this process's memory (prometheus_client's default registry) when `renkei
serve` is one process with threads. With several web processes (`--web-processes`) each writes
its counters to a file of its own under PROMETHEUS_MULTIPROC_DIR, which serve sets and empties
at start, and a scrape sums the files: one figure for the whole server, whichever process
answers the scrape.

Never public: it tells how busy the platform is and how much mail fails. A scraper sends
``Authorization: Bearer <RENKEI_METRICS_TOKEN>``; a signed-in superuser may look in a browser;
anyone else gets a 404, as for a page that is not there.
"""

import datetime as dt
import hmac
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "renkei_http_requests",
    "HTTP requests answered, by view (URL name) and status code.",
    ["view", "status"],
)
LATENCY = Histogram(
    "renkei_http_request_duration_seconds",
    "Time from the request reaching renkei to its response, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def observe(view: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


class QueueCollector(Collector):
    """Gauges read at scrape time: due tasks waiting (and the oldest's age) per queue, mail
    waiting and failed, follow-ups not yet enqueued, the worker's heartbeat."""

    def describe(self) -> Iterator[Metric]:
        """The names, without reading anything: registering must not touch a database (it
        happens at import, before a test or a worker has one)."""
        for name in _GAUGES:
            yield GaugeMetricFamily(name, "")

    def collect(self) -> Iterator[Metric]:
        from renkei.core.heartbeat import worker_and_queue
        from renkei.outbox.models import FollowUp, MailStatus, OutgoingMail

        up = GaugeMetricFamily(
            "renkei_metrics_database_up", "1 when the queue and outbox could be read."
        )
        try:
            health = worker_and_queue()
            now = timezone.now()
            waiting_mail = OutgoingMail.objects.filter(
                status__in=[MailStatus.PENDING, MailStatus.SENDING], due_at__lte=now
            ).count()
            failed_mail = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
            stale = now - dt.timedelta(seconds=settings.RENKEI_OUTBOX_STALE_SECONDS)
            follow_ups = FollowUp.objects.filter(
                Q(run_after__isnull=True) | Q(run_after__lte=now)
            ).count()
            lost = FollowUp.objects.filter(created_at__lt=stale).count()
        except DatabaseError:
            # A scrape must not fail as a whole: the gauge says why the rest is missing.
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        depth = GaugeMetricFamily(
            "renkei_tasks_waiting", "Tasks due and waiting for a worker.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "renkei_tasks_oldest_waiting_seconds",
            "How long the oldest due task has waited for a worker.",
            labels=["queue"],
        )
        for queue in settings.TASKS["default"]["QUEUES"]:
            row = health.queues.get(queue, {})
            depth.add_metric([queue], row.get("waiting", 0))
            age.add_metric([queue], row.get("oldest_age_s", 0.0))
        yield depth
        yield age
        yield _gauge("renkei_outbox_mail_waiting", "Mail due and not yet sent.", waiting_mail)
        yield _gauge(
            "renkei_outbox_mail_failed", "Mail given up on (see the operators' admin).", failed_mail
        )
        yield _gauge(
            "renkei_outbox_followups_waiting", "Follow-up tasks not yet on the queue.", follow_ups
        )
        yield _gauge(
            "renkei_outbox_followups_lost",
            "Follow-ups older than RENKEI_OUTBOX_STALE_SECONDS (left to the periodic check).",
            lost,
        )
        yield _gauge(
            "renkei_workers_live", "Task workers seen in the last 60 s.", health.live_workers
        )
        heartbeat = GaugeMetricFamily(
            "renkei_worker_heartbeat_age_seconds",
            "Seconds since the freshest worker heartbeat (absent: no worker ever seen).",
        )
        if health.heartbeat_age is not None:
            heartbeat.add_metric([], health.heartbeat_age)
        yield heartbeat


_GAUGES = (
    "renkei_metrics_database_up",
    "renkei_tasks_waiting",
    "renkei_tasks_oldest_waiting_seconds",
    "renkei_outbox_mail_waiting",
    "renkei_outbox_mail_failed",
    "renkei_outbox_followups_waiting",
    "renkei_outbox_followups_lost",
    "renkei_workers_live",
    "renkei_worker_heartbeat_age_seconds",
)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


_collector = QueueCollector()
REGISTRY.register(_collector)


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "RENKEI_METRICS_TOKEN", "")
    given = str(request.headers.get("Authorization", ""))
    # Compared in constant time: a scraper's token is a password.
    if (
        token
        and given.startswith("Bearer ")
        and hmac.compare_digest(given.removeprefix("Bearer ").encode(), token.encode())
    ):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every web process's counters summed; the gauges read from the databases once.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_collector)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
