"""The risk register and the incorporation advisor."""

import datetime as dt

import pytest
from django.utils import timezone

from renkei.cockpit.models import Risk
from renkei.cockpit.services.risks import add_risk
from renkei.conftest_helpers import login
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


def test_overdue_reviews_are_flagged(client, alice, group):
    today = timezone.localdate()
    add_risk(
        actor=alice,
        group=group,
        category="ip",
        title="図面の持ち出し",
        likelihood=3,
        impact=5,
        review_on=today - dt.timedelta(days=1),
    )
    add_risk(
        actor=alice,
        group=group,
        category="quality",
        title="品質基準の差",
        likelihood=2,
        impact=3,
        review_on=today + dt.timedelta(days=30),
    )
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/risks/").content.decode()

    assert page.count('class="overdue"') == 1 and "3×5=15" in page
    # the four categories not yet used are offered as prompts
    assert "目的やビジョンの共有" in page.split('id="prompts"')[1]
    assert "1 risk review overdue" in client.get(f"/g/{group.slug}/cockpit/").content.decode()


def test_a_bad_risk_is_refused_and_supporters_cannot_add(client, alice, carol, group):
    login(client, alice)
    response = client.post(
        f"/g/{group.slug}/cockpit/risks/",
        {
            "category": "ip",
            "title": "x",
            "likelihood": "9",
            "impact": "1",
            "review_on": "2026-12-01",
        },
    )
    assert response.status_code == 400
    login(client, carol)
    response = client.post(
        f"/g/{group.slug}/cockpit/risks/",
        {
            "category": "ip",
            "title": "x",
            "likelihood": "2",
            "impact": "1",
            "review_on": "2026-12-01",
        },
    )
    assert response.status_code == 403
    assert not Risk.objects.exists()


def test_the_advisor_checks_stage_and_eligibility(client, alice, group, aoki, sakura):
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/incorporation/").content.decode()
    assert "too early" in page
    assert "社員2人以上 (2/2)" in page  # 一般社団法人 possible with two members
    assert "社員10人以上（常時）であること (2/10)" in page
    assert "⑦事業収益" in page and "⑤ 大学・研究機関" in page

    Group.objects.filter(pk=group.pk).update(stage="product")
    assert (
        "may consider incorporating"
        in client.get(f"/g/{group.slug}/cockpit/incorporation/").content.decode()
    )


def test_the_legal_forms_page_is_public(client):
    page = client.get("/incorporation/legal-forms/").content.decode()
    assert "図表 3-2" in page and "従事分量配当及び2割までの出資配当" in page


def test_a_review_moves_the_date_and_clears_the_flag(client, alice, group):
    today = timezone.localdate()
    risk = add_risk(
        actor=alice,
        group=group,
        category="vision",
        title="目標がばらばら",
        likelihood=2,
        impact=4,
        review_on=today - dt.timedelta(days=5),
    )
    login(client, alice)

    client.post(
        f"/g/{group.slug}/cockpit/risks/",
        {"review": risk.pk, "review_on": (today + dt.timedelta(days=90)).isoformat()},
    )
    client.post(f"/g/{group.slug}/cockpit/risks/", {"review": risk.pk, "review_on": "not a date"})

    risk.refresh_from_db()
    assert risk.review_on == today + dt.timedelta(days=90)
    assert 'class="overdue"' not in client.get(f"/g/{group.slug}/cockpit/risks/").content.decode()


def test_coordinator_records_the_plan_and_founders_drive_eligibility(
    client, alice, carol, group, aoki, sakura
):
    login(client, alice)
    client.post(
        f"/g/{group.slug}/cockpit/incorporation/",
        {
            "purposes": ["legal_party", "funding"],
            "criteria": ["c1", "c5"],
            "stakeholders": ["banks"],
            "founders": "4",
            "notes": "幹事会で継続審議",
        },
    )

    from renkei.cockpit.models import IncorporationPlan

    plan = IncorporationPlan.objects.get(group=group)
    assert plan.purposes == ["funding", "legal_party"] and plan.founders == 4
    page = client.get(f"/g/{group.slug}/cockpit/incorporation/?print=1").content.decode()
    assert "４名以上の組合員による発起が必要 (4/4)" in page  # 企業組合 now possible
    assert "幹事会で継続審議" in page and "<textarea" not in page

    client.post(
        f"/g/{group.slug}/cockpit/incorporation/", {"purposes": ["nonsense"], "founders": "2"}
    )
    client.post(f"/g/{group.slug}/cockpit/incorporation/", {"founders": "many"})
    assert IncorporationPlan.objects.get(group=group).founders == 4
    login(client, carol)
    assert (
        client.post(f"/g/{group.slug}/cockpit/incorporation/", {"founders": "9"}).status_code == 403
    )
