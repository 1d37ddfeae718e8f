"""A mail server that hangs, then one that is down, then back: nobody waits, each mail goes once.

Real processes: `renkei serve` (web server, worker, periodic checks) on SQLite files of its own,
a listener that accepts SMTP connections and never answers, then nothing at all on the port,
then a real SMTP server there. Customers send inquiries through the public API meanwhile.
"""

import concurrent.futures
import sqlite3
import time
from pathlib import Path

from renkei.conftest_helpers import STEP_BYTES
from renkei.lib.liveserver import (
    BlackHoleSMTP,
    Server,
    SMTPServer,
    customer_inquiry,
    free_port,
    migrate,
    post_inquiry,
    renkei,
    renkei_env,
)

SETUP = """
from django.contrib.auth import get_user_model
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Region
from renkei.orgs.services import grant_role

region = Region.objects.create(name="地域", slug="r")
group = Group.objects.create(region=region, name="試作ネット", slug="g")
alice = get_user_model().objects.create_user(username="alice", email="alice@example.com")
grant_role(actor=None, user=alice, group=group, role=PersonRole.COORDINATOR)
"""
INQUIRIES = 12


def _send(url: str, n: int) -> tuple[int, float]:
    started = time.monotonic()
    status, _answer = post_inquiry(url, "g", customer_inquiry(n), [(f"shaft{n}.step", STEP_BYTES)])
    return status, time.monotonic() - started


def _outbox(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "renkei.sqlite3") as db:
        rows = db.execute("SELECT status, count(*) FROM outbox_outgoingmail GROUP BY status")
        return dict(rows.fetchall())


def _wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def test_a_hanging_then_absent_mail_server_blocks_nobody_and_each_mail_goes_once(tmp_path):
    port = free_port()
    env = renkei_env(
        tmp_path,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_TIMEOUT="3",
        RENKEI_TICK_SECONDS="1",
        RENKEI_OUTBOX_STALE_SECONDS="2",
        RENKEI_MAIL_PAUSE_SECONDS="2",
        RENKEI_MAIL_RETRY_BACKOFF="1,1,1",
        RENKEI_RATE_LIMITS="inquiry_address=1000/h,upload_address=1000/h,ack_recipient=100/d",
    )
    migrate(env)
    renkei(env, "shell", "-c", SETUP)
    hole = BlackHoleSMTP(port).start()
    server = Server(env).start()
    try:
        # The mail server takes every connection and says nothing: before the outbox, each
        # mail task held the main database's write lock for the whole wait, and customers
        # got "database is locked".
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda n: _send(server.url, n), range(INQUIRIES)))
        assert [status for status, _s in answers] == [201] * INQUIRIES, server.log()[-3000:]
        # Nobody waited for the mail server (3 s timeout per attempt, one worker).
        assert max(seconds for _status, seconds in answers) < 3, answers
        assert _wait_for(lambda: hole.connections >= 1, 30), "the worker never tried to send"
        time.sleep(4)  # a few attempts hang and time out
        hole.stop()
        # Now nothing listens at all: refused at once; the outbox keeps the mail waiting.
        status, _seconds = _send(server.url, INQUIRIES)
        assert status == 201
        time.sleep(3)
        assert _outbox(tmp_path).get("sent", 0) == 0

        smtp = SMTPServer(port).start()
        try:
            expected = 2 * (INQUIRIES + 1)  # each customer's acknowledgement, alice's notice
            arrived = _wait_for(lambda: smtp.mailbox.count() >= expected, 90)
            time.sleep(3)  # anything sent twice would arrive by now
            assert arrived, (smtp.mailbox.count(), _outbox(tmp_path), server.log()[-3000:])
            ids = smtp.mailbox.message_ids()
            assert len(ids) == expected and len(set(ids)) == expected
            to = sorted(rcpt for rcpts, _raw in smtp.mailbox.messages for rcpt in rcpts)
            customers = sorted(f"taro{n}@rocket.example" for n in range(INQUIRIES + 1))
            assert to == ["alice@example.com"] * (INQUIRIES + 1) + customers
            assert _outbox(tmp_path) == {"sent": expected}
        finally:
            smtp.stop()
        status, seconds = _send(server.url, INQUIRIES + 1)
        assert status == 201 and seconds < 3
    finally:
        server.stop()
        if hole.running:
            hole.stop()
