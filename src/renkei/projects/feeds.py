"""A member company's due dates in one group as an iCalendar feed (renkei.lib.ical)."""

from django.conf import settings
from django.utils import timezone

from renkei.lib.ical import DueDate, calendar
from renkei.projects.choices import PackageState, ProjectStatus
from renkei.projects.models import CompanyFeed, WorkPackage


def calendar_text(feed: CompanyFeed) -> str:
    packages = (
        WorkPackage.objects.for_group(feed.group)
        .filter(
            company=feed.company,
            project__status=ProjectStatus.ACTIVE,
            state__in=[PackageState.TENTATIVE, PackageState.ASSIGNED],
            due_on__isnull=False,
        )
        .select_related("project__group")
        .order_by("due_on", "pk")
    )
    base = settings.RENKEI_BASE_URL.rstrip("/")
    host = base.split("//", 1)[-1].split("/", 1)[0] or "renkei"
    events = [
        DueDate(
            uid=f"package-{p.pk}@{host}",
            day=p.due_on,
            summary=f"{p.name} ×{p.quantity} ({p.project.title})",
            description=p.get_state_display(),
            url=base + p.get_absolute_url(),
        )
        for p in packages
        if p.due_on is not None
    ]
    return calendar(
        events,
        name=f"{feed.company.name} · {feed.group.name}",
        prodid="-//renkei//projects//JA",
        stamp=timezone.now(),
    )
