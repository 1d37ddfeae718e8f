"""The timeline (Gantt) of a project, drawn server-side as CSS bars: each package from its
planned start to its due date, late ones marked, the critical path highlighted."""

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
        return {"rows": [], "today_left": 0.0, "start": today, "end": today, "critical": []}
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
    return {
        "rows": rows,
        "today_left": round(100 * (today - first).days / total, 2),
        "start": first,
        "end": last,
        "critical": [p for p in packages if p.pk in critical and not p.is_done],
    }
