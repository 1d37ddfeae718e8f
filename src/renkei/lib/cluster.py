"""`make cluster`: the production profile on one machine, for a try-out, with real servers on
loopback — PostgreSQL (Debian's package) as the one database, SeaweedFS as the S3 object
storage, and `renkei serve --web-processes 2 --workers 2` (gunicorn and two task workers).

Every start begins again from the demo region: the try-out's own directory (``cluster/`` under
the data dir) is emptied, PostgreSQL made anew with initdb, the schema migrated and the demo
loaded. Ctrl-C (or SIGTERM) stops renkei, then SeaweedFS, then PostgreSQL.

PostgreSQL refuses to run as root: as root its directory belongs to the ``postgres`` user (made
by Debian's package) and lies under /tmp, which that user can reach (the data dir may not be),
as in the CI script.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from renkei.lib.liveserver import HOST, free_port, renkei, renkei_env
from renkei.lib.s3server import S3Server

DATABASE = "renkei"


def say(line: str) -> None:
    print(f"[cluster] {line}", flush=True)


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's programs; installs Debian's package first when missing
    and this is root on Debian (as the CI script does)."""

    def found() -> list[Path]:
        return sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)

    if not found() and os.geteuid() == 0 and shutil.which("apt-get"):
        say("PostgreSQL is not installed: apt-get install postgresql")
        quiet = subprocess.DEVNULL
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=quiet)  # noqa: S607
        noninteractive = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "postgresql"]
        subprocess.run(install, check=True, env=noninteractive, stdout=quiet)  # noqa: S603
    if not found():
        raise SystemExit("PostgreSQL is missing: install Debian's postgresql package")
    return found()[-1].parent


def _version(initdb: Path) -> tuple[int, ...]:
    name = initdb.parent.parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


class Postgres:
    """A PostgreSQL server of the try-out's own on a free loopback port, trusted on loopback
    only (nothing else can reach it)."""

    def __init__(self, directory: Path) -> None:
        self.bin = postgres_bin()
        self.directory = directory
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{DATABASE}"

    def _run(self, program: str, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        command = [*prefix, str(self.bin / program), *args]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def start(self) -> "Postgres":
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.directory), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.directory} -c listen_addresses={HOST}"
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", str(self.directory), "-w", "-l", log, "-o", options, "start")
        import psycopg

        admin = f"postgres://postgres@{HOST}:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.directory), "-m", "fast", "-w", "stop")


def _stop_on_sigterm() -> None:
    def stop(_signal: int, _frame: FrameType | None) -> None:
        # Once: a second signal (Ctrl-C pressed again) must not cut short the stopping of
        # PostgreSQL and SeaweedFS below.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt  # the same way out as Ctrl-C

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


@contextlib.contextmanager
def _postgres_directory(root: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        yield root / "postgres"
        return
    temporary = Path(tempfile.mkdtemp(prefix="renkei-cluster-pg-"))
    try:
        yield temporary
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--web-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    # Everything shares one machine's cores here: pages before previews and mail.
    parser.add_argument("--worker-nice", type=int, default=10)
    options = parser.parse_args(argv)
    data_dir = Path(os.environ.get("RENKEI_DATA_DIR") or Path.cwd() / "var").resolve()
    root = data_dir / "cluster"
    shutil.rmtree(root, ignore_errors=True)  # a try-out: from the demo again at every start
    root.mkdir(parents=True)
    _stop_on_sigterm()
    stack = contextlib.ExitStack()
    try:
        with stack:
            run(options, root, stack)
    except KeyboardInterrupt:
        say("stopped")


def run(options: argparse.Namespace, root: Path, stack: contextlib.ExitStack) -> None:
    postgres = Postgres(stack.enter_context(_postgres_directory(root)))
    say(f"PostgreSQL {postgres.bin.parent.name} in {postgres.directory} …")
    postgres.start()
    stack.callback(postgres.stop)
    say(f"PostgreSQL on {HOST}:{postgres.port}: {postgres.url}")
    s3 = S3Server(root / "s3")
    say("SeaweedFS (S3) …")
    s3.start()
    stack.callback(s3.stop)
    say(f"S3 at {s3.endpoint}, bucket {s3.bucket!r}; SeaweedFS's files in {root / 's3'}")
    url = f"http://{HOST}:{options.port}"
    env = renkei_env(
        root / "data",
        DATABASE_URL=postgres.url,
        RENKEI_BASE_URL=os.environ.get("RENKEI_BASE_URL") or url,
        **s3.env(),
    )
    say("migrate_all, collectstatic, load_demo …")
    renkei(env, "migrate_all", "-v0", timeout=1800)
    renkei(env, "collectstatic", "--noinput", "-v0")
    print(renkei(env, "load_demo", timeout=1800).strip(), flush=True)  # its sign-in names
    serve = [
        sys.executable, "-m", "renkei", "serve", "--port", str(options.port),
        "--web-processes", str(options.web_processes), "--workers", str(options.workers),
        "--worker-nice", str(options.worker_nice),
    ]  # fmt: skip
    if not os.environ.get("EMAIL_HOST"):
        serve.append("--mailcatcher")  # mail saved under the data dir, never sent
    say(f"renkei's own files (mail, /metrics counters) in {root / 'data'}; Ctrl-C stops all")
    server = subprocess.Popen(serve, env=env)  # noqa: S603 (our own interpreter and arguments)
    try:
        server.wait()
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        # SeaweedFS and PostgreSQL stop next, in the ExitStack: last started first.


if __name__ == "__main__":
    main()
