"""Mail tasks that fail (or whose worker died) are retried until their mail is filed, once."""

import uuid

import pytest
from django.db import OperationalError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from renkei.conftest_helpers import CUSTOMER, run_worker
from renkei.core.models import AuditEntry, TaskRetry
from renkei.core.retry import retry_tasks
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry

HEADER = CUSTOMER


@pytest.fixture
def locked_outbox(monkeypatch):
    """The first ``n`` mail filings fail as a busy database does ("database is locked"): the
    task that files the mail fails, and is the kind of failure core.retry is for now that SMTP
    errors stay inside the outbox."""
    import renkei.inquiries.tasks as inquiry_tasks

    real = inquiry_tasks.put
    left = [0]

    def put(*args, **kwargs):
        if left[0] > 0:
            left[0] -= 1
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(inquiry_tasks, "put", put)

    def fail(n: int) -> None:
        left[0] = n

    return fail


def _submit(group) -> Inquiry:
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    return inquiry


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_failed_mail_task_is_retried_and_then_sent_once(group, locked_outbox, smtp, settings):
    settings.RENKEI_TASK_RETRY_BACKOFF = [0, 0, 0]
    locked_outbox(2)
    inquiry = _submit(group)
    run_worker()
    assert smtp.messages == []
    assert DBTaskResult.objects.failed().count() == 1

    assert retry_tasks() == {"reaped": 0, "retried": 1}
    assert retry_tasks() == {"reaped": 0, "retried": 0}  # the same failure is retried once
    run_worker()  # attempt 2 fails too
    assert retry_tasks()["retried"] == 1
    run_worker()  # attempt 3 goes through

    assert [to for to, _body in smtp.messages] == [["taro@rocket.example"]]
    assert TaskRetry.objects.order_by("attempt").values_list("attempt", flat=True)[::1] == [2, 3]
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is not None
    assert retry_tasks()["retried"] == 0
    run_worker()
    assert len(smtp.messages) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_retries_stop_after_the_last_attempt_and_are_audited(group, locked_outbox, smtp, settings):
    settings.RENKEI_TASK_RETRY_BACKOFF = [0]
    locked_outbox(10)
    _submit(group)
    run_worker()
    assert retry_tasks()["retried"] == 1
    run_worker()
    assert retry_tasks()["retried"] == 0
    assert smtp.messages == []
    assert TaskRetry.objects.filter(gave_up=True).count() == 1
    assert AuditEntry.objects.filter(action="task.gave_up").count() == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_run_left_running_by_a_dead_worker_is_retried(group, smtp, settings):
    settings.RENKEI_TASK_RETRY_BACKOFF = [0]
    settings.RENKEI_TASK_STALE_SECONDS = 0
    _submit(group)
    # A worker claimed the task and died before it finished.
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at="2026-01-05T00:00Z")
    # Both of the inquiry's mail tasks (customer, coordinators) had been claimed.
    assert retry_tasks() == {"reaped": 2, "retried": 2}
    run_worker()
    assert [to for to, _body in smtp.messages] == [["taro@rocket.example"]]
