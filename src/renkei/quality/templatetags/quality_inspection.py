"""The receiving inspection's section of the package page: the check of the incoming hand-off
for the next member, the final check for the coordinator, the wait while a rejection is open
and the corrective actions of the package's own work. One tag, so the package view stays as
it is."""

import uuid
from typing import Any

from django import template
from django.db.models import Q

from renkei.projects.access import acting_companies, can_report, is_coordinator
from renkei.projects.choices import PackageState
from renkei.projects.models import WorkPackage
from renkei.quality.models import CheckResult, DefectKind, Disposition, ReceivingCheck
from renkei.quality.services import inspection as service

register = template.Library()


@register.inclusion_tag("quality/inspection/_package.html", takes_context=True)
def receiving_panel(context: template.Context, package: WorkPackage) -> dict[str, Any]:
    user = context["request"].user
    group = package.group
    coordinator = is_coordinator(user, group)
    mine = acting_companies(user, group)
    assigned = package.state == PackageState.ASSIGNED
    upstream = package.after if package.after_id is not None else None
    incoming = bool(
        upstream is not None
        and assigned
        and upstream.state == PackageState.ASSIGNED
        and service.may_check(user, upstream, package)
    )
    # The previous step has no confirmed company yet: nothing to judge, the plain tick stays.
    legacy_tick = bool(
        upstream is not None
        and assigned
        and upstream.state != PackageState.ASSIGNED
        and can_report(user, package)
    )
    final = assigned and coordinator and service.is_last(package)
    # The checks of this package's own work and of what it received, as far as this person
    # may see each (the coordinators, the company checked, the company that received).
    found = (
        ReceivingCheck.objects.filter(Q(package=package) | Q(receiving_package=package))
        .select_related("package__group", "receiving_package", "checked_by", "company")
        .prefetch_related("photos")
        .order_by("-created_at", "-pk")[:10]
    )
    checks = [c for c in found if service.may_see_check(user, c)] if coordinator or mine else []
    actions = [
        (a, service.is_overdue(a))
        for a in service.visible_actions(user, group).filter(package=package).order_by("-pk")
    ]
    blocking = service.blocking_action(package)
    shown = incoming or legacy_tick or final or checks or actions or blocking
    return {
        "shown": bool(shown),
        "csrf_token": context.get("csrf_token"),
        "group": group,
        "package": package,
        "upstream": upstream,
        "incoming": incoming,
        "final": final,
        "legacy_tick": legacy_tick,
        "checks": checks,
        "actions": actions,
        "blocking": blocking,
        "results": CheckResult.choices,
        "defects": DefectKind.choices,
        "dispositions": Disposition.choices,
        "key": uuid.uuid4(),
        "max_photos": service.MAX_PHOTOS,
    }
