"""The belief and boundary systems as versioned documents members acknowledge, the record of
boundary-rule edits, and interactive control's one strategic uncertainty (Simons, seed
l.1309–1480)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.cockpit.choices import DocumentKind, EntryKind


class LeverDocument(models.Model):
    """One version of a mission, vision, values, member rules or strategic limits. An edit
    makes a new version; none is overwritten."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "version"], name="document_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Acknowledgement(models.Model):
    """A member company (through one of its people) acknowledged one version of a document."""

    document = models.ForeignKey(
        LeverDocument, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "company"], name="acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} ✓ {self.document_id}"


class BoundaryRuleVersion(models.Model):
    """The group's boundary rules as they stood after one edit (the version history the
    inquiry screening rules do not keep themselves)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=10)
    change = models.CharField(max_length=300)
    rules = models.JSONField(default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="boundary_version")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} boundary v{self.version}"


class StrategicUncertainty(models.Model):
    """A strategic uncertainty the group's leaders watch together; exactly one is in focus at a
    time (Simons' interactive control, seed l.1454–1474)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("strategic uncertainty"), max_length=200)
    question = models.TextField(_("what we need to learn"), blank=True)
    in_focus = models.BooleanField(default=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-in_focus", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(in_focus=True), name="one_uncertainty_in_focus"
            )
        ]

    def __str__(self) -> str:
        return self.title


class UncertaintyEntry(models.Model):
    """A dialogue (with its minutes) or a decision about the uncertainty in focus."""

    uncertainty = models.ForeignKey(
        StrategicUncertainty, on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    minutes_url = models.URLField(_("minutes link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uncertainty", "-at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]
