"""The data dir's disk fills up under `renkei serve`: customers get a polite "try again" (a JSON
503 from the API, a 503 page from the form), never a 500; nothing saved before is corrupted or
lost, no stray file is left behind, and once there is room again the window takes inquiries.

Real processes: `renkei serve` on a small tmpfs (mounting one needs root: skipped elsewhere,
unless RENKEI_REQUIRE_ROOT_FAULTS=1 says this machine must run it), a real SMTP server.
"""

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from renkei.conftest_helpers import STEP_BYTES, pdf_bytes
from renkei.lib.liveserver import (
    Server,
    SMTPServer,
    customer_inquiry,
    http,
    migrate,
    multipart,
    renkei,
    renkei_env,
)

SETUP = """
from renkei.orgs.models import Group, Region
region = Region.objects.create(name="地域", slug="r")
Group.objects.create(region=region, name="試作ネット", slug="g", contact_email="office@g.example")
"""
API = "/api/v1/groups/g/inquiries"
WINDOW = "/g/g/inquiry/"
JA = {"Accept-Language": "ja"}
# Every inquiry here comes from 127.0.0.1: the per-address limits would refuse the later ones.
LIMITS = "inquiry_address=1000/h,upload_address=1000/h,ack_recipient=1000/d"
POLITE_JA = "ただいま保存できませんでした"


def require_root_faults() -> bool:
    return os.environ.get("RENKEI_REQUIRE_ROOT_FAULTS") == "1"


@contextlib.contextmanager
def small_tmpfs(path: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of ``megabytes`` mounted on ``path``; unmounted however the test ends."""
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        reason = f"mounting a tmpfs is not permitted here ({done.stderr.strip()}): needs root"
        if require_root_faults():
            pytest.fail(f"RENKEI_REQUIRE_ROOT_FAULTS=1 but {reason}")
        pytest.skip(reason)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(path: Path, leave: int = 8 * 1024) -> Path:
    """Takes all but ``leave`` bytes of the file system of ``path`` with one big file."""
    filler = path / "filler"
    stat = os.statvfs(path)
    free = stat.f_bavail * stat.f_frsize
    with filler.open("wb") as out:
        os.posix_fallocate(out.fileno(), 0, max(0, free - leave))
    return filler


def drawing(n: int, size: int = 200_000) -> tuple[str, bytes]:
    """A valid STEP file of about ``size`` bytes (comments pad it), unique per ``n``."""
    padding = f"/* {n} */\n".encode() * (size // 10)
    return f"part-{n}.step", STEP_BYTES.replace(b"DATA;\n", b"DATA;\n" + padding)


def api_send(url: str, n: int, files: list[tuple[str, bytes]], key: str | None = None):
    body, content_type = multipart(
        {"data": json.dumps(customer_inquiry(n))},
        [("files", name, content) for name, content in files],
    )
    headers = {"Content-Type": content_type, "Idempotency-Key": key or str(uuid.uuid4()), **JA}
    return http("POST", url + API, body=body, headers=headers, timeout=60)


def open_form(url: str) -> tuple[str, str]:
    """The window's page as a browser loads it: its CSRF token and cookie."""
    status, headers, page = http("GET", url + WINDOW, headers=JA)
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    assert token and cookie
    return token.group(1).decode(), cookie.group(1)


def form_send(
    url: str, n: int, files: list[tuple[str, bytes]], opened: tuple[str, str] | None = None
):
    """The window's form sent with the drawings, from a page loaded before (``opened``) or now."""
    token, cookie = opened or open_form(url)
    fields = {
        "csrfmiddlewaretoken": token,
        "submission_key": str(uuid.uuid4()),
        "customer_company": "株式会社ロケット工房",
        "contact_name": "宇宙 太郎",
        "email": f"form{n}@rocket.example",
        "title": f"フォームからの試作 {n}",
        "description": "図面の通り",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-part_name": "ブラケット",
        "lines-0-quantity": "5",
    }
    body, content_type = multipart(fields, [("files", name, content) for name, content in files])
    headers = {"Content-Type": content_type, "Cookie": f"csrftoken={cookie}", **JA}
    return http("POST", url + WINDOW, body=body, headers=headers, timeout=60)


def assert_polite_json(answer) -> None:
    status, headers, body = answer
    assert status == 503, body[:500]
    assert headers.get("Content-Type", "").startswith("application/json")
    assert int(headers["Retry-After"]) > 0
    data = json.loads(body)
    assert set(data) == {"detail", "errors"}
    assert "失われていません" in data["detail"]


def assert_polite_page(answer) -> None:
    status, headers, body = answer
    assert status == 503, body[:500]
    assert headers.get("Content-Type", "").startswith("text/html")
    assert int(headers["Retry-After"]) > 0
    page = body.decode()
    assert POLITE_JA in page
    for word in ("Traceback", "Errno", "OSError", "OperationalError", "No space"):
        assert word not in page


def saved(data_dir: Path) -> dict[str, list[tuple[str, int, str]]]:
    """Each inquiry's title with its drawings (file, size, SHA-256), as the database says."""
    with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
        rows = db.execute(
            "SELECT i.title, d.file, d.size, d.sha256 FROM inquiries_inquiry i"
            " LEFT JOIN inquiries_drawing d ON d.inquiry_id = i.id ORDER BY i.id, d.id"
        ).fetchall()
    found: dict[str, list[tuple[str, int, str]]] = {}
    for title, file, size, sha in rows:
        found.setdefault(title, [])
        if file:
            found[title].append((file, size, sha))
    return found


def assert_intact(data_dir: Path) -> None:
    """Every SQLite file passes integrity_check; every drawing row has its file with its size
    and checksum; every file under files/ has its row, and none is empty."""
    for path in sorted(data_dir.glob("*.sqlite3")):
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path.name
    files = data_dir / "files"
    with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
        rows = db.execute("SELECT file, size, sha256 FROM inquiries_drawing").fetchall()
    for name, size, sha in rows:
        content = (files / name).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha), name
    on_disk = {str(p.relative_to(files)) for p in files.rglob("*") if p.is_file()}
    assert on_disk == {name for name, _size, _sha in rows}, "a file no row points to"
    assert all((files / name).stat().st_size > 0 for name in on_disk)


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer().start()
    yield server
    server.stop()


