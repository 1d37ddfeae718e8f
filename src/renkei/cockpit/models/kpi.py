"""Diagnostic control: a group's KPI targets, its external effects counted by hand, the
deviation alerts already sent, and monthly snapshots of its community circles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.lib import kpi as lib


class KpiTarget(models.Model):
    """The coordinator's target for one KPI, and how far short of it is still tolerated."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    kpi = models.CharField(max_length=20)
    target = models.FloatField(_("target"))
    tolerance = models.FloatField(_("tolerance"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "kpi"], name="one_target_per_kpi")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.kpi} ≥ {self.target}"


class ExternalEffect(models.Model):
    """An external effect (seed l.1550–1562, 5452): people trained, hires, media mentions …"""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    occurred_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("count"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.count} ({self.occurred_on})"

    @property
    def label(self) -> str:
        """The kind in the reader's language (the code is for machines)."""
        from renkei.cockpit.kpis import label_of  # kpis reads these models

        return label_of(self.kind) if self.kind in lib.BY_CODE else self.kind


class KpiAlert(models.Model):
    """A KPI fell beyond its tolerance in a month; the coordinators were told once."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    kpi = models.CharField(max_length=20)
    month = models.DateField()
    value = models.FloatField()
    target = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "kpi"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kpi", "month"], name="one_alert_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.kpi} {self.month:%Y-%m}"

    @property
    def label(self) -> str:
        from renkei.cockpit.kpis import label_of  # kpis reads these models

        return label_of(self.kpi) if self.kpi in lib.BY_CODE else self.kpi


class CircleSnapshot(models.Model):
    """How many member companies stood in each circle (seed l.2601–2612) at a month's start."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["group", "month"]
        constraints = [
            models.UniqueConstraint(fields=["group", "month"], name="one_snapshot_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month:%Y-%m}"
