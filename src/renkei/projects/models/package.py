"""Work packages, their append-only history, and each member company's calendar feed."""

import secrets
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.orgs.models import Group
from renkei.projects.choices import (
    DONE_STAGES,
    EventKind,
    PackageKind,
    PackageState,
    Stage,
)


class PackageQuerySet(models.QuerySet["WorkPackage"]):
    def for_group(self, group: Group) -> "PackageQuerySet":
        """The only way pages read packages: scoped to one group."""
        return self.filter(group=group)

    def active(self) -> "PackageQuerySet":
        """Claimed or confirmed and not yet done: the work a member has in hand."""
        return self.filter(state__in=[PackageState.TENTATIVE, PackageState.ASSIGNED]).exclude(
            stage__in=list(DONE_STAGES)
        )


class WorkPackage(TimeStamped):
    """A part or process step of a project that one member company makes, in the order of
    the steps; the hand-off from the package it comes ``after`` is checked on receipt.

    Published on the claiming board, claimed by a member, and confirmed only by that company's
    own approver — the drawings of 下町ボブスレー came back when companies said no
    (seed l.1246–1262).
    """

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="packages")
    position = models.PositiveSmallIntegerField(_("step"), default=1)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PackageKind.choices, default=PackageKind.PROCESS
    )
    process = models.ForeignKey(
        "capabilities.Process", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("process"),
    )  # fmt: skip
    drawings = models.ManyToManyField(
        "inquiries.Drawing", blank=True, related_name="+", verbose_name=_("drawings")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    work_days = models.PositiveSmallIntegerField(
        _("work days"), default=3, validators=[MinValueValidator(1)]
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    after = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_steps",
        verbose_name=_("after (hand-off from)"),
    )  # fmt: skip
    notes = models.TextField(_("internal notes"), blank=True)

    state = models.CharField(
        _("board"), max_length=10, choices=PackageState.choices, default=PackageState.DRAFT
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="packages"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    stage = models.CharField(
        _("progress"), max_length=10, choices=Stage.choices, default=Stage.NONE, blank=True
    )
    delayed = models.BooleanField(_("delayed"), default=False)
    delay_reason = models.CharField(_("reason for the delay"), max_length=300, blank=True)
    expected_on = models.DateField(_("now expected"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)

    objects = PackageQuerySet.as_manager()

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        indexes = [models.Index(fields=["group", "state"], name="package_board")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:package", args=[self.project.group.slug, self.pk])

    @property
    def is_done(self) -> bool:
        return self.stage in DONE_STAGES


def photo_path(instance: "PackageEvent", filename: str) -> str:
    # A random name: the uploader's file name is never used on disk.
    return f"projects/{instance.package.group_id}/{uuid4().hex}{Path(filename).suffix.lower()}"


class PackageEvent(models.Model):
    """One thing that happened to a package — published, claimed, confirmed, returned with a
    reason, 着手, 工程完了, 遅延 … — never changed afterwards (the package's history).

    A member's production system posts the same event again after a timeout; its ``key``
    (Idempotency-Key) makes the repeat find the first (simple EDI, seed l.4735–4765).
    """

    package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["package", "created_at", "pk"]
        verbose_name = _("package event")
        verbose_name_plural = _("package events")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "key"], condition=~Q(key=""), name="package_event_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.package_id} {self.kind}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CompanyFeed(models.Model):
    """The secret address of a member company's calendar of due dates in one group."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "company"], name="one_feed_per_company")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.group_id}"
