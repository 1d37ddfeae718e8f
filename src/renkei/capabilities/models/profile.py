"""A company's capability profile: processes, materials, equipment, certifications."""

import datetime as dt
from pathlib import Path
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.choices import CertificationStatus
from renkei.capabilities.models.taxonomy import standard_choices
from renkei.core.models import TimeStamped


class CompanyProcess(models.Model):
    """A process a company offers."""

    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, related_name="company_processes"
    )
    process = models.ForeignKey(
        "capabilities.Process", on_delete=models.PROTECT, related_name="company_processes"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "process"], name="unique_company_process")
        ]
        # The directory searches "which companies do process P": lead with the process.
        indexes = [models.Index(fields=["process", "company"], name="cp_process_company")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.process}"


class CompanyMaterial(models.Model):
    """A material a company works."""

    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, related_name="company_materials"
    )
    material = models.ForeignKey(
        "capabilities.Material", on_delete=models.PROTECT, related_name="company_materials"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "material"], name="unique_company_material")
        ]
        indexes = [models.Index(fields=["material", "company"], name="cm_material_company")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.material}"


class Equipment(TimeStamped):
    """A machine (or a set of identical ones) with its working envelope and best tolerance."""

    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="equipment")
    kind = models.CharField(_("type"), max_length=100)
    maker_model = models.CharField(_("maker / model"), max_length=100, blank=True)
    process = models.ForeignKey(
        "capabilities.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment",
    )
    count = models.PositiveSmallIntegerField(
        _("count"), default=1, validators=[MinValueValidator(1)]
    )
    axes = models.PositiveSmallIntegerField(_("axes"), null=True, blank=True)
    x_mm = models.PositiveIntegerField(_("X travel (mm)"), null=True, blank=True)
    y_mm = models.PositiveIntegerField(_("Y travel (mm)"), null=True, blank=True)
    z_mm = models.PositiveIntegerField(_("Z travel (mm)"), null=True, blank=True)
    tolerance_um = models.FloatField(
        _("best tolerance (µm)"), null=True, blank=True, validators=[MinValueValidator(0.01)]
    )

    class Meta:
        ordering = ["company", "kind"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return f"{self.kind} {self.maker_model}".strip()

    @property
    def envelope_mm(self) -> int | None:
        sizes = [v for v in (self.x_mm, self.y_mm, self.z_mm) if v]
        return max(sizes) if sizes else None


def evidence_path(instance: "Certification", filename: str) -> str:
    return f"certificates/{instance.company_id}/{uuid4().hex}{Path(filename).suffix.lower()}"


class CertificationQuerySet(models.QuerySet["Certification"]):
    def valid_on(self, day: dt.date) -> "CertificationQuerySet":
        """Active certificates that have not expired by ``day``."""
        return self.filter(status=CertificationStatus.ACTIVE).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
        )


class Certification(TimeStamped):
    """A certificate a company holds, as a buyer checks it (NSCA's JIS Q 9100 gate, l.4501–4560)."""

    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, related_name="certifications"
    )
    # The standards are data (CertificationStandard); the stored value is the standard's code.
    standard = models.CharField(_("standard"), max_length=20, choices=standard_choices)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issuer = models.CharField(_("certification body"), max_length=120, blank=True)
    issued_on = models.DateField(_("issued"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificationStatus.choices,
        default=CertificationStatus.ACTIVE,
    )
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True, editable=False)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["company", "standard"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        indexes = [
            models.Index(fields=["standard", "status", "expires_on"], name="cert_standard_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_standard_display()} {self.number}".strip()

    def clean(self) -> None:
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("A certificate cannot expire before issue.")})

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == CertificationStatus.ACTIVE and (
            self.expires_on is None or self.expires_on >= day
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def display_status(self) -> str:
        if self.status == CertificationStatus.ACTIVE and self.is_expired:
            return str(_("Expired"))
        return str(self.get_status_display())
