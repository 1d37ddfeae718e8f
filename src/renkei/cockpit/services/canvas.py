"""Writes of the business model canvas."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renkei.cockpit.models import Canvas
from renkei.cockpit.models.canvas import BLOCKS
from renkei.core.audit import audit
from renkei.orgs.models import Group

MAX_BLOCK = 2000


@transaction.atomic
def save_canvas(*, actor: Any, group: Group, blocks: dict[str, str]) -> Canvas:
    unknown = set(blocks) - set(BLOCKS)
    if unknown:
        raise ValidationError(_("Unknown canvas block."))
    if any(len(text) > MAX_BLOCK for text in blocks.values()):
        raise ValidationError(_("Each block holds at most 2,000 characters."))
    canvas = Canvas.objects.select_for_update().filter(group=group).first() or Canvas(group=group)
    canvas.blocks = {name: blocks.get(name, "").strip() for name in BLOCKS}
    canvas.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    canvas.save()
    audit("cockpit.canvas", actor=actor, obj=canvas, group=group, summary=group.slug)
    return canvas
