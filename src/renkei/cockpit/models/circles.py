"""People in the community circles (seed l.2595–2612, 図表 2-11). The circles of companies are
their memberships (orgs.Membership.circle); these are the people: a core member is often a
person (the seed's core group is employees on the shop floor, l.2616–2620), and the fourth
circle is the outsider (異端者) who, from quite unrelated quarters, sends the group opinions
(l.2609–2610) — so an outsider here carries a log of the opinions received, kept by the
coordinator."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.orgs.choices import Circle


class CirclePerson(models.Model):
    """A person in one of the group's circles: an account of the group or just a name."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    circle = models.CharField(_("circle"), max_length=20, choices=Circle.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_on = models.DateField(_("added"), default=dt.date.today)

    class Meta:
        ordering = ["circle", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="one_circle_entry_per_account",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.user.get_username() if self.user else ""


class OutsiderOpinion(models.Model):
    """One opinion an outsider sent the group, as the coordinator recorded it."""

    person = models.ForeignKey(CirclePerson, on_delete=models.CASCADE, related_name="opinions")
    received_on = models.DateField(_("received on"), default=dt.date.today)
    text = models.TextField(_("opinion"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]
