"""Passing an inquiry on by API follows the same rule as the web page (inquiries.deciders): the
coordinator, and the lead company in its field when the group routes by lead company; a plain
member's people 403 (or 404 when they do not see the inquiry); another group's people 404. The
inquiry's catalogue source is in what the API reads."""

import json
import uuid

import pytest

from renkei.capabilities.models import ProcessCategory
from renkei.inquiries.models import LeadCompany, Referral
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import JobDecision
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "めっき試作",
    "description": "図面の通り",
}


def send(group, process_text="電気めっき", source=""):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=HEADER,
        lines=[{"part_name": "部品", "process_text": process_text}],
        source=source,
    )
    return inquiry


@pytest.fixture
def post_json(client):
    def post(url, body, token):
        response = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        return response.status_code, json.loads(response.content)

    return post


def url(inquiry, slug="miyako"):
    return f"/api/v1/groups/{slug}/inquiries/{inquiry.pk}/referrals"


def test_the_coordinator_passes_an_inquiry_on_by_api(alice, aoki, group, token_for, post_json):
    inquiry = send(group)
    status, body = post_json(url(inquiry), {"company_ids": [aoki.pk]}, token_for(alice))
    assert status == 200
    assert [r["company"]["name"] for r in body] == ["株式会社青木精工"]
    assert Referral.objects.filter(inquiry=inquiry, company=aoki).exists()
    status, body = post_json(url(inquiry), {"company_ids": [aoki.pk]}, token_for(alice))
    assert status == 200 and body == []  # once only


def test_a_plain_member_gets_403_or_404_by_api(
    bob, hana, aoki, sakura, group, token_for, post_json
):
    inquiry = send(group)
    refer(actor=None, inquiry=inquiry, companies=[aoki], reasons={})
    status, _ = post_json(url(inquiry), {"company_ids": [sakura.pk]}, token_for(bob))
    assert status == 403  # bob sees it, but may not pass it on
    unseen = send(group)
    status, _ = post_json(url(unseen), {"company_ids": [sakura.pk]}, token_for(bob))
    assert status == 404
    assert not Referral.objects.filter(company=sakura).exists()


def test_the_lead_company_passes_on_in_its_field_by_api(
    hana, aoki, sakura, group, token_for, post_json
):
    Group.objects.filter(pk=group.pk).update(job_decision=JobDecision.LEAD_COMPANY)
    LeadCompany.objects.create(
        group=group, category=ProcessCategory.objects.get(code="surface_treatment"), company=sakura
    )
    token = token_for(hana)
    plating, turning = send(group), send(group, "旋削")
    status, _ = post_json(url(plating), {"company_ids": [aoki.pk, sakura.pk]}, token)
    assert status == 200
    assert Referral.objects.filter(inquiry=plating).count() == 2
    status, _ = post_json(url(turning), {"company_ids": [aoki.pk]}, token)
    assert status == 404  # not its field, and not passed to it: it does not see it
    status, body = post_json(url(plating), {"company_ids": [999999]}, token)
    assert status == 400 and "company_ids" in body["errors"]


def test_another_groups_coordinator_gets_404_by_api(dave, aoki, group, token_for, post_json):
    inquiry = send(group)
    status, _ = post_json(url(inquiry), {"company_ids": [aoki.pk]}, token_for(dave))
    assert status == 404
    status, _ = post_json(url(inquiry, "hokko"), {"company_ids": [aoki.pk]}, token_for(dave))
    assert status == 404
    assert not Referral.objects.exists()


def test_the_api_shows_the_inquirys_catalogue_source(alice, group, token_for, get_json):
    inquiry = send(group, source="mfair-2026")
    status, body = get_json(f"/api/v1/groups/miyako/inquiries/{inquiry.pk}", token=token_for(alice))
    assert inquiry.source == "mfair-2026"
    assert status == 200 and body["source"] == "mfair-2026"
    status, body = get_json("/api/v1/groups/miyako/inquiries", token=token_for(alice))
    assert body["items"][0]["source"] == "mfair-2026"
