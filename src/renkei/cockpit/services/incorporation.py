"""Writes of the incorporation advisor: the group's own plan."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renkei.cockpit.models import IncorporationPlan
from renkei.core.audit import audit
from renkei.lib import incorporation
from renkei.orgs.models import Group

CODES = {
    "purposes": {e.code for e in incorporation.PURPOSES},
    "functions": {e.code for e in incorporation.FUNCTIONS},
    "criteria": {e.code for e in incorporation.SOCIAL_CRITERIA},
    "stakeholders": {e.code for e in incorporation.STAKEHOLDERS},
}


@transaction.atomic
def save_plan(
    *,
    actor: Any,
    group: Group,
    purposes: list[str],
    functions: list[str],
    criteria: list[str],
    stakeholders: list[str],
    founders: int | None,
    notes: str = "",
) -> IncorporationPlan:
    chosen = {
        "purposes": purposes,
        "functions": functions,
        "criteria": criteria,
        "stakeholders": stakeholders,
    }
    for name, values in chosen.items():
        if set(values) - CODES[name]:
            raise ValidationError({name: _("Choose from the listed items.")})
    if founders is not None and founders < 0:
        raise ValidationError({"founders": _("Enter 0 or more.")})
    plan = IncorporationPlan.objects.select_for_update().filter(group=group).first()
    plan = plan or IncorporationPlan(group=group)
    for name, values in chosen.items():
        setattr(plan, name, sorted(set(values)))
    plan.founders, plan.notes = founders, notes.strip()
    plan.save()
    audit("cockpit.incorporation", actor=actor, obj=plan, group=group, summary=group.slug)
    return plan
