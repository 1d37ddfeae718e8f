"""The coordinator's own checklist (its roles and tasks, renkei.lib.coordinator) and the
indicators a group sets for itself beside the built-in KPIs (seed l.5452–5456: new key
performance indicators that express the many outcomes of a regional collaboration)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Readings and targets up to a trillion with two decimals: a year's sales in yen fit; larger
# numbers are a typo and are refused by the service before they reach the database.
DIGITS, PLACES = 15, 2


class CoordinatorMark(models.Model):
    """One of the coordinator's roles or tasks ticked as done, and how (a short note)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=8)
    done = models.BooleanField(default=True)
    how = models.CharField(_("how"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "item"], name="one_coordinator_mark_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.item}"


class CustomIndicator(models.Model):
    """An indicator of the group's own: a name, a unit, an optional target."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="one_indicator_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.name}"


class IndicatorReading(models.Model):
    """An indicator's value for one month (the latest entry for a month replaces the earlier)."""

    indicator = models.ForeignKey(
        CustomIndicator, on_delete=models.CASCADE, related_name="readings"
    )
    month = models.DateField()
    value = models.DecimalField(_("value"), max_digits=DIGITS, decimal_places=PLACES)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="one_reading_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.month:%Y-%m} {self.value}"
