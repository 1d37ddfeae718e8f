"""`renkei backup`: every configured database and every uploaded file in one archive with a
manifest of checksums, taken safely while the server goes on writing; and the check of an
archive without restoring it. Restoring is in core.restore; the layout in core.backup_archive.

A plain copy of a live SQLite file is not a backup: it can catch a page half-written, and the
recent writes sit in the ``-wal`` file beside it. SQLite's online backup API copies a
consistent snapshot instead; done in one step it holds a read transaction, which in WAL mode
never stops a writer. On PostgreSQL pg_dump does the same from its snapshot.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.db import connections

import renkei
from renkei.core import backup_pg, objectfiles
from renkei.core.backup_archive import (
    BackupError,
    Digest,
    HashingReader,
    Manifest,
    database_member,
    file_member,
    private_dir,
    read_archive,
    sqlite_integrity,
    sqlite_row_counts,
)

# gzip: read by every tar on every machine, streamed, and cheap on the CPU a live server shares
# (xz is several times slower). SQLite pages shrink well; drawings are mostly compressed already,
# so a higher level would cost time for little.
COMPRESS_LEVEL = 6
EXTENSION = ".tar.gz"
ENGINES = {"sqlite", "postgresql"}
STALE_WORK_SECONDS = 24 * 3600


@dataclass
class BackupSummary:
    """What a backup or a check found: the archive and its manifest."""

    path: Path
    manifest: Manifest
    seconds: float

    def lines(self) -> list[str]:
        out = [f"archive  {self.path} ({_size(self.path.stat().st_size)})"]
        for alias, database in self.manifest.databases.items():
            rows = self.manifest.total_rows(alias)
            tables = len(database["tables"])
            out.append(f"database {alias}: {database['engine']}, {tables} tables, {rows} rows")
        files = self.manifest.file_members()
        size = sum(self.manifest.members[name].size for name in files)
        out.append(f"files    {len(files)} ({_size(size)})")
        out.append(f"renkei   {self.manifest.renkei_version}, made {self.manifest.created_at}")
        out.append(f"took     {self.seconds:.1f} s")
        return out


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.1f} KB"


def default_output() -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")  # the operator's local time
    return Path(settings.DATA_DIR) / "backups" / f"renkei-{stamp}{EXTENSION}"


def create_backup(output: Path | None = None) -> BackupSummary:
    """Writes the archive to ``output`` (a file, or a directory for the default name) under a
    temporary name, and renames it only once complete and on disk: a crash never leaves a
    half archive under the final name."""
    started = time.monotonic()
    target = _target(output)
    private_dir(target.parent)
    _remove_stale_work(target.parent)
    work = Path(tempfile.mkdtemp(prefix=".renkei-backup-", dir=target.parent))
    partial = work / (target.name + ".partial")
    try:
        manifest = Manifest(
            renkei_version=renkei.__version__,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            databases={},
        )
        snapshots = _snapshot_databases(work, manifest)
        with _private_file(partial) as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=COMPRESS_LEVEL) as tar:
                for name, path in snapshots:
                    with path.open("rb") as stream:
                        manifest.members[name] = _add(tar, name, stream)
                    path.unlink()  # the copy is in the archive: free the disk as we go
                # After the databases: every file a database row names was written before
                # the row was committed, so before the snapshot, and is found here. Files
                # newer than the snapshot are kept too (unreferenced, and harmless).
                _add_files(tar, manifest)
                _add_bytes(tar, "manifest.json", _manifest_bytes(manifest))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
        _fsync_dir(target.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupSummary(target, manifest, time.monotonic() - started)


def _remove_stale_work(directory: Path) -> None:
    # What a backup killed mid-way left behind (its copies and partial archive), once it is
    # surely not a backup still running beside this one.
    cutoff = time.time() - STALE_WORK_SECONDS
    for stale in directory.glob(".renkei-backup-*"):
        if stale.is_dir() and not stale.is_symlink() and stale.stat().st_mtime < cutoff:
            shutil.rmtree(stale, ignore_errors=True)


def _target(output: Path | None) -> Path:
    if output is None:
        return default_output()
    output = output.expanduser().resolve()
    if output.is_dir():
        return output / default_output().name
    if output.exists():
        raise BackupError(f"{output} exists: choose another name")
    return output


def _private_file(path: Path) -> io.BufferedWriter:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _aliases() -> list[str]:
    # The task queue's database first, the main one last: the main database is then the newer
    # snapshot, and a mail it still holds as unsent whose task is missing is what the periodic
    # sweep re-enqueues, while the other order could hold a task for a row the copy lacks.
    aliases = list(connections)
    return sorted(aliases, key=lambda alias: alias == "default")


def _snapshot_databases(work: Path, manifest: Manifest) -> list[tuple[str, Path]]:
    snapshots = []
    for alias in _aliases():
        vendor = connections[alias].vendor
        if vendor not in ENGINES:
            raise BackupError(
                f"database {alias!r} is {vendor}: renkei backs up SQLite or PostgreSQL"
            )
        name = database_member(alias, vendor)
        path = work / Path(name).name
        entry = _snapshot_sqlite(alias, path) if vendor == "sqlite" else backup_pg.dump(alias, path)
        manifest.databases[alias] = {"member": name, **entry}
        snapshots.append((name, path))
    connections.close_all()
    return snapshots


def _snapshot_sqlite(alias: str, copy: Path) -> dict[str, object]:
    source_path = Path(str(connections[alias].settings_dict["NAME"]))
    if not source_path.is_file():
        raise BackupError(f"database {alias!r}: {source_path} not found (run renkei migrate_all)")
    source = sqlite3.connect(source_path, timeout=20)
    destination = sqlite3.connect(copy)
    try:
        # One step (pages=-1): a stepwise copy starts again whenever another connection
        # writes, which under steady writes may never end.
        source.backup(destination)
        # One self-contained file, whatever journal mode the copy inherited.
        destination.execute("PRAGMA journal_mode=DELETE")
        tables = sqlite_row_counts(destination)
    finally:
        destination.close()
        source.close()
    check = sqlite_integrity(copy)
    if check != "ok":
        raise BackupError(f"database {alias!r}: the copy fails integrity_check: {check}")
    return {"engine": "sqlite", "sqlite_version": sqlite3.sqlite_version, "tables": tables}


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes]) -> Digest:
    status = os.fstat(stream.fileno())
    info = tarfile.TarInfo(name)
    info.size = status.st_size
    info.mtime = int(status.st_mtime)
    info.mode = 0o600
    reader = HashingReader(stream, status.st_size)
    tar.addfile(info, reader)
    return Digest(reader.hash.hexdigest(), status.st_size)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _add_files(tar: tarfile.TarFile, manifest: Manifest) -> None:
    if not objectfiles.is_local():
        _add_objects(tar, manifest)
        return
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for directory, dirs, names in os.walk(root):  # links to directories are not followed
        dirs.sort()
        for filename in sorted(names):
            path = Path(directory) / filename
            if path.is_symlink():
                continue  # renkei never makes links; one pointing out of the data dir stays out
            relative = PurePosixPath(path.relative_to(root).as_posix())
            try:
                stream = path.open("rb")
            except FileNotFoundError:
                continue  # deleted since the listing (an expired staged drawing)
            name = file_member(relative)
            with stream:
                try:
                    manifest.members[name] = _add(tar, name, stream)
                except OSError as exc:  # tarfile's "unexpected end of data"
                    raise BackupError(
                        f"{path} shrank while it was read ({exc}): try again"
                    ) from None


def _add_objects(tar: tarfile.TarFile, manifest: Manifest) -> None:
    """The files from the bucket, streamed object by object into the archive (nothing is
    written to the local disk on the way)."""
    for stored in objectfiles.stored_objects():
        name = file_member(PurePosixPath(stored.name))
        info = tarfile.TarInfo(name)
        info.size = stored.size
        info.mtime = int(time.time())
        info.mode = 0o600
        with stored.open() as stream:
            reader = HashingReader(stream, stored.size)
            try:
                tar.addfile(info, reader)
            except OSError as exc:
                raise BackupError(
                    f"{stored.name} changed while it was read ({exc}): try again"
                ) from None
        manifest.members[name] = Digest(reader.hash.hexdigest(), stored.size)


def _manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.as_json(), ensure_ascii=False, indent=1).encode() + b"\n"


def verify_backup(archive: Path) -> BackupSummary:
    """Checks an archive without restoring: every checksum and size, safe names only, and each
    SQLite database's integrity_check on a temporary copy."""
    started = time.monotonic()
    archive = archive.expanduser().resolve()
    with tempfile.TemporaryDirectory(prefix="renkei-verify-") as scratch:
        into = Path(scratch)
        manifest = read_archive(archive, into=into, keep=lambda name: name.endswith(".sqlite3"))
        for alias, database in manifest.databases.items():
            if database["engine"] != "sqlite":
                continue
            copy = into / database["member"]
            check = sqlite_integrity(copy)
            if check != "ok":
                raise BackupError(
                    f"database {alias!r} in the archive fails integrity_check: {check}"
                )
            connection = sqlite3.connect(copy)
            try:
                found = sqlite_row_counts(connection)
            finally:
                connection.close()
            if found != database["tables"]:
                raise BackupError(f"database {alias!r}: row counts differ from the manifest")
    return BackupSummary(archive, manifest, time.monotonic() - started)
