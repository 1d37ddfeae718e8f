"""Writes of the region app: a group's sharing choice and the region's open-data licence."""

from typing import Any

from django.db import transaction

from renkei.core.audit import audit
from renkei.orgs.models import Group, Region
from renkei.region.models import RegionOpenData, RegionSharing
from renkei.region.rollups import mark_dirty


@transaction.atomic
def set_sharing(*, actor: Any, group: Group, shares: bool) -> RegionSharing:
    """Turns the group's sharing on or off; the region's rollups are rebuilt in full at their
    next run, so that a group that stops sharing is gone from every table then."""
    sharing, _created = RegionSharing.objects.select_for_update().get_or_create(group=group)
    changed = sharing.shares != shares
    sharing.shares = shares
    sharing.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    sharing.save()
    if changed:
        mark_dirty(group.region)
    audit(
        "region.sharing", actor=actor, obj=sharing, group=group, summary=f"{group.slug}: {shares}"
    )
    return sharing


@transaction.atomic
def set_licence(*, actor: Any, region: Region, licence: str, licence_url: str) -> RegionOpenData:
    data, _created = RegionOpenData.objects.select_for_update().get_or_create(region=region)
    data.licence, data.licence_url = licence, licence_url
    data.full_clean()
    data.save()
    audit("region.licence", actor=actor, obj=data, summary=f"{region.slug}: {licence}")
    return data
