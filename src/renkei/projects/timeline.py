"""The timeline (Gantt) of a project, drawn server-side as CSS bars: each package from its
planned start to its due date, late ones marked, the critical path highlighted, under a date
scale with today marked."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from renkei.lib.schedule import Step, critical_path, earliest_finish
from renkei.projects.models import Project, WorkPackage


@dataclass
class Row:
    package: WorkPackage
    start: dt.date
    end: dt.date
    left: float  # percent of the window
    width: float
    late: bool
    at_risk: bool  # cannot finish by its due date at the current pace
    critical: bool


@dataclass(frozen=True)
class Tick:
    """A date on the timeline's scale, ``left`` percent from its start."""

    day: dt.date
    left: float
    anchor: str  # text-anchor, so the first and last labels stay inside the track


DAY_STEPS = (1, 2, 3, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12)


def _month_starts(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    index += -index % step
    days = []
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        days.append(day)
        index += step
    return days


def scale_days(first: dt.date, last: dt.date, most: int = 4) -> list[dt.date]:
    """At most ``most`` dates between ``first`` and ``last`` (about 50 px apart on a phone's
    track): every 1, 2, 3, 7 or 14 days from the first, else the first days of months."""
    span = (last - first).days
    for step in DAY_STEPS:
        if span // step + 1 <= most:
            return [first + dt.timedelta(days=k * step) for k in range(span // step + 1)]
    for months in MONTH_STEPS:
        days = _month_starts(first, last, months)
        if len(days) <= most:
            return days or [first]
    return [first]


def _anchor(left: float) -> str:
    return "start" if left < 8 else "end" if left > 92 else "middle"


def remaining_days(package: WorkPackage) -> int:
    return 0 if package.is_done else package.work_days


def timeline(project: Project, packages: list[WorkPackage]) -> dict[str, object]:
    today = timezone.localdate()
    steps = {
        p.pk: Step(p.pk, remaining_days(p), (p.after_id,) if p.after_id else ()) for p in packages
    }
    finish = earliest_finish(steps)
    critical = set(critical_path(steps))
    spans = []
    for p in packages:
        end = p.expected_on if p.delayed and p.expected_on else p.due_on
        end = end or today + dt.timedelta(days=finish[p.pk])
        spans.append((p, end - dt.timedelta(days=max(1, p.work_days)), end))
    if not spans:
        return {
            "rows": [],
            "today_left": 0.0,
            "today_anchor": "start",
            "ticks": [],
            "start": today,
            "end": today,
            "critical": [],
        }
    first = min([s for _p, s, _e in spans] + [today])
    last = max([e for _p, _s, e in spans] + [today])
    total = max(1, (last - first).days + 1)
    rows = []
    for p, start, end in spans:
        late = not p.is_done and p.due_on is not None and (p.due_on < today or p.delayed)
        at_risk = (
            not p.is_done
            and p.due_on is not None
            and today + dt.timedelta(days=finish[p.pk]) > p.due_on
        )
        rows.append(
            Row(
                package=p,
                start=start,
                end=end,
                left=round(100 * (start - first).days / total, 2),
                width=round(max(1.5, 100 * ((end - start).days + 1) / total), 2),
                late=late,
                at_risk=at_risk,
                critical=p.pk in critical and not p.is_done,
            )
        )
    today_left = round(100 * (today - first).days / total, 2)
    ticks = []
    for day in scale_days(first, last):
        left = round(100 * (day - first).days / total, 2)
        ticks.append(Tick(day=day, left=left, anchor=_anchor(left)))
    return {
        "rows": rows,
        "today_left": today_left,
        "today_anchor": _anchor(today_left),
        "ticks": ticks,
        "start": first,
        "end": last,
        "critical": [p for p in packages if p.pk in critical and not p.is_done],
    }
