"""The backup archive's layout and how it is read: one gzip-compressed tar holding each database
(``databases/<alias>.sqlite3`` or ``.pgdump``), every uploaded file (``files/<path under
MEDIA_ROOT>``) and, last, ``manifest.json`` with the SHA-256 and size of every other member.

Reading is one sequential pass (the manifest comes last, so nothing is trusted before every
member has been hashed), refuses anything but regular files under those names, and writes
members only to paths it builds itself, never to a name taken as it is from the archive.
"""

import hashlib
import json
import os
import sqlite3
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

MANIFEST = "manifest.json"
FORMAT = "renkei-backup"
FORMAT_VERSION = 1
DATABASES_DIR = "databases"
FILES_DIR = "files"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup, a check or a restore that cannot go on; the message says why, for an operator."""


@dataclass
class Digest:
    """SHA-256 and size of one member, as written or as read."""

    sha256: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size}


@dataclass
class Manifest:
    """What ``manifest.json`` says of an archive (see the module docstring)."""

    renkei_version: str
    created_at: str
    # alias -> {"engine": ..., "member": ..., "tables": {table: rows}, ...}
    databases: dict[str, dict[str, Any]]
    members: dict[str, Digest] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        files = [d for name, d in self.members.items() if name.startswith(FILES_DIR + "/")]
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "renkei_version": self.renkei_version,
            "created_at": self.created_at,
            "databases": self.databases,
            "files": {"count": len(files), "bytes": sum(d.size for d in files)},
            "members": {name: d.as_json() for name, d in sorted(self.members.items())},
        }

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("manifest.json is not a renkei backup manifest")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"this archive is format {data.get('format_version')}, this renkei reads "
                    f"format {FORMAT_VERSION}"
                )
            members = {
                str(name): Digest(str(d["sha256"]), int(d["size"]))
                for name, d in data["members"].items()
            }
            return cls(
                renkei_version=str(data["renkei_version"]),
                created_at=str(data["created_at"]),
                databases={str(k): dict(v) for k, v in data["databases"].items()},
                members=members,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"manifest.json cannot be read: {exc}") from None

    def file_members(self) -> list[str]:
        return [name for name in self.members if name.startswith(FILES_DIR + "/")]

    def total_rows(self, alias: str) -> int:
        return sum(int(n) for n in self.databases[alias]["tables"].values())


def database_member(alias: str, vendor: str) -> str:
    return f"{DATABASES_DIR}/{alias}{SUFFIX[vendor]}"


def file_member(relative: PurePosixPath) -> str:
    return f"{FILES_DIR}/{relative.as_posix()}"


class HashingReader:
    """Reads a file for tarfile while hashing it; ``size`` bytes exactly, else an error, so a
    file cut short while it is read never becomes a member with a wrong checksum."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream = stream
        self.left = size
        self.hash = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        if n < 0 or n > self.left:
            n = self.left
        data = self.stream.read(n)
        self.left -= len(data)
        self.hash.update(data)
        return data


def digest_file(path: Path) -> Digest:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return Digest(sha.hexdigest(), size)


def safe_member_name(name: str) -> PurePosixPath:
    """The member's name if it is one a renkei backup may hold, else BackupError: no absolute
    path, no ``..``, nothing outside ``databases/`` and ``files/`` but the manifest."""
    path = PurePosixPath(name)
    unsafe = (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
    )
    if unsafe:
        raise BackupError(f"unsafe name in the archive, refused: {name!r}")
    if name == MANIFEST:
        return path
    if path.parts[0] == DATABASES_DIR and len(path.parts) == 2:
        return path
    if path.parts[0] == FILES_DIR and len(path.parts) >= 2:
        return path
    raise BackupError(f"unexpected member in the archive, refused: {name!r}")


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def read_archive(archive: Path, *, into: Path | None, keep: Callable[[str], bool]) -> Manifest:
    """Reads the whole archive once, hashing every member; the members for which ``keep`` is
    true are written under ``into`` at their own names. Raises BackupError, naming the first
    problem, unless every member is safe, listed in the manifest with its checksum and size,
    and every member the manifest lists is there."""
    seen: dict[str, Digest] = {}
    manifest_raw: bytes | None = None
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                name = member.name
                safe_member_name(name)
                if not member.isreg():
                    raise BackupError(f"the archive holds a link or special file, refused: {name}")
                if name in seen or (name == MANIFEST and manifest_raw is not None):
                    raise BackupError(f"the archive holds {name} twice, refused")
                stream = tar.extractfile(member)
                if stream is None:  # pragma: no cover (a regular file always has one)
                    raise BackupError(f"cannot read {name}")
                if name == MANIFEST:
                    manifest_raw = stream.read()
                    continue
                target = into / name if into is not None and keep(name) else None
                seen[name] = _copy_member(stream, target)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(f"{archive} is damaged or truncated: {exc}") from None
    except FileNotFoundError:
        raise BackupError(f"{archive}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{archive} is a directory") from None
    if manifest_raw is None:
        raise BackupError(f"{archive} holds no manifest.json: not a renkei backup, or cut short")
    manifest = Manifest.from_json(manifest_raw)
    _compare(manifest, seen)
    return manifest


def _copy_member(stream: IO[bytes], target: Path | None) -> Digest:
    sha = hashlib.sha256()
    size = 0
    out = None
    if target is not None:
        private_dir(target.parent)
        out = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    try:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    finally:
        if out is not None:
            out.close()
    return Digest(sha.hexdigest(), size)


def _compare(manifest: Manifest, seen: dict[str, Digest]) -> None:
    for name, expected in manifest.members.items():
        found = seen.get(name)
        if found is None:
            raise BackupError(f"{name} is in the manifest but missing from the archive")
        if found.size != expected.size:
            raise BackupError(
                f"{name} has {found.size} bytes, the manifest says {expected.size}: "
                "the archive was changed or damaged"
            )
        if found.sha256 != expected.sha256:
            raise BackupError(
                f"{name} does not match its SHA-256 in the manifest: "
                "the archive was changed or damaged"
            )
    extra = sorted(set(seen) - set(manifest.members))
    if extra:
        raise BackupError(f"{extra[0]} is in the archive but not in the manifest, refused")
    for alias, database in manifest.databases.items():
        if database.get("member") not in manifest.members:
            raise BackupError(f"the manifest names no member for database {alias!r}")


def sqlite_integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a SQLite file: "ok" or the first problems it lists."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows[:5])


def quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        table: int(connection.execute(f"SELECT COUNT(*) FROM {quote_sqlite(table)}").fetchone()[0])  # noqa: S608 (quoted names from sqlite_master)
        for table in tables
    }
