"""The incorporation advisor (seed ch.3, l.2816–3925) and the public legal-form comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.cockpit.kpis import member_company_ids
from renkei.cockpit.legal import as_of_dates, table_rows
from renkei.cockpit.models import IncorporationPlan
from renkei.cockpit.services.incorporation import save_plan
from renkei.cockpit.views.access import is_coordinator, readable_group
from renkei.lib import incorporation, legal_forms, stages
from renkei.lib.incorporation import Entry
from renkei.orgs.choices import Stage
from renkei.orgs.models import Group


def legal_forms_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cockpit/legal_forms.html",
        {"tables": table_rows(), "as_of": as_of_dates()},
    )


def _checked(entries: tuple[Entry, ...], chosen: list[str]) -> list[tuple[Entry, bool]]:
    return [(entry, entry.code in chosen) for entry in entries]


def _save(request: HttpRequest, group: Group) -> HttpResponse:
    founders_text = request.POST.get("founders", "").strip()
    try:
        founders = int(founders_text) if founders_text else None
        save_plan(
            actor=request.user,
            group=group,
            purposes=request.POST.getlist("purposes"),
            functions=request.POST.getlist("functions"),
            criteria=request.POST.getlist("criteria"),
            stakeholders=request.POST.getlist("stakeholders"),
            founders=founders,
            notes=request.POST.get("notes", "")[:5000],
        )
    except ValueError:
        messages.error(request, _("Enter the number of founders as a whole number."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("cockpit:incorporation", slug=group.slug)


@login_required
def advisor(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    can_edit = is_coordinator(request, group)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        return _save(request, group)
    plan = IncorporationPlan.objects.filter(group=group).first() or IncorporationPlan(group=group)
    members = len(member_company_ids(group))
    ready = stages.index(group.stage) >= stages.index(legal_forms.INCORPORATE_FROM_STAGE)
    context = {
        "group": group,
        "plan": plan,
        "stage_label": Stage(group.stage).label,
        "ready": ready,
        "from_label": Stage(legal_forms.INCORPORATE_FROM_STAGE).label,
        "stage_check": incorporation.STAGE_CHECK,
        "means_not_end": incorporation.MEANS_NOT_END,
        "purposes": _checked(incorporation.PURPOSES, plan.purposes),
        "functions": _checked(incorporation.FUNCTIONS, plan.functions),
        "criteria": _checked(incorporation.SOCIAL_CRITERIA, plan.criteria),
        "stakeholders": _checked(incorporation.STAKEHOLDERS, plan.stakeholders),
        "members": members,
        "eligibility": legal_forms.eligibility(member_companies=members, founders=plan.founders),
        "tables": table_rows(),
        "as_of": as_of_dates(),
        "can_edit": can_edit and request.GET.get("print") is None,
    }
    return render(request, "cockpit/incorporation.html", context)
