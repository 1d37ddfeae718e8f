"""Writing previews: the files a conversion made go into the private file storage, the row
says what there is. Run by the background task only."""

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from renkei.core.audit import audit
from renkei.inquiries.models import Drawing
from renkei.previews.choices import PreviewStatus
from renkei.previews.models import DrawingPreview

if TYPE_CHECKING:
    from renkei.lib.preview import Preview


def _store(drawing: Drawing, folder: str, path: Path) -> str:
    """Saves one made file beside the drawings (never under a public URL); returns its name."""
    with path.open("rb") as handle:
        return default_storage.save(f"{folder}/{path.name}", File(handle, name=path.name))


def _files(preview: DrawingPreview) -> list[str]:
    return [name for name in [preview.thumbnail, preview.mesh, *preview.pages] if name]


def record_preview(*, drawing: Drawing, made: "Preview", version: int) -> DrawingPreview:
    """Keeps what one conversion made for the drawing, replacing an older preview's files.
    A conversion that raced another one and lost leaves the winner's preview as it is."""
    # A fresh folder per conversion: the files of a preview still shown are never overwritten.
    folder = f"previews/{drawing.group_id}/{drawing.pk}/{uuid.uuid4().hex}"
    stored: list[str] = []

    def keep(path: Path | None) -> str:
        if path is None:
            return ""
        name = _store(drawing, folder, path)
        stored.append(name)
        return name

    ok = made.ok
    fields = {
        "status": PreviewStatus.READY if ok else PreviewStatus.FAILED,
        "error": "" if ok else (made.error or "unreadable"),
        "converter_version": version,
        "kind": made.kind,
        "thumbnail": keep(made.thumbnail) if ok else "",
        "pages": [keep(p) for p in made.pages] if ok else [],
        "page_count": made.page_count,
        "mesh": keep(made.mesh) if ok else "",
        "mesh_format": made.mesh_format if ok else "",
        "bbox_mm": [round(float(v), 3) for v in made.bbox_mm] if ok and made.bbox_mm else None,
        "seconds": round(made.seconds, 3),
    }
    with transaction.atomic():
        preview, _ = DrawingPreview.objects.select_for_update().get_or_create(drawing=drawing)
        if preview.status != PreviewStatus.PENDING and preview.converter_version == version:
            lost, old = True, stored
        else:
            lost, old = False, _files(preview)
            for name, value in fields.items():
                setattr(preview, name, value)
            preview.save()
            audit(
                "drawing.preview",
                obj=drawing,
                group=drawing.group,
                summary=f"{drawing.original_name} {preview.status} {preview.error}".strip(),
            )
    # Removed after the commit: a failure here leaves a stray file, never a missing one.
    for name in old:
        default_storage.delete(name)
    if lost:
        preview.refresh_from_db()
    return preview


def mark_pending(drawing_id: int) -> None:
    """The row the pages show 「作成中」 from until the task has run (it is written with the
    drawing's acceptance, whose audit entry says so)."""
    DrawingPreview.objects.get_or_create(drawing_id=drawing_id)
