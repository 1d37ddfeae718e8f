"""Run the web server and the background task worker together (what `make demo` starts).

One web process by default: waitress with threads, in this process. ``--web-processes N`` (N > 1)
runs gunicorn instead, a pre-fork server with N processes of threads behind the one port, as a
child this process supervises: Python runs one thread at a time per process, so a second core
serves pages only from a second process. ``--workers M`` runs M task workers; the database queue
hands each task to one of them (``SKIP LOCKED`` on PostgreSQL, one exclusive transaction at a
time on SQLite).
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

# A child that dies is started again after RESTART_FIRST seconds, then twice as long each time
# it dies again soon, up to RESTART_MAX: a worker that cannot start (a database that is down, a
# broken deploy) is retried without filling the log. One that ran RAN_LONG_ENOUGH before it died
# is treated as a first failure again.
RESTART_FIRST = 1.0
RESTART_MAX = 30.0
RAN_LONG_ENOUGH = 60.0
POLL_SECONDS = 0.5
STOP_SECONDS = 10.0  # a child still running this long after SIGTERM is killed
# gunicorn's own wait for requests in progress, shorter than ours: its processes end before
# the supervisor has to kill them.
GRACEFUL_SECONDS = 8


@dataclass
class Child:
    """One process `renkei serve` keeps running: the task worker, the periodic checks."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None  # the supervisor's own when None
    process: "subprocess.Popen[bytes] | None" = None
    started: float = 0.0
    delay: float = RESTART_FIRST
    restart_at: float | None = None


