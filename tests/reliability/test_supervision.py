"""`renkei serve` keeps its worker running, and `/healthz` says when the worker does not keep up.

Real processes: `renkei serve` (waitress, worker, periodic checks) in a data dir of its own, a
real SMTP server here, inquiries sent through the public API, SIGKILL and SIGSTOP to the
worker. The heartbeats and the queue are read straight from the queue's SQLite file.
"""

import json
import os
import re
import signal
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from renkei.lib.liveserver import HOST, Server, SMTPServer, migrate, renkei, renkei_env

T = TypeVar("T")
CUSTOMER = "taro@rocket.example"
SETUP = """
from renkei.orgs.models import Group, Region
region = Region.objects.create(name="地域", slug="r")
Group.objects.create(region=region, name="試作ネット", slug="g", contact_email="office@g.example")
"""

UNFINISHED = (
    "SELECT id FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
)


def _until(what: str, probe: Callable[[], T | None], timeout: float = 60) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _queue(data_dir: Path, sql: str, *params: object) -> list[Any]:
    with sqlite3.connect(f"file:{data_dir / 'tasks.sqlite3'}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()


def _heartbeat_pids(data_dir: Path) -> set[int]:
    return {pid for (pid,) in _queue(data_dir, "SELECT pid FROM core_workerheartbeat")}


def _worker_id(data_dir: Path, pid: int) -> str:
    rows = _queue(data_dir, "SELECT worker_id FROM core_workerheartbeat WHERE pid = ?", pid)
    return str(rows[0][0])


def _healthz(server: Server) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _send_inquiry(server: Server, title: str) -> int:
    data = {
        "company": "株式会社ロケット工房",
        "contact_name": "宇宙 太郎",
        "email": CUSTOMER,
        "title": title,
        "description": "図面の通り",
    }
    body = urllib.parse.urlencode({"data": json.dumps(data)}).encode()
    url = server.url + "/api/v1/groups/g/inquiries"
    request = urllib.request.Request(url, data=body)  # noqa: S310 (our own server's URL)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 201
        return int(json.load(response)["id"])


def _mails_to_customer(smtp: SMTPServer) -> int:
    with smtp.mailbox.lock:
        return sum(CUSTOMER in to for to, _raw in smtp.mailbox.messages)


def _stop_between_writes(data_dir: Path, pid: int) -> None:
    """SIGSTOP to the worker, at a moment it holds no write lock on the queue: stopped inside
    its claim, it would block every enqueue (the web server's) until SIGCONT."""
    for _attempt in range(50):
        os.kill(pid, signal.SIGSTOP)
        db = sqlite3.connect(data_dir / "tasks.sqlite3", timeout=0.5, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return
        except sqlite3.OperationalError:
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.1)
        finally:
            db.close()
    raise AssertionError("the worker never let go of the queue's write lock")


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def served(tmp_path: Path, smtp: SMTPServer) -> Iterator[tuple[Server, Path]]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = renkei_env(
        data_dir,
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(smtp.port),
        # A short limit, so that a stopped worker shows within seconds.
        RENKEI_HEALTH_MAX_TASK_AGE="2",
    )
    migrate(env)
    renkei(env, "shell", "-c", SETUP)
    server = Server(env).start()
    try:
        yield server, data_dir
    finally:
        server.stop()


def _worker_pids_in_log(server: Server) -> list[int]:
    return [int(pid) for pid in re.findall(r"^task worker pid (\d+)$", server.log(), re.M)]


def test_a_killed_worker_is_started_again_and_runs_what_was_sent_after(served, smtp):
    server, data_dir = served
    first = _until("the first worker", lambda: _worker_pids_in_log(server))[0]
    _until("its heartbeat", lambda: first in _heartbeat_pids(data_dir))

    os.kill(first, signal.SIGKILL)
    second = _until("a second worker", lambda: _worker_pids_in_log(server)[1:])[0]
    assert second != first
    assert f"task worker (pid {first}) killed by SIGKILL" in server.log()
    _until("the second heartbeat", lambda: second in _heartbeat_pids(data_dir))
    # Dying again soon after its start, it waits twice as long before the next start.
    os.kill(second, signal.SIGKILL)
    third = _until("a third worker", lambda: _worker_pids_in_log(server)[2:])[0]
    assert re.search(
        rf"task worker \(pid {second}\) killed by SIGKILL .*again in 2 s", server.log()
    )
    # The new worker beats, and forgets the dead ones' rows (their processes are gone).
    _until("the new heartbeat alone", lambda: _heartbeat_pids(data_dir) == {third})

    _send_inquiry(server, "殺された後の引き合い")

    _until("the acknowledgement mail", lambda: _mails_to_customer(smtp) == 1)
    new_worker = _worker_id(data_dir, third)
    _until("the queue to drain", lambda: not _queue(data_dir, UNFINISHED))
    ran_by = _queue(data_dir, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert ran_by and all(status == "SUCCESSFUL" for status, _ids in ran_by), ran_by
    assert any(new_worker in json.loads(ids) for _status, ids in ran_by)
    # Its thread keeps the row fresh, with the count of tasks it ran.
    beat = "SELECT tasks_run FROM core_workerheartbeat WHERE pid = ? AND seen_at > started_at"
    assert _until("a later beat", lambda: _queue(data_dir, beat, third), 30)[0][0] >= 1
    status, health = _healthz(server)
    assert status == 200, health
    assert health["worker"]["live"] == 1

    server.stop()
    assert server.process is not None and server.process.returncode == 0
    assert _heartbeat_pids(data_dir) == set()  # a worker stopped cleanly takes its row along


def test_healthz_answers_503_while_tasks_wait_for_a_stopped_worker(served, smtp):
    server, data_dir = served
    worker = _until("the worker", lambda: _worker_pids_in_log(server))[0]
    _until("its heartbeat", lambda: worker in _heartbeat_pids(data_dir))
    assert _healthz(server)[0] == 200

    _stop_between_writes(data_dir, worker)
    try:
        _send_inquiry(server, "止まった作業者の間に届く引き合い")
        # Past RENKEI_HEALTH_MAX_TASK_AGE (2 s) the backlog is a failure, worker or not.
        _status, health = _until(
            "healthz to fail", lambda: (answer := _healthz(server))[0] == 503 and answer, 20
        )
        assert health["status"] == "error"
        assert "waiting, the oldest for" in health["reason"], health
        assert health["tasks"]["waiting"] >= 1
        assert _mails_to_customer(smtp) == 0
        # Stopped is not dead: serve leaves it be rather than starting a second one.
        assert _worker_pids_in_log(server) == [worker]
    finally:
        os.kill(worker, signal.SIGCONT)

    _until("the acknowledgement mail", lambda: _mails_to_customer(smtp) == 1)
    _until("healthz to recover", lambda: _healthz(server)[0] == 200, 20)


def _nice_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[16])  # field 19 of proc(5): nice


def test_the_workers_can_run_at_a_lower_cpu_priority_than_the_pages(served, smtp):
    server, data_dir = served
    server.stop()
    niced = Server(server.env, log=data_dir / "niced.log", args=["--worker-nice", "7"]).start()
    try:
        worker = _until("the worker", lambda: _worker_pids_in_log(niced))[0]
        _until("its heartbeat", lambda: worker in _heartbeat_pids(data_dir))  # it has started
        assert _nice_of(worker) == 7
        assert _nice_of(niced.process.pid) == 0  # the pages keep the ordinary priority
        _send_inquiry(niced, "優先度を下げた作業者への引き合い")
        _until("the acknowledgement mail", lambda: _mails_to_customer(smtp) == 1)
    finally:
        niced.stop()
