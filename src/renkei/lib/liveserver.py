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
from collections.abc import Callable, Iterator, Sequence
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
    """Runs `renkei <args>` to its end in its own process; returns what it printed. A failure
    raises CalledProcessError with the end of what the process wrote to stderr in its message."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "renkei", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise ProcessFailed(done.returncode, done.args, done.stdout, done.stderr)
    return done.stdout


class ProcessFailed(subprocess.CalledProcessError):
    def __str__(self) -> str:
        return f"{super().__str__()}\n{(self.stderr or '')[-3000:]}"


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
    name = f"renkei_{name_hint}_{secrets.token_hex(4)}"
    _on_server(base, f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(base, name)
    finally:
        _on_server(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database_url(url: str, name: str) -> str:
    """The URL of the database ``name`` on ``url``'s server."""
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/" + name))


def _on_server(url: str, *statements: str) -> None:
    """Runs ``statements`` (CREATE / DROP DATABASE) on ``url``'s server, outside a transaction."""
    import psycopg

    with psycopg.connect(_database_url(url, "postgres"), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


_migrated: Path | None = None


# Migrating every app takes half a minute of a core; a machine running much else at once (CI on
# two cores with the other xdist worker's processes) can need several times that.
MIGRATE_TIMEOUT = 900.0


def migrate(env: dict[str, str]) -> None:
    """`renkei migrate_all` for a process's own data dir. On SQLite the databases are copies of
    one data dir migrated once per test run: the migrations take half a minute, the copy a few
    milliseconds, and what the copy holds is exactly what migrating gives. A PostgreSQL
    ``DATABASE_URL`` is made a copy of the run's template database likewise (migrated for real
    outside a test run, or beside a task queue of its own)."""
    global _migrated
    url = env.get("DATABASE_URL")
    if url:
        template = None if env.get("TASKS_DATABASE_URL") else shared_template(url)
        if template is None:
            renkei(env, "migrate_all", "-v0", timeout=MIGRATE_TIMEOUT)
        else:
            _copy_database(url, template)
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
    renkei(renkei_env(root / "data"), "migrate_all", "-v0", timeout=MIGRATE_TIMEOUT)
    return root / "data"


# On PostgreSQL the same idea: one database of the run migrated once (the template), and each
# process's database a copy of it (CREATE DATABASE ... TEMPLATE takes a fraction of a second,
# migrating half a minute of a core). Its name is kept in the shared directory; the run's
# controller drops it at the end (the root conftest).
PG_TEMPLATE_FILE = "pg-template"


def shared_template(url: str) -> str | None:
    """The name of the run's migrated template database on ``url``'s server (migrated here
    if no process has yet), or None outside a test run."""
    root = _shared_root()
    if root is None:
        return None
    named = root / PG_TEMPLATE_FILE

    def make() -> None:
        name = f"renkei_template_{secrets.token_hex(4)}"
        named.write_text(name)  # before it exists: the controller drops it whatever happens
        _on_server(url, f'CREATE DATABASE "{name}"')
        env = renkei_env(root / "pg-data", DATABASE_URL=_database_url(url, name))
        renkei(env, "migrate_all", "-v0", timeout=MIGRATE_TIMEOUT)

    _made_once(root, "pg", make)
    return named.read_text()


def _copy_database(url: str, template: str) -> None:
    """``url``'s database made again as a copy of ``template`` (what it held is dropped)."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for attempt in range(20):
        try:
            _on_server(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except psycopg.errors.ObjectInUse:  # another copy being made from it this moment
            if attempt == 19:
                raise
            time.sleep(0.25)


def drop_template(url: str, shared: Path) -> None:
    """Drops the run's template database, if one was made (the controller, at the end)."""
    named = shared / PG_TEMPLATE_FILE
    if named.exists():
        _on_server(url, f'DROP DATABASE IF EXISTS "{named.read_text()}" WITH (FORCE)')


def _shared_root() -> Path | None:
    shared = os.environ.get(SHARED_MIGRATED)
    if not shared:
        return None
    root = Path(shared)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _made_once(root: Path, tag: str, make: Callable[[], None]) -> None:
    """``make()`` run by the first of the run's processes to get here; the others wait on the
    lock until it is done. Made again if the one making it died half way (no done mark)."""
    import fcntl

    with (root / f"{tag}-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / f"{tag}-done"
        if not done.exists():
            make()
            done.touch()


def _shared_migrated() -> Path | None:
    root = _shared_root()
    if root is None:
        return None
    data = root / "data"

    def make() -> None:
        shutil.rmtree(data, ignore_errors=True)
        renkei(renkei_env(data), "migrate_all", "-v0", timeout=MIGRATE_TIMEOUT)

    _made_once(root, "sqlite", make)
    return data


class Server:
    """`renkei serve` (web server, worker and periodic checks) on a free loopback port."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        port: int | None = None,
        log: Path | None = None,
        args: Sequence[str] = (),
    ):
        self.args = list(args)  # more `renkei serve` options: --web-processes 2 --workers 2
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.env = env | {"RENKEI_BASE_URL": self.url}
        self.log_path = log or Path(env["RENKEI_DATA_DIR"]) / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: float = 60) -> "Server":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "renkei", "serve", "--port", str(self.port), *self.args],
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

    def __init__(self, port: int | None = None, mailbox: Mailbox | None = None) -> None:
        self.mailbox = mailbox or Mailbox()
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
