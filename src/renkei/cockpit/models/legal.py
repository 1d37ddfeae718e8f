"""An operator's as-of date for a legal form's figures (the seed's are of 2019)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalFormAsOf(models.Model):
    """The date an operator last checked a legal form's row values against current law."""

    form = models.CharField(_("legal form"), max_length=20, unique=True)
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal form as-of date")
        verbose_name_plural = _("legal form as-of dates")

    def __str__(self) -> str:
        return f"{self.form} ({self.as_of})"


class IncorporationPlan(models.Model):
    """The group's own incorporation discussion (seed l.3511–3527: keep its course and outcome
    in writing): the purposes it pursues, the functions it would incorporate, the social-company
    criteria it meets, the stakeholders already revisited, and how many would found."""

    group = models.OneToOneField("orgs.Group", on_delete=models.CASCADE, related_name="+")
    purposes = models.JSONField(default=list, blank=True)
    functions = models.JSONField(default=list, blank=True)
    criteria = models.JSONField(default=list, blank=True)
    stakeholders = models.JSONField(default=list, blank=True)
    founders = models.PositiveIntegerField(_("founders ready"), null=True, blank=True)
    notes = models.TextField(_("course and outcome of the discussion"), blank=True)
    # The figures the advisor's checks need and the memberships cannot tell (seed l.3420–3450,
    # 2921–2941): asked on the advisor's page, empty until the coordinator gives them.
    planned_form = models.CharField(_("legal form in view"), max_length=20, blank=True)
    working_members = models.PositiveIntegerField(
        _("members who work in the business"), null=True, blank=True
    )
    workers = models.PositiveIntegerField(
        _("everyone who works in the business"), null=True, blank=True
    )
    # Planned capital per member company, {company id: yen}; the capital ledger wins once the
    # group keeps one.
    capital_plan = models.JSONField(default=dict, blank=True)
    capital_exception = models.BooleanField(
        _("a member's leaving (or a merger) raises one member's share"), default=False
    )
    npo_fields = models.JSONField(default=list, blank=True)
    revenue_yen = models.BigIntegerField(_("revenue (yen)"), null=True, blank=True)
    business_revenue_yen = models.BigIntegerField(
        _("business revenue (yen)"), null=True, blank=True
    )
    insurance_revenue_yen = models.BigIntegerField(
        _("of which from public insurance (yen)"), null=True, blank=True
    )
    contract_revenue_yen = models.BigIntegerField(
        _("of which government contracts (yen)"), null=True, blank=True
    )
    profit_yen = models.BigIntegerField(_("profit (yen)"), null=True, blank=True)
    dividends_yen = models.BigIntegerField(_("dividends paid (yen)"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"incorporation plan {self.group_id}"
