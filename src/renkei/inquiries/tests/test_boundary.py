"""Boundary screening: rules the coordinator sets, a verdict with reasons, a courteous decline."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import BoundaryRule, Inquiry
from renkei.inquiries.services import submit_inquiry

pytestmark = pytest.mark.django_db

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "部品",
    "description": "図面の通り",
}


def send(group, **extra):
    header = HEADER | {k: v for k, v in extra.items() if k != "line"}
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=header,
        lines=[{"part_name": "部品", **extra.get("line", {})}],
    )
    return inquiry


@pytest.fixture
def rules(group):
    for kind, value, note in [
        ("max_quantity", "100", "試作専門"),
        ("min_lead_days", "7", ""),
        ("excluded_word", "武器", "会員規約 第3条"),
        ("excluded_process", "射出成形", ""),
        ("no_nda", "", ""),
    ]:
        BoundaryRule.objects.create(group=group, kind=kind, value=value, note=note)


def test_an_inquiry_within_bounds_passes_every_rule(group, rules):
    inquiry = send(group, desired_delivery=timezone.localdate() + dt.timedelta(days=30))
    assert len(inquiry.screening) == 5
    assert all(v["ok"] for v in inquiry.screening)


def test_each_rule_says_why_it_failed(group, rules):
    inquiry = send(
        group,
        description="ブキ…いえ、武器の部品です",
        nda_required=True,
        desired_delivery=timezone.localdate() + dt.timedelta(days=2),
        line={"quantity": 5000, "process_text": "射出成形"},
    )
    reasons = [v["reason"] for v in inquiry.screening if not v["ok"]]
    assert len(reasons) == 5
    assert "quantity 5000, we take up to 100 (試作専門)" in reasons
    assert any("武器" in r and "会員規約" in r for r in reasons)


def test_the_coordinator_sees_the_verdict_and_declines_courteously(client, group, alice, rules):
    inquiry = send(group, line={"quantity": 5000})
    login(client, alice)
    page = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "Outside what we take" in page and "quantity 5000" in page
    body = "誠に恐縮ながら、お引き受けいたしかねます。"
    client.post(reverse("inquiries:decline", args=["miyako", inquiry.pk]), {"body": body})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.DECLINED
    assert inquiry.first_reply_at is not None
    assert body in client.get(inquiry.get_tracking_url()).content.decode()


def test_rules_are_edited_by_the_coordinator_only(client, group, alice, bob, dave):
    url = reverse("inquiries:boundary", args=["miyako"])
    login(client, alice)
    bad = client.post(url, {"kind": "max_quantity", "value": "たくさん"})
    assert bad.status_code == 400 and "whole number" in bad.content.decode()
    client.post(url, {"kind": "max_quantity", "value": "100"})
    rule = BoundaryRule.objects.get()
    for user in (bob, dave):
        login(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"delete": rule.pk}).status_code == 404
    login(client, alice)
    client.post(reverse("inquiries:boundary_delete", args=["miyako", rule.pk]))
    assert not BoundaryRule.objects.exists()
    assert Inquiry.objects.count() == 0
