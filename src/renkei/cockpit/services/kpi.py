"""Writes of diagnostic control: KPI targets and external effects."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renkei.cockpit.models import CircleSnapshot, ExternalEffect, KpiTarget
from renkei.core.audit import audit
from renkei.lib import kpi as lib
from renkei.orgs.models import Group, Membership


@transaction.atomic
def set_target(*, actor: Any, group: Group, kpi: str, target: float, tolerance: float) -> KpiTarget:
    if kpi not in lib.BY_CODE:
        raise ValidationError({"kpi": _("Unknown KPI.")})
    if target < 0 or tolerance < 0:
        raise ValidationError({"target": _("Targets and tolerances cannot be negative.")})
    if lib.BY_CODE[kpi].unit == "percent" and target > 100:
        raise ValidationError({"target": _("A rate cannot exceed 100 %.")})
    goal, _created = KpiTarget.objects.update_or_create(
        group=group, kpi=kpi, defaults={"target": target, "tolerance": tolerance}
    )
    audit("cockpit.kpi_target", actor=actor, obj=goal, group=group, summary=f"{kpi} {target}")
    return goal


@transaction.atomic
def record_effect(
    *, actor: Any, group: Group, kind: str, occurred_on: dt.date, count: int, note: str = ""
) -> ExternalEffect:
    if kind not in lib.EXTERNAL:
        raise ValidationError({"kind": _("Unknown external effect.")})
    if count < 1:
        raise ValidationError({"count": _("Enter 1 or more.")})
    effect = ExternalEffect.objects.create(
        group=group,
        kind=kind,
        occurred_on=occurred_on,
        count=count,
        note=note[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit("cockpit.effect", actor=actor, obj=effect, group=group, summary=f"{kind} {count}")
    return effect


def snapshot_circles(*, group: Group, month: dt.date) -> CircleSnapshot:
    """The circles' counts at the month's start; taken once per month (later calls keep it)."""
    counts: dict[str, int] = {}
    for circle in Membership.objects.for_group(group).current().values_list("circle", flat=True):
        counts[circle] = counts.get(circle, 0) + 1
    snapshot, _created = CircleSnapshot.objects.get_or_create(
        group=group, month=lib.month_start(month), defaults={"counts": counts}
    )
    return snapshot
