"""KPIs read from the projects and knowledge apps move as members claim, deliver and write."""

import pytest
from django.utils import timezone

from renkei.cockpit import kpis
from renkei.knowledge.services import Draft, create_article
from renkei.projects import claims, progress, services
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import make_order

pytestmark = pytest.mark.django_db


def values(group):
    readings = {r.code: r for r in kpis.readings(group)}
    assert readings["on_time"].available and readings["knowledge"].available
    return {code: r.value for code, r in readings.items()}


@pytest.fixture
def packages(group, alice):
    project, _ = services.start_order_project(actor=alice, order=make_order(group, alice))
    services.publish_packages(actor=alice, project=project)
    return list(WorkPackage.objects.filter(project=project).order_by("pk"))


def test_claiming_a_package_counts_as_participation(group, alice, bob, aoki, sakura, packages):
    assert values(group)["participation"] == 0.0

    claims.claim_package(actor=bob, package=packages[0], company=aoki)

    assert values(group)["participation"] == 50.0


def test_on_time_delivery_follows_due_dates_and_finished_steps(
    group, alice, bob, aoki, sakura, packages
):
    today = timezone.localdate()
    first, second = packages[0], packages[1]
    WorkPackage.objects.filter(pk__in=[p.pk for p in packages]).update(due_on=None)
    WorkPackage.objects.filter(pk=first.pk).update(due_on=today)
    assert values(group)["on_time"] is None  # nothing finished or overdue yet

    claims.claim_package(actor=bob, package=first, company=aoki)
    progress.post_event(actor=bob, package=first, kind="started")
    progress.post_event(actor=bob, package=first, kind="step_done")
    assert values(group)["on_time"] == 100.0

    if today.day > 1:  # a package due earlier this month and not finished is late
        WorkPackage.objects.filter(pk=second.pk).update(due_on=today.replace(day=1))
        assert values(group)["on_time"] == 50.0


def test_knowledge_contributions_count_articles_written_this_month(group, alice, bob):
    assert values(group)["knowledge"] == 0.0

    create_article(
        actor=bob,
        group=group,
        kind="manual",
        draft=Draft(title="A7075の5軸加工の段取り", body="手順"),
    )
    create_article(
        actor=alice, group=group, kind="manual", draft=Draft(title="めっき前処理", body="手順")
    )

    assert values(group)["knowledge"] == 2.0
