"""Pages of individual members: the coordinator adds a person, the person keeps their skill
profile, the coordinator records a member's standing in a 企業組合."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from renkei.capabilities import people
from renkei.capabilities.models import MembershipStanding, ProcessCategory, SkillCertificate
from renkei.capabilities.people_forms import (
    COMMON_TRADES,
    IndividualMemberForm,
    PersonForm,
    SkillGradeForm,
    SkillProfileForm,
    StandingForm,
)
from renkei.orgs import services as org_services
from renkei.orgs.models import Company, Membership
from renkei.orgs.permissions import can_edit_company, coordinator_group_or_404


def _errors_into(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: beside its field when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def add_individual(request: HttpRequest, slug: str) -> HttpResponse:
    """個人会員を追加: a person (an engineer, a retired 技能士) joins in their own name."""
    group = coordinator_group_or_404(request, slug)
    form = IndividualMemberForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                membership = people.add_individual_member(
                    actor=request.user, group=group, **form.cleaned_data
                )
            except ValidationError as error:
                _errors_into(form, error)
            else:
                name = membership.company.name
                if form.cleaned_data["invite"]:
                    text = _("%(name)s joined the group; an invitation is on its way.")
                else:
                    text = _("%(name)s joined the group.")
                messages.success(request, text % {"name": name})
                return redirect("orgs:manage_members", slug=group.slug)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "capabilities/add_individual.html",
        {"group": group, "form": form},
        status=400 if form.errors else 200,
    )


def _categories(selected: set[int]) -> tuple[list[ProcessCategory], set[int]]:
    categories = list(
        ProcessCategory.objects.select_related("sector").prefetch_related("processes")
    )
    opened = {c.pk for c in categories if any(p.pk in selected for p in c.processes.all())}
    return categories, opened


@login_required
def skills_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The person keeps their skills, grades, experience and availability. A company keeps its
    processes on its own profile page."""
    company = get_object_or_404(Company, pk=pk)
    if not can_edit_company(request.user, company):
        raise Http404
    if not people.is_individual(company):
        return redirect("directory:company_edit", pk=company.pk)
    profile = people.profile_of(company)
    selected = set(company.company_processes.values_list("process_id", flat=True))
    form = SkillProfileForm(instance=profile, prefix="skills", initial={"processes": selected})
    grade_form = SkillGradeForm(prefix="grade")
    person_form = PersonForm(instance=company, prefix="basic")
    status = 200
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "basic":
            person_form = PersonForm(
                request.POST, instance=Company.objects.get(pk=pk), prefix="basic"
            )
            if person_form.is_valid():
                fields = {name: person_form.cleaned_data[name] for name in person_form.changed_data}
                org_services.update_company(
                    actor=request.user, company=Company.objects.get(pk=pk), **fields
                )
                messages.success(request, _("Profile saved."))
                return redirect("capabilities:skills_edit", pk=company.pk)
        elif section == "profile":
            form = SkillProfileForm(
                request.POST, instance=people.profile_of(company), prefix="skills"
            )
            if form.is_valid():
                data = dict(form.cleaned_data)
                processes = data.pop("processes")
                try:
                    people.save_skill_profile(
                        actor=request.user, company=company, processes=processes, **data
                    )
                except ValidationError as error:
                    _errors_into(form, error)
                else:
                    messages.success(request, _("Skill profile saved."))
                    return redirect("capabilities:skills_edit", pk=company.pk)
            selected = {p.pk for p in form.cleaned_data.get("processes", [])} or {
                int(v) for v in request.POST.getlist("skills-processes") if v.isdigit()
            }
        elif section == "grade":
            grade_form = SkillGradeForm(request.POST, prefix="grade")
            if grade_form.is_valid():
                try:
                    people.add_skill_grade(
                        actor=request.user, company=company, **grade_form.cleaned_data
                    )
                except ValidationError as error:
                    _errors_into(grade_form, error)
                else:
                    messages.success(request, _("Grade added."))
                    return redirect("capabilities:skills_edit", pk=company.pk)
        elif section == "remove_grade":
            raw = request.POST.get("grade_id", "")
            certificate = SkillCertificate.objects.filter(
                profile__company=company, pk=int(raw) if raw.isdigit() else 0
            ).first()
            if certificate is not None:
                people.remove_skill_grade(actor=request.user, certificate=certificate)
                messages.success(request, _("Grade removed."))
            return redirect("capabilities:skills_edit", pk=company.pk)
        messages.error(request, _("Please correct the fields marked below."))
        status = 400
    categories, opened = _categories(selected)
    return render(
        request,
        "capabilities/skills_edit.html",
        {
            "company": company,
            "profile": people.profile_of(company),
            "form": form,
            "person_form": person_form,
            "grade_form": grade_form,
            "categories": categories,
            "open_categories": opened,
            "selected_processes": selected,
            "trades": COMMON_TRADES,
        },
        status=status,
    )


@login_required
def standing(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The coordinator records whether a member is a 組合員 or a 特定組合員 of the 企業組合."""
    group = coordinator_group_or_404(request, slug)
    membership = get_object_or_404(
        Membership.objects.for_group(group).select_related("company"), pk=pk
    )
    current = MembershipStanding.objects.filter(membership=membership).first()
    initial: dict[str, Any] = {"standing": current.standing if current else ""}
    form = StandingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.set_standing(
                actor=request.user, membership=membership, standing=form.cleaned_data["standing"]
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:manage_members", slug=group.slug)
    return render(
        request,
        "capabilities/standing.html",
        {"group": group, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )
