"""The coordinator's daily project digest: late, delayed and returned packages, claims waiting
for a company's approval and packages nobody has claimed. Queued by the minute tick once a day
per group after 08:00 Japan time (as notices.digest), sent by the worker."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from renkei.lib.workclock import TOKYO
from renkei.orgs.models import Group
from renkei.outbox.followups import follow_up
from renkei.projects.choices import EventKind, PackageState, ProjectStatus
from renkei.projects.models import DigestRun, PackageEvent, WorkPackage

SEND_AFTER = dt.time(8, 0)


def digest_context(group: Group) -> dict[str, Any]:
    today = timezone.localdate()
    packages = (
        WorkPackage.objects.for_group(group)
        .filter(project__status=ProjectStatus.ACTIVE)
        .select_related("project", "company")
    )
    active = packages.active()
    late = [p for p in active if p.due_on and p.due_on < today]
    delayed = [p for p in active if p.delayed]
    waiting = list(packages.filter(state=PackageState.TENTATIVE))
    unclaimed = list(packages.filter(state=PackageState.OPEN))
    returned = list(
        PackageEvent.objects.filter(
            package__group=group,
            kind=EventKind.RETURNED,
            created_at__gte=timezone.now() - dt.timedelta(days=1),
        ).select_related("package", "company")
    )
    return {
        "group": group,
        "late": late,
        "delayed": delayed,
        "waiting": waiting,
        "unclaimed": unclaimed,
        "returned": returned,
        "anything": bool(late or delayed or waiting or unclaimed or returned),
        "base_url": settings.RENKEI_BASE_URL.rstrip("/"),
    }


def queue_coordinator_digests(now: dt.datetime | None = None) -> dict[str, int]:
    """Safe to run every minute: one digest per group with active projects per day."""
    from renkei.projects.tasks import mail_digest

    local = (now or timezone.now()).astimezone(TOKYO)
    if local.time() < SEND_AFTER:
        return {"queued": 0}
    today = local.date()
    groups = set(
        WorkPackage.objects.filter(project__status=ProjectStatus.ACTIVE)
        .exclude(state=PackageState.DRAFT)
        .values_list("group_id", flat=True)
    )
    done = set(DigestRun.objects.filter(day=today).values_list("group_id", flat=True))
    queued = 0
    for group_id in sorted(groups - done):
        try:
            with transaction.atomic():
                # The row is the once-a-day mark: two ticks racing make it once.
                run = DigestRun.objects.create(group_id=group_id, day=today)
                follow_up(mail_digest, run.pk)
        except IntegrityError:
            continue
        queued += 1
    return {"queued": queued}
