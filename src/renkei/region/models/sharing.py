"""What each group lets the region see, and the region's open-data licence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped

DEFAULT_LICENCE = "CC BY 4.0"


class RegionSharing(TimeStamped):
    """A group's choice to let its inquiries, referrals and members join the region's aggregates.

    Off until the group's coordinator turns it on: the inquiries are the customers' and the
    members' business with the group, and each group decides for itself (seed l.1128–1150: the
    group is autonomous and decides nothing for its members, let alone for the platform). A group
    without a row shares nothing.
    """

    group = models.OneToOneField(
        "orgs.Group", on_delete=models.CASCADE, related_name="region_sharing"
    )
    shares = models.BooleanField(_("share our figures with the region"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("region sharing")
        verbose_name_plural = _("region sharing")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.shares}"


class RegionOpenData(TimeStamped):
    """The licence the region's aggregates are published under (CSV, JSON), set by an operator."""

    region = models.OneToOneField("orgs.Region", on_delete=models.CASCADE, related_name="open_data")
    licence = models.CharField(_("licence"), max_length=100, default=DEFAULT_LICENCE)
    licence_url = models.URLField(
        _("licence URL"), blank=True, default="https://creativecommons.org/licenses/by/4.0/"
    )

    class Meta:
        verbose_name = _("region open data")
        verbose_name_plural = _("region open data")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.licence}"
