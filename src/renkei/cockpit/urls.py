from django.urls import path

from renkei.cockpit.views import (
    canvas,
    decisions,
    incorporation,
    kpi,
    levers,
    maps,
    mine,
    risks,
    stage,
    supporters,
)

app_name = "cockpit"
urlpatterns = [
    path("cockpit/", mine.mine, name="mine"),
    path("incorporation/legal-forms/", incorporation.legal_forms_page, name="legal_forms"),
    path("g/<slug:slug>/cockpit/", stage.home, name="home"),
    path("g/<slug:slug>/cockpit/stage/", stage.stage, name="stage"),
    path("g/<slug:slug>/cockpit/stage/mark", stage.mark, name="mark"),
    path("g/<slug:slug>/cockpit/stage/assess", stage.assess, name="assess"),
    path("g/<slug:slug>/cockpit/stage/move", stage.move, name="move"),
    path("g/<slug:slug>/cockpit/kpis/", kpi.overview, name="kpis"),
    path("g/<slug:slug>/cockpit/kpis/target", kpi.set_target, name="set_target"),
    path("g/<slug:slug>/cockpit/kpis/effect", kpi.add_effect, name="add_effect"),
    path("g/<slug:slug>/cockpit/levers/", levers.overview, name="levers"),
    path("g/<slug:slug>/cockpit/levers/document", levers.add_document, name="add_document"),
    path(
        "g/<slug:slug>/cockpit/levers/document/<int:pk>/acknowledge",
        levers.acknowledge,
        name="acknowledge",
    ),
    path("g/<slug:slug>/cockpit/levers/uncertainty", levers.uncertainty, name="uncertainty"),
    path("g/<slug:slug>/cockpit/risks/", risks.register, name="risks"),
    path("g/<slug:slug>/cockpit/decisions/", decisions.proposals, name="proposals"),
    path("g/<slug:slug>/cockpit/decisions/<int:pk>/", decisions.proposal, name="proposal"),
    path("g/<slug:slug>/cockpit/decisions/<int:pk>/vote", decisions.vote, name="vote"),
    path("g/<slug:slug>/cockpit/maps/", maps.maps, name="maps"),
    path("g/<slug:slug>/cockpit/canvas/", canvas.canvas, name="canvas"),
    path("g/<slug:slug>/cockpit/incorporation/", incorporation.advisor, name="incorporation"),
    path("g/<slug:slug>/cockpit/supporters/", supporters.dashboard, name="supporters"),
    path("g/<slug:slug>/cockpit/supporters/report.pdf", supporters.report, name="supporters_pdf"),
]
