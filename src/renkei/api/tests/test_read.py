"""What the read endpoints answer to visitors and to token holders."""

import datetime as dt

import pytest
from django.utils import timezone

from renkei.capabilities.models import Certification, Process
from renkei.capabilities.services import set_processes
from renkei.orgs.services import create_company, grant_role

pytestmark = pytest.mark.django_db


def _slugs(body):
    return [item["slug"] for item in body["items"]]


def _company_names(body):
    return [item["company"]["name"] for item in body["items"]]


def test_groups_list_public_groups_to_visitors(group, other_group, private_group, get_json):
    status, body = get_json("/api/v1/groups")

    assert status == 200
    assert body["count"] == 2
    assert sorted(_slugs(body)) == ["hokko", "miyako"]


def test_groups_list_adds_the_private_group_a_token_holder_belongs_to(
    group, other_group, private_group, alice, dave, token_for, get_json
):
    grant_role(actor=None, user=alice, group=private_group, role="coordinator")

    _, alices = get_json("/api/v1/groups", token=token_for(alice))
    _, daves = get_json("/api/v1/groups", token=token_for(dave))

    assert sorted(_slugs(alices)) == ["hokko", "miyako", "secret"]
    assert sorted(_slugs(daves)) == ["hokko", "miyako"]


def test_group_detail_counts_the_members_the_caller_can_list(
    group, aoki, sakura, hidden_member, carol, token_for, get_json
):
    _, public = get_json("/api/v1/groups/miyako")
    _, insider = get_json("/api/v1/groups/miyako", token=token_for(carol))

    assert public["slug"] == "miyako"
    assert public["region"] == {"slug": "test-region", "name": "テスト地域"}
    assert public["reply_promise_hours"] == 2.0
    assert public["member_count"] == 2
    assert insider["member_count"] == 3


def test_unknown_group_is_404_json(get_json, group):
    status, body = get_json("/api/v1/groups/nothing-here")

    assert status == 404
    assert body["detail"]


def test_members_hide_unlisted_companies_from_visitors(
    group, aoki, sakura, hidden_member, get_json
):
    status, body = get_json("/api/v1/groups/miyako/members")

    assert status == 200
    assert body["count"] == 2
    assert "非公開工業" not in _company_names(body)
    assert all("internal_note" not in item for item in body["items"])


def test_members_show_everyone_to_the_groups_people(
    group, aoki, sakura, hidden_member, bob, carol, token_for, get_json
):
    for person in (bob, carol):
        _, body = get_json("/api/v1/groups/miyako/members", token=token_for(person))

        assert "非公開工業" in _company_names(body)
        assert body["count"] == 3


def test_members_search_by_buyer_text(group, aoki, sakura, hidden_member, get_json):
    status, body = get_json("/api/v1/groups/miyako/members", q="5軸 A7075")

    assert status == 200
    assert _company_names(body) == ["株式会社青木精工"]
    assert body["count"] == 1


def test_members_are_paginated(group, aoki, sakura, hidden_member, alice, token_for, get_json):
    token = token_for(alice)

    _, first = get_json("/api/v1/groups/miyako/members", token=token, limit=2)
    _, rest = get_json("/api/v1/groups/miyako/members", token=token, limit=2, offset=2)

    assert first["count"] == rest["count"] == 3
    assert len(first["items"]) == 2
    assert len(rest["items"]) == 1
    assert set(_company_names(first)).isdisjoint(_company_names(rest))


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}])
def test_page_size_out_of_range_is_422(group, get_json, params):
    status, body = get_json("/api/v1/groups", **params)

    assert status == 422
    assert set(body["errors"]) == set(params)  # the documented shape: problems by field


def test_companies_list_shows_listed_members_to_visitors(
    group, aoki, sakura, hidden_member, get_json
):
    _, body = get_json("/api/v1/companies")

    assert [c["name"] for c in body["items"]] == ["株式会社青木精工", "さくら鍍金工業"]
    assert body["items"][0]["groups"] == [
        {
            "group": "miyako",
            "group_name": "みやこ試作ネット",
            "circle": "active",
            "office": "member",
        }
    ]


def test_companies_filter_by_group_and_text(group, other_group, aoki, sakura, get_json):
    plater = create_company(actor=None, group=other_group, name="北光めっき")
    set_processes(
        actor=None, company=plater, processes=Process.objects.filter(code="electroplating")
    )

    _, in_miyako = get_json("/api/v1/companies", group="miyako")
    _, plating = get_json("/api/v1/companies", q="めっき")
    _, plating_in_hokko = get_json("/api/v1/companies", q="めっき", group="hokko")
    status, _ = get_json("/api/v1/companies", group="nothing-here")

    assert {c["name"] for c in in_miyako["items"]} == {"株式会社青木精工", "さくら鍍金工業"}
    assert {c["name"] for c in plating["items"]} == {"北光めっき", "さくら鍍金工業"}
    assert [c["name"] for c in plating_in_hokko["items"]] == ["北光めっき"]
    assert status == 404


def test_company_detail_shows_contact_only_to_insiders(group, aoki, bob, token_for, get_json):
    aoki.email = "info@aoki.example"
    aoki.save()

    _, public = get_json(f"/api/v1/companies/{aoki.pk}")
    _, own = get_json(f"/api/v1/companies/{aoki.pk}", token=token_for(bob))

    assert public["name"] == "株式会社青木精工"
    assert public["email"] is None
    assert own["email"] == "info@aoki.example"


def test_unknown_company_is_404_and_bad_id_is_422(group, get_json):
    assert get_json("/api/v1/companies/999999")[0] == 404
    assert get_json("/api/v1/companies/not-a-number")[0] == 422


def test_capabilities_show_expired_certificate_as_not_valid_today(group, aoki, sakura, get_json):
    Certification.objects.filter(company=aoki).update(evidence="certificates/1/secret.pdf")

    _, sakuras = get_json(f"/api/v1/companies/{sakura.pk}/capabilities")
    status, aokis = get_json(f"/api/v1/companies/{aoki.pk}/capabilities")

    [expired] = sakuras["certifications"]
    assert expired["standard"] == "ISO 9001"
    assert expired["status"] == "active"
    assert expired["valid_today"] is False
    assert dt.date.fromisoformat(expired["expires_on"]) < timezone.localdate()
    assert status == 200
    assert aokis["certifications"][0]["valid_today"] is True
    assert "evidence" not in aokis["certifications"][0]
    assert "secret.pdf" not in str(aokis)
    assert {p["code"] for p in aokis["processes"]} == {"five_axis", "machining_center", "turning"}
    assert {m["symbol"] for m in aokis["materials"]} == {"A7075", "A5052", "SUS304"}
    [machine] = aokis["equipment"]
    assert (machine["axes"], machine["x_mm"], machine["tolerance_um"]) == (5, 650, 5.0)


def test_taxonomy_is_public(db, get_json):
    _, processes = get_json("/api/v1/processes", limit=200)
    _, materials = get_json("/api/v1/materials", limit=200)

    assert processes["count"] == len(processes["items"]) > 50
    five_axis = next(p for p in processes["items"] if p["code"] == "five_axis")
    assert five_axis["category"]["code"] == "machining"
    assert five_axis["category"]["sector"]["code"] == "manufacturing"
    retort = next(p for p in processes["items"] if p["code"] == "retort_sterilization")
    assert retort["category"]["sector"] == {
        "code": "food_processing",
        "name_ja": "食品加工",
        "name_en": "Food processing",
    }
    assert "A7075" in {m["symbol"] for m in materials["items"]}
