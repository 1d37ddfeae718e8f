"""Real processes for fault tests and the load benchmark: `renkei serve` in a data dir of its
own, and local SMTP servers that accept, refuse, or hold a conversation without ever answering.

Nothing here is a stand-in for renkei: the server is the one `make demo` runs, on a free
loopback port; the SMTP servers speak real SMTP (aiosmtpd, or a bare socket for the one that
never answers).
"""

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def renkei_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `renkei` process of its own: SQLite files under ``data_dir``
    unless ``extra`` names a DATABASE_URL, never the database a CI run points the suite at.
    Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE either: a server process must run with
    Django's async safety (and `check --deploy` refuses it)."""
    left_out = {"DATABASE_URL", "TASKS_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    return env | {"RENKEI_DATA_DIR": str(data_dir), **extra}


def renkei(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Runs `renkei <args>` to its end in its own process; returns what it printed."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "renkei", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.stdout


def postgres_url() -> str | None:
    """The PostgreSQL server the suite runs on (DATABASE_URL), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextlib.contextmanager
def fresh_database(name_hint: str) -> Iterator[str | None]:
    """On PostgreSQL a new, empty database of the caller's own on the suite's server (its URL),
    dropped afterwards; on SQLite None (a process then uses its data dir's files)."""
    base = postgres_url()
    if base is None:
        yield None
        return
    import psycopg

    parts = urllib.parse.urlsplit(base)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    name = f"renkei_{name_hint}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_migrated: Path | None = None


def migrate(env: dict[str, str]) -> None:
    """`renkei migrate_all` for a process's own data dir. On SQLite the databases are copies of
    one data dir migrated once per test run: the migrations take half a minute, the copy a few
    milliseconds, and what the copy holds is exactly what migrating gives. A PostgreSQL
    ``DATABASE_URL`` is migrated for real."""
    global _migrated
    if env.get("DATABASE_URL"):
        renkei(env, "migrate_all", "-v0")
        return
    if _migrated is None or not _migrated.is_dir():
        _migrated = _shared_migrated() or _own_migrated()
    data_dir = Path(env["RENKEI_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    for source in _migrated.glob("*.sqlite3*"):
        shutil.copy2(source, data_dir / source.name)


# A directory the test run's processes share (pytest-xdist workers): the first to need a
# migrated data dir makes it there, the others wait on the lock and copy it.
SHARED_MIGRATED = "RENKEI_TEST_MIGRATED_DIR"


def _own_migrated() -> Path:
    root = Path(tempfile.mkdtemp(prefix="renkei-migrated-"))
    atexit.register(shutil.rmtree, root, True)
    renkei(renkei_env(root / "data"), "migrate_all", "-v0")
    return root / "data"


def _shared_migrated() -> Path | None:
    shared = os.environ.get(SHARED_MIGRATED)
    if not shared:
        return None
    import fcntl

    root = Path(shared)
    root.mkdir(parents=True, exist_ok=True)
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = root / "data"
        if not (root / "done").exists():  # not made yet, or a process died half way
            shutil.rmtree(data, ignore_errors=True)
            renkei(renkei_env(data), "migrate_all", "-v0")
            (root / "done").touch()
    return data


class Server:
    """`renkei serve` (web server, worker and periodic checks) on a free loopback port."""

    def __init__(self, env: dict[str, str], *, port: int | None = None, log: Path | None = None):
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.env = env | {"RENKEI_BASE_URL": self.url}
        self.log_path = log or Path(env["RENKEI_DATA_DIR"]) / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: float = 60) -> "Server":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "renkei", "serve", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its worker and tick go with it when the group is killed
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"renkei serve ended: {self.log()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):  # noqa: S310
                    return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError(f"renkei serve did not answer /healthz: {self.log()[-2000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the server and its children at once, as a power cut or the OOM killer."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None:
            # Whatever is left of its group (a worker that outlived it).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class Mailbox:
    """What really went over the wire, as aiosmtpd delivers it; thread-safe to read."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refusing = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusing:
            return "451 4.3.0 Try again later"
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def message_ids(self) -> list[str]:
        """The Message-ID of each message received (a resent mail keeps its id)."""
        import email

        with self.lock:
            found = [email.message_from_bytes(raw)["Message-ID"] for _to, raw in self.messages]
        return [str(value) for value in found]


class SMTPServer:
    """A real SMTP server on loopback that keeps what it accepts in ``mailbox``."""

    def __init__(self, port: int | None = None) -> None:
        self.mailbox = Mailbox()
        self.port = port or free_port()
        self.controller = Controller(self.mailbox, hostname=HOST, port=self.port)

    def start(self) -> "SMTPServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


class BlackHoleSMTP:
    """Accepts every connection on loopback and never says a word: the mail server that hangs.
    A sender waits for the greeting until its own timeout."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((HOST, self.port))
        self.held: list[socket.socket] = []
        self.connections = 0
        self.running = False
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> "BlackHoleSMTP":
        self.sock.listen(128)
        self.running = True
        self.thread.start()
        return self

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while self.running:
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self.held.append(conn)

    def stop(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type: ``fields`` as text parts, ``files`` as
    (field name, file name, content) parts, as a browser or an API client sends them."""
    import uuid

    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def http(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One request with the standard library, redirects not followed: (status, headers, body).
    An error status is an answer like any other; no answer at all raises OSError."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def customer_inquiry(n: int, **extra: Any) -> dict[str, Any]:
    """The JSON part of inquiry number ``n`` from a customer's system: each from an e-mail
    address of its own (taro<n>@rocket.example), titled シャフト試作 <n>."""
    return {
        "company": "株式会社ロケット工房",
        "contact_name": "宇宙 太郎",
        "email": f"taro{n}@rocket.example",
        "title": f"シャフト試作 {n}",
        "description": "図面の通り",
    } | extra


def post_inquiry(
    url: str,
    group: str,
    data: dict[str, Any],
    files: list[tuple[str, bytes]],
    *,
    key: str | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, Any]]:
    """Sends one inquiry through the public API as a customer's system would; returns the
    status and the JSON answer (an error's too). No answer at all raises OSError."""
    import json

    body, content_type = multipart(
        {"data": json.dumps(data)}, [("files", name, content) for name, content in files]
    )
    headers = {"Content-Type": content_type} | ({"Idempotency-Key": key} if key else {})
    address = f"{url}/api/v1/groups/{group}/inquiries"
    status, _headers, raw = http("POST", address, body=body, headers=headers, timeout=timeout)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, {"detail": raw[:300].decode(errors="replace")}
