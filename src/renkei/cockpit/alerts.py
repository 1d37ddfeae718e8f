"""The deviation check of diagnostic control, run every minute by `renkei tick`: a KPI beyond its
tolerance tells the group's coordinators once per KPI per month (notice and mail)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from renkei.cockpit import kpis
from renkei.cockpit.models import KpiAlert, KpiTarget
from renkei.core.audit import audit
from renkei.lib import kpi as lib
from renkei.lib.workclock import TOKYO
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole
from renkei.outbox.followups import follow_up


def judged_month(code: str, current: dt.date) -> dt.date:
    """Rates are judged on the month so far; counts and sums only once their month is over
    (ten inquiries a month cannot be reached on the 1st)."""
    return current if lib.BY_CODE[code].unit == "percent" else lib.add_months(current, -1)


def check_kpis(now: dt.datetime | None = None) -> dict[str, int]:
    """Safe to run as often as one likes: the unique (group, KPI, month) row is the guard."""
    now = now or timezone.now()
    current = lib.month_start(now.astimezone(TOKYO).date())
    alerted = 0
    snapshots = _snapshot_circles(current)
    group_ids = set(KpiTarget.objects.values_list("group_id", flat=True))
    for group in Group.objects.filter(pk__in=group_ids):
        done = set(
            KpiAlert.objects.filter(
                group=group, month__gte=lib.add_months(current, -1)
            ).values_list("kpi", "month")
        )
        goals = {
            t.kpi: t
            for t in KpiTarget.objects.filter(group=group)
            if (t.kpi, judged_month(t.kpi, current)) not in done
        }
        months = {judged_month(code, current) for code in goals}
        for month in sorted(months):
            for reading in kpis.readings(group, month):
                goal = goals.get(reading.code)
                if goal is None or judged_month(reading.code, current) != month:
                    continue
                if reading.status == lib.ALERT and reading.value is not None:
                    alerted += _raise(group, reading, month)
    return {"alerted": alerted, "circle_snapshots": snapshots}


def _snapshot_circles(month: dt.date) -> int:
    """Once a month, each group's circle counts, for the movement over time on the maps."""
    from renkei.cockpit.models import CircleSnapshot
    from renkei.cockpit.services.kpi import snapshot_circles

    done = CircleSnapshot.objects.filter(month=month).values("group_id")
    missing = list(Group.objects.exclude(pk__in=done))
    for group in missing:
        snapshot_circles(group=group, month=month)
    return len(missing)


def _raise(group: Group, reading: kpis.Reading, month: dt.date) -> bool:
    from renkei.cockpit.tasks import mail_kpi_alert
    from renkei.notices.services import notify

    assert reading.value is not None and reading.target is not None
    try:
        with transaction.atomic():
            alert = KpiAlert.objects.create(
                group=group,
                kpi=reading.code,
                month=month,
                value=reading.value,
                target=reading.target,
            )
            coordinators = [
                role.user
                for role in GroupRole.objects.filter(
                    group=group, role=PersonRole.COORDINATOR
                ).select_related("user")
            ]
            notify(
                users=coordinators,
                group=group,
                kind="cockpit.kpi_alert",
                text=f"KPI {reading.label}: {reading.value:g} / 目標 {reading.target:g}",
                link=reverse("cockpit:kpis", args=[group.slug]),
            )
            audit(
                "cockpit.kpi_alert",
                obj=alert,
                group=group,
                summary=f"{reading.code} {reading.value:g} < {reading.target:g}",
            )
            follow_up(mail_kpi_alert, alert.pk)
    except IntegrityError:
        return False  # another tick raised it first
    return True
