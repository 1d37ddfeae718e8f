"""Diagnostic control: KPIs with targets and 12-month trends, external effects."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.cockpit import charts, kpis
from renkei.cockpit.coordinator import indicators as own_indicators
from renkei.cockpit.forms import EffectForm, IndicatorForm, TargetForm
from renkei.cockpit.models import ExternalEffect, KpiAlert
from renkei.cockpit.services import kpi as service
from renkei.cockpit.views.access import is_coordinator, readable_group, writable_group
from renkei.lib import kpi as lib
from renkei.orgs.models import Group


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    readings = kpis.readings(group)
    month = kpis.this_month()
    context = {
        "group": group,
        "readings": readings,
        # The seed's two evaluation axes (l.1550–1556): financial outcomes, external effects.
        "outcomes": [r for r in readings if not r.external],
        "external_readings": [r for r in readings if r.external],
        "own_indicators": own_indicators(group, month),
        "indicator_form": IndicatorForm(),
        # A reading is for this month or one of the two years before it, the latest first.
        "reading_months": lib.last_months(month, 24)[::-1],
        "charts": charts.kpi_charts(group, readings),
        "target_form": TargetForm(),
        "effect_form": EffectForm(),
        "effects": ExternalEffect.objects.filter(group=group)[:20],
        "alerts": KpiAlert.objects.filter(group=group)[:12],
        "can_edit": is_coordinator(request, group),
        "money": _money(request, group),
        "sources": _sources(group),
    }
    return render(request, "cockpit/kpis.html", context)


def _sources(group: Group) -> list[Any]:
    """Inquiries and orders per catalogue or exhibition the customers came from (NIPcom's
    catalogue handed out at exhibitions, seed l.2198–2203)."""
    from renkei.catalogue.counts import per_source

    return list(per_source(group))


def _money(request: HttpRequest, group: Group) -> dict[str, Any] | None:
    """Money KPIs for those who keep the group's books (coordinators, accountants) only."""
    from renkei.settlement.access import can_see_books
    from renkei.settlement.services.books import money_section

    return money_section(group) if can_see_books(request.user, group) else None


@login_required
@require_POST
def set_target(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The target was not saved: enter numbers of 0 or more."))
        return redirect("cockpit:kpis", slug=group.slug)
    try:
        service.set_target(actor=request.user, group=group, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Target saved."))
    return redirect("cockpit:kpis", slug=group.slug)


@login_required
@require_POST
def add_effect(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = EffectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The external effect was not saved: check the date and count."))
        return redirect("cockpit:kpis", slug=group.slug)
    service.record_effect(actor=request.user, group=group, **form.cleaned_data)
    messages.success(request, _("External effect recorded."))
    return redirect("cockpit:kpis", slug=group.slug)
