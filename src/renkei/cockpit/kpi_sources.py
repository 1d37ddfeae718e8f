"""The KPIs read from the projects and knowledge apps: on-time delivery and work-package claims
(projects: packages with due dates, their claimed / confirmed / shipped events) and knowledge
contributions (knowledge.contributions, the service that app provides for the cockpit).

Kept in one module because those apps were built alongside this one. If either cannot be
imported, its KPIs report None and are listed by ``unavailable()`` — never a made-up value.
Each function reads a span of months at once and answers per month.
"""

import datetime as dt
from importlib.util import find_spec

from django.db.models import Min, Q
from django.utils import timezone

from renkei.lib.kpi import add_months, month_start, rate
from renkei.lib.workclock import TOKYO
from renkei.orgs.models import Group


def _has(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def unavailable() -> frozenset[str]:
    missing = set()
    if not _has("renkei.projects.models"):
        missing.add("on_time")
    if not _has("renkei.knowledge.contributions"):
        missing.add("knowledge")
    return frozenset(missing)


def _span(months: list[dt.date]) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(min(months), dt.time(), tzinfo=TOKYO)
    end = dt.datetime.combine(add_months(max(months), 1), dt.time(), tzinfo=TOKYO)
    return start, end


def _month_of(moment: dt.datetime) -> dt.date:
    return month_start(moment.astimezone(TOKYO).date())


def claiming_companies(group: Group, months: list[dt.date]) -> dict[dt.date, set[int]]:
    """Companies that claimed, or confirmed a claim on, one of the group's work packages."""
    found: dict[dt.date, set[int]] = {month: set() for month in months}
    if "on_time" in unavailable():
        return found
    from renkei.projects.choices import EventKind
    from renkei.projects.models import PackageEvent

    start, end = _span(months)
    events = PackageEvent.objects.filter(
        package__group=group,
        kind__in=[EventKind.CLAIMED, EventKind.CONFIRMED],
        created_at__gte=start,
        created_at__lt=end,
        company__isnull=False,
    ).values_list("created_at", "company_id")
    for at, company_id in events:
        found.setdefault(_month_of(at), set()).add(company_id)
    return found


def on_time_rates(
    group: Group, months: list[dt.date], now: dt.datetime | None = None
) -> dict[dt.date, float | None]:
    """Of the packages due in each month: the share finished by their due date. A part is
    finished when shipped; a process step when its step is done (it goes on to the next
    member). A package still unfinished after its due date counts as late."""
    if "on_time" in unavailable():
        return dict.fromkeys(months)
    from renkei.projects.choices import EventKind, PackageKind
    from renkei.projects.models import WorkPackage

    today = (now or timezone.now()).astimezone(TOKYO).date()
    packages = (
        WorkPackage.objects.filter(
            group=group, due_on__gte=min(months), due_on__lt=add_months(max(months), 1)
        )
        .annotate(
            shipped=Min("events__created_at", filter=Q(events__kind=EventKind.SHIPPED)),
            step_done=Min("events__created_at", filter=Q(events__kind=EventKind.STEP_DONE)),
        )
        .values("kind", "due_on", "shipped", "step_done")
    )
    judged = dict.fromkeys(months, 0)
    on_time = dict.fromkeys(months, 0)
    for package in packages:
        month = month_start(package["due_on"])
        finished = package["shipped"]
        if package["kind"] == PackageKind.PROCESS and package["step_done"]:
            finished = min(filter(None, [finished, package["step_done"]]))
        if finished is None:
            if package["due_on"] < today:
                judged[month] += 1  # overdue and not finished: late
            continue
        judged[month] += 1
        on_time[month] += finished.astimezone(TOKYO).date() <= package["due_on"]
    return {month: rate(on_time[month], judged[month]) for month in months}


def knowledge_contributions(group: Group, months: list[dt.date]) -> dict[dt.date, float | None]:
    """Articles, revisions, answers and accepted answers written in each month."""
    if "knowledge" in unavailable():
        return dict.fromkeys(months)
    from renkei.knowledge.contributions import monthly

    totals: dict[dt.date, float | None] = dict.fromkeys(months, 0.0)
    for item in monthly(group, since=min(months)):
        if item.month in totals:
            totals[item.month] = (totals[item.month] or 0.0) + item.total
    return totals


def product_sales(group: Group, months: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """The group's own products (products.kpi): units and yen incl. tax of the orders confirmed
    in each month, cancelled ones left out; (0, 0) for every month without that app."""
    if not _has("renkei.products.kpi"):
        return dict.fromkeys(months, (0, 0))
    from renkei.products.kpi import monthly_sales

    return {month: (s.units, s.yen) for month, s in monthly_sales(group, months).items()}
