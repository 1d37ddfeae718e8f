"""The risk register, prompted by the seed's six risks of collaboration (l.5160–5201)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.choices import RiskCategory
from renkei.cockpit.forms import ReviewForm, RiskForm
from renkei.cockpit.models import Risk
from renkei.cockpit.services import risks as service
from renkei.cockpit.views.access import is_coordinator, readable_group
from renkei.orgs.models import Group


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    can_edit = is_coordinator(request, group)
    form = RiskForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "review" in request.POST:
            return _review(request, group)
        if form.is_valid():
            service.add_risk(
                actor=request.user, group=group, owner=request.user, **form.cleaned_data
            )
            messages.success(request, _("Risk added."))
            return redirect("cockpit:risks", slug=group.slug)
    today = timezone.localdate()
    risks = list(Risk.objects.filter(group=group).select_related("owner"))
    used = {risk.category for risk in risks}
    context = {
        "group": group,
        "risks": [(risk, risk.is_overdue(today)) for risk in risks],
        "prompts": [(value, label) for value, label in RiskCategory.choices if value not in used],
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "cockpit/risks.html", context, status=400 if form.errors else 200)


def _review(request: HttpRequest, group: Group) -> HttpResponse:
    risk = get_object_or_404(Risk.objects.filter(group=group), pk=request.POST.get("review"))
    form = ReviewForm(request.POST)
    if form.is_valid():
        service.review_risk(actor=request.user, risk=risk, **form.cleaned_data)
        messages.success(request, _("Review recorded."))
    else:
        messages.error(request, _("Enter the next review date."))
    return redirect("cockpit:risks", slug=group.slug)
