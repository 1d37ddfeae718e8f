"""An inquiry sent to a group's joint order window, its lines (one per part) and its drawings.

One window for many trades, an answer within the promised business hours (seed l.1836–1842,
4339–4440): what the customer sends is saved in full before they see 受付完了.
"""

import secrets
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.inquiries.choices import Industry, InquiryStatus, Purpose
from renkei.lib.sources import PATTERN as SOURCE_PATTERN
from renkei.orgs.models import Group


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def for_group(self, group: "Group") -> "InquiryQuerySet":
        """The only way staff pages read inquiries: scoped to one group."""
        return self.filter(group=group)


class Inquiry(TimeStamped):
    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="inquiries")
    number = models.PositiveIntegerField(_("number"), editable=False)
    tracking_token = models.CharField(max_length=40, unique=True, default=new_tracking_token)
    # The hidden key of the form a customer filled in: the same form sent twice is one inquiry.
    submission_key = models.UUIDField(editable=False)
    # SHA-256 of what was sent (fields and drawings, services.fingerprint): the key repeated with
    # other content is refused instead of answering with this inquiry's tracking page.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    language = models.CharField(max_length=8, default="ja")

    customer_company = models.CharField(_("company"), max_length=150)
    customer_corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True)
    contact_name = models.CharField(_("your name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what you need"))
    industry = models.CharField(
        _("end-use industry"), max_length=20, choices=Industry.choices, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, blank=True)
    budget = models.CharField(_("budget"), max_length=100, blank=True)
    quote_due = models.DateField(_("quote needed by"), null=True, blank=True)
    desired_delivery = models.DateField(_("desired delivery (希望納期)"), null=True, blank=True)
    delivery_place = models.CharField(_("delivery place"), max_length=200, blank=True)
    nda_required = models.BooleanField(_("NDA required"), default=False)
    # The printed catalogue or exhibition whose QR link the customer came by (renkei.lib.sources;
    # NIPcom's catalogue handed out at exhibitions, seed l.2198–2203); blank from anywhere else.
    source = models.CharField(
        _("source"),
        max_length=40,
        blank=True,
        default="",
        editable=False,
        validators=[RegexValidator(SOURCE_PATTERN)],
    )

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reply_due_at = models.DateTimeField(_("first reply due"), null=True, blank=True)
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Decided when it was saved: the address had had its share of acknowledgements (limit
    # "ack_recipient"), so none is mailed; the inquiry and the coordinators' mail are unaffected.
    acknowledgement_withheld = models.BooleanField(default=False, editable=False)
    # The coordinators were mailed that it arrived (the reply promise is running).
    coordinators_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The boundary screening on arrival: [{"ok": bool, "reason": str}, …]
    screening = models.JSONField(default=list, blank=True, editable=False)
    # The reply clock: the coordinator is alerted at 75 % of the promise; a breach is recorded.
    clock_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply_breached_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="inquiry_number_per_group"),
            models.UniqueConstraint(
                fields=["group", "submission_key"], name="inquiry_submitted_once"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "received_at"], name="inquiry_board"),
            # The board's "all statuses" page: newest first, read 50 at a time.
            models.Index(fields=["group", "received_at"], name="inquiry_board_all"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.group.slug.upper()[:8].rstrip('-')}-{self.number:05d}"

    def get_tracking_url(self) -> str:
        return reverse("inquiries:tracking", args=[self.tracking_token])


class InquiryLine(models.Model):
    """One part asked for: 品名, 図番, quantity, material, the ordered process steps …"""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    part_name = models.CharField(_("part name (品名)"), max_length=150)
    drawing_number = models.CharField(_("drawing no. (図番)"), max_length=80, blank=True)
    revision = models.CharField(_("revision"), max_length=20, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    material = models.CharField(_("material"), max_length=100, blank=True)
    process_text = models.CharField(_("process steps"), max_length=300, blank=True)
    processes: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "capabilities.Process", through="LineStep", related_name="+", blank=True
    )
    size = models.CharField(_("size (mm)"), max_length=100, blank=True)
    tolerance = models.CharField(_("tightest tolerance"), max_length=100, blank=True)
    surface_treatment = models.CharField(_("surface treatment"), max_length=150, blank=True)
    heat_treatment = models.CharField(_("heat treatment"), max_length=150, blank=True)
    certifications = models.JSONField(_("required certifications"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["inquiry", "position"]
        verbose_name = _("inquiry line")
        verbose_name_plural = _("inquiry lines")

    def __str__(self) -> str:
        return f"{self.position}. {self.part_name}"

    def steps(self) -> list[object]:
        return [step.process for step in self.line_steps.select_related("process")]


class LineStep(models.Model):
    """A process step of a line, in the order the part goes through them."""

    line = models.ForeignKey(InquiryLine, on_delete=models.CASCADE, related_name="line_steps")
    process = models.ForeignKey("capabilities.Process", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["line", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.process_id}"


def drawing_path(instance: "Drawing", filename: str) -> str:
    # A random name under the group: the customer's file name is kept only as text.
    suffix = Path(filename).suffix.lower()[:6]
    return f"drawings/{instance.group_id}/{uuid4().hex}{suffix}"


class Drawing(TimeStamped):
    """A customer's drawing. Before the inquiry is saved it is "staged" under the form's key,
    so that a form sent back with an error does not make the customer upload it again."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="drawings", null=True, blank=True
    )
    submission_key = models.UUIDField(db_index=True)
    file = models.FileField(upload_to=drawing_path)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The keyed hash of the address it came from (core.throttle.hashed), for the per-address
    # quota of staged bytes; never the address itself.
    sender = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["inquiry", "pk"]
        indexes = [
            models.Index(fields=["inquiry", "created_at"], name="drawing_staged"),
            models.Index(fields=["sender", "created_at"], name="drawing_sender"),
        ]
        verbose_name = _("drawing")
        verbose_name_plural = _("drawings")

    def __str__(self) -> str:
        return self.original_name
