"""The region's pages: demand and supply, unmet demand, flows, the capability map, downloads.

Open to platform operators, the region's supporters and coordinators of sharing groups; anyone
else gets 404 (a region's figures are not public until the city publishes the downloads).
Every figure comes from the rollups (queries), never from the raw rows.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from renkei.capabilities.models import Process
from renkei.cockpit.charts import month_label
from renkei.lib import svgchart
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Region
from renkei.orgs.permissions import coordinator_group_or_404
from renkei.region import opendata, queries
from renkei.region.forms import LicenceForm, SharingForm
from renkei.region.models import RegionSharing, RollupWatermark
from renkei.region.queries import Filters
from renkei.region.rollups import TABLE_DIMENSIONS
from renkei.region.services import set_licence, set_sharing


def _region_or_404(request: HttpRequest, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not queries.can_view(request.user, region):
        raise Http404
    return region


def _number(value: float) -> str:
    return f"{value:,.0f}"


def trend_chart(series: list[tuple[dt.date, int | None]], title: str) -> SafeString:
    values: list[float | None] = [None if v is None else float(v) for _m, v in series]
    known = [v for v in values if v is not None]
    summary = gettext("Inquiries per month: %(total)s in the months shown.") % {
        "total": f"{int(sum(known)):,}"
    }
    chart = svgchart.line_chart(
        values,
        [month_label(m) for m, _v in series],
        ident="chart-region-trend",
        title=title,
        desc=summary,
        fmt=_number,
        value_fmt=lambda v: gettext("%(n)s inquiries") % {"n": f"{v:,.0f}"},
        unit=gettext("(inquiries)"),
        empty_text=gettext("No figures yet"),
        integer=True,
        at_least=4.0,
    )
    return mark_safe(chart.svg())  # noqa: S308 — svgchart escapes every text it writes


def bar(items: list[tuple[str, float]], ident: str, title: str) -> SafeString:
    chart = svgchart.bar_chart(
        items,
        ident=ident,
        title=title,
        desc=" ".join(f"{label}: {value:,.0f}." for label, value in items),
        fmt=_number,
        empty_text=gettext("No figures yet"),
    )
    return mark_safe(chart.svg())  # noqa: S308 — svgchart escapes every text it writes


DIMENSION_TITLES = {
    "process": lambda: gettext("By process"),
    "material_family": lambda: gettext("By material family"),
    "industry": lambda: gettext("By end-use industry"),
    "size_band": lambda: gettext("By part size"),
    "tolerance_band": lambda: gettext("By tightest tolerance"),
    "prefecture": lambda: gettext("By customer's prefecture"),
}
CAPABILITY_TITLES = {
    "process": lambda: gettext("Members by process"),
    "envelope": lambda: gettext("Members by largest machine envelope"),
    "certification": lambda: gettext("Members by certificate valid today"),
    "prefecture": lambda: gettext("Members by prefecture"),
}


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    region = _region_or_404(request, slug)
    filters = queries.parse_filters(region, request.GET, timezone.localdate())
    for error in filters.errors:
        messages.warning(request, error)
    total = queries.demand(region, filters, "all").first()
    tables = [
        (dimension, DIMENSION_TITLES[dimension](), list(queries.demand(region, filters, dimension)))
        for dimension in TABLE_DIMENSIONS
        if not (filters.process and dimension == "process")
    ]
    prefectures = next((rows for d, _t, rows in tables if d == "prefecture"), [])
    capability = [
        (d, CAPABILITY_TITLES[d](), list(queries.capability(region, d))) for d in CAPABILITY_TITLES
    ]
    process = Process.objects.filter(code=filters.process).first() if filters.process else None
    context: dict[str, Any] = {
        "region": region,
        "filters": filters,
        "process": process,
        "processes": Process.objects.all(),
        "years": sorted(
            {filters.year, timezone.localdate().year, *queries.years(region)}, reverse=True
        ),
        "total": total,
        "trend": trend_chart(queries.trend(region, filters), gettext("Inquiries per month")),
        "trend_rows": queries.trend(region, filters),
        "tables": tables,
        "prefecture_chart": bar(
            [(c.label, float(c.inquiries)) for c in prefectures],
            "chart-region-prefecture",
            gettext("Inquiries by customer's prefecture"),
        ),
        "unmet": list(queries.unmet(region, filters, limit=queries.UNMET_SHOWN)),
        "unmet_more": max(0, queries.unmet_count(region, filters) - queries.UNMET_SHOWN),
        "suggestions": queries.suggestions(region, filters),
        "flows": list(queries.flows(region, filters)),
        "capability": capability,
        "capacity": list(queries.capacity(region)),
        "sharing_groups": queries.sharing_groups(region),
        "built": RollupWatermark.objects.filter(region=region).first(),
        "datasets": opendata.DATASETS.values(),
        "query": _query(filters),
    }
    return render(request, "region/overview.html", context)


def _query(filters: Filters) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {"year": filters.year, **({"process": filters.process} if filters.process else {})}
    )


@login_required
def download(request: HttpRequest, slug: str, name: str, fmt: str) -> HttpResponse:
    region = _region_or_404(request, slug)
    dataset = opendata.DATASETS.get(name)
    if dataset is None or fmt not in ("csv", "json"):
        raise Http404
    filters = queries.parse_filters(region, request.GET, timezone.localdate())
    if filters.errors:
        return HttpResponse(
            " ".join(filters.errors), status=400, content_type="text/plain; charset=utf-8"
        )
    suffix = f"-{filters.process}" if filters.process else ""
    filename = f"{region.slug}-{dataset.name}-{filters.year}{suffix}.{fmt}"
    if fmt == "csv":
        body = opendata.as_csv(region, dataset, filters)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        body = opendata.as_json(region, dataset, filters)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def dictionary(request: HttpRequest, slug: str) -> HttpResponse:
    region = _region_or_404(request, slug)
    licence, url = queries.licence(region)
    context = {
        "region": region,
        "datasets": opendata.DATASETS.values(),
        "common": opendata.COMMON,
        "licence": licence,
        "licence_url": url,
        "form": LicenceForm(initial={"licence": licence, "licence_url": url}),
        "can_set_licence": request.user.is_superuser or request.user.is_staff,
    }
    return render(request, "region/dictionary.html", context)


@login_required
@require_POST
def licence(request: HttpRequest, slug: str) -> HttpResponse:
    region = _region_or_404(request, slug)
    if not (request.user.is_superuser or request.user.is_staff):
        raise Http404
    form = LicenceForm(request.POST)
    if form.is_valid():
        set_licence(actor=request.user, region=region, **form.cleaned_data)
        messages.success(request, gettext("The licence was saved."))
    else:
        messages.error(request, gettext("Please give the licence's name (and a web address)."))
    return redirect("region:dictionary", slug=region.slug)


@login_required
def sharing(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's choice: whether the group's figures join the region's."""
    group = coordinator_group_or_404(request, slug)
    current = RegionSharing.objects.filter(group=group).first()
    if request.method == "POST":
        form = SharingForm(request.POST)
        if form.is_valid():
            set_sharing(actor=request.user, group=group, shares=form.cleaned_data["shares"])
            messages.success(
                request, gettext("Saved. The region's figures follow at their next update.")
            )
            return redirect("region:sharing", slug=group.slug)
    else:
        form = SharingForm(initial={"shares": bool(current and current.shares)})
    context = {
        "group": group,
        "form": form,
        "shares": bool(current and current.shares),
        "can_view": queries.can_view(request.user, group.region),
        "is_coordinator": PersonRole.COORDINATOR,
    }
    return render(request, "region/sharing.html", context)
