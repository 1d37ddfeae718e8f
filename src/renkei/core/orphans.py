"""Files under MEDIA_ROOT that no row names: what a process killed in the middle of saving an
upload leaves behind (the file written, the row never committed). A periodic check removes
them once they are old enough that no upload can still be on its way."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db.models import FileField
from django.utils import timezone

from renkei.core.audit import audit

MARKER = ".orphan-files-checked"
GRACE = dt.timedelta(days=1)  # no upload takes longer; a staged drawing has its row at once
EVERY = dt.timedelta(hours=6)  # a walk of every file: not every minute


def named_files() -> set[str]:
    """Every file name a row of any model names."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                rows = model._default_manager.exclude(**{field.name: ""})
                names.update(rows.values_list(field.name, flat=True).iterator())
    return names


def remove_orphan_files(now: dt.datetime | None = None, *, force: bool = False) -> dict[str, Any]:
    """The periodic check (``RENKEI_PERIODIC``): at most every six hours, removes the files
    older than a day that no row names. Only for files on this machine's disk."""
    if not isinstance(default_storage, FileSystemStorage):
        return {"removed": 0}
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT)
    marker = root.parent / MARKER  # beside the files, not among them (nor in their backups)
    if not force and marker.exists() and marker.stat().st_mtime > (now - EVERY).timestamp():
        return {"removed": 0}
    named = named_files()
    cutoff = (now - GRACE).timestamp()
    removed = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if name not in named and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(name)
    root.mkdir(parents=True, exist_ok=True)
    marker.touch()
    if removed:
        audit("files.orphans_removed", summary=f"{len(removed)} files", files=removed[:100])
    return {"removed": len(removed)}
