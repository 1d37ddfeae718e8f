"""Project pages: the list, starting an order project, a development project's team and
funding, and a project's packages with their timeline."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.inquiries.models import Order
from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404, member_group_or_404
from renkei.projects import services
from renkei.projects.access import acting_companies, is_coordinator
from renkei.projects.choices import FundingStatus, PackageState, ProjectKind
from renkei.projects.forms import (
    DevelopmentForm,
    ElementForm,
    FundingForm,
    FundingUpdateForm,
    PackageForm,
    ProjectForm,
    TeamForm,
)
from renkei.projects.models import Element, FundingSource, Project, TeamMember, WorkPackage
from renkei.projects.timeline import timeline


def _project_or_404(group: Group, pk: int) -> Project:
    return get_object_or_404(Project.objects.for_group(group).select_related("group"), pk=pk)


@login_required
def project_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    projects = Project.objects.for_group(group).select_related("group", "order__inquiry")
    coordinator = is_coordinator(request.user, group)
    orders = []
    if coordinator:
        orders = list(
            Order.objects.filter(inquiry__group=group, project__isnull=True)
            .select_related("inquiry__group")
            .order_by("-created_at")
        )
    return render(
        request,
        "projects/list.html",
        {
            "group": group,
            "projects": projects,
            "orders": orders,
            "coordinator": coordinator,
            "member": bool(acting_companies(request.user, group)),
        },
    )


@login_required
@require_POST
def start_order(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    order_id = request.POST.get("order", "")
    order = get_object_or_404(
        Order.objects.filter(inquiry__group=group).select_related("inquiry__group", "quote"),
        pk=order_id if order_id.isdigit() else 0,
    )
    project, created = services.start_order_project(actor=request.user, order=order)
    if created:
        messages.success(request, _("The project was started."))
    return redirect(project.get_absolute_url())


@login_required
def new_development(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = DevelopmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.create_development_project(
            actor=request.user, group=group, **form.cleaned_data
        )
        return redirect(project.get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request, "projects/development_form.html", {"group": group, "form": form}, status=status
    )


@login_required
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    return _detail(request, group, project)


def _detail(
    request: HttpRequest,
    group: Group,
    project: Project,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    coordinator = is_coordinator(request.user, group)
    funding = list(project.funding.all())
    packages = list(
        WorkPackage.objects.filter(project=project).select_related("company", "process", "after")
    )
    context: dict[str, object] = {
        "group": group,
        "project": project,
        "packages": packages,
        "coordinator": coordinator,
        "drafts": sum(p.state == PackageState.DRAFT for p in packages),
        "done": sum(p.is_done for p in packages),
        "gantt": timeline(project, packages),
        "is_development": project.kind == ProjectKind.DEVELOPMENT,
        "elements": project.elements.select_related("company", "partner"),
        "team": project.team.select_related("company"),
        "funding": funding,
        # Only money received counts (a crowdfunding's pledges only once its goal is reached).
        "funding_received": sum(f.received_yen for f in funding),
        "funding_statuses": FundingStatus.choices,
    }
    if coordinator:
        context |= {
            "package_form": PackageForm(project=project),
            "project_form": ProjectForm(instance=project),
            "element_form": ElementForm(group=group),
            "team_form": TeamForm(group=group),
            "funding_form": FundingForm(),
        }
    context |= forms or {}
    return render(request, "projects/detail.html", context, status=status)


@login_required
@require_POST
def add_package(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    form = PackageForm(request.POST, project=project)
    if form.is_valid():
        services.add_package(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Package added."))
        return redirect(project.get_absolute_url())
    return _detail(request, group, project, {"package_form": form}, status=400)


@login_required
@require_POST
def edit_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    form = ProjectForm(request.POST, instance=Project.objects.get(pk=project.pk))
    if form.is_valid():
        services.update_project(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(project.get_absolute_url())
    return _detail(request, group, project, {"project_form": form}, status=400)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    count = services.publish_packages(actor=request.user, project=project)
    messages.success(request, _("%(n)s packages are on the claiming board.") % {"n": count})
    return redirect(project.get_absolute_url())


def _add_part(
    request: HttpRequest,
    slug: str,
    pk: int,
    make_form: Callable[[Group], Any],
    save: Callable[..., Any],
    name: str,
    anchor: str,
) -> HttpResponse:
    """One of a development project's parts (element, team member, funding source) added
    from its form on the project page; a bad form comes back with its errors."""
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    form = make_form(group)
    if form.is_valid():
        save(actor=request.user, project=project, **form.cleaned_data)
        return redirect(f"{project.get_absolute_url()}#{anchor}")
    return _detail(request, group, project, {f"{name}_form": form}, status=400)


@login_required
@require_POST
def add_element(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def form(group: Group) -> ElementForm:
        return ElementForm(request.POST, group=group)

    return _add_part(request, slug, pk, form, services.add_element, "element", "elements")


@login_required
@require_POST
def add_team_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def form(group: Group) -> TeamForm:
        return TeamForm(request.POST, group=group)

    return _add_part(request, slug, pk, form, services.add_team_member, "team", "team")


@login_required
@require_POST
def add_funding(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def form(_group: Group) -> FundingForm:
        return FundingForm(request.POST)

    return _add_part(request, slug, pk, form, services.add_funding, "funding", "funding")


PARTS = {"element": Element, "team": TeamMember, "funding": FundingSource}


@login_required
@require_POST
def remove_part(request: HttpRequest, slug: str, pk: int, part: str, part_id: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    model = PARTS.get(part)
    if model is None:
        raise Http404
    found = get_object_or_404(model.objects.filter(project=project), pk=part_id)  # type: ignore[attr-defined]
    services.remove_part(actor=request.user, obj=found)
    messages.success(request, _("Saved."))
    return redirect(project.get_absolute_url() + ("#elements" if part == "element" else f"#{part}"))


@login_required
@require_POST
def funding_status(request: HttpRequest, slug: str, pk: int, funding_id: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    project = _project_or_404(group, pk)
    funding = get_object_or_404(FundingSource.objects.filter(project=project), pk=funding_id)
    form = FundingUpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(project.get_absolute_url() + "#funding")
    try:
        services.set_funding_status(actor=request.user, funding=funding, **form.cleaned_data)
    except ValidationError as refused:
        for error in refused.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(project.get_absolute_url() + "#funding")


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    """The nav link: straight to the one group's projects, or a choice of groups."""
    groups = list(
        Group.objects.filter(roles__user_id=request.user.pk or 0).distinct().order_by("name")
    )
    if len(groups) == 1:
        return redirect("projects:list", slug=groups[0].slug)
    return render(request, "projects/groups.html", {"groups": groups})
