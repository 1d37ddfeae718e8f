"""A member company's place in its group's printed catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped


class CatalogueEntry(TimeStamped):
    """Whether a member company appears in the buyer-view catalogue a group prints and hands out
    at exhibitions (NIPcom, seed l.2198–2203). Without a row a publicly listed member is in it:
    the row records a company's own choice to stay out, which its member admin makes (a group
    decides nothing for its members, seed l.1128–1150)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    listed = models.BooleanField(_("in the printed catalogue"), default=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        constraints = [
            models.UniqueConstraint(fields=["group", "company"], name="one_catalogue_entry")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.group_id}: {'listed' if self.listed else 'out'}"
