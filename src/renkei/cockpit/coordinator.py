"""Reads of the coordinator's checklist and of the group's own indicators, for the pages and
the API alike."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

from renkei.cockpit.models import CoordinatorMark, CustomIndicator, IndicatorReading
from renkei.lib import coordinator
from renkei.lib import kpi as lib
from renkei.orgs.models import Group


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    kind: str
    mark: str
    text: str
    done: bool
    how: str
    marked_at: dt.datetime | None


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    name: str
    unit: str
    target: float | None
    value: float | None  # this month's reading
    status: str
    readings: list[tuple[dt.date, float]]  # the latest first

    @property
    def value_text(self) -> str:
        return figure(self.value)

    @property
    def target_text(self) -> str:
        return figure(self.target)

    @property
    def reading_texts(self) -> list[tuple[dt.date, str]]:
        return [(month, figure(value)) for month, value in self.readings]


def figure(value: float | None) -> str:
    """A reading as entered (130.5, not 130.50), with thousands separators; "—" for none."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)).normalize():,f}"


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


def checklist(group: Group) -> list[ChecklistEntry]:
    """Every role and task in the seed's order, with the group's tick and note."""
    marks = {m.item: m for m in CoordinatorMark.objects.filter(group=group)}
    english = _english()
    entries = []
    for item in coordinator.ITEMS:
        mark = marks.get(item.code)
        entries.append(
            ChecklistEntry(
                code=item.code,
                kind=item.kind,
                mark=item.mark,
                text=coordinator.text_in(item, english),
                done=bool(mark and mark.done),
                how=mark.how if mark else "",
                marked_at=mark.marked_at if mark else None,
            )
        )
    return entries


def indicators(group: Group, month: dt.date, history: int = 12) -> list[IndicatorRow]:
    """The group's own indicators with this month's reading and the last ``history`` ones."""
    month = lib.month_start(month)
    own = list(CustomIndicator.objects.filter(group=group))
    found: dict[int, list[tuple[dt.date, float]]] = {i.pk: [] for i in own}
    for indicator_id, day, amount in IndicatorReading.objects.filter(
        indicator__group=group, month__lte=month
    ).values_list("indicator_id", "month", "value"):
        found[indicator_id].append((day, float(amount)))
    rows = []
    for indicator in own:
        readings = sorted(found[indicator.pk], reverse=True)[:history]
        value = readings[0][1] if readings and readings[0][0] == month else None
        target = float(indicator.target) if indicator.target is not None else None
        rows.append(
            IndicatorRow(
                id=indicator.pk,
                name=indicator.name,
                unit=indicator.unit,
                target=target,
                value=value,
                status=lib.status(value, target, 0.0),
                readings=readings,
            )
        )
    return rows
