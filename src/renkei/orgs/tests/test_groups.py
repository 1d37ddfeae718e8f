"""Region page, group page and the coordinator's member management."""

import datetime as dt

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.orgs.models import Company, Membership

pytestmark = pytest.mark.django_db


def test_region_page_lists_public_groups_with_member_counts(client, group, aoki, sakura):
    body = client.get(reverse("home")).content.decode()
    assert "みやこ試作ネット" in body
    assert "2" in body


def test_group_page_shows_members_and_how_to_reach_the_group(client, group, aoki, hidden_member):
    body = client.get(reverse("orgs:group", args=["miyako"])).content.decode()
    assert "株式会社青木精工" in body
    assert "office@miyako.example" in body
    assert "非公開工業" not in body


@pytest.mark.django_db(databases="__all__")
def test_healthz_answers_when_the_databases_do(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_coordinator_adds_a_member_and_it_is_audited(client, group, alice):
    login(client, alice)
    response = client.post(
        reverse("orgs:add_member", args=["miyako"]),
        {
            "name": "有限会社テスト製作所",
            "kana": "てすと",
            "corporate_number": "7000012050002",
            "prefecture": "京都府",
            "circle": "core",
            "role": "secretary",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, company__name="有限会社テスト製作所")
    assert (membership.circle, membership.role) == ("core", "secretary")
    assert AuditEntry.objects.filter(action="membership.create", actor=alice).exists()


def test_bad_corporate_number_names_the_field_and_saves_nothing(client, group, alice):
    login(client, alice)
    response = client.post(
        reverse("orgs:add_member", args=["miyako"]),
        {
            "name": "有限会社テスト製作所",
            "corporate_number": "7000012050003",
            "circle": "core",
            "role": "member",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "法人番号" in body
    assert not Company.objects.filter(name="有限会社テスト製作所").exists()


def test_coordinator_moves_a_member_between_circles_and_records_leaving(client, group, aoki, alice):
    login(client, alice)
    membership = aoki.memberships.get(group=group)
    url = reverse("orgs:edit_membership", args=["miyako", membership.pk])
    response = client.post(
        url,
        {"circle": "core", "role": "leader", "joined_on": "2020-04-01", "listed_publicly": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.circle == "core"
    response = client.post(
        url,
        {
            "circle": "core",
            "role": "leader",
            "joined_on": "2020-04-01",
            "left_on": "2019-01-01",
            "listed_publicly": "on",
        },
    )
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.left_on is None
    client.post(
        url,
        {
            "circle": "core",
            "role": "leader",
            "joined_on": "2020-04-01",
            "left_on": "2026-03-31",
            "listed_publicly": "on",
        },
    )
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2026, 3, 31)
    assert not group.memberships.current().filter(company=aoki).exists()


def test_group_settings_refuse_a_malformed_closure_and_keep_the_old_one(client, group, alice):
    group.closures = [{"name": "お盆", "start": "08-13", "end": "08-16"}]
    group.save()
    login(client, alice)
    url = reverse("orgs:settings", args=["miyako"])
    data = {
        "name": group.name,
        "stage": "building",
        "reply_promise_hours": "2",
        "business_day_start": "08:30",
        "business_day_end": "17:30",
        "business_weekdays": "12345",  # the digits as one value, as an older page posted them
        "closure_name_0": "お盆",
        "closure_start_0": "2026-08-13",
        "closure_end_0": "2026-08-16",
        "closure_name_1": "年末年始",
        "closure_start_1": "2026-12-29",  # no last day
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "休業の最終日を選んでください。" in response.content.decode()
    group.refresh_from_db()
    assert group.closures == [{"name": "お盆", "start": "08-13", "end": "08-16"}]
    data["closure_end_1"] = "2027-01-03"
    assert client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.closures[1] == {"name": "年末年始", "start": "12-29", "end": "01-03"}
    assert group.stage == "building" and group.business_weekdays == "12345"


def test_a_settings_post_without_the_closure_rows_keeps_the_closures(client, group, alice):
    group.closures = [{"name": "お盆", "start": "08-13", "end": "08-16"}]
    group.save()
    login(client, alice)
    data = {
        "name": group.name,
        "stage": "building",
        "reply_promise_hours": "2",
        "business_day_start": "08:30",
        "business_day_end": "17:30",
        "business_weekdays": ["1", "2", "3"],
    }
    assert client.post(reverse("orgs:settings", args=["miyako"]), data).status_code == 302
    group.refresh_from_db()
    assert group.closures == [{"name": "お盆", "start": "08-13", "end": "08-16"}]
    assert group.business_weekdays == "123"
