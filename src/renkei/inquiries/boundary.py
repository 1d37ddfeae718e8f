"""The coordinator edits the group's boundary rules, and declines what falls outside them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.cockpit.services.levers import record_boundary_edit
from renkei.core.audit import audit
from renkei.inquiries import replies
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.forms import BoundaryRuleForm, MessageForm
from renkei.inquiries.models import BoundaryRule, Inquiry
from renkei.inquiries.status import change_status
from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404


def decline_text() -> str:
    return _(
        "Thank you very much for your inquiry. We are sorry to say that this work lies outside "
        "what our group can take on, so we must respectfully decline it. We hope to be of help "
        "another time."
    )


@login_required
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = BoundaryRuleForm(request.POST or None)
    if request.method == "POST":
        if "delete" in request.POST:
            # A rule changes which inquiries are declined: always through the confirmation page.
            rule = get_object_or_404(
                BoundaryRule.objects.filter(group=group), pk=_id(request.POST["delete"])
            )
            return redirect("inquiries:boundary_delete", slug=group.slug, pk=rule.pk)
        if form.is_valid():
            rule = form.save(commit=False)
            rule.group = group
            rule.save()
            audit("boundary.create", actor=request.user, obj=rule, group=group, summary=str(rule))
            record_boundary_edit(actor=request.user, group=group, action="create", change=str(rule))
            messages.success(request, _("Rule added. New inquiries are screened against it."))
            return redirect("inquiries:boundary", slug=group.slug)
    return render(
        request,
        "inquiries/boundary.html",
        {"group": group, "rules": BoundaryRule.objects.filter(group=group), "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks before a rule goes, showing it in full; the POST from here deletes."""
    group = coordinator_group_or_404(request, slug)
    rule = get_object_or_404(BoundaryRule.objects.filter(group=group), pk=pk)
    if request.method == "POST":
        delete_rule(actor=request.user, group=group, rule=rule)
        messages.success(
            request, _("Rule removed. New inquiries are no longer screened against it.")
        )
        return redirect("inquiries:boundary", slug=group.slug)
    return render(request, "inquiries/boundary_delete.html", {"group": group, "rule": rule})


def delete_rule(*, actor: Any, group: Group, rule: BoundaryRule) -> None:
    """Deletes the rule, logs it and keeps the rules as they now stand as a new version."""
    with transaction.atomic():
        summary = str(rule)
        audit("boundary.delete", actor=actor, obj=rule, group=group, summary=summary)
        rule.delete()
        record_boundary_edit(actor=actor, group=group, action="delete", change=summary)


def _id(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return int(value)


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sends the courteous decline (as edited) to the customer and closes the inquiry."""
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return redirect("inquiries:detail", slug=group.slug, pk=inquiry.pk)
    replies.post_message(actor=request.user, inquiry=inquiry, body=form.cleaned_data["body"])
    change_status(inquiry, InquiryStatus.DECLINED, actor=request.user)
    messages.success(request, _("The customer was sent the decline."))
    return redirect("inquiries:detail", slug=group.slug, pk=inquiry.pk)
