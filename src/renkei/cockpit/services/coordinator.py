"""Writes of the coordinator's checklist and of the group's own indicators, each audited."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renkei.cockpit.kpis import this_month
from renkei.cockpit.models import CoordinatorMark, CustomIndicator, IndicatorReading
from renkei.cockpit.models.coordinator import DIGITS, PLACES
from renkei.core.audit import audit
from renkei.lib import coordinator
from renkei.lib import kpi as lib
from renkei.orgs.models import Group

# The largest magnitude a reading or target may have (DIGITS digits, PLACES of them decimals).
LIMIT = Decimal(10) ** (DIGITS - PLACES)
MAX_INDICATORS = 50  # a page of them stays readable on a phone


def marks(group: Group) -> dict[str, CoordinatorMark]:
    return {m.item: m for m in CoordinatorMark.objects.filter(group=group)}


@transaction.atomic
def mark_task(*, actor: Any, group: Group, item: str, done: bool, how: str = "") -> CoordinatorMark:
    """Ticks (or unticks) one of the coordinator's roles or tasks, with a note on how."""
    if item not in coordinator.BY_CODE:
        raise ValidationError({"item": _("Unknown checklist item.")})
    mark = CoordinatorMark.objects.select_for_update().filter(
        group=group, item=item
    ).first() or CoordinatorMark(group=group, item=item)
    mark.done, mark.how = done, how.strip()[:500]
    mark.marked_by = actor if getattr(actor, "is_authenticated", False) else None
    mark.save()
    audit(
        "cockpit.coordinator_checklist",
        actor=actor,
        obj=mark,
        group=group,
        summary=f"{item} {'done' if done else 'open'}",
    )
    return mark


def number(raw: Any, field: str) -> Decimal:
    """A finite decimal within the limit, rounded to PLACES; else a polite ValidationError."""
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not value.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(value) >= LIMIT:
        raise ValidationError({field: _("The number is too large.")})
    return value.quantize(Decimal(1).scaleb(-PLACES))


@transaction.atomic
def create_indicator(
    *, actor: Any, group: Group, name: str, unit: str = "", target: Any = None
) -> CustomIndicator:
    name, unit = " ".join(name.split()), " ".join(unit.split())
    if not name:
        raise ValidationError({"name": _("Enter a name for the indicator.")})
    if len(name) > 100 or len(unit) > 20:
        raise ValidationError({"name": _("The name or the unit is too long.")})
    goal = None if target in (None, "") else number(target, "target")
    if CustomIndicator.objects.filter(group=group).count() >= MAX_INDICATORS:
        raise ValidationError({"name": _("The group has as many indicators as a page can show.")})
    try:
        with transaction.atomic():
            indicator = CustomIndicator.objects.create(
                group=group,
                name=name,
                unit=unit,
                target=goal,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(
            {"name": _("The group already has an indicator of this name.")}
        ) from None
    audit("cockpit.indicator", actor=actor, obj=indicator, group=group, summary=name)
    return indicator


@transaction.atomic
def record_reading(
    *, actor: Any, group: Group, indicator: int, month: dt.date, value: Any
) -> IndicatorReading:
    """The indicator's value for a month; a second entry for the month replaces the first."""
    own = CustomIndicator.objects.filter(group=group, pk=indicator).first()
    if own is None:
        raise ValidationError({"indicator": _("Choose one of the group's indicators.")})
    if lib.month_start(month) > this_month():
        raise ValidationError({"month": _("A reading cannot be for a month still to come.")})
    amount = number(value, "value")
    reading, _created = IndicatorReading.objects.update_or_create(
        indicator=own,
        month=lib.month_start(month),
        defaults={
            "value": amount,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit(
        "cockpit.indicator_reading",
        actor=actor,
        obj=reading,
        group=group,
        summary=f"{own.name} {reading.month:%Y-%m} {amount}",
    )
    return reading
