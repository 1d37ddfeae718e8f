"""Inquiries by API: coordinators read their group's, members read and answer those passed to
their companies, nobody else sees any."""

import json
import uuid

import pytest

from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Answer
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import stage_drawing, submit_inquiry
from renkei.inquiries.tests.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "シャフト試作",
    "description": "図面の通り",
    "budget": "50万円",
}


def send(group, title="シャフト試作", drawing=False):
    key = uuid.uuid4()
    if drawing:
        stage_drawing(group=group, key=key, upload=upload("shaft.pdf", pdf_bytes()))
    inquiry, _ = submit_inquiry(
        group=group,
        key=key,
        header=HEADER | {"title": title},
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削"}],
    )
    return inquiry


@pytest.fixture
def passed(group, aoki, sakura):
    """One inquiry passed to aoki, one to sakura only, one to nobody yet."""
    to_aoki = send(group, "青木さんへ", drawing=True)
    refer(actor=None, inquiry=to_aoki, companies=[aoki, sakura], reasons={aoki.pk: "旋削 ✓"})
    to_sakura = send(group, "さくらさんへ")
    refer(actor=None, inquiry=to_sakura, companies=[sakura], reasons={})
    send(group, "新着")
    return to_aoki, to_sakura


@pytest.fixture
def put_json(client):
    def put(url, body, token):
        response = client.put(
            url,
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.status_code, json.loads(response.content)

    return put


def test_coordinator_lists_every_inquiry_and_filters_by_status(alice, passed, token_for, get_json):
    token = token_for(alice)

    status, body = get_json("/api/v1/groups/miyako/inquiries", token=token)
    assert status == 200 and body["count"] == 3
    assert [i["title"] for i in body["items"]] == ["新着", "さくらさんへ", "青木さんへ"]
    _, new = get_json("/api/v1/groups/miyako/inquiries", token=token, status="new")
    assert [i["title"] for i in new["items"]] == ["新着"]

    status, bad = get_json("/api/v1/groups/miyako/inquiries", token=token, status="open")
    assert status == 400 and "status" in bad["errors"]


def test_member_sees_only_inquiries_passed_to_their_company(bob, passed, token_for, get_json):
    to_aoki, to_sakura = passed
    token = token_for(bob)

    _, body = get_json("/api/v1/groups/miyako/inquiries", token=token)
    assert [i["id"] for i in body["items"]] == [to_aoki.pk]
    assert get_json(f"/api/v1/groups/miyako/inquiries/{to_sakura.pk}", token=token)[0] == 404

    status, detail = get_json(f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}", token=token)
    assert status == 200
    assert [r["company"]["name"] for r in detail["referrals"]] == ["株式会社青木精工"]
    assert detail["referrals"][0]["reasons"] == "旋削 ✓"
    assert detail["customer"] is None
    assert "taro@rocket.example" not in json.dumps(detail) and "50万円" not in json.dumps(detail)
    assert detail["drawings"] == ["shaft.pdf"] and not detail["drawings_withheld"]
    assert detail["lines"][0]["steps"] == ["旋削"]


def test_coordinator_reads_customer_and_every_answer_but_no_drawing_bytes(
    alice, bob, aoki, passed, token_for, get_json, put_json
):
    to_aoki, _ = passed
    url = f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}"
    put_json(f"{url}/answer", {"kind": "can", "price_yen": 48000, "lead_days": 7}, token_for(bob))

    status, detail = get_json(url, token=token_for(alice))

    assert status == 200
    assert detail["reference"] == to_aoki.reference and detail["status"] == "answered"
    assert detail["customer"]["email"] == "taro@rocket.example"
    answers = {r["company"]["name"]: r["answer"] for r in detail["referrals"]}
    assert answers["さくら鍍金工業"] is None
    assert answers["株式会社青木精工"]["price_yen"] == 48000
    assert detail["drawings"] == ["shaft.pdf"]
    assert "%PDF" not in json.dumps(detail)


