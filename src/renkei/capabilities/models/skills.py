"""People as members: an individual's skills, and how a member stands in a 企業組合.

A person holds a membership through a company record of kind "individual" (their trade name or
their own name). カーティベータ is a group of individuals — engineers meeting outside their working
hours (seed l.2009–2011, 2049–2051) — and a 企業組合's 組合員 are individuals (l.3427, 3884–3886).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.choices import SkillGrade, Standing
from renkei.core.models import TimeStamped

MAX_HOURS_PER_MONTH = 400  # more than two full-time jobs: a typing slip, not availability
MAX_YEARS = 80
FIRST_SKILL_TEST_YEAR = 1959  # 技能検定 began in 1959


class SkillProfile(TimeStamped):
    """An individual member's profile: experience, availability and a short introduction. The
    skills themselves are the company's processes (CompanyProcess), so that the directory's
    search and the matching read a person as they read a shop."""

    company = models.OneToOneField(
        "orgs.Company", on_delete=models.CASCADE, related_name="skill_profile"
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Years of experience cannot be negative.")),
            MaxValueValidator(MAX_YEARS, _("Please enter at most %(limit_value)s years.")),
        ],
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("available hours per month"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Available hours cannot be negative.")),
            MaxValueValidator(
                MAX_HOURS_PER_MONTH, _("Please enter at most %(limit_value)s hours a month.")
            ),
        ],
    )
    bio = models.TextField(_("short introduction"), max_length=1000, blank=True)
    retired = models.BooleanField(
        _("retired (OB)"),
        default=False,
        help_text=_("Retired from a company and taking work in their own name."),
    )
    contact_public = models.BooleanField(
        _("show my e-mail to visitors"),
        default=False,
        help_text=_("Otherwise only the group's people see how to reach you."),
    )

    class Meta:
        verbose_name = _("skill profile")
        verbose_name_plural = _("skill profiles")

    def __str__(self) -> str:
        return str(self.company)


class SkillCertificate(TimeStamped):
    """A 技能検定 pass: the trade (職種, with its 作業 where it has several) and the grade."""

    profile = models.ForeignKey(SkillProfile, on_delete=models.CASCADE, related_name="grades")
    trade = models.CharField(_("skill trade"), max_length=60)
    grade = models.CharField(_("grade"), max_length=10, choices=SkillGrade.choices)
    passed_in = models.PositiveSmallIntegerField(_("year passed"), null=True, blank=True)

    class Meta:
        ordering = ["profile", "trade", "grade"]
        verbose_name = _("skill test grade")
        verbose_name_plural = _("skill test grades")
        constraints = [
            models.UniqueConstraint(fields=["profile", "trade", "grade"], name="skill_grade_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.trade}"

    @property
    def label(self) -> str:
        """As a 技能士 writes it: 「1級 機械加工技能士」."""
        short = {
            SkillGrade.SPECIAL: "特級",
            SkillGrade.FIRST: "1級",
            SkillGrade.SECOND: "2級",
            SkillGrade.THIRD: "3級",
            SkillGrade.SINGLE: "",
        }.get(SkillGrade(self.grade), "")
        return f"{short} {self.trade}技能士".strip()

    def clean(self) -> None:
        self.trade = self.trade.strip()
        if not self.trade:
            raise ValidationError({"trade": _("Please name the trade, e.g. 機械加工.")})
        this_year = timezone.localdate().year
        if self.passed_in is not None and not (
            FIRST_SKILL_TEST_YEAR <= self.passed_in <= this_year
        ):
            raise ValidationError(
                {
                    "passed_in": _("Please enter a year between %(first)s and %(last)s.")
                    % {"first": FIRST_SKILL_TEST_YEAR, "last": this_year}
                }
            )


class MembershipStanding(TimeStamped):
    """A member's standing in a group that is a 企業組合: 組合員 (a person) or 特定組合員 (a
    company providing what the cooperative needs, seed l.3884–3886). Groups of other forms
    leave it unset. Kept beside the membership so that the orgs app is not changed for it."""

    membership = models.OneToOneField(
        "orgs.Membership", on_delete=models.CASCADE, related_name="standing"
    )
    standing = models.CharField(_("standing"), max_length=12, choices=Standing.choices)

    class Meta:
        verbose_name = _("standing in the cooperative")
        verbose_name_plural = _("standings in the cooperative")

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_standing_display()}"
