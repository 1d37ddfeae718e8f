"""A group's way through the growth stages: checklist marks, assessments, stage changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.orgs.choices import Stage


class ChecklistMark(models.Model):
    """One activity of the seed's checklist (renkei.lib.stages.CHECKLIST) the group has done,
    with a link to the evidence (minutes, a plan, a web page)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=8)
    done = models.BooleanField(default=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "item"], name="one_mark_per_item")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.item}"


class StageAssessment(models.Model):
    """A short self-assessment: the activities done at the time and the stage they suggest."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    done_items = models.JSONField(default=list)
    suggested = models.CharField(max_length=20, choices=Stage.choices)
    score = models.JSONField(default=dict)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.group_id} → {self.suggested}"


class StageChange(models.Model):
    """The group moved from one stage to another; the history is never edited."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.from_stage} → {self.to_stage}"
