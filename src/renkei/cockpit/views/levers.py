"""The four levers: belief documents and acknowledgements, the boundary system (the inquiry
screening rules plus strategic limits, with their versions), the uncertainty in focus."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.cockpit.choices import EntryKind
from renkei.cockpit.forms import DocumentForm
from renkei.cockpit.levers_state import lever_states
from renkei.cockpit.models import (
    Acknowledgement,
    BoundaryRuleVersion,
    LeverDocument,
    StrategicUncertainty,
)
from renkei.cockpit.services import levers as service
from renkei.cockpit.views.access import (
    acting_company,
    is_coordinator,
    readable_group,
    writable_group,
)
from renkei.inquiries.models import BoundaryRule
from renkei.inquiries.referrals import companies_acting_for


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    mine = set(companies_acting_for(request.user, group))
    documents = []
    for document in service.current_documents(group):
        acked = set(
            Acknowledgement.objects.filter(document=document).values_list("company_id", flat=True)
        )
        documents.append(
            {
                "document": document,
                "missing": service.not_acknowledged(document),
                "to_acknowledge": sorted(mine - acked),
            }
        )
    focus = StrategicUncertainty.objects.filter(group=group, in_focus=True).first()
    context = {
        "group": group,
        "levers": lever_states(group),
        "documents": documents,
        "rules": BoundaryRule.objects.filter(group=group),
        "boundary_versions": BoundaryRuleVersion.objects.filter(group=group)[:10],
        "focus": focus,
        "entries": focus.entries.all() if focus else [],
        "past": StrategicUncertainty.objects.filter(group=group, in_focus=False)[:10],
        "form": DocumentForm(),
        "can_edit": is_coordinator(request, group),
        "entry_kinds": EntryKind.choices,
    }
    return render(request, "cockpit/levers.html", context)


@login_required
@require_POST
def add_document(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a title and the text."))
        return redirect("cockpit:levers", slug=group.slug)
    made = service.publish_document(actor=request.user, group=group, **form.cleaned_data)
    messages.success(request, _("Version %(v)s published.") % {"v": made.version})
    return redirect("cockpit:levers", slug=group.slug)


@login_required
@require_POST
def acknowledge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = readable_group(request, slug)
    document = get_object_or_404(LeverDocument.objects.filter(group=group), pk=pk)
    company = acting_company(request, group)
    try:
        service.acknowledge(actor=request.user, document=document, company=company)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("cockpit:levers", slug=group.slug)


@login_required
@require_POST
def uncertainty(request: HttpRequest, slug: str) -> HttpResponse:
    group = writable_group(request, slug)
    try:
        if request.POST.get("title"):
            service.focus_uncertainty(
                actor=request.user,
                group=group,
                title=request.POST["title"][:200],
                question=request.POST.get("question", ""),
            )
        else:
            focus = get_object_or_404(StrategicUncertainty, group=group, in_focus=True)
            service.log_entry(
                actor=request.user,
                uncertainty=focus,
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                minutes_url=request.POST.get("minutes_url", "")[:200],
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cockpit:levers", slug=group.slug)
