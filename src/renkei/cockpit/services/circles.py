"""Writes of the people in the circles and of the outsiders' opinions, each audited."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.models import CirclePerson, OutsiderOpinion
from renkei.core.audit import audit
from renkei.orgs.choices import Circle
from renkei.orgs.models import Group, GroupRole

MAX_PEOPLE = 200  # a circle map that stays readable; more is a list, not a map


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def add_person(
    *,
    actor: Any,
    group: Group,
    circle: str,
    user_id: int | None = None,
    name: str = "",
    affiliation: str = "",
    note: str = "",
) -> CirclePerson:
    """Puts a person in a circle: one of the group's accounts, or a person named here."""
    if circle not in Circle.values:
        raise ValidationError({"circle": _("Choose a circle.")})
    name = name.strip()[:100]
    if user_id is None and not name:
        raise ValidationError({"name": _("Give the person's name or choose an account.")})
    user = None
    if user_id is not None:
        grant = GroupRole.objects.filter(group=group, user_id=user_id).select_related("user")
        first = grant.first()
        if first is None:
            raise ValidationError({"user": _("Choose one of the group's people.")})
        user = first.user
    if CirclePerson.objects.filter(group=group).count() >= MAX_PEOPLE:
        raise ValidationError({"name": _("The circles already list as many people as they can.")})
    person = CirclePerson(
        group=group,
        circle=circle,
        user=user,
        name=name,
        affiliation=affiliation.strip()[:200],
        note=note.strip()[:500],
        added_by=_actor(actor),
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError({"user": _("This person is already in a circle.")}) from None
    audit(
        "cockpit.circle_person",
        actor=actor,
        obj=person,
        group=group,
        summary=f"{circle}: {person.display_name}",
    )
    return person


@transaction.atomic
def record_opinion(
    *, actor: Any, person: CirclePerson, text: str, received_on: dt.date | None = None
) -> OutsiderOpinion:
    """Adds an opinion an outsider sent to that outsider's log."""
    if person.circle != Circle.OBSERVER:
        raise ValidationError({"text": _("Opinions are recorded for outsiders only.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the opinion.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep the opinion under 2,000 characters.")})
    received_on = received_on or timezone.localdate()
    # A double submit (the same text for the same day) records one opinion, not two.
    CirclePerson.objects.select_for_update().filter(pk=person.pk).first()
    same = OutsiderOpinion.objects.filter(person=person, text=text, received_on=received_on)
    if (existing := same.first()) is not None:
        return existing
    opinion = OutsiderOpinion.objects.create(
        person=person, text=text, received_on=received_on, recorded_by=_actor(actor)
    )
    audit(
        "cockpit.outsider_opinion",
        actor=actor,
        obj=opinion,
        group=person.group,
        summary=f"{person.display_name}: {text[:40]}",
    )
    return opinion
