"""The coordinator's side: applications and their screening, the joining settings, the annual
fees, and recording a member's leaving (which the member's own admin may also do)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.capabilities.models.taxonomy import standard_choices
from renkei.joining import eligibility, members, services
from renkei.joining.choices import ApplicationStatus, CheckItem
from renkei.joining.forms import DeclineForm, FeeForm, LeavingForm, SettingsForm
from renkei.joining.models import AnnualFee, Application
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Membership
from renkei.orgs.permissions import (
    companies_acting_for,
    coordinator_group_or_404,
    has_role,
    member_group_or_404,
)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def applications(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    found = Application.objects.filter(group=group).prefetch_related("checks")
    rows: list[dict[str, Any]] = [{"application": a, "checked": len(a.checks.all())} for a in found]
    blocked = eligibility.blocked_companies(group)
    names = dict(Membership.objects.for_group(group).values_list("company_id", "company__name"))
    context = {
        "group": group,
        "open": [r for r in rows if r["application"].is_open],
        "decided": [r for r in rows if not r["application"].is_open][:50],
        "items": len(CheckItem.values),
        "settings_form": SettingsForm(instance=services.settings_of(group)),
        "blocked": [(names.get(pk, pk), reason) for pk, reason in blocked.items()],
    }
    return render(request, "joining/applications.html", context)


@login_required
@require_POST
def save_settings(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = SettingsForm(request.POST, instance=services.settings_of(group))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        services.save_settings(actor=request.user, group=group, **fields)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please check the probation settings."))
    return redirect("joining:applications", slug=group.slug)


def _application(request: HttpRequest, slug: str, pk: int) -> tuple[Group, Application]:
    group = coordinator_group_or_404(request, slug)
    found = Application.objects.filter(group=group).select_related("proposal", "agreed_rules")
    return group, get_object_or_404(found, pk=pk)


@login_required
def application(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, found = _application(request, slug, pk)
    ticked = {c.item: c for c in found.checks.select_related("checked_by")}
    standards = dict(standard_choices())
    today = timezone.localdate()
    certificates = [
        {
            "name": standards.get(c["standard"], c["standard"]),
            "number": c.get("number", ""),
            "until": c.get("valid_until", ""),
            "valid": not c.get("valid_until") or c["valid_until"] >= today.isoformat(),
        }
        for c in found.certificates
    ]
    rules = services.current_rules(group)
    context = {
        "group": group,
        "application": found,
        "checklist": [(value, label, ticked.get(value)) for value, label in CheckItem.choices],
        "all_checked": len(ticked) == len(CheckItem.values),
        "certificates": certificates,
        "processes": found.processes.all(),
        "materials": found.materials.all(),
        "rules_changed": rules is not None and found.agreed_rules_id != rules.pk,
        "decline_form": DeclineForm(),
        "statuses": ApplicationStatus,
    }
    return render(request, "joining/application.html", context)


def _back(found: Application) -> HttpResponse:
    return redirect("joining:application", slug=found.group.slug, pk=found.pk)


@login_required
@require_POST
def check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _group, found = _application(request, slug, pk)
    item = request.POST.get("item", "")
    try:
        if request.POST.get("undo"):
            services.untick(actor=request.user, application=found, item=item)
        else:
            services.tick(
                actor=request.user, application=found, item=item, note=request.POST.get("note", "")
            )
    except ValidationError as error:
        _errors(request, error)
    return _back(found)


@login_required
@require_POST
def propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _group, found = _application(request, slug, pk)
    try:
        services.put_to_core_members(actor=request.user, application=found)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Put to the core members: their decision decides it."))
    return _back(found)


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _group, found = _application(request, slug, pk)
    try:
        company = services.accept(
            actor=request.user, application=found, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is now a member; its contact person is invited as member admin.")
            % {"name": company.name},
        )
    return _back(found)


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _group, found = _application(request, slug, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason; the applicant is told it."))
        return _back(found)
    try:
        services.decline(actor=request.user, application=found, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Declined; the applicant is mailed the reason."))
    return _back(found)


def _member_choices(group: Group) -> list[tuple[int, str]]:
    rows = Membership.objects.for_group(group).select_related("company").order_by("company__kana")
    return [(m.company_id, m.company.name) for m in rows]


@login_required
def fees(request: HttpRequest, slug: str) -> HttpResponse:
    """Each member's 年会費 by year, with what is unpaid; the coordinator records payments."""
    group = coordinator_group_or_404(request, slug)
    choices = _member_choices(group)
    if request.method == "POST":
        raw = request.POST.get("company", "")
        if raw.isascii() and raw.isdigit() and int(raw) not in {pk for pk, _n in choices}:
            raise Http404  # another group's company: its id says nothing here
        form = FeeForm(request.POST, companies=choices)
        if form.is_valid():
            data = form.cleaned_data
            membership = Membership.objects.for_group(group).filter(company_id=data["company"])
            try:
                members.record_fee(
                    actor=request.user,
                    group=group,
                    company=membership.get().company,
                    year=data["year"],
                    amount_yen=data["amount_yen"],
                    paid_on=data["paid_on"],
                    note=data["note"],
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("joining:fees", slug=group.slug)
    else:
        form = FeeForm(initial={"year": timezone.localdate().year}, companies=choices)
    rows = AnnualFee.objects.filter(group=group).select_related("company")
    years: dict[int, dict[str, Any]] = {}
    for fee in rows:
        year = years.setdefault(fee.year, {"year": fee.year, "fees": [], "paid": 0, "due": 0})
        year["fees"].append(fee)
        year["paid" if fee.paid_on else "due"] += fee.amount_yen
    current = Membership.objects.for_group(group).current().select_related("company")
    context = {
        "group": group,
        "form": form,
        "years": sorted(years.values(), key=_year_key),
        "current": current.order_by("company__kana", "pk"),
    }
    return render(request, "joining/fees.html", context)


def _year_key(row: dict[str, Any]) -> int:
    return -int(row["year"])


def _may_record_leaving(request: HttpRequest, group: Group, membership: Membership) -> bool:
    if has_role(request.user, group, PersonRole.COORDINATOR):
        return True
    admin_of = companies_acting_for(request.user, group, (PersonRole.MEMBER_ADMIN,))
    return membership.company_id in admin_of


@login_required
def leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Records a member's leaving: the coordinator, or the company's own member admin."""
    group = member_group_or_404(request, slug)
    membership = get_object_or_404(
        Membership.objects.for_group(group).select_related("company"), pk=pk
    )
    if not _may_record_leaving(request, group, membership):
        raise PermissionDenied
    from renkei.projects.models import WorkPackage

    held = WorkPackage.objects.for_group(group).active().filter(company=membership.company)
    form = LeavingForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            members.record_leaving(
                actor=request.user,
                membership=membership,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The leaving is recorded."))
            if has_role(request.user, group, PersonRole.COORDINATOR):
                return redirect("orgs:manage_members", slug=group.slug)
            return redirect("home")
    context = {
        "group": group,
        "membership": membership,
        "form": form,
        "held": held.count(),
        "today": timezone.localdate(),
    }
    return render(request, "joining/leave.html", context)
