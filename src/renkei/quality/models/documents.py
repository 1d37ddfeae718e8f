"""Quality documents per work package (issue 16, item 2): which proofs of quality a part needs
(検査成績書, ミルシート, CoC, 初品 photos, RoHS / REACH declarations), the files the member
uploads, and whether the group lets its customers see them.

Buyers ask first for the proof of quality attached to the job (the つながる町工場 / NSCA cases,
seed l.4665–4673, 4503–4538).
"""

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DocumentKind",
    "DocumentRequirement",
    "QualityDocument",
    "QualitySettings",
]


class DocumentKind(models.TextChoices):
    """The quality documents a customer may ask for with a part."""

    INSPECTION_REPORT = "inspection_report", _("inspection report")
    MILL_CERTIFICATE = "mill_certificate", _("mill certificate")
    CONFORMITY = "conformity", _("certificate of conformity")
    FIRST_ARTICLE = "first_article", _("first-article photos")
    ROHS = "rohs", _("RoHS declaration")
    REACH = "reach", _("REACH declaration")


class QualitySettings(models.Model):
    """A group's choices about quality documents: whether its customers see the documents of
    their order on the tracking page. Off until a coordinator turns it on, since the coordinator
    is the customer's one window (seed l.4390–4415) and some groups check documents first."""

    group = models.OneToOneField(
        "orgs.Group", on_delete=models.CASCADE, related_name="quality_settings"
    )
    share_with_customer = models.BooleanField(
        _("customers see the quality documents of their order"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quality settings")
        verbose_name_plural = _("quality settings")

    def __str__(self) -> str:
        return f"{self.group_id}"


class DocumentRequirement(models.Model):
    """The quality documents required for one inquiry line (as the customer asked on the window
    or the coordinator set on the inquiry) or for one work package (set by the coordinator:
    it replaces what the package's line asks, and is the only source for a package made without
    a line). ``kinds`` is a list of ``DocumentKind`` values."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    line = models.OneToOneField(
        "inquiries.InquiryLine",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirement",
    )
    package = models.OneToOneField(
        "projects.WorkPackage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_requirement",
    )
    kinds = models.JSONField(_("required documents"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("required quality documents")
        verbose_name_plural = _("required quality documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(line__isnull=False, package__isnull=True)
                | Q(line__isnull=True, package__isnull=False),
                name="requirement_line_or_package",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(self.kinds)


def document_path(instance: "QualityDocument", filename: str) -> str:
    # A random name under the group: the uploader's file name is kept only as text.
    return f"quality/{instance.group_id}/{uuid4().hex}{Path(filename).suffix.lower()[:6]}"


class QualityDocument(models.Model):
    """One quality document a member uploaded for a work package (a PDF or a photo). Never
    changed afterwards: a corrected report is a new upload, and the newest of a kind counts."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(
        "projects.WorkPackage", on_delete=models.CASCADE, related_name="quality_documents"
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=10)  # "pdf", "png", "jpeg" (drawingcheck's kinds)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The upload form's key: the same form sent twice (a double tap) is one document.
    submission_key = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["package", "kind", "-created_at", "-pk"]
        verbose_name = _("quality document")
        verbose_name_plural = _("quality documents")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "submission_key"], name="quality_document_once"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
