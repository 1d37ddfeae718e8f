"""What renkei shows of a drawing in the browser, made once in the background."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.previews.choices import PreviewStatus


class DrawingPreview(TimeStamped):
    """The browser preview of one customer's drawing: page images of a PDF, an SVG of a DXF, a
    mesh of a 3D model, and a thumbnail. Its files sit beside the drawings in the private file
    storage (never under a public URL) and are served only to whoever may download the drawing.
    Made again when the converter's version changes."""

    drawing = models.OneToOneField(
        "inquiries.Drawing", on_delete=models.CASCADE, related_name="preview"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PreviewStatus.choices, default=PreviewStatus.PENDING
    )
    # One of renkei.lib.preview's error codes ("timeout", "memory", "unreadable", ...); the
    # page turns it into a sentence.
    error = models.CharField(_("conversion error"), max_length=30, blank=True)
    converter_version = models.PositiveIntegerField(_("converter version"), default=0)
    kind = models.CharField(_("kind"), max_length=10, blank=True)
    thumbnail = models.CharField(_("thumbnail image"), max_length=255, blank=True)
    # Storage names, in page order: PNG pages of a PDF, or the one SVG of a DXF.
    pages = models.JSONField(_("preview pages"), default=list, blank=True)
    page_count = models.PositiveIntegerField(_("pages in the file"), default=0)
    mesh = models.CharField(_("3D mesh"), max_length=255, blank=True)
    mesh_format = models.CharField(_("mesh format"), max_length=5, blank=True)
    bbox_mm = models.JSONField(_("size in mm"), null=True, blank=True)
    seconds = models.FloatField(_("conversion seconds"), default=0)

    class Meta:
        verbose_name = _("drawing preview")
        verbose_name_plural = _("drawing previews")

    def __str__(self) -> str:
        return f"{self.drawing_id} {self.status}"

    @property
    def is_ready(self) -> bool:
        return self.status == PreviewStatus.READY

    @property
    def size_mm(self) -> list[Any] | None:
        """The bounding box as the page prints it: x × y (× z when the part has a height)."""
        if not self.bbox_mm:
            return None
        sizes = [float(v) for v in self.bbox_mm]
        return sizes if len(sizes) == 3 and sizes[2] > 0 else sizes[:2]
