"""The stage page: the seed's checklist with evidence, the assessment, moving the group."""

import pytest

from renkei.cockpit.models import ChecklistMark, StageAssessment, StageChange
from renkei.conftest_helpers import login
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


def test_coordinator_marks_an_item_with_evidence(client, alice, group):
    login(client, alice)

    response = client.post(
        f"/g/{group.slug}/cockpit/stage/mark",
        {"item": "a4", "done": "on", "evidence_url": "https://example.org/minutes-1"},
    )

    assert response.status_code == 302
    mark = ChecklistMark.objects.get(group=group, item="a4")
    assert mark.done and mark.evidence_url == "https://example.org/minutes-1"
    page = client.get(f"/g/{group.slug}/cockpit/stage/").content.decode()
    assert "https://example.org/minutes-1" in page
    assert "４．身の丈にあった目標を設定する" in page


def test_a_bad_evidence_link_saves_nothing(client, alice, group):
    login(client, alice)

    client.post(
        f"/g/{group.slug}/cockpit/stage/mark",
        {"item": "a4", "done": "on", "evidence_url": "not a url"},
    )
    client.post(f"/g/{group.slug}/cockpit/stage/mark", {"item": "zz", "done": "on"})

    assert not ChecklistMark.objects.exists()


def test_moving_the_stage_is_recorded_in_the_history(client, alice, group):
    Group.objects.filter(pk=group.pk).update(stage="building")
    login(client, alice)

    response = client.post(
        f"/g/{group.slug}/cockpit/stage/move",
        {"to_stage": "development", "reason": "計画を公表した"},
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.stage == "development"
    change = StageChange.objects.get(group=group)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        "building",
        "development",
        alice,
    )
    assert "計画を公表した" in client.get(f"/g/{group.slug}/cockpit/stage/").content.decode()


def test_moving_to_the_same_or_an_unknown_stage_is_refused(client, alice, group):
    login(client, alice)

    client.post(f"/g/{group.slug}/cockpit/stage/move", {"to_stage": group.stage})
    client.post(f"/g/{group.slug}/cockpit/stage/move", {"to_stage": "moon"})

    group.refresh_from_db()
    assert group.stage == "formation"
    assert not StageChange.objects.exists()


def test_the_assessment_suggests_the_next_stage_and_lists_what_is_missing(client, alice, group):
    login(client, alice)

    client.post(f"/g/{group.slug}/cockpit/stage/assess", {"done": ["a1", "a2", "a3", "a4"]})

    assessment = StageAssessment.objects.get(group=group)
    assert assessment.suggested == "building"
    assert assessment.score["formation"] == 100
    Group.objects.filter(pk=group.pk).update(stage="building")
    for item in ("a1", "a2", "a3", "a4"):
        client.post(f"/g/{group.slug}/cockpit/stage/mark", {"item": item, "done": "on"})
    page = client.get(f"/g/{group.slug}/cockpit/stage/").content.decode()
    assert "５．プロジェクト開発計画を早期に作る" in page.split('id="missing"')[1].split("</ul>")[0]


def test_supporter_reads_the_stage_but_cannot_change_it(client, carol, group):
    login(client, carol)

    assert client.get(f"/g/{group.slug}/cockpit/stage/").status_code == 200
    assert client.get(f"/g/{group.slug}/cockpit/").status_code == 200
    response = client.post(f"/g/{group.slug}/cockpit/stage/move", {"to_stage": "building"})

    assert response.status_code == 403
    group.refresh_from_db()
    assert group.stage == "formation"


def test_another_groups_coordinator_gets_404(client, dave, group):
    login(client, dave)

    for path in ("", "stage/", "kpis/", "levers/", "risks/", "incorporation/", "supporters/"):
        assert client.get(f"/g/{group.slug}/cockpit/{path}").status_code == 404, path
    assert (
        client.post(f"/g/{group.slug}/cockpit/stage/move", {"to_stage": "building"}).status_code
        == 404
    )


def test_the_cockpit_speaks_japanese_first(client, alice, group):
    from django.utils import translation

    login(client, alice)
    with translation.override("ja"):
        page = client.get(f"/g/{group.slug}/cockpit/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert "事務局への指針" in page and "4つの統制レバー" in page and "引き合い件数" in page
