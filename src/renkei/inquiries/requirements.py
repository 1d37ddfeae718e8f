"""The coordinator's page of the group's certificate rules (capabilities.requirements)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.capabilities.models import CertificationStandard, GroupRequirement
from renkei.capabilities.models.requirements import industry_name
from renkei.capabilities.requirements import (
    DuplicateRequirement,
    add_requirement,
    remove_requirement,
)
from renkei.inquiries.choices import Industry
from renkei.orgs.permissions import coordinator_group_or_404


class StandardChoice(forms.ModelChoiceField[CertificationStandard]):
    def label_from_instance(self, obj: CertificationStandard) -> str:
        return obj.name


class RequirementForm(forms.Form):
    standard = StandardChoice(
        label=gettext_lazy("certificate"),
        queryset=CertificationStandard.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Choose a certificate from the list.")},
    )
    industry = forms.ChoiceField(
        label=gettext_lazy("for inquiries of"),
        required=False,
        help_text=gettext_lazy("Leave empty to require it of every member."),
        error_messages={"invalid_choice": gettext_lazy("Choose an industry from the list.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["industry"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("every member, every inquiry"))] + [
            (value, industry_name(value)) for value in Industry.values
        ]


@login_required
def requirements(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_requirement(
                actor=request.user,
                group=group,
                standard=form.cleaned_data["standard"],
                industry=form.cleaned_data["industry"],
            )
        except DuplicateRequirement:
            # A double submit lands here too: the rule stands once, and says so.
            messages.info(request, _("The group already has this rule."))
        else:
            messages.success(request, _("Rule added. Inquiries are matched against it."))
        return redirect("inquiries:requirements", slug=group.slug)
    rules = GroupRequirement.objects.filter(group=group).select_related("standard")
    return render(
        request,
        "inquiries/requirements.html",
        {"group": group, "rules": rules, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    rule = get_object_or_404(GroupRequirement.objects.filter(group=group), pk=pk)
    remove_requirement(actor=request.user, group=group, requirement=rule)
    messages.success(request, _("Rule removed."))
    return redirect("inquiries:requirements", slug=group.slug)
