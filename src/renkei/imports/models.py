"""An import run: the uploaded file, where its check has got to, and what came of it."""

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.orgs.models import Group


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    CHECKING = "checking", _("Checking rows")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused: nothing was imported")


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def for_group(self, group: "Group") -> "ImportJobQuerySet":
        return self.filter(group=group)


def import_file_path(instance: "ImportJob", filename: str) -> str:
    # A random name: the uploader's file name is kept only as text.
    return f"imports/{instance.group_id}/{uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class ImportJob(TimeStamped):
    """One uploaded file of companies and capabilities for one group (all rows or none)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("what the file holds"), max_length=20)
    language = models.CharField(max_length=8, default="ja")
    file = models.FileField(upload_to=import_file_path)
    original_name = models.CharField(max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING}

    @property
    def percent(self) -> int:
        if self.status in {ImportStatus.DONE, ImportStatus.REFUSED}:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.checked_rows / self.total_rows))
