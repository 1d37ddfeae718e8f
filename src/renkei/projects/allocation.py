"""The allocation proposal on real data: the group's open packages and its manufacturing
members, fed to renkei.lib.allocation; the coordinator accepts or edits the result, and each
accepted line is an offer the member company still has to approve (seed l.1246–1262)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.capabilities.models import CompanyProcess, Equipment
from renkei.inquiries.models import Answer, AnswerKind
from renkei.lib import allocation as lib
from renkei.orgs.choices import CompanyKind, PersonRole
from renkei.orgs.models import Company, Group, GroupRole
from renkei.projects.choices import PackageState, ProjectStatus
from renkei.projects.claims import ClaimRefused, offer_package
from renkei.projects.models import WorkPackage

BASE_CAPACITY = 4  # packages a member has in hand at once, plus one per ten employees
RECENT_DAYS = 90


@dataclass(frozen=True)
class Quoted:
    """A member's "can do" answer that the order's quote used: its price and lead time."""

    price_yen: int | None
    lead_days: int | None


@dataclass
class Line:
    package: WorkPackage
    company: Company | None
    why: str
    options: list[Company] = field(default_factory=list)  # whom the coordinator may pick
    quoted: bool = False
    late_days: int = 0


@dataclass
class Summary:
    """The proposal in the coordinator's words: how many packages, how many kept by the members
    that quoted, what the quotes they answered add up to, and how late any may be."""

    packages: int = 0
    assigned: int = 0
    quoted: int = 0
    quoted_yen: int = 0
    late: int = 0
    latest_days: int = 0
    open: int = 0


def candidates(group: Group) -> dict[int, Company]:
    """Who may be given a package: the group's current member companies that make things (never
    its city, chamber, bank or university) and that someone can be reached at, an approver of
    their own in the group or a contact e-mail (an offer waits for the company's approver)."""
    approvers = GroupRole.objects.filter(
        group=group, role=PersonRole.MEMBER_ADMIN, company_id=OuterRef("pk")
    )
    return {
        c.pk: c
        for c in Company.objects.filter(
            memberships__group=group,
            memberships__left_on__isnull=True,
            kind=CompanyKind.MANUFACTURER,
        )
        .filter(Q(Exists(approvers)) | ~Q(email=""))
        .distinct()
        .order_by("kana", "name")
    }


def _members(
    group: Group, companies: dict[int, Company]
) -> tuple[list[lib.MemberOffer], dict[int, int]]:
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
    return offers, {company_id: days for company_id, (_n, days) in load.items()}


def quoted_by(packages: list[WorkPackage]) -> dict[int, dict[int, Quoted]]:
    """Project id → the companies whose "can do" answers the order's quote used, with them."""
    projects = {p.project_id for p in packages if p.project.order_id is not None}
    answers = Answer.objects.filter(
        kind=AnswerKind.CAN,
        referral__inquiry__order__project__in=projects,
        created_at__lte=F("referral__inquiry__order__quote__created_at"),
    ).values_list(
        "referral__inquiry__order__project", "referral__company_id", "price_yen", "lead_days"
    )
    found: dict[int, dict[int, Quoted]] = defaultdict(dict)
    for project_id, company_id, price, lead in answers:
        found[project_id][company_id] = Quoted(price, lead)
    return found


def propose(group: Group) -> tuple[list[Line], Summary]:
    """Every open package of the group, each with the proposed member and why."""
    today = timezone.localdate()
    packages = list(
        WorkPackage.objects.for_group(group)
        .filter(state=PackageState.OPEN, project__status=ProjectStatus.ACTIVE)
        .select_related("project", "process")
        .order_by("due_on", "pk")
    )
    companies = candidates(group)
    quotes = quoted_by(packages)
    needs = [
        lib.PackageNeed(
            id=p.pk,
            process_ids=(p.process_id,) if p.process_id else (),
            due_day=(p.due_on - today).days if p.due_on else 365,
            work_days=p.work_days,
            quoted_by=frozenset(c for c in quotes.get(p.project_id, {}) if c in companies),
        )
        for p in packages
    ]
    offers, backlog = _members(group, companies)
    result = lib.allocate(needs, offers)
    by_package = {p.pk: p for p in packages}
    options = list(companies.values())
    summary = Summary(packages=len(packages))
    lines = []
    for c in result.choices:
        package = by_package[c.package_id]
        quoted = quotes.get(package.project_id, {})
        why = explain_choice(c, package, companies, quoted, backlog, today)
        lines.append(Line(package, companies[c.member_id], why, options, c.quoted, c.late_days))
        summary.assigned += 1
        if c.quoted:
            summary.quoted += 1
        if c.late_days:
            summary.late += 1
            summary.latest_days = max(summary.latest_days, c.late_days)
    for u in result.unassigned:
        why = (
            _("No member offers this process.")
            if u.reason == lib.NO_CAPABLE_MEMBER
            else _("Every member that can make it is full.")
        )
        lines.append(Line(by_package[u.package_id], None, why, options))
        summary.open += 1
    # What the customer's orders were quoted at by the members kept: each answer once.
    kept = {
        (line.package.project_id, line.company.pk) for line in lines if line.quoted and line.company
    }
    summary.quoted_yen = sum(quotes[p][c].price_yen or 0 for p, c in kept)
    return lines, summary


def _days_phrase(late_days: int, slack_days: int, due_on: dt.date | None) -> str:
    if late_days:
        return _("may be %(n)s days late with the work in hand") % {"n": late_days}
    if due_on is None:
        return _("can finish by the due date")
    return _("can finish by the due date (%(due)s) with %(n)s days to spare") % {
        "due": f"{due_on:%m-%d}",
        "n": slack_days,
    }


def explain_choice(
    choice: lib.Choice,
    package: WorkPackage,
    companies: dict[int, Company],
    quoted: dict[int, Quoted],
    backlog: dict[int, int],
    today: dt.date,
) -> str:
    """Why this member, in plain words with yen and days; never the solver's numbers."""
    parts = []
    if choice.quoted:
        answer = quoted[choice.member_id]
        details = []
        if answer.price_yen is not None:
            details.append(f"¥{answer.price_yen:,}")
        if answer.lead_days:
            details.append(_("%(n)s business days") % {"n": answer.lead_days})
        parts.append(
            _("quoted for this order (%(details)s)") % {"details": "・".join(details)}
            if details
            else _("quoted for this order")
        )
    elif quoted:
        names = "、".join(companies[c].name for c in quoted if c in companies)
        parts.append(
            _("the members that quoted (%(names)s) have no room for more work") % {"names": names}
            if names
            else _("the members that quoted cannot be offered work")
        )
    fit = {0: _("has the machine for it"), 10: _("offers this process")}.get(choice.fit_cost)
    if fit or not choice.quoted:
        parts.append(fit or _("can do it"))
    due = package.due_on
    slack = (
        max(0, (due - today).days - backlog.get(choice.member_id, 0) - package.work_days)
        if due
        else 0
    )
    parts.append(_days_phrase(choice.late_days, slack, due))
    if choice.rotation_cost:
        parts.append(_("had recent packages (rotation)"))
    if choice.runner_up_id is not None:
        other = companies[choice.runner_up_id]
        runner_late = 0
        if due is not None:
            runner_late = max(0, backlog.get(other.pk, 0) + package.work_days - (due - today).days)
        about = [_("quoted") if other.pk in quoted else _("did not quote")]
        if runner_late:
            about.append(_("%(n)s days late") % {"n": runner_late})
        parts.append(
            _("next best: %(name)s (%(about)s)") % {"name": other.name, "about": "・".join(about)}
        )
    return " · ".join(parts)


@transaction.atomic
def accept_proposal(*, actor: Any, group: Group, picks: dict[int, int]) -> int:
    """Offers each open package to the company the coordinator kept or chose (package id →
    company id); the company's approver still decides. Returns how many were offered."""
    packages = WorkPackage.objects.for_group(group).filter(pk__in=picks, state=PackageState.OPEN)
    # Only whom the page offered: a supporter or a company nobody can reach is never sent one.
    companies = candidates(group)
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
