"""The demo's half year of finished work for one member, so that its scorecard shows figures
(and the coordinator's ranking its reason) rather than "fewer than 10 jobs"."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.orgs.models import Company, Group
from renkei.projects import claims, progress, services
from renkei.projects.models import PackageEvent, Project
from renkei.quality.models import ReceivingCheck
from renkei.quality.services.inspection import CheckInput, record_check

TITLE = "治具プレートの継続加工"
LOTS = 14
LATE_LOT = 3  # shipped two days after its due date
REJECTED_LOT = 6  # one plate out of tolerance at the coordinator's receiving check


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_demo_scorecards(group: Group) -> int:
    """Creates the lots once; returns how many it made (0 when they are there already)."""
    company = Company.objects.filter(name="桂川精工株式会社").first()
    users = get_user_model().objects
    coordinator = users.filter(username="coordinator").first()
    member = users.filter(username="member").first()
    if company is None or coordinator is None or member is None:
        return 0
    if Project.objects.filter(group=group, title=TITLE).exists():
        return 0
    project = services.create_development_project(
        actor=coordinator, group=group, title=TITLE, goal="検査治具用プレートを毎月ロットで納める"
    )
    today = timezone.localdate()
    for lot in range(LOTS):
        due = today - dt.timedelta(days=12 * (lot + 1))
        package = services.add_package(
            actor=coordinator,
            project=project,
            name=f"治具プレート 第{LOTS - lot}ロット",
            due_on=due,
            quantity=20,
        )
        claims.offer_package(actor=coordinator, package=package, company=company)
        package = claims.confirm_claim(actor=member, package=package)
        event, _new = progress.post_event(
            actor=member, package=package, kind="shipped", key=f"demo-scorecard-{lot}"
        )
        shipped = due + dt.timedelta(days=2 if lot == LATE_LOT else -1)
        # History: these lots shipped back then, not while the demo loads.
        PackageEvent.objects.filter(pk=event.pk).update(created_at=_at(shipped, 15))
        if lot == REJECTED_LOT:
            check, _new = record_check(
                actor=coordinator,
                package=package,
                receiving=None,
                data=CheckInput(
                    result="rejected",
                    quantity_received=20,
                    quantity_rejected=1,
                    defect_kind="dimension",
                    disposition="rework",
                    note="穴位置が公差外 (1枚)",
                ),
            )
            ReceivingCheck.objects.filter(pk=check.pk).update(created_at=_at(shipped, 17))
    return LOTS