def _how_it_ended(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


class Supervisor:
    """Starts the children and, from a thread of its own (waitress keeps the main thread),
    starts again any that dies, until ``stop``."""

    def __init__(self, say: Callable[[str], None], env: dict[str, str]) -> None:
        self.say = say
        self.env = env
        self.children: list[Child] = []
        # No child is started once stop() has begun. Reentrant: SIGTERM's handler runs stop()
        # in the main thread, which may be inside start() holding it.
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def add(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        self.children.append(Child(name, argv, env))

    def start(self) -> None:
        with self.lock:
            for child in self.children:
                self._spawn(child, time.monotonic())
        self.thread.start()

    def _spawn(self, child: Child, now: float) -> None:
        child.started, child.restart_at = now, None
        try:
            child.process = subprocess.Popen(child.argv, env=child.env or self.env)
        except OSError as error:
            child.process = None
            child.restart_at = now + child.delay
            self.say(f"{child.name} could not start ({error}); trying again in {child.delay:.0f} s")
            child.delay = min(child.delay * 2, RESTART_MAX)
            return
        self.say(f"{child.name} pid {child.process.pid}")

    def _watch(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            for child in self.children:
                self._check(child, time.monotonic())

    def _check(self, child: Child, now: float) -> None:
        if child.restart_at is None and child.process is not None:
            code = child.process.poll()
            if code is None:  # running (or stopped by SIGSTOP: not dead, left alone)
                return
            ran = now - child.started
            if ran >= RAN_LONG_ENOUGH:
                child.delay = RESTART_FIRST
            child.restart_at = now + child.delay
            self.say(
                f"{child.name} (pid {child.process.pid}) {_how_it_ended(code)} after "
                f"{ran:.0f} s; starting it again in {child.delay:.0f} s"
            )
            child.delay = min(child.delay * 2, RESTART_MAX)
        elif child.restart_at is not None and now >= child.restart_at:
            with self.lock:
                if not self.stopping.is_set():
                    self._spawn(child, now)

    def stop(self) -> None:
        """SIGTERM to every child, then SIGKILL to any still running after 10 s (a task
        that does not end: the periodic check retries it)."""
        with self.lock:
            self.stopping.set()
            running = [c.process for c in self.children if c.process and c.process.poll() is None]
            for process in running:
                process.terminate()
        for process in running:
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def hold_sqlite_files() -> list[sqlite3.Connection]:
    """An idle connection to each SQLite database for as long as the server runs. SQLite
    removes a database's -wal and -shm files when its last connection closes and, on a full
    disk, cannot make them again: every request, reads and /healthz too, would then fail until
    space is freed. With these open the files stay, and a full disk refuses only writes."""
    held = []
    for alias in connections:
        config = connections[alias].settings_dict
        if config["ENGINE"] == "django.db.backends.sqlite3" and Path(config["NAME"]).exists():
            connection = sqlite3.connect(config["NAME"], check_same_thread=False)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the WAL
            held.append(connection)
    return held


class Command(BaseCommand):
    help = "Serve renkei (waitress; gunicorn for several web processes) with its task workers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--threads", type=int, help="threads per web process (default 8, or 4 with several)"
        )
        parser.add_argument(
            "--web-processes",
            type=int,
            default=int(os.environ.get("RENKEI_WEB_PROCESSES", "1")),
            help="web processes behind the one port (more than 1: gunicorn)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("RENKEI_WORKERS", "1")),
            help="task workers",
        )
        parser.add_argument(
            "--worker-nice",
            type=int,
            default=int(os.environ.get("RENKEI_WORKER_NICE", "0")),
            help="the task workers' lower CPU priority (0-19): pages first when the cores are busy",
        )
        parser.add_argument(
            "--mailcatcher",
            action="store_true",
            help="Also run a local SMTP server that saves mail under the data "
            "dir (for demos without a mail server).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        processes, workers = options["web_processes"], options["workers"]
        if processes < 1 or workers < 0:
            raise CommandError("--web-processes must be 1 or more, --workers 0 or more")
        if not 0 <= options["worker_nice"] <= 19:
            raise CommandError("--worker-nice must be 0 to 19")
        threads = options["threads"] or (8 if processes == 1 else 4)
        # Links in mail must open where this server is, on the same host name: a login on
        # 127.0.0.1 is not a login on localhost, so a link to the other name asks to log in again.
        # Listening on every address, it is reached on loopback at least.
        link_host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104
        link_host = f"[{link_host}]" if ":" in link_host else link_host
        base_url = os.environ.get("RENKEI_BASE_URL") or f"http://{link_host}:{port}"
        settings.RENKEI_BASE_URL = base_url
        env = os.environ | {"RENKEI_BASE_URL": base_url}
        catcher = None
        if options["mailcatcher"]:
            from renkei.core.management.commands.mailcatcher import HOST, start_catcher

            wanted = settings.EMAIL_PORT
            directory = settings.DATA_DIR / "mail"
            # In this process, so the worker is told the port really bound: a second demo
            # finding the port taken by the first catches its own mail on another port
            # instead of sending it into the first one's folder.
            catcher = start_catcher(directory, wanted, elsewhere=True)
            if catcher.port != wanted:
                self.stdout.write(
                    self.style.WARNING(
                        f"port {wanted} is taken (another mail catcher?): "
                        f"catching mail on {HOST}:{catcher.port} instead"
                    )
                )
            settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, catcher.port
            env |= {"EMAIL_HOST": HOST, "EMAIL_PORT": str(catcher.port)}
        worker = [sys.executable, "-m", "renkei", "worker", "--queue-name", "*"]
        if options["worker_nice"]:
            worker += ["--nice", str(options["worker_nice"])]

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()  # from the supervisor's thread too: a log sees it at once

        supervisor = Supervisor(say, env)
        if processes > 1:
            web_argv, web_env = gunicorn_child(host, port, processes, threads, env)
            supervisor.add(f"web server ({processes} processes)", web_argv, web_env)
        for number in range(1, workers + 1):
            name = "task worker" if workers == 1 else f"task worker {number}"
            supervisor.add(name, [*worker, "--interval", "0.5", "--no-reload"])
        supervisor.add("periodic checks", [sys.executable, "-m", "renkei", "tick"])

        held = hold_sqlite_files()
        stopped: list[bool] = []

        def stop(*_: Any) -> None:
            # Once: SIGTERM calls it, then the ``finally`` below as SystemExit unwinds.
            if stopped:
                return
            stopped.append(True)
            supervisor.stop()
            for connection in held:
                connection.close()
            if catcher is not None:
                catcher.stop()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"renkei is up at {url}  (health: {url}healthz)"))
        self.stdout.write(f"links in mail open {base_url.rstrip('/')}/")
        if catcher is not None:
            self.stdout.write(
                f"mail is caught on {HOST}:{catcher.port} and saved under "
                f"{settings.DATA_DIR / 'mail'}"
            )
        else:
            self.stdout.write(f"mail goes to {settings.EMAIL_HOST}:{settings.EMAIL_PORT}")
        supervisor.start()  # prints each child's pid
        self.stdout.flush()  # before waitress takes over: a log or pipe sees where things are
        try:
            if processes == 1:
                from waitress import serve

                from renkei.config.wsgi import application

                serve(application, host=host, port=port, threads=threads, ident="renkei")
            else:
                # gunicorn serves; this process only supervises until SIGTERM or Ctrl-C.
                while not supervisor.stopping.wait(1.0):
                    pass
        finally:
            stop()


def gunicorn_child(
    host: str, port: int, processes: int, threads: int, env: dict[str, str]
) -> tuple[list[str], dict[str, str]]:
    """gunicorn's command and environment. Its master process restarts a web process that dies;
    the supervisor restarts gunicorn itself.

    The request counters of /metrics are kept in files under the data dir, one per process, and
    summed at each scrape (prometheus_client's multi-process mode): emptied here at each start,
    as a single process's counters start at zero."""
    metrics_dir = settings.DATA_DIR / "prometheus"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    argv = [
        sys.executable, "-m", "gunicorn", "renkei.config.wsgi:application",
        "--bind", bind, "--workers", str(processes), "--worker-class", "gthread",
        "--threads", str(threads), "--graceful-timeout", str(GRACEFUL_SECONDS),
        # No control socket file in the working directory; the supervisor is the control.
        "--no-control-socket",
    ]  # fmt: skip
    if settings.RENKEI_LOG_FORMAT == "json":
        # gunicorn's own lines (booting, a worker timed out or killed) as the rest of the log.
        argv += ["--logger-class", f"{__name__}.JsonGunicornLogger"]
    return argv, env | {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn does not install where fcntl is missing: waitress only there
    _GunicornLogger = object


class JsonGunicornLogger(_GunicornLogger):
    """gunicorn's error log (and its access log, if one is asked for) as one JSON object per
    line, as core.logs writes every other line of renkei (``RENKEI_LOG_FORMAT=json``): a log
    shipper reads the whole stream, including a worker that timed out or was killed."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        from renkei.core.logs import JsonFormatter

        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
