"""The group's risk register, prompted by the seed's six risks of collaboration."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.cockpit.choices import RiskCategory

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    """A risk of the collaboration (seed l.5160–5201), to be reviewed by a date."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    title = models.CharField(_("risk"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    review_on = models.DateField(_("next review"))
    closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["closed", "review_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    def is_overdue(self, today: dt.date) -> bool:
        return not self.closed and self.review_on < today
