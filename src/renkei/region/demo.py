"""The demo region's figures: its groups share their data with the region (all but one, so that
the region page shows a group that chose not to), and the rollups are built, so that the city
and the operator see the region view filled after `make demo`."""

from django.db import transaction

from renkei.orgs.models import Group
from renkei.region.models import RegionSharing
from renkei.region.rollups import build_region
from renkei.region.services import set_sharing

# The surface-treatment group keeps its figures to itself: groups are autonomous (seed l.1128–1150).
NOT_SHARING = {"hitachi-hyomen"}


@transaction.atomic
def load_demo_region(groups: dict[str, Group]) -> int:
    """Turns sharing on for the demo groups once and brings the rollups up to date; returns how
    many groups were turned on (0 on a second run)."""
    turned_on = 0
    for slug, group in groups.items():
        if slug in NOT_SHARING or RegionSharing.objects.filter(group=group).exists():
            continue
        set_sharing(actor=None, group=group, shares=True)
        turned_on += 1
    regions = {group.region for group in groups.values()}
    for region in regions:
        build_region(region, full=turned_on > 0)
    return turned_on
