"""/healthz: the databases, the worker's heartbeat and the tasks waiting for it."""

import contextlib
import datetime as dt
import re
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from renkei.accounts.tasks import send_password_reset
from renkei.core.models import WorkerHeartbeat
from renkei.imports.tasks import run_import

pytestmark = pytest.mark.django_db(databases="__all__")


def _beat(seconds_ago: float, worker_id: str = "w1") -> WorkerHeartbeat:
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="app1",
        pid=4242,
        started_at=now - dt.timedelta(hours=1),
        seen_at=now - dt.timedelta(seconds=seconds_ago),
    )


def _ended_pid() -> int:
    """The pid of a process that has come and gone (as a SIGKILLed worker's)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def _waiting_mail(seconds_ago: float = 0) -> str:
    """A mail task enqueued ``seconds_ago`` that no worker has taken yet."""
    result = send_password_reset.enqueue(0, "ja")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )
    return str(result.id)


def test_no_task_and_no_worker_is_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["worker"] == {"live": 0, "heartbeat_age_s": None}
    assert body["tasks"] == {"waiting": 0, "oldest_age_s": None, "queues": {}}


def test_reports_live_workers_and_the_backlog_per_queue(client):
    _beat(3, "w1")
    _beat(120, "w-dead")  # not live, but not the freshest either
    _waiting_mail(40)
    _waiting_mail(5)
    run_import.enqueue(12345)

    response = client.get("/healthz")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["worker"]["live"] == 1
    assert 3 <= body["worker"]["heartbeat_age_s"] < 10
    assert body["tasks"]["waiting"] == 3
    assert 40 <= body["tasks"]["oldest_age_s"] < 50
    assert body["tasks"]["queues"]["mail"]["waiting"] == 2
    assert body["tasks"]["queues"]["default"]["waiting"] == 1


def test_a_task_waiting_longer_than_the_limit_answers_503(client, settings):
    settings.RENKEI_HEALTH_MAX_TASK_AGE = 300
    _beat(2)  # a worker is alive, but it does not keep up
    _waiting_mail(301)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert "waiting, the oldest for 301 s (limit 300 s)" in body["reason"]
    assert body["databases"]["default"] == "ok"


def test_tasks_waiting_with_no_fresh_heartbeat_answer_503(client):
    _beat(61)
    _waiting_mail(1)

    response = client.get("/healthz")

    assert response.status_code == 503
    # 61 s, or a little more when a loaded machine took its time to answer.
    seen = re.search(
        r"1 task\(s\) waiting and no worker seen for (\d+) s", response.json()["reason"]
    )
    assert seen is not None and 61 <= int(seen.group(1)) <= 120


def test_tasks_waiting_and_no_worker_ever_answer_503(client):
    _waiting_mail(0)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "no worker has ever been seen" in response.json()["reason"]


def test_only_due_tasks_wait_and_a_delayed_one_waits_from_when_it_fell_due(client):
    now = timezone.now()
    later = send_password_reset.using(run_after=now + dt.timedelta(minutes=5)).enqueue(0, "ja")
    retried = send_password_reset.using(run_after=now - dt.timedelta(seconds=20)).enqueue(0, "ja")
    DBTaskResult.objects.filter(pk__in=[later.id, retried.id]).update(
        enqueued_at=now - dt.timedelta(hours=2)
    )
    finished = _waiting_mail(900)
    DBTaskResult.objects.filter(pk=finished).update(status=TaskResultStatus.SUCCESSFUL)
    _beat(1)

    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["tasks"]["waiting"] == 1  # the retry now due; not the delayed, not the done
    assert 20 <= body["tasks"]["oldest_age_s"] < 30  # from its run_after, not its enqueue


def test_healthz_only_reads_in_a_few_queries(client):
    _beat(1)
    _waiting_mail(1)
    with contextlib.ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        assert client.get("/healthz").status_code == 200
    statements = [q["sql"] for c in captured for q in c.captured_queries]
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements), statements
    # SELECT 1 on each database, then the heartbeats and the backlog.
    assert len(statements) == len(captured) + 2, statements


# Outside a test transaction: the worker closes its connections between tasks, as it should,
# which on PostgreSQL would close the test's transaction under it.
@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_worker_forgets_dead_workers_here_and_removes_its_own_row_when_it_stops():
    _waiting_mail(0)
    elsewhere = _beat(7200, "other-machine")  # its pid cannot be checked from here
    here = WorkerHeartbeat.objects.create(
        worker_id="killed-here",
        hostname=socket.gethostname(),
        pid=_ended_pid(),
        started_at=timezone.now(),
        seen_at=timezone.now(),
    )

    call_command("worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")

    assert not DBTaskResult.objects.ready().exists()
    left = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    assert left == {elsewhere.worker_id}, f"{here.worker_id} and this run's own row are gone"


def _s3_storages(settings, endpoint: str, bucket: str = "renkei") -> None:
    """Uploaded files to an S3 bucket at ``endpoint`` (the settings `RENKEI_S3_*` would give)."""
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "access_key": "renkei-local",
                "secret_key": "renkei-local-secret",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        }
    }


def test_files_on_the_data_dir_need_no_bucket(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["storage"] == "files"


def test_a_bucket_nobody_listens_for_answers_503_at_once(client, settings):
    from renkei.lib.liveserver import free_port

    _s3_storages(settings, f"http://127.0.0.1:{free_port()}")  # connection refused

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["storage"] == "error: EndpointConnectionError"
    assert "object storage: bucket renkei unreachable" in body["reason"]
    assert body["databases"]["default"] == "ok"  # the rest is still reported


def test_a_bucket_that_never_answers_answers_503_within_the_timeout(client, settings):
    from renkei.core.views import STORAGE_TIMEOUT_SECONDS
    from renkei.lib.liveserver import BlackHoleSMTP

    silent = BlackHoleSMTP().start()  # accepts the connection and never says a word
    try:
        _s3_storages(settings, f"http://127.0.0.1:{silent.port}")
        started = time.monotonic()
        response = client.get("/healthz")
        took = time.monotonic() - started
    finally:
        silent.stop()

    assert response.status_code == 503
    assert response.json()["storage"] == "error: ReadTimeoutError"
    assert took < 2 * STORAGE_TIMEOUT_SECONDS + 1  # one attempt, no retries


def test_livez_answers_without_reading_anything(client):
    _waiting_mail(10_000)  # a backlog that makes /healthz 503
    with contextlib.ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert [q["sql"] for c in captured for q in c.captured_queries] == []
    assert client.get("/healthz").status_code == 503


def test_readyz_reads_the_databases_and_the_storage_not_the_worker(client):
    _waiting_mail(10_000)  # no worker keeps up: unhealthy, but this process can still serve
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "databases": body["databases"], "storage": "files"}
    assert set(body["databases"].values()) == {"ok"}
    assert client.get("/healthz").status_code == 503


def test_readyz_answers_503_when_the_bucket_does_not(client, settings):
    from renkei.lib.liveserver import free_port

    _s3_storages(settings, f"http://127.0.0.1:{free_port()}")  # connection refused

    response = client.get("/readyz")

    assert response.status_code == 503
    assert "object storage: bucket renkei unreachable" in response.json()["reason"]
    assert client.get("/livez").status_code == 200  # the process itself is fine


def test_probes_are_not_sent_to_the_second_factor(client, django_user_model):
    # An operator signed in without a second factor is sent to set one up on every page …
    operator = django_user_model.objects.create_user("probe-admin", is_staff=True)
    client.force_login(operator)
    assert client.get("/").status_code == 302
    for path in ("/livez", "/readyz", "/healthz"):  # … but not from the probes
        assert client.get(path).status_code == 200, path
