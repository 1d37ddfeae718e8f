"""The uploaded files when they live in an S3-compatible bucket rather than under MEDIA_ROOT:
what `renkei backup` reads and `renkei restore` writes back, object by object, by the names
the rows hold (the bucket's prefix, RENKEI_S3_PREFIX, taken off and put back)."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files.storage import FileSystemStorage, default_storage


def is_local() -> bool:
    """True when files are under MEDIA_ROOT (the default), False for a bucket."""
    return isinstance(default_storage, FileSystemStorage)


@dataclass(frozen=True)
class StoredObject:
    name: str  # as a FileField holds it, without the bucket's prefix
    size: int
    _object: Any

    def open(self) -> IO[bytes]:
        body: IO[bytes] = self._object.get()["Body"]
        return body


def _prefix() -> str:
    location = str(getattr(default_storage, "location", "") or "").strip("/")
    return f"{location}/" if location else ""


def stored_objects() -> Iterator[StoredObject]:
    """Every object under the platform's prefix, in key order. Keys that would not be safe
    file names in an archive (absolute, with `..`) are skipped: renkei never makes them."""
    prefix = _prefix()
    for item in default_storage.bucket.objects.filter(Prefix=prefix):  # type: ignore[attr-defined]
        name = item.key[len(prefix) :]
        path = PurePosixPath(name)
        if not name or name.endswith("/") or path.is_absolute() or ".." in path.parts:
            continue
        yield StoredObject(name, int(item.size), item.Object())


def put(name: str, source: Path) -> None:
    """Writes one file back under exactly its name (a restore must not rename what rows name)."""
    key = _prefix() + PurePosixPath(name).as_posix()
    default_storage.bucket.upload_file(str(source), key)  # type: ignore[attr-defined]
