"""Writes of the stage part of the cockpit: checklist marks, assessments, stage changes."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.models import ChecklistMark, StageAssessment, StageChange
from renkei.core.audit import audit
from renkei.lib import stages
from renkei.orgs.choices import Stage
from renkei.orgs.models import Group


def done_items(group: Group) -> set[str]:
    return set(ChecklistMark.objects.filter(group=group, done=True).values_list("item", flat=True))


@transaction.atomic
def mark_item(
    *, actor: Any, group: Group, item: str, done: bool, evidence_url: str = "", note: str = ""
) -> ChecklistMark:
    if item not in stages.ITEM_CODES:
        raise ValidationError({"item": _("Unknown checklist item.")})
    mark = ChecklistMark.objects.filter(group=group, item=item).first() or ChecklistMark(
        group=group, item=item
    )
    mark.done, mark.evidence_url, mark.note, mark.marked_by = done, evidence_url, note, actor
    mark.full_clean()
    mark.save()
    audit(
        "cockpit.checklist",
        actor=actor,
        obj=mark,
        group=group,
        summary=f"{item} {'done' if done else 'open'}",
    )
    return mark


@transaction.atomic
def assess_stage(*, actor: Any, group: Group, done: set[str]) -> StageAssessment:
    """Scores the answers (activities done) and records what they suggest."""
    try:
        result = stages.assess(frozenset(done), group.stage)
    except ValueError as error:
        raise ValidationError({"done": str(error)}) from None
    assessment = StageAssessment.objects.create(
        group=group,
        done_items=sorted(done),
        suggested=result.suggested,
        score=dict(result.score),
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit("cockpit.assess", actor=actor, obj=assessment, group=group, summary=result.suggested)
    return assessment


@transaction.atomic
def change_stage(
    *, actor: Any, group: Group, to_stage: str, reason: str = "", at: Any = None
) -> StageChange:
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Choose a growth stage.")})
    locked = Group.objects.select_for_update().get(pk=group.pk)
    if locked.stage == to_stage:
        raise ValidationError({"to_stage": _("The group is already at this stage.")})
    change = StageChange.objects.create(
        group=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        reason=reason[:500],
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=at or timezone.now(),
    )
    Group.objects.filter(pk=locked.pk).update(stage=to_stage)
    group.stage = to_stage
    audit(
        "cockpit.stage",
        actor=actor,
        obj=change,
        group=group,
        summary=f"{change.from_stage} → {to_stage}",
    )
    return change
