"""Who decides which member takes a job, besides the coordinator (Group.job_decision): the lead
company of a field, the members' raised hands, the core members' regular meeting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped


class LeadCompany(TimeStamped):
    """The member company that chooses who makes the jobs of one process family (磨き屋's 幹事企業
    chooses the polisher best suited to the customer's needs, seed l.516–518)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "capabilities.ProcessCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("field"),
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("lead company")
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "category__position"]
        verbose_name = _("lead company")
        verbose_name_plural = _("lead companies")
        # One company speaks for a field: two lead companies would both pass the job on.
        constraints = [
            models.UniqueConstraint(fields=["group", "category"], name="one_lead_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.category_id} → {self.company_id}"


class Hand(TimeStamped):
    """A member company raised its hand for an inquiry (MNI's members see the drawings and decide
    among themselves who takes the order, seed l.4315–4317)."""

    inquiry = models.ForeignKey("Inquiry", on_delete=models.CASCADE, related_name="hands")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    price_idea_yen = models.PositiveBigIntegerField(
        _("price idea (yen, excl. tax)"), null=True, blank=True
    )
    # A confirmed hand says "we take it on"; an unconfirmed one only "we are interested".
    confirmed = models.BooleanField(_("we can take it on"), default=False)
    taken_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["inquiry", "created_at", "pk"]
        verbose_name = _("raised hand")
        verbose_name_plural = _("raised hands")
        constraints = [models.UniqueConstraint(fields=["inquiry", "company"], name="one_hand")]

    def __str__(self) -> str:
        return f"{self.inquiry_id} ✋ {self.company_id}"


class Meeting(TimeStamped):
    """A regular meeting of the core members at which they decide who takes each pending job
    (コアメンバーの定例連絡会, seed l.2092–2096)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("meeting date"))
    attendees = models.ManyToManyField(
        "orgs.Company", related_name="+", blank=True, verbose_name=_("attending members")
    )
    attendee_note = models.CharField(
        _("other attendees"), max_length=300, blank=True, help_text=_("Names, if any.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.group_id} {self.held_on}"


class MeetingDecision(TimeStamped):
    """What the meeting decided for one inquiry: the member that takes it, or declined."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    inquiry = models.OneToOneField(
        "Inquiry", on_delete=models.CASCADE, related_name="meeting_decision"
    )
    # Empty: the meeting declined the job.
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    referral = models.ForeignKey(
        "Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.inquiry_id} → {self.company_id or '-'}"
