"""Receiving inspection at each hand-off of a chain of work packages (issue 16, item 3), and the
corrective action (是正処置) a rejection asks of the member whose work was rejected.

Until now the receiving check was a tick (``EventKind.RECEIVED`` on the downstream package);
a check records what the receiver found, so that a member is judged on facts — the つながる町工場
and NSCA cases ask for the proof of quality and a fair judgement on it (seed l.4665–4673).
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "CheckResult",
    "CorrectiveAction",
    "CorrectiveStatus",
    "DefectKind",
    "Disposition",
    "ReceivingCheck",
    "ReceivingPhoto",
]


class CheckResult(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("receiving check", "accepted")
    DEVIATION = "deviation", pgettext_lazy("receiving check", "accepted with deviation")
    REJECTED = "rejected", pgettext_lazy("receiving check", "rejected")


class DefectKind(models.TextChoices):
    """The short taxonomy of what was wrong, as the issue names it."""

    DIMENSION = "dimension", _("dimension")
    SURFACE = "surface", _("surface / appearance")
    MATERIAL = "material", _("material")
    QUANTITY = "quantity", _("quantity")
    DOCUMENTS = "documents", _("documents")
    PACKING = "packing", _("packing")


class Disposition(models.TextChoices):
    REWORK = "rework", _("rework")
    REMAKE = "remake", _("remake")
    USE_AS_IS = "use_as_is", _("use as is")


class CorrectiveStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("corrective action", "open")
    ANSWERED = "answered", pgettext_lazy("corrective action", "answered")
    CLOSED = "closed", pgettext_lazy("corrective action", "closed")


class ReceivingCheck(models.Model):
    """What the receiver of a hand-off found: the work of ``package`` (upstream, made by the
    member being judged) checked by the next step ``receiving_package``, or by the coordinator
    when ``package`` is the chain's last (``receiving_package`` empty). Never changed: a second
    look after rework is a new check, and the latest one counts."""

    package = models.ForeignKey(
        "projects.WorkPackage", on_delete=models.CASCADE, related_name="receiving_checks"
    )
    receiving_package = models.ForeignKey(
        "projects.WorkPackage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incoming_checks",
    )
    result = models.CharField(_("result"), max_length=10, choices=CheckResult.choices)
    quantity_received = models.PositiveIntegerField(_("quantity received"))
    quantity_rejected = models.PositiveIntegerField(_("quantity rejected"), default=0)
    defect_kind = models.CharField(
        _("defect"), max_length=10, choices=DefectKind.choices, blank=True
    )
    disposition = models.CharField(
        _("disposition"), max_length=10, choices=Disposition.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The form's submission key: a double submit finds the first check.
    key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["package", "-created_at", "-pk"]
        verbose_name = _("receiving check")
        verbose_name_plural = _("receiving checks")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "key"], condition=~Q(key=""), name="receiving_check_key_once"
            ),
            models.CheckConstraint(
                condition=Q(quantity_rejected__lte=models.F("quantity_received")),
                name="receiving_check_rejected_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package_id} {self.result}"


def check_photo_path(instance: "ReceivingPhoto", filename: str) -> str:
    # A random name under the data dir's files (never under a web root): the uploader's name
    # is never used on disk.
    return f"quality/{instance.receiving_check.package.group_id}/{uuid4().hex}.jpg"


class ReceivingPhoto(models.Model):
    """A photo of what was received, re-encoded as progress photos are (metadata dropped)."""

    # Not "check": that name is Django's Model.check(), which a field must not shadow.
    receiving_check = models.ForeignKey(
        ReceivingCheck, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=check_photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["receiving_check", "pk"]
        verbose_name = _("receiving photo")
        verbose_name_plural = _("receiving photos")

    def __str__(self) -> str:
        return f"{self.receiving_check_id} photo {self.pk}"


class CorrectiveAction(models.Model):
    """是正処置: what a rejection asks of the member responsible (``company``, the upstream
    package's): its cause (原因) and countermeasure (対策) by ``due_on``; a coordinator closes
    it, or reopens it when the answer does not do. While open, the chain's next step waits."""

    receiving_check = models.OneToOneField(
        ReceivingCheck, on_delete=models.CASCADE, related_name="corrective_action"
    )
    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(
        "projects.WorkPackage", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectiveStatus.choices, default=CorrectiveStatus.OPEN
    )
    due_on = models.DateField(_("answer due"))
    cause = models.TextField(_("cause"), blank=True)
    countermeasure = models.TextField(_("countermeasure"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_note = models.CharField(_("why it was reopened"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["group", "status"], name="corrective_open")]

    def __str__(self) -> str:
        return f"{self.package_id} {self.status}"
