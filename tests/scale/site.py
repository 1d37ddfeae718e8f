"""The production profile on one machine, for the cross-process tests: one database (the
suite's PostgreSQL server, or SQLite files), one S3 bucket (a real SeaweedFS on loopback), a
real SMTP server here that records every message, and two `renkei serve` behind no load
balancer — A as `make cluster` runs it (gunicorn with two web processes, two task workers),
B a second machine's web process (no workers of its own).

The data is the demo region's groups, members and people only: the demo's sample inquiries,
projects and settlements take a minute to load and no test here reads them.
"""

import asyncio
import contextlib
import http.cookiejar
import os
import re
import shutil
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renkei.lib.liveserver import (
    HOST,
    Mailbox,
    Server,
    SMTPServer,
    fresh_database,
    migrate,
    renkei,
    renkei_env,
)
from renkei.lib.s3server import S3Server

GROUP = "rakunan-shisaku"  # a group of the demo region
UNLIMITED = "inquiry_address=100000/h,upload_address=100000/h,ack_recipient=100000/d"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# A worker killed mid-send has its mail "sending" and its task "running": after these few
# seconds (not the minute of production) the periodic checks, every two seconds here, take them
# up again. Sends and tasks here take milliseconds, far below these.
FAST_RECOVERY = {
    "RENKEI_OUTBOX_STALE_SECONDS": "5",
    "RENKEI_TASK_STALE_SECONDS": "5",
    "RENKEI_TICK_SECONDS": "2",
}

SLIM_DEMO = """
from django.db import transaction
from renkei.demo.loader import _Loader

with transaction.atomic():
    _Loader().groups_and_people()
"""


class GatedMailbox(Mailbox):
    """A mailbox that can hold every message arriving from a moment on unanswered, the senders
    waiting in the middle of their DATA, until released. A message whose sender went away while
    held is not kept: it never heard the server's 250, so it was never sent."""

    def __init__(self) -> None:
        super().__init__()
        self.gate_open = threading.Event()
        self.gate_open.set()
        self.close_after: tuple[str, int] | None = None  # (recipient marker, count)
        self.held = 0

    def close_gate_after(self, marker: str, count: int) -> None:
        """From the message after the ``count``-th whose recipient contains ``marker`` on,
        every message is held."""
        self.close_after = (marker, count)

    def release(self) -> None:
        self.close_after = None
        self.gate_open.set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.gate_open.is_set():
            with self.lock:
                self.held += 1
            while not self.gate_open.is_set():
                await asyncio.sleep(0.02)  # cancelled here when the sender's connection is lost
            if server.transport is None or server.transport.is_closing():
                return "421 4.3.0 Closing connection"
        answer = await super().handle_DATA(server, session, envelope)
        if self.close_after is not None:
            marker, count = self.close_after
            if self.received(marker) >= count:
                self.gate_open.clear()
        return answer

    def received(self, marker: str) -> int:
        with self.lock:
            return sum(1 for to, _raw in self.messages if any(marker in a for a in to))

    def ids_to(self, marker: str) -> list[str]:
        """The Message-ID of each message to a recipient containing ``marker``, once per copy."""
        import email

        with self.lock:
            raws = [raw for to, raw in self.messages if any(marker in a for a in to)]
        return [str(email.message_from_bytes(raw)["Message-ID"]) for raw in raws]


class RecordingSMTP(SMTPServer):
    """The local SMTP server of the profile, its mailbox gated (GatedMailbox)."""

    mailbox: GatedMailbox

    def __init__(self) -> None:
        super().__init__(mailbox=GatedMailbox())

    def stop(self) -> None:
        self.mailbox.release()
        super().stop()


@dataclass
class Profile:
    root: Path
    env: dict[str, str]
    s3: S3Server
    smtp: RecordingSMTP
    a: Server  # gunicorn, two web processes, two task workers, periodic checks
    b: Server  # one web process and its periodic checks, no task worker

    def shell(self, code: str) -> str:
        """What ``code`` printed, run by `renkei shell` against the profile's database."""
        return renkei(self.env, "shell", "-c", code)

    def workers(self) -> list[int]:
        """The pids of A's task workers, as its supervisor started them."""
        assert self.a.process is not None
        return sorted(
            pid
            for pid, argv in _children(self.a.process.pid)
            if "renkei" in argv and "worker" in argv
        )


def _children(parent: int) -> list[tuple[int, list[str]]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rpartition(")")[2].split()[1])
            if ppid == parent:
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                found.append((int(entry.name), argv))
    return found


@contextlib.contextmanager
def production_profile() -> Iterator[Profile]:
    root = Path(tempfile.mkdtemp(prefix="renkei-profile-"))
    smtp = RecordingSMTP().start()
    started = time.monotonic()
    try:
        with fresh_database("profile") as database_url, S3Server(root / "s3") as s3:
            extra = {"DATABASE_URL": database_url} if database_url else {}
            env = renkei_env(
                root / "data",
                RENKEI_RATE_LIMITS=UNLIMITED,
                EMAIL_HOST=HOST,
                EMAIL_PORT=str(smtp.port),
                **FAST_RECOVERY,
                **s3.env(RENKEI_S3_PREFIX="site"),
                **extra,
            )
            migrate(env)
            migrated = time.monotonic()
            renkei(env, "shell", "-c", SLIM_DEMO)
            loaded = time.monotonic()
            a = Server(
                env, log=root / "a.log", args=["--web-processes", "2", "--workers", "2"]
            ).start(wait=120)
            try:
                b = Server(env, log=root / "b.log", args=["--workers", "0"]).start(wait=120)
                try:
                    profile = Profile(root, env, s3, smtp, a, b)
                    if os.environ.get("RENKEI_PROFILE_TIMES"):
                        up = time.monotonic()
                        print(
                            f"profile: migrated {migrated - started:.0f} s, data"
                            f" {loaded - migrated:.0f} s, servers {up - loaded:.0f} s"
                        )
                    yield profile
                finally:
                    _terminate(b)  # both stop at once: each waits for its children
                    _terminate(a)
                    b.stop()
            finally:
                a.stop()
    finally:
        smtp.stop()
        shutil.rmtree(root, ignore_errors=True)


def _terminate(server: Server) -> None:
    if server.process is not None and server.process.poll() is None:
        server.process.terminate()


def log_in(base_url: str, username: str) -> urllib.request.OpenerDirector:
    """A browser-like session (cookies, CSRF) logged in as a demo person on ``base_url``."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/accounts/login/", timeout=30).read()
    token = CSRF_INPUT.search(page)
    assert token is not None
    form = {"username": username, "password": "renkei-demo", "csrfmiddlewaretoken": token[1]}
    done = opener.open(
        base_url + "/accounts/login/", urllib.parse.urlencode(form).encode(), timeout=30
    )
    assert "/accounts/login/" not in done.url, f"the demo {username} could not log in"
    return opener


def post_form(
    session: urllib.request.OpenerDirector, url: str, fields: list[tuple[str, str]]
) -> bytes:
    """Opens the form page at ``url`` and posts ``fields`` to it with the page's CSRF token."""
    page = session.open(url, timeout=30).read()
    token = CSRF_INPUT.search(page)
    assert token is not None, url
    body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", token[1].decode())])
    request = urllib.request.Request(url, body.encode(), method="POST")  # noqa: S310
    with session.open(request, timeout=30) as r:
        assert r.status == 200, r.status
        done: bytes = r.read()
        return done