def test_another_groups_coordinator_supporters_and_visitors_get_404(
    dave, carol, passed, token_for, get_json
):
    to_aoki, _ = passed
    for token in (token_for(dave), token_for(carol), None):
        for url in (
            "/api/v1/groups/miyako/inquiries",
            f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}",
        ):
            status, body = get_json(url, token=token)
            assert status == 404, (url, token)
            assert set(body) == {"detail", "errors"} and not body["errors"]
    assert get_json(f"/api/v1/groups/hokko/inquiries/{to_aoki.pk}", token=token_for(dave))[0] == (
        404
    )


def test_member_answers_and_revises_through_the_api(bob, aoki, passed, token_for, put_json):
    to_aoki, _ = passed
    url = f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}/answer"
    token = token_for(bob)

    status, body = put_json(url, {"kind": "question", "notes": "材質証明は必要ですか"}, token)
    assert status == 200 and body["kind"] == "question"
    status, body = put_json(
        url,
        {"kind": "can", "price_yen": "48000", "lead_days": 7, "valid_until": "2030-01-31"},
        token,
    )
    assert status == 200 and body["price_yen"] == 48000 and body["valid_until"] == "2030-01-31"

    answer = Answer.objects.get()
    assert answer.answered_by == bob and answer.referral.company == aoki
    to_aoki.refresh_from_db()
    assert to_aoki.status == InquiryStatus.ANSWERED


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "can"}, "price_yen"),
        ({"kind": "can", "price_yen": 1000}, "lead_days"),
        ({"kind": "can", "price_yen": -5, "lead_days": 3}, "price_yen"),
        ({"kind": "can", "price_yen": 1000, "lead_days": 0}, "lead_days"),
        ({"kind": "can", "price_yen": "abc", "lead_days": 3}, "price_yen"),
        ({"kind": "cannot"}, "notes"),
        ({"kind": "maybe", "notes": "?"}, "kind"),
        (
            {"kind": "can", "price_yen": 1, "lead_days": 1, "valid_until": "2030-13-01"},
            "valid_until",
        ),
    ],
)
def test_a_bad_answer_is_400_with_field_errors_and_keeps_the_saved_one(
    bob, passed, token_for, put_json, body, field
):
    to_aoki, _ = passed
    url = f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}/answer"
    token = token_for(bob)
    put_json(url, {"kind": "question", "notes": "納期は?"}, token)

    status, answer = put_json(url, body, token)

    assert status == 400, answer
    assert field in answer["errors"]
    kept = Answer.objects.get()
    assert kept.kind == "question" and kept.notes == "納期は?"


def test_only_the_referred_companys_people_can_answer(
    alice, bob, dave, passed, token_for, put_json
):
    to_aoki, to_sakura = passed
    body = {"kind": "cannot", "notes": "設備がありません"}

    assert (
        put_json(f"/api/v1/groups/miyako/inquiries/{to_sakura.pk}/answer", body, token_for(bob))[0]
        == 404
    )
    for user in (alice, dave):
        url = f"/api/v1/groups/miyako/inquiries/{to_aoki.pk}/answer"
        assert put_json(url, body, token_for(user))[0] == 404
    assert not Answer.objects.exists()


def test_the_list_and_one_inquiry_cost_the_same_queries_for_more_rows(
    group, alice, aoki, sakura, token_for, get_json
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = token_for(alice)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert get_json(url, token=token)[0] == 200
        return len(captured)

    first = send(group)
    refer(actor=None, inquiry=first, companies=[aoki], reasons={})
    get_json("/api/v1/groups/miyako/inquiries", token=token)  # stamps the token's first use
    few = (
        queries("/api/v1/groups/miyako/inquiries"),
        queries(f"/api/v1/groups/miyako/inquiries/{first.pk}"),
    )
    for _ in range(5):
        send(group)
    refer(actor=None, inquiry=first, companies=[sakura], reasons={})
    many = (
        queries("/api/v1/groups/miyako/inquiries"),
        queries(f"/api/v1/groups/miyako/inquiries/{first.pk}"),
    )

    assert few == many
