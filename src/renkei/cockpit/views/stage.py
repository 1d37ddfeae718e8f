"""The cockpit's front page and the stage page: checklist, assessment, stage changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.cockpit import kpis
from renkei.cockpit.forms import AssessForm, MarkForm, StageForm
from renkei.cockpit.levers_state import lever_states
from renkei.cockpit.models import (
    ChecklistMark,
    Proposal,
    Risk,
    StageAssessment,
    StageChange,
    StrategicUncertainty,
)
from renkei.cockpit.services import stage as service
from renkei.cockpit.views.access import is_coordinator, readable_group, writable_group
from renkei.lib import stages
from renkei.orgs.choices import Stage


def _guidance(stage: str) -> dict[str, object]:
    text, lines = stages.GUIDANCE[stage]
    external = stages.COMMUNICATION_EXTERNAL_PERCENT[stage]
    return {
        "text": text,
        "lines": lines,
        # The seed's words first; the weights and shares are renkei's reading of them.
        "capability_words": stages.CAPABILITY_WORDS[stage],
        "weights": stages.CAPABILITY_WEIGHTS[stage],
        "capability_lines": stages.CAPABILITY_LINES,
        "communication_words": stages.COMMUNICATION_WORDS[stage],
        "external": external,
        "internal": 100 - external,
        "communication_lines": stages.COMMUNICATION_LINES,
        "points": stages.POINTS_TO_GRASP,
        "points_lines": stages.POINTS_LINES,
    }


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    today = timezone.localdate()
    context = {
        "group": group,
        "stage_label": Stage(group.stage).label,
        "guidance": _guidance(group.stage),
        "levers": lever_states(group),
        "readings": kpis.readings(group),
        "overdue_risks": Risk.objects.filter(
            group=group, closed=False, review_on__lt=today
        ).count(),
        "focus": StrategicUncertainty.objects.filter(group=group, in_focus=True).first(),
        "open_proposals": Proposal.objects.filter(group=group, decided_at__isnull=True),
        "can_edit": is_coordinator(request, group),
    }
    return render(request, "cockpit/home.html", context)


@login_required
def stage(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    marks = {m.item: m for m in ChecklistMark.objects.filter(group=group)}
    done = {code for code, mark in marks.items() if mark.done}
    result = stages.assess(frozenset(done), group.stage)
    sections = [
        {
            "stage": code,
            "label": Stage(code).label,
            "current": code == group.stage,
            "items": [(item, marks.get(item.code)) for item in stages.items_for(code)],
        }
        for code in stages.STAGES
    ]
    context = {
        "group": group,
        "stage_label": Stage(group.stage).label,
        "sections": sections,
        "result": result,
        "scores": [(Stage(code).label, pct) for code, pct in result.score.items()],
        "suggested_label": Stage(result.suggested).label,
        "latest": StageAssessment.objects.filter(group=group).first(),
        "history": StageChange.objects.filter(group=group).select_related("changed_by"),
        "stage_form": StageForm(initial={"to_stage": stages.next_stage(group.stage)}),
        "assess_form": AssessForm(initial={"done": sorted(done)}),
        "guidance": _guidance(group.stage),
        "can_edit": is_coordinator(request, group),
    }
    return render(request, "cockpit/stage.html", context)


@login_required
@require_POST
def mark(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The item was not saved: check the evidence link."))
        return redirect("cockpit:stage", slug=group.slug)
    service.mark_item(actor=request.user, group=group, **form.cleaned_data)
    messages.success(request, _("Checklist saved."))
    anchor = f"#item-{form.cleaned_data['item']}"
    return redirect(reverse("cockpit:stage", args=[group.slug]) + anchor)


@login_required
@require_POST
def assess(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = AssessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown checklist item."))
        return redirect("cockpit:stage", slug=group.slug)
    made = service.assess_stage(
        actor=request.user, group=group, done=set(form.cleaned_data["done"])
    )
    messages.success(
        request,
        _("The assessment suggests: %(stage)s") % {"stage": Stage(made.suggested).label},
    )
    return redirect("cockpit:stage", slug=group.slug)


@login_required
@require_POST
def move(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            service.change_stage(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The group is now at %(stage)s.") % {"stage": Stage(group.stage).label}
            )
    else:
        messages.error(request, _("Choose a growth stage."))
    return redirect("cockpit:stage", slug=group.slug)
