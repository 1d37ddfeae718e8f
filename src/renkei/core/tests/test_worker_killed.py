"""A worker process killed while it sends: after a restart every notification is sent once.

Real processes throughout: `renkei db_worker` in its own process against SQLite files in a
temporary data dir, a real SMTP server here, SIGKILL in the middle of an SMTP conversation.
"""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from renkei.conftest_helpers import (
    Inbox,
    free_port,
    process_env,
    run_renkei,
    sqlite_processes_only,
)
from renkei.lib.liveserver import migrate

pytestmark = sqlite_processes_only()

MEMBERS = ("m1", "m2", "m3")
SETUP = f"""
MEMBERS = {MEMBERS!r}
import uuid
from django.contrib.auth import get_user_model
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Region
from renkei.orgs.services import create_company, grant_role
from renkei.inquiries.services import submit_inquiry
from renkei.inquiries.referrals import refer

region = Region.objects.create(name="地域", slug="r")
group = Group.objects.create(region=region, name="試作ネット", slug="g")
companies = []
for name in MEMBERS:
    company = create_company(actor=None, group=group, name=name + "製作所", kana=name)
    user = get_user_model().objects.create_user(username=name, email=name + "@example.com")
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=company)
    companies.append(company)
header = {{"customer_company": "顧客", "contact_name": "客", "email": "customer@example.com",
          "title": "シャフト", "description": "図面の通り"}}
inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=header, lines=[])
refer(actor=None, inquiry=inquiry, companies=companies, reasons={{}})
"""


class StallingInbox(Inbox):
    """Holds the mail to ``m2`` unanswered until the test has killed the worker, then drops
    the connection without accepting it: the sender never finished."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()
        self.killed = threading.Event()
        self.stall = True

    async def handle_DATA(self, server, session, envelope):
        if self.stall and "m2@example.com" in envelope.rcpt_tos:
            self.stalled.set()
            import asyncio

            while not self.killed.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 Closing connection"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def stalling_smtp():
    inbox = StallingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    inbox.killed.set()
    controller.stop()


def test_after_a_killed_worker_restarts_each_mail_is_sent_exactly_once(tmp_path, stalling_smtp):
    inbox, port = stalling_smtp
    env = process_env(
        tmp_path,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        RENKEI_TASK_STALE_SECONDS="1",
        RENKEI_OUTBOX_STALE_SECONDS="1",
    )
    migrate(env)  # a copy of the run's one migrated data dir
    run_renkei(env, "shell", "-c", SETUP)
    assert Path(tmp_path, "tasks.sqlite3").exists()

    worker = subprocess.Popen(
        [sys.executable, "-m", "renkei", "db_worker", "--queue-name", "*", "--interval", "0.1",
         "--no-reload", "--no-startup-delay"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert inbox.stalled.wait(timeout=60), "the worker never reached the second member"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    inbox.stall = False
    inbox.killed.set()
    before = sorted(to[0] for to, _body in inbox.messages)
    assert before == ["customer@example.com", "m1@example.com"]

    # The dead worker's run is now older than RENKEI_TASK_STALE_SECONDS, and the mail it was
    # sending older than RENKEI_OUTBOX_STALE_SECONDS: both checks queue it again, and the
    # outbox's claim lets one of them send it.
    time.sleep(1.2)
    ticked = run_renkei(env, "tick", "--once")
    assert "'reaped': 1" in ticked
    run_renkei(
        env, "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload"
    )

    after = sorted(to[0] for to, _body in inbox.messages)
    assert after == [
        "customer@example.com", "m1@example.com", "m2@example.com", "m3@example.com"
    ]  # fmt: skip
