"""Projects and their packages: every write goes through here (claims in claims.py, progress in
progress.py)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.models import Order
from renkei.inquiries.services import calendar_of
from renkei.lib.leadtime import add_business_days
from renkei.orgs.models import Company, Group
from renkei.projects.choices import (
    EventKind,
    FundingStatus,
    PackageKind,
    PackageState,
    ProjectKind,
)
from renkei.projects.models import (
    CompanyFeed,
    Element,
    FundingSource,
    PackageEvent,
    Project,
    TeamMember,
    WorkPackage,
)

DEFAULT_WORK_DAYS = 3  # business days a step takes unless the coordinator says otherwise


def delivery_of(order: Order) -> dt.date:
    """The one delivery date promised to the customer: the day of the order plus the quote's
    lead time in business days on the group's calendar, stored on the order when it was placed.
    The customer's wished date (希望納期) is never it: it stays on the inquiry, for the
    coordinator to compare."""
    if order.delivery_on is not None:
        return order.delivery_on
    return order.quote.delivery_if_ordered_on(timezone.localdate(order.created_at))


@transaction.atomic
def start_order_project(*, actor: Any, order: Order) -> tuple[Project, bool]:
    """The project of an accepted order, with one draft package per process step of each line
    (chained in order, due dates counted back from delivery in business days). Twice is once."""
    Order.objects.select_for_update().filter(pk=order.pk).first()
    existing = Project.objects.filter(order=order).first()
    if existing is not None:
        return existing, False
    inquiry = order.inquiry
    calendar = calendar_of(inquiry.group)
    project = Project.objects.create(
        group=inquiry.group,
        kind=ProjectKind.ORDER,
        title=f"{inquiry.reference} {inquiry.title}"[:200],
        order=order,
        delivery_on=delivery_of(order),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    position = 0
    for line in inquiry.lines.prefetch_related("line_steps__process"):
        steps = list(line.line_steps.all())
        # The last step is due on the delivery date, each one before it a step's work days
        # earlier, counted on the group's calendar like the lead time itself.
        due = project.delivery_on
        dues = []
        for _step in reversed(steps):
            dues.append(due)
            due = add_business_days(calendar, due, -DEFAULT_WORK_DAYS) if due else None
        before = None
        for step, step_due in zip(steps, reversed(dues), strict=True):
            position += 1
            before = _create_package(
                actor=actor,
                project=project,
                position=position,
                name=f"{line.part_name} {step.process.name_ja}"[:150],
                process=step.process,
                quantity=line.quantity,
                work_days=DEFAULT_WORK_DAYS,
                due_on=step_due,
                after=before,
            )
            before.drawings.set(inquiry.drawings.all())
    audit("project.start", actor=actor, obj=project, group=project.group, summary=project.title)
    from renkei.settlement.models import OrderSettlement
    from renkei.settlement.services.orders import link_packages

    settlement = OrderSettlement.objects.filter(order=order).first()
    if settlement is not None:
        # The members' shares follow the packages from here on (a reassigned package moves its).
        link_packages(actor=actor, settlement=settlement)
    return project, True


@transaction.atomic
def create_development_project(
    *, actor: Any, group: Group, title: str, goal: str, delivery_on: dt.date | None = None
) -> Project:
    project = Project(
        group=group,
        kind=ProjectKind.DEVELOPMENT,
        title=title,
        goal=goal,
        delivery_on=delivery_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    project.full_clean()
    project.save()
    audit("project.create", actor=actor, obj=project, group=group, summary=title)
    return project


@transaction.atomic
def update_project(*, actor: Any, project: Project, **fields: Any) -> Project:
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    summary = project.title
    if project.order_id is not None and project.delivery_on is not None:
        # One date everywhere: moving an order project's delivery moves the order's promise,
        # which the quote, the PDF and the customer's tracking page show.
        moved = Order.objects.filter(pk=project.order_id).exclude(delivery_on=project.delivery_on)
        if moved.update(delivery_on=project.delivery_on):
            summary += f" (delivery {project.delivery_on:%Y-%m-%d})"
    audit("project.update", actor=actor, obj=project, group=project.group, summary=summary)
    return project


def _create_package(*, actor: Any, project: Project, **fields: Any) -> WorkPackage:
    package = WorkPackage(group=project.group, project=project, **fields)
    if package.after is not None and package.after.project_id != project.pk:
        raise ValidationError({"after": _("The step it comes after must be in the same project.")})
    package.full_clean(exclude=["group", "project"])
    package.save()
    PackageEvent.objects.create(package=package, kind=EventKind.CREATED, actor=_user(actor))
    return package


@transaction.atomic
def add_package(*, actor: Any, project: Project, **fields: Any) -> WorkPackage:
    """A new draft package at the end of the project's steps."""
    last = project.packages.aggregate(n=Max("position"))["n"] or 0
    fields.setdefault("position", last + 1)
    fields.setdefault("kind", PackageKind.PROCESS if fields.get("process") else PackageKind.PART)
    package = _create_package(actor=actor, project=project, **fields)
    audit("package.add", actor=actor, obj=package, group=project.group, summary=package.name)
    return package


