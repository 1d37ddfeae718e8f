"""The region's rollups: aggregates the region's pages read instead of the raw rows.

Every row here is already through the small-cell rule (renkei.lib.suppression) except
``InquiryOutcome``, which is one inquiry's own facts and is never shown: it keeps the reasons an
inquiry went unmet as they were when the rollup first saw it declined, lost or unserved, so that a
member joining later does not rewrite why past inquiries were lost.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Labelled(models.Model):
    """A cell's key and its label in both languages (labels are fixed when the rollup runs)."""

    key = models.CharField(max_length=120)
    label_ja = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        if (get_language() or "ja").startswith("en") and self.label_en:
            return self.label_en
        return self.label_ja


class RollupWatermark(models.Model):
    """How far the region's rollups are built: changes up to ``through`` are in them."""

    region = models.OneToOneField("orgs.Region", on_delete=models.CASCADE, related_name="+")
    through = models.DateTimeField(null=True, blank=True)
    # The months ("YYYY-MM") the last run recomputed, and when the last full build ran.
    last_months = models.JSONField(default=list, blank=True)
    full_at = models.DateTimeField(null=True, blank=True)
    capability_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.region_id} through {self.through}"


class InquiryOutcome(models.Model):
    """Why one inquiry went unmet (declined, lost, or no member of the region could serve it),
    as reason codes in the matching gates' terms. Private to the rollup; never on a page."""

    inquiry = models.OneToOneField("inquiries.Inquiry", on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)  # [{"code", "key", "gate", "label_ja", "label_en"}]
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {[r.get('code') for r in self.reasons]}"


class DemandCell(Labelled):
    """Inquiries of one month or year in one cell of a dimension (process, prefecture …), over
    the region's sharing groups, optionally only those asking for one process."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(max_length=5, choices=PeriodKind.choices)
    period = models.DateField()  # the first day of the month or year
    process = models.CharField(max_length=60, blank=True)  # "" — every process
    dimension = models.CharField(max_length=20)
    inquiries = models.PositiveIntegerField(default=0)
    customers = models.PositiveIntegerField(default=0)
    companies = models.PositiveIntegerField(default=0)
    won = models.PositiveIntegerField(default=0)
    lost = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    unmet = models.PositiveIntegerField(default=0)
    quoted_yen = models.PositiveBigIntegerField(null=True)  # None: fewer than 3 jobs
    ordered_yen = models.PositiveBigIntegerField(null=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["region", "period_kind", "process", "dimension", "period"],
                name="demand_cell_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.dimension}={self.key}"


class UnmetCell(Labelled):
    """Unmet inquiries of one year by reason (what a member would have needed)."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    period = models.DateField()  # 1 January of the year
    process = models.CharField(max_length=60, blank=True)
    code = models.CharField(max_length=20)
    inquiries = models.PositiveIntegerField(default=0)
    customers = models.PositiveIntegerField(default=0)
    value_yen = models.PositiveBigIntegerField(null=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["region", "period", "process"], name="unmet_cell_read")]

    def __str__(self) -> str:
        return f"{self.period} {self.code}:{self.key}"


class FlowCell(Labelled):
    """Referrals of one year from one sharing group's inquiries to members of another."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    referrals = models.PositiveIntegerField(default=0)
    inquiries = models.PositiveIntegerField(default=0)
    can = models.PositiveIntegerField(default=0)
    cannot = models.PositiveIntegerField(default=0)
    unanswered = models.PositiveIntegerField(default=0)
    won = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["region", "period"], name="flow_cell_read")]

    def __str__(self) -> str:
        return f"{self.period} {self.key}"


class CapabilityCell(Labelled):
    """Member companies of the region's sharing groups today, by one dimension."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    companies = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["region", "dimension"], name="capability_cell_read")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.key}"


class CapacityCell(Labelled):
    """Work in hand against stated capacity, per process (key "" — every member)."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    companies = models.PositiveIntegerField(default=0)
    packages_in_hand = models.PositiveIntegerField(default=0)
    days_in_hand = models.PositiveIntegerField(default=0)
    capacity_packages = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["region"], name="capacity_cell_read")]

    def __str__(self) -> str:
        return self.key


class MonthFacts(models.Model):
    """One month's facts (renkei.region.facts.Fact) as the last run read them from the raw
    rows, so that a run recomputing a year's cells reads from the raw rows only the months
    that changed (renkei.region.snapshots). Private to the rollup, never shown; customers are
    kept only as digests."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    groups = models.JSONField(default=list)  # the sharing groups the facts were read for
    inquiries = models.PositiveIntegerField(default=0)
    data = models.BinaryField()  # zlib-compressed JSON
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="month_facts_once")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}: {self.inquiries}"
