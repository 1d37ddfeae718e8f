"""Files no row names, left by a process killed mid-upload, are removed once they are old."""

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renkei.conftest_helpers import STEP_BYTES
from renkei.core.models import AuditEntry
from renkei.core.orphans import remove_orphan_files
from renkei.inquiries.services import stage_drawing


def _age(path: Path, days: float) -> None:
    then = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


@pytest.mark.django_db
def test_old_files_no_row_names_are_removed_and_named_ones_kept(group):
    upload = SimpleUploadedFile("shaft.step", STEP_BYTES)
    drawing = stage_drawing(group=group, key=uuid.uuid4(), upload=upload)
    kept = Path(settings.MEDIA_ROOT) / drawing.file.name
    _age(kept, 2)
    orphan = kept.parent / "killed-mid-upload.step"
    orphan.write_bytes(STEP_BYTES[:10])
    _age(orphan, 2)
    arriving = kept.parent / "still-arriving.step"
    arriving.write_bytes(b"")

    assert remove_orphan_files() == {"removed": 1}
    assert kept.exists() and arriving.exists() and not orphan.exists()
    entry = AuditEntry.objects.get(action="files.orphans_removed")
    assert entry.data["files"] == [orphan.relative_to(settings.MEDIA_ROOT).as_posix()]

    # Checked a moment ago: the next minute's check does not walk every file again.
    _age(arriving, 2)
    assert remove_orphan_files() == {"removed": 0}
    assert arriving.exists()
    later = timezone.now() + dt.timedelta(hours=7)
    assert remove_orphan_files(later) == {"removed": 1}
    assert not arriving.exists() and kept.exists()
