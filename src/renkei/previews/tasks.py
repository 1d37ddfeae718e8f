"""Making previews in the background. Safe to run twice: a drawing already previewed by the
current converter is left alone."""

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django_tasks import task

from renkei.inquiries.models import Drawing
from renkei.outbox.followups import follow_up
from renkei.previews.choices import PreviewStatus
from renkei.previews.models import DrawingPreview


def is_current(drawing_id: int) -> bool:
    from renkei.lib.preview import CONVERTER_VERSION

    return (
        DrawingPreview.objects.filter(drawing_id=drawing_id, converter_version=CONVERTER_VERSION)
        .exclude(status=PreviewStatus.PENDING)
        .exists()
    )


# The default queue, not the mail one: a slow conversion (up to a minute) must never hold
# back the customer's acknowledgement.
@task(queue_name="default")
def make_preview(drawing_id: int) -> str:
    """Converts one accepted drawing and keeps the result; a file that cannot be converted
    gets a failed preview with the reason (its download is untouched)."""
    from renkei.lib import preview as converter
    from renkei.previews.services import record_preview

    drawing = (
        Drawing.objects.select_related("group").filter(pk=drawing_id, inquiry__isnull=False).first()
    )
    if drawing is None:
        return "skipped"
    if is_current(drawing_id):
        return "done"
    with tempfile.TemporaryDirectory(prefix="renkei-preview-") as tmp:
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        made = converter.make_preview(_local_copy(drawing, Path(tmp)), drawing.kind, out_dir)
        preview = record_preview(drawing=drawing, made=made, version=converter.CONVERTER_VERSION)
    return str(preview.status)


def _local_copy(drawing: Drawing, tmp: Path) -> Path:
    """The drawing as a file on this machine: the storage's own path when it has one, else a
    copy (the converter runs in a child process that opens a path)."""
    try:
        return Path(drawing.file.path)
    except NotImplementedError:  # a storage without local paths
        target = tmp / f"drawing{Path(drawing.file.name).suffix}"
        with drawing.file.open("rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        return target


def request_previews(inquiry: Any) -> None:
    """Asks for a preview of each of the inquiry's drawings, inside the transaction that
    accepted them (outbox.followups: never lost, and none for a rolled-back send)."""
    from renkei.previews.services import mark_pending

    for drawing_id in Drawing.objects.filter(inquiry=inquiry).values_list("pk", flat=True):
        mark_pending(drawing_id)
        follow_up(make_preview, drawing_id)
