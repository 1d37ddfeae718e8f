"""The allocation proposal on real data: the group's open packages and its manufacturing
members, fed to renkei.lib.allocation; the coordinator accepts or edits the result, and each
accepted line is an offer the member company still has to approve (seed l.1246–1262)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.capabilities.models import CompanyProcess, Equipment
from renkei.lib import allocation as lib
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, Group
from renkei.projects.choices import PackageState, ProjectStatus
from renkei.projects.claims import ClaimRefused, offer_package
from renkei.projects.models import WorkPackage

BASE_CAPACITY = 4  # packages a member has in hand at once, plus one per ten employees
RECENT_DAYS = 90


@dataclass
class Line:
    package: WorkPackage
    company: Company | None
    why: str


def _members(group: Group) -> tuple[list[lib.MemberOffer], dict[int, Company]]:
    companies = {
        c.pk: c
        for c in Company.objects.filter(
            memberships__group=group,
            memberships__left_on__isnull=True,
            kind=CompanyKind.MANUFACTURER,
        )
    }
    skills: dict[int, dict[int, int]] = defaultdict(dict)
    for company_id, process_id in CompanyProcess.objects.filter(
        company_id__in=companies
    ).values_list("company_id", "process_id"):
        skills[company_id][process_id] = 2
    for company_id, process_id in Equipment.objects.filter(
        company_id__in=companies, process__isnull=False
    ).values_list("company_id", "process_id"):
        skills[company_id][process_id] = 3  # owning the machine for it
    held = WorkPackage.objects.filter(company_id__in=companies).active()
    load = {
        row["company_id"]: (row["n"], row["days"] or 0)
        for row in held.values("company_id").annotate(n=Count("pk"), days=Sum("work_days"))
    }
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    recent = dict(
        WorkPackage.objects.filter(company_id__in=companies, confirmed_at__gte=since)
        .values("company_id")
        .annotate(n=Count("pk"))
        .values_list("company_id", "n")
    )
    offers = []
    for company_id, company in sorted(companies.items()):
        n, days = load.get(company_id, (0, 0))
        capacity = BASE_CAPACITY + (company.employees or 0) // 10 - n
        offers.append(
            lib.MemberOffer(
                id=company_id,
                skills=skills.get(company_id, {}),
                capacity=max(0, capacity),
                backlog_days=days,
                recent=recent.get(company_id, 0),
            )
        )
    return offers, companies


def propose(group: Group) -> tuple[list[Line], int]:
    """Every open package of the group, each with the proposed member and why."""
    today = timezone.localdate()
    packages = list(
        WorkPackage.objects.for_group(group)
        .filter(state=PackageState.OPEN, project__status=ProjectStatus.ACTIVE)
        .select_related("project", "process")
        .order_by("due_on", "pk")
    )
    needs = [
        lib.PackageNeed(
            id=p.pk,
            process_ids=(p.process_id,) if p.process_id else (),
            due_day=(p.due_on - today).days if p.due_on else 365,
            work_days=p.work_days,
        )
        for p in packages
    ]
    offers, companies = _members(group)
    result = lib.allocate(needs, offers)
    by_package = {p.pk: p for p in packages}
    lines = [
        Line(by_package[c.package_id], companies[c.member_id], explain_choice(c, companies))
        for c in result.choices
    ]
    for u in result.unassigned:
        why = (
            _("No member offers this process.")
            if u.reason == lib.NO_CAPABLE_MEMBER
            else _("Every member that can make it is full.")
        )
        lines.append(Line(by_package[u.package_id], None, why))
    return lines, result.cost


def explain_choice(choice: lib.Choice, companies: dict[int, Company]) -> str:
    parts = [
        {0: _("has the machine for it"), 10: _("offers this process")}.get(
            choice.fit_cost, _("can do it")
        )
    ]
    if choice.late_days:
        parts.append(_("may be %(n)s days late with the work in hand") % {"n": choice.late_days})
    else:
        parts.append(_("can finish by the due date"))
    if choice.rotation_cost:
        parts.append(_("had recent packages (rotation)"))
    if choice.runner_up_id is not None and choice.runner_up_cost is not None:
        other = companies[choice.runner_up_id].name
        parts.append(
            _("next best: %(name)s (cost %(cost)s)")
            % {"name": other, "cost": choice.runner_up_cost}
        )
    return " · ".join(parts) + " " + _("(cost %(cost)s)") % {"cost": choice.cost}


@transaction.atomic
def accept_proposal(*, actor: Any, group: Group, picks: dict[int, int]) -> int:
    """Offers each open package to the company the coordinator kept or chose (package id →
    company id); the company's approver still decides. Returns how many were offered."""
    packages = WorkPackage.objects.for_group(group).filter(pk__in=picks, state=PackageState.OPEN)
    companies = {
        c.pk: c
        for c in Company.objects.filter(
            Q(pk__in=picks.values()),
            memberships__group=group,
            memberships__left_on__isnull=True,
        )
    }
    offered = 0
    for package in packages:
        company = companies.get(picks[package.pk])
        if company is None:
            continue
        try:
            with transaction.atomic():
                offer_package(actor=actor, package=package, company=company)
        except ClaimRefused:
            continue  # claimed since the proposal was made: the others still go out
        offered += 1
    return offered
