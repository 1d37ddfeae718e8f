"""`renkei serve` SIGKILLed while 20 inquiries with drawings of a few MB are in flight: every 201
was saved with all its files, nothing is half-saved, and a retry under the same Idempotency-Key
gives each request exactly one inquiry.

Real processes: `renkei serve` in a data dir of its own, a real SMTP server, SIGKILL to the
server's whole process group (a power cut, the OOM killer).
"""

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

from renkei.conftest_helpers import STEP_BYTES
from renkei.lib.liveserver import (
    HOST,
    Server,
    SMTPServer,
    customer_inquiry,
    http,
    migrate,
    multipart,
    renkei,
    renkei_env,
)

from .test_disk_full import API, LIMITS, SETUP

REQUESTS = 20
CHUNK = 256 * 1024


def drawings(n: int) -> list[tuple[str, bytes]]:
    """Two valid STEP files, 2–4 MB, unique to request ``n``."""

    def step(size: int, tag: str) -> bytes:
        padding = f"/* {n}{tag} */".encode().ljust(40) + b"\n"
        return STEP_BYTES.replace(b"DATA;\n", b"DATA;\n" + padding * (size // 41))

    return [
        (f"body-{n}.step", step(2_000_000 + n * 90_000, "a")),
        (f"lid-{n}.step", step(1_000_000, "b")),
    ]


def body_of(n: int) -> tuple[bytes, str]:
    files = [("files", name, content) for name, content in drawings(n)]
    return multipart({"data": json.dumps(customer_inquiry(n))}, files)


def send_slowly(port: int, n: int, key: str, answered: dict[int, object], killed: threading.Event):
    """POSTs request ``n`` in chunks, as over a slow uplink, so that some are mid-upload when
    the server dies; records the status, or the error when no answer came."""
    body, content_type = body_of(n)
    connection = HTTPConnection(HOST, port, timeout=30)
    try:
        connection.putrequest("POST", API)
        for name, value in {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Idempotency-Key": key,
        }.items():
            connection.putheader(name, value)
        connection.endheaders()
        for start in range(0, len(body), CHUNK):
            connection.send(body[start : start + CHUNK])
            if not killed.is_set():
                time.sleep(0.05 + 0.01 * n)
        answer = connection.getresponse()
        answered[n] = (answer.status, answer.read())
    except OSError as error:
        answered[n] = error
    finally:
        connection.close()


def test_every_201_survives_a_killed_server_and_a_retry_makes_each_inquiry_once(tmp_path):
    smtp = SMTPServer().start()
    data_dir = tmp_path / "data"
    env = renkei_env(
        data_dir, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), RENKEI_RATE_LIMITS=LIMITS
    )
    migrate(env)
    renkei(env, "shell", "-c", SETUP)
    keys = {n: str(uuid.uuid4()) for n in range(REQUESTS)}
    answered: dict[int, object] = {}
    killed = threading.Event()
    server = Server(env, log=tmp_path / "serve.log")
    try:
        server.start()
        with ThreadPoolExecutor(REQUESTS) as pool:
            for n in range(REQUESTS):
                pool.submit(send_slowly, server.port, n, keys[n], answered, killed)
            # Killed once the first inquiries are answered and the others still in flight.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if sum(1 for a in answered.values() if isinstance(a, tuple)) >= 3:
                    break
                time.sleep(0.01)
            server.kill()
            killed.set()
        created = {n for n, a in answered.items() if isinstance(a, tuple) and a[0] == 201}
        unanswered = {n for n, a in answered.items() if not isinstance(a, tuple)}
        assert created, answered
        assert unanswered, "nothing was in flight when the server was killed"
        assert {a[0] for a in answered.values() if isinstance(a, tuple)} == {201}

        assert_nothing_half_saved(data_dir, env)
        for n in created:
            assert_saved_in_full(data_dir, n, keys[n])

        # Restarted on the same data dir, every request sent again with its key.
        server = Server(env, log=tmp_path / "serve-again.log")
        server.start()
        for n in range(REQUESTS):
            status, _headers, body = api_send_again(server.url, n, keys[n])
            # 200: the first send was saved (its answer may have been lost); 201: it was not.
            assert status in ((200,) if n in created else (200, 201)), body[:300]
    finally:
        server.stop()
        smtp.stop()
    assert_nothing_half_saved(data_dir, env)
    for n in range(REQUESTS):
        assert_saved_in_full(data_dir, n, keys[n])
    with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
        assert db.execute("SELECT count(*) FROM inquiries_inquiry").fetchone() == (REQUESTS,)


def api_send_again(url: str, n: int, key: str) -> tuple[int, dict[str, str], bytes]:
    body, content_type = body_of(n)
    return http(
        "POST", url + API, body=body, headers={"Content-Type": content_type, "Idempotency-Key": key}
    )


def assert_saved_in_full(data_dir: Path, n: int, key: str) -> None:
    """Request ``n`` made exactly one inquiry, with both its drawings, byte for byte."""
    with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
        inquiries = db.execute(
            "SELECT id FROM inquiries_inquiry WHERE submission_key = ?", [uuid.UUID(key).hex]
        ).fetchall()
        assert len(inquiries) == 1, (n, inquiries)
        rows = db.execute(
            "SELECT file, size, sha256 FROM inquiries_drawing WHERE inquiry_id = ?", inquiries[0]
        ).fetchall()
    sent = sorted((len(c), hashlib.sha256(c).hexdigest()) for _name, c in drawings(n))
    assert sorted((size, sha) for _f, size, sha in rows) == sent, n
    for name, size, sha in rows:
        content = (data_dir / "files" / name).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha), name


SWEEP_A_DAY_LATER = """
import datetime as dt
from django.utils import timezone
from renkei.core.orphans import remove_orphan_files
print(remove_orphan_files(timezone.now() + dt.timedelta(days=2), force=True))
"""


def assert_nothing_half_saved(data_dir: Path, env: dict[str, str]) -> None:
    """integrity_check passes on every SQLite file; every inquiry has its two drawings; every
    drawing row has its file, whole; and once the periodic check has removed what a killed
    upload left (a file written, its row never committed), every file has its row."""
    for path in sorted(data_dir.glob("*.sqlite3")):
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], path.name
    with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
        counts = db.execute(
            "SELECT i.id, count(d.id) FROM inquiries_inquiry i"
            " LEFT JOIN inquiries_drawing d ON d.inquiry_id = i.id GROUP BY i.id"
        ).fetchall()
        rows = db.execute("SELECT file, size, sha256 FROM inquiries_drawing").fetchall()
    assert all(count == 2 for _id, count in counts), counts
    files = data_dir / "files"
    for name, size, sha in rows:
        content = (files / name).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha), name
    renkei(env, "shell", "-c", SWEEP_A_DAY_LATER)
    on_disk = {str(p.relative_to(files)) for p in files.rglob("*") if p.is_file()}
    assert on_disk <= {name for name, _size, _sha in rows}, "a file no row points to"
    assert {name for name, _size, _sha in rows} <= on_disk, "the sweep removed a named file"
