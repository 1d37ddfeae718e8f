"""Decisions of a meta-organization: one vote per member company, and a company's vote may
need its own approver (the two layers of seed l.1128–1150, 1246–1262)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.cockpit.choices import DecisionMethod, VoteChoice


class Proposal(models.Model):
    """A proposal the member companies decide by consent / objection or by vote."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("proposal"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=DecisionMethod.choices)
    quorum = models.PositiveIntegerField(_("quorum (companies)"), default=1)
    deadline = models.DateTimeField(_("deadline"))
    weights = models.JSONField(default=dict, blank=True)  # {company_id: weight}; default 1
    outcome = models.CharField(max_length=20, blank=True)
    outcome_statement = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Vote(models.Model):
    """A member company's vote. Cast by staff it waits for the company's member admin."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    comment = models.CharField(max_length=500, blank=True)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "company"], name="one_vote_per_company")
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.choice}"

    @property
    def counts(self) -> bool:
        return self.approved_at is not None
