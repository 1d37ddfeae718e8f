"""Projects (seed l.1274–1300: the concrete developments and orders of a program) and what a
development project carries: elements, a team and its funding."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.lib import crowdfunding
from renkei.orgs.models import Group
from renkei.projects.choices import (
    CROWDFUNDING_ONLY,
    FundingKind,
    FundingStatus,
    ProjectKind,
    ProjectStatus,
    TeamRole,
)


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_group(self, group: Group) -> "ProjectQuerySet":
        """The only way pages read projects: scoped to one group."""
        return self.filter(group=group)


class Project(TimeStamped):
    """A job the group runs across its members: an order made from an accepted quote, or a
    development project with a goal and no customer yet.

    The coordinator is its project-management window, as 京都試作センター is for 京都試作ネット
    (seed l.2226–2235, 4390–4415).
    """

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="projects")
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # One project per order: starting it twice finds the first.
    order = models.OneToOneField(
        "inquiries.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
    )
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    delivery_on = models.DateField(_("expected delivery"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.group.slug, self.pk])

    @property
    def desired_delivery(self) -> dt.date | None:
        """The customer's wished date (希望納期) of an order project: for the coordinator to
        compare with the promised delivery, never shown to the customer as a second promise."""
        if self.order is None:
            return None
        desired: dt.date | None = self.order.inquiry.desired_delivery
        return desired

    @property
    def days_after_wish(self) -> int:
        """Calendar days the promised delivery falls after the customer's wish (0: none)."""
        desired = self.desired_delivery
        if desired is None or self.delivery_on is None:
            return 0
        return max(0, (self.delivery_on - desired).days)


class Element(models.Model):
    """A development element, each a pair of a member company and a university or supporter
    (江戸っ子1号: glass sphere, communication, recovery; seed l.1771–1815)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="elements")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("element"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("member company"),
    )  # fmt: skip
    partner = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("university / supporter"),
    )  # fmt: skip

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("element")
        verbose_name_plural = _("elements")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """An organisation on a development project's team: members, universities, supporters."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=TeamRole.choices)

    class Meta:
        ordering = ["project", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "company"], name="team_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} ({self.role})"


# The largest amount a funding row takes (¥100 billion): far above any group's project, low
# enough that no typing slip reaches the database's integer limit.
MAX_YEN = 100_000_000_000


class FundingSource(TimeStamped):
    """Where a development project's money comes from, and how far it has got.

    A crowdfunding is all or nothing (seed l.1969–1975): it has a target, the amount pledged by
    its deadline, and is received only when the pledges reach the target; past the deadline
    with the goal missed it is not funded and brings nothing. Every other kind has one amount.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    name = models.CharField(_("name"), max_length=150)
    amount_yen = models.PositiveBigIntegerField(
        _("amount (yen)"), null=True, blank=True, validators=[MaxValueValidator(MAX_YEN)]
    )
    target_yen = models.PositiveBigIntegerField(
        _("target amount (yen)"), null=True, blank=True, validators=[MaxValueValidator(MAX_YEN)]
    )
    pledged_yen = models.PositiveBigIntegerField(
        _("amount pledged (yen)"), default=0, validators=[MaxValueValidator(MAX_YEN)]
    )
    deadline = models.DateField(_("deadline for pledges"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name

    @property
    def is_crowdfunding(self) -> bool:
        return self.kind == FundingKind.CROWDFUNDING

    def outcome(self, today: dt.date | None = None) -> crowdfunding.Outcome | None:
        """A crowdfunding's standing (None for other kinds, or without a target)."""
        if not self.is_crowdfunding or not self.target_yen:
            return None
        return crowdfunding.outcome(
            target_yen=self.target_yen,
            pledged_yen=self.pledged_yen,
            deadline=self.deadline,
            today=today or timezone.localdate(),
        )

    @property
    def shown_status(self) -> str:
        """The status to show: a crowdfunding past its deadline with the goal missed is not
        funded whatever was recorded before, unless its money was already received."""
        if (
            self.outcome() == crowdfunding.Outcome.NOT_FUNDED
            and self.status != FundingStatus.RECEIVED
        ):
            return FundingStatus.NOT_FUNDED
        return self.status

    @property
    def shown_status_label(self) -> str:
        return str(FundingStatus(self.shown_status).label)

    @property
    def pledged_percent(self) -> float | None:
        if not self.is_crowdfunding or not self.target_yen:
            return None
        return crowdfunding.pledged_percent(
            target_yen=self.target_yen, pledged_yen=self.pledged_yen
        )

    @property
    def received_yen(self) -> int:
        """What counts in the project's funding total: received money only."""
        paid_out = self.status == FundingStatus.RECEIVED
        if self.is_crowdfunding:
            return crowdfunding.received_yen(
                target_yen=self.target_yen or 0, pledged_yen=self.pledged_yen, paid_out=paid_out
            )
        return (self.amount_yen or 0) if paid_out else 0

    def clean(self) -> None:
        """The all-or-nothing rule and which fields go with which kind."""
        errors: dict[str, str] = {}
        if self.is_crowdfunding:
            if self.target_yen is None:
                errors["target_yen"] = gettext("Enter the target amount of the crowdfunding.")
            elif self.target_yen < 1:
                errors["target_yen"] = gettext("The target amount must be at least ¥1.")
            if self.deadline is None:
                errors["deadline"] = gettext("Enter the deadline for pledges.")
            if self.amount_yen:
                errors["amount_yen"] = gettext(
                    "For a crowdfunding, enter the target and the amount pledged instead of an "
                    "amount."
                )
        else:
            if self.target_yen is not None or self.pledged_yen:
                errors["target_yen"] = gettext(
                    "A target and pledges belong to a crowdfunding only; enter the amount instead."
                )
            if self.status in CROWDFUNDING_ONLY:
                errors["status"] = gettext(
                    "“Open for pledges” and “not funded” are for a crowdfunding only."
                )
        if self.is_crowdfunding and not errors:
            errors |= self._all_or_nothing()
        if errors:
            raise ValidationError(errors)

    def _all_or_nothing(self) -> dict[str, str]:
        target, pledged = self.target_yen or 0, self.pledged_yen
        figures = {"pledged": f"{pledged:,}", "target": f"{target:,}"}
        if self.status in (FundingStatus.GRANTED, FundingStatus.RECEIVED) and pledged < target:
            return {
                "status": gettext(
                    "Only a goal reached is received: ¥%(pledged)s pledged of the ¥%(target)s "
                    "target. Below the target nothing is paid out."
                )
                % figures
            }
        if self.status == FundingStatus.NOT_FUNDED:
            if pledged >= target:
                return {
                    "status": gettext(
                        "The goal is reached (¥%(pledged)s of ¥%(target)s): the crowdfunding "
                        "is funded."
                    )
                    % figures
                }
            if self.outcome() != crowdfunding.Outcome.NOT_FUNDED:
                return {
                    "status": gettext(
                        "A crowdfunding is not funded only once its deadline has passed with the "
                        "goal missed."
                    )
                }
        return {}


class DigestRun(models.Model):
    """The coordinator's daily project digest of one group for one day: made once by the tick,
    sent once by the worker."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(default=dt.date.today)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "day"], name="project_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.day}"
