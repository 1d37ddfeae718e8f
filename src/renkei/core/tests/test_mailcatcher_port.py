"""Two demos side by side each keep their own mail: the second `renkei serve --mailcatcher`
finds the first one's SMTP port taken, catches its mail on a free port, tells its worker so,
and says where mail goes; links in the mail open the host and port the server prints.

Real processes throughout: two `renkei serve --mailcatcher` (web server, worker, tick) on
SQLite files in their own data dirs, each stopped by the test (and by `timeout` should the test
itself die).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from renkei.conftest_helpers import free_port, process_env, run_renkei, sqlite_processes_only
from renkei.lib.liveserver import migrate

pytestmark = sqlite_processes_only()

SETUP = """
import uuid
from renkei.orgs.models import Group, Region
from renkei.inquiries.services import submit_inquiry

region = Region.objects.create(name="地域", slug="r")
group = Group.objects.create(region=region, name="試作ネット", slug="g")
header = {"customer_company": "顧客", "contact_name": "客", "email": "%s",
          "title": "シャフト", "description": "図面の通り"}
submit_inquiry(group=group, key=uuid.uuid4(), header=header, lines=[])
"""
LIFETIME = 150  # seconds: the longest a served demo of this test may live


class Demo:
    """One `renkei serve --mailcatcher` of the test's own, with what it printed."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        command = [sys.executable, "-m", "renkei", "serve", "--port", str(port), "--mailcatcher"]
        if shutil.which("timeout"):
            command = ["timeout", "-s", "TERM", str(LIFETIME), *command]
        self.process = subprocess.Popen(
            command,
            env=env | {"PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its worker and tick are stopped with it
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def printed(self, pattern: str, timeout: float = 90) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None and not any(
                re.search(pattern, line) for line in self.lines
            ):
                break
            time.sleep(0.2)
        pytest.fail(f"never printed {pattern!r}:\n{''.join(self.lines)}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _mail(data_dir: Path, timeout: float = 90) -> list[str]:
    """The caught mail under ``data_dir`` once some has arrived (quoted-printable undone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted((data_dir / "mail").glob("*.eml")) if (data_dir / "mail").exists() else []
        if found:
            time.sleep(1)  # anything else the worker was sending at that moment
            found = sorted((data_dir / "mail").glob("*.eml"))
            return [re.sub(r"=\r?\n", "", p.read_text("utf-8", "replace")) for p in found]
        time.sleep(0.3)
    return []


def test_two_demos_on_different_ports_each_keep_their_own_mail(tmp_path):
    mail_port = free_port()  # the SMTP port both are configured with, as 1025 is by default
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    env = process_env(first_dir, EMAIL_PORT=str(mail_port))
    for name in ("EMAIL_HOST", "RENKEI_BASE_URL", "PORT"):
        env.pop(name, None)
    migrate(env)  # a copy of the run's one migrated data dir
    shutil.copytree(first_dir, second_dir)  # the same empty databases, migrated once
    second_env = env | {"RENKEI_DATA_DIR": str(second_dir)}
    run_renkei(env, "shell", "-c", SETUP % "first@example.com")
    run_renkei(second_env, "shell", "-c", SETUP % "second@example.com")

    first_port, second_port = free_port(), free_port()
    first = Demo(env, first_port)
    second = None
    try:
        first.printed(rf"renkei is up at http://127\.0\.0\.1:{first_port}/")
        _wait_for_smtp(mail_port)  # the first demo's catcher has the configured port
        second = Demo(second_env, second_port)
        second.printed(rf"renkei is up at http://127\.0\.0\.1:{second_port}/")

        first_mail, second_mail = _mail(first_dir), _mail(second_dir)
        assert first_mail and second_mail
        assert all("first@example.com" in m and "second@" not in m for m in first_mail)
        assert all("second@example.com" in m and "first@" not in m for m in second_mail)
        # The acknowledgement's tracking link opens the server as it printed itself.
        assert f"http://127.0.0.1:{first_port}/t/" in "".join(first_mail)
        assert f"http://127.0.0.1:{second_port}/t/" in "".join(second_mail)
        # Each says where its mail goes.
        first.printed(rf"mail is caught on 127\.0\.0\.1:{mail_port} ")
        caught = second.printed(r"mail is caught on 127\.0\.0\.1:(\d+) and saved under (.+)$")
        assert int(caught.group(1)) != mail_port
        assert caught.group(2).strip() == str(second_dir / "mail")
        second.printed(rf"port {mail_port} is taken")
    finally:
        first.stop()
        if second is not None:
            second.stop()


def _wait_for_smtp(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
        else:
            return
    pytest.fail(f"nothing listens on port {port}")
