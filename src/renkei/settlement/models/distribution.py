"""The year-end distribution of a 組合's surplus, and the ledgers it rests on: paid-in capital
of each member (出資口数, 払込済出資金) and a stock company's shareholders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped


class CapitalEntry(TimeStamped):
    """One line of the capital ledger: units subscribed and capital paid in (or returned when a
    member leaves, seed l.3438–3440). A member's capital is the sum of its lines."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    units = models.IntegerField(_("units (口数)"))
    paid_in_yen = models.BigIntegerField(_("paid in (yen)"))
    # 特定組合員 of a 企業組合: a member who does not work in the cooperative's business.
    specified = models.BooleanField(_("specified member (特定組合員)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "company", "on", "pk"]
        verbose_name = _("capital ledger entry")
        verbose_name_plural = _("capital ledger")

    def __str__(self) -> str:
        return f"{self.company_id} {self.on} {self.units}"


class Shareholder(TimeStamped):
    """A shareholder of a group that is a 株式会社."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shares = models.PositiveIntegerField(_("shares"))

    class Meta:
        ordering = ["group", "-shares", "name"]
        verbose_name = _("shareholder")
        verbose_name_plural = _("shareholders")

    def __str__(self) -> str:
        return self.name


class Distribution(TimeStamped):
    """One fiscal year's distribution, computed line by line (renkei.lib.distribution) and
    adopted by the members through a cockpit decision (総会)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    surplus_yen = models.BigIntegerField(_("surplus (yen)"))
    carried_loss_yen = models.BigIntegerField(_("loss carried forward (yen)"), default=0)
    inputs = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposal = models.OneToOneField(
        "cockpit.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "-fiscal_year", "-pk"]
        verbose_name = _("year-end distribution")
        verbose_name_plural = _("year-end distributions")

    def __str__(self) -> str:
        return f"{self.group_id} FY{self.fiscal_year}"
