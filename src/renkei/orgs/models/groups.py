"""Regions, groups (meta-organizations) and the memberships of companies in them."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.orgs.choices import Circle, InquiryRouting, JobDecision, MemberRole, Stage


class Region(TimeStamped):
    """A platform operator's region hosting several groups (Kyoto's platform, seed l.4339–4440).

    It is the portfolio level of seed l.1274–1300: the region's policy spans programs (groups).
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class GroupQuerySet(models.QuerySet["Group"]):
    def visible_to(self, user: object) -> "GroupQuerySet":
        """Public groups, plus private ones the user belongs to (everything for operators)."""
        if getattr(user, "is_superuser", False):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(Q(is_public=True) | Q(roles__user=user)).distinct()
        return self.filter(is_public=True)


class Group(TimeStamped):
    """A meta-organization: legally autonomous companies held together by a goal (seed l.1128–1150).

    The group cannot order its members, only coordinate them; it is the program level of
    seed l.1274–1300, and its coordinator (事務局) runs it.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(_("what we do"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the region page and to visitors.")
    )
    stage = models.CharField(
        _("growth stage"), max_length=20, choices=Stage.choices, default=Stage.FORMATION
    )
    # 京都試作ネット promises an answer within 2 hours (seed l.1836–1842, 4339–4440).
    reply_promise_hours = models.DecimalField(
        _("reply promise (business hours)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
    )
    business_day_start = models.TimeField(_("business day starts"), default=dt.time(8, 30))
    business_day_end = models.TimeField(_("business day ends"), default=dt.time(17, 30))
    business_weekdays = models.CharField(
        _("business weekdays"),
        max_length=7,
        default="12345",
        help_text=_("ISO weekdays the group works, 1 = Monday … 7 = Sunday."),
    )
    closures = models.JSONField(
        _("closures"),
        default=list,
        blank=True,
        help_text=_(
            "Extra closed periods such as お盆 and 年末年始: "
            '[{"name": "年末年始", "start": "12-29", "end": "01-03"}].'
        ),
    )
    inquiry_routing = models.CharField(
        _("new inquiries go"),
        max_length=12,
        choices=InquiryRouting.choices,
        default=InquiryRouting.COORDINATOR,
        help_text=_(
            "Automatically passed inquiries skip those outside the group's boundary rules: "
            "the coordinator decides on them."
        ),
    )
    job_decision = models.CharField(
        _("who decides who takes a job"),
        max_length=16,
        choices=JobDecision.choices,
        default=JobDecision.COORDINATOR,
        help_text=_(
            "The coordinator can always pass an inquiry on. With any other choice new inquiries "
            "are not passed on automatically: they wait for the lead company, the members' "
            "raised hands or the meeting."
        ),
    )
    # MNI's members decide among themselves (seed l.4315–4317): a group that trusts its members
    # lets the first confirmed hand take the job without the coordinator stepping in.
    first_hand_takes = models.BooleanField(
        _("the first raised hand takes the job"),
        default=False,
        help_text=_(
            "With raised hands: the first member to confirm its hand is passed the inquiry at "
            "once; otherwise the coordinator chooses among the hands."
        ),
    )
    # Off by default: many groups answer as one window and keep which member makes the part to
    # themselves, so that customers do not go round the group to the member directly.
    show_member_names = models.BooleanField(
        _("show member names to customers"),
        default=False,
        help_text=_(
            "On the customer's tracking page, name the member companies that make the quoted work."
        ),
    )
    # Off by default: the fee is the group's own arrangement with its members (受注手数料), and
    # most groups quote one price with it folded in rather than show the customer their margin.
    show_fee_to_customers = models.BooleanField(
        _("show the group's fee to customers"),
        default=False,
        help_text=_(
            "On the customer's quote, show the coordination fee as a line of its own; otherwise "
            "it is included in the parts' prices."
        ),
    )
    # Off by default so that a group turns it on once its coordinators have an authenticator app;
    # platform operators need it always (accounts.two_factor.two_factor_required).
    require_two_factor = models.BooleanField(
        _("require two-factor authentication for coordinators"),
        default=False,
        help_text=_(
            "Coordinators then sign in with a code from an authenticator app as well as their "
            "password, and are asked to set it up at their next page."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    # The group's own NDA: members who accept it see drawings of inquiries sent under an NDA.
    nda_text = models.TextField(
        _("NDA text (秘密保持契約)"),
        blank=True,
        help_text=_(
            "Members must accept it to see drawings of inquiries marked NDA. "
            "Changing it asks every member to accept the new text."
        ),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:group", args=[self.slug])

    @property
    def name_in_language(self) -> str:
        """The name to use in the language being spoken (a customer's mail is rendered in the
        customer's): the English name in English, if the group has one; else the name."""
        language = translation.get_language() or "ja"
        if self.name_en and not language.startswith("ja"):
            return self.name_en
        return self.name

    @property
    def nda_sha256(self) -> str:
        """The fingerprint of the current NDA text an acceptance is for."""
        return hashlib.sha256(self.nda_text.encode("utf-8")).hexdigest()

    def clean(self) -> None:
        if self.business_day_end <= self.business_day_start:
            raise ValidationError({"business_day_end": _("The day must end after it starts.")})
        if not self.business_weekdays or any(c not in "1234567" for c in self.business_weekdays):
            raise ValidationError({"business_weekdays": _("Use the digits 1 to 7.")})
        if self.reply_promise_hours <= 0:
            raise ValidationError(
                {"reply_promise_hours": _("The reply promise must be more than 0 hours.")}
            )
        self._clean_closures()

    def _clean_closures(self) -> None:
        message = _(
            'Each closure needs a name, a start and an end as "MM-DD", e.g. '
            '{"name": "お盆", "start": "08-13", "end": "08-16"}.'
        )
        if not isinstance(self.closures, list):
            raise ValidationError({"closures": message})
        for closure in self.closures:
            if not isinstance(closure, dict) or not closure.get("name"):
                raise ValidationError({"closures": message})
            for key in ("start", "end"):
                try:
                    dt.datetime.strptime(f"2000-{closure.get(key, '')}", "%Y-%m-%d")
                except (TypeError, ValueError):
                    raise ValidationError({"closures": message}) from None


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_group(self, group: Group) -> "MembershipQuerySet":
        """The only way views read memberships: scoped to one group."""
        return self.filter(group=group)

    def current(self) -> "MembershipQuerySet":
        return self.filter(left_on__isnull=True)


class Membership(TimeStamped):
    """A company's membership in a group: its circle, its office, when it joined and left."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, related_name="memberships"
    )
    circle = models.CharField(
        _("circle"), max_length=20, choices=Circle.choices, default=Circle.ACTIVE
    )
    role = models.CharField(
        _("office"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("joined"), default=dt.date.today)
    left_on = models.DateField(_("left"), null=True, blank=True)
    listed_publicly = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Shown in the public member list; otherwise only members see it."),
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen only by the group's coordinators.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "company__kana", "company__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "company"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} @ {self.group}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    def clean(self) -> None:
        if self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A company cannot leave before it joined.")})
