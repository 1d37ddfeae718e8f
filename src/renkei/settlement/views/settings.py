"""The group's settlement terms (coordinators) and a member's billing details (its admins and
the group's coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company
from renkei.orgs.permissions import coordinator_group_or_404, current_member_ids, has_role
from renkei.settlement.access import admin_companies, money_group_or_404
from renkei.settlement.forms import BillingForm, TermsForm
from renkei.settlement.services import profile
from renkei.settlement.services.issue import billing_of, settlement_of


@login_required
def terms(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    current = settlement_of(group)
    form = TermsForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        profile.save_terms(actor=request.user, group=group, terms=form.save(commit=False))
        messages.success(request, _("The settlement terms are saved."))
        return redirect("settlement:terms", slug=group.slug)
    status = 400 if form.errors else 200
    return render(
        request, "settlement/settings/terms.html", {"group": group, "form": form}, status=status
    )


@login_required
def billing(request: HttpRequest, slug: str, company_id: int) -> HttpResponse:
    group = money_group_or_404(request, slug)
    company = get_object_or_404(
        Company.objects.filter(pk__in=current_member_ids(group)), pk=company_id
    )
    if company.pk not in admin_companies(request.user, group) and not has_role(
        request.user, group, PersonRole.COORDINATOR
    ):
        raise Http404
    form = BillingForm(request.POST or None, request.FILES or None, instance=billing_of(company))
    if request.method == "POST" and form.is_valid():
        profile.save_billing(actor=request.user, company=company, billing=form.save(commit=False))
        messages.success(request, _("The billing details are saved."))
        return redirect("settlement:billing", slug=group.slug, company_id=company.pk)
    context = {"group": group, "company": company, "form": form}
    return render(
        request, "settlement/settings/billing.html", context, status=400 if form.errors else 200
    )


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/terms/", terms, name="terms"),
    path("g/<slug:slug>/money/billing/<int:company_id>/", billing, name="billing"),
]