def serve(data_dir: Path, smtp: SMTPServer, log: Path) -> Server:
    env = renkei_env(
        data_dir, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), RENKEI_RATE_LIMITS=LIMITS
    )
    migrate(env)
    renkei(env, "shell", "-c", SETUP)
    return Server(env, log=log)  # off the full disk, and kept after it is unmounted


def test_a_full_disk_gets_a_polite_503_and_nothing_saved_is_corrupted(tmp_path, smtp):
    with small_tmpfs(tmp_path / "disk", 48) as disk:
        data_dir = disk / "data"
        server = serve(data_dir, smtp, tmp_path / "serve.log")
        try:
            server.start()
            # Given two inquiries with drawings, received while there was room.
            before = {}
            for n in (1, 2):
                files = [drawing(n), (f"sheet-{n}.pdf", pdf_bytes())]
                status, _headers, body = api_send(server.url, n, files)
                assert status == 201, body[:500]
                before[f"シャフト試作 {n}"] = sorted(
                    (len(c), hashlib.sha256(c).hexdigest()) for _name, c in files
                )
            assert form_send(server.url, 1, [drawing(10)])[0] == 302

            # When the disk is full, every send is answered politely (the customer opened the
            # form before it filled up).
            opened = open_form(server.url)
            # First while another connection keeps the databases' -wal and -shm files open (as
            # a busy worker does): requests get as far as writing a drawing or a row.
            held = [sqlite3.connect(path) for path in sorted(data_dir.glob("*.sqlite3"))]
            for db in held:
                db.execute("SELECT count(*) FROM sqlite_master").fetchall()
            filler = fill(disk)
            try:
                for n in (3, 4):
                    assert_polite_json(api_send(server.url, n, [drawing(n)]))
                    assert_polite_page(form_send(server.url, n, [drawing(20 + n)], opened))
                # Then with every other connection closed: `renkei serve` keeps one of its own
                # open on each database, so that SQLite's -wal and -shm files stay; writes are
                # refused politely and reading goes on.
                for db in held:
                    db.close()
                held = []
                time.sleep(0.5)
                assert_polite_json(api_send(server.url, 5, [drawing(5)]))
                assert_polite_page(form_send(server.url, 5, [drawing(25)], opened))
                assert http("GET", server.url + "/")[0] == 200
                # /healthz still reads every database (and may well say the worker is stuck).
                _status, _headers, health = http("GET", server.url + "/healthz")
                assert set(json.loads(health)["databases"].values()) == {"ok"}, health
            finally:
                for db in held:
                    db.close()
                filler.unlink()

            # Then: room again, and the window takes an inquiry as before.
            status, _headers, body = api_send(server.url, 6, [drawing(6)])
            assert status == 201, body[:500]
        finally:
            server.stop()
        log = server.log()
        assert "Internal Server Error" not in log, log[-3000:]

        assert_intact(data_dir)
        found = saved(data_dir)
        for title, drawings in before.items():
            assert sorted((size, sha) for _f, size, sha in found[title]) == drawings
        assert "フォームからの試作 1" in found and len(found["フォームからの試作 1"]) == 1
        assert "シャフト試作 6" in found
        refused = {"シャフト試作 3", "シャフト試作 4", "シャフト試作 5"}
        assert not (refused | {f"フォームからの試作 {n}" for n in (3, 4, 5)}) & set(found)


def test_a_database_locked_too_long_gets_a_polite_503(tmp_path, smtp):
    """Another process holds the write lock past the busy timeout: 503, not 500."""
    data_dir = tmp_path / "data"
    server = serve(data_dir, smtp, tmp_path / "serve.log")
    try:
        server.start()
        with contextlib.closing(
            sqlite3.connect(data_dir / "renkei.sqlite3", isolation_level=None)
        ) as db:
            db.execute("BEGIN IMMEDIATE")  # the write lock, held
            opened = open_form(server.url)  # a read: WAL lets it go past the lock
            answers: dict[str, object] = {}
            senders = [
                threading.Thread(target=lambda: answers.update(api=api_send(server.url, 7, []))),
                threading.Thread(
                    target=lambda: answers.update(form=form_send(server.url, 7, [], opened))
                ),
            ]
            started = time.monotonic()
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join(timeout=60)
            db.execute("ROLLBACK")
        assert time.monotonic() - started < 55
        assert_polite_json(answers["api"])
        assert_polite_page(answers["form"])
        assert api_send(server.url, 8, [])[0] == 201  # the lock is gone: as before
    finally:
        server.stop()
    assert "Internal Server Error" not in server.log()
