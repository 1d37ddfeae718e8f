"""Joining a group (an application, its screening, the probation the group sets), the annual fee
of each member, and leaving. The seed's build stage writes down the conditions of taking part, the
fees and the way out (l.1754–1758)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.joining.choices import ApplicationStatus, CheckItem
from renkei.orgs.choices import PREFECTURE_CHOICES


class JoiningSettings(models.Model):
    """A group's rules for new members: whether it takes applications, and an optional
    probation (the first ``probation_jobs`` jobs one at a time, each below ``probation_max_yen``).
    A group without a row takes applications and has no probation."""

    group = models.OneToOneField("orgs.Group", on_delete=models.CASCADE, related_name="+")
    accepts_applications = models.BooleanField(
        _("takes applications on the group page"), default=True
    )
    probation_jobs = models.PositiveSmallIntegerField(
        _("probation: first jobs one at a time"),
        default=0,
        help_text=_("0 means no probation."),
    )
    probation_max_yen = models.PositiveBigIntegerField(
        _("probation: largest job (yen, from the customer's budget)"), null=True, blank=True
    )

    def __str__(self) -> str:
        return f"joining settings of {self.group_id}"


class Application(models.Model):
    """A company's application to join a group, as it sent it from the group's page. What it
    claims is kept as written; a company is only made when the coordinator accepts it."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    # The form's key: the same form sent twice (a double click, a reload) is one application.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    language = models.CharField(max_length=8, default="ja")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    company_name = models.CharField(_("company name"), max_length=150)
    kana = models.CharField(_("name (kana)"), max_length=150, blank=True)
    corporate_number = models.CharField(_("法人番号"), max_length=13, blank=True)
    prefecture = models.CharField(_("prefecture"), max_length=4, choices=PREFECTURE_CHOICES)
    address = models.CharField(_("address"), max_length=200)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    profile = models.TextField(_("what your company does"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    processes = models.ManyToManyField(
        "capabilities.Process", blank=True, related_name="+", verbose_name=_("processes")
    )
    materials = models.ManyToManyField(
        "capabilities.Material", blank=True, related_name="+", verbose_name=_("materials")
    )
    # [{"standard": code, "number": str, "valid_until": "YYYY-MM-DD" or ""}], as the applicant
    # wrote them; they become the company's certifications when it is accepted.
    certificates = models.JSONField(default=list, blank=True)
    motivation = models.TextField(_("why you want to join"))
    # The version of the 会員規約 the applicant agreed to (the group may publish a new one later).
    agreed_rules = models.ForeignKey(
        "cockpit.LeverDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    proposal = models.ForeignKey(
        "cockpit.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "submission_key"], name="application_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return self.company_name

    @property
    def is_open(self) -> bool:
        return self.status in (ApplicationStatus.RECEIVED, ApplicationStatus.IN_DECISION)


class ScreeningCheck(models.Model):
    """One ticked item of the coordinator's checklist: who ticked it and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=20, choices=CheckItem.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "item"]
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="checked_once")]

    def __str__(self) -> str:
        return f"{self.application_id} ✓ {self.item}"


class AnnualFee(models.Model):
    """A member's 年会費 for one year (the seed's build stage sets the fees, l.1754–1758): the
    amount in whole yen and the day it was paid (empty while unpaid)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_yen = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "-year", "company__kana"]
        constraints = [
            models.UniqueConstraint(fields=["group", "company", "year"], name="one_fee_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}: ¥{self.amount_yen}"


class Leaving(models.Model):
    """A member's leaving (任意脱退, seed l.3438–3440): when, why, who recorded it, and what was
    handed back. The membership itself is kept, with its ``left_on``."""

    membership = models.OneToOneField(
        "orgs.Membership", on_delete=models.CASCADE, related_name="leaving"
    )
    left_on = models.DateField(_("leaves on"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    packages_returned = models.PositiveIntegerField(default=0)
    roles_ended = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.membership_id} left {self.left_on}"
