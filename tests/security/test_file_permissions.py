"""The data dir keeps renkei's data to renkei's user: databases, drawings and caught mail (with
reset links) are not readable by group or others, in a real `renkei` process."""

import os
import smtplib
import stat
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from renkei.conftest_helpers import free_port, process_env, run_renkei, sqlite_processes_only

pytestmark = sqlite_processes_only()

OTHERS = stat.S_IRWXG | stat.S_IRWXO


@pytest.fixture
def loose_umask():
    """A umask that leaves files world-readable, as many systems have by default: the process
    must not depend on the one it inherits."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_to_others(root: Path) -> list[str]:
    paths = [root, *root.rglob("*")]
    return [f"{p.relative_to(root)} {oct(_mode(p))}" for p in paths if _mode(p) & OTHERS]


STORE_A_DRAWING = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
print(default_storage.save("drawings/2026/test/part.pdf", ContentFile(b"%PDF-1.7 test")))
"""


def test_a_fresh_data_dir_its_databases_and_an_uploaded_drawing_are_private(tmp_path, loose_umask):
    data = tmp_path / "data"
    env = process_env(data)
    run_renkei(env, "migrate_all")
    stored = run_renkei(env, "shell", "-c", STORE_A_DRAWING).strip().splitlines()[-1]

    assert _mode(data) == 0o700
    databases = sorted(data.glob("*.sqlite3*"))
    assert {p.name for p in databases} >= {"renkei.sqlite3", "tasks.sqlite3"}
    assert all(_mode(p) == 0o600 for p in databases), [(p.name, oct(_mode(p))) for p in databases]
    drawing = data / "files" / stored
    assert _mode(drawing) == 0o600
    assert _mode(drawing.parent) == 0o700
    assert _open_to_others(data) == []


def test_an_existing_data_dir_open_to_others_is_closed_at_start(tmp_path, loose_umask):
    data = tmp_path / "data"
    (data / "files" / "drawings").mkdir(parents=True)
    old = data / "files" / "drawings" / "old.pdf"
    old.write_bytes(b"%PDF-1.4 old")
    for path, mode in [(data, 0o755), (data / "files", 0o775), (old, 0o644)]:
        path.chmod(mode)

    run_renkei(process_env(data), "check")

    assert _mode(data) == 0o700
    assert _mode(old) == 0o600
    assert _open_to_others(data) == []


def test_caught_mail_is_readable_by_renkei_only(tmp_path, loose_umask):
    data = tmp_path / "data"
    port = free_port()
    catcher = subprocess.Popen(
        [sys.executable, "-m", "renkei", "mailcatcher", "--port", str(port)],
        env=process_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        message = EmailMessage()
        message["From"], message["To"] = "renkei@example.com", "taro@example.com"
        message["Subject"] = "パスワードの再設定"
        message.set_content("https://renkei.example/accounts/reset/MQ/secret-token/")
        deadline = time.monotonic() + 60
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
                    smtp.send_message(message)
                break
            except OSError:
                if time.monotonic() > deadline or catcher.poll() is not None:
                    raise
                time.sleep(0.3)
        mails = list((data / "mail").glob("*.eml"))
        assert len(mails) == 1
        assert _mode(mails[0]) == 0o600
        assert _mode(data / "mail") == 0o700
        assert _open_to_others(data) == []
    finally:
        catcher.terminate()
        catcher.wait(timeout=10)
