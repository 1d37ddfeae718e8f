"""The supporters' view: a read-only dashboard and the external-effects report (PDF) for the
city or the bank (seed l.697–787, 1550–1562)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renkei.cockpit import charts, kpis
from renkei.cockpit.report_pdf import render_report, year_totals
from renkei.cockpit.views.access import readable_group
from renkei.lib import kpi as lib
from renkei.orgs.choices import Stage

SUPPORTER_TRENDS = ("inquiries", "sales", "win_rate")


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    month = kpis.this_month()
    totals = year_totals(group, month)
    readings = [r for r in kpis.readings(group, month) if not r.external]
    effects = [(kpis.label_of(code), code, totals[code]) for code in lib.EXTERNAL]
    context = {
        "group": group,
        "stage_label": Stage(group.stage).label,
        "readings": readings,
        "effects": effects,
        "effects_chart": charts.effects_chart(effects),
        # The figures a city or a bank asks about first: demand, money and winning.
        "charts": charts.kpi_charts(group, readings, SUPPORTER_TRENDS),
        "month": month,
    }
    return render(request, "cockpit/supporters.html", context)


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    month = kpis.this_month()
    response = HttpResponse(render_report(group, month), content_type="application/pdf")
    name = f"external-effects-{group.slug}-{month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