@transaction.atomic
def update_package(*, actor: Any, package: WorkPackage, **fields: Any) -> WorkPackage:
    """The coordinator corrects a package (a due date moves, a step is added in between)."""
    for name, value in fields.items():
        setattr(package, name, value)
    seen = {package.pk}
    before = package.after
    while before is not None:
        if before.project_id != package.project_id or before.pk in seen:
            raise ValidationError({"after": _("The steps would go round in a circle.")})
        seen.add(before.pk)
        before = before.after
    package.full_clean(exclude=["group", "project"])
    package.save()
    audit("package.update", actor=actor, obj=package, group=package.group, summary=package.name)
    return package


@transaction.atomic
def publish_packages(*, actor: Any, project: Project) -> int:
    """Puts every draft package of the project on the claiming board."""
    drafts = list(
        WorkPackage.objects.select_for_update().filter(project=project, state=PackageState.DRAFT)
    )
    for package in drafts:
        package.state = PackageState.OPEN
        package.save(update_fields=["state", "updated_at"])
        PackageEvent.objects.create(package=package, kind=EventKind.PUBLISHED, actor=_user(actor))
    audit("package.publish", actor=actor, obj=project, group=project.group, count=len(drafts))
    return len(drafts)


@transaction.atomic
def add_element(*, actor: Any, project: Project, **fields: Any) -> Element:
    last = project.elements.aggregate(n=Max("position"))["n"] or 0
    element = Element(project=project, position=last + 1, **fields)
    element.full_clean(exclude=["project"])
    element.save()
    audit("project.element", actor=actor, obj=element, group=project.group, summary=element.name)
    return element


@transaction.atomic
def add_team_member(*, actor: Any, project: Project, company: Company, role: str) -> TeamMember:
    member, _created = TeamMember.objects.update_or_create(
        project=project, company=company, defaults={"role": role}
    )
    audit("project.team", actor=actor, obj=member, group=project.group, summary=company.name)
    return member


@transaction.atomic
def add_funding(*, actor: Any, project: Project, **fields: Any) -> FundingSource:
    funding = FundingSource(project=project, **fields)
    funding.full_clean(exclude=["project"])
    funding.save()
    audit("project.funding", actor=actor, obj=funding, group=project.group, summary=funding.name)
    return funding


@transaction.atomic
def set_funding_status(
    *,
    actor: Any,
    funding: FundingSource,
    status: str,
    pledged_yen: int | None = None,
    deadline: dt.date | None = None,
) -> FundingSource:
    """A funding row's status and, for a crowdfunding, the amount pledged and the deadline.
    The model's clean() refuses 入金済 below the target (all or nothing, seed l.1969–1975);
    a refused change leaves the row as it was."""
    if status not in FundingStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    locked = FundingSource.objects.select_for_update().get(pk=funding.pk)
    before = (locked.status, locked.pledged_yen, locked.deadline)
    locked.status = status
    if locked.is_crowdfunding:
        if pledged_yen is not None:
            locked.pledged_yen = pledged_yen
        if deadline is not None:
            locked.deadline = deadline
    locked.full_clean(exclude=["project"])
    locked.save(update_fields=["status", "pledged_yen", "deadline", "updated_at"])
    summary = f"{locked.name}: {before[0]} → {status}"
    if locked.is_crowdfunding:
        summary += f"; ¥{before[1]:,} → ¥{locked.pledged_yen:,} / ¥{locked.target_yen or 0:,}"
    audit(
        "project.funding_status",
        actor=actor,
        obj=locked,
        group=locked.project.group,
        summary=summary,
    )
    return locked


@transaction.atomic
def remove_part(*, actor: Any, obj: Element | TeamMember | FundingSource) -> None:
    """Takes an element, a team member or a funding source off a development project."""
    project = obj.project
    summary = str(obj)
    label = obj._meta.model_name
    obj.delete()
    audit(f"project.remove_{label}", actor=actor, obj=project, group=project.group, summary=summary)


@transaction.atomic
def feed_for(*, actor: Any, group: Group, company: Company) -> CompanyFeed:
    """The company's secret calendar address in the group, made on first use."""
    feed, created = CompanyFeed.objects.get_or_create(group=group, company=company)
    if created:
        audit("project.feed", actor=actor, obj=feed, group=group, summary=company.name)
    return feed


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
