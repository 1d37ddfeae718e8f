"""The backup drill, with real processes: `renkei backup` while customers go on sending inquiries
with drawings to `renkei serve`, then `renkei restore` into a new data dir, checked as an
operator would check it — integrity_check, row counts and file checksums against the manifest,
every restored inquiry with all its drawings. On SQLite, or on the PostgreSQL server the suite
runs against (DATABASE_URL=postgres://…), in databases of the drill's own."""

import contextlib
import hashlib
import io
import json
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from renkei.lib.liveserver import (
    Server,
    SMTPServer,
    fresh_database,
    migrate,
    post_inquiry,
    postgres_url,
    renkei,
    renkei_env,
)

# Its module-scoped fixtures (a site of real processes) are made once: one xdist worker runs
# all of its tests (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("test_backup_drill")

GROUP = "rakunan-shisaku"  # a group of the demo region (renkei load_demo)
SQLITE_FILES = {"default": "renkei.sqlite3", "tasks": "tasks.sqlite3"}
# The drill sends far more than one address may: the limits are not what is tested here.
UNLIMITED = "inquiry_address=100000/h,upload_address=100000/h,ack_recipient=100000/d"


@dataclass
class Site:
    """A data dir of its own and, on PostgreSQL, a database of its own."""

    data_dir: Path
    database_url: str | None

    @property
    def env(self) -> dict[str, str]:
        extra = {"DATABASE_URL": self.database_url} if self.database_url else {}
        return renkei_env(self.data_dir, RENKEI_RATE_LIMITS=UNLIMITED, **extra)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a query on the main database, outside renkei."""
        if self.database_url is None:
            with contextlib.closing(sqlite3.connect(self.data_dir / "renkei.sqlite3")) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return db.execute(sql).fetchall()

    def table_counts(self) -> dict[str, dict[str, int]]:
        """Rows per table per alias, as the manifest records them."""
        if self.database_url is None:
            counts = {}
            for alias, filename in SQLITE_FILES.items():
                with contextlib.closing(sqlite3.connect(self.data_dir / filename)) as db:
                    tables = [
                        row[0]
                        for row in db.execute(
                            "SELECT name FROM sqlite_master WHERE type = 'table' "
                            "AND name NOT LIKE 'sqlite_%'"
                        )
                    ]
                    counts[alias] = {t: _count(db, t) for t in tables}
            return counts
        tables = [
            row[0] for row in self.rows("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
        count = 'SELECT COUNT(*) FROM "{}"'  # names from the catalogue
        return {"default": {t: self.rows(count.format(t))[0][0] for t in tables}}

    def files(self) -> dict[str, str]:
        root = self.data_dir / "files"
        return {
            p.relative_to(root).as_posix(): _sha256(p.read_bytes())
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    def state(self) -> Any:
        """Everything a restore could change: the databases (their whole content on SQLite,
        as SQL: the bytes of the file move when a reader checkpoints its WAL) and the files."""
        dumps = {}
        if self.database_url is None:
            for filename in SQLITE_FILES.values():
                with contextlib.closing(sqlite3.connect(self.data_dir / filename)) as db:
                    dumps[filename] = _sha256("\n".join(db.iterdump()).encode())
        return (dumps, self.table_counts(), self.files())


def _count(db: sqlite3.Connection, table: str) -> int:
    sql = f'SELECT COUNT(*) FROM "{table}"'  # noqa: S608 (a name from sqlite_master)
    return int(db.execute(sql).fetchone()[0])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _step_file() -> bytes:
    # A STEP file as CAD programs write them (text), different in every inquiry, ~60 KB.
    body = "\n".join(f"#{n}=COMMENT('{secrets.token_hex(24)}');" for n in range(900))
    return f"ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n{body}\nENDSEC;\nEND-ISO-10303-21;\n".encode()


@dataclass
class Writer:
    """Customers sending inquiries with two drawings each through the API, in threads, until
    stopped; keeps what each 201 said was saved."""

    url: str
    threads: int = 2
    sent: dict[int, set[str]] = field(default_factory=dict)  # inquiry id -> drawings' SHA-256
    started: int = 0
    failures: list[str] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send_one(self) -> None:
        files = [("bracket.step", _step_file()), ("shaft.step", _step_file())]
        data = {
            "company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": "アルミブラケット",
            "description": "図面の通り",
            "quantity": 5,
        }
        with self.lock:
            self.started += 1
        status, answer = post_inquiry(self.url, GROUP, data, files)
        if status != 201:
            with self.lock:
                self.failures.append(f"{status} {answer!r:.300}")
            return
        with self.lock:
            self.sent[answer["id"]] = {_sha256(content) for _name, content in files}

    def created(self) -> int:
        with self.lock:
            return len(self.sent)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self.send_one()
            except Exception as exc:
                with self.lock:
                    self.failures.append(repr(exc))

    def __enter__(self) -> "Writer":
        self.workers = [
            threading.Thread(target=self._loop, daemon=True) for _ in range(self.threads)
        ]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=60)


@dataclass
class Drill:
    source: Site
    archive: Path
    manifest: dict[str, Any]
    sent: dict[int, set[str]]
    figures: dict[str, int]


def _count_inquiries(site: Site) -> int:
    return int(site.rows("SELECT COUNT(*) FROM inquiries_inquiry")[0][0])


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    """A site with the demo region and inquiries with drawings, backed up while two customers
    go on sending inquiries; the server is stopped once the backup is taken."""
    root = tmp_path_factory.mktemp("backup-drill")
    with contextlib.ExitStack() as stack:
        source = Site(root / "source", stack.enter_context(fresh_database("source")))
        # On SQLite a copy of the run's one migrated data dir (what migrating gives, without
        # half a minute of migrating again); on PostgreSQL the drill's database migrated for real.
        migrate(source.env)
        renkei(source.env, "load_demo")
        smtp = SMTPServer().start()
        stack.callback(smtp.stop)
        server = Server(source.env | {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)})
        stack.callback(server.stop)
        server.start()
        archive = root / "renkei-drill.tar.gz"
        demo = _count_inquiries(source)
        with Writer(server.url) as writer:
            while writer.created() < 4 and not writer.failures:
                time.sleep(0.05)
            before = _count_inquiries(source)
            backup = subprocess.Popen(
                [sys.executable, "-m", "renkei", "backup", "--output", str(archive)],
                env=source.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            out, err = backup.communicate(timeout=120)
            started_by_end = writer.started
            time.sleep(0.5)  # and a little after it
        assert backup.returncode == 0, err
        assert not writer.failures, writer.failures[:3]
        server.stop()
        assert "backup written" in out and str(archive) in out
        with tarfile.open(archive) as tar:
            member = tar.extractfile("manifest.json")
            assert member is not None
            manifest = json.loads(member.read())
        figures = {
            "demo": demo,
            "before": before,
            "started_by_end": started_by_end,
            "after": _count_inquiries(source),
        }
        yield Drill(source, archive, manifest, dict(writer.sent), figures)


def _refused(env: dict[str, str], *args: str) -> str:
    """Runs `renkei <args>`, which must fail; returns what it said."""
    done = subprocess.run(
        [sys.executable, "-m", "renkei", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0, done.stdout
    return done.stderr


def _integrity(site: Site) -> dict[str, str]:
    checks = {}
    for alias, filename in SQLITE_FILES.items():
        with contextlib.closing(sqlite3.connect(site.data_dir / filename)) as db:
            checks[alias] = db.execute("PRAGMA integrity_check").fetchone()[0]
    return checks


def _manifest_counts(manifest: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {alias: db["tables"] for alias, db in manifest["databases"].items()}


def _manifest_files(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name.removeprefix("files/"): digest
        for name, digest in manifest["members"].items()
        if name.startswith("files/")
    }


def test_a_backup_under_writes_restores_whole_into_a_new_data_dir(drill, tmp_path):
    manifest, figures = drill.manifest, drill.figures
    in_backup = manifest["databases"]["default"]["tables"]["inquiries_inquiry"]
    # The snapshot was taken while inquiries went on arriving: it holds more than were saved
    # when the backup started, no more than had been sent when it ended, fewer than at the end.
    assert figures["before"] < in_backup <= figures["demo"] + figures["started_by_end"], figures
    assert in_backup < figures["after"], figures
    assert drill.archive.stat().st_mode & 0o777 == 0o600
    assert "archive ok" in renkei(drill.source.env, "backup", "--verify", str(drill.archive))
    assert {"renkei_version", "created_at"} <= set(manifest)
    assert manifest["databases"]["default"]["engine"] == (
        "postgresql" if postgres_url() else "sqlite"
    )

    with fresh_database("target") as url:
        target = Site(tmp_path / "restored", url)
        said = renkei(target.env, "restore", str(drill.archive))
        assert "restored" in said

        if url is None:
            assert _integrity(target) == {"default": "ok", "tasks": "ok"}
        assert target.table_counts() == _manifest_counts(manifest)
        expected_files = _manifest_files(manifest)
        restored = target.files()
        assert set(restored) == set(expected_files) and expected_files
        for name, digest in expected_files.items():
            assert restored[name] == digest["sha256"], name
            assert (target.data_dir / "files" / name).stat().st_size == digest["size"]

        # Every inquiry of the restored database has all its drawings, byte for byte.
        drawings: dict[int, set[str]] = {}
        for inquiry_id, path, sha256 in target.rows(
            "SELECT inquiry_id, file, sha256 FROM inquiries_drawing WHERE inquiry_id IS NOT NULL"
        ):
            assert restored.get(path) == sha256, path
            drawings.setdefault(inquiry_id, set()).add(sha256)
        ours = [i for (i,) in target.rows("SELECT id FROM inquiries_inquiry") if i in drill.sent]
        assert len(ours) == in_backup - figures["demo"] > 4
        for inquiry_id in ours:
            assert drawings.get(inquiry_id) == drill.sent[inquiry_id], inquiry_id

        # The restored site is whole: its own backup (to the default place, private) holds
        # the same rows and the same files.
        renkei(target.env, "backup")
        [again] = (target.data_dir / "backups").glob("renkei-*.tar.gz")
        assert (target.data_dir / "backups").stat().st_mode & 0o777 == 0o700
        assert again.stat().st_mode & 0o777 == 0o600
        with tarfile.open(again) as tar:
            member = tar.extractfile("manifest.json")
            assert member is not None
            second = json.loads(member.read())
        assert _manifest_counts(second) == _manifest_counts(manifest)
        assert _manifest_files(second) == expected_files


def _rewritten(archive: Path, target: Path, change: Any) -> Path:
    """A copy of ``archive`` with each member passed through ``change(name, data)``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            stream = source.extractfile(member)
            assert stream is not None
            data = change(member.name, stream.read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_a_tampered_cut_or_unsafe_archive_is_refused_and_changes_nothing(drill, tmp_path):
    site = drill.source
    before = site.state()
    changed: list[str] = []

    def flip_one_file(name: str, data: bytes) -> bytes:
        if name.startswith("files/") and not changed:
            changed.append(name)
            return bytes([data[0] ^ 1]) + data[1:]
        return data

    tampered = _rewritten(drill.archive, tmp_path / "tampered.tar.gz", flip_one_file)
    said = _refused(site.env, "restore", "--force", str(tampered))
    assert f"{changed[0]} does not match its SHA-256" in said
    assert "SHA-256" in _refused(site.env, "backup", "--verify", str(tampered))

    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(drill.archive.read_bytes()[: drill.archive.stat().st_size // 2])
    assert "damaged or truncated" in _refused(site.env, "restore", "--force", str(cut))

    def no_manifest(name: str, data: bytes) -> bytes:
        return b"{}" if name == "manifest.json" else data

    forged = _rewritten(drill.archive, tmp_path / "forged.tar.gz", no_manifest)
    assert "not a renkei backup manifest" in _refused(site.env, "restore", "--force", str(forged))

    for name, kind in [("files/../../evil.step", tarfile.REGTYPE), ("files/x", tarfile.SYMTYPE)]:
        unsafe = tmp_path / "unsafe.tar.gz"
        with tarfile.open(unsafe, "w:gz") as tar:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
            data = b"ISO-10303-21;\n"
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if info.size else None)
        said = _refused(site.env, "restore", "--force", str(unsafe))
        assert "unsafe name" in said or "link" in said, said
        unsafe.unlink()
    assert not list(tmp_path.parent.rglob("evil.step"))

    assert site.state() == before
    assert not list(site.data_dir.glob(".restore-*"))  # nothing left behind either


def test_a_restore_over_a_non_empty_database_needs_force(drill):
    site = drill.source
    before = site.state()
    said = _refused(site.env, "restore", str(drill.archive))
    assert "not empty" in said and "--force" in said
    assert site.state() == before

    renkei(site.env, "restore", "--force", str(drill.archive))
    # Back to the snapshot: the inquiries sent after it are gone from the database, while
    # their files stay on disk, unreferenced.
    assert site.table_counts() == _manifest_counts(drill.manifest)
    assert set(_manifest_files(drill.manifest)) <= set(site.files())
    if site.database_url is None:
        assert _integrity(site) == {"default": "ok", "tasks": "ok"}
