"""Mail tasks that fail are retried until they are sent, and sent once."""

import uuid

import pytest
from aiosmtpd.controller import Controller
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from renkei.conftest_helpers import CUSTOMER, Inbox, free_port, run_worker
from renkei.core.models import AuditEntry, TaskRetry
from renkei.core.retry import retry_tasks
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry

HEADER = CUSTOMER


class FlakyInbox(Inbox):
    """A mail server that answers "try again later" to the first ``failures`` messages."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 Temporary failure, try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky(settings):
    def start(failures: int) -> FlakyInbox:
        inbox = FlakyInbox(failures)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        return inbox

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def _submit(group) -> Inquiry:
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    return inquiry


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_refused_mail_is_retried_and_then_sent_once(group, flaky, settings):
    settings.RENKEI_TASK_RETRY_BACKOFF = [0, 0, 0]
    inbox = flaky(failures=2)
    inquiry = _submit(group)
    run_worker()
    assert inbox.messages == []
    assert DBTaskResult.objects.failed().count() == 1

    assert retry_tasks() == {"reaped": 0, "retried": 1}
    assert retry_tasks() == {"reaped": 0, "retried": 0}  # the same failure is retried once
    run_worker()  # attempt 2 is refused too
    assert retry_tasks()["retried"] == 1
    run_worker()  # attempt 3 goes through

    assert [to for to, _body in inbox.messages] == [["taro@rocket.example"]]
    assert TaskRetry.objects.order_by("attempt").values_list("attempt", flat=True)[::1] == [2, 3]
    inquiry.refresh_from_db()
    assert inquiry.acknowledged_at is not None
    assert retry_tasks()["retried"] == 0
    run_worker()
    assert len(inbox.messages) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_retries_stop_after_the_last_attempt_and_are_audited(group, flaky, settings):
    settings.RENKEI_TASK_RETRY_BACKOFF = [0]
    inbox = flaky(failures=10)
    _submit(group)
    run_worker()
    assert retry_tasks()["retried"] == 1
    run_worker()
    assert retry_tasks()["retried"] == 0
    assert inbox.messages == []
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
