"""`renkei restore`: an archive made by `renkei backup` back into the databases and MEDIA_ROOT
of the current settings.

Nothing is changed before the whole archive has been read and every member matched its
checksum: the members are unpacked into a private directory inside the data dir first (on the
same disk as the files, so that moving them in is a rename), each SQLite copy must pass
integrity_check, and only then are the databases and the files replaced. The server must be
stopped while it runs.
"""

import errno
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connections

import renkei
from renkei.core import backup_pg, objectfiles
from renkei.core.backup_archive import (
    FILES_DIR,
    BackupError,
    Manifest,
    private_dir,
    read_archive,
    sqlite_integrity,
    sqlite_row_counts,
)


@dataclass
class RestoreSummary:
    """What a restore put back, for the operator."""

    archive: Path
    manifest: Manifest
    started: float  # time.monotonic()
    databases: dict[str, str] = field(default_factory=dict)  # alias -> where it went
    files: int = 0
    file_bytes: int = 0

    def lines(self) -> list[str]:
        out = [f"archive  {self.archive} (made {self.manifest.created_at})"]
        for alias, where in self.databases.items():
            database = self.manifest.databases[alias]
            out.append(
                f"database {alias}: {database['engine']} {where}, {len(database['tables'])} "
                f"tables, {self.manifest.total_rows(alias)} rows (as in the manifest)"
            )
        into = _media() if objectfiles.is_local() else "the bucket"
        out.append(f"files    {self.files} ({self.file_bytes / 2**20:.1f} MB) into {into}")
        if self.manifest.renkei_version != renkei.__version__:
            out.append(
                f"note     made by renkei {self.manifest.renkei_version}, this is "
                f"{renkei.__version__}: run `renkei migrate_all` before `renkei serve`"
            )
        out.append(f"took     {time.monotonic() - self.started:.1f} s")
        return out


def _media() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sqlite_path(alias: str) -> Path:
    return Path(str(connections[alias].settings_dict["NAME"]))


def _where(alias: str) -> str:
    if connections[alias].vendor == "sqlite":
        return str(_sqlite_path(alias))
    return f"database {connections[alias].settings_dict['NAME']!r}"


def _sqlite_tables(path: Path) -> int:
    if not path.is_file() or path.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database: {exc}") from None
    finally:
        connection.close()
    return int(found[0])


def refuse_non_empty() -> None:
    """BackupError naming every database of the current settings that already holds tables."""
    held = []
    for alias in connections:
        try:
            if connections[alias].vendor == "sqlite":
                tables = _sqlite_tables(_sqlite_path(alias))
            else:
                tables = backup_pg.is_empty(alias)[1]
        except DatabaseError as exc:
            raise BackupError(f"cannot open database {alias!r}: {exc}") from None
        if tables:
            held.append(f"{alias} ({_where(alias)}, {tables} tables)")
    if held:
        raise BackupError(
            "not restored: these databases are not empty: "
            + "; ".join(held)
            + ". Restore with --force to replace them (stop renkei serve first)."
        )


def _check_matches_settings(manifest: Manifest) -> None:
    have = {alias: connections[alias].vendor for alias in connections}
    held = {alias: str(d["engine"]) for alias, d in manifest.databases.items()}
    if have != held:

        def show(databases: dict[str, str]) -> str:
            return ", ".join(f"{alias} ({engine})" for alias, engine in sorted(databases.items()))

        raise BackupError(
            f"not restored: the archive holds {show(held)} but the current settings have "
            f"{show(have)}; restore into the same kind of database (DATABASE_URL)"
        )


def restore_backup(archive: Path, *, force: bool = False) -> RestoreSummary:
    started = time.monotonic()
    archive = archive.expanduser().resolve()
    if not force:
        refuse_non_empty()
    data_dir = private_dir(Path(settings.DATA_DIR))
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        manifest = read_archive(archive, into=staging, keep=lambda _name: True)
        _check_matches_settings(manifest)
        for alias, database in manifest.databases.items():
            if database["engine"] == "sqlite":
                check = sqlite_integrity(staging / database["member"])
                if check != "ok":
                    raise BackupError(f"not restored: {alias!r} fails integrity_check: {check}")
        # Every check passed: from here on the current data is replaced.
        summary = RestoreSummary(archive, manifest, started)
        for alias, database in manifest.databases.items():
            dump = staging / database["member"]
            if database["engine"] == "sqlite":
                _restore_sqlite(alias, dump)
            else:
                backup_pg.restore(alias, dump)
            _check_counts(alias, database["tables"])
            summary.databases[alias] = _where(alias)
        local = objectfiles.is_local()
        for name in manifest.file_members():
            relative = PurePosixPath(name).relative_to(FILES_DIR)
            if local:
                _move(staging / name, _media().joinpath(*relative.parts))
            else:
                objectfiles.put(relative.as_posix(), staging / name)
            summary.files += 1
            summary.file_bytes += manifest.members[name].size
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _restore_sqlite(alias: str, copy: Path) -> None:
    """Through SQLite's backup API into the file itself, not a rename over it: a stale -wal or
    -shm file beside it is then never replayed onto the restored pages."""
    target = _sqlite_path(alias)
    private_dir(target.parent)
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target, timeout=20)
    try:
        source.backup(destination)
    except sqlite3.Error as exc:
        raise BackupError(f"restoring {alias!r} into {target} failed: {exc}") from None
    finally:
        destination.close()
        source.close()
    check = sqlite_integrity(target)
    if check != "ok":
        raise BackupError(f"{target} fails integrity_check after the restore: {check}")


def _check_counts(alias: str, expected: dict[str, int]) -> None:
    if connections[alias].vendor == "sqlite":
        connection = sqlite3.connect(_sqlite_path(alias))
        try:
            found = sqlite_row_counts(connection)
        finally:
            connection.close()
    else:
        found = backup_pg.row_counts(alias)
    # Tables of the target that the archive does not hold (a --force over a newer schema) are
    # left as they were, and not compared.
    differ = sorted(table for table, rows in expected.items() if found.get(table) != rows)
    if differ:
        raise BackupError(
            f"{alias!r} was restored but its row counts differ from the manifest in: "
            + ", ".join(differ[:10])
        )


def _move(source: Path, target: Path) -> None:
    private_dir(target.parent)
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.move(source, target)  # MEDIA_ROOT on another disk than the data dir
