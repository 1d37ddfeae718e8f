"""What the region's pages and downloads show, read from the rollups only (never the raw rows).

Each function is one view's query; the benchmark (`renkei bench region`) times them against
``rollups.compute_year`` over the raw rows.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from renkei.capabilities.models import Process
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole, Region
from renkei.region.models import (
    CapabilityCell,
    CapacityCell,
    DemandCell,
    FlowCell,
    RegionOpenData,
    RegionSharing,
    UnmetCell,
)
from renkei.region.models.rollups import PeriodKind
from renkei.region.models.sharing import DEFAULT_LICENCE


def can_view(user: Any, region: Region) -> bool:
    """Platform operators (superusers, staff), supporters of any group of the region, and
    coordinators of the region's groups that share their figures."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    roles = GroupRole.objects.filter(user=user, group__region=region)
    if roles.filter(role=PersonRole.SUPPORTER).exists():
        return True
    sharing = RegionSharing.objects.filter(shares=True).values("group_id")
    return roles.filter(role=PersonRole.COORDINATOR, group_id__in=sharing).exists()


def regions_for(user: Any) -> list[Region]:
    """The regions whose figures this person may open (for the header and the region page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [r for r in Region.objects.order_by("name") if can_view(user, r)]


@dataclass(frozen=True)
class Filters:
    year: int
    process: str  # "" — every process
    errors: tuple[str, ...] = ()


def years(region: Region) -> list[int]:
    found = (
        DemandCell.objects.filter(region=region, period_kind=PeriodKind.YEAR)
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted({d.year for d in found}, reverse=True)


def parse_filters(region: Region, data: Any, today: dt.date) -> Filters:
    """The year and process asked for; anything else is replaced by the default with a polite
    message (never an error page)."""
    errors = []
    year = today.year
    raw_year = str(data.get("year", "") or "").strip()
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:
            errors.append(
                gettext("“%(value)s” is not a year we can show; showing %(year)s.")
                % {"value": raw_year[:20], "year": year}
            )
    process = str(data.get("process", "") or "").strip()
    if process and not Process.objects.filter(code=process).exists():
        errors.append(
            gettext("We do not know the process “%(value)s”; showing every process.")
            % {"value": process[:40]}
        )
        process = ""
    return Filters(year, process, tuple(errors))


def trend(region: Region, filters: Filters) -> list[tuple[dt.date, int | None]]:
    """Inquiries per month of the year (None: a month too small to show)."""
    start = dt.date(filters.year, 1, 1)
    cells = DemandCell.objects.filter(
        region=region,
        period_kind=PeriodKind.MONTH,
        process=filters.process,
        dimension="all",
        period__gte=start,
        period__lt=dt.date(filters.year + 1, 1, 1),
    ).values_list("period", "inquiries")
    found = dict(cells)
    return [
        (dt.date(filters.year, m, 1), found.get(dt.date(filters.year, m, 1))) for m in range(1, 13)
    ]


def demand(region: Region, filters: Filters, dimension: str) -> QuerySet[DemandCell]:
    """The year's cells of one dimension (process, material_family, industry, size_band,
    tolerance_band, prefecture, or "all" for the year's total)."""
    return DemandCell.objects.filter(
        region=region,
        period_kind=PeriodKind.YEAR,
        period=dt.date(filters.year, 1, 1),
        process=filters.process,
        dimension=dimension,
    ).order_by("position")


# The page lists the most frequent reasons; the rest (a region's year has a couple of thousand
# combinations) are in the open-data CSV, which has them all.
UNMET_SHOWN = 30


def unmet(region: Region, filters: Filters, limit: int | None = None) -> QuerySet[UnmetCell]:
    """The year's unmet-demand cells, most inquiries first (their position); the first
    ``limit`` of them when given."""
    cells = UnmetCell.objects.filter(
        region=region, period=dt.date(filters.year, 1, 1), process=filters.process
    ).order_by("position")
    return cells[:limit] if limit is not None else cells


def unmet_count(region: Region, filters: Filters) -> int:
    return unmet(region, filters).count()


def suggestions(region: Region, filters: Filters, limit: int = 5) -> list[str]:
    """ "A member with X would have served N inquiries worth ¥Y this year", most inquiries
    first (reasons from the gates only: a price or a lead time is not a member to recruit)."""
    gated = (
        unmet(region, filters)
        .filter(code__in=["process", "certificate", "material", "size", "tolerance"])
        .order_by(F("inquiries").desc(), Coalesce("value_yen", Value(0)).desc(), "position")
    )
    out = []
    for cell in gated[:limit]:
        values = {"what": cell.label, "n": f"{cell.inquiries:,}", "year": filters.year}
        if cell.value_yen is not None:
            values["yen"] = f"{cell.value_yen:,}"
            text = gettext(
                "A member with %(what)s would have served %(n)s inquiries worth ¥%(yen)s in "
                "%(year)s."
            )
        else:
            text = gettext("A member with %(what)s would have served %(n)s inquiries in %(year)s.")
        out.append(text % values)
    return out


def flows(region: Region, filters: Filters) -> QuerySet[FlowCell]:
    return FlowCell.objects.filter(region=region, period=dt.date(filters.year, 1, 1)).order_by(
        "position"
    )


def capability(region: Region, dimension: str) -> QuerySet[CapabilityCell]:
    """Members today by process, envelope, certification or prefecture."""
    return CapabilityCell.objects.filter(region=region, dimension=dimension).order_by("position")


def capacity(region: Region) -> QuerySet[CapacityCell]:
    return CapacityCell.objects.filter(region=region).order_by("position")


def licence(region: Region) -> tuple[str, str]:
    found = RegionOpenData.objects.filter(region=region).first()
    if found is None:
        return DEFAULT_LICENCE, "https://creativecommons.org/licenses/by/4.0/"
    return found.licence, found.licence_url


def sharing_groups(region: Region) -> list[Group]:
    ids = RegionSharing.objects.filter(group__region=region, shares=True).values("group_id")
    return list(Group.objects.filter(pk__in=ids).order_by("name"))
