"""Proposals and votes: coordinators propose, member people vote for their company, a member
admin approves staff votes, supporters read; other groups get 404."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.cockpit.choices import DecisionMethod
from renkei.cockpit.models import Proposal, Vote
from renkei.cockpit.services import decisions as service
from renkei.cockpit.views.access import acting_company, is_coordinator, readable_group
from renkei.inquiries.referrals import companies_acting_for
from renkei.orgs.models import Company


class ProposalForm(forms.Form):
    title = forms.CharField(max_length=200, label=gettext_lazy("proposal"))
    body = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("text")
    )
    method = forms.ChoiceField(choices=DecisionMethod.choices, label=gettext_lazy("method"))
    quorum = forms.IntegerField(min_value=1, label=gettext_lazy("quorum (companies)"))
    deadline = forms.DateTimeField(
        label=gettext_lazy("deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@login_required
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    can_edit = is_coordinator(request, group)
    initial = {"deadline": timezone.localtime() + dt.timedelta(days=7), "quorum": 1}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                made = service.create_proposal(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("cockpit:proposal", slug=group.slug, pk=made.pk)
    for proposal in Proposal.objects.filter(group=group, decided_at__isnull=True):
        service.close_if_due(proposal)
    context = {
        "group": group,
        "proposals": Proposal.objects.filter(group=group),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "cockpit/proposals.html", context, status=400 if form.errors else 200)


@login_required
def proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = readable_group(request, slug)
    item = get_object_or_404(Proposal.objects.filter(group=group), pk=pk)
    service.close_if_due(item)
    item.refresh_from_db()
    mine = companies_acting_for(request.user, group)
    votes = {v.company_id: v for v in item.votes.select_related("company", "cast_by")}
    voters = Company.objects.filter(pk__in=service.voters(group)).order_by("kana", "name")
    context = {
        "group": group,
        "proposal": item,
        "rows": [(company, votes.get(company.pk), company.pk in mine) for company in voters],
        "choices": sorted(service.CHOICES[DecisionMethod(item.method)]),
        "tally": service.tally(item),
        "open": item.decided_at is None,
    }
    return render(request, "cockpit/proposal.html", context)


@login_required
@require_POST
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = readable_group(request, slug)
    item = get_object_or_404(Proposal.objects.filter(group=group), pk=pk)
    company = acting_company(request, group)
    try:
        if request.POST.get("approve"):
            found = get_object_or_404(Vote, proposal=item, company=company)
            service.approve_vote(actor=request.user, vote=found)
        else:
            service.cast_vote(
                actor=request.user,
                proposal=item,
                company=company,
                choice=request.POST.get("choice", ""),
                comment=request.POST.get("comment", ""),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vote saved."))
    return redirect("cockpit:proposal", slug=group.slug, pk=item.pk)
